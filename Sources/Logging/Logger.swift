import Foundation
import Locking
import Synchronization

/// Structured logs: one JSON object (or one `key=value` text line, see `LogFormat`) per line on standard error.
///
/// Messages are `StaticString`s, so no value can be interpolated into them by accident; values go in
/// named fields, and callers pass only what is safe to show (ids of requests, counts, statuses: never
/// plaintext, tokens or keys). Lines are buffered and written by a background thread so that logging
/// costs the request path a copy, not a system call.
package final class Logger: Sendable {
    package enum Level: Int, Sendable, Comparable {
        case debug, info, warning, error

        package static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        var name: StaticString {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }

        package init?(name: String) {
            switch name {
            case "debug": self = .debug
            case "info": self = .info
            case "warning", "warn": self = .warning
            case "error": self = .error
            default: return nil
            }
        }
    }

    package enum Value: Sendable {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
    }

    private struct State {
        var buffer: [UInt8] = []
        var flusherStarted = false
    }

    package static let shared = Logger(minimum: .info, fileDescriptor: 2)

    private let state: Locked<State>
    /// Read on every call (most of which log nothing): atomics, not the buffer's lock.
    private let minimumLevel: Atomic<Int>
    private let textFormat = Atomic<Bool>(false)
    private let fileDescriptor: Int32
    /// Above this many buffered bytes a log call writes synchronously instead of growing the buffer.
    private let highWater = 1 << 20

    package init(minimum: Level, fileDescriptor: Int32) {
        state = Locked(State())
        minimumLevel = Atomic(minimum.rawValue)
        self.fileDescriptor = fileDescriptor
    }

    package var minimum: Level {
        get { Level(rawValue: minimumLevel.load(ordering: .relaxed)) ?? .info }
        set { minimumLevel.store(newValue.rawValue, ordering: .relaxed) }
    }

    /// JSON unless set otherwise (`serve --log-format text`).
    package var format: LogFormat {
        get { textFormat.load(ordering: .relaxed) ? .text : .json }
        set { textFormat.store(newValue == .text, ordering: .relaxed) }
    }

    package func isEnabled(_ level: Level) -> Bool { level.rawValue >= minimumLevel.load(ordering: .relaxed) }

    package func log(_ level: Level, _ message: StaticString, _ fields: KeyValuePairs<String, Value> = [:]) {
        guard isEnabled(level) else { return }
        write(level, message, fields)
    }

    /// Start-up and shutdown lines (listening address, stopped): written at any level, since operators
    /// and scripts rely on them.
    package func announce(_ message: StaticString, _ fields: KeyValuePairs<String, Value> = [:]) {
        write(.info, message, fields)
    }

    private func write(_ level: Level, _ message: StaticString, _ fields: KeyValuePairs<String, Value>) {
        var line = LogLine(format: format)
        line.begin(time: Self.timestamp(), level: level.name, message: message)
        for (key, value) in fields { line.field(key, value) }
        line.end()
        let overflow: [UInt8]? = state.withLock { state in
            state.buffer.append(contentsOf: line.bytes)
            startFlusherIfNeeded(&state)
            guard state.buffer.count > highWater else { return nil }
            defer { state.buffer.removeAll(keepingCapacity: true) }
            return state.buffer
        }
        if let overflow { writeAll(overflow) }
    }

    package func info(_ message: StaticString, _ fields: KeyValuePairs<String, Value> = [:]) { log(.info, message, fields) }
    package func warning(_ message: StaticString, _ fields: KeyValuePairs<String, Value> = [:]) { log(.warning, message, fields) }
    package func error(_ message: StaticString, _ fields: KeyValuePairs<String, Value> = [:]) { log(.error, message, fields) }

    /// Writes whatever is buffered now.
    package func flush() {
        let pending: [UInt8] = state.withLock { state in
            defer { state.buffer.removeAll(keepingCapacity: true) }
            return state.buffer
        }
        if !pending.isEmpty { writeAll(pending) }
    }

    private func startFlusherIfNeeded(_ state: inout State) {
        guard !state.flusherStarted else { return }
        state.flusherStarted = true
        let thread = Thread { [self] in
            while true {
                usleep(100_000)
                flush()
            }
        }
        thread.name = "log-flush"
        thread.start()
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    static func timestamp() -> [UInt8] {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        RFC3339.append(seconds: Int64(now.tv_sec), milliseconds: Int(now.tv_nsec / 1_000_000), to: &out)
        return out
    }
}
