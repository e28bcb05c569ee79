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

    /// The Customer Profile API v2's OAuth scopes, each granted as the scopes of ours it stands for: reading
    /// profiles, addresses and data entries and revealing tokens; writing them and tokenizing. A key keeps
    /// ours, so what it may do reads the same whichever names it was made with.
    package static let customerAliases: [(name: String, scopes: [Scope])] = [
        ("customer:profile:read", [.profilesRead, .dataRead, .detokenize]),
        ("customer:profile:write", [.profilesWrite, .dataWrite, .tokenize]),
    ]

    /// `tokenize,detokenize` (or a v2 alias, `customer:profile:read`) into scopes; nil if any is unknown or
    /// the list is empty.
    package static func parseList(_ text: String) -> Set<Scope>? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: " ") }
        guard !parts.isEmpty else { return nil }
        var scopes = Set<Scope>()
        for part in parts {
            guard let named = named(part) else { return nil }
            scopes.formUnion(named)
        }
        return scopes
    }

    /// The scopes one name grants: one of ours, or a v2 alias's; nil for an unknown name.
    package static func named(_ name: String) -> [Scope]? {
        if let scope = Scope(rawValue: name) { return [scope] }
        return customerAliases.first(where: { $0.name == name })?.scopes
    }
}
