import Foundation
import JSONCore
import Logging
import Vault

/// `piivault tenant ...` and `piivault apikey ...`: each returns the lines to print.
enum AdminCommand {
    static func createTenant(_ options: TenantCreateOptions) throws -> [String] {
        let control = try ControlStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory, engine: try StoreWiring.engine(options.stores),
                                       creating: true)
        try control.createTenant(options.name, defaultRegion: options.region, crossRegionReads: options.crossRegionReads)
        let region = options.region.map { "default region \($0.code)" } ?? "no default region: each node's --default-region applies"
        let reads = options.crossRegionReads ? "" : "; no cross-region reads"
        return ["created tenant \(options.name.name) (\(region)\(reads))"]
    }

    /// The secret is the last line, alone.
    static func createKey(_ options: APIKeyCreateOptions) throws -> [String] {
        let control = try ControlStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory, engine: try StoreWiring.engine(options.stores))
        let (key, secret) = try control.createKey(tenant: options.tenant, scopes: options.scopes, name: options.name,
                                                  expiresInMilliseconds: options.expiresInMilliseconds)
        return ["created key \(key.id) for tenant \(key.tenant.name) with scopes \(scopeList(key)); "
                    + "the secret below is shown once and never again:", secret]
    }

    static func listKeys(_ options: APIKeyListOptions) throws -> [String] {
        let keys = try ControlStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory, engine: try StoreWiring.engine(options.stores)).listKeys()
        if options.json { return keys.map(json) }
        var table = TextTable(["ID", "TENANT", "NAME", "SCOPES", "CREATED", "EXPIRES", "LAST USED", "STATE"])
        for key in keys {
            table.append([key.id, key.tenant.name, key.name, scopeList(key), time(key.createdAt),
                          key.expiresAt.map(time) ?? "never", key.lastUsedAt.map(time) ?? "never",
                          key.revokedAt == nil ? "active" : "revoked"])
        }
        return table.lines
    }

    /// Opened like every command on an existing vault: no vault at the path, or another keyring, is refused.
    static func listTenants(_ options: TenantListOptions) throws -> [String] {
        let tenants = try ControlStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory, engine: try StoreWiring.engine(options.stores)).listTenants()
        if options.json {
            return tenants.map { record in
                String(decoding: JSONValue.object([
                    JSONMember("name", .string(record.tenant.name)),
                    JSONMember("default_region", record.defaultRegion.map { .string($0.code) } ?? .null),
                    JSONMember("created_at", .string(time(record.createdAt))),
                    JSONMember("cross_region_reads", .bool(record.crossRegionReads)),
                ]).serialized, as: UTF8.self)
            }
        }
        var table = TextTable(["NAME", "DEFAULT REGION", "CREATED", "CROSS-REGION READS"])
        for record in tenants {
            table.append([record.tenant.name, record.defaultRegion?.code ?? "none", time(record.createdAt),
                          record.crossRegionReads ? "yes" : "no"])
        }
        return table.lines
    }

    static func revokeKey(_ options: APIKeyRevokeOptions) throws -> [String] {
        let control = try ControlStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory, engine: try StoreWiring.engine(options.stores))
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
}
