#if canImport(Glibc)
import Glibc
#endif

extension RFC3339 {
    /// Milliseconds since the epoch of an RFC 3339 date-time (`2019-08-24T14:15:22Z`,
    /// `2019-08-24T16:15:22.120+02:00`); nil for anything else. RFC 3339 allows any number of fraction digits:
    /// those past the millisecond are dropped, so a finer time denotes the millisecond it falls in (stored
    /// times have milliseconds: `.471123` is the `.471` a client read, with more digits its clock added).
    package static func parseMilliseconds(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count else { return nil }
            var value = 0
            for i in range {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] | 0x20 == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
              let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19),
              (1...12).contains(month), (1...daysIn(month, year)).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        var milliseconds = 0
        if b[i] == UInt8(ascii: ".") {
            let start = i + 1
            i = start
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            guard i > start, let fraction = digits(start..<min(i, start + 3)) else { return nil }
            milliseconds = fraction * [100, 10, 1][min(i - start, 3) - 1]
        }
        var offsetMinutes = 0
        guard i < b.count else { return nil }
        if b[i] | 0x20 == UInt8(ascii: "z") {
            guard i + 1 == b.count else { return nil }
        } else {
            guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                  let h = digits((i + 1)..<(i + 3)), let m = digits((i + 4)..<(i + 6)), h < 24, m < 60 else { return nil }
            offsetMinutes = (h * 60 + m) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts)) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(milliseconds)
    }

    /// The RFC 3339 UTC form of milliseconds since the epoch, with milliseconds.
    package static func format(milliseconds: Int64) -> String {
        format(seconds: milliseconds / 1000, milliseconds: Int(milliseconds % 1000))
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
