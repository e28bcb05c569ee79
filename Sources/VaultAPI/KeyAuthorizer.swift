import HTTPServer
import Vault

/// The authorizer of the vault's routes: `Access`, and for routes naming a record by id, a refused key
/// (403) recorded on the audit chain before it is answered.
struct KeyAuthorizer: RequestAuthorizer {
    let access: Access
    let vault: Vault

    func authorizeFromMemory(_ request: HTTPRequest, _ requirement: KeyRequirement, requestID: String) -> Authorization<KeyCaller>? {
        verdict(request, requirement, requestID: requestID, mayWait: false)
    }

    func authorize(_ request: HTTPRequest, _ requirement: KeyRequirement, requestID: String) -> Authorization<KeyCaller> {
        // Never nil when it may wait; the fallback only keeps that promise out of the type.
        verdict(request, requirement, requestID: requestID, mayWait: true) ?? .refused(Access.keyStoreUnavailable)
    }

    private func verdict(_ request: HTTPRequest, _ requirement: KeyRequirement, requestID: String,
                         mayWait: Bool) -> Authorization<KeyCaller>? {
        guard let audited = requirement.audited else {
            return access.verdict(request, anyOf: requirement.scopes, requestID: requestID, mayWait: mayWait)
        }
        let vault = self.vault, id = request.pathParameters[audited.parameter] ?? ""
        return access.verdict(request, anyOf: requirement.scopes, requestID: requestID, mayWait: mayWait) { key, refusal in
            .refusedLater { answer in
                vault.recordDenial(audited.operation, tenant: key.tenant, id: id,
                                   context: AuditContext(requestID: requestID, keyID: key.id)) { written in
                    answer.send(recorded: written) { throw refusal }
                }
            }
        }
    }
}
