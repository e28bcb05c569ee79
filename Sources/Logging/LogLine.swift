import JSONCore

/// The JSON text of one log line.
struct LogLine {
    private var writer = JSONWriter(capacity: 192)

    var bytes: [UInt8] { writer.bytes }

    mutating func begin(time: String, level: StaticString, message: StaticString) {
        writer.append("{\"ts\":")
        writer.writeString(time)
        writer.append(",\"level\":\"")
        writer.append(level)
        writer.append("\",\"msg\":")
        writer.writeString(String(describing: message))
    }

    mutating func field(_ key: String, _ value: Logger.Value) {
        writer.append(",")
        writer.writeString(key)
        writer.append(":")
        switch value {
        case .string(let s): writer.writeString(s)
        case .int(let i): writer.writeInteger(i)
        case .double(let d): writer.appendRaw(Array((d.isFinite ? String(d) : "null").utf8))
        case .bool(let b): writer.append(b ? "true" : "false")
        }
    }

    mutating func end() { writer.append("}\n") }
}
