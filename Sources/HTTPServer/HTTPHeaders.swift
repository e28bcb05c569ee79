/// Header fields in arrival order. Names are stored lower-cased, so lookups are case-insensitive.
package struct HTTPHeaders: Sendable, Sequence {
    package private(set) var fields: [(name: String, value: String)] = []

    package init() {}

    package init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { add(name: name, value: value) }
    }

    package mutating func add(name: String, value: String) {
        fields.append((name.lowercased(), value))
    }

    /// Adds a field, keeping the name as already lower-cased by the parser.
    mutating func addLowercased(name: String, value: String) {
        fields.append((name, value))
    }

    package mutating func replaceOrAdd(name: String, value: String) {
        let key = name.lowercased()
        fields.removeAll { $0.name == key }
        fields.append((key, value))
    }

    /// The first value of `name`.
    package subscript(name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.name == key }?.value
    }

    package func values(_ name: String) -> [String] {
        let key = name.lowercased()
        return fields.filter { $0.name == key }.map(\.value)
    }

    package func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}
