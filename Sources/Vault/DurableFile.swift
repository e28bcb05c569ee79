#if canImport(Glibc)
import Glibc
#endif

/// The few steps every small file the vault keeps beside its databases (audit anchors, the deletion ledger)
/// takes to be durable before the caller goes on: the whole text written, fsync'd, and a new name's
/// directory fsync'd too.
enum DurableFile {
    /// Writes all of `text` to `fd` (short writes and EINTR retried), fsyncs and closes it. On failure,
    /// `failure` gets the step that failed (`write`, `sync`) while errno still says why.
    static func write(_ text: String, to fd: Int32, failure: (String) -> any Error) throws {
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure("write") }
            written += n
        }
        guard fsync(fd) == 0 else { throw failure("sync") }
    }

    /// Makes a name created or renamed in `path`'s directory durable.
    static func syncDirectory(of path: String) {
        // By hand: Foundation's deletingLastPathComponent traps on some relative paths (a bare file name).
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}
