import XCTest
@testable import HTTPServer

/// An event loop's mailbox: the first item wakes the loop, items come out in order, and once closed
/// nothing more is kept.
final class MailboxTests: XCTestCase {
    func testTheFirstItemWakesAndItemsComeOutInOrder() {
        var mailbox = Mailbox<Int>()
        XCTAssertEqual(mailbox.posting(1), .first)
        XCTAssertFalse(mailbox.post(2), "the loop is being woken already")
        XCTAssertEqual(mailbox.take(), [1, 2])
        XCTAssertEqual(mailbox.take(), [])
        XCTAssertTrue(mailbox.post(3), "emptied: the next item wakes again")
    }

    func testAClosedMailboxHandsBackWhatItHeldAndRefusesMore() {
        var mailbox = Mailbox<Int>()
        _ = mailbox.post(1)
        XCTAssertEqual(mailbox.close(), [1])
        XCTAssertEqual(mailbox.posting(2), .closed)
        XCTAssertFalse(mailbox.post(3))
        XCTAssertEqual(mailbox.take(), [], "nothing posted after closing is kept")
    }
}
