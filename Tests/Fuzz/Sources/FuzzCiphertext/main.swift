import FuzzSupport
@testable import Vault
@testable import VaultCrypto

let key = try! SymmetricKey(copying: [UInt8](repeating: 0x42, count: 32))
let pooled = AESGCMKey(key)
let keyring = try! Keyring.generate(region: "EU", now: 1)
let aad: [UInt8] = Array("piivault/v1/fuzz".utf8)

/// Opening ciphertexts: arbitrary bytes (garbage, truncated) must fail cleanly, and a real ciphertext with
/// any bit flipped, cut short or opened with other associated data must fail too, never open to something
/// else. Decoders of opened plaintexts must not crash on anything.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = bytes(data, count)
    _ = try? VersionedCiphertext.open(input, key: key, authenticating: aad)
    _ = try? VersionedCiphertext.open(input, key: pooled, authenticating: aad)
    _ = try? keyring.unwrap(input, authenticating: aad)
    _ = try? ProfileFields(sealingBytes: input)
    _ = try? AddressFields(canonicalBytes: input)
    _ = try? DataBlobs.split(input)
    _ = GramIndex.decode(input)

    // A genuine ciphertext of the input, then one change chosen by the input's first bytes.
    guard input.count >= 3, let sealed = try? VersionedCiphertext.seal(Array(input.dropFirst(3)), keyID: 7, key: pooled,
                                                                       authenticating: aad) else { return 0 }
    guard (try? VersionedCiphertext.open(sealed, key: key, authenticating: aad)) == Array(input.dropFirst(3)) else {
        fatalError("a fresh ciphertext does not open")
    }
    var changed = sealed
    let position = (Int(input[0]) << 8 | Int(input[1])) % sealed.count
    switch input[2] % 3 {
    case 0: changed[position] ^= 1 << (input[2] % 8)
    case 1: changed = Array(sealed.prefix(position))
    default: if (try? VersionedCiphertext.open(sealed, key: key, authenticating: aad + [input[2]])) != nil {
                 fatalError("opened with other associated data")
             }
             return 0
    }
    if (try? VersionedCiphertext.open(changed, key: key, authenticating: aad)) != nil { fatalError("a changed ciphertext opened") }
    return 0
}

runFuzzer(fuzz)
