import Foundation
import HTTPTestSupport
import StoreTestSupport
import Vault
import VaultStore

/// Shorthands for the profile and address endpoints.
extension APIFixture {
    static let profiles = "/v1/d/pii/profiles"

    func createProfile(_ fields: [String: Any], tenant: String = "acme", region: String? = nil,
                       key: String? = nil) throws -> TestResponse {
        try post(Self.profiles, json(fields), tenant: tenant, region: region, key: key)
    }

    /// Creates a profile and returns its JSON, failing the test on anything but 201.
    func newProfile(_ email: String, _ extra: [String: Any] = [:], region: String? = nil,
                    file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let response = try createProfile(extra.merging(["email": email]) { a, _ in a }, region: region)
        guard response.status == 201 else {
            throw ProfileTestError.unexpected(response.status, response.text)
        }
        return response.json
    }

    func get(_ path: String, tenant: String = "acme", key: String? = nil) throws -> TestResponse {
        try send("GET", path, tenant: tenant, key: key)
    }

    func patch(_ path: String, _ fields: [String: Any], tenant: String = "acme") throws -> TestResponse {
        try send("PATCH", path, json(fields), tenant: tenant)
    }

    func search(_ query: String, tenant: String = "acme") throws -> TestResponse {
        try get(Self.profiles + "?" + query, tenant: tenant)
    }

    /// The e-mails of a list answer, in order.
    func emails(_ response: TestResponse) -> [String] {
        (response.json["profiles"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
    }
}

enum ProfileTestError: Error {
    case unexpected(Int, String)
}

extension String {
    var urlQueryEscaped: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self }
}


extension APIFixture {
    /// A look at a region's store (its file or its PostgreSQL database), as an attacker holding it would have.
    func openRegionDatabase(_ region: Region) throws -> StoreInspector {
        try StoreInspector(.region(region), dataDirectory: dataDirectory)
    }
}
