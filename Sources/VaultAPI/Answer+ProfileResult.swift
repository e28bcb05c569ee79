import HTTPServer
import Vault

extension Answer {
    /// Sends `success(value)`, or the error's answer (`noun` names what was asked for: "profile",
    /// "address", ...); the response is made on the event loop.
    func send<T: Sendable>(_ result: Result<T, ProfileError>, noun: String,
                           _ success: @escaping @Sendable (T) -> HTTPResponse) {
        send { success(try result.mapError { $0.httpError(noun) }.get()) }
    }

    /// Sends what `build` makes (or throws) once the audit record it depends on is written; when that record
    /// could not be written, the store's error instead: nothing is answered off the record.
    func send(recorded written: Result<Void, ProfileError>, _ build: @escaping @Sendable () throws -> HTTPResponse) {
        send {
            try written.mapError { $0.httpError("record") }.get()
            return try build()
        }
    }
}
