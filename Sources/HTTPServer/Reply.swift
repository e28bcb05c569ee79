/// What a route handler answers: a response ready now, or one completed later, from any thread, through
/// the `Answer` the router hands to `start` (a store's writer answers once the group commit is durable).
/// A handler that cannot answer throws instead; the router renders the error (`Router.render`).
package enum Reply: Sendable {
    case now(HTTPResponse)
    /// `start` runs at once, on the handler's thread; it must not wait: it hands the work on, and whoever
    /// finishes it sends through the answer.
    case later(_ start: @Sendable (Answer) -> Void)
}
