import Clienteling
import Foundation
import HTTPTestSupport
import XCTest

/// The limits of /setup that are its own (the HTTP server's limits are tested with the server).
final class SetupLimitsTests: XCTestCase {
    func testRequestsBeyondTheWaitingLimitAre503NotAHang() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        var flaky: FlakyProvider?
        let f = try SetupFixture(provider: { local in
            let provider = FlakyProvider(local)
            provider.gate = (.lists, entered, release)
            flaky = provider
            return provider
        }, workers: (threads: 1, waiting: 1))
        XCTAssertNotNil(flaky)
        let port = f.port, key = f.secrets["acme"]!
        let request = "GET /setup/trust-products HTTP/1.1\r\nHost: localhost\r\nTenant: acme\r\nAuthorization: Bearer \(key)\r\n\r\n"
        let running = try TestConnection(port: port)
        try running.send(request)
        XCTAssertEqual(entered.wait(timeout: .now() + 10), .success, "the first is running")
        let waiting = try TestConnection(port: port)
        try waiting.send(request)
        usleep(300_000)  // the second is now waiting for the one worker
        let refused = try TestConnection(port: port)
        try refused.send(request)
        let answer = try refused.readResponse()
        XCTAssertEqual(answer.status, 503)
        XCTAssertEqual(answer.headers["retry-after"], "1")
        release.signal()
        release.signal()
        XCTAssertEqual(try running.readResponse().status, 200)
        XCTAssertEqual(try waiting.readResponse().status, 200, "the waiting one runs once a worker is free")
    }

    func testCountLimits() throws {
        let f = try SetupFixture()
        for i in 0..<SetupStore.maxQuickReplies {
            XCTAssertEqual(try f.send("POST", "/setup/templates/quick-replies", ["title": "t\(i)", "message": "m"]).status, 201)
        }
        XCTAssertEqual(try f.send("POST", "/setup/templates/quick-replies", ["title": "one more", "message": "m"]).status, 409)
        XCTAssertEqual(try f.send("GET", "/setup/stores?limit=501").status, 400)
        XCTAssertEqual(try f.send("GET", "/setup/stores?limit=500").status, 200)
        let ids = (0...Submissions.maxDocuments).map { _ in "NS-EU-\(UUID().uuidString.lowercased())" }
        XCTAssertEqual(try f.send("POST", "/setup/regulatory-submissions", ["country_code": "DE", "document_ids": ids]).status, 400)
        XCTAssertEqual(try f.send("PUT", "/setup/stores/s1", ["name": "A", "country_code": "DE", "landline": "+4930123456789012"]).status,
                       400, "16 digits")
    }
}

