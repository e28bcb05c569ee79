import Foundation
import Vault
import VaultCrypto
import VaultSQLite
import XCTest

/// A temporary data directory whose stores the SQLite engine opens: real files, no mocks. Removed when the
/// test that made it ends (not when this value goes, which may be before the last use of its stores).
final class StoreDirectory {
    let path: String
    let engine = SQLiteEngine()

    init(for test: XCTestCase) throws {
        let path = NSTemporaryDirectory() + "sqlite-store-\(UUID().uuidString)"
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    }

    func location(_ kind: StoreKind) -> String { engine.location(of: kind, dataDirectory: path) }

    /// A region's store opened to write, as the sweeper opens it.
    func region(_ region: Region = .eu) throws -> any RegionConnection {
        try engine.openRegion(region, at: location(.region(region)), serving: false)
    }

    func control() throws -> any ControlConnection {
        try engine.openControl(at: location(.control))
    }
}

let chainKey = try! HMACKey(SymmetricKey(copying: [UInt8](repeating: 7, count: 32)))
let acme = Tenant("acme")!
let globex = Tenant("globex")!

func randomID() -> [UInt8] { (0..<16).map { _ in UInt8.random(in: 0...255) } }

func ulid(_ n: UInt64) -> ULID { ULID(high: 1_790_000_000_000 << 16, low: n) }
