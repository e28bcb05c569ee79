#if canImport(Glibc)
import Glibc
#endif

/// A value behind a `pthread_mutex_t`. Used instead of the standard library's `Synchronization.Mutex`
/// because ThreadSanitizer cannot see that one (the toolchain ships it uninstrumented, so every access it
/// guards reads as a race), and a vault's locking must be checkable. Same shape: `withLock` hands the value
/// to a closure while the lock is held.
package final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    package init(_ value: Value) {
        self.value = value
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @discardableResult
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
