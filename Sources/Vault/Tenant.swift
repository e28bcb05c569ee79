/// A tenant name: `^[a-z0-9][a-z0-9-]{0,62}$`. Every record is bound to one.
package struct Tenant: Hashable, Sendable, CustomStringConvertible {
    package let name: String

    package init?(_ name: String) {
        let utf8 = name.utf8
        guard (1...63).contains(utf8.count) else { return nil }
        for (i, c) in utf8.enumerated() {
            let alnum = (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
            guard alnum || (i > 0 && c == UInt8(ascii: "-")) else { return nil }
        }
        self.name = name
    }

    package var description: String { name }
}
