#if canImport(Glibc)
import Glibc
#endif

/// The IMF-fixdate for the `Date` header, recomputed at most once a second per loop.
struct HTTPDate {
    private var second: Int = -1
    private var cached: [UInt8] = []

    mutating func current() -> [UInt8] {
        var now = time_t()
        time(&now)
        if Int(now) != second {
            second = Int(now)
            var parts = tm()
            gmtime_r(&now, &parts)
            var buffer = [CChar](repeating: 0, count: 64)
            let n = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
            cached = buffer.prefix(n).map { UInt8(bitPattern: $0) }
        }
        return cached
    }
}
