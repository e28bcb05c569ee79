import ISO3166
import Locking
import VaultCrypto
import VaultStore

/// The sandbox provider (`--provider local`, the default): answers from a JSON inventory and keeps what
/// was bought in a database of its own (`provider-local.sqlite`), so a bought number durably leaves the
/// inventory, even across restarts. It checks a purchase the way Twilio does: the number must be on offer,
/// and outside US/CA the bundle must be approved and the address in the number's country.
package final class LocalProvider: TelephonyProvider {
    private let inventory: LocalInventory
    private let database: Locked<Database>
    /// The sandbox account's auth token, new for each process: only this process signs sandbox webhooks
    /// (`POST /setup/sandbox/inbound-messages`, or a test holding this provider).
    private let authToken: SecureBytes
    /// The sandbox account's id, as Twilio's look (`AC` and 32 hexadecimal digits).
    package static let accountSID = "AC" + String(repeating: "0", count: 32)

    static let migrations = [
        """
        CREATE TABLE bought(phone_number TEXT PRIMARY KEY, sid TEXT NOT NULL, bundle_sid TEXT, address_sid TEXT,
                            bought_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE whatsapp_senders(sid TEXT PRIMARY KEY, phone_number TEXT NOT NULL, waba_id TEXT NOT NULL,
                                      profile_name TEXT NOT NULL, submitted_at INTEGER NOT NULL) WITHOUT ROWID;
        """,
    ]

    package var name: String { "local" }

    package func signInbound(_ payload: [UInt8]) throws(ProviderError) -> [UInt8] {
        do { return try HMACSHA1.authenticate(payload, key: authToken) } catch { throw .failed(status: 500) }
    }

    package static func databasePath(dataDirectory: String) -> String { dataDirectory + "/provider-local.sqlite" }

    /// `inventoryJSON` nil is the inventory committed with the code (`LocalInventory.json` beside this file:
    /// six numbers per country of the guide, bundles and addresses outside US/CA, a German bundle in review,
    /// trust products; all made up).
    package init(dataDirectory: String, inventoryJSON: [UInt8]? = nil) throws {
        do {
            inventory = try LocalInventory.parse(inventoryJSON ?? PackageResources.LocalInventory_json)
        } catch {
            throw SetupError.configuration(error.description)
        }
        let db = try Database(path: Self.databasePath(dataDirectory: dataDirectory))
        try db.inTransaction { try db.migrate(Self.migrations) }
        database = Locked(db)
        authToken = SecureBytes(copying: try SecureRandom.bytes(32))
    }

    package func availableNumbers(country: CountryCode) throws(ProviderError) -> [AvailableNumber] {
        let bought = try boughtNumbers()
        return inventory.numbers.filter { $0.country == country.code && !bought.contains($0.offer.phoneNumber) }.map(\.offer)
    }

    package func offers(number: String, country: CountryCode) throws(ProviderError) -> Bool {
        try availableNumbers(country: country).contains { $0.phoneNumber == number }
    }

    package func ownedNumber(_ number: String) throws(ProviderError) -> PurchasedNumber? {
        try withDatabase { db in
            try db.withStatement("SELECT sid FROM bought WHERE phone_number = ?") { s in
                try s.bind([.text(number)])
                return try s.step() ? PurchasedNumber(sid: s.text(0), phoneNumber: number) : nil
            }
        }
    }

    package func addresses(country: CountryCode) throws(ProviderError) -> [ProviderAddress] {
        inventory.addresses.filter { $0.isoCountry == country.code }
    }

    package func regulatoryBundles(country: CountryCode) throws(ProviderError) -> [RegulatoryBundle] {
        inventory.bundles.filter { $0.country == country.code && $0.approved }.map(\.bundle)
    }

    package func trustProducts() throws(ProviderError) -> [TrustProduct] { inventory.trustProducts }

    package func buy(number: String, country: CountryCode, bundleSID: String?,
                    addressSID: String?) throws(ProviderError) -> PurchasedNumber {
        // Twilio's error codes for the same refusals: 21422 number not available, 21649 bundle, 21615 address.
        guard inventory.numbers.contains(where: { $0.offer.phoneNumber == number && $0.country == country.code }) else {
            throw .rejected(status: 400, code: 21422)
        }
        if RegulatoryRequirements.forCountry(country)?.needsBundle ?? true {
            guard try regulatoryBundles(country: country).contains(where: { $0.sid == bundleSID }) else {
                throw .rejected(status: 400, code: 21649)
            }
            guard try addresses(country: country).contains(where: { $0.sid == addressSID }) else {
                throw .rejected(status: 400, code: 21615)
            }
        }
        let purchase = PurchasedNumber(sid: RandomID.make("PN"), phoneNumber: number)
        let inserted: Bool = try withDatabase { db in
            try db.inTransaction {
                try db.withStatement("""
                    INSERT INTO bought(phone_number, sid, bundle_sid, address_sid, bought_at) VALUES(?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """) { s in
                    try s.run([.text(number), .text(purchase.sid), .text(orNull: bundleSID),
                               .text(orNull: addressSID), .integer(SetupClock.milliseconds())])
                }
                return db.changes == 1
            }
        }
        guard inserted else { throw .rejected(status: 400, code: 21422) }
        return purchase
    }

    /// The status of every sandbox sender: Meta never reviews them.
    static let senderStatus = "CREATING"

    package func submitWhatsApp(number: String, wabaID: String, profileName: String) throws(ProviderError) -> WhatsAppSubmission {
        guard try ownedNumber(number) != nil else { throw .rejected(status: 400, code: 63100) }
        let submission = WhatsAppSubmission(sid: RandomID.make("XE"), status: Self.senderStatus, wabaID: wabaID,
                                            profileName: profileName)
        try withDatabase { db in
            try db.withStatement("""
                INSERT INTO whatsapp_senders(sid, phone_number, waba_id, profile_name, submitted_at) VALUES(?, ?, ?, ?, ?)
                """) { s in
                try s.run([.text(submission.sid), .text(number), .text(wabaID), .text(profileName),
                           .integer(SetupClock.milliseconds())])
            }
        }
        return submission
    }

    package func whatsAppSender(number: String) throws(ProviderError) -> WhatsAppSubmission? {
        try withDatabase { db in
            try db.withStatement("""
                SELECT sid, waba_id, profile_name FROM whatsapp_senders WHERE phone_number = ? ORDER BY submitted_at LIMIT 1
                """) { s in
                try s.bind([.text(number)])
                guard try s.step() else { return nil }
                return WhatsAppSubmission(sid: s.text(0), status: Self.senderStatus, wabaID: s.text(1), profileName: s.text(2))
            }
        }
    }

    private func boughtNumbers() throws(ProviderError) -> Set<String> {
        try withDatabase { db in
            try db.withStatement("SELECT phone_number FROM bought") { s in
                var numbers = Set<String>()
                while try s.step() { numbers.insert(s.text(0)) }
                return numbers
            }
        }
    }

    /// The sandbox's own store failing looks, to the caller, like a provider that is down.
    private func withDatabase<T>(_ body: (Database) throws -> T) throws(ProviderError) -> T {
        do {
            return try database.withLock { try body($0) }
        } catch {
            throw .failed(status: 500)
        }
    }
}
