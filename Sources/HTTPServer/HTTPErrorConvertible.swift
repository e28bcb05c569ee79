import Logging

/// A domain error that knows its HTTP answer, so a route module's errors render in the one place the
/// router renders every error (`Router.render`) rather than in each handler.
package protocol HTTPErrorConvertible: Error {
    /// The answer: a status and a message that names the rule, never a value from the request.
    var httpError: HTTPError { get }
    /// Tells operators what they must see of this error before it is answered (default: nothing).
    func report(to logger: Logger, requestID: String)
}

extension HTTPErrorConvertible {
    package func report(to logger: Logger, requestID: String) {}
}
