import Foundation

/// Reads an OpenAPI document (as `JSONSerialization` gives it) for references that lead nowhere: a `$ref`
/// naming no member of the document, and an operation's error answer that does not refer to the `E<status>`
/// response of its own status. The route modules write references as text, and the parts they refer to come
/// from other modules (HTTPServer's shared components), so only the merged document can tell.
public enum OpenAPIReferences {
    /// Every local `$ref` (`#/...`) that names no member of `document`, once each, sorted.
    public static func unresolved(in document: [String: Any]) -> [String] {
        var references = Set<String>()
        collect(document, into: &references)
        return references.filter { resolve($0, in: document) == nil }.sorted()
    }

    /// `METHOD path status` for each error answer (a status of 400 or more given by reference) whose reference
    /// is not `#/components/responses/E<status>` of a response the document has.
    public static func misfiledErrors(in document: [String: Any]) -> [String] {
        var out: [String] = []
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        for (path, item) in paths {
            for (method, operation) in item where method != "parameters" {
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                for (status, response) in responses where (Int(status) ?? 0) >= 400 {
                    guard let reference = (response as? [String: Any])?["$ref"] as? String else { continue }
                    let expected = "#/components/responses/E\(status)"
                    if reference != expected || resolve(expected, in: document) == nil {
                        out.append("\(method.uppercased()) \(path) \(status)")
                    }
                }
            }
        }
        return out.sorted()
    }

    private static func collect(_ node: Any, into references: inout Set<String>) {
        if let object = node as? [String: Any] {
            if let reference = object["$ref"] as? String { references.insert(reference) }
            for value in object.values { collect(value, into: &references) }
        } else if let array = node as? [Any] {
            for value in array { collect(value, into: &references) }
        }
    }

    /// The member a JSON pointer names (RFC 6901: `~1` is `/`, `~0` is `~`), or nil.
    private static func resolve(_ reference: String, in document: [String: Any]) -> Any? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Any = document
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = (node as? [String: Any])?[key] else { return nil }
            node = next
        }
        return node
    }
}
