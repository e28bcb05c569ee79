extension AuditRecord {
    /// Several chains' records as one list, newest first.
    ///
    /// Within a chain the order is the chain's own (`seq`): a record's time is the wall clock's, which can
    /// step back, so sorting by it would put a later record under an earlier one. Across chains there is no
    /// common sequence, so the merge takes, at each step, the chain whose next record has the latest time
    /// (ties broken by chain name): a stable merge by time that never reorders a chain. Each input must be
    /// one chain's records, newest first (`seq` descending), as `AuditChain.records` gives them; the first n
    /// records of the result come from the first n of each input, so a page needs no more from any chain.
    package static func mergedNewestFirst(_ chains: [[AuditRecord]]) -> [AuditRecord] {
        var next = [Int](repeating: 0, count: chains.count)
        var merged: [AuditRecord] = []
        merged.reserveCapacity(chains.reduce(0) { $0 + $1.count })
        while true {
            var pick: Int?
            for (index, chain) in chains.enumerated() where next[index] < chain.count {
                guard let best = pick else { pick = index; continue }
                let candidate = chain[next[index]], leader = chains[best][next[best]]
                if (candidate.at, candidate.chain) > (leader.at, leader.chain) { pick = index }
            }
            guard let chosen = pick else { return merged }
            merged.append(chains[chosen][next[chosen]])
            next[chosen] += 1
        }
    }
}
