#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: the call's name and `errno`, nothing else.
package struct SystemError: Error, Sendable, CustomStringConvertible {
    package let call: String
    package let errno: Int32

    package var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// The one wrapper for system calls, for calls on non-blocking descriptors: retries on `EINTR`; answers nil
/// for `EAGAIN`/`EWOULDBLOCK` ("nothing now", the hot path's everyday answer, which builds and throws
/// nothing); throws `SystemError` with the call's name and `errno` on any other failure.
@inline(__always)
func nonBlockingSyscall<T: BinaryInteger>(_ name: StaticString, _ body: () -> T) throws(SystemError) -> T? {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = errno
        if code == EINTR { continue }
        if code == EAGAIN || code == EWOULDBLOCK { return nil }
        throw SystemError(call: "\(name)", errno: code)
    }
}

/// `nonBlockingSyscall` for calls that must not come back empty (set-up calls): `EAGAIN` is a failure too.
@discardableResult
func syscall<T: BinaryInteger>(_ name: StaticString, _ body: () -> T) throws(SystemError) -> T {
    guard let result = try nonBlockingSyscall(name, body) else { throw SystemError(call: "\(name)", errno: EAGAIN) }
    return result
}
