import Foundation

/// The modules of Sources/ (one directory each) and what their Swift files import.
struct SourceTree {
    let root: String
    let modules: [String]

    init(root: String) throws {
        self.root = root
        modules = try FileManager.default.contentsOfDirectory(atPath: root + "/Sources").filter { !$0.hasPrefix(".") }.sorted()
    }

    func swiftFiles(of module: String) -> [String] {
        let directory = root + "/Sources/" + module
        let entries = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        return entries.filter { $0.hasSuffix(".swift") }.sorted().map { directory + "/" + $0 }
    }

    /// Module names of every `import` line (`internal import X`, `@testable import X` and `import X.Y` alike).
    func imports(of module: String) throws -> Set<String> {
        var names = Set<String>()
        for file in swiftFiles(of: module) {
            for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                      words[..<at].allSatisfy({ ["@testable", "internal", "public", "package", "private", "fileprivate", "@_exported"].contains($0) })
                else { continue }
                names.insert(String(words[at + 1].split(separator: ".")[0]))
            }
        }
        return names
    }
}
