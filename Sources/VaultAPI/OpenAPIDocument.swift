import HTTPServer
import JSONCore

/// The OpenAPI 3.1 description of the service's HTTP API, served at `GET /openapi.json` and checked against the
/// running service by `scripts/contract` (schemathesis). Assembled from, in this order:
/// - `OpenAPIDocument.json` beside this file, compiled in: the document's frame and the vault's answer schemas and
///   `Residency-Region` header, kept by hand as JSON next to the code they describe (a field added there belongs
///   here too); `OpenAPIDocumentTests` parses it, so a broken file fails the tests, not a start;
/// - `OpenAPI.sharedComponents` (HTTPServer): the problem body, the `E<status>` responses, the bearer scheme and
///   the `Tenant` and `X-Request-Id` headers every route module refers to;
/// - the vault's operations (`OpenAPI+PIIVault.swift`) and request schemas and id parameters, which must state
///   every rule the server enforces, built from the same limits (`OpenAPI+PIIVaultSchemas.swift`);
/// - the other route modules' parts (their `paths` and each section of `components`).
enum OpenAPIDocument {
    /// The document as served. A part naming a path or component the document has already is a programming error.
    static func merged(with parts: [JSONValue]) -> [UInt8] {
        // The file's frame opens the document; its components follow the shared ones (each section lists those first).
        let file = vaultFile
        var document = file.filter { $0.key != "components" }
        let vaultComponents = JSONValue.object(file.filter { $0.key == "components" })
        let vaultOperations = OpenAPI.object([("paths", OpenAPI.object(OpenAPI.piiVaultPaths + OpenAPI.customerV2Paths)),
                                              ("components", OpenAPI.piiVaultComponents)])
        for part in [OpenAPI.sharedComponents, vaultComponents, vaultOperations] + parts {
            if let paths = part["paths"]?.objectMembers { document = add(paths, under: ["paths"], to: document) }
            for section in part["components"]?.objectMembers ?? [] {
                document = add(section.value.objectMembers ?? [], under: ["components", section.key], to: document)
            }
        }
        return JSONValue.object(document).serialized
    }

    /// `OpenAPIDocument.json`'s members.
    private static var vaultFile: [JSONMember] {
        guard let members = (try? JSONParser.parse(PackageResources.OpenAPIDocument_json))?.objectMembers else {
            preconditionFailure("OpenAPIDocument.json is not a JSON object")
        }
        return members
    }

    private static func add(_ members: [JSONMember], under path: [String], to object: [JSONMember]) -> [JSONMember] {
        var object = object
        guard let key = path.first else {
            for member in members {
                precondition(!object.contains { $0.key == member.key }, "OpenAPI part repeats \(member.key)")
                object.append(member)
            }
            return object
        }
        let index = object.firstIndex { $0.key == key }
        let inner = index.flatMap { object[$0].value.objectMembers } ?? []
        let updated = JSONMember(key, .object(add(members, under: Array(path.dropFirst()), to: inner)))
        if let index { object[index] = updated } else { object.append(updated) }
        return object
    }
}
