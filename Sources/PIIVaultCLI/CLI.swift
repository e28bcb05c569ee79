#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Vault

/// The program: parse, run, and turn every failure into a message and an exit status
/// (0 ok, 1 failure, 2 usage).
public enum CLI {
    public static func main(_ arguments: [String]) -> Int32 {
        // Databases, WAL files and keyrings are for this user alone.
        umask(0o077)
        let command: Command
        do {
            let (rest, anchor) = try AuditAnchorOption.extract(arguments, environment: ProcessInfo.processInfo.environment)
            AuditAnchors.useExternalFile(anchor)
            command = try Command.parse(rest)
        } catch {
            printError("\(error.message)\nRun `piivault --help` for usage.")
            return 2
        }
        do {
            switch command {
            case .help(let text):
                print(text)
            case .keysInit(let options):
                for line in try KeysCommand.initialize(options) { print(line) }
            case .keysRotate(let options):
                print(try KeysCommand.rotate(options))
            case .tenantCreate(let options):
                for line in try AdminCommand.createTenant(options) { print(line) }
            case .apiKeyCreate(let options):
                for line in try AdminCommand.createKey(options) { print(line) }
            case .apiKeyList(let options):
                for line in try AdminCommand.listKeys(options) { print(line) }
            case .apiKeyRevoke(let options):
                for line in try AdminCommand.revokeKey(options) { print(line) }
            case .auditVerify(let options):
                let (lines, intact) = AuditCommand.verify(options)
                for line in lines { print(line) }
                if !intact { return 1 }
            case .auditTail(let options):
                for line in try AuditCommand.tail(options) { print(line) }
            case .sweep(let options):
                try SweepCommand.run(options) { print($0) }
            case .serve(let options):
                try ServeCommand(options: options).run()
            }
            return 0
        } catch {
            printError(String(describing: error))
            return 1
        }
    }

    static func printError(_ message: String) {
        let line = "piivault: error: \(message)\n"
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
