/// Where the server listens and every limit it enforces. The defaults are documented in the README;
/// each limit answers with a clear status rather than a hang.
package struct ServerConfiguration: Sendable {
    package var host: String = "127.0.0.1"
    /// 0 picks a free port (tests); `HTTPServer.port` reports it.
    package var port: Int = 8080
    /// Event-loop threads; 0 means one per core.
    package var eventLoops: Int = 0
    package var limits = Limits()

    package struct Limits: Sendable {
        /// Request line alone; longer is 414.
        package var maxRequestLineBytes = 8 * 1024
        /// Request line plus all headers; more is 431.
        package var maxHeaderBytes = 16 * 1024
        /// Header fields per request; more is 431.
        package var maxHeaderCount = 100
        /// Declared `Content-Length`; more is 413 at once, before any of the body is read.
        package var maxBodyBytes = 1024 * 1024
        /// Larger body limits for requests whose method and path start as given (uploads), checked in order.
        package var largeBodies: [LargeBody] = []
        /// Open connections across the server; more are answered 503 and closed.
        package var maxConnections = 4096
        /// From the first byte of a request to the end of its headers; then 408 and close.
        package var headerTimeoutMilliseconds: Int64 = 10_000
        /// From the end of the headers to the end of the body; then 408 and close.
        package var bodyTimeoutMilliseconds: Int64 = 30_000
        /// A keep-alive connection with no request in progress is closed after this.
        package var idleTimeoutMilliseconds: Int64 = 60_000
        /// A response the client does not read within this is dropped with the connection.
        package var writeTimeoutMilliseconds: Int64 = 30_000
        /// On shutdown, how long in-flight requests may take before connections are cut.
        package var shutdownGraceMilliseconds: Int64 = 10_000

        package init() {}

        /// The body limit for a request line.
        func maxBodyBytes(method: String, target: String) -> Int {
            largeBodies.first { $0.method == method && target.hasPrefix($0.pathPrefix) }?.maxBytes ?? maxBodyBytes
        }
    }

    package struct LargeBody: Sendable {
        package var method: String
        package var pathPrefix: String
        package var maxBytes: Int

        package init(method: String, pathPrefix: String, maxBytes: Int) {
            self.method = method
            self.pathPrefix = pathPrefix
            self.maxBytes = maxBytes
        }
    }

    package init() {}
}
