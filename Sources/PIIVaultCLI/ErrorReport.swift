#if canImport(Glibc)
import Glibc
#endif
import Logging

/// How a failure is told on standard error. People read `piivault: error: ...` lines; `serve` with JSON logs
/// (its default) writes each start-up error as one JSON log line instead, so whatever collects serve's
/// stderr never meets a line it cannot parse. Other commands are run by people and scripts that read text,
/// and keep it. Messages name options, paths and files, never a value, token or key.
enum ErrorReport {
    /// The format serve's errors take, read from the raw arguments: a usage error may come before the
    /// options are understood. Only `--log-format text` gives text; anything else is the JSON default.
    static func format(of arguments: [String]) -> LogFormat {
        guard arguments.first == "serve" else { return .text }
        for (index, argument) in arguments.enumerated() {
            if argument == "--log-format", index + 1 < arguments.count { return arguments[index + 1] == "text" ? .text : .json }
            if argument.hasPrefix("--log-format=") { return argument.dropFirst(13) == "text" ? .text : .json }
        }
        return .json
    }

    static func usage(_ error: UsageError, format: LogFormat) {
        switch format {
        case .text: printError(error.text)
        case .json: log("usage error", error.message, exit: 2, see: error.see.isEmpty ? "piivault --help" : error.see)
        }
    }

    static func failure(_ error: any Error, format: LogFormat) {
        switch format {
        case .text: printError(String(describing: error))
        case .json: log("cannot start", String(describing: error), exit: 1, see: nil)
        }
    }

    private static func log(_ message: StaticString, _ error: String, exit status: Int, see: String?) {
        let logger = Logger.shared
        logger.format = .json
        if let see {
            logger.error(message, ["error": .string(error), "exit": .int(status), "see": .string(see)])
        } else {
            logger.error(message, ["error": .string(error), "exit": .int(status)])
        }
        logger.flush()
    }

    static func printError(_ message: String) { write("piivault: error: \(message)\n") }

    /// Straight to standard error, unbuffered: the exit follows at once.
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
