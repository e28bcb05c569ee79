/// The JSON text of one log line.
struct LogLine {
    private(set) var bytes: [UInt8] = []

    mutating func begin(time: String, level: StaticString, message: StaticString) {
        bytes.reserveCapacity(192)
        append("{\"ts\":\"")
        bytes.append(contentsOf: time.utf8)
        append("\",\"level\":\"")
        append(level)
        append("\",\"msg\":")
        string(String(describing: message))
    }

    mutating func field(_ key: String, _ value: Logger.Value) {
        append(",")
        string(key)
        append(":")
        switch value {
        case .string(let s): string(s)
        case .int(let i): bytes.append(contentsOf: String(i).utf8)
        case .double(let d): bytes.append(contentsOf: (d.isFinite ? String(d) : "null").utf8)
        case .bool(let b): append(b ? "true" : "false")
        }
    }

    mutating func end() { append("}\n") }

    private mutating func append(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    private mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0..<0x20:
                let hex = String(b, radix: 16)
                bytes.append(contentsOf: ("\\u00" + (hex.count == 1 ? "0" : "") + hex).utf8)
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
