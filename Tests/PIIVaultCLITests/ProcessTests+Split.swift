import Foundation
import XCTest

/// Runs the binary with standard output and standard error kept apart (help belongs on stdout, errors on
/// stderr) and a chosen standard input, never the test runner's own (which may be a terminal).
extension ProcessTests {
    struct Split {
        let status: Int32
        let stdout: String
        let stderr: String
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
    }

    func runSplit(_ arguments: [String], stdin: FileHandle = .nullDevice) throws -> Split {
        let out = root + "/stdout-\(UUID().uuidString)", err = root + "/stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardInput = stdin
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        try process.run()
        // A command that should have answered at once but waits (for input, or serves) fails, not hangs.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        let timedOut = process.terminationReason == .uncaughtSignal
        return Split(status: timedOut ? -1 : process.terminationStatus,
                     stdout: try String(contentsOfFile: out, encoding: .utf8), stderr: try String(contentsOfFile: err, encoding: .utf8))
    }

    /// A pseudo-terminal: its other end (to pass as standard input), and a handle to type into it.
    func terminal() throws -> (child: FileHandle, keyboard: FileHandle) {
        // Glibc's Swift module leaves out the XSI pty calls; libc has them.
        typealias OnFD = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        func libc<T>(_ symbol: String, as type: T.Type) throws -> T {
            guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), symbol) else { throw XCTSkip("no \(symbol)") }
            return unsafeBitCast(address, to: type)
        }
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0, try libc("grantpt", as: OnFD.self)(master) == 0, try libc("unlockpt", as: OnFD.self)(master) == 0,
              let name = try libc("ptsname", as: Name.self)(master) else {
            throw XCTSkip("no pseudo-terminal here")
        }
        let child = open(name, O_RDWR | O_NOCTTY)
        guard child >= 0 else { throw XCTSkip("cannot open \(String(cString: name))") }
        return (FileHandle(fileDescriptor: child, closeOnDealloc: true), FileHandle(fileDescriptor: master, closeOnDealloc: true))
    }
}
