import Foundation

/// The targets of Package.swift that live under Sources/, read from its text: `.target(name: "X",
/// dependencies: [...])`, `.executableTarget(...)` and `.systemLibrary(name: "X", ...)`. A dependency is a
/// name in quotes or `.target(name: "X", condition: ...)` (a trait's module: counted like any other).
struct PackageManifest {
    /// Each Swift or C module of Sources/ and the modules it depends on (none for C modules).
    let dependencies: [String: [String]]
    let systemLibraries: [String]

    init(root: String) throws {
        let text = try String(contentsOfFile: root + "/Package.swift", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false)[0] }
            .joined(separator: "\n")
        var dependencies: [String: [String]] = [:]
        var systemLibraries: [String] = []
        let call = try NSRegularExpression(pattern: #"\.(target|executableTarget|systemLibrary)\(\s*name:\s*"(\w+)""#)
        let characters = Array(text)
        let range = NSRange(text.startIndex..., in: text)
        for match in call.matches(in: text, range: range) {
            let kind = String(text[Range(match.range(at: 1), in: text)!])
            let name = String(text[Range(match.range(at: 2), in: text)!])
            let start = text.distance(from: text.startIndex, to: Range(match.range, in: text)!.upperBound)
            let rest = String(Self.balanced(characters, from: start, open: "(", close: ")"))
            if rest.contains("path: \"Tests/") || rest.hasPrefix(", condition") || rest.hasPrefix(",condition") { continue }
            if kind == "systemLibrary" { systemLibraries.append(name) }
            dependencies[name] = Self.dependencyList(rest)
        }
        self.dependencies = dependencies
        self.systemLibraries = systemLibraries
    }

    /// The characters from `start` up to the `close` that matches the bracket open just before it.
    private static func balanced(_ characters: [Character], from start: Int, open: Character, close: Character) -> [Character] {
        var depth = 1
        var index = start
        while index < characters.count {
            if characters[index] == open { depth += 1 }
            if characters[index] == close { depth -= 1; if depth == 0 { break } }
            index += 1
        }
        return Array(characters[start..<index])
    }

    private static func dependencyList(_ arguments: String) -> [String] {
        guard let start = arguments.range(of: "dependencies:"),
              let open = arguments[start.upperBound...].firstIndex(of: "[") else { return [] }
        let characters = Array(arguments)
        let from = arguments.distance(from: arguments.startIndex, to: open) + 1
        let list = balanced(characters, from: from, open: "[", close: "]")
        // Entries at the top level of the list: split at commas outside brackets and parentheses.
        var entries: [String] = []
        var current = ""
        var depth = 0
        for character in list {
            if "([".contains(character) { depth += 1 }
            if ")]".contains(character) { depth -= 1 }
            if character == ",", depth == 0 {
                entries.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        entries.append(current)
        return entries.compactMap { entry in
            let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let firstQuote = trimmed.firstIndex(of: "\"") else { return nil }
            let afterQuote = trimmed[trimmed.index(after: firstQuote)...]
            return afterQuote.firstIndex(of: "\"").map { String(afterQuote[..<$0]) }
        }
    }
}
