import Vault

/// `--audit-anchor FILE`, accepted by every command (and `PIIVAULT_AUDIT_ANCHOR` in the environment, for
/// units and timers that run several commands): the file outside the data directory to which each audit
/// chain's anchors are appended, and which every command that opens a chain checks it against.
enum AuditAnchorOption {
    static let name = "--audit-anchor"

    /// The arguments without the option, and the file it names (the option wins over the environment).
    static func extract(_ arguments: [String], environment: [String: String]) throws(UsageError) -> ([String], String?) {
        var rest: [String] = []
        var path = environment["PIIVAULT_AUDIT_ANCHOR"].flatMap { $0.isEmpty ? nil : $0 }
        var given = false
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == name || argument.hasPrefix(name + "=") {
                guard !given else { throw UsageError("\(name) given twice") }
                given = true
                if argument == name {
                    index += 1
                    guard index < arguments.endIndex, !arguments[index].hasPrefix("-"), !arguments[index].isEmpty else {
                        throw UsageError("\(name) needs a file path")
                    }
                    path = arguments[index]
                } else {
                    path = String(argument.dropFirst(name.count + 1))
                    guard path?.isEmpty == false else { throw UsageError("\(name) needs a file path") }
                }
            } else {
                rest.append(argument)
            }
            index += 1
        }
        return (rest, path)
    }
}
