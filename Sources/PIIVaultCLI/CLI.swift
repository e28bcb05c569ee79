#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Vault

/// The program: parse, run, and turn every failure into a message and an exit status
/// (0 ok, 1 failure, 2 usage).
package enum CLI {
    package static func main(_ arguments: [String]) -> Int32 {
        // Databases, WAL files and keyrings are for this user alone.
        umask(0o077)
        let command: Command
        do {
            let (rest, anchor) = try AuditAnchorOption.extract(arguments, environment: ProcessInfo.processInfo.environment)
            AuditAnchors.useExternalFile(anchor)
            command = try Command.parse(rest)
        } catch {
            ErrorReport.usage(error, format: ErrorReport.format(of: arguments))
            return 2
        }
        var errorFormat = LogFormat.text
        if case .serve(let options) = command { errorFormat = options.logFormat }
        do {
            switch command {
            case .help(let text):
                print(text)
            case .version:
                print(PIIVaultVersion.line)
            case .keysInit(let options):
                for line in try KeysCommand.initialize(options) { print(line) }
            case .keysRotate(let options):
                try RotationConsent.obtain(options, onTerminal: isatty(0) == 1, ask: Self.ask)
                print(try KeysCommand.rotate(options))
            case .keysStatus(let options):
                for line in try KeyLifecycleCommand.status(options) { print(line) }
            case .keysRewrap(let options):
                guard try KeyLifecycleCommand.rewrap(options, onTerminal: isatty(1) == 1, print: { print($0) }) else { return 1 }
            case .keysRetire(let options):
                for line in try KeyLifecycleCommand.retire(options) { print(line) }
            case .tenantCreate(let options):
                for line in try AdminCommand.createTenant(options) { print(line) }
            case .tenantList(let options):
                for line in try AdminCommand.listTenants(options) { print(line) }
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
            case .migrateStore(let options):
                let (lines, matched) = try MigrateStoreCommand.run(options) { print($0) }
                for line in lines { print(line) }
                if !matched { return 1 }
            case .backup(let options):
                try BackupCommand.run(options) { print($0) }
            case .restore(let options):
                try RestoreCommand.run(options) { print($0) }
            case .serve(let options):
                try ServeCommand(options: options).run()
            }
            return 0
        } catch let error as UsageError {
            ErrorReport.usage(error, format: errorFormat)
            return 2
        } catch {
            ErrorReport.failure(error, format: errorFormat)
            return 1
        }
    }

    /// The question on standard error (standard output may be a pipe to a log), the answer from the terminal.
    private static func ask(_ question: String) -> String? {
        ErrorReport.write(question)
        return readLine()
    }
}
