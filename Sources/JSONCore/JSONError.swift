/// Why a document is not acceptable JSON. It names the position and the rule, never the input's content.
package struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    package let offset: Int
    package let reason: String

    package var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
