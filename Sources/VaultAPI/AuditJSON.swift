import JSONCore
import Logging
import Vault

/// The JSON form of an audit record, for `GET /v1/d/pii/audit` and `piivault audit tail`.
package enum AuditJSON {
    package static func value(_ record: AuditRecord) -> JSONValue {
        .object([
            JSONMember("chain", .string(record.chain)),
            JSONMember("seq", .number(String(record.seq))),
            JSONMember("time", .string(RFC3339.format(seconds: record.at / 1000, milliseconds: Int(record.at % 1000)))),
            JSONMember("request_id", .string(record.requestID)),
            JSONMember("tenant", .string(record.tenant)),
            JSONMember("key_id", .string(record.keyID)),
            JSONMember("operation", .string(record.operation)),
            JSONMember("count", .number(String(record.records.count))),
            JSONMember("records", .array(record.records.map { .string($0) })),
            JSONMember("outcome", .string(record.outcome)),
        ])
    }

    package static func line(_ record: AuditRecord) -> String { String(decoding: value(record).serialized, as: UTF8.self) }
}
