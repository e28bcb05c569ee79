// swift-tools-version:6.1
import PackageDescription

// Layers, lowest first. Each target imports only targets above it in this list:
// C edges -> crypto / store / JSON / logging -> HTTP server | vault domain -> SQLite engine | API -> CLI -> executable.
// The vault domain speaks to its own store protocols (Sources/Vault/Store) and knows no database; VaultSQLite
// implements them over VaultStore, and the CLI (or a test) hands that engine to the vault.
let package = Package(
    name: "PIIVault",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "piivault", targets: ["piivault"]),
        // For the libFuzzer package in Tests/Fuzz only.
        .library(name: "PIIVaultFuzzing", targets: ["HTTPServer", "JSONCore", "Logging", "VaultCrypto", "Vault", "VaultAPI",
                                                     "HTTPClient", "Clienteling"]),
    ],
    // The PostgreSQL engine (libpq, Debian libpq-dev) is built only with `--traits PostgreSQL`: the default build
    // needs OpenSSL and SQLite alone. Its sources sit inside `#if PostgreSQL`, the condition the trait defines,
    // so the targets compile to nothing without it.
    traits: [.trait(name: "PostgreSQL", description: "The PostgreSQL store engine over libpq")],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // libssl for the TLS module alone, so that each C module keeps one Swift importer.
        .systemLibrary(name: "COpenSSLTLS", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // epoll and eventfd from libc's own headers, which the Glibc module leaves out; links nothing.
        .systemLibrary(name: "CLinux"),

        // A lock ThreadSanitizer can see (see Locked.swift); below everything.
        .target(name: "Locking"),
        .target(name: "VaultCrypto", dependencies: ["COpenSSL", "Locking"]),
        .target(name: "VaultStore", dependencies: ["CSQLite", "Locking"]),
        // libpq made safe: connections, binary parameters and rows, typed errors, a pool and group commit.
        .target(name: "PostgresStore", dependencies: [.target(name: "CLibPQ", condition: .when(traits: ["PostgreSQL"])), "Locking"]),
        // A TLS client session over a connected socket (OpenSSL's libssl), for HTTPClient.
        .target(name: "TLS", dependencies: ["COpenSSLTLS"]),
        .target(name: "JSONCore"),
        // The ISO 3166-1 alpha-2 table: vault addresses and Clienteling stores both check codes against it.
        .target(name: "ISO3166"),
        .target(name: "Logging", dependencies: ["JSONCore", "Locking"]),
        .target(name: "HTTPServer", dependencies: ["CLinux", "Logging", "JSONCore", "Locking", "TLS"]),
        .target(name: "Vault", dependencies: ["VaultCrypto", "JSONCore", "Logging", "Locking", "ISO3166"]),
        // The vault's stores on SQLite: every table's SQL, the schemas and migrations, group commit and readers.
        .target(name: "VaultSQLite", dependencies: ["Vault", "VaultStore", "VaultCrypto", "Logging"]),
        // The vault's stores on PostgreSQL: the same owner types' SQL, schemas and migrations, over PostgresStore.
        .target(name: "VaultPostgres", dependencies: ["Vault", "PostgresStore", "VaultCrypto", "Logging", "Locking"]),
        .target(name: "VaultAPI", dependencies: ["Vault", "HTTPServer", "HTTPClient", "JSONCore", "Logging", "Locking"],
                // The OpenAPI document's frame and the vault's own answer schemas, compiled in (OpenAPIDocument.swift).
                resources: [.embedInCode("OpenAPIDocument.json")]),
        // A small blocking HTTP/1.1 client for the telephony provider's API.
        .target(name: "HTTPClient", dependencies: ["TLS", "Locking"]),
        // The Clienteling Setup API: its own store, rules and telephony provider; knows nothing of the vault.
        .target(name: "Clienteling", dependencies: ["HTTPServer", "HTTPClient", "VaultStore", "VaultCrypto", "JSONCore", "Logging",
                                                   "Locking", "ISO3166"],
                // The sandbox provider's default inventory, compiled into the binary (no bundle to ship).
                resources: [.embedInCode("Provider/LocalInventory.json")]),
        // The set-up data on PostgreSQL (the control database's `clienteling` schema), over PostgresStore.
        .target(name: "ClientelingPostgres", dependencies: ["Clienteling", "PostgresStore", "ISO3166"]),
        .target(name: "PIIVaultCLI", dependencies: ["VaultAPI", "Vault", "VaultSQLite", "VaultStore", "VaultCrypto", "Clienteling",
                                                   "HTTPClient", "HTTPServer", "JSONCore", "Logging", "TLS",
                                                   .target(name: "VaultPostgres", condition: .when(traits: ["PostgreSQL"])),
                                                   .target(name: "ClientelingPostgres", condition: .when(traits: ["PostgreSQL"])),
                                                   .target(name: "PostgresStore", condition: .when(traits: ["PostgreSQL"]))]),
        .executableTarget(name: "piivault", dependencies: ["PIIVaultCLI"]),

        // A raw-socket HTTP client for the live tests, and a responder for in-process ones (not shipped).
        .target(name: "HTTPTestSupport", dependencies: ["HTTPServer"], path: "Tests/HTTPTestSupport"),

        // A real PostgreSQL server per test process, and the engine the vault's suites run on (SQLite, or
        // PostgreSQL with PIIVAULT_TEST_STORE=postgresql).
        .target(name: "StoreTestSupport",
                dependencies: ["HTTPTestSupport", "Locking", "Vault", "VaultSQLite", "VaultStore",
                               .target(name: "VaultPostgres", condition: .when(traits: ["PostgreSQL"])),
                               .target(name: "PostgresStore", condition: .when(traits: ["PostgreSQL"]))],
                path: "Tests/StoreTestSupport"),

        .testTarget(name: "VaultCryptoTests", dependencies: ["VaultCrypto"]),
        .testTarget(name: "VaultStoreTests", dependencies: ["VaultStore"]),
        .testTarget(name: "PostgresStoreTests", dependencies: ["PostgresStore", "StoreTestSupport"]),
        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore"]),
        .testTarget(name: "ISO3166Tests", dependencies: ["ISO3166"]),
        .testTarget(name: "LoggingTests", dependencies: ["Logging"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPTestSupport", "Logging", "TLS", "HTTPClient"]),
        .testTarget(name: "VaultTests", dependencies: ["Vault", "VaultSQLite", "VaultCrypto", "VaultStore", "StoreTestSupport"]),
        .testTarget(name: "VaultSQLiteTests", dependencies: ["VaultSQLite", "Vault", "VaultCrypto", "VaultStore", "Logging"]),
        .testTarget(name: "VaultAPITests",
                    dependencies: ["VaultAPI", "Vault", "VaultSQLite", "VaultCrypto", "VaultStore", "HTTPServer", "HTTPTestSupport",
                                   "Logging", "StoreTestSupport", "HTTPClient", "JSONCore"],
                    // NewStore's v2 document, read from its path by CustomerV2SwaggerTests.
                    exclude: ["Fixtures"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPTestSupport", "TLS"]),
        .testTarget(name: "TLSTests", dependencies: ["TLS", "HTTPTestSupport"]),
        .testTarget(name: "ClientelingTests",
                    dependencies: ["Clienteling", "PIIVaultCLI", "VaultAPI", "Vault", "VaultSQLite", "VaultCrypto", "HTTPServer",
                                   "HTTPTestSupport", "Logging", "Locking", "HTTPClient", "VaultStore", "ISO3166", "StoreTestSupport"]),
        .testTarget(name: "PIIVaultCLITests", dependencies: ["PIIVaultCLI", "HTTPTestSupport", "VaultStore", "Clienteling", "Locking",
                                                         "StoreTestSupport", "TLS", "HTTPClient"]),
        // Checks the files of deploy/ with systemd-analyze and nginx where installed, and against the defaults.
        .testTarget(name: "DeployTests", dependencies: ["HTTPServer", "HTTPTestSupport", "VaultAPI"]),
        // Holds docs/architecture.md's module table, Package.swift and the import lines of Sources/ to one another.
        .testTarget(name: "ArchitectureTests"),
        // Runs each libFuzzer target of Tests/Fuzz (a package of its own) for a few seconds.
        .testTarget(name: "FuzzSmokeTests", dependencies: ["HTTPTestSupport"]),
    ]
)
