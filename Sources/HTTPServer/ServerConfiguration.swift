/// Where the server listens and every limit it enforces. The defaults are documented in the README;
/// each limit answers with a clear status rather than a hang.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks a free port (tests); `HTTPServer.port` reports it.
    public var port: Int = 8080
    /// Event-loop threads; 0 means one per core.
    public var eventLoops: Int = 0
    public var limits = Limits()

    public struct Limits: Sendable {
        /// Request line alone; longer is 414.
        public var maxRequestLineBytes = 8 * 1024
        /// Request line plus all headers; more is 431.
        public var maxHeaderBytes = 16 * 1024
        /// Header fields per request; more is 431.
        public var maxHeaderCount = 100
        /// Declared `Content-Length`; more is 413 at once, before any of the body is read.
        public var maxBodyBytes = 1024 * 1024
        /// Larger body limits for requests whose method and path start as given (uploads), checked in order.
        public var largeBodies: [LargeBody] = []
        /// Open connections across the server; more are answered 503 and closed.
        public var maxConnections = 4096
        /// From the first byte of a request to the end of its headers; then 408 and close.
        public var headerTimeoutMilliseconds: Int64 = 10_000
        /// From the end of the headers to the end of the body; then 408 and close.
        public var bodyTimeoutMilliseconds: Int64 = 30_000
        /// A keep-alive connection with no request in progress is closed after this.
        public var idleTimeoutMilliseconds: Int64 = 60_000
        /// A response the client does not read within this is dropped with the connection.
        public var writeTimeoutMilliseconds: Int64 = 30_000
        /// On shutdown, how long in-flight requests may take before connections are cut.
        public var shutdownGraceMilliseconds: Int64 = 10_000

        public init() {}

        /// The body limit for a request line.
        func maxBodyBytes(method: String, target: String) -> Int {
            largeBodies.first { $0.method == method && target.hasPrefix($0.pathPrefix) }?.maxBytes ?? maxBodyBytes
        }
    }

    public struct LargeBody: Sendable {
        public var method: String
        public var pathPrefix: String
        public var maxBytes: Int

        public init(method: String, pathPrefix: String, maxBytes: Int) {
            self.method = method
            self.pathPrefix = pathPrefix
            self.maxBytes = maxBytes
        }
    }

    public init() {}
}
