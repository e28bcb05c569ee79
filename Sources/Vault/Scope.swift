/// What an API key may do. A key carries only the scopes its service needs: the service that tokenizes
/// e-mails before logging them gets `tokenize` and can never read a value back.
package enum Scope: String, Sendable, CaseIterable, Comparable {
    case tokenize
    case detokenize
    case profilesRead = "profiles:read"
    case profilesWrite = "profiles:write"
    case dataRead = "data:read"
    case dataWrite = "data:write"
    case auditRead = "audit:read"
    case setupRead = "setup:read"
    case setupWrite = "setup:write"

    package static func < (a: Scope, b: Scope) -> Bool { a.rawValue < b.rawValue }

    /// `tokenize,detokenize` into scopes; nil if any is unknown or the list is empty.
    package static func parseList(_ text: String) -> Set<Scope>? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: " ") }
        guard !parts.isEmpty else { return nil }
        var scopes = Set<Scope>()
        for part in parts {
            guard let scope = Scope(rawValue: part) else { return nil }
            scopes.insert(scope)
        }
        return scopes
    }
}
