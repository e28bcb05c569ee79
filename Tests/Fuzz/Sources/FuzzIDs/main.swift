import FuzzSupport
@testable import HTTPServer
@testable import Logging
@testable import Vault
@testable import VaultCrypto

/// Every parser of ids and small texts on arbitrary strings: tokens, data ids, ULIDs, RFC 3339 times, hex,
/// query strings, display ids and search queries. Whatever parses must print back to the canonical form.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = String(decoding: bytes(data, count), as: UTF8.self)
    if let token = try? Token.parse(text), token.string != text { fatalError("a token parsed from a non-canonical form") }
    if let id = try? DataID.parse(text), id.string != text.lowercased().replacingOccurrences(of: "ns-", with: "NS-")
        .replacingOccurrences(of: "-\(id.region.code.lowercased())-", with: "-\(id.region.code)-") {
        fatalError("a data id does not print back")
    }
    if let ulid = ULID(string: text), ULID(string: ulid.string) != ulid { fatalError("a ULID does not round-trip") }
    if let milliseconds = RFC3339.parseMilliseconds(text),
       (0...253_402_300_799_999).contains(milliseconds),
       RFC3339.parseMilliseconds(RFC3339.format(milliseconds: milliseconds)) != milliseconds {
        fatalError("a time does not round-trip")
    }
    if let decoded = Hex.decode(text), Hex.encode(decoded) != text.lowercased() { fatalError("hex does not round-trip") }
    _ = PercentDecoding.queryItems(Substring(text))
    _ = DisplayID.candidate(text)
    _ = ProfileQuery.problem(with: text)
    for field in SearchField.allCases { _ = field.normalizedQuery(text) }
    return 0
}

runFuzzer(fuzz)
