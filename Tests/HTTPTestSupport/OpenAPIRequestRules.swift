import Foundation

/// Reads an OpenAPI document (as `JSONSerialization` gives it) for the strings a client may send: every
/// string of a JSON request body (through `$ref`s, `oneOf`, array items and additional properties) and every
/// string parameter. The tests use it to hold the document to stating a rule for each.
public enum OpenAPIRequestRules {
    public struct Field {
        /// `METHOD /path field.path`, for messages.
        public let name: String
        public let schema: [String: Any]
    }

    /// Strings that state nothing the server checks: no `pattern`, `enum` or `format`.
    public static func unruledStrings(in document: [String: Any], under prefix: String) -> [String] {
        strings(in: document, under: prefix).filter { field in
            field.schema["pattern"] == nil && field.schema["enum"] == nil && field.schema["format"] == nil
        }.map(\.name)
    }

    public static func strings(in document: [String: Any], under prefix: String) -> [Field] {
        var out: [Field] = []
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        for (path, item) in paths where path.hasPrefix(prefix) {
            let shared = item["parameters"] as? [[String: Any]] ?? []
            for (method, value) in item where method != "parameters" {
                guard let operation = value as? [String: Any] else { continue }
                let name = method.uppercased() + " " + path
                for parameter in shared + (operation["parameters"] as? [[String: Any]] ?? []) {
                    let resolved = resolve(parameter, document)
                    collect(resolved["schema"], name + " " + (resolved["name"] as? String ?? "?"), document, &out)
                }
                let body = resolve(operation["requestBody"] as? [String: Any] ?? [:], document)
                let json = (body["content"] as? [String: Any])?["application/json"] as? [String: Any]
                collect(json?["schema"], name + " body", document, &out)
            }
        }
        return out
    }

    private static func collect(_ value: Any?, _ name: String, _ document: [String: Any], _ out: inout [Field], depth: Int = 0) {
        guard depth < 8, let raw = value as? [String: Any] else { return }
        let schema = resolve(raw, document)
        let types = (schema["type"] as? [String]) ?? [schema["type"] as? String].compactMap { $0 }
        if types.contains("string") { out.append(Field(name: name, schema: schema)) }
        for (key, property) in schema["properties"] as? [String: Any] ?? [:] {
            collect(property, name + "." + key, document, &out, depth: depth + 1)
        }
        for choice in (schema["oneOf"] as? [Any] ?? []) + (schema["anyOf"] as? [Any] ?? []) {
            collect(choice, name, document, &out, depth: depth + 1)
        }
        collect(schema["items"], name + "[]", document, &out, depth: depth + 1)
        collect(schema["additionalProperties"], name + ".*", document, &out, depth: depth + 1)
        collect(schema["propertyNames"], name + " (names)", document, &out, depth: depth + 1)
    }

    private static func resolve(_ object: [String: Any], _ document: [String: Any]) -> [String: Any] {
        guard let reference = object["$ref"] as? String, reference.hasPrefix("#/") else { return object }
        var node: Any = document
        for part in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] ?? [:] }
        return resolve(node as? [String: Any] ?? [:], document)
    }
}
