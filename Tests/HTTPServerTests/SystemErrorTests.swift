import Glibc
import XCTest
@testable import HTTPServer

/// The one system-call wrapper: EINTR retried, EAGAIN an answer on the hot path, anything else an error
/// naming the call.
final class SystemErrorTests: XCTestCase {
    /// A call that fails with each of `errors` in turn, then returns `result`.
    private final class FakeCall {
        var errors: [Int32]
        let result: Int
        var calls = 0
        init(failing errors: [Int32], then result: Int) {
            self.errors = errors
            self.result = result
        }
        func callAsFunction() -> Int {
            calls += 1
            guard !errors.isEmpty else { return result }
            errno = errors.removeFirst()
            return -1
        }
    }

    func testInterruptedCallsAreRetried() throws {
        let call = FakeCall(failing: [EINTR, EINTR], then: 7)
        XCTAssertEqual(try nonBlockingSyscall("recv") { call() }, 7)
        XCTAssertEqual(call.calls, 3)
        let setUp = FakeCall(failing: [EINTR], then: 0)
        XCTAssertEqual(try syscall("listen") { setUp() }, 0)
        XCTAssertEqual(setUp.calls, 2)
    }

    func testWouldBlockIsNilOnTheHotPathAndAFailureForSetUpCalls() throws {
        for code in [EAGAIN, EWOULDBLOCK] {
            XCTAssertNil(try nonBlockingSyscall("send") { FakeCall(failing: [code], then: 1)() })
        }
        XCTAssertThrowsError(try syscall("epoll_ctl") { FakeCall(failing: [EAGAIN], then: 0)() }) { error in
            XCTAssertEqual((error as? SystemError)?.call, "epoll_ctl")
            XCTAssertEqual((error as? SystemError)?.errno, EAGAIN)
        }
    }

    func testOtherFailuresNameTheCallAndErrno() {
        XCTAssertThrowsError(try nonBlockingSyscall("accept4") { FakeCall(failing: [ECONNABORTED], then: 3)() }) { error in
            let error = error as? SystemError
            XCTAssertEqual(error?.call, "accept4")
            XCTAssertEqual(error?.errno, ECONNABORTED)
            XCTAssertEqual(error.map(String.init(describing:))?.hasPrefix("accept4 failed: "), true)
        }
    }
}
