import Foundation
import Vault
import VaultCrypto

/// `piivault keys init` and `piivault keys rotate`.
enum KeysCommand {
    /// Creates missing keyrings; returns one line per region saying what happened.
    static func initialize(_ options: KeysOptions) throws -> [String] {
        try prepareDirectory(options.keysDirectory)
        let now = Int64(Date().timeIntervalSince1970)
        var lines: [String] = []
        // Every region asked for, plus the control keyring that keys the administration audit chain.
        for name in options.regions.map(\.code) + [ControlStore.keyringName] {
            let path = KeyringFile.path(keysDirectory: options.keysDirectory, region: name)
            let keyring = try Keyring.generate(region: name, now: now)
            if try KeyringFile.write(keyring, keysDirectory: options.keysDirectory, replacing: false) {
                lines.append("created \(path)")
            } else {
                lines.append("kept existing \(path)")
            }
        }
        return lines
    }

    static func rotate(_ options: KeysOptions) throws -> String {
        let region = options.regions[0]
        let rotated = try KeyringFile.modify(keysDirectory: options.keysDirectory, region: region.code) {
            try $0.rotated(now: Int64(Date().timeIntervalSince1970))
        }
        return "rotated \(KeyringFile.path(keysDirectory: options.keysDirectory, region: region.code)): "
            + "\(rotated.keyIDs.count) keys, new primary \(Hex.encode(rotated.primaryID))"
    }

    private static func prepareDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw VaultError.configuration("\(path) is not a directory") }
            return
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }
}
