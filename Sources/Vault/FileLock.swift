#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on a file in the data directory: a second sweep waits here until the first is done
/// (and then finds nothing left to remove), and processes updating the audit anchors take turns. The kernel
/// drops the lock if the holder dies.
final class FileLock: Sendable {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw VaultError.store("cannot open the lock file \(path)") }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw VaultError.store("cannot lock \(path)")
            }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
