#if canImport(Glibc)
import Glibc
#endif

/// Swift's crash reporter prints registers and the memory around them, and those bytes can be plaintext or
/// key material. It reads `SWIFT_BACKTRACE` before `main` runs, so when the variable is unset the program
/// sets a safe value and executes itself again, once: stack frames stay (they name code, not data);
/// registers, memory and image lists go. An operator who sets `SWIFT_BACKTRACE` explicitly keeps control.
package enum CrashOutput {
    package static let safeSetting = "enable=yes,interactive=no,registers=none,images=none,sanitize=yes"

    package static func reexecWithSafeBacktracesIfNeeded() {
        guard getenv("SWIFT_BACKTRACE") == nil else { return }
        setenv("SWIFT_BACKTRACE", safeSetting, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // If exec fails the program still runs, with the setting in place for any child it starts.
    }
}
