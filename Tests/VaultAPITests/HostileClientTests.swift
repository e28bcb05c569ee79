import Foundation
import HTTPTestSupport
import XCTest

/// Hostile input at the API level, over real sockets (the HTTP layer's own cases are in HTTPServerTests).
final class HostileClientTests: XCTestCase {
    func testDeepOrHugeJSONIs400WithoutACrash() throws {
        let fixture = try APIFixture(regions: [.eu])
        let deep = #"{"data":{"a":"# + String(repeating: "[", count: 200_000) + "}}"
        for path in ["/v1/d/pii/tokenize", "/v1/d/pii/profiles", "/v1/d/pii/data"] {
            let response = try fixture.post(path, deep)
            XCTAssertEqual(response.status, 400, path)
        }
        let wide = #"{"email":"a@example.org","extended_attributes":{"# + (0..<20_000).map { #""k\#($0)":{"data_type":"x","value":1}"# }
            .joined(separator: ",") + "}}"
        XCTAssertEqual(try fixture.post("/v1/d/pii/profiles", wide).status, 422, "too many attributes, refused by rule")
        let longString = #"{"data":{"a":""# + String(repeating: "x", count: 1_000_000) + #""}}"#
        XCTAssertEqual(try fixture.tokenize([:], extra: [:]).status, 400)
        XCTAssertEqual(try fixture.post("/v1/d/pii/tokenize", longString).errors, ["a": "value_too_large_error"])
        XCTAssertEqual(try fixture.get("/healthz").status, 200, "still serving")
    }

    func testHundredsOfTricklingClientsDoNotStopOthers() throws {
        let fixture = try APIFixture(regions: [.eu])
        var slow: [TestConnection] = []
        for n in 0..<300 {
            let connection = try TestConnection(port: fixture.port)
            if n % 2 == 0 {
                try connection.send("POST /v1/d/pii/tokenize HTTP/1.1\r\nHost: h\r\nTenant: ac")  // headers trickling
            } else {
                try connection.send("POST /v1/d/pii/tokenize HTTP/1.1\r\nHost: h\r\nTenant: acme\r\nContent-Type: application/json\r\n"
                                    + "Authorization: Bearer \(fixture.secrets["acme"]!)\r\nContent-Length: 1000\r\n\r\n{\"data\":")  // body trickling
            }
            slow.append(connection)
        }
        var latencies: [TimeInterval] = []
        for n in 0..<30 {
            let start = Date()
            let response = try fixture.createProfile(["email": "busy\(n)@example.org"])
            latencies.append(Date().timeIntervalSince(start))
            XCTAssertEqual(response.status, 201)
        }
        XCTAssertLessThan(latencies.sorted()[latencies.count / 2], 0.1, "median latency with 300 slow clients")
        XCTAssertLessThan(latencies.max()!, 1.0)
        XCTAssertEqual(slow.count, 300)
    }
}
