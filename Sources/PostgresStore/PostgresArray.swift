#if PostgreSQL
/// One-dimensional arrays as single parameters, in PostgreSQL's binary array format, so a statement takes
/// a whole list (`= ANY($1)`, `unnest($1, $2)`) in one round trip.
package enum PostgresArray {
    package static func bigint(_ values: [Int64]) -> PostgresValue {
        encode(arrayOID: 1016, elementOID: 20, values.map { PostgresValue.integer($0).binary ?? [] })
    }

    package static func text(_ values: [String]) -> PostgresValue {
        encode(arrayOID: 1009, elementOID: 25, values.map { Array($0.utf8) })
    }

    package static func bytea(_ values: [[UInt8]]) -> PostgresValue {
        encode(arrayOID: 1001, elementOID: 17, values)
    }

    /// Dimensions (1), a has-nulls flag (0), the element type, then the dimension's length and lower bound
    /// (1), then each element as its length and bytes; every integer 32-bit big-endian.
    private static func encode(arrayOID: UInt32, elementOID: UInt32, _ elements: [[UInt8]]) -> PostgresValue {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + elements.reduce(0) { $0 + 4 + $1.count })
        func append(_ value: UInt32) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
        append(1)
        append(0)
        append(elementOID)
        append(UInt32(elements.count))
        append(1)
        for element in elements {
            append(UInt32(element.count))
            bytes.append(contentsOf: element)
        }
        return .encoded(typeOID: arrayOID, bytes: bytes)
    }
}
#endif
