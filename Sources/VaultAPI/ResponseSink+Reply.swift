import HTTPServer
import Vault

extension AuditContext {
    /// The caller of a request, for the audit records it causes.
    init(_ key: APIKey, _ responder: ResponseSink) {
        self.init(requestID: responder.requestID, keyID: key.id)
    }
}

extension ResponseSink {
    /// Sends `success(value)`, or the error's answer; runs the serializing on the event loop.
    func reply<T: Sendable>(_ result: Result<T, ProfileError>, noun: String,
                            _ success: @escaping @Sendable (T) -> HTTPResponse) {
        let requestID = self.requestID
        send {
            switch result {
            case .success(let value): success(value)
            case .failure(let error): error.httpError(noun).response(requestID: requestID)
            }
        }
    }
}

