#if canImport(Glibc)
import Glibc
#endif
import Locking

/// A region keyring as its file says now: a running server picks up `keys rotate` (new keys are wrapped under
/// the new primary) and `keys retire` (the retired key's secret leaves memory too) within about a second,
/// without a restart, so `keys rewrap` can run while it serves. The file is looked at (one `stat`) at most once
/// a second, and at once when a ciphertext names a key this process does not know yet (another process
/// re-wrapped it under a primary added since). A file that no longer parses, or holds another keyring, is
/// ignored: the keyring in memory keeps serving, and `problem` says why. `changed` hears of each keyring
/// taken and each new problem (ids and paths only, never a secret), so a server can log them.
package final class WatchedKeyring: Sendable {
    private struct FileStamp: Equatable {
        var device: UInt64 = 0, inode: UInt64 = 0, size: Int64 = 0, seconds: Int = 0, nanoseconds: Int = 0
    }

    private struct State {
        var keyring: Keyring
        var stamp: FileStamp?
        var checkedAt: UInt64
        var problem: String?
    }

    package let keysDirectory: String
    private let path: String
    private let state: Locked<State>
    private let interval: UInt64 = 1_000_000_000
    /// What never changes however the file does (the file is refused otherwise): read without the lock.
    private let initial: Keyring

    /// A keyring reread from its file (`.success`), or the reason a changed file was not taken.
    private let changed: @Sendable (Result<Keyring, CryptoError>) -> Void

    package init(_ keyring: Keyring, keysDirectory: String, changed: @escaping @Sendable (Result<Keyring, CryptoError>) -> Void = { _ in }) {
        self.keysDirectory = keysDirectory
        self.changed = changed
        path = KeyringFile.path(keysDirectory: keysDirectory, region: keyring.region)
        initial = keyring
        state = Locked(State(keyring: keyring, stamp: Self.stamp(of: path), checkedAt: Self.monotonic(), problem: nil))
    }

    package var region: String { initial.region }
    package var chainKey: HMACKey { initial.chainKey }
    package var indexKey: HMACKey { initial.indexKey }
    package var identityKey: HMACKey { initial.identityKey }

    /// The keyring, reread first if its file changed (checked at most once a second).
    package var current: Keyring { refreshed(force: false) }

    /// Why the last change of the file was not taken, if it was not.
    package var problem: String? { state.withLock { $0.problem } }

    package func wrap(_ plaintext: [UInt8], authenticating aad: [UInt8]) throws -> [UInt8] {
        try current.wrap(plaintext, authenticating: aad)
    }

    package func unwrap(_ ciphertext: [UInt8], authenticating aad: [UInt8]) throws -> [UInt8] {
        do {
            return try current.unwrap(ciphertext, authenticating: aad)
        } catch CryptoError.unknownKey {
            return try refreshed(force: true).unwrap(ciphertext, authenticating: aad)
        }
    }

    private func refreshed(force: Bool) -> Keyring {
        let now = Self.monotonic()
        let due = state.withLock { state -> Keyring? in
            guard force || now &- state.checkedAt >= interval else { return state.keyring }
            state.checkedAt = now
            return nil
        }
        if let keyring = due { return keyring }
        let stamp = Self.stamp(of: path)
        if let unchanged = state.withLock({ $0.stamp == stamp ? $0.keyring : nil }) { return unchanged }
        // Read outside the lock: other threads keep the keyring they have meanwhile.
        let loaded: Result<Keyring, CryptoError>
        do {
            let keyring = try KeyringFile.load(keysDirectory: keysDirectory, region: initial.region)
            guard try keyring.isSameKeyring(as: initial) else {
                throw CryptoError.keyring("\(path) now holds another keyring than the one this process started with")
            }
            loaded = .success(keyring)
        } catch let error as CryptoError {
            loaded = .failure(error)
        } catch {
            loaded = .failure(.keyring("\(path) could not be read"))
        }
        let (keyring, news) = state.withLock { state -> (Keyring, Bool) in
            state.stamp = stamp
            switch loaded {
            case .success(let keyring):
                state.keyring = keyring
                state.problem = nil
                return (keyring, true)
            case .failure(let error):
                let news = state.problem != error.description
                state.problem = error.description
                return (state.keyring, news)
            }
        }
        if news { changed(loaded) }
        return keyring
    }

    private static func stamp(of path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                         seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec)
    }

    private static func monotonic() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
