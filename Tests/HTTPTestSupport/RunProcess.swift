import Dispatch
import Foundation

/// Runs a program to completion: its exit status and its standard output and error, interleaved. A program
/// still running after `timeout` seconds (a command that should have refused but serves instead) is
/// terminated and reported as status -1, so a regression fails the test instead of hanging the suite.
public func runProcess(_ path: String, _ arguments: [String], timeout: Double = 900) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    watchdog.cancel()
    let timedOut = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM
    return (timedOut ? -1 : process.terminationStatus, String(decoding: data, as: UTF8.self))
}
