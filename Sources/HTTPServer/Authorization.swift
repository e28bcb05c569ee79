/// A route module's verdict on a request: the caller the route runs for, or the refusal to answer.
package enum Authorization<Caller: Sendable>: Sendable {
    case allowed(Caller)
    case refused(HTTPError)
    /// Refused, answered once something else is done (a refusal put on the audit record first): `start`
    /// runs at once and must not wait; whoever finishes sends the refusal through the answer.
    case refusedLater(_ start: @Sendable (Answer) -> Void)

    /// The same verdict for another caller type (a module whose caller is made of another's).
    package func map<Other: Sendable>(_ transform: (Caller) -> Other) -> Authorization<Other> {
        switch self {
        case .allowed(let caller): .allowed(transform(caller))
        case .refused(let error): .refused(error)
        case .refusedLater(let start): .refusedLater(start)
        }
    }
}
