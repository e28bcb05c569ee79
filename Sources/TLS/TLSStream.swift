internal import COpenSSLTLS
#if canImport(Glibc)
import Glibc
#endif

/// An established TLS session over a socket the caller owns (it sets the timeouts and closes it): reads,
/// writes and close_notify, with OpenSSL's failures mapped to three cases. Made by `TLSClientSession` and
/// `TLSPeerSession` once their handshake succeeded; frees the session and its context when released.
package final class TLSStream {
    package enum Failure: Error, Equatable, Sendable {
        /// The handshake failed, including every certificate problem.
        case handshake
        /// The socket's receive or send timeout passed.
        case timeout
        /// The connection broke, or the peer sent something that is not TLS.
        case broken
    }

    let context: OpaquePointer
    let ssl: OpaquePointer

    /// Takes ownership of both (freed on failure too).
    init(context: OpaquePointer, ssl: OpaquePointer) {
        self.context = context
        self.ssl = ssl
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

    /// The common name of the verified certificate the other side presented, or nil (none, or no name):
    /// who called, for the records of a node that accepted a peer. Letters, digits, `.`, `-` and `_` only
    /// (anything else becomes `_`), at most 64: it goes into audit records and log lines as it is, so it
    /// must not be able to pass for their own wording.
    package var peerCommonName: String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let length = piivault_ssl_peer_common_name(ssl, &buffer, Int32(buffer.count))
        guard length > 0 else { ERR_clear_error(); return nil }
        let plain = buffer.prefix(min(Int(length), 64)).map { UInt8(bitPattern: $0) }.map { byte -> UInt8 in
            let safe = (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            return safe ? byte : UInt8(ascii: "_")
        }
        return String(decoding: plain, as: UTF8.self)
    }

    /// Sends close_notify; the peer's answer is not awaited.
    package func close() { _ = SSL_shutdown(ssl) }

    /// Runs a handshake step (`SSL_connect` / `SSL_accept`) and checks the peer's certificate verified.
    func handshake(_ step: (OpaquePointer) -> Int32) throws(Failure) {
        let result = step(ssl)
        guard result == 1, SSL_get_verify_result(ssl) == X509_V_OK else {
            let timedOut = errno == EAGAIN || errno == EWOULDBLOCK
            ERR_clear_error()
            throw timedOut ? .timeout : .handshake
        }
    }

    private func failure(_ result: Int32) -> Failure {
        let code = SSL_get_error(ssl, result)
        let timedOut = (code == SSL_ERROR_SYSCALL || code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE)
            && (errno == EAGAIN || errno == EWOULDBLOCK)
        ERR_clear_error()
        return timedOut ? .timeout : .broken
    }
}
