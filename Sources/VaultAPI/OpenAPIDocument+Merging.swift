import HTTPServer
import JSONCore

extension OpenAPIDocument {
    /// The document with the vault's operations and other modules' parts added (their `paths` and each
    /// section of `components`), as served at `GET /openapi.json`. A part naming a path or component the
    /// document has already is a programming error.
    static func merged(with parts: [JSONValue]) -> [UInt8] {
        guard var document = OpenAPI.json(json).objectMembers else { preconditionFailure("OpenAPIDocument.json is not an object") }
        let vault = OpenAPI.object([("paths", OpenAPI.object(OpenAPI.piiVaultPaths)), ("components", OpenAPI.piiVaultComponents)])
        for part in [vault] + parts {
            document = add(part["paths"]?.objectMembers ?? [], under: ["paths"], to: document)
            for section in part["components"]?.objectMembers ?? [] {
                document = add(section.value.objectMembers ?? [], under: ["components", section.key], to: document)
            }
        }
        return JSONValue.object(document).serialized
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
