import Clienteling
import Foundation
import JSONCore
import Logging
import Vault
import VaultCrypto
#if PostgreSQL
import VaultPostgres
#endif

/// `piivault keys status`, `keys rewrap` and `keys retire` (see `KeyInventory`, `KeyRewrapper`, `KeyRetirement`).
/// The set-up documents' seals live in the clienteling store, which the vault does not know: they are
/// counted and re-sealed here.
enum KeyLifecycleCommand {
    static func status(_ options: KeyLifecycleOptions) throws -> [String] {
        let engine = try StoreWiring.engine(options.stores)
        try ControlStore.requireVault(at: options.dataDirectory, engine: engine)
        let setup = try openSetupStore(options, engine: engine)
        var lines: [String] = []
        var table = TextTable(["REGION", "KEY", "CREATED", "STATE", "WRAPS"])
        var notes: [String] = []
        for region in options.regions {
            guard options.regions.count == 1 || access(KeyringFile.path(keysDirectory: options.keysDirectory, region: region.code), F_OK) == 0
            else { continue }
            let documents = try setup?.documentKeyCounts(region: region.code) ?? [:]
            let inventory = try KeyInventory.take(region, dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory,
                                                  engine: engine, documents: documents)
            if options.json {
                lines.append(json(inventory))
                continue
            }
            for key in inventory.keys {
                let state = key.retiredAt.map { "retired \(RFC3339.format(seconds: $0))" } ?? (key.isPrimary ? "primary" : "live")
                table.append([region.code, Hex.encode(key.id), RFC3339.format(seconds: key.createdAt), state, String(key.rows)])
            }
            if inventory.unknownRows > 0 {
                table.append([region.code, "unknown", "-", "not in this keyring", String(inventory.unknownRows)])
            }
            if inventory.store == nil {
                notes.append("\(region.code): no store at \(engine.location(of: .region(region), dataDirectory: options.dataDirectory)): "
                             + "rows are not counted (give --store \(region.code)=... if it is on PostgreSQL)")
            }
        }
        return options.json ? lines : table.lines + notes
    }

    /// False when some rows could not be re-wrapped (named on standard error).
    static func rewrap(_ options: KeyLifecycleOptions, onTerminal: Bool, print: (String) -> Void) throws -> Bool {
        let engine = try StoreWiring.engine(options.stores)
        try ControlStore.requireVault(at: options.dataDirectory, engine: engine)
        let region = options.regions[0]
        var rewrapper = KeyRewrapper(region: region, dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory,
                                     engine: engine)
        rewrapper.rate = options.rate
        rewrapper.batch = options.batch
        let meter = RewrapMeter(onTerminal: onTerminal)
        let setup = try openSetupStore(options, engine: engine)
        let documents = try setup?.documentKeyCounts(region: region.code).values.reduce(0, +) ?? 0
        var outcome = try rewrapper.run(progress: { meter.show($0, adding: documents) })
        if let setup {
            let (older, resealed, failed) = try SetupWiring.resealDocuments(setup, region: region, keysDirectory: options.keysDirectory)
            outcome.progress.total += older
            outcome.progress.processed += resealed + failed.count
            outcome.progress.failed += failed.count
            outcome.rewrapped += resealed
            outcome.failures += failed.map { "set-up documents \($0)" }
        }
        meter.finish(outcome.progress)
        print("re-wrapped \(outcome.rewrapped) keys of \(region.code) under its primary; \(outcome.failures.count) could not be")
        guard outcome.failures.isEmpty else {
            let named = outcome.failures.prefix(20).joined(separator: ", ")
                + (outcome.failures.count > 20 ? " and \(outcome.failures.count - 20) more" : "")
            FileHandle.standardError.write(Data(("piivault: could not re-wrap \(outcome.failures.count) (left as they were): "
                                                 + named + "\n").utf8))
            return false
        }
        return true
    }

    static func retire(_ options: KeyLifecycleOptions) throws -> [String] {
        let engine = try StoreWiring.engine(options.stores)
        try ControlStore.requireVault(at: options.dataDirectory, engine: engine)
        let region = options.regions[0]
        let documents = try openSetupStore(options, engine: engine)?.documentKeyCounts(region: region.code) ?? [:]
        var targets = options.keyID.map { [$0] } ?? []
        if let keep = options.keep {
            let keyring: Keyring
            do { keyring = try KeyringFile.load(keysDirectory: options.keysDirectory, region: region.code) } catch let error as CryptoError {
                throw VaultError.keys(error.description)
            }
            let live = try keyring.keyIDs.map { try keyring.entry(id: $0) }.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            targets = live.dropFirst(keep).map(\.id).filter { $0 != keyring.primaryID }.reversed()
            guard !targets.isEmpty else {
                return ["nothing to retire: \(live.count) live keys in \(KeyringFile.path(keysDirectory: options.keysDirectory, region: region.code)), keeping \(keep)"]
            }
        }
        return try targets.map { id in
            try KeyRetirement.retire(id, region: region, dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory,
                                     engine: engine, documents: documents, now: WallClock.milliseconds())
        }
    }

    /// The set-up store if there is one (never created here).
    private static func openSetupStore(_ options: KeyLifecycleOptions, engine: any StoreEngine) throws -> SetupStore? {
        var present = engine.exists(engine.location(of: .setup, dataDirectory: options.dataDirectory))
        #if PostgreSQL
        present = present || PostgresEngine.holdingSetup(of: engine, dataDirectory: options.dataDirectory) != nil
        #endif
        guard present else { return nil }
        return try SetupWiring.openStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory, engine: engine)
    }

    private static func json(_ inventory: KeyInventory) -> String {
        let keys = inventory.keys.map { key in
            JSONValue.object([
                JSONMember("id", .string(Hex.encode(key.id))),
                JSONMember("created", .string(RFC3339.format(seconds: key.createdAt))),
                JSONMember("primary", .bool(key.isPrimary)),
                JSONMember("retired", key.retiredAt.map { .string(RFC3339.format(seconds: $0)) } ?? .null),
                JSONMember("rows", .number(String(key.rows))),
            ])
        }
        return String(decoding: JSONValue.object([
            JSONMember("region", .string(inventory.region.code)),
            JSONMember("keyring", .string(inventory.keyringPath)),
            JSONMember("store", inventory.store.map(JSONValue.string) ?? .null),
            JSONMember("keys", .array(keys)),
            JSONMember("unknown_rows", .number(String(inventory.unknownRows))),
        ]).serialized, as: UTF8.self)
    }
}
