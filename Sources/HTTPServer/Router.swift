import Logging

/// Maps method and path to handlers. Patterns are literal segments and `{name}` parameters
/// (`/v1/d/pii/profiles/{profile_id}`). A path no pattern matches is 404; a path matched with another
/// method is 405 with `Allow`. Built once, before the server starts, then only read.
/// HEAD is served wherever GET is, by the GET handler (RFC 9110 §9.3.2: same status and headers); the
/// connection layer leaves the body out, whichever thread answers.
package struct Router: HTTPHandler {
    package typealias Handler = @Sendable (HTTPRequest, any Responder) -> Void
    /// A handler that answers at once; its errors are rendered by `render`.
    package typealias SyncHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private struct Route: Sendable {
        let method: String
        let pattern: String
        let segments: [Segment]
        let handler: Handler
    }

    private var routes: [Route] = []
    /// Routes without parameters by path (their indexes in `routes`), for a lookup instead of a scan; only
    /// those no earlier route could also match, so the first match still wins.
    private var literalRoutes: [String: [Int]] = [:]
    private let logger: Logger

    package init(logger: Logger = .shared) { self.logger = logger }

    package mutating func add(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        let segments = Self.split(pattern[...]).map { part -> Segment in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast()))
                                                       : .literal(String(part))
        }
        let shadowed = routes.contains { earlier in
            earlier.segments.count == segments.count && zip(earlier.segments, segments).allSatisfy { old, new in
                if case .literal(let a) = old, case .literal(let b) = new { return a == b }
                return true
            }
        }
        if !shadowed, segments.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            literalRoutes[pattern, default: []].append(routes.count)
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, handler: handler))
    }

    package mutating func add(_ method: String, _ pattern: String, sync handler: @escaping SyncHandler) {
        let logger = self.logger
        add(method, pattern) { request, responder in
            responder.send(Self.run(handler, request, requestID: responder.requestID, logger: logger))
        }
    }

    /// Runs a synchronous handler, turning its errors into responses that leak nothing.
    package static func run(_ handler: SyncHandler, _ request: HTTPRequest, requestID: String,
                           logger: Logger) -> HTTPResponse {
        render(requestID: requestID, logger: logger) { try handler(request) }
    }

    /// What `build` answers, or its error's answer: the one place errors become responses. An `HTTPError`
    /// renders itself, a domain error (`HTTPErrorConvertible`) as the error it maps to, and anything else
    /// is a 500 logged by type only (its text may hold a value from the request).
    package static func render(requestID: String, logger: Logger, _ build: () throws -> HTTPResponse) -> HTTPResponse {
        do {
            return try build()
        } catch let error as HTTPError {
            return error.response(requestID: requestID)
        } catch let error as any HTTPErrorConvertible {
            error.report(to: logger, requestID: requestID)
            return error.httpError.response(requestID: requestID)
        } catch {
            logger.error("unhandled error", ["request_id": .string(requestID),
                                             "error_type": .string(String(describing: type(of: error)))])
            return HTTPError(500, "internal error").response(requestID: requestID)
        }
    }

    package func handle(_ request: HTTPRequest, responder: any Responder) {
        if let candidates = literalRoutes[String(request.path)] {
            for index in candidates {
                let route = routes[index]
                guard route.method == request.method || (request.method == "HEAD" && route.method == "GET") else { continue }
                responder.setRoute(route.pattern)
                route.handler(request, responder)
                return
            }
            // Another method: the scan below finds every route of this path for 405's Allow.
        }
        let parts = Self.split(request.path)
        var allowed: [String] = []
        for route in routes where route.segments.count == parts.count {
            guard let parameters = match(route.segments, parts) else { continue }
            guard route.method == request.method || (request.method == "HEAD" && route.method == "GET") else {
                for method in route.method == "GET" ? ["GET", "HEAD"] : [route.method] where !allowed.contains(method) {
                    allowed.append(method)
                }
                continue
            }
            responder.setRoute(route.pattern)
            var routed = request
            routed.pathParameters = parameters
            route.handler(routed, responder)
            return
        }
        if allowed.isEmpty {
            responder.send(HTTPError(404, "no such resource"))
        } else {
            responder.send(HTTPError(405, "method not allowed", headers: HTTPHeaders([("allow", allowed.joined(separator: ", "))])))
        }
    }

    private func match(_ segments: [Segment], _ parts: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .parameter(let name):
                guard let decoded = PercentDecoding.decode(part), !decoded.isEmpty else { return nil }
                parameters[name] = decoded
            }
        }
        return parameters
    }

    private static func split(_ path: Substring) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
    }
}
