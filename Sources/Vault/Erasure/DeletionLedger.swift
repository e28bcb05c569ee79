import Foundation
import Locking
import VaultCrypto
#if canImport(Glibc)
import Glibc
#endif

/// Where a node records its deletions outside the databases they change: `deletions.ledger` in the data
/// directory, and the operator's copy (`serve --deletion-ledger FILE`) when given, since the data directory
/// may be exactly what is lost. Lines are only ever appended and fsync'd, inside the deletion's transaction,
/// before it commits: a crash between the two leaves a line for a deletion that did not happen, which errs
/// toward erasure (re-applying a deletion is idempotent), never a deletion without its line. `restore`
/// re-applies what a ledger records after a backup was taken (see `Vault.reapply`).
package final class DeletionLedger: Sendable {
    package static let localName = "deletions.ledger"

    package let paths: [String]
    private let keys = Locked<[Region: HMACKey]>([:])
    /// Appends from the region writers take turns, so lines never interleave.
    private let appending = Locked(())

    /// Checks the outside copy at once (a start-up error, not a failing deletion later): it must be a file this
    /// process can append to, and not the data directory's own ledger under another name.
    package init(dataDirectory: String, copy: String?) throws {
        let local = dataDirectory + "/" + Self.localName
        paths = [local] + (copy.map { [$0] } ?? [])
        guard let copy else { return }
        let fd = open(copy, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw VaultError.configuration("--deletion-ledger \(copy) cannot be appended to: \(String(cString: strerror(errno)))")
        }
        var copyInfo = stat(), localInfo = stat()
        let isFile = fstat(fd, &copyInfo) == 0 && copyInfo.st_mode & S_IFMT == S_IFREG
        close(fd)
        guard isFile else { throw VaultError.configuration("--deletion-ledger \(copy) is not a regular file") }
        if stat(local, &localInfo) == 0, localInfo.st_dev == copyInfo.st_dev, localInfo.st_ino == copyInfo.st_ino {
            throw VaultError.configuration("--deletion-ledger \(copy) is the data directory's own ledger: give a file outside "
                                           + "the data directory (another disk or host), which is what survives losing it")
        }
    }

    /// Appends the line of one deletion to every ledger file, durably; throws (failing the deletion) when
    /// a file cannot take it.
    func record(_ kind: DeletionLedgerEntry.Kind, region: Region, keyring: WatchedKeyring, tenant: Tenant, record: String,
                at: Int64) throws {
        let key = try keys.withLock { keys in
            if let key = keys[region] { return key }
            let key = try DeletionLedgerEntry.key(for: keyring)
            keys[region] = key
            return key
        }
        let entry = try DeletionLedgerEntry(region: region, kind: kind, at: at, tenant: tenant, record: record, key: key)
        try appending.withLock { _ in
            for path in paths { try Self.append(entry.line, to: path) }
        }
    }

    /// The lines of a ledger file, each parsed (nil where a line is not a ledger line); nil when there is
    /// no file. An unterminated last line (a crash in the middle of an append) is left out.
    package static func read(path: String) throws -> [(number: Int, entry: DeletionLedgerEntry?)]? {
        guard let data = FileManager.default.contents(atPath: path) else {
            guard access(path, F_OK) != 0 else { throw VaultError.store("cannot read the deletion ledger \(path)") }
            return nil
        }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()
        return lines.enumerated().map { ($0.offset + 1, DeletionLedgerEntry(line: $0.element)) }
    }

    /// Adds `text` at the end of the file at `path` (created mode 0600 if missing, its directory then
    /// synced too), and fsyncs it.
    package static func append(_ text: String, to path: String) throws {
        let created = access(path, F_OK) != 0
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("open", path) }
        try DurableFile.write(text, to: fd) { failure($0, path) }
        if created { DurableFile.syncDirectory(of: path) }
    }

    private static func failure(_ action: String, _ path: String) -> VaultError {
        .store("cannot \(action) the deletion ledger \(path): \(String(cString: strerror(errno)))")
    }
}
