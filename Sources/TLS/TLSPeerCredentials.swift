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
        // Built once here to find every problem at start, naming the file; each session builds its own.
        switch credentials.make(server: true) {
        case .success(let context): SSL_CTX_free(context)
        case .failure(let problem): throw problem
        }
        return credentials
    }

    /// A context for one session: TLS 1.3 only, this node's certificate and key, the peer's certificate
    /// required and verified against the CA. Nil (errors cleared) when OpenSSL refuses any part.
    func context(server: Bool) -> OpaquePointer? {
        guard case .success(let context) = make(server: server) else { return nil }
        return context
    }

    private func make(server: Bool) -> Result<OpaquePointer, Problem> {
        guard let context = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()) else {
            return .failure(Problem(description: "OpenSSL cannot make a TLS context"))
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | (server ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0), nil)
        let steps: [(Bool, String)] = [
            (piivault_ssl_ctx_require_tls13(context) == 1, "OpenSSL cannot require TLS 1.3"),
            (SSL_CTX_load_verify_locations(context, authority, nil) == 1, "\(authority) holds no PEM certificate"),
            (SSL_CTX_use_certificate_chain_file(context, certificate) == 1, "\(certificate) holds no PEM certificate"),
            // OpenSSL refuses a key that does not match the certificate already here.
            (SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1,
             "\(key) holds no PEM private key, or one that does not belong to the certificate in \(certificate)"),
            (SSL_CTX_check_private_key(context) == 1, "\(key) does not belong to the certificate in \(certificate)"),
            // The node's own certificate must pass the check every other node makes of it.
            (piivault_ssl_ctx_check_chain(context) == 1,
             "\(certificate) does not chain to \(authority), or is expired or not yet valid"),
        ]
        // The steps ran in order; the first that failed is the one named.
        if let failed = steps.first(where: { !$0.0 }) {
            SSL_CTX_free(context)
            ERR_clear_error()
            return .failure(Problem(description: failed.1))
        }
        return .success(context)
    }
}
