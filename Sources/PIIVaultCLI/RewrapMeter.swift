import Foundation
import JSONCore
import Vault

/// Shows a rewrap's progress: a bar with rate and ETA redrawn in place on a terminal, JSON lines otherwise
/// (`{"processed","total","failed","elapsed_s"}`), flushed at once so a pipe sees each as it happens.
struct RewrapMeter {
    let onTerminal: Bool

    /// `extra`: rows still to come after the region's (the set-up documents), counted in the total.
    func show(_ progress: KeyRewrapper.Progress, adding extra: Int = 0) {
        var progress = progress
        progress.total += extra
        emit(progress, final: false)
    }

    func finish(_ progress: KeyRewrapper.Progress) {
        emit(progress, final: true)
    }

    private func emit(_ progress: KeyRewrapper.Progress, final: Bool) {
        let seconds = Double(progress.elapsedMilliseconds) / 1_000
        if onTerminal {
            let total = max(progress.total, progress.processed)
            let fraction = total == 0 ? 1 : Double(progress.processed) / Double(total)
            let width = 30
            let filled = Int(fraction * Double(width))
            let rate = seconds > 0 ? Double(progress.processed) / seconds : 0
            let eta = rate > 0 ? Double(total - progress.processed) / rate : 0
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let line = String(format: "\r[%@] %d/%d  %.0f keys/s  ETA %.0fs  failed %d", bar, progress.processed, total,
                              rate, eta, progress.failed)
            write(line + (final ? "\n" : ""))
            return
        }
        write(String(decoding: JSONValue.object([
            JSONMember("processed", .number(String(progress.processed))),
            JSONMember("total", .number(String(progress.total))),
            JSONMember("failed", .number(String(progress.failed))),
            JSONMember("elapsed_s", .number(String(format: "%.3f", seconds))),
        ]).serialized, as: UTF8.self) + "\n")
    }

    /// Unbuffered: each line reaches a pipe as it happens.
    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
