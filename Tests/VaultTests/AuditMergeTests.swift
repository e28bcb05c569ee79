import XCTest
@testable import Vault

/// Merging chains for a listing: each chain stays in its own order whatever its times say.
final class AuditMergeTests: XCTestCase {
    private func chain(_ name: String, _ times: [Int64]) -> [AuditRecord] {
        // Given oldest first; a chain's records are listed newest first (seq descending).
        times.enumerated().map { index, at in
            var record = AuditRecord(at: at, requestID: "\(name)\(index + 1)", tenant: "t", keyID: "k", operation: "op",
                                     records: [], outcome: "ok")
            record.seq = Int64(index + 1)
            record.chain = name
            return record
        }.reversed()
    }

    func testAChainWhoseClockSteppedBackKeepsItsOrder() {
        // EU's clock stepped back between its records 2 and 3.
        let eu = chain("EU", [100, 500, 200, 300])
        let control = chain("control", [50, 250])
        let merged = AuditRecord.mergedNewestFirst([eu, control]).map(\.requestID)
        // By time alone EU2 (500) would come first, above two later EU records.
        XCTAssertEqual(merged, ["EU4", "control2", "EU3", "EU2", "EU1", "control1"])
    }

    func testTiesGoByChainNameAndEmptyChainsAreFine() {
        let merged = AuditRecord.mergedNewestFirst([chain("EU", [10, 20]), [], chain("US", [20])]).map(\.requestID)
        XCTAssertEqual(merged, ["US1", "EU2", "EU1"])
        XCTAssertEqual(AuditRecord.mergedNewestFirst([]), [])
    }
}
