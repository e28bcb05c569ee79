import HTTPServer
import Logging

/// A set-up error's answer: its status and message, with `Retry-After` when a retry may work (503).
extension SetupError: HTTPErrorConvertible {
    package var httpError: HTTPError {
        HTTPError(status, message, headers: status == 503 ? HTTPHeaders([("retry-after", "1")]) : HTTPHeaders())
    }

    package func report(to logger: Logger, requestID: String) {
        switch self {
        case .configuration:
            logger.error("setup misconfigured", ["request_id": .string(requestID)])
        case .provider(let failure):
            // Ops need to see the provider failing; the description never holds its words.
            logger.warning("telephony provider failed", ["request_id": .string(requestID), "error": .string(failure.description)])
        default:
            break
        }
    }
}
