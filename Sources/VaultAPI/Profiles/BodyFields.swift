import HTTPServer
import JSONCore
import Logging

/// Reads the members of a request body by name. A member of the wrong type is 422 naming the field (never
/// its value); a field the endpoint does not take is 422 too, so nothing a client sends is silently dropped.
struct BodyFields {
    private var values: [String: JSONValue] = [:]
    /// Put before each name in messages: `byo_crm.` for the members of a nested object.
    private let prefix: String

    init(_ members: [JSONMember], accepted: [String], prefix: String = "") throws(HTTPError) {
        self.prefix = prefix
        for member in members {
            guard accepted.contains(member.key) else {
                let accepted = accepted.map { prefix + $0 }.joined(separator: ", ")
                throw HTTPError(422, "the body has a field this operation does not accept; accepted: \(accepted)")
            }
            guard values.updateValue(member.value, forKey: member.key) == nil else {
                throw HTTPError(400, "a field appears more than once in the body")
            }
        }
    }

    /// Whether the body has the member at all (null included).
    func has(_ name: String) -> Bool { values[name] != nil }

    /// Absent: nil. `null`: `.some(nil)`. A string: the string.
    func optionalString(_ name: String) throws(HTTPError) -> String?? {
        switch values[name] {
        case nil: return nil
        case .null?: return .some(nil)
        case .string(let s)?: return .some(s)
        default: throw HTTPError(422, "\(prefix)\(name) must be a string or null")
        }
    }

    /// A boolean that may not be null; absent is nil.
    func bool(_ name: String) throws(HTTPError) -> Bool? {
        switch values[name] {
        case nil: return nil
        case .bool(let b)?: return b
        default: throw HTTPError(422, "\(prefix)\(name) must be true or false")
        }
    }

    /// A whole number (64-bit); absent is nil.
    func integer(_ name: String) throws(HTTPError) -> Int64? {
        switch values[name] {
        case nil: return nil
        case .number(let text)? where Int64(text) != nil: return Int64(text)
        default: throw HTTPError(422, "\(prefix)\(name) must be a whole number")
        }
    }

    /// An array's items; absent is nil.
    func array(_ name: String) throws(HTTPError) -> [JSONValue]? {
        switch values[name] {
        case nil: return nil
        case .array(let items)?: return items
        default: throw HTTPError(422, "\(prefix)\(name) must be an array")
        }
    }

    /// An object's members; absent is nil.
    func object(_ name: String) throws(HTTPError) -> [JSONMember]? {
        switch values[name] {
        case nil: return nil
        case .object(let members)?: return members
        default: throw HTTPError(422, "\(prefix)\(name) must be an object")
        }
    }

    /// A string that may not be null; absent is nil.
    func string(_ name: String) throws(HTTPError) -> String? {
        switch values[name] {
        case nil: return nil
        case .string(let s)?: return s
        default: throw HTTPError(422, "\(prefix)\(name) must be a string")
        }
    }

    func requiredString(_ name: String) throws(HTTPError) -> String {
        guard let value = try string(name) else { throw HTTPError(422, "\(prefix)\(name) is required") }
        return value
    }

    /// `last_updated_at`, required on every update, as milliseconds since the epoch.
    func lastUpdatedAt() throws(HTTPError) -> Int64 {
        let text = try requiredString("last_updated_at")
        guard let milliseconds = RFC3339.parseMilliseconds(text) else {
            throw HTTPError(422, "last_updated_at must be an RFC 3339 date-time such as 2026-11-23T11:32:51.471Z")
        }
        return milliseconds
    }

    /// The `extended_attributes` object: absent or null is nil; each entry `{"data_type", "value"}`, or
    /// null where `allowNull` (an update removing that attribute).
    func extendedAttributes(allowNull: Bool) throws(HTTPError) -> [(name: String, entry: JSONValue?)]? {
        let field = "extended_attributes"
        switch values[field] {
        case nil, .null?: return nil
        case .object(let members)?:
            var seen = Set<String>()
            var out: [(name: String, entry: JSONValue?)] = []
            for member in members {
                guard seen.insert(member.key).inserted else { throw HTTPError(422, "\(field) has a duplicate name") }
                if member.value == .null && allowNull {
                    out.append((member.key, nil))
                    continue
                }
                guard let type = member.value["data_type"], member.value["value"] != nil,
                      member.value.objectMembers?.count == 2 else {
                    throw HTTPError(422, "\(field) entries must be objects with exactly data_type and value")
                }
                guard type.stringValue != nil else { throw HTTPError(422, "\(field).data_type must be a string") }
                out.append((member.key, member.value))
            }
            return out
        default:
            throw HTTPError(422, "\(field) must be an object")
        }
    }
}
