/// One form of the command line (`keys init`, `sweep`): its words, a line for the overview, its usage text,
/// the options it takes, and how they become a `Command`. Every form answers `--help` and `-h` the same way,
/// and every usage error it raises points to that help.
struct CommandSpec: Sendable {
    let words: [String]
    let summary: String
    let help: String
    let valued: Set<String>
    var flags: Set<String> = []
    /// Valued options that may be given more than once.
    var repeatable: Set<String> = []
    let build: @Sendable (Arguments) throws(UsageError) -> Command

    var name: String { (["piivault"] + words).joined(separator: " ") }

    func parse(_ rest: ArraySlice<String>) throws(UsageError) -> Command {
        do {
            let args = try Arguments(rest, valued: valued, flagNames: flags, repeatable: repeatable)
            if args.wantsHelp { return .help(help) }
            return try build(args)
        } catch {
            throw error.pointing(to: "\(name) --help")
        }
    }
}

extension Arguments {
    func noPositional() throws(UsageError) {
        if let extra = positional.first { throw UsageError("unexpected argument '\(extra)'") }
    }
}
