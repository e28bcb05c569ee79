import Vault
import VaultStore

/// The `tokens` table of a region.
struct SQLiteTokenRows: TokenRows {
    let database: Database

    /// One multi-row INSERT per request (up to 25 rows): the writer thread is the serial part of tokenizing,
    /// and one statement execution per request costs far less than one per row. The SQL depends only on the
    /// row count, never on input.
    func insert(_ rows: [(id: [UInt8], sealed: [UInt8])], tenant: Tenant) throws {
        try Self.inChunks(rows) { chunk in
            try database.query(Self.insertSQL[chunk.count]) { s in
                var index: Int32 = 1
                for row in chunk {
                    try s.bind(blob: row.id, at: index)
                    try s.bind(text: tenant.name, at: index + 1)
                    try s.bind(blob: row.sealed, at: index + 2)
                    index += 3
                }
                try s.step()
            }
        }
    }

    /// `body` for each run of at most 25 elements: the statements are prepared for 1 to 25 rows.
    private static func inChunks<T>(_ elements: [T], _ body: (ArraySlice<T>) throws -> Void) throws {
        var start = 0
        while start < elements.count {
            let end = min(start + 25, elements.count)
            try body(elements[start..<end])
            start = end
        }
    }

    /// `insertSQL[n]` inserts n rows.
    private static let insertSQL: [String] = (0...25).map { count in
        "INSERT INTO tokens(id, tenant, sealed) VALUES " + repeatElement("(?, ?, ?)", count: count).joined(separator: ", ")
    }

    /// One statement per batch (`IN` with as many parameters as ids, up to 25: the SQL depends only on the
    /// count): one statement execution and one index walk instead of 25 point reads, each with its own
    /// statement lookup, bind and reset.
    func find(ids: [[UInt8]]) throws -> [(tenant: String, sealed: [UInt8])?] {
        // Keyed by ULID (two words to hash), not by the 16-byte array (hashed a byte at a time).
        var found: [ULID: (tenant: String, sealed: [UInt8])] = [:]
        found.reserveCapacity(ids.count)
        try Self.inChunks(ids) { chunk in
            try database.query(Self.findSQL[chunk.count]) { s in
                var index: Int32 = 1
                for id in chunk {
                    try s.bind(blob: id, at: index)
                    index += 1
                }
                while try s.step() {
                    guard let id = s.withBlob(0, ULID.init(raw:)) else { continue }
                    found[id] = (tenant: s.text(1), sealed: s.blob(2))
                }
            }
        }
        return ids.map { ULID(bytes: $0).flatMap { found[$0] } }
    }

    /// `findSQL[n]` reads the rows of n ids.
    private static let findSQL: [String] = (0...25).map { count in
        "SELECT id, tenant, sealed FROM tokens WHERE id IN (" + repeatElement("?", count: count).joined(separator: ", ") + ")"
    }

    func find(id: [UInt8]) throws -> (tenant: String, sealed: [UInt8])? {
        try database.query("SELECT tenant, sealed FROM tokens WHERE id = ?") { s in
            try s.bind([.blob(id)])
            return try s.step() ? (tenant: s.text(0), sealed: s.blob(1)) : nil
        }
    }
}
