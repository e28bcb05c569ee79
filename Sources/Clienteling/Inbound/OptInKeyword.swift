import Foundation

/// What an inbound message's body says about consent: Twilio's opt-in keywords (`START`, and `YES`, the
/// answer our opt-in message asks for) and its opt-out keywords, compared trimmed and case-insensitively.
/// Anything else is conversation, and changes nothing.
package enum OptInKeyword: Sendable, Equatable {
    case optIn
    case optOut

    static let optInWords: Set<String> = ["YES", "START"]
    /// Twilio's list of opt-out keywords for messaging.
    static let optOutWords: Set<String> = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]

    init?(body: String) {
        let word = body.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        if Self.optInWords.contains(word) {
            self = .optIn
        } else if Self.optOutWords.contains(word) {
            self = .optOut
        } else {
            return nil
        }
    }

    /// The store's opt-in state it leads to.
    var state: OptInState { self == .optIn ? .accepted : .rejected }
}

/// A shopper's consent to a store's messages (the v2 swagger's `OptInState`). `waiting` (an opt-in message
/// sent and not answered) is never recorded here: the vault does not send messages, so it never knows one
/// is waiting.
package enum OptInState: String, Sendable, CaseIterable {
    case accepted, waiting, rejected
}
