import Foundation
import VaultCrypto
#if canImport(Glibc)
import Glibc
#endif

/// A backup or restore that cannot go on; the message names files and options, never data.
struct BackupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The file work of `backup` and `restore`: targets that must be empty, copies checksummed as they are
/// written, and the fsyncs that make a finished copy survive a power cut (file, then its directory).
enum BackupFiles {
    /// Refuses a `path` that is a file or a directory with anything in it (a backup never mixes with another,
    /// a restore never overwrites a vault); creates it (mode 0700) when missing, unless `create` is false.
    static func requireEmpty(_ path: String, option: String, create: Bool = true) throws {
        var status = stat()
        if lstat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { throw BackupError("\(option) \(path) exists and is not a directory") }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["?"]
            guard entries.isEmpty else {
                let unfinished = option == "--to" && !entries.contains(BackupManifest.fileName)
                throw BackupError("\(option) \(path) is not empty: give a new or empty directory"
                                  + (unfinished ? " (it holds no manifest: an unfinished backup, which can be removed)" : ""))
            }
            return
        }
        guard create else { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw BackupError("cannot create \(option) \(path)")
        }
    }

    /// Copies `source` into the new file `destination` (mode 0600), fsync'd; returns its size and SHA-256.
    static func copy(_ source: String, to destination: String) throws -> (bytes: Int64, sha256: String) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure("open", source) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw failure("create", destination) }
        defer { close(output) }
        let result = try stream(input, source) { chunk in
            var written = 0
            while written < chunk.count {
                let n = write(output, chunk.baseAddress! + written, chunk.count - written)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw failure("write", destination) }
                written += n
            }
        }
        guard fsync(output) == 0 else { throw failure("sync", destination) }
        return result
    }

    /// The size and SHA-256 of the file at `path`, read in pieces.
    static func checksum(_ path: String) throws -> (bytes: Int64, sha256: String) {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure("open", path) }
        defer { close(input) }
        return try stream(input, path) { _ in }
    }

    /// Writes `bytes` as the new file `path` atomically: a temporary name, fsync, rename, fsync the directory.
    static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".partial"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create", temporary) }
        let ok = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) == $0.count } && fsync(fd) == 0
        close(fd)
        guard ok else { throw failure("write", temporary) }
        guard rename(temporary, path) == 0 else { throw failure("rename", temporary) }
        syncDirectory(of: path)
    }

    static func syncDirectory(of path: String) {
        // By hand: Foundation's deletingLastPathComponent traps on some relative paths (a bare file name).
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    private static func stream(_ fd: Int32, _ path: String,
                               _ each: (UnsafeRawBufferPointer) throws -> Void) throws -> (bytes: Int64, sha256: String) {
        let hasher = try SHA256Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total: Int64 = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw failure("read", path) }
            if n == 0 { break }
            try buffer.withUnsafeBytes { raw in
                let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<n])
                try hasher.update(chunk)
                try each(chunk)
            }
            total += Int64(n)
        }
        return (total, Hex.encode(try hasher.finish()))
    }

    private static func failure(_ action: String, _ path: String) -> BackupError {
        BackupError("cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}
