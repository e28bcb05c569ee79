/// Whatever answers requests. `handle` runs on an event-loop thread and must not block for long: it either
/// answers at once through `responder`, or hands the work elsewhere and answers later, from any thread.
package protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest, responder: any Responder)
}
