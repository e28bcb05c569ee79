/// A page of the profile list, optionally filtered by `q`.
package struct ProfileQuery: Sendable {
    package enum SortField: String, Sendable {
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// No page may reach past this many results (the API pages' limit); a search counts its matches up to it.
    package static let maxResults = 10_000

    /// Matched partially against e-mail, full name and phone number (3 characters at least), and exactly
    /// against ids and display ids. Nil or empty lists every profile.
    package var text: String?
    package var sortField: SortField = .createdAt
    package var descending = true
    package var offset = 0
    package var count = 10

    package init() {}

    /// Whether one profile comes before another in this order: by the sort field, ties by region and row
    /// number in the same direction (as the SQL orders one region's rows).
    func precedes(_ a: (sortValue: Int64, region: Region, number: Int64),
                  _ b: (sortValue: Int64, region: Region, number: Int64)) -> Bool {
        let first = (a.sortValue, a.region, a.number), second = (b.sortValue, b.region, b.number)
        return descending ? first > second : first < second
    }

    /// Why `text` cannot be searched, or nil when it can: too short for a partial match and not an id.
    package static func problem(with text: String) -> String? {
        if (try? Token.parse(text)) != nil || DisplayID.candidate(text) != nil { return nil }
        guard SearchField.allCases.contains(where: { $0.normalizedQuery(text) != nil }) else {
            return "q must have at least \(BlindIndex.gramLength) characters (or be a profile id or display id)"
        }
        return nil
    }
}

/// One page of profiles and how many there are in all (for a search: up to `ProfileQuery.maxResults`).
package struct ProfilePage: Sendable {
    package var profiles: [Profile]
    package var total: Int
}
