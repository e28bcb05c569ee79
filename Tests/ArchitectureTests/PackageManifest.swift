import Foundation

/// The targets of Package.swift that live under Sources/, read from its text: `.target(name: "X",
/// dependencies: [...])`, `.executableTarget(...)` and `.systemLibrary(name: "X", ...)`.
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
        let call = try NSRegularExpression(pattern: #"\.(target|executableTarget|systemLibrary)\(\s*name:\s*"(\w+)"([^()]*(\([^()]*\)[^()]*)*)\)"#)
        let range = NSRange(text.startIndex..., in: text)
        for match in call.matches(in: text, range: range) {
            let kind = String(text[Range(match.range(at: 1), in: text)!])
            let name = String(text[Range(match.range(at: 2), in: text)!])
            let rest = String(text[Range(match.range(at: 3), in: text)!])
            if rest.contains("path: \"Tests/") { continue }
            if kind == "systemLibrary" { systemLibraries.append(name) }
            dependencies[name] = Self.dependencyList(rest)
        }
        self.dependencies = dependencies
        self.systemLibraries = systemLibraries
    }

    private static func dependencyList(_ arguments: String) -> [String] {
        guard let start = arguments.range(of: "dependencies:"),
              let open = arguments[start.upperBound...].firstIndex(of: "["),
              let close = arguments[open...].firstIndex(of: "]") else { return [] }
        return arguments[arguments.index(after: open)..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            .filter { !$0.isEmpty }
    }
}
