#if canImport(Glibc)
import Glibc
#endif

/// A listening TCP socket on 127.0.0.1 at a free port, for tests that play a server by hand (or need a port
/// nothing listens on: close the socket and keep the port).
public func loopbackListener(backlog: Int32 = 16) -> (fd: Int32, port: Int) {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
    listen(listener, backlog)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
    return (listener, Int(UInt16(bigEndian: address.sin_port)))
}

/// A loopback port free a moment ago (bound, read, released: good enough for a test's own listeners).
public func freeLoopbackPort() -> Int {
    let (fd, port) = loopbackListener(backlog: 1)
    close(fd)
    return port
}
