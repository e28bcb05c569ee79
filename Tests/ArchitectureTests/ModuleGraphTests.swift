import Foundation
import XCTest

/// docs/architecture.md's module table is the architecture: each module, and the modules it may import.
/// These tests hold the table, Package.swift and the `import` lines of Sources/ to one another, so the
/// picture cannot drift from the code.
final class ModuleGraphTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func testTheDocumentListsEveryModuleOfSources() throws {
        let documented = Set(try ArchitectureDocument(root: root).allowed.keys)
        XCTAssertEqual(documented, Set(try SourceTree(root: root).modules))
    }

    func testPackageDependenciesAreWhatTheDocumentAllows() throws {
        let allowed = try ArchitectureDocument(root: root).allowed
        let declared = try PackageManifest(root: root).dependencies
        for (module, modules) in allowed {
            XCTAssertEqual(declared[module].map(Set.init), modules, "Package.swift and docs/architecture.md disagree on \(module)")
        }
    }

    func testEveryImportIsDeclaredAndEveryDeclarationImported() throws {
        let declared = try PackageManifest(root: root).dependencies
        let tree = try SourceTree(root: root)
        let ours = Set(declared.keys)
        for module in tree.modules {
            let imported = try tree.imports(of: module).intersection(ours)
            let dependencies = Set(declared[module] ?? [])
            XCTAssertEqual(imported.subtracting(dependencies), [], "\(module) imports modules it does not declare")
            XCTAssertEqual(dependencies.subtracting(imported), [], "\(module) declares modules it never imports")
        }
    }

    /// C stays at the edge: one Swift module turns each C library into a small safe API.
    func testEachCModuleHasExactlyOneSwiftImporter() throws {
        let manifest = try PackageManifest(root: root)
        let tree = try SourceTree(root: root)
        for library in manifest.systemLibraries {
            let importers = try tree.modules.filter { try tree.imports(of: $0).contains(library) }
            XCTAssertEqual(importers.count, 1, "\(library) is imported by \(importers)")
        }
    }
}

/// The domain holds no SQL: a second engine is a set of implementations of Vault/Store's protocols, never
/// an edit of a domain file.
final class DomainStoreTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func testNoVaultFileHoldsSQL() throws {
        XCTAssertEqual(try filesWithSQL(in: "Vault"), [], "SQL belongs to an engine module (VaultSQLite), not to the domain")
    }

    /// The check itself: it finds the statements the engine holds.
    func testTheCheckFindsTheEnginesSQL() throws {
        let found = try filesWithSQL(in: "VaultSQLite")
        XCTAssertTrue(found.contains { $0.hasSuffix("SQLiteTokenRows.swift") }, "\(found)")
        XCTAssertTrue(found.contains { $0.hasSuffix("RegionSchema.swift") }, "\(found)")
    }

    private func filesWithSQL(in module: String) throws -> [String] {
        let sql = try NSRegularExpression(pattern: #"\b(SELECT\s+\S.*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|UNIQUE|VIRTUAL)|DROP\s+TABLE|PRAGMA\s+\w+)\b"#)
        return try SourceTree(root: root).swiftFiles(of: module).filter { file in
            let text = try String(contentsOfFile: file, encoding: .utf8)
            return sql.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }.map { String($0.dropFirst(root.count + 1)) }
    }
}
