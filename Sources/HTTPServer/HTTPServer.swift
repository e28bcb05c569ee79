import CLinux
import Foundation
import Locking
import Logging

/// Our HTTP/1.1 server on POSIX sockets: one listening socket shared by N epoll loops (one per core by
/// default), keep-alive, in-order pipelining, `Content-Length` bodies, and the limits of
/// `ServerConfiguration.Limits`. It knows nothing of what it serves: every request goes to the handler.
package final class HTTPServer: @unchecked Sendable {
    package let configuration: ServerConfiguration
    private let handler: any HTTPHandler
    private let logger: Logger
    private var listenFD: Int32 = -1
    private var loops: [EventLoop] = []
    private var group: LoopGroup?
    private var finished: [DispatchSemaphore] = []
    package private(set) var port: Int = 0

    package init(configuration: ServerConfiguration, handler: any HTTPHandler, logger: Logger = .shared) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
    }

    /// Binds, listens and starts the event loops. Throws if the address cannot be bound.
    package func start() throws {
        Self.raiseFileLimit()
        let (fd, boundPort) = try Listener.open(host: configuration.host, port: configuration.port)
        listenFD = fd
        port = boundPort
        let counter = ConnectionCounter()
        let group = LoopGroup()
        let count = configuration.eventLoops > 0 ? configuration.eventLoops
                                                 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        for index in 0..<count {
            let loop = try EventLoop(index: index, listenFD: fd, limits: configuration.limits, handler: handler,
                                     logger: logger, connectionCount: counter, group: group)
            loops.append(loop)
        }
        group.loops = loops
        self.group = group
        for loop in loops {
            let done = DispatchSemaphore(value: 0)
            finished.append(done)
            Thread.startNamed("http-loop-\(loop.index)", stackSize: 4 << 20) {
                loop.run()
                done.signal()
            }
        }
    }

    /// Stops accepting, lets in-flight requests finish (up to the grace period), closes every connection,
    /// and returns when all loops have ended.
    package func shutdown() {
        for loop in loops { loop.requestStop() }
        for done in finished { done.wait() }
        // Loops and their group refer to each other; undo that so the loops (and their descriptors) go.
        group?.loops.removeAll()
        group = nil
        loops.removeAll()
        finished.removeAll()
        if listenFD >= 0 {
            close(listenFD)
            listenFD = -1
        }
    }

    /// Many connections need many descriptors: lift the soft limit to the hard one.
    private static func raiseFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
