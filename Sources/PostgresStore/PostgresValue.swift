#if PostgreSQL
/// A value bound to a statement's parameter. Sent in binary: a 64-bit integer, UTF-8 text or raw bytes,
/// so no value is ever spliced into SQL text or parsed from a string by the server.
package enum PostgresValue: Sendable {
    case integer(Int64)
    case text(String)
    case bytes([UInt8])
    case null
    /// A value already in the binary format of the type `typeOID` (see `PostgresArray`).
    case encoded(typeOID: UInt32, bytes: [UInt8])

    /// The parameter's type OID, which the statement is prepared with (0: the server infers it).
    var typeOID: UInt32 {
        switch self {
        case .integer: 20 // int8
        case .text: 25 // text
        case .bytes: 17 // bytea
        case .null: 0
        case .encoded(let typeOID, _): typeOID
        }
    }

    /// The value in PostgreSQL's binary format, nil for SQL NULL.
    var binary: [UInt8]? {
        switch self {
        case .integer(let value): withUnsafeBytes(of: value.bigEndian) { Array($0) }
        case .text(let value): Array(value.utf8)
        case .bytes(let value): value
        case .null: nil
        case .encoded(_, let bytes): bytes
        }
    }
}
#endif
