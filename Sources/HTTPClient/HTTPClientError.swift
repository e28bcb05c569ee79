/// Why an HTTP exchange failed. No case carries the request or the answer's content.
package enum HTTPClientError: Error, Sendable, Equatable {
    case timeout
    /// DNS, connection refused, TLS handshake or certificate.
    case unreachable
    /// The connection broke or the answer is not HTTP/1.1 as RFC 9112 writes it.
    case malformedResponse
    /// The answer is larger than the client's limit.
    case responseTooLarge
    /// The TLS handshake with a peer node failed: its certificate (CA, name, dates), or no TLS there at all.
    case tlsRefused
    /// Not sent: the peer did not answer a moment ago and is left alone for a while (`PeerClient`).
    case backingOff
}
