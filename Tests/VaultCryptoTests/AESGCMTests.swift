import Foundation
import XCTest
@testable import VaultCrypto

/// AES-256-GCM against the GCM specification's test cases 13-16 (McGrew & Viega, the vectors NIST's
/// validation suite starts from), then tamper checks on every part of a sealed message.
final class AESGCMTests: XCTestCase {
    struct Vector {
        let key, nonce, plaintext, aad, ciphertext, tag: String
    }

    let vectors = [
        Vector(key: String(repeating: "0", count: 64), nonce: String(repeating: "0", count: 24), plaintext: "", aad: "",
               ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"),
        Vector(key: String(repeating: "0", count: 64), nonce: String(repeating: "0", count: 24),
               plaintext: String(repeating: "0", count: 32), aad: "",
               ciphertext: "cea7403d4d606b6e074ec5d3baf39d18", tag: "d0d1c8a799996bf0265b98b5d48ab919"),
        Vector(key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
               nonce: "cafebabefacedbaddecaf888",
               plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
               aad: "",
               ciphertext: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
               tag: "b094dac5d93471bdec1a502270e3cc6c"),
        Vector(key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
               nonce: "cafebabefacedbaddecaf888",
               plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
               aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
               ciphertext: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
               tag: "76fc6ece0f4e1768cddf8853bb2d551b"),
    ]

    func testPublishedVectorsSealAndOpen() throws {
        for v in vectors {
            let key = try SymmetricKey(copying: hex(v.key))
            let sealed = try AESGCM.seal(hex(v.plaintext), using: key, nonce: hex(v.nonce), authenticating: hex(v.aad))
            XCTAssertEqual(hexString(sealed), v.nonce + v.ciphertext + v.tag)
            XCTAssertEqual(try AESGCM.open(sealed, using: key, authenticating: hex(v.aad)), hex(v.plaintext))
        }
    }

    func testEveryFlippedBitFailsAuthentication() throws {
        let key = try SymmetricKey.random()
        let aad = Array("tenant-a/record-1".utf8)
        let sealed = try AESGCM.seal(Array("john.doe@example.org".utf8), using: key, authenticating: aad)
        // nonce, ciphertext and tag: every bit of each byte.
        for index in sealed.indices {
            for bit in 0..<8 {
                var tampered = sealed
                tampered[index] ^= 1 << bit
                XCTAssertThrowsError(try AESGCM.open(tampered, using: key, authenticating: aad)) { error in
                    XCTAssertEqual(error as? CryptoError, .authenticationFailure)
                }
            }
        }
        for index in aad.indices {
            var otherAAD = aad
            otherAAD[index] ^= 0x01
            XCTAssertThrowsError(try AESGCM.open(sealed, using: key, authenticating: otherAAD))
        }
        XCTAssertThrowsError(try AESGCM.open(sealed, using: key, authenticating: []))
    }

    func testWrongKeyTruncationAndNonceLength() throws {
        let key = try SymmetricKey.random()
        let sealed = try AESGCM.seal([1, 2, 3], using: key)
        XCTAssertThrowsError(try AESGCM.open(sealed, using: try SymmetricKey.random()))
        XCTAssertThrowsError(try AESGCM.open(Array(sealed.prefix(27)), using: key)) { error in
            XCTAssertEqual(error as? CryptoError, .malformedCiphertext)
        }
        XCTAssertThrowsError(try AESGCM.seal([1], using: key, nonce: [0, 1, 2]))
        XCTAssertThrowsError(try SymmetricKey(copying: [UInt8](repeating: 0, count: 16)))
    }

    func testFreshNoncePerSeal() throws {
        let key = try SymmetricKey.random()
        let a = try AESGCM.seal([0, 0, 0, 0], using: key)
        let b = try AESGCM.seal([0, 0, 0, 0], using: key)
        XCTAssertNotEqual(Array(a.prefix(12)), Array(b.prefix(12)))
        XCTAssertNotEqual(a, b)
    }
}

final class AESGCMKeyTests: XCTestCase {
    /// Reused keyed contexts must give exactly what a fresh context gives, message after message, and
    /// a failed open must not poison the context for the next one.
    func testReusedContextsMatchOneShot() throws {
        let raw = try SymmetricKey.random()
        let key = AESGCMKey(raw)
        for i in 0..<20 {
            let nonce = try SecureRandom.bytes(12)
            let message = [UInt8](repeating: UInt8(i), count: i * 7)
            let aad = [UInt8(i)]
            let reused = try key.seal(message, nonce: nonce, header: [1, 2], authenticating: aad)
            XCTAssertEqual(reused, try AESGCM.seal(message, using: raw, nonce: nonce, header: [1, 2], authenticating: aad))
            var tampered = reused
            tampered[tampered.count - 1] ^= 1
            XCTAssertThrowsError(try key.open(tampered, headerCount: 2, authenticating: aad))
            XCTAssertEqual(try key.open(reused, headerCount: 2, authenticating: aad), message)
        }
    }

    func testConcurrentUse() throws {
        let key = AESGCMKey(try SymmetricKey.random())
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            let message = Array("message \(i)".utf8)
            let sealed = try! key.seal(message, authenticating: [UInt8(i & 0xff)])
            XCTAssertEqual(try? key.open(sealed, authenticating: [UInt8(i & 0xff)]), message)
        }
    }
}
