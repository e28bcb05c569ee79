/// A value bound to a statement parameter.
package enum DatabaseValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
}

extension DatabaseValue {
    /// `text(value)`, or `null` for nil (optional columns).
    package static func text(orNull value: String?) -> DatabaseValue { value.map(DatabaseValue.text) ?? .null }
}
