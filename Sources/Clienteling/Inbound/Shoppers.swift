/// What the routes about shoppers need from the executable: the tenant's profiles (`ShopperDirectory`, the
/// vault's), and the URL the provider calls for inbound messages, as configured there (`serve
/// --setup-webhook-url`; nil: rebuilt from the request, right only when no proxy stands in between).
package struct Shoppers: Sendable {
    package let directory: any ShopperDirectory
    package let webhookURL: String?

    package init(directory: any ShopperDirectory, webhookURL: String?) {
        self.directory = directory
        self.webhookURL = webhookURL
    }
}
