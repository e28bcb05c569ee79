/// How far ahead of the server's clock an issue or creation time may be and still be believed.
///
/// A token's lifetime is counted from the time inside its first ULID (a data entry's and an API key's from
/// their stored creation time). If the clock ran ahead when they were made and has since been stepped
/// back, that time lies in the future and the thing would live longer than its lifetime. Anything whose
/// issue time is more than `toleranceMilliseconds` ahead of the clock at read is treated as expired: a few
/// minutes cover NTP slewing and nodes whose clocks differ a little; more is a clock that was wrong.
package enum ClockSkew {
    package static let toleranceMilliseconds: Int64 = 5 * 60 * 1000

    /// Whether something issued at `issuedAt` may be believed at `now`.
    package static func isPlausible(issuedAt: Int64, now: Int64) -> Bool {
        issuedAt <= now + toleranceMilliseconds
    }

    /// Whether something issued at `issuedAt` that expires at `expiresAt` is still live at `now`.
    package static func isLive(issuedAt: Int64, expiresAt: Int64, now: Int64) -> Bool {
        now < expiresAt && isPlausible(issuedAt: issuedAt, now: now)
    }
}
