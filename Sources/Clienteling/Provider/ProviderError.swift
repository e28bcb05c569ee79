/// Why a provider call failed. None carries the provider's own words: they can echo the request back.
package enum ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer in time.
    case timeout
    /// No connection (refused, DNS, TLS handshake or certificate).
    case unreachable
    /// The provider answered with a server error.
    case failed(status: Int)
    /// An answer that is not what the provider's API documents.
    case badAnswer
    /// The provider refused the request (a 4xx); `code` is its numeric error code when it gave one.
    case rejected(status: Int, code: Int?)
    /// The provider refused our credentials.
    case unauthorized

    package var description: String {
        switch self {
        case .timeout: return "the telephony provider did not answer in time"
        case .unreachable: return "the telephony provider cannot be reached"
        case .failed(let status): return "the telephony provider failed (HTTP \(status))"
        case .badAnswer: return "the telephony provider gave an answer that is not in its documented form"
        case .rejected(let status, let code):
            return "the telephony provider refused the request (HTTP \(status)\(code.map { ", error \($0)" } ?? ""))"
        case .unauthorized: return "the telephony provider refused this node's credentials"
        }
    }

    /// Runs a provider call for a set-up operation: its failure becomes `SetupError.provider`.
    static func asking<T>(_ call: () throws(ProviderError) -> T) throws(SetupError) -> T {
        do {
            return try call()
        } catch {
            throw .provider(error)
        }
    }

    /// Whether the provider certainly did not act: it refused, or was never reached (no request was sent).
    /// Anything else (no answer, a server error, an answer we cannot read) may have come after it acted.
    package var meansNotDone: Bool {
        switch self {
        case .rejected, .unauthorized, .unreachable: return true
        case .timeout, .failed, .badAnswer: return false
        }
    }

    /// 503 for what a retry may fix soon (no answer, the provider busy or down for a while); 502 for a
    /// provider that answered wrongly or refused.
    package var httpStatus: Int {
        switch self {
        case .timeout, .unreachable: return 503
        case .failed(let status) where status == 429 || status == 503: return 503
        case .failed, .badAnswer, .rejected, .unauthorized: return 502
        }
    }
}
