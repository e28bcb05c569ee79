/// What other threads hand an event loop (answers, accepted sockets), kept under the loop's lock. Once the
/// loop has ended the mailbox is closed: what is posted then is the poster's to dispose of, so nothing is
/// kept alive by a loop that will never read it.
struct Mailbox<Item> {
    private var items: [Item] = []
    private var closed = false

    enum Posting { case first, queued, closed }

    /// Adds `item`; `.first` when the loop must be woken for it, `.closed` when it was not taken.
    mutating func posting(_ item: Item) -> Posting {
        guard !closed else { return .closed }
        items.append(item)
        return items.count == 1 ? .first : .queued
    }

    /// Adds `item`, or drops it once closed; true when the loop must be woken.
    mutating func post(_ item: Item) -> Bool { posting(item) == .first }

    /// Everything posted so far, in order.
    mutating func take() -> [Item] {
        defer { items.removeAll(keepingCapacity: true) }
        return items
    }

    /// Closes the mailbox and returns what was still in it.
    mutating func close() -> [Item] {
        closed = true
        return take()
    }
}
