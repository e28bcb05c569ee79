import Foundation
import HTTPServer
import Logging

/// A live server on port 0 with a few test routes:
/// `POST /echo` answers the body; `GET /slow?ms=N` answers from another thread after N ms;
/// `GET /items/{id}` answers the id; `GET /fail` throws a 409; `GET /cacheable` sets its own `Cache-Control`.
final class ServerFixture: @unchecked Sendable {
    let server: HTTPServer
    var port: Int { server.port }

    init(configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.eventLoops = 2
        configure(&configuration)
        var router = Router(logger: Logger(minimum: .error, fileDescriptor: 2))
        router.add("POST", "/echo", sync: { request in
            HTTPResponse(status: 200, headers: HTTPHeaders([("content-type", "application/octet-stream")]), body: request.body)
        })
        router.add("GET", "/slow") { request, responder in
            let ms = Int(request.query?.split(separator: "=").last ?? "0") ?? 0
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) {
                responder.send(HTTPResponse(status: 200, body: Array("slow \(ms)".utf8)))
            }
        }
        router.add("GET", "/items/{id}", sync: { request in
            HTTPResponse(status: 200, body: Array((request.pathParameters["id"] ?? "").utf8))
        })
        router.add("GET", "/fail", sync: { _ in throw HTTPError(409, "conflict here") })
        router.add("GET", "/cacheable", sync: { _ in
            HTTPResponse(status: 200, headers: HTTPHeaders([("cache-control", "max-age=60")]), body: Array("public".utf8))
        })
        server = HTTPServer(configuration: configuration, handler: router, logger: Logger(minimum: .error, fileDescriptor: 2))
        try server.start()
    }

    deinit { server.shutdown() }
}
