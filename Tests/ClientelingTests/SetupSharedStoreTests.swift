import Clienteling
import Foundation
import Locking
import StoreTestSupport
import Vault
import XCTest

/// Two nodes on one PostgreSQL control store share the set-up data as they share tenants and keys: what
/// one node set up, the other serves; a number two nodes sell at once goes to one store; their changes make
/// one audit chain. (On SQLite each node has its own file: skipped.)
final class SetupSharedStoreTests: XCTestCase {
    func testASecondNodeServesWhatTheFirstSetUp() throws {
        let a = try SetupFixture()
        let b = try SetupFixture(sharing: a)
        XCTAssertEqual(try a.send("POST", "/setup/retailers", ["ecom_link": "https://a.example"]).status, 204)
        XCTAssertEqual(try b.send("POST", "/setup/retailers", ["ecom_link": "https://b.example"]).status, 409,
                       "configured already, on the other node")
        XCTAssertEqual(try a.putStore("ny", country: "US").status, 201)
        XCTAssertEqual(try b.storeJSON("ny")["name"] as? String, "Store ny")
        let reply = try b.send("POST", "/setup/templates/quick-replies", ["title": "Hi", "message": "Hello"])
        XCTAssertEqual(reply.status, 201, reply.text)
        let id = try XCTUnwrap(reply.json["id"] as? String)
        XCTAssertEqual(try a.send("DELETE", "/setup/templates/quick-replies/\(id)").status, 204)
        XCTAssertFalse(try b.send("GET", "/setup/templates/quick-replies").text.contains(id))
    }

    /// Outside tester: two 201s and two "create" audit records for one store; and 201 quick replies.
    func testTwoNodesCreatingOneStoreOrTheLastQuickReplyAtOnceMakeOne() throws {
        let a = try SetupFixture()
        let b = try SetupFixture(sharing: a)
        for round in 0..<3 {
            let statuses = Locked<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let status = (try? (i == 0 ? a : b).putStore("s\(round)", country: "US").status) ?? 0
                statuses.withLock { $0.append(status) }
            }
            XCTAssertEqual(statuses.withLock { $0.sorted() }, [200, 201], "round \(round)")
        }
        for i in 0..<(SetupStore.maxQuickReplies - 1) {
            XCTAssertEqual(try a.send("POST", "/setup/templates/quick-replies", ["title": "t\(i)", "message": "m"]).status, 201)
        }
        let statuses = Locked<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let status = (try? (i == 0 ? a : b).send("POST", "/setup/templates/quick-replies", ["title": "last", "message": "m"]).status) ?? 0
            statuses.withLock { $0.append(status) }
        }
        XCTAssertEqual(statuses.withLock { $0.sorted() }, [201, 409], "at most \(SetupStore.maxQuickReplies) across nodes")
    }

    func testOneNumberSoldByTwoNodesAtOnceGoesToOneStore() throws {
        let a = try SetupFixture()
        let b = try SetupFixture(sharing: a)
        try a.putStore("ny", country: "US")
        try a.putStore("bk", country: "US")
        let body = try a.onboardingBody("ny")
        let statuses = Locked<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let (node, store) = index == 0 ? (a, "ny") : (b, "bk")
            let status = (try? node.send("POST", "/setup/stores/\(store)", body).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        XCTAssertEqual(statuses.withLock { $0.sorted() }, [204, 409])
        let owners = try ["ny", "bk"].filter { try a.storeJSON($0)["phone_number"] as? String == body["phone_number"] }
        XCTAssertEqual(owners.count, 1, "the number belongs to one store")

        // Both nodes' changes are one chain, intact.
        let chain = try XCTUnwrap(AuditFiles.chains(dataDirectory: b.dataDirectory, engine: TestStores.engine(for: b.dataDirectory))
            .first { $0.name == "setup" })
        guard case .intact(let records) = try AuditFiles.verify(chain, keysDirectory: b.keysDirectory) else {
            return XCTFail("the set-up chain does not verify")
        }
        XCTAssertGreaterThanOrEqual(records, 4)
    }
}
