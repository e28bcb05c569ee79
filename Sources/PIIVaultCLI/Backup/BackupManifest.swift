import JSONCore
import Logging
import Vault
import VaultCrypto

/// `manifest.json` of a backup directory: what `piivault backup` copied and what `restore` checks before it
/// copies anything back. One JSON object:
///
///     {"format":"piivault-backup/1","piivault_version":"0.13.0","started_at":"2026-...Z","started_at_ms":...,
///      "finished_at":"...","files":[{"name":"vault-eu.sqlite","bytes":...,"sha256":"...","schema_version":9,
///      "audit_head":"anchor1 EU 42 <mac> <ms> <tag>"},...],"postgresql":["US"],"tag":"<hex>"}
///
/// `audit_head` is null for files without an audit chain (`provider-local.sqlite`, `deletions.ledger`),
/// `schema_version` null for files that are not databases. `postgresql` names the stores this node kept on
/// PostgreSQL, which are not in the backup. `tag` (last) authenticates the rest of the text under the control
/// keyring (`BackupAnchors.manifestTag`). It names files, sizes and hashes: no record, no value, no key.
struct BackupManifest: Equatable {
    struct File: Equatable {
        var name: String
        var bytes: Int64
        var sha256: String
        var schemaVersion: Int64?
        var auditHead: String?
    }

    static let fileName = "manifest.json"
    static let format = "piivault-backup/1"

    var version = PIIVaultVersion.current
    var startedAt: Int64
    var finishedAt: Int64
    var files: [File]
    var postgreSQL: [String]

    /// The names a backup may hold: a manifest naming anything else (`../x`, `Keys/EU.keyring`) is refused,
    /// so a restore writes only these into the new data directory.
    static func isAllowedName(_ name: String) -> Bool {
        name == DeletionLedger.localName || (name.hasSuffix(".sqlite") && name.count > 7 && !name.hasPrefix(".")
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d || $0 == 0x2e })
    }

    /// The signed text, tag included.
    func serialized(keysDirectory: String) throws -> [UInt8] {
        let body = JSONValue.object(members)
        let tag = try BackupAnchors.manifestTag(body.serialized, keysDirectory: keysDirectory)
        return JSONValue.object(members + [JSONMember("tag", .string(Hex.encode(tag)))]).serialized + [0x0a]
    }

    private var members: [JSONMember] {
        [
            JSONMember("format", .string(Self.format)),
            JSONMember("piivault_version", .string(version)),
            JSONMember("started_at", .string(RFC3339.format(milliseconds: startedAt))),
            JSONMember("started_at_ms", .number(String(startedAt))),
            JSONMember("finished_at", .string(RFC3339.format(milliseconds: finishedAt))),
            JSONMember("files", .array(files.map { file in
                .object([
                    JSONMember("name", .string(file.name)),
                    JSONMember("bytes", .number(String(file.bytes))),
                    JSONMember("sha256", .string(file.sha256)),
                    JSONMember("schema_version", file.schemaVersion.map { .number(String($0)) } ?? .null),
                    JSONMember("audit_head", file.auditHead.map(JSONValue.string) ?? .null),
                ])
            })),
            JSONMember("postgresql", .array(postgreSQL.map(JSONValue.string))),
        ]
    }

    /// Parses and authenticates a manifest's text. Throws `ManifestError` saying what is wrong.
    init(parsing text: [UInt8], keysDirectory: String) throws {
        guard let value = try? JSONParser.parse(text), var members = value.objectMembers else {
            throw ManifestError("is not a JSON object")
        }
        guard let last = members.popLast(), last.key == "tag", let tag = last.value.stringValue.flatMap(Hex.decode) else {
            throw ManifestError("has no tag (it must end with \"tag\")")
        }
        let expected = try BackupAnchors.manifestTag(JSONValue.object(members).serialized, keysDirectory: keysDirectory)
        guard ConstantTime.equals(tag, expected) else {
            throw ManifestError("does not verify under the control keyring (edited after the backup, or another vault's)")
        }
        let body = JSONValue.object(members)
        guard body["format"]?.stringValue == Self.format else { throw ManifestError("is not a \(Self.format) manifest") }
        guard let version = body["piivault_version"]?.stringValue, let started = Self.integer(body["started_at_ms"]),
              let finishedText = body["finished_at"]?.stringValue, let finished = RFC3339.parseMilliseconds(finishedText),
              case .array(let files)? = body["files"], case .array(let postgres)? = body["postgresql"] else {
            throw ManifestError("lacks a field")
        }
        self.version = version
        startedAt = started
        finishedAt = finished
        postgreSQL = postgres.compactMap(\.stringValue)
        self.files = try files.map { entry in
            guard let name = entry["name"]?.stringValue, Self.isAllowedName(name), let bytes = Self.integer(entry["bytes"]),
                  let sha = entry["sha256"]?.stringValue, Hex.decode(sha)?.count == SHA256.byteCount else {
                throw ManifestError("lists a file with a bad name, size or checksum")
            }
            return File(name: name, bytes: bytes, sha256: sha, schemaVersion: Self.integer(entry["schema_version"]),
                        auditHead: entry["audit_head"]?.stringValue)
        }
        guard Set(self.files.map(\.name)).count == self.files.count else { throw ManifestError("lists a file twice") }
    }

    init(startedAt: Int64, finishedAt: Int64, files: [File], postgreSQL: [String]) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.files = files
        self.postgreSQL = postgreSQL
    }

    private static func integer(_ value: JSONValue?) -> Int64? {
        guard case .number(let text)? = value, let number = Int64(text), number >= 0 else { return nil }
        return number
    }
}

/// A manifest that cannot be trusted; the message completes "the manifest ...".
struct ManifestError: Error, CustomStringConvertible {
    let reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { "the manifest " + reason }
}
