import Foundation
@testable import Vault
import VaultCrypto
import XCTest

/// The deletion ledger's lines: what they hold (never a value, never a whole id), and that only the region's
/// keyring makes a line that verifies, so a forged or edited ledger deletes nothing.
final class DeletionLedgerTests: XCTestCase {
    private let eu = try! Keyring.generate(region: "EU", now: 1)
    private let otherEU = try! Keyring.generate(region: "EU", now: 1)
    private let profile = ULID(high: 0x0191_2345_6789_abcd, low: 0x0123_4567_89ab_cdef)

    private func entry(_ kind: DeletionLedgerEntry.Kind = .profile, record: String? = nil,
                       keyring: Keyring? = nil) throws -> DeletionLedgerEntry {
        try DeletionLedgerEntry(region: .eu, kind: kind, at: 1_790_000_000_123, tenant: Tenant("acme")!,
                                record: record ?? profile.string, key: DeletionLedgerEntry.key(for: keyring ?? eu))
    }

    func testALineRoundTripsAndVerifiesUnderItsRegionsKeyringOnly() throws {
        let written = try entry()
        XCTAssertTrue(written.line.hasPrefix("deletion1 EU profile 1790000000123 acme \(profile.string) "), written.line)
        XCTAssertTrue(written.line.hasSuffix("\n"))
        let read = try XCTUnwrap(DeletionLedgerEntry(line: Substring(written.line.dropLast())))
        XCTAssertEqual(read, written)
        XCTAssertTrue(try read.isAuthentic(under: DeletionLedgerEntry.key(for: eu)))
        XCTAssertFalse(try read.isAuthentic(under: DeletionLedgerEntry.key(for: otherEU)), "another vault's keyring")
        let us = try Keyring.generate(region: "US", now: 1)
        XCTAssertFalse(try read.isAuthentic(under: DeletionLedgerEntry.key(for: us)))
        // Written with another keyring: well-formed, but not this vault's.
        let foreign = try XCTUnwrap(DeletionLedgerEntry(line: Substring(try entry(keyring: otherEU).line.dropLast())))
        XCTAssertFalse(try foreign.isAuthentic(under: DeletionLedgerEntry.key(for: eu)))
    }

    func testEveryEditedFieldFailsTheTag() throws {
        let line = String(try entry().line.dropLast())
        let key = try DeletionLedgerEntry.key(for: eu)
        let other = ULID(high: 0x0191_2345_6789_abcd, low: 0x0123_4567_89ab_cdee).string
        let edits = [
            line.replacingOccurrences(of: "1790000000123", with: "1790000000124"),   // moved in time
            line.replacingOccurrences(of: " acme ", with: " acne "),                 // another tenant
            line.replacingOccurrences(of: profile.string, with: other),              // another record
            line.replacingOccurrences(of: "deletion1 EU", with: "deletion1 US"),     // another region
        ]
        for edited in edits {
            let parsed = try XCTUnwrap(DeletionLedgerEntry(line: Substring(edited)), edited)
            XCTAssertFalse(try parsed.isAuthentic(under: key), edited)
        }
        // The tag itself, one bit flipped.
        var fields = line.split(separator: " ").map(String.init)
        var tag = Hex.decode(fields[6])!
        tag[0] ^= 1
        fields[6] = Hex.encode(tag)
        XCTAssertFalse(try XCTUnwrap(DeletionLedgerEntry(line: Substring(fields.joined(separator: " ")))).isAuthentic(under: key))
    }

    func testMalformedLinesAreNotEntries() throws {
        let address = try entry(.address, record: profile.string + "." + profile.string)
        XCTAssertNotNil(DeletionLedgerEntry(line: Substring(address.line.dropLast())))
        let data = try entry(.data, record: String(repeating: "ab", count: 16))
        XCTAssertNotNil(DeletionLedgerEntry(line: Substring(data.line.dropLast())))
        let good = String(try entry().line.dropLast())
        for bad in ["", "deletion1", good + " extra", good.replacingOccurrences(of: "deletion1", with: "deletion2"),
                    good.replacingOccurrences(of: " EU ", with: " ZZ "), good.replacingOccurrences(of: " profile ", with: " token "),
                    good.replacingOccurrences(of: " acme ", with: " ACME "), good.replacingOccurrences(of: " profile ", with: " data "),
                    String(address.line.dropLast()).replacingOccurrences(of: ".", with: "-"),
                    "anchor1 EU 4 00000000000000000000000000000000 1 00000000000000000000000000000000"] {
            XCTAssertNil(DeletionLedgerEntry(line: Substring(bad)), bad)
        }
    }

    func testTheOutsideCopyIsCheckedAtStart() throws {
        let directory = NSTemporaryDirectory() + "ledger-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        XCTAssertThrowsError(try DeletionLedger(dataDirectory: directory, copy: directory + "/sub")) { error in
            XCTAssertTrue("\(error)".contains("cannot be appended to") || "\(error)".contains("not a regular file"), "\(error)")
        }
        XCTAssertThrowsError(try DeletionLedger(dataDirectory: directory, copy: directory + "/missing/dir/file")) { error in
            XCTAssertTrue("\(error)".contains("cannot be appended to"), "\(error)")
        }
        FileManager.default.createFile(atPath: directory + "/deletions.ledger", contents: Data())
        XCTAssertThrowsError(try DeletionLedger(dataDirectory: directory, copy: directory + "/sub/../deletions.ledger")) { error in
            XCTAssertTrue("\(error)".contains("the data directory's own ledger"), "\(error)")
        }
        XCTAssertNoThrow(try DeletionLedger(dataDirectory: directory, copy: directory + "/outside.ledger"))
    }

    func testTheFileIsAppendedToAndAnUnfinishedLastLineIsLeftOut() throws {
        let directory = NSTemporaryDirectory() + "ledger-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let copy = directory + "/outside.ledger"
        let ledger = try DeletionLedger(dataDirectory: directory, copy: copy)
        XCTAssertEqual(ledger.paths, [directory + "/deletions.ledger", copy])
        XCTAssertNil(try DeletionLedger.read(path: ledger.paths[0]), "no file yet")
        try ledger.record(.profile, region: .eu, keyring: WatchedKeyring(eu, keysDirectory: directory), tenant: Tenant("acme")!, record: profile.string, at: 5)
        try ledger.record(.data, region: .eu, keyring: WatchedKeyring(eu, keysDirectory: directory), tenant: Tenant("acme")!, record: String(repeating: "0f", count: 16), at: 6)
        for path in ledger.paths {
            let lines = try XCTUnwrap(DeletionLedger.read(path: path))
            XCTAssertEqual(lines.map(\.entry?.kind), [.profile, .data])
            XCTAssertEqual(lines.map(\.number), [1, 2])
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o600)
        }
        try DeletionLedger.append("deletion1 EU profile 7 acme 01", to: copy)
        XCTAssertEqual(try DeletionLedger.read(path: copy)?.count, 2, "a crash in the middle of an append")
        try DeletionLedger.append("\nnot a line\n", to: copy)
        XCTAssertEqual(try DeletionLedger.read(path: copy)?.map { $0.entry == nil }, [false, false, true, true])
    }
}
