#if PostgreSQL
import Foundation
internal import CLibPQ

/// Every answer is awaited with a deadline (`answerTimeoutMilliseconds`): libpq's own calls would wait as long
/// as the server keeps the connection open, answering or not.
extension PostgresConnection {
    /// Sends with `send`, then reads the statement's results until libpq has no more; returns the first that
    /// failed, else the last.
    func exchange(sql: String, preparing: Bool = false, _ send: () -> Int32) throws -> PostgresRows {
        guard !abandoned else {
            throw PostgresError(sqlState: "", message: "\(Self.operation(of: sql)): the connection was given up")
        }
        guard send() == 1 else { throw sendFailure(sql) }
        let deadline = Self.now() + answerTimeoutMilliseconds
        var kept: OpaquePointer?
        while let result = try nextResult(deadline: deadline, operation: Self.operation(of: sql)) {
            if let previous = kept, PQresultStatus(previous) == PGRES_FATAL_ERROR {
                PQclear(result)
            } else {
                if let previous = kept { PQclear(previous) }
                kept = result
            }
        }
        return try check(kept, sql: sql, preparing: preparing)
    }

    /// The next result, waiting for it at most until `deadline` (milliseconds, `now()`); nil when the
    /// statement has no more. Past the deadline the server is asked to cancel it and the connection is
    /// given up.
    func nextResult(deadline: Int64, operation: String) throws -> OpaquePointer? {
        while PQisBusy(handle) == 1 {
            let remaining = deadline - Self.now()
            guard remaining > 0 else {
                abandon()
                throw PostgresError(sqlState: "", message: "\(operation): no answer from the server within "
                                    + "\(answerTimeoutMilliseconds / 1_000) s (the connection is given up)")
            }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, Int32(min(remaining, 1_000))) < 0 && errno != EINTR { break }
            if PQconsumeInput(handle) == 0 { break }
        }
        return PQgetResult(handle)
    }

    /// Gives the connection up, and asks the server to cancel what it runs for it (a transaction waiting for
    /// a synchronous standby then ends and frees its locks). The request goes from a thread of its own:
    /// against a frozen server it may wait as long as the server does.
    private func abandon() {
        abandoned = true
        guard let cancel = PQgetCancel(handle) else { return }
        let request = CancelRequest(cancel)
        Thread.detachNewThread { request.send() }
    }

    /// Whether an idle connection is still usable, without a round trip: a server that restarted or was killed
    /// has closed it (or said why it would), which shows as input waiting on an idle socket. Owners check
    /// before they reuse a connection, so the first request after a restart does not fail on a dead one.
    package var isUsable: Bool {
        guard !isBroken else { return false }
        guard pending == 0 else { return true }
        // Input on an idle connection is the server's goodbye (a shutdown's FATAL, its end of the connection):
        // nothing else comes unasked here (the vault never LISTENs). Not worth reading: the owner opens another.
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000 + Int64(time.tv_nsec) / 1_000_000
    }
}

/// libpq's cancel object, used once from the thread that sends it and freed there.
private final class CancelRequest: @unchecked Sendable {
    private let cancel: OpaquePointer

    init(_ cancel: OpaquePointer) { self.cancel = cancel }

    func send() {
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &message, Int32(message.count))
        PQfreeCancel(cancel)
    }
}
#endif
