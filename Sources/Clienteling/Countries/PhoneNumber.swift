/// Phone numbers as the provider and the API exchange them: E.164, `+` and 7 to 15 digits, no leading 0.
enum PhoneNumber {
    static func isE164(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard (8...16).contains(utf8.count), utf8[0] == UInt8(ascii: "+"), utf8[1] != UInt8(ascii: "0") else { return false }
        return utf8.dropFirst().allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
