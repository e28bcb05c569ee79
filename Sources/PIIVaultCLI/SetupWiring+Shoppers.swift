import Clienteling
import Foundation
import Vault
import VaultCrypto

/// The shoppers of `/setup/webhooks` and `/clienteling`: the vault's profiles. A lookup by phone number is
/// the profile search on the phone field, confirmed by an exact E.164 comparison; both reads are on the
/// vault's audit record like any other, under the caller's key id (`twilio-webhook` for the webhook).
struct VaultShopperDirectory: ShopperDirectory {
    let vault: Vault
    /// More profiles than this sharing digits with a number are not looked through (a number has 7 to 15).
    static let candidates = 100

    /// Several profiles with one number: the oldest is the shopper (the search's order is by creation).
    func profileID(_ caller: SetupCaller, phoneNumber: String) throws(SetupError) -> String? {
        guard let tenant = Tenant(caller.tenant) else { return nil }
        var query = ProfileQuery()
        query.text = phoneNumber
        query.descending = false
        query.count = Self.candidates
        let context = AuditContext(requestID: caller.requestID, keyID: caller.keyID)
        let page = try Self.waiting { vault.listProfiles(tenant: tenant, query: query, context: context, completion: $0) }
        return page?.profiles.first { $0.fields.phoneNumber == phoneNumber }?.id.string
    }

    /// The reads go to the vault all at once (its audit records then share commits) and are waited for together.
    func phoneNumbers(_ caller: SetupCaller, profileIDs: [String]) throws(SetupError) -> [String: String] {
        guard let tenant = Tenant(caller.tenant), !profileIDs.isEmpty else { return [:] }
        let context = AuditContext(requestID: caller.requestID, keyID: caller.keyID)
        let results = Answers<[String: Result<Profile, ProfileError>]>([:])
        let group = DispatchGroup()
        for id in Set(profileIDs) {
            group.enter()
            vault.profile(tenant: tenant, id: id, context: context) { result in
                results.withLock { $0[id] = result }
                group.leave()
            }
        }
        group.wait()
        var numbers: [String: String] = [:]
        for (id, result) in results.withLock({ $0 }) {
            switch result {
            case .success(let profile): numbers[id] = profile.fields.phoneNumber
            case .failure(.notFound), .failure(.invalidID), .failure(.regionNotServed): continue
            case .failure: throw .unavailable
            }
        }
        return numbers
    }

    /// Waits for a vault call's completion; a profile the vault cannot find is nil, any other failure a 503.
    private static func waiting<T: Sendable>(_ call: (@escaping Vault.ProfileCompletion<T>) -> Void) throws(SetupError) -> T? {
        let answer = Answers<Result<T, ProfileError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        call { result in
            answer.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        switch answer.withLock({ $0 }) {
        case .success(let value)?: return value
        case .failure(.notFound)?, .failure(.invalidID)?, .failure(.regionNotServed)?: return nil
        default: throw .unavailable
        }
    }
}

/// The vault's answers as they come in on its threads (PIIVaultCLI does not import Locking for one lock).
private final class Answers<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

extension SetupWiring {
    /// Page tokens are sealed under the control keyring of `keysDirectory`, which every node holds.
    package static func shoppers(_ vault: Vault, webhookURL: String?, keysDirectory: String) throws -> Shoppers {
        let keyring: Keyring
        do {
            keyring = try KeyringFile.load(keysDirectory: keysDirectory, region: ControlStore.keyringName)
        } catch let error as CryptoError {
            throw VaultError.keys("clienteling page tokens need the control keyring: \(error.description)")
        }
        return Shoppers(directory: VaultShopperDirectory(vault: vault), webhookURL: webhookURL, pageKeyring: keyring)
    }
}
