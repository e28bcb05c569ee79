internal import COpenSSLTLS
#if canImport(Glibc)
import Glibc
#endif

/// A TLS 1.2+ client session over a connected socket, for calling HTTPS APIs (the telephony provider).
/// The server's certificate must chain to the system's trust store (or `caFile`) and name `host`; anything
/// else fails the handshake. The socket stays the caller's: it sets timeouts on it and closes it.
package enum TLSClientSession {
    package typealias Failure = TLSStream.Failure

    package static func connect(socket: Int32, host: String, caFile: String? = nil) throws(Failure) -> TLSStream {
        // The context is configured whole before the session is made from it: SSL_new copies settings such
        // as the minimum protocol version, so later changes to the context would not reach this session.
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .handshake }
        let trusted = caFile.map { SSL_CTX_load_verify_locations(context, $0, nil) } ?? SSL_CTX_set_default_verify_paths(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard trusted == 1, piivault_ssl_ctx_require_tls12(context) == 1, let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            ERR_clear_error()
            throw .handshake
        }
        let stream = TLSStream(context: context, ssl: ssl)
        guard SSL_set_fd(ssl, socket) == 1, SSL_set1_host(ssl, host) == 1 else {
            ERR_clear_error()
            throw .handshake
        }
        // Server name indication is for names only; an address literal is matched by SSL_set1_host alone.
        if !host.contains(":"), host.contains(where: { $0.isLetter }) { _ = piivault_ssl_set_server_name(ssl, host) }
        try stream.handshake { SSL_connect($0) }
        return stream
    }
}
