import Clienteling
import HTTPServer
import Vault
import VaultAPI

/// `/setup` requests authorized by the vault's API keys: `setup:read` (or `setup:write`) to read,
/// `setup:write` to change. The caller is the key's tenant and id.
struct SetupKeyAuthorizer: RequestAuthorizer {
    let access: Access

    func authorizeFromMemory(_ request: HTTPRequest, _ scope: SetupScope, requestID: String) -> Authorization<SetupCaller>? {
        access.authorizeFromMemory(request, Self.scopes(scope), requestID: requestID)?.map(Self.caller)
    }

    func authorize(_ request: HTTPRequest, _ scope: SetupScope, requestID: String) -> Authorization<SetupCaller> {
        access.authorize(request, Self.scopes(scope), requestID: requestID).map(Self.caller)
    }

    private static func scopes(_ scope: SetupScope) -> [Scope] { scope == .read ? [.setupRead, .setupWrite] : [.setupWrite] }

    private static func caller(_ key: KeyCaller) -> SetupCaller {
        SetupCaller(tenant: key.tenant.name, keyID: key.key.id, requestID: key.requestID)
    }
}
