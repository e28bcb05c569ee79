import Foundation
import VaultCrypto

/// The Twilio account this node buys numbers with, read from `<keys-dir>/twilio.credentials`: one line
/// `ACCOUNT_SID:AUTH_TOKEN`, mode 0600 like the keyrings beside it. Never from the command line (visible to
/// every user in `ps`), never logged; the Basic authorization bytes and the token are wiped when the provider goes.
final class TwilioCredentials: @unchecked Sendable {
    let accountSID: String
    private var authorization: [UInt8]
    /// The auth token alone: the key of Twilio's webhook signatures (HMAC-SHA-1).
    private let authToken: SecureBytes

    static func path(keysDirectory: String) -> String { keysDirectory + "/twilio.credentials" }

    init(keysDirectory: String) throws(SetupError) {
        let path = Self.path(keysDirectory: keysDirectory)
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .configuration("\(path) is missing: write ACCOUNT_SID:AUTH_TOKEN to it (mode 0600) for --provider twilio")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw .configuration("\(path) is readable by group or others: chmod 600 it")
        }
        guard var bytes = FileManager.default.contents(atPath: path).map(Array.init) else {
            throw .configuration("cannot read \(path)")
        }
        defer { for i in bytes.indices { bytes[i] = 0 } }
        while let last = bytes.last, last == 10 || last == 13 || last == 32 { bytes.removeLast() }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon < bytes.count - 1,
              bytes.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw .configuration("\(path) must hold one line ACCOUNT_SID:AUTH_TOKEN")
        }
        let sid = String(decoding: bytes[..<colon], as: UTF8.self)
        guard sid.hasPrefix("AC"), sid.utf8.count == 34 else {
            throw .configuration("\(path): the account SID must be AC followed by 32 hexadecimal digits")
        }
        accountSID = sid
        authToken = SecureBytes(copying: bytes[(colon + 1)...])
        authorization = Array(("Basic " + Data(bytes).base64EncodedString()).utf8)
    }

    deinit {
        for i in authorization.indices { authorization[i] = 0 }
    }

    /// `payload` signed as Twilio signs the requests it sends this account's webhooks.
    func sign(_ payload: [UInt8]) throws -> [UInt8] { try HMACSHA1.authenticate(payload, key: authToken) }

    var header: (String, String) { ("Authorization", String(decoding: authorization, as: UTF8.self)) }
}
