#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 UTC timestamps (`2026-11-23T07:41:43.123Z`) without Foundation's formatters.
package enum RFC3339 {
    package static func format(seconds: Int64, milliseconds: Int? = nil) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        append(seconds: seconds, milliseconds: milliseconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the timestamp's bytes: every log line and profile answer writes one, so no strings are made.
    package static func append(seconds: Int64, milliseconds: Int? = nil, to out: inout [UInt8]) {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func digits(_ value: Int32, _ width: Int) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            // Years past 9999 keep all their digits (width is a minimum, as in the format this replaced).
            var v = value
            if v >= divisor * 10 { out.append(contentsOf: String(v).utf8); return }
            while divisor > 0 {
                out.append(UInt8(48 + (v / divisor) % 10))
                v %= divisor
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4); out.append(UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2); out.append(UInt8(ascii: "-"))
        digits(parts.tm_mday, 2); out.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2); out.append(UInt8(ascii: ":"))
        digits(parts.tm_min, 2); out.append(UInt8(ascii: ":"))
        digits(parts.tm_sec, 2)
        if let milliseconds {
            out.append(UInt8(ascii: "."))
            digits(Int32(milliseconds), 3)
        }
        out.append(UInt8(ascii: "Z"))
    }
}
