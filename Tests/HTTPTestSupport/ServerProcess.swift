import Foundation

public struct ServerStartFailure: Error, CustomStringConvertible {
    public let output: String
    public let status: Int32
    public var description: String { "serve did not start (status \(status)): \(output)" }
}

/// Runs `binary` with `arguments` (a `serve --port 0 ...`), reading its stderr until the first log line names
/// the port. Throws with what it printed if it exits first or says nothing of a port for 20 seconds.
public func startServer(_ binary: String, _ arguments: [String]) throws -> (process: Process, port: Int, stderr: Pipe) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardError = pipe
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    var seen = Data()
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen += chunk
        let text = String(decoding: seen, as: UTF8.self)
        if let range = text.range(of: #""port":(\d+)"#, options: .regularExpression) {
            return (process, Int(text[range].split(separator: ":")[1])!, pipe)
        }
    }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    throw ServerStartFailure(output: String(decoding: seen, as: UTF8.self), status: process.terminationStatus)
}
