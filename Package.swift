// swift-tools-version:6.0
import PackageDescription

// Layers, lowest first. Each target imports only targets above it in this list:
// C edges -> crypto / store / JSON / logging -> HTTP server | vault domain -> API -> CLI -> executable.
let package = Package(
    name: "PIIVault",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "piivault", targets: ["piivault"]),
        // For the libFuzzer package in Tests/Fuzz only.
        .library(name: "PIIVaultFuzzing", targets: ["HTTPServer", "JSONCore", "Logging", "VaultCrypto", "Vault", "VaultAPI",
                                                     "HTTPClient", "Clienteling"]),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // epoll and eventfd from libc's own headers, which the Glibc module leaves out; links nothing.
        .systemLibrary(name: "CLinux"),

        // A lock ThreadSanitizer can see (see Locked.swift); below everything.
        .target(name: "Locking"),
        .target(name: "VaultCrypto", dependencies: ["COpenSSL", "Locking"]),
        .target(name: "VaultStore", dependencies: ["CSQLite", "Locking"]),
        .target(name: "JSONCore"),
        .target(name: "Logging", dependencies: ["JSONCore", "Locking"]),
        .target(name: "HTTPServer", dependencies: ["CLinux", "Logging", "JSONCore", "Locking"]),
        .target(name: "Vault", dependencies: ["VaultCrypto", "VaultStore", "JSONCore", "Logging", "Locking"]),
        .target(name: "VaultAPI", dependencies: ["Vault", "HTTPServer", "JSONCore", "Logging"]),
        // A small blocking HTTP/1.1 client (TLS from VaultCrypto) for the telephony provider's API.
        .target(name: "HTTPClient", dependencies: ["VaultCrypto"]),
        // The Clienteling Setup API: its own store, rules and telephony provider; knows nothing of the vault.
        .target(name: "Clienteling", dependencies: ["HTTPServer", "HTTPClient", "VaultStore", "JSONCore", "Logging", "Locking"],
                // The sandbox provider's default inventory, compiled into the binary (no bundle to ship).
                resources: [.embedInCode("Provider/LocalInventory.json")]),
        .target(name: "PIIVaultCLI", dependencies: ["VaultAPI", "Vault", "VaultCrypto", "Clienteling", "HTTPClient", "HTTPServer", "JSONCore", "Logging"]),
        .executableTarget(name: "piivault", dependencies: ["PIIVaultCLI"]),

        // A raw-socket HTTP client for the live tests, and a responder for in-process ones (not shipped).
        .target(name: "HTTPTestSupport", dependencies: ["HTTPServer"], path: "Tests/HTTPTestSupport"),

        .testTarget(name: "VaultCryptoTests", dependencies: ["VaultCrypto"]),
        .testTarget(name: "VaultStoreTests", dependencies: ["VaultStore"]),
        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore"]),
        .testTarget(name: "LoggingTests", dependencies: ["Logging"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPTestSupport", "Logging"]),
        .testTarget(name: "VaultTests", dependencies: ["Vault", "VaultCrypto", "VaultStore"]),
        .testTarget(name: "VaultAPITests",
                    dependencies: ["VaultAPI", "Vault", "VaultCrypto", "VaultStore", "HTTPServer", "HTTPTestSupport", "Logging"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPTestSupport"]),
        .testTarget(name: "ClientelingTests",
                    dependencies: ["Clienteling", "PIIVaultCLI", "VaultAPI", "Vault", "VaultCrypto", "HTTPServer",
                                   "HTTPTestSupport", "Logging", "Locking", "HTTPClient", "VaultStore"]),
        .testTarget(name: "PIIVaultCLITests", dependencies: ["PIIVaultCLI", "HTTPTestSupport", "VaultStore", "Clienteling", "Locking"]),
        // Checks the files of deploy/ with systemd-analyze and nginx where installed, and against the defaults.
        .testTarget(name: "DeployTests", dependencies: ["HTTPServer", "HTTPTestSupport", "VaultAPI"]),
        // Runs each libFuzzer target of Tests/Fuzz (a package of its own) for a few seconds.
        .testTarget(name: "FuzzSmokeTests", dependencies: ["HTTPTestSupport"]),
    ]
)
