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
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
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
                .product(name: "CoreMetrics", package: "swift-metrics"),
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
                "DiscordModels", "Clocks", .product(name: "CoreMetrics", package: "swift-metrics"),
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
        .target(name: "Storage", dependencies: ["Clocks", .product(name: "CoreMetrics", package: "swift-metrics")], swiftSettings: strict),
        // The game: domain rules and the gacha area's store contract. Knows nothing of Discord or SQL.
        .target(name: "Gacha", dependencies: ["Storage", "Clocks", .product(name: "CoreMetrics", package: "swift-metrics")], swiftSettings: strict),
        // Creator packs: importing and validating Character Card V2 cards (JSON or PNG) and pack files,
        // image checks and text neutralisation, the packs store contract, the blob store and `PackService`.
        // No database module, nothing of Discord.
        .target(
            name: "Packs", dependencies: ["Gacha", "Storage", "Clocks", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Premium: Pro through Stripe and Discord: webhook signatures, Stripe event processing,
        // entitlements, trials, usage meters, feature flags, and the premium area's store contract.
        .target(
            name: "Premium",
            dependencies: ["Storage", "Clocks", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Talk: characters answering through a chat model. The model interface (`ChatModel`), the
        // talk store contract, prompts from character cards, memory and the token and cost ledger.
        // No database module, nothing of Discord or HTTP.
        .target(name: "Talk", dependencies: ["Gacha", "Storage", "Clocks", .product(name: "CoreMetrics", package: "swift-metrics")], swiftSettings: strict),
        // The creator economy: the money ledger (double entry, apart from points), revenue from
        // Stripe through Premium's money hook, the monthly revenue share and payouts, and the
        // economy area's store contract. Above Premium (it implements Premium's hook); nothing of
        // SQL or Discord, and Premium knows nothing of it.
        .target(name: "Economy", dependencies: ["Storage", "Clocks", "Premium"], swiftSettings: strict),
        .target(
            name: "StoreMigration", dependencies: ["Storage", "SQLiteStorage", "PostgresStorage", "Packs", "Economy"], swiftSettings: strict),
        // Owner analytics: the report definitions over the read model the kernel keeps in the
        // events' transaction, and the analytics store contract. Nothing of SQL or Discord.
        .target(name: "Analytics", dependencies: ["Storage", "Clocks"], swiftSettings: strict),
        // The HTTP server (Hummingbird): health, readiness, Prometheus metrics and the Stripe and
        // Discord webhook routes. Signatures are checked here; what an event does is a closure the
        // caller plugs in, so this module knows no store.
        .target(
            name: "WebServer",
            dependencies: [
                "Premium",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Stripe's REST API as the bot uses it: form encoding as Stripe's SDKs do, idempotency keys,
        // Stripe's retry rules and a pinned API version.
        .target(
            name: "StripeAPI",
            dependencies: [
                "Clocks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // A loopback Stripe on 127.0.0.1: the REST routes StripeAPI calls, checked against Stripe's
        // parameters, and signed webhook deliveries that tests can script.
        .target(
            name: "StripeSandbox",
            dependencies: [
                "Premium", "Clocks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // OpenAI's Chat Completions API as talk uses it: streaming over SSE with the usage chunk, the
        // provider's retry rules on an injected clock, and a key that never reaches a log or an error.
        .target(
            name: "ModelAPI",
            dependencies: [
                "Talk", "Clocks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // A loopback OpenAI-compatible model on 127.0.0.1: checks what it receives, answers with
        // deterministic streamed replies, records every request and plays scripted faults.
        .target(
            name: "ModelSandbox",
            dependencies: [
                "Talk", "Clocks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // /owner's alerts: guild and operator webhooks, one alert per kind, guild and day, and
        // deliveries retried with backoff; the rules that raise them. An area: its own store contract.
        .target(name: "OwnerAlerts", dependencies: ["Storage", "Clocks"], swiftSettings: strict),
        // /owner insights: documented, deterministic rules over the Analytics reports (pure functions).
        .target(name: "OwnerInsights", dependencies: ["Analytics", "Storage"], swiftSettings: strict),
        // /owner's charts: SVG drawn in Swift from plain series, rasterised by rsvg-convert run as a
        // subprocess. Foundation only: nothing of Discord, the store or the analytics area.
        .target(name: "OwnerCharts", swiftSettings: strict),
        // One store per database, conforming to the kernel and every area's contract.
        .target(
            name: "SQLiteStorage",
            dependencies: [
                "Storage", "Gacha", "Packs", "Premium", "Talk", "Economy", "OwnerAlerts", "Analytics", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PostgresStorage",
            dependencies: [
                "Storage", "Gacha", "Packs", "Premium", "Talk", "Economy", "OwnerAlerts", "Analytics",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Scale-out on PostgreSQL (issue 19): the cross-process identify queue, gateway sessions in
        // the database, leases for cluster-wide duties. Beside PostgresStorage, not in it (decision 0031).
        .target(
            name: "Cluster",
            dependencies: [
                "DiscordGateway", "PostgresStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The store contract as tests: a library each database's test target runs with its factory.
        .target(
            name: "StoreConformance",
            dependencies: ["Storage", "Gacha", "Packs", "Premium", "Talk", "Economy", "OwnerAlerts", "Analytics", "Clocks"],
            swiftSettings: strict
        ),

        // The only place where Discord and the game meet.
        .target(
            name: "Bot",
            dependencies: [
                "DiscordModels", "DiscordGateway", "DiscordREST", "Storage", "Gacha", "Packs", "Premium", "Talk", "StripeAPI", "Clocks",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "OwnerAlerts", "OwnerCharts", "OwnerInsights", "Analytics",
                // `/creator` (earnings, verification, notifications, referral codes) and `/packs redeem` use the economy area.
                "Economy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Downloads the files members attach to slash commands (`AttachmentDownloader`).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // Runs the bot against the loopback Discord and plays a member: the demo, e2e tests, benchmarks.
        .target(
            name: "BotHarness",
            dependencies: [
                "Bot", "DiscordSandbox", "DiscordModels", "Gacha", "Packs", "Storage", "SQLiteStorage", "Clocks", "Talk",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "gachabot",
            dependencies: [
                "Bot", "DiscordSandbox", "BotHarness", "Storage", "SQLiteStorage", "PostgresStorage", "Clocks", "Gacha", "Packs", "Premium", "Talk", "ModelAPI", "ModelSandbox", "WebServer", "StripeAPI", "StripeSandbox", "DiscordModels", "DiscordREST", "DiscordGateway", "Economy", "OwnerAlerts", "OwnerCharts", "OwnerInsights", "Analytics", "StoreMigration", "Cluster",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
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
                "Premium", "WebServer", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "Talk", "ModelAPI", "ModelSandbox", "Economy", "Analytics",
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
        .testTarget(
            name: "PacksTests",
            dependencies: [
                "Packs", "Gacha", "Storage", "Clocks", "SQLiteStorage", "PostgresStorage",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PremiumTests",
            dependencies: [
                "Premium", "Storage", "Clocks", "SQLiteStorage", "PostgresStorage", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TalkTests",
            dependencies: ["Talk", "Gacha", "Storage", "Clocks"],
            swiftSettings: strict
        ),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "Storage"], swiftSettings: strict),
        .testTarget(
            name: "EconomyTests",
            dependencies: ["Economy", "Premium", "Storage", "Clocks", "SQLiteStorage", "PostgresStorage", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WebServerTests",
            dependencies: [
                "WebServer", "Premium", "Clocks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StripeAPITests",
            dependencies: [
                "StripeAPI", "StripeSandbox", "Clocks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StripeSandboxTests",
            dependencies: [
                "StripeSandbox", "StripeAPI", "WebServer", "Premium", "Clocks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ModelAPITests",
            dependencies: [
                "ModelAPI", "ModelSandbox", "Talk", "Clocks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OwnerAlertsTests", dependencies: ["OwnerAlerts", "Storage", "Clocks", "SQLiteStorage"], swiftSettings: strict),
        .testTarget(name: "OwnerInsightsTests", dependencies: ["OwnerInsights", "Analytics", "Storage"], swiftSettings: strict),
        .testTarget(name: "OwnerChartsTests", dependencies: ["OwnerCharts", "Clocks"], swiftSettings: strict),
        .testTarget(
            name: "ClusterTests",
            dependencies: [
                "Cluster", "PostgresStorage", "DiscordGateway", "Clocks", "Storage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SQLiteStorageTests",
            dependencies: ["SQLiteStorage", "StoreConformance", "Storage", "Gacha", "Packs", "Premium", "Talk", "Economy", "Analytics", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PostgresStorageTests",
            dependencies: [
                "PostgresStorage", "StoreConformance", "Storage", "Gacha", "Packs", "Premium", "Talk", "Economy", "Analytics", "StoreMigration", "SQLiteStorage", "Clocks", .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        // The bot's metrics end to end: the loopback Discord, the HTTP server's /metrics, promtool, the Grafana dashboard.
        .testTarget(
            name: "MetricsTests",
            dependencies: [
                "Bot", "BotHarness", "DiscordSandbox", "DiscordGateway", "DiscordREST", "Gacha", "Storage", "SQLiteStorage", "Talk",
                "Economy", "WebServer", "Clocks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BotTests",
            dependencies: [
                "Bot", "BotHarness", "DiscordSandbox", "DiscordModels", "Gacha", "Packs", "Premium", "Talk", "ModelAPI", "ModelSandbox", "StripeAPI", "StripeSandbox", "Storage", "SQLiteStorage", "PostgresStorage",
                "OwnerAlerts", "OwnerCharts", "OwnerInsights", "Analytics", "DiscordREST", "Economy",
                "Clocks", .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
    ]
)
