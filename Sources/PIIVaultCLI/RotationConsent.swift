import Foundation
import Vault
import VaultCrypto

/// `keys rotate` on a keyring that already wraps data asks first. Rotation is safe (older keys stay), but it
/// changes which key every server of the region seals under after its restart, and on a production keyring
/// that should be a decision, not a slip of shell history. On a terminal the operator types `yes`; a script
/// says `--yes`; a script that says nothing is stopped with a usage error rather than left waiting for input.
enum RotationConsent {
    /// The operator answered something other than `yes`.
    struct Declined: Error, CustomStringConvertible {
        let keyring: String
        var description: String { "not rotated: \(keyring) is unchanged" }
    }

    /// Where the keyring to rotate wraps data: its region's database in `options.dataDirectory`, or the
    /// fact that the directory holds no vault at all (a mistyped `--data-dir`, or `./data` from the wrong
    /// place), which says nothing either way. Nil when the keyring is missing or the vault has no such database.
    static func wrappedDatabase(_ options: KeysOptions) -> String? {
        let region = options.regions[0]
        guard access(KeyringFile.path(keysDirectory: options.keysDirectory, region: region.code), F_OK) == 0 else {
            return nil  // rotate reports the missing keyring itself
        }
        guard (try? ControlStore.requireVault(at: options.dataDirectory, engine: StoreWiring.engine)) != nil else {
            return "its vault: no vault at \(options.dataDirectory) to tell whether it does (give --data-dir)"
        }
        return AuditFiles.chains(dataDirectory: options.dataDirectory, engine: StoreWiring.engine).first { $0.name == region.code }?.path
    }

    /// Returns when the rotation may go ahead; `ask` shows a question and returns the line typed.
    static func obtain(_ options: KeysOptions, onTerminal: Bool, ask: (String) -> String?) throws {
        guard !options.yes, let database = wrappedDatabase(options) else { return }
        let region = options.regions[0].code
        let keyring = KeyringFile.path(keysDirectory: options.keysDirectory, region: region)
        guard onTerminal else {
            throw UsageError("\(keyring) already wraps data in \(database): pass --yes to rotate it without a terminal "
                             + "to confirm on (older keys stay and keep opening that data; the \(region) servers take the new primary within a second)",
                             see: "piivault keys rotate --help")
        }
        let question = "\(keyring) already wraps data in \(database). Rotating adds a new primary key (older keys stay "
            + "and keep opening that data); the \(region) servers take the new primary within a second. Type yes to rotate: "
        guard ask(question)?.trimmingCharacters(in: .whitespaces) == "yes" else { throw Declined(keyring: keyring) }
    }
}
