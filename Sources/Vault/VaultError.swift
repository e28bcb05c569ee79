/// Per-record outcomes the API reports as error codes. Codes say what the caller can do, never why a
/// token is unknown (expired, another tenant's, another region's: all are `tokenNotFound`).
package enum RecordError: String, Error, Sendable, Equatable {
    case tokenNotFound = "token_not_found_error"
    case invalidToken = "invalid_token_error"
    case permissionDenied = "permission_denied_error"
    case regionNotServed = "region_not_served_error"
    case valueTooLarge = "value_too_large_error"
    case retryable = "retryable_error"
    case internalError = "internal_error"
}

/// Failures of the vault as a whole (start-up, configuration). Messages name files and regions, never data.
package enum VaultError: Error, Sendable, CustomStringConvertible {
    case configuration(String)
    case keys(String)
    case store(String)
    /// The audit log no longer matches what was anchored outside it: something was removed or replaced.
    case integrity(String)

    package var description: String {
        switch self {
        case .configuration(let m), .keys(let m), .store(let m), .integrity(let m): m
        }
    }
}
