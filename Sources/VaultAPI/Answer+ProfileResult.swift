import HTTPServer
import Vault

extension Answer {
    /// Sends `success(value)`, or the error's answer (`noun` names what was asked for: "profile",
    /// "address", ...); the response is made on the event loop.
    func send<T: Sendable>(_ result: Result<T, ProfileError>, noun: String,
                           _ success: @escaping @Sendable (T) -> HTTPResponse) {
        send { success(try result.mapError { $0.httpError(noun) }.get()) }
    }
}
