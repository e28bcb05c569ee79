import Foundation
import JSONCore
import Logging
import Vault

/// `piivault tenant ...` and `piivault apikey ...`: each returns the lines to print.
enum AdminCommand {
    static func createTenant(_ options: TenantCreateOptions) throws -> [String] {
        let control = try ControlStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory, creating: true)
        try control.createTenant(options.name, defaultRegion: options.region)
        let region = options.region.map { "default region \($0.code)" } ?? "no default region: each node's --default-region applies"
        return ["created tenant \(options.name.name) (\(region))"]
    }

    /// The secret is the last line, alone.
    static func createKey(_ options: APIKeyCreateOptions) throws -> [String] {
        let control = try ControlStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory)
        let (key, secret) = try control.createKey(tenant: options.tenant, scopes: options.scopes, name: options.name,
                                                  expiresInMilliseconds: options.expiresInMilliseconds)
        return ["created key \(key.id) for tenant \(key.tenant.name) with scopes \(scopeList(key)); "
                    + "the secret below is shown once and never again:", secret]
    }

    static func listKeys(_ options: APIKeyListOptions) throws -> [String] {
        let keys = try ControlStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory).listKeys()
        if options.json { return keys.map(json) }
        var lines = ["ID                TENANT            NAME              SCOPES                          CREATED               EXPIRES               LAST USED             STATE"]
        for key in keys {
            lines.append([pad(key.id, 17), pad(key.tenant.name, 17), pad(key.name, 17), pad(scopeList(key), 31),
                          pad(time(key.createdAt), 21), pad(key.expiresAt.map(time) ?? "never", 21),
                          pad(key.lastUsedAt.map(time) ?? "never", 21), key.revokedAt == nil ? "active" : "revoked"]
                .joined(separator: " "))
        }
        return lines
    }

    static func revokeKey(_ options: APIKeyRevokeOptions) throws -> [String] {
        let control = try ControlStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory)
        guard try control.revokeKey(id: options.id) else {
            throw VaultError.configuration("no active key with id \(options.id)")
        }
        return ["revoked key \(options.id)"]
    }

    private static func json(_ key: APIKey) -> String {
        var fields: [JSONMember] = [
            JSONMember("id", .string(key.id)), JSONMember("tenant", .string(key.tenant.name)),
            JSONMember("name", .string(key.name)), JSONMember("scopes", .array(key.scopes.sorted().map { .string($0.rawValue) })),
            JSONMember("created_at", .string(time(key.createdAt))),
            JSONMember("expires_at", key.expiresAt.map { .string(time($0)) } ?? .null),
            JSONMember("last_used_at", key.lastUsedAt.map { .string(time($0)) } ?? .null),
            JSONMember("revoked", .bool(key.revokedAt != nil)),
        ]
        if let revoked = key.revokedAt { fields.append(JSONMember("revoked_at", .string(time(revoked)))) }
        return String(decoding: JSONValue.object(fields).serialized, as: UTF8.self)
    }

    private static func scopeList(_ key: APIKey) -> String { key.scopes.sorted().map(\.rawValue).joined(separator: ",") }
    private static func time(_ milliseconds: Int64) -> String { RFC3339.format(seconds: milliseconds / 1000) }
    private static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
}
