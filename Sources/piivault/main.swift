import PIIVaultCLI

#if canImport(Glibc)
import Glibc
#endif

CrashOutput.reexecWithSafeBacktracesIfNeeded()
exit(CLI.main(Array(CommandLine.arguments.dropFirst())))
