// swift-tools-version: 6.2
// Gachabot: a Discord collection bot. See README.md and docs/ARCHITECTURE.md.
import PackageDescription

/// Every target of ours compiles in Swift 6 mode with strict concurrency, and a warning fails the build.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    // A nonisolated async function runs on its caller's executor (SE-0461) instead of hopping to
    // the generic one at every call: handlers run with the shard's event loop as their executor
    // preference, and each such hop asked the runtime for that preference under a lock.
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "gachabot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gachabot", targets: ["gachabot"]),
        .library(name: "DiscordModels", targets: ["DiscordModels"]),
        .library(name: "DiscordGateway", targets: ["DiscordGateway"]),
        .library(name: "DiscordREST", targets: ["DiscordREST"]),
        .library(name: "DiscordSandbox", targets: ["DiscordSandbox"]),
        .executable(name: "GachabotBenchmarks", targets: ["GachabotBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
    ],
    targets: [
        // System compression libraries (Debian: zlib1g-dev, libzstd-dev).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", providers: [.apt(["libzstd-dev"])]),

        // Discord platform layer: knows nothing of the game.
        // The 64-byte JSON block classifier behind `JSONScanner.skipContainer` (C for its vector
        // compares; see the header).
        .target(name: "CJSONBlocks"),
        .target(name: "DiscordModels", dependencies: ["CJSONBlocks"], swiftSettings: strict),
        .target(
            name: "DiscordGateway",
            dependencies: [
                "DiscordModels", "Clocks", "CZlib", "CZstd",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DiscordREST",
            dependencies: [
                "DiscordModels", "Clocks",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DiscordSandbox",
            dependencies: [
                "DiscordModels", "CZlib", "CZstd",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/discord-openapi.json"), .copy("Resources/discord-openapi.README.md")],
            swiftSettings: strict
        ),

        // Time and randomness made injectable; test doubles live beside the protocols.
        .target(name: "Clocks", swiftSettings: strict),

        // The store kernel every area shares (identities, ledger, idempotency, analytics outbox).
        .target(name: "Storage", dependencies: ["Clocks"], swiftSettings: strict),
        // The game: domain rules and the gacha area's store contract. Knows nothing of Discord or SQL.
        .target(name: "Gacha", dependencies: ["Storage", "Clocks"], swiftSettings: strict),
        // Creator packs: importing and validating Character Card V2 cards (JSON or PNG) and pack files,
        // image checks and text neutralisation. A pure library: no database, nothing of Discord.
        .target(name: "Packs", dependencies: ["Gacha"], swiftSettings: strict),
        // Premium: Pro through Stripe and Discord: webhook signatures, Stripe event processing,
        // entitlements, trials, usage meters, feature flags, and the premium area's store contract.
        .target(
            name: "Premium",
            dependencies: ["Storage", "Clocks", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // One store per database, conforming to the kernel and every area's contract.
        .target(
            name: "SQLiteStorage",
            dependencies: [
                "Storage", "Gacha", "Premium", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PostgresStorage",
            dependencies: [
                "Storage", "Gacha", "Premium",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The store contract as tests: a library each database's test target runs with its factory.
        .target(
            name: "StoreConformance",
            dependencies: ["Storage", "Gacha", "Premium", "Clocks"],
            swiftSettings: strict
        ),

        // The only place where Discord and the game meet.
        .target(
            name: "Bot",
            dependencies: [
                "DiscordModels", "DiscordGateway", "DiscordREST", "Storage", "Gacha", "Premium", "Clocks",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Runs the bot against the loopback Discord and plays a member: the demo, e2e tests, benchmarks.
        .target(
            name: "BotHarness",
            dependencies: [
                "Bot", "DiscordSandbox", "DiscordModels", "Gacha", "Storage", "SQLiteStorage", "Clocks",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "gachabot",
            dependencies: [
                "Bot", "DiscordSandbox", "BotHarness", "Storage", "SQLiteStorage", "PostgresStorage", "Clocks", "Gacha", "DiscordModels", "DiscordREST", "DiscordGateway",
                "Premium",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // Benchmarks (release builds only, not part of the test suite): see BENCHMARKS.md and Benchmarks/run.sh.
        .executableTarget(
            name: "GachabotBenchmarks",
            dependencies: [
                "Bot", "BotHarness", "DiscordSandbox", "DiscordGateway", "DiscordModels", "Gacha", "Storage", "SQLiteStorage",
                "PostgresStorage", "Clocks", .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/Sources/GachabotBenchmarks",
            swiftSettings: strict
        ),

        // Tests: one target per module so a failure names its layer.
        .testTarget(name: "DiscordModelsTests", dependencies: ["DiscordModels"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "DiscordGatewayTests",
            dependencies: [
                "DiscordGateway", "DiscordSandbox", "Clocks", "CZlib", "CZstd",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DiscordRESTTests",
            dependencies: [
                "DiscordREST", "DiscordSandbox", "Clocks",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DiscordSandboxTests",
            dependencies: [
                "DiscordSandbox", "Clocks", "CZlib", "CZstd",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GachaTests",
            dependencies: [
                "Gacha", "Storage", "SQLiteStorage", "PostgresStorage", "Clocks", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "PacksTests", dependencies: ["Packs", "Gacha"], swiftSettings: strict),
        .testTarget(
            name: "PremiumTests",
            dependencies: [
                "Premium", "Storage", "Clocks", "SQLiteStorage", "PostgresStorage", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SQLiteStorageTests",
            dependencies: [
                "SQLiteStorage", "StoreConformance", "Storage", "Gacha", "Premium", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PostgresStorageTests",
            dependencies: [
                "PostgresStorage", "StoreConformance", "Storage", "Gacha", "Premium", .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BotTests",
            dependencies: [
                "Bot", "BotHarness", "DiscordSandbox", "DiscordModels", "Gacha", "Premium", "Storage", "SQLiteStorage", "PostgresStorage",
                "Clocks", .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
