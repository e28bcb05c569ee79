import Foundation

/// The module table of docs/architecture.md (its "## Modules" section): rows `| `Module` | what it is | `A`, `B` |`, the last cell
/// naming the modules it may import (`—` for none).
struct ArchitectureDocument {
    let allowed: [String: Set<String>]

    init(root: String) throws {
        let text = try String(contentsOfFile: root + "/docs/architecture.md", encoding: .utf8)
        var allowed: [String: Set<String>] = [:]
        let section = text.components(separatedBy: "\n## ").first { $0.hasPrefix("Modules") } ?? ""
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, let module = Self.names(in: cells[0]).first else { continue }
            allowed[module] = Set(Self.names(in: cells[cells.count - 1]))
        }
        self.allowed = allowed
    }

    /// The `backticked` words of a cell.
    static func names(in cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
