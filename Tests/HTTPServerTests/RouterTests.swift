import Foundation
import HTTPTestSupport
import Logging
import XCTest
@testable import HTTPServer

/// Route order on a real socket: paths without parameters are found by lookup, but the first route that
/// matches still answers, and a literal path asked with another method is still 405 with every method.
final class RouterTests: XCTestCase {
    private func server(_ configure: (inout Router) -> Void) throws -> HTTPServer {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.eventLoops = 1
        var router = Router(logger: Logger(minimum: .error, fileDescriptor: 2))
        configure(&router)
        let server = HTTPServer(configuration: configuration, handler: router, logger: Logger(minimum: .error, fileDescriptor: 2))
        try server.start()
        addTeardownBlock { server.shutdown() }
        return server
    }

    private func answer(_ text: String) -> Router.SyncHandler {
        { _ in HTTPResponse(status: 200, body: Array(text.utf8)) }
    }

    func testTheFirstMatchingRouteAnswersWhetherOrNotItHasParameters() throws {
        let server = try server { router in
            router.add("GET", "/items/{id}", sync: { HTTPResponse(status: 200, body: Array("item \($0.pathParameters["id"] ?? "")".utf8)) })
            router.add("GET", "/items/new", sync: answer("shadowed"))
            router.add("POST", "/items/new", sync: answer("created"))
            router.add("GET", "/stats", sync: answer("stats"))
            router.add("GET", "/stats/{part}", sync: answer("part"))
        }
        XCTAssertEqual(try httpRequest(port: server.port, method: "GET", path: "/items/new").text, "item new")
        XCTAssertEqual(try httpRequest(port: server.port, method: "POST", path: "/items/new").text, "created")
        XCTAssertEqual(try httpRequest(port: server.port, method: "GET", path: "/stats").text, "stats")
        XCTAssertEqual(try httpRequest(port: server.port, method: "HEAD", path: "/stats").status, 200)
        XCTAssertEqual(try httpRequest(port: server.port, method: "GET", path: "/stats?x=1").text, "stats")
        let wrong = try httpRequest(port: server.port, method: "DELETE", path: "/stats")
        XCTAssertEqual(wrong.status, 405)
        XCTAssertEqual(wrong.headers["allow"], "GET, HEAD")
        let both = try httpRequest(port: server.port, method: "PUT", path: "/items/new")
        XCTAssertEqual(both.status, 405)
        XCTAssertEqual(both.headers["allow"], "GET, HEAD, POST")
        XCTAssertEqual(try httpRequest(port: server.port, method: "GET", path: "/stats/").status, 404)
    }
}
