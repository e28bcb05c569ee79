#if PostgreSQL
/// A PostgreSQL failure: the SQLSTATE and the server's primary message (or libpq's, for a connection that
/// failed), with the operation. Never the DETAIL field, which quotes the values of a violated constraint:
/// bound values may be PII (the rule GRDB keeps for SQLite, kept here too).
package struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// Five characters; empty when no server answered (the connection failed or was lost).
    package let sqlState: String
    package let message: String

    package init(sqlState: String, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    /// What may still succeed after this failure (the same three answers as for SQLite).
    package enum Recovery: Sendable, Equatable {
        /// Contention (serialization failure, deadlock, a lock not available): run the work again now.
        case retryStatement
        /// The database cannot take work now: unreachable, restarting, a standby after a failover, out of
        /// room or connections, too slow (statement timeout). Every job would meet it; it may pass.
        case retryLater
        /// A constraint, a bug, a schema mismatch: retrying changes nothing.
        case none
    }

    package var recovery: Recovery {
        switch sqlState {
        case "40001", "40P01", "55P03": .retryStatement
        // 25006: a read-only transaction, i.e. connected to a standby (a failover moved the primary).
        // 57014: statement timeout; 57P0x: shutting down, crashed, starting up.
        case "", "25006", "57014", "57P01", "57P02", "57P03": .retryLater
        default:
            // 08: connection exceptions; 53: insufficient resources (disk full, memory, connections); 58: I/O.
            ["08", "53", "58"].contains(sqlState.prefix(2)) ? .retryLater : .none
        }
    }

    package var isTransient: Bool { recovery != .none }

    /// A unique constraint refused a row (two nodes or two requests made the same one).
    package var isUniqueViolation: Bool { sqlState == "23505" }

    package var description: String {
        "PostgreSQL error \(sqlState.isEmpty ? "(connection)" : sqlState): \(message)"
    }
}
#endif
