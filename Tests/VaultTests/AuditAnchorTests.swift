import VaultCrypto
import XCTest
@testable import Vault

final class AuditAnchorTests: XCTestCase {
    let key = try! HMACKey(SymmetricKey(copying: [UInt8](repeating: 7, count: 32)))
    let other = try! HMACKey(SymmetricKey(copying: [UInt8](repeating: 8, count: 32)))
    let mac = [UInt8](repeating: 0xab, count: 16)

    func testALineRoundTripsAndOnlyItsKeyVerifiesIt() throws {
        let anchor = try AuditAnchor(chain: "EU", seq: 42, mac: mac, at: 1_700_000_000_000, key: key)
        XCTAssertTrue(anchor.line.hasPrefix("anchor1 EU 42 " + String(repeating: "ab", count: 16) + " 1700000000000 "))
        let parsed = try XCTUnwrap(AuditAnchor(line: anchor.line.dropLast()))
        XCTAssertEqual(parsed, anchor)
        XCTAssertTrue(try parsed.isAuthentic(under: key))
        XCTAssertFalse(try parsed.isAuthentic(under: other))
    }

    func testAnAnchorMovedBackOrToAnotherChainNoLongerVerifies() throws {
        let line = try AuditAnchor(chain: "EU", seq: 42, mac: mac, at: 1, key: key).line.dropLast()
        for forged in [line.replacingOccurrences(of: " 42 ", with: " 41 "), line.replacingOccurrences(of: "EU", with: "US"),
                       line.replacingOccurrences(of: " 1 ", with: " 2 ")] {
            let parsed = try XCTUnwrap(AuditAnchor(line: Substring(forged)), forged)
            XCTAssertFalse(try parsed.isAuthentic(under: key), forged)
        }
    }

    func testWhatIsNotAnAnchorLineIsRefused() {
        for line in ["", "anchor1 EU 1", "anchor2 EU 1 \(Hex.encode(mac)) 1 \(Hex.encode(mac))",
                     "anchor1 EU -1 \(Hex.encode(mac)) 1 \(Hex.encode(mac))", "anchor1 EU 1 abcd 1 \(Hex.encode(mac))",
                     "anchor1  1 \(Hex.encode(mac)) 1 \(Hex.encode(mac))"] {
            XCTAssertNil(AuditAnchor(line: Substring(line)), line)
        }
    }

    func testATornLastLineIsToleratedOnlyInAnAppendOnlyFile() throws {
        let directory = NSTemporaryDirectory() + "anchors-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let anchor = try AuditAnchor(chain: "EU", seq: 3, mac: mac, at: 1, key: key)
        let text = anchor.line + String(anchor.line.prefix(20))
        try text.write(toFile: directory + "/outside", atomically: true, encoding: .utf8)
        XCTAssertEqual(try AuditAnchorFile(path: directory + "/outside", appendOnly: true).read(), [anchor])
        XCTAssertThrowsError(try AuditAnchorFile(path: directory + "/outside", appendOnly: false).read())
        XCTAssertNil(try AuditAnchorFile(path: directory + "/absent", appendOnly: true).read())
    }
}
