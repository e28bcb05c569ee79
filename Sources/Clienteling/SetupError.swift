/// Why a set-up operation did not happen. Messages name the rule, never the value sent.
package enum SetupError: Error, Sendable, Equatable, CustomStringConvertible {
    package var description: String { message }

    case invalid(String)
    case forbidden(String)
    case notFound(String)
    case conflict(String)
    /// The request concerns a region this node does not serve (421, as on the vault's own routes).
    case misdirected(String)
    case provider(ProviderError)
    /// The setup store failed; a retry may work.
    case unavailable
    case configuration(String)

    package var status: Int {
        switch self {
        case .invalid: return 400
        case .forbidden: return 403
        case .notFound: return 404
        case .conflict: return 409
        case .misdirected: return 421
        case .provider(let error): return error.httpStatus
        case .unavailable: return 503
        case .configuration: return 500
        }
    }

    package var message: String {
        switch self {
        case .invalid(let m), .forbidden(let m), .notFound(let m), .conflict(let m), .misdirected(let m), .configuration(let m):
            return m
        case .provider(let error): return error.description
        case .unavailable: return "the setup store is unavailable; retry later"
        }
    }
}

/// Wall-clock milliseconds, as stored in every `*_at` column.
enum SetupClock {
    static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }
}

#if canImport(Glibc)
import Glibc
#endif
