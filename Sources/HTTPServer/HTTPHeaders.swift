/// Header fields in arrival order. Names are stored lower-cased, so lookups are case-insensitive.
package struct HTTPHeaders: Sendable, Sequence {
    package private(set) var fields: [(name: String, value: String)] = []

    package init() {}

    package init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { add(name: name, value: value) }
    }

    package mutating func add(name: String, value: String) {
        fields.append((Self.lowercased(name), value))
    }

    /// Adds a field, keeping the name as already lower-cased by the parser.
    mutating func addLowercased(name: String, value: String) {
        fields.append((name, value))
    }

    package mutating func replaceOrAdd(name: String, value: String) {
        let key = Self.lowercased(name)
        fields.removeAll { $0.name == key }
        fields.append((key, value))
    }

    /// The first value of `name`.
    package subscript(name: String) -> String? {
        let key = Self.lowercased(name)
        return fields.first { $0.name == key }?.value
    }

    package func values(_ name: String) -> [String] {
        let key = Self.lowercased(name)
        return fields.filter { $0.name == key }.map(\.value)
    }

    /// Field names are ASCII tokens: lower-cased byte by byte, and not at all when they already are (the
    /// routes look up literals such as "tenant" on every request; `String.lowercased()` is Unicode-aware).
    static func lowercased(_ name: String) -> String {
        guard name.utf8.contains(where: isUpper) else { return name }
        var name = name
        return name.withUTF8(lowercasedName)
    }

    /// A field name from the wire, lower-cased as it is read (one string, not two).
    static func lowercasedName(_ name: UnsafeBufferPointer<UInt8>) -> String {
        guard name.contains(where: isUpper) else { return String(decoding: name, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: name.count) { out in
            for (i, byte) in name.enumerated() { out[i] = isUpper(byte) ? byte | 0x20 : byte }
            return name.count
        }
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }

    package func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}
