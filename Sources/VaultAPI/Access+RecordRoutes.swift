import HTTPServer
import Vault

extension Access {
    /// `authorize` for a route that names a record by id: a key refused for its tenant or scopes (403) is
    /// put on the audit record before it is answered, as the not-found answers of the same routes are, so a
    /// key probing ids it may not use leaves a trail. Nil once the answer is on its way.
    func authorize(_ request: HTTPRequest, anyOf scopes: [Scope], naming id: String, for operation: RecordOperation,
                   vault: Vault, _ responder: ResponseSink) -> APIKey? {
        let key: APIKey
        do { key = try authenticate(request) } catch {
            responder.send(error)
            return nil
        }
        do { try permit(key, request, anyOf: scopes) } catch {
            guard error.status == 403 else {
                responder.send(error)
                return nil
            }
            vault.recordDenial(operation, tenant: key.tenant, id: id, context: AuditContext(key, responder)) { written in
                switch written {
                case .success: responder.send(error)
                case .failure(let failure): responder.send(failure.httpError("record"))
                }
            }
            return nil
        }
        return key
    }
}
