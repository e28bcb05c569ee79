import JSONCore

/// How log lines are written: one JSON object per line (the default, for collectors and `jq`), or
/// `time level message key=value ...` for a person reading a terminal. Both carry the same fields.
package enum LogFormat: String, Sendable, CaseIterable {
    case json, text
}

/// The bytes of one log line in either format.
struct LogLine {
    private let format: LogFormat
    private var writer = JSONWriter(capacity: 192)

    init(format: LogFormat = .json) { self.format = format }

    var bytes: [UInt8] { writer.bytes }

    /// `time` is the RFC 3339 UTC time (`Logger.timestamp()`).
    mutating func begin(time: [UInt8], level: StaticString, message: StaticString) {
        switch format {
        case .json:
            writer.append("{\"ts\":\"")
            writer.appendRaw(time)
            writer.append("\",\"level\":\"")
            writer.append(level)
            writer.append("\",\"msg\":")
            writer.writeString(message)
        case .text:
            writer.appendRaw(time)
            writer.append(" ")
            writer.append(level)
            writer.append(" ")
            writer.append(message)
        }
    }

    mutating func field(_ key: String, _ value: Logger.Value) {
        switch format {
        case .json:
            writer.append(",")
            writer.writeString(key)
            writer.append(":")
        case .text:
            writer.append(" ")
            writer.appendRaw(Array(key.utf8))
            writer.append("=")
        }
        switch value {
        case .string(let s): format == .text && Self.isBare(s) ? writer.appendRaw(Array(s.utf8)) : writer.writeString(s)
        case .int(let i): writer.writeInteger(i)
        case .double(let d): writer.appendRaw(Array((d.isFinite ? String(d) : "null").utf8))
        case .bool(let b): writer.append(b ? "true" : "false")
        }
    }

    mutating func end() { writer.append(format == .json ? "}\n" : "\n") }

    /// A text value goes unquoted only when that cannot be misread: not empty, and no space, quote, `=` or
    /// control character (which could forge a second field or line). Anything else is quoted as in JSON.
    private static func isBare(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "=") }
    }
}
