/// A preset message associates send in conversations (the guide's "Quick Replies": a title and a message).
package struct QuickReply: Sendable, Equatable {
    package let id: String
    package var title: String
    package var message: String
    package let createdAt: Int64
    package var updatedAt: Int64

    package static let columns = "id, title, message, created_at, updated_at"

    package init(id: String, title: String, message: String, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.title = title
        self.message = message
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The opt-in message: the first message to a new shopper, asking consent. Every tenant starts with the
/// default until it saves its own.
package struct OptInTemplate: Sendable, Equatable {
    package let body: String
    package let isDefault: Bool
    package let updatedAt: Int64?

    package init(body: String, isDefault: Bool, updatedAt: Int64?) {
        self.body = body
        self.isDefault = isDefault
        self.updatedAt = updatedAt
    }

    package static let defaultBody = "Hi, this is your store's style advisor. May we send you messages about products "
        + "and your orders here? Reply YES to agree or STOP to opt out at any time."
}
