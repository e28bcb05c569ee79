import VaultStore

/// A table key (a few SQLite values) as bytes, for `migration_progress`: a tag per value, then its bytes
/// (integers 8 bytes big-endian; text and blobs after a 4-byte length).
enum KeyCoding {
    static func encode(_ values: [DatabaseValue]) -> [UInt8] {
        var out: [UInt8] = []
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.bigEndian) { out += $0 } }
        for value in values {
            switch value {
            case .null: out.append(0)
            case .integer(let number): out.append(1); append(number)
            case .text(let text): out.append(2); append(UInt32(text.utf8.count)); out += text.utf8
            case .blob(let bytes): out.append(3); append(UInt32(bytes.count)); out += bytes
            }
        }
        return out
    }

    /// Nil for bytes `encode` did not make.
    static func decode(_ bytes: [UInt8]) -> [DatabaseValue]? {
        var values: [DatabaseValue] = []
        var index = 0
        func read(_ count: Int) -> ArraySlice<UInt8>? {
            guard index + count <= bytes.count else { return nil }
            defer { index += count }
            return bytes[index..<(index + count)]
        }
        func number(_ count: Int) -> UInt64? { read(count)?.reduce(0) { $0 << 8 | UInt64($1) } }
        while index < bytes.count {
            guard let tag = read(1)?.first else { return nil }
            switch tag {
            case 0: values.append(.null)
            case 1: guard let n = number(8) else { return nil }; values.append(.integer(Int64(bitPattern: n)))
            case 2, 3:
                guard let length = number(4), let body = read(Int(length)) else { return nil }
                values.append(tag == 2 ? .text(String(decoding: body, as: UTF8.self)) : .blob(Array(body)))
            default: return nil
            }
        }
        return values
    }
}
