import Synchronization

/// The server's event loops, for spreading accepted connections round-robin. Filled before any loop runs,
/// read-only afterwards.
final class LoopGroup: @unchecked Sendable {
    var loops: [EventLoop] = []
    private let counter = Atomic<Int>(0)

    func next() -> EventLoop {
        loops[counter.add(1, ordering: .relaxed).oldValue % loops.count]
    }
}
