/// A small parser for `--name value`, `--name=value` and bare `--flag` options, in the shape of
/// swift-argument-parser's: each command declares what it accepts, and anything else is a usage error.
struct Arguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    private(set) var positional: [String] = []

    /// `valued` options take a value; `flagNames` take none. `--help` is always a flag.
    init(_ args: ArraySlice<String>, valued: Set<String>, flagNames: Set<String> = []) throws(UsageError) {
        var iterator = args.makeIterator()
        while let next = iterator.next() {
            // `-n N` (as in tail) is the one short option: read it as `--n N`.
            let arg = next == "-n" ? "--n" : next
            guard arg.hasPrefix("--") else {
                positional.append(arg)
                continue
            }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if name == "help" || flagNames.contains(name) {
                guard inline == nil else { throw UsageError("--\(name) takes no value") }
                flags.insert(name)
            } else if valued.contains(name) {
                guard let value = inline ?? iterator.next(), !value.isEmpty else {
                    throw UsageError("--\(name) needs a value")
                }
                guard values[name] == nil else { throw UsageError("--\(name) given twice") }
                values[name] = value
            } else {
                throw UsageError("unknown option --\(name)")
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func flag(_ name: String) -> Bool { flags.contains(name) }
    var wantsHelp: Bool { flags.contains("help") }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = values[name] else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

/// A mistake in the command line: printed with the command's usage, exit status 2.
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
