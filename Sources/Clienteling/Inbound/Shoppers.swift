import VaultCrypto

/// What the routes about shoppers need from the executable: the tenant's profiles (`ShopperDirectory`, the
/// vault's), the URL the provider calls for inbound messages, as configured there (`serve
/// --setup-webhook-url`; nil: rebuilt from the request, right only when no proxy stands in between), and the
/// keyring `/clienteling/profiles` seals its page tokens under (the control keyring, so every node opens
/// every node's tokens, across restarts and rotations).
package struct Shoppers: Sendable {
    package let directory: any ShopperDirectory
    package let webhookURL: String?
    package let pageKeyring: Keyring

    package init(directory: any ShopperDirectory, webhookURL: String?, pageKeyring: Keyring) {
        self.directory = directory
        self.webhookURL = webhookURL
        self.pageKeyring = pageKeyring
    }
}
