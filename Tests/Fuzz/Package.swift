// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for PIIVault's own parsers, built by scripts/fuzz with `-sanitize=fuzzer,address`.
// Each target's main hands its callback to libFuzzer's driver (FuzzSupport). A package of its own so the
// main build never sees those flags. PIIVault declares its API `package`, not `public`: these targets reach it,
// and internals, through @testable import, which debug builds allow.
let vault: Target.Dependency = .product(name: "PIIVaultFuzzing", package: "PIIVault")

let package = Package(
    name: "PIIVaultFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "PIIVault", path: "../..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzHTTPParser", dependencies: ["FuzzSupport", vault]),
        .executableTarget(name: "FuzzJSONRequests", dependencies: ["FuzzSupport", vault]),
        .executableTarget(name: "FuzzIDs", dependencies: ["FuzzSupport", vault]),
        .executableTarget(name: "FuzzCiphertext", dependencies: ["FuzzSupport", vault]),
        .executableTarget(name: "FuzzProviderAnswers", dependencies: ["FuzzSupport", vault]),
    ]
)
