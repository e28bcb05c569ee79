import Foundation
import VaultCrypto

/// Twilio's request signature (`X-Twilio-Signature`): base64 of HMAC-SHA-1, under the account's auth token,
/// of the full URL Twilio called followed by every POST parameter's name and value, parameters sorted by
/// name (and a name's values sorted, as Twilio's own validators do). The URL is the one Twilio was given,
/// not one rebuilt from what this server sees: behind a proxy the two differ (`--setup-webhook-url`).
enum TwilioSignature {
    static let header = "x-twilio-signature"

    /// What is signed: `url` then name and value of each parameter, sorted by name, then by value.
    static func payload(url: String, parameters: [(String, String)]) -> [UInt8] {
        var bytes = Array(url.utf8)
        let sorted = parameters.sorted { a, b in
            a.0 == b.0 ? Array(a.1.utf8).lexicographicallyPrecedes(Array(b.1.utf8))
                       : Array(a.0.utf8).lexicographicallyPrecedes(Array(b.0.utf8))
        }
        var previous: (String, String)?
        for parameter in sorted where previous.map({ $0 != parameter }) ?? true {
            bytes += Array(parameter.0.utf8) + Array(parameter.1.utf8)
            previous = parameter
        }
        return bytes
    }

    /// The header's value for this request.
    static func sign(url: String, parameters: [(String, String)], provider: any TelephonyProvider) throws(ProviderError) -> String {
        Data(try provider.signInbound(payload(url: url, parameters: parameters))).base64EncodedString()
    }

    /// Whether `signature` is the provider's for this request, compared in constant time.
    static func isValid(_ signature: String?, url: String, parameters: [(String, String)],
                        provider: any TelephonyProvider) throws(ProviderError) -> Bool {
        guard let signature else { return false }
        let expected = try sign(url: url, parameters: parameters, provider: provider)
        return ConstantTime.equals(Array(signature.utf8), Array(expected.utf8))
    }
}
