import Foundation
import Logging
import Synchronization
@testable import Vault
import VaultCrypto
import StoreTestSupport
import VaultSQLite

/// A vault in a fresh temporary directory with its own keys and a clock tests can move.
final class VaultFixture {
    let root: String
    let dataDirectory: String
    let keysDirectory: String
    let clock = TestClock()
    let logPath: String
    let logger: Logger

    init() throws {
        root = NSTemporaryDirectory() + "vault-\(UUID().uuidString)"
        dataDirectory = root + "/data"
        keysDirectory = root + "/keys"
        try FileManager.default.createDirectory(atPath: keysDirectory, withIntermediateDirectories: true)
        for region in Region.allCases {
            try KeyringFile.write(try Keyring.generate(region: region.code, now: 1), keysDirectory: keysDirectory,
                                  replacing: false)
        }
        logPath = root + "/log.jsonl"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        logger = Logger(minimum: .debug, fileDescriptor: Glibc.open(logPath, O_WRONLY | O_APPEND))
    }

    func configuration(regions: [Region] = Region.allCases, defaultRegion: Region = .eu) -> VaultConfiguration {
        var configuration = VaultConfiguration(dataDirectory: dataDirectory, keysDirectory: keysDirectory,
                                               regions: regions, defaultRegion: defaultRegion)
        let clock = self.clock
        configuration.clock = { clock.now.withLock { $0 } }
        return configuration
    }

    func open(regions: [Region] = Region.allCases, adjust: (inout VaultConfiguration) -> Void = { _ in }) throws -> Vault {
        var configuration = configuration(regions: regions, defaultRegion: regions[0])
        adjust(&configuration)
        return try Vault(configuration: configuration, engine: try TestStores.engine(for: dataDirectory), logger: logger)
    }

    func advance(milliseconds: Int64) { clock.now.withLock { $0 += milliseconds } }

    /// Every byte the vault wrote to disk: database, WAL and log (and every row of the PostgreSQL stores).
    func allFileBytes() throws -> [UInt8] {
        var out: [UInt8] = try TestStores.storedRows(for: dataDirectory)
        for name in try FileManager.default.subpathsOfDirectory(atPath: dataDirectory) {
            if let data = FileManager.default.contents(atPath: dataDirectory + "/" + name) { out += data }
        }
        logger.flush()
        out += FileManager.default.contents(atPath: logPath) ?? Data()
        return out
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

final class TestClock: Sendable {
    let now = Mutex<Int64>(1_790_000_000_000)
}

extension Vault {
    /// Tokenize and wait for the durable answer.
    func tokenizeAndWait(tenant: String, region: Region, values: [String]) -> [Result<Token, RecordError>] {
        let semaphore = DispatchSemaphore(value: 0)
        let box = Mutex<[Result<Token, RecordError>]>([])
        tokenize(tenant: Tenant(tenant)!, region: region, values: values.map { Array($0.utf8) },
                 context: AuditContext(requestID: "test", keyID: "test-key")) { results in
            box.withLock { $0 = results }
            semaphore.signal()
        }
        semaphore.wait()
        return box.withLock { $0 }
    }

    func detokenize(tenant: String, _ tokens: [String]) -> [Result<String, RecordError>] {
        let semaphore = DispatchSemaphore(value: 0)
        let box = Mutex<[Vault.RevealResult]>([])
        detokenize(tenant: Tenant(tenant)!, tokens: tokens, allowed: [.value],
                   context: AuditContext(requestID: "test", keyID: "test-key")) { results in
            box.withLock { $0 = results }
            semaphore.signal()
        }
        semaphore.wait()
        return box.withLock { $0 }.map { result in
            result.flatMap { revealed in
                guard case .value(let bytes) = revealed else { return .failure(.internalError) }
                return .success(String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}

extension [UInt8] {
    func contains(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count, !needle.isEmpty else { return needle.isEmpty }
        return withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                while i <= hay.count - n.count {
                    if hay[i] == n[0] && memcmp(hay.baseAddress! + i, n.baseAddress!, n.count) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
    }
}
