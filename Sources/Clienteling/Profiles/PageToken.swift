import Foundation
import VaultCrypto

/// `next_page_token` of `GET /clienteling/profiles`: the last profile id of the page, sealed (AES-GCM under
/// the keyring the executable gives, the control keyring) and bound to the tenant, in base64url. Opaque: it
/// shows no id, and one changed, made up, or another tenant's does not open (400).
struct PageToken: Sendable {
    let keyring: Keyring
    static let maxLength = 512

    private static func context(_ tenant: String) -> [UInt8] { Array("piivault/clienteling/profiles-page/\(tenant)".utf8) }

    func seal(after profileID: String, tenant: String) throws(SetupError) -> String {
        do {
            let sealed = try keyring.wrap(Array(profileID.utf8), authenticating: Self.context(tenant))
            return Data(sealed).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        } catch {
            throw .unavailable
        }
    }

    func open(_ token: String, tenant: String) throws(SetupError) -> String {
        let invalid = SetupError.invalid("next_page_token is not one this API gave for this tenant")
        guard token.utf8.count <= Self.maxLength, token.utf8.allSatisfy({ Self.alphabet.contains($0) }) else { throw invalid }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let sealed = Data(base64Encoded: base64),
              let opened = try? keyring.unwrap(Array(sealed), authenticating: Self.context(tenant)),
              let id = String(validating: opened, as: UTF8.self) else { throw invalid }
        return id
    }

    private static let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
}
