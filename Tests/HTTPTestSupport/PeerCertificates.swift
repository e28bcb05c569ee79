import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Certificates for the peer channel, made by `openssl` as an operator would: a CA per `ca` name (made on
/// first use) and, per node, `peer.crt` (for `localhost` and 127.0.0.1, common name `name`), `peer.key`
/// (0600) and the CA as `peer-ca.crt`, written into a keys directory.
public struct PeerCertificates {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let directory: String

    /// `directory` holds the CAs; it must exist.
    public init(directory: String) { self.directory = directory }

    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") }

    /// Writes a node's certificate, key and CA into `keysDirectory` (created if missing).
    @discardableResult
    public func issue(_ name: String, ca: String = "ca", into keysDirectory: String) throws -> String {
        func openssl(_ arguments: [String]) throws {
            let result = try runProcess("/usr/bin/openssl", arguments, timeout: 60)
            guard result.status == 0 else { throw Failure(description: "openssl \(arguments[0]) failed: \(result.output)") }
        }
        let caDirectory = directory + "/" + ca
        if !FileManager.default.fileExists(atPath: caDirectory + "/ca.crt") {
            try FileManager.default.createDirectory(atPath: caDirectory, withIntermediateDirectories: true)
            try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                         "-subj", "/CN=\(ca)", "-keyout", caDirectory + "/ca.key", "-out", caDirectory + "/ca.crt"])
        }
        try FileManager.default.createDirectory(atPath: keysDirectory, withIntermediateDirectories: true)
        let request = directory + "/\(name)-\(UUID().uuidString).csr", extensions = request + ".cnf"
        defer {
            try? FileManager.default.removeItem(atPath: request)
            try? FileManager.default.removeItem(atPath: extensions)
        }
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=\(name)",
                     "-keyout", keysDirectory + "/peer.key", "-out", request])
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: extensions, atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", request, "-CA", caDirectory + "/ca.crt", "-CAkey", caDirectory + "/ca.key",
                     "-CAcreateserial", "-days", "1", "-extfile", extensions, "-out", keysDirectory + "/peer.crt"])
        try? FileManager.default.removeItem(atPath: keysDirectory + "/peer-ca.crt")
        try FileManager.default.copyItem(atPath: caDirectory + "/ca.crt", toPath: keysDirectory + "/peer-ca.crt")
        chmod(keysDirectory + "/peer.key", 0o600)
        return keysDirectory
    }
}
