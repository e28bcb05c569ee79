import JSONCore

/// The text rules the route modules enforce, as JSON Schema `pattern`s. JSON Schema reads patterns as
/// ECMA-262 and unanchored, so each is anchored, and characters are named by `\u` escapes only (`\s`, `\d`
/// and `.` mean different things in ECMA-262 and in the Python `re` schemathesis generates from).
extension OpenAPI {
    package enum Pattern {
        /// Unicode's control characters (general category Cc: C0, DEL and C1), which every text field refuses.
        static let controls = #"\u0000-\u001f\u007f-\u009f"#
        /// Unicode's White_Space characters, as Swift's `isWhitespace` reads them.
        static let whiteSpace = #"\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"#

        /// Any text without control characters.
        package static let oneLine = "^[^\(controls)]*$"
        /// Any text without control characters but line feeds (U+000A).
        package static let multiline = #"^[^\u0000-\u0009\u000b-\u001f\u007f-\u009f]*$"#
        /// One line holding at least one character that is not white space (a required name, not a blank).
        package static let notBlank = "^[^\(controls)]*[^\(controls)\(whiteSpace)][^\(controls)]*$"
        /// Standard base64 with its padding, as Foundation's `Data(base64Encoded:)` reads it.
        package static let base64 = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
    }

    /// A string of `length` characters without control characters (but line feeds where `multiline`).
    package static func line(_ length: ClosedRange<Int>, multiline: Bool = false) -> JSONValue {
        text(min: length.lowerBound > 0 ? length.lowerBound : nil, max: length.upperBound,
             pattern: multiline ? Pattern.multiline : Pattern.oneLine)
    }

    /// `schema`, or null.
    package static func nullable(_ schema: JSONValue) -> JSONValue {
        guard var members = schema.objectMembers, let index = members.firstIndex(where: { $0.key == "type" }),
              let type = members[index].value.stringValue else { return object([("oneOf", .array([schema, nullType]))]) }
        members[index] = JSONMember("type", .array([.string(type), .string("null")]))
        return .object(members)
    }

    // Computed: a global holding JSON would be reported by LeakSanitizer at exit.
    private static var nullType: JSONValue { object([("type", .string("null"))]) }
}
