import Foundation
import JSONCore

/// Enough of Swagger 2.0's schema language to check an answer against NewStore's v2 document: `$ref` to
/// definitions, `allOf`, `type`, `required`, `properties`, `additionalProperties`, `items`, `enum`,
/// `pattern`, `maxLength` and `maxProperties`. Formats are not checked. Each problem comes back as a path
/// and what is wrong.
struct SwaggerSchema {
    let definitions: [JSONMember]

    init(path: String) throws {
        let document = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        definitions = document["definitions"]?.objectMembers ?? []
    }

    func definition(_ name: String) -> JSONValue { definitions.first { $0.key == name }?.value ?? .object([]) }

    /// Each property's `example` of a definition: the document's own sample request, as JSON text members.
    func example(of name: String) -> [JSONMember] {
        (definition(name)["properties"]?.objectMembers ?? []).compactMap { member in
            member.value["example"].map { JSONMember(member.key, $0) }
        }
    }

    func problems(_ body: [UInt8], against name: String) -> [String] {
        guard let value = try? JSONParser.parse(body) else { return ["\(name): the body is not JSON"] }
        return problems(value, definition(name), at: name)
    }

    private func problems(_ value: JSONValue, _ schema: JSONValue, at path: String) -> [String] {
        if let ref = schema["$ref"]?.stringValue {
            return problems(value, definition(String(ref.split(separator: "/").last ?? "")), at: path)
        }
        var out: [String] = []
        if case .array(let parts)? = schema["allOf"] { out = parts.flatMap { problems(value, $0, at: path) } }
        if let type = schema["type"]?.stringValue, !Self.matches(value, type) {
            return out + ["\(path): \(Self.kind(value)) is not \(type)"]
        }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) { out.append("\(path): not one of the enum") }
        if case .string(let text) = value {
            if let pattern = schema["pattern"]?.stringValue, text.range(of: pattern, options: .regularExpression) == nil {
                out.append("\(path): does not match \(pattern)")
            }
            if let max = schema["maxLength"].flatMap(Self.integer), text.unicodeScalars.count > max { out.append("\(path): longer than \(max)") }
        }
        if case .object(let members) = value {
            let names = Set(members.map(\.key))
            if case .array(let required)? = schema["required"] {
                for name in required.compactMap(\.stringValue) where !names.contains(name) { out.append("\(path).\(name): missing") }
            }
            if let max = schema["maxProperties"].flatMap(Self.integer), members.count > max { out.append("\(path): more than \(max) members") }
            for member in members {
                if let property = schema["properties"]?[member.key] {
                    out += problems(member.value, property, at: "\(path).\(member.key)")
                } else if case .object? = schema["additionalProperties"] {
                    out += problems(member.value, schema["additionalProperties"]!, at: "\(path).\(member.key)")
                } else if schema["additionalProperties"] == .bool(false) {
                    out.append("\(path).\(member.key): not allowed")
                }
            }
        }
        if case .array(let items) = value, let schema = schema["items"] {
            for (index, item) in items.enumerated() { out += problems(item, schema, at: "\(path)[\(index)]") }
        }
        return out
    }

    private static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("number", .number): true
        case ("integer", .number(let text)): Int64(text) != nil
        case ("object", _), ("array", _), ("string", _), ("boolean", _), ("number", _), ("integer", _): false
        default: true
        }
    }

    private static func integer(_ value: JSONValue) -> Int? {
        if case .number(let text) = value { return Double(text).map { Int($0) } }
        return nil
    }

    private static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
