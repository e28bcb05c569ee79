/// The profile fields a partial-match search (`q`) looks in, with how each is normalized: e-mails and
/// names compare case-insensitively, phone numbers by their digits alone.
enum SearchField: Int64, CaseIterable, Sendable {
    case email = 1
    case fullName = 2
    case phoneNumber = 3

    /// The text the index and the confirmation compare, as Unicode scalars.
    func normalized(_ text: String) -> [Unicode.Scalar] {
        switch self {
        case .email, .fullName:
            return Array(text.lowercased().unicodeScalars)
        case .phoneNumber:
            return text.unicodeScalars.filter { $0.value >= 0x30 && $0.value <= 0x39 }
        }
    }

    /// The query as this field compares it, or nil when it cannot match here: phone numbers only match
    /// queries written with digits and phone punctuation.
    func normalizedQuery(_ query: String) -> [Unicode.Scalar]? {
        if self == .phoneNumber {
            let punctuation: Set<Unicode.Scalar> = [" ", "+", "-", "(", ")", "."]
            guard query.unicodeScalars.allSatisfy({ ($0.value >= 0x30 && $0.value <= 0x39) || punctuation.contains($0) })
            else { return nil }
        }
        let scalars = normalized(query)
        return scalars.count >= BlindIndex.gramLength ? scalars : nil
    }

    func value(in fields: ProfileFields) -> String? {
        switch self {
        case .email: fields.email
        case .fullName: fields.fullName
        case .phoneNumber: fields.phoneNumber
        }
    }

    /// Whether the query (already normalized for this field) occurs in the field.
    func matches(_ query: [Unicode.Scalar], in fields: ProfileFields) -> Bool {
        guard let text = value(in: fields) else { return false }
        let haystack = normalized(text)
        guard haystack.count >= query.count else { return false }
        for start in 0...(haystack.count - query.count) where haystack[start..<(start + query.count)].elementsEqual(query) {
            return true
        }
        return false
    }
}
