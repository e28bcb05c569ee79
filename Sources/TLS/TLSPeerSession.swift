internal import COpenSSLTLS

/// Mutual TLS between vault nodes over a connected socket the caller owns: both sides present a certificate
/// chaining to the shared CA (`TLSPeerCredentials`), TLS 1.3 only. A connecting node also checks the
/// accepting node's certificate names the host it dialled; an accepting node refuses a client without a
/// certificate. Anything else fails the handshake.
package enum TLSPeerSession {
    package typealias Failure = TLSStream.Failure

    package static func accept(socket: Int32, credentials: TLSPeerCredentials) throws(Failure) -> TLSStream {
        let stream = try session(socket: socket, credentials: credentials, server: true)
        try stream.handshake { SSL_accept($0) }
        return stream
    }

    package static func connect(socket: Int32, host: String, credentials: TLSPeerCredentials) throws(Failure) -> TLSStream {
        let stream = try session(socket: socket, credentials: credentials, server: false)
        guard SSL_set1_host(stream.ssl, host) == 1 else {
            ERR_clear_error()
            throw .handshake
        }
        if !host.contains(":"), host.contains(where: { $0.isLetter }) { _ = piivault_ssl_set_server_name(stream.ssl, host) }
        try stream.handshake { SSL_connect($0) }
        return stream
    }

    private static func session(socket: Int32, credentials: TLSPeerCredentials, server: Bool) throws(Failure) -> TLSStream {
        guard let context = credentials.context(server: server) else { throw .handshake }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            ERR_clear_error()
            throw .handshake
        }
        let stream = TLSStream(context: context, ssl: ssl)
        guard SSL_set_fd(ssl, socket) == 1 else {
            ERR_clear_error()
            throw .handshake
        }
        return stream
    }
}
