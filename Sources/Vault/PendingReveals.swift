import Locking

/// Collects the audit commits of one detokenize request across regions and answers once, after the last.
/// Values of a region whose audit record failed are withheld: nothing is revealed off the record.
final class PendingReveals: Sendable {
    private struct State {
        var results: [Vault.RevealResult]
        var remaining: Int
    }

    private let state: Locked<State>
    private let completion: @Sendable ([Vault.RevealResult]) -> Void

    init(results: [Vault.RevealResult], regions: Int,
         completion: @escaping @Sendable ([Vault.RevealResult]) -> Void) {
        state = Locked(State(results: results, remaining: regions))
        self.completion = completion
    }

    func finish(withholding indexes: [Int]) {
        let done: [Vault.RevealResult]? = state.withLock { state in
            for index in indexes { state.results[index] = .failure(.retryable) }
            state.remaining -= 1
            return state.remaining == 0 ? state.results : nil
        }
        if let done { completion(done) }
    }
}
