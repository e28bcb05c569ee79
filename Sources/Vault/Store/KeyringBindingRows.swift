/// Which keyring made a store: a keyed check value per purpose (see `KeyringBinding`).
package protocol KeyringBindingRows {
    /// Makes the rows writable, inside the caller's transaction (SQLite: creates their table, which stores
    /// made before check values lack; a refused binding rolls it back with everything else).
    func prepare() throws

    /// The check value recorded for `purpose`; nil when none is (or the store has never recorded one).
    func checkValue(for purpose: String) throws -> [UInt8]?

    func record(_ checkValue: [UInt8], for purpose: String) throws
}
