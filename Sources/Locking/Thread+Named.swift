import Foundation

extension Thread {
    /// Starts `body` on a new thread that `top`, `perf` and `/proc/*/task/*/comm` show as `name` (Linux keeps
    /// 15 bytes of it). Foundation passes a name given before `start()` to no one here, and one set from inside
    /// reaches the kernel only once `start()` has returned in the parent: the thread waits for that first.
    package static func startNamed(_ name: String, stackSize: Int, _ body: @escaping @Sendable () -> Void) {
        let started = DispatchSemaphore(value: 0)
        let thread = Thread {
            started.wait()
            Thread.current.name = String(name.prefix(15))  // our names are ASCII
            body()
        }
        thread.stackSize = stackSize
        thread.start()
        started.signal()
    }
}
