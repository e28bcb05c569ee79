internal import COpenSSLTLS
#if canImport(Glibc)
import Glibc
#endif

/// What a node presents and trusts on the channel between vault nodes (mutual TLS): its certificate and key,
/// and the CA every node's certificate must chain to, as files under the keys directory: `peer.crt`,
/// `peer.key` (mode 0600, like a keyring) and `peer-ca.crt`. Checked whole when loaded, so a missing or
/// unusable file is a start-up error naming it, not a failing handshake later.
package struct TLSPeerCredentials: Sendable {
    package struct Problem: Error, CustomStringConvertible, Sendable {
        package let description: String
    }

    package static let certificateName = "peer.crt"
    package static let keyName = "peer.key"
    package static let authorityName = "peer-ca.crt"

    let certificate: String
    let key: String
    let authority: String

    package static func load(keysDirectory: String) throws(Problem) -> TLSPeerCredentials {
        let credentials = TLSPeerCredentials(certificate: keysDirectory + "/" + certificateName, key: keysDirectory + "/" + keyName,
                                             authority: keysDirectory + "/" + authorityName)
        for path in [credentials.certificate, credentials.key, credentials.authority] where access(path, R_OK) != 0 {
            throw Problem(description: "\(path) is missing or unreadable (the peer channel needs \(certificateName), "
                          + "\(keyName) and \(authorityName) in the keys directory)")
        }
        var info = stat()
        guard stat(credentials.key, &info) == 0, info.st_mode & 0o077 == 0 else {
            throw Problem(description: "\(credentials.key) is readable by group or others: run `chmod 600 \(credentials.key)`")
        }
        // Built once here to find every problem at start; each session builds its own.
        guard let context = credentials.context(server: true) else {
            throw Problem(description: "OpenSSL refused \(credentials.certificate), \(credentials.key) or \(credentials.authority) "
                          + "(not PEM, or the key does not belong to the certificate)")
        }
        SSL_CTX_free(context)
        return credentials
    }

    /// A context for one session: TLS 1.3 only, this node's certificate and key, the peer's certificate
    /// required and verified against the CA. Nil (errors cleared) when OpenSSL refuses any part.
    func context(server: Bool) -> OpaquePointer? {
        guard let context = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()) else { return nil }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | (server ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0), nil)
        guard piivault_ssl_ctx_require_tls13(context) == 1,
              SSL_CTX_load_verify_locations(context, authority, nil) == 1,
              SSL_CTX_use_certificate_chain_file(context, certificate) == 1,
              SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1,
              SSL_CTX_check_private_key(context) == 1 else {
            SSL_CTX_free(context)
            ERR_clear_error()
            return nil
        }
        return context
    }
}
