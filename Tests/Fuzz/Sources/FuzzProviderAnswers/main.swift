@testable import Clienteling
import FuzzSupport
@testable import HTTPClient

/// What the clienteling set-up reads from outside: a provider's HTTP answers (status line, headers, chunked
/// or sized bodies), sandbox inventories, URLs, and the set-up API's own field rules. Nothing may crash; a
/// parsed answer's body never exceeds what was received, and one judged complete is not cut short.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = bytes(data, count)
    if let response = try? ClientResponse.parse(input), response.body.count > input.count {
        fatalError("a response body larger than the answer")
    }
    // Stopping to read at a "complete" answer must never cut its body short: more bytes change nothing.
    if ClientResponse.isComplete(input), let response = try? ClientResponse.parse(input),
       (try? ClientResponse.parse(input + Array("0\r\n\r\nmore".utf8)))?.body != response.body {
        fatalError("an answer judged complete was cut short")
    }
    _ = try? LocalInventory.parse(input)
    let text = String(decoding: input, as: UTF8.self)
    if let url = ClientURL(text), ClientURL(url.appending("/x")) == nil { fatalError("an appended URL does not parse") }
    _ = PhoneNumber.isE164(text)
    _ = try? SetupFormat.httpsLink(text)
    _ = DocumentRegions.parse(text)
    _ = FormEncoding.encode(text)
    return 0
}

runFuzzer(fuzz)
