import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file of anchor lines. The data directory's `audit.anchors` is rewritten whole (write, fsync, rename,
/// fsync the directory) and holds the newest anchor of each chain; an operator's file elsewhere
/// (`--audit-anchor`) only ever has lines appended, so it can be append-only (`chattr +a`) or shipped away.
struct AuditAnchorFile: Sendable {
    let path: String
    let appendOnly: Bool

    static let localName = "audit.anchors"

    static func local(dataDirectory: String) -> AuditAnchorFile {
        AuditAnchorFile(path: dataDirectory + "/" + localName, appendOnly: false)
    }

    /// Every anchor in the file, in order; nil when there is no file. A line that is not an anchor is
    /// damage (or tampering) and throws, except an unterminated last line of an append-only file: a crash
    /// in the middle of an append leaves exactly that.
    func read() throws -> [AuditAnchor]? {
        guard let data = FileManager.default.contents(atPath: path) else {
            guard access(path, F_OK) != 0 else { throw VaultError.store("cannot read the audit anchor file \(path)") }
            return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() } else if appendOnly, !lines.isEmpty { lines.removeLast() }
        var anchors: [AuditAnchor] = []
        for (number, line) in lines.enumerated() {
            guard let anchor = AuditAnchor(line: line) else {
                throw VaultError.integrity("line \(number + 1) of the audit anchor file \(path) is not an anchor (the file was altered)")
            }
            anchors.append(anchor)
        }
        return anchors
    }

    /// Replaces the whole file with `anchors`, durably.
    func replace(with anchors: [AuditAnchor]) throws {
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create", temporary) }
        try writeAll(fd, anchors.map(\.line).joined(), temporary)
        guard rename(temporary, path) == 0 else { throw failure("replace", path) }
        syncDirectory()
    }

    /// Adds one line at the end, durably.
    func append(_ anchor: AuditAnchor) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("open", path) }
        try writeAll(fd, anchor.line, path)
    }

    private func writeAll(_ fd: Int32, _ text: String, _ name: String) throws {
        try DurableFile.write(text, to: fd) { failure($0, name) }
    }

    private func syncDirectory() {
        DurableFile.syncDirectory(of: path)
    }

    private func failure(_ action: String, _ name: String) -> VaultError {
        .store("cannot \(action) the audit anchor file \(name): \(String(cString: strerror(errno)))")
    }
}
