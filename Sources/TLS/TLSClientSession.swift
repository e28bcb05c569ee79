internal import COpenSSLTLS
#if canImport(Glibc)
import Glibc
#endif

/// A TLS 1.2+ client session over a connected socket, for calling HTTPS APIs (the telephony provider).
/// The server's certificate must chain to the system's trust store (or `caFile`) and name `host`; anything
/// else fails the handshake. The socket stays the caller's: it sets timeouts on it and closes it.
package final class TLSClientSession {
    package enum Failure: Error, Equatable, Sendable {
        /// The handshake failed, including every certificate problem.
        case handshake
        /// The socket's receive or send timeout passed.
        case timeout
        /// The connection broke, or the peer sent something that is not TLS.
        case broken
    }

    private let context: OpaquePointer
    private let ssl: OpaquePointer

    package init(socket: Int32, host: String, caFile: String? = nil) throws(Failure) {
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
        self.context = context
        self.ssl = ssl
        guard SSL_set_fd(ssl, socket) == 1, SSL_set1_host(ssl, host) == 1 else {
            ERR_clear_error()
            throw .handshake
        }
        // Server name indication is for names only; an address literal is matched by SSL_set1_host alone.
        if !host.contains(":"), host.contains(where: { $0.isLetter }) { _ = piivault_ssl_set_server_name(ssl, host) }
        let result = SSL_connect(ssl)
        guard result == 1, SSL_get_verify_result(ssl) == X509_V_OK else {
            let timedOut = errno == EAGAIN || errno == EWOULDBLOCK
            ERR_clear_error()
            throw timedOut ? .timeout : .handshake
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    package func write(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            guard written > 0 else { throw failure(written) }
            offset += Int(written)
        }
    }

    /// Up to `maximum` bytes; empty at the end of the stream.
    package func read(maximum: Int) throws(Failure) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
        if count > 0 { return Array(buffer.prefix(Int(count))) }
        let code = SSL_get_error(ssl, count)
        if code == SSL_ERROR_ZERO_RETURN { return [] }
        // A peer closing without close_notify: many HTTP servers do, and the body's length is checked above us.
        if code == SSL_ERROR_SYSCALL && errno == 0 { ERR_clear_error(); return [] }
        throw failure(count)
    }

    /// Sends close_notify; the peer's answer is not awaited.
    package func close() { _ = SSL_shutdown(ssl) }

    private func failure(_ result: Int32) -> Failure {
        let code = SSL_get_error(ssl, result)
        let timedOut = (code == SSL_ERROR_SYSCALL || code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE)
            && (errno == EAGAIN || errno == EWOULDBLOCK)
        ERR_clear_error()
        return timedOut ? .timeout : .broken
    }
}
