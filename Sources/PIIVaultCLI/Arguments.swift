/// A small parser for `--name value`, `--name=value` and bare `--flag` options, in the shape of
/// swift-argument-parser's: each command declares what it accepts, and anything else is a usage error.
struct Arguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    /// The values of options that may be given more than once (`restore --ledger A --ledger B`), in order.
    private var lists: [String: [String]] = [:]
    private(set) var positional: [String] = []

    /// `valued` options take a value; `flagNames` take none. `--help` is always a flag, and wins: a line with
    /// `--help` anywhere shows the help even if something else on it is wrong.
    init(_ args: ArraySlice<String>, valued: Set<String>, flagNames: Set<String> = [],
         repeatable: Set<String> = []) throws(UsageError) {
        var firstError: UsageError?
        func fail(_ message: String) { if firstError == nil { firstError = UsageError(message) } }
        var iterator = args.makeIterator()
        while let next = iterator.next() {
            // `-n N` (as in tail) and `-h` are the short options: read as `--n N` and `--help`.
            let arg = next == "-n" ? "--n" : next == "-h" ? "--help" : next
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
                guard inline == nil else { fail("--\(name) takes no value"); continue }
                flags.insert(name)
            } else if repeatable.contains(name) {
                guard let value = inline ?? iterator.next(), !value.isEmpty else { fail("--\(name) needs a value"); continue }
                lists[name, default: []].append(value)
            } else if valued.contains(name) {
                guard let value = inline ?? iterator.next(), !value.isEmpty else { fail("--\(name) needs a value"); continue }
                guard values[name] == nil else { fail("--\(name) given twice"); continue }
                values[name] = value
            } else {
                fail("unknown option --\(name)")
            }
        }
        if let firstError, !wantsHelp { throw firstError }
    }

    func value(_ name: String) -> String? { values[name] }
    func values(_ name: String) -> [String] { lists[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }
    var wantsHelp: Bool { flags.contains("help") }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = values[name] else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("\(name.count == 1 ? "-" : "--")\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

/// A mistake in the command line: printed with where to read the usage, exit status 2.
package struct UsageError: Error, Equatable, CustomStringConvertible {
    package let message: String
    /// The help to read, e.g. `piivault apikey create --help`.
    package private(set) var see: String
    init(_ message: String, see: String = "") {
        self.message = message
        self.see = see
    }
    package var description: String { message }

    /// This error, sent to `help` unless it already names a more fitting one.
    func pointing(to help: String) -> UsageError {
        var error = self
        if error.see.isEmpty { error.see = help }
        return error
    }

    /// The two lines a person reads: what is wrong, and where the usage is.
    var text: String { message + "\nsee: " + (see.isEmpty ? "piivault --help" : see) }
}
