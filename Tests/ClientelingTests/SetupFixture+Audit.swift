import StoreTestSupport
import Vault
import XCTest

/// The set-up audit chain of a fixture, as `piivault audit` reads it.
extension SetupFixture {
    func setupChain() throws -> AuditFiles.Chain {
        try XCTUnwrap(try AuditFiles.chains(dataDirectory: dataDirectory, engine: TestStores.engine(for: dataDirectory))
            .first { $0.name == "setup" })
    }

    /// The newest `last` records of the set-up chain (`tenant` nil: every tenant's, maintenance's too).
    func setupRecords(tenant: String? = "acme", last: Int = 100) throws -> [AuditRecord] {
        try AuditFiles.records(try setupChain(), keysDirectory: keysDirectory, tenant: tenant.flatMap(Tenant.init), last: last)
    }

    func auditCount() throws -> Int64 {
        guard case .intact(let records) = try AuditFiles.verify(try setupChain(), keysDirectory: keysDirectory) else {
            XCTFail("the setup chain is broken")
            return -1
        }
        return records
    }
}
