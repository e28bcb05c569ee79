#if canImport(Glibc)
import Glibc
#endif

/// Reads and writes a region keyring file. The format is line-based text (see `Keys/README.md`):
///
///     piivault-keyring 1
///     region EU
///     primary 3a4f91c2
///     key 3a4f91c2 1763884800 <64 hex digits>
///
/// A keyring that has retired a key is written as version 2 (so an older binary refuses it rather than
/// misreading it), with `retired ID CREATED RETIRED_AT` lines and, once the first key is retired,
/// `derived ROOT_ID <4 × 64 hex digits>`: the subkeys derived from that first key (see `KeyringDerivation`).
///
/// It is parsed by hand rather than with Foundation so that every copy of the secret is ours to wipe.
package enum KeyringFile {
    package static let fileExtension = "keyring"

    package static func path(keysDirectory: String, region: String) -> String {
        "\(keysDirectory)/\(region).\(fileExtension)"
    }

    /// Loads a keyring, refusing files that group or others may read.
    package static func load(keysDirectory: String, region: String) throws -> Keyring {
        let path = path(keysDirectory: keysDirectory, region: region)
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CryptoError.missingKeyring(path: path, keysDirectory: keysDirectory)
        }
        guard info.st_mode & 0o077 == 0 else {
            throw CryptoError.keyring("keyring \(path) is readable by group or others: run `chmod 600 \(path)`")
        }
        var bytes = try readAll(path)
        defer { SecureBytes.wipe(&bytes) }
        return try parse(bytes, region: region, path: path)
    }

    /// Rereads the keyring, changes it and writes it back, holding an exclusive lock (`<file>.lock` in the
    /// keys directory) from the read to the write: two rotations, or a rotation and a retirement, run at once
    /// never write over each other's key. Returns what was written.
    @discardableResult
    package static func modify(keysDirectory: String, region: String, _ change: (Keyring) throws -> Keyring) throws -> Keyring {
        let lockPath = path(keysDirectory: keysDirectory, region: region) + ".lock"
        let fd = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CryptoError.keyring("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw CryptoError.keyring("cannot lock \(lockPath)") }
        }
        let changed = try change(try load(keysDirectory: keysDirectory, region: region))
        try write(changed, keysDirectory: keysDirectory, replacing: true)
        return changed
    }

    /// Writes `keyring` to its file. With `replacing: false` an existing file is never touched and
    /// `false` is returned; with `true` the file is replaced atomically (rotation keeps every old key). A
    /// keyring file that is a symbolic link (a secret mounted from elsewhere) is replaced where the link
    /// points, so no copy of a retired key stays behind it.
    @discardableResult
    package static func write(_ keyring: Keyring, keysDirectory: String, replacing: Bool) throws -> Bool {
        let path = replacing ? resolved(path(keysDirectory: keysDirectory, region: keyring.region))
            : path(keysDirectory: keysDirectory, region: keyring.region)
        var text = serialize(keyring)
        defer { SecureBytes.wipe(&text) }
        let target = replacing ? path + ".tmp" : path
        if replacing { unlink(target) }
        let fd = Glibc.open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST && !replacing { return false }
            throw CryptoError.keyring("cannot create \(target): \(String(cString: strerror(errno)))")
        }
        var written = 0
        while written < text.count {
            let n = text.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { close(fd); throw CryptoError.keyring("cannot write \(target)") }
            written += n
        }
        guard fsync(fd) == 0 else { close(fd); throw CryptoError.keyring("cannot sync \(target)") }
        close(fd)
        if replacing {
            guard rename(target, path) == 0 else { throw CryptoError.keyring("cannot replace \(path)") }
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let dirFD = Glibc.open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
        return true
    }

    /// `path` with every symbolic link followed; `path` itself when it does not exist.
    private static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    static func serialize(_ keyring: Keyring) -> [UInt8] {
        let rootLive = keyring.keyIDs.contains(keyring.derivation.rootID)
        let version = keyring.retired.isEmpty && rootLive ? 1 : 2
        var out = Array("piivault-keyring \(version)\nregion \(keyring.region)\nprimary \(Hex.encode(keyring.primaryID))\n".utf8)
        for entry in keyring.allEntries {
            out += Array("key \(Hex.encode(entry.id)) \(entry.createdAt) ".utf8)
            appendHex(entry.root, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        for key in keyring.retired {
            out += Array("retired \(Hex.encode(key.id)) \(key.createdAt) \(key.retiredAt)\n".utf8)
        }
        if !rootLive {
            out += Array("derived \(Hex.encode(keyring.derivation.rootID))".utf8)
            for subkey in keyring.derivation.subkeys {
                out.append(UInt8(ascii: " "))
                appendHex(subkey, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    private static func appendHex(_ key: SymmetricKey, to out: inout [UInt8]) {
        key.withUnsafeBytes { raw in
            for byte in raw {
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0f))
            }
        }
    }

    static func parse(_ bytes: [UInt8], region: String, path: String) throws -> Keyring {
        func bad(_ why: String) -> CryptoError { .keyring("keyring \(path) is malformed: \(why)") }
        func text(_ field: ArraySlice<UInt8>) -> String { String(decoding: field, as: UTF8.self) }
        func key(_ field: ArraySlice<UInt8>) throws -> SymmetricKey {
            let secret = try SecureBytes(count: SymmetricKey.byteCount) { out in
                guard try decodeHex(field, into: out) else { throw bad("key secret is not 64 hex digits") }
            }
            return try SymmetricKey(bytes: secret)
        }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        guard let first = lines.first, ["piivault-keyring 1", "piivault-keyring 2"].contains(text(first)) else {
            throw bad("unknown format line")
        }
        var fileRegion: String?
        var primary: UInt32?
        var entries: [Keyring.Entry] = []
        var retired: [Keyring.RetiredKey] = []
        var derivation: KeyringDerivation?
        for line in lines.dropFirst() {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard let keyword = fields.first.map(text) else { continue }
            switch keyword {
            case "region" where fields.count == 2:
                fileRegion = text(fields[1])
            case "primary" where fields.count == 2:
                primary = UInt32(text(fields[1]), radix: 16)
            case "key" where fields.count == 4:
                guard let id = UInt32(text(fields[1]), radix: 16), let created = Int64(text(fields[2])) else { throw bad("bad key line") }
                entries.append(try Keyring.Entry(id: id, createdAt: created, root: key(fields[3])))
            case "retired" where fields.count == 4:
                guard let id = UInt32(text(fields[1]), radix: 16), let created = Int64(text(fields[2])),
                      let at = Int64(text(fields[3])) else { throw bad("bad retired line") }
                retired.append(Keyring.RetiredKey(id: id, createdAt: created, retiredAt: at))
            case "derived" where fields.count == 2 + KeyringDerivation.labels.count && derivation == nil:
                guard let id = UInt32(text(fields[1]), radix: 16) else { throw bad("bad derived line") }
                derivation = try KeyringDerivation(rootID: id, subkeys: fields.dropFirst(2).map(key))
            default:
                throw bad("unexpected line")
            }
        }
        guard fileRegion == region else { throw bad("it is not the \(region) keyring") }
        guard let primaryID = primary else { throw bad("no primary key") }
        return try Keyring(region: region, primaryID: primaryID, entries: entries, retired: retired, derivation: derivation)
    }

    private static func decodeHex(_ text: ArraySlice<UInt8>, into out: UnsafeMutableRawBufferPointer) throws -> Bool {
        guard text.count == out.count * 2 else { return false }
        var index = text.startIndex
        for i in 0..<out.count {
            guard let high = hexValue(text[index]), let low = hexValue(text[index + 1]) else { return false }
            out[i] = high << 4 | low
            index += 2
        }
        return true
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 {
        v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "a") + v - 10
    }


    private static func readAll(_ path: String) throws -> [UInt8] {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CryptoError.keyring("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // Keyrings are small; a fixed ceiling keeps a wrong path (a huge file) from being read whole.
        let limit = 1 << 20
        var out = [UInt8](repeating: 0, count: limit)
        var total = 0
        while total < limit {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, limit - total) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw CryptoError.keyring("cannot read \(path)") }
            if n == 0 { break }
            total += n
        }
        guard total < limit else { SecureBytes.wipe(&out); throw CryptoError.keyring("keyring \(path) is too large") }
        let result = Array(out[0..<total])
        SecureBytes.wipe(&out)
        return result
    }
}
