import FuzzSupport
@testable import HTTPServer

/// The request-head parser on arbitrary bytes, whole and fed in two pieces (as a trickling client would):
/// it must never crash, and both ways must reach the same outcome.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = bytes(data, count)
    var whole = RequestParser(limits: ServerConfiguration.Limits())
    let once = input.withUnsafeBufferPointer { whole.parse($0) }
    var split = RequestParser(limits: ServerConfiguration.Limits())
    let cut = input.isEmpty ? 0 : Int(input[0]) % (input.count + 1)
    var outcome = input.withUnsafeBufferPointer { split.parse(UnsafeBufferPointer(rebasing: $0[0..<cut])) }
    if case .needMore = outcome { outcome = input.withUnsafeBufferPointer { split.parse($0) } }
    switch (once, outcome) {
    case (.needMore, .needMore), (.head, .head), (.failure, .failure): break
    default: fatalError("parsing in two pieces disagrees with parsing at once")
    }
    return 0
}

runFuzzer(fuzz)
