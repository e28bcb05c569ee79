#if PostgreSQL
import Locking
import PostgresStore

/// The chain head a writer locked and moved inside its current transaction. The first append of a group
/// reads the head with its row lock (`FOR UPDATE`), which no other node can take before this commit; every
/// later append of the same transaction knows the head already (it wrote it), so a group of N requests reads
/// it once, not N times. A new transaction (the next group, or a job run again alone) reads it afresh.
final class AuditHeadCache: Sendable {
    private let state = Locked<(transaction: Int, seq: Int64, mac: [UInt8])?>(nil)

    func link(in connection: PostgresConnection) -> (seq: Int64, mac: [UInt8])? {
        state.withLock { cached in
            guard let cached, cached.transaction == connection.transactionNumber else { return nil }
            return (cached.seq, cached.mac)
        }
    }

    func note(seq: Int64, mac: [UInt8], in connection: PostgresConnection) {
        state.withLock { $0 = (connection.transactionNumber, seq, mac) }
    }
}
#endif
