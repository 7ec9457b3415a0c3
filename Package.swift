// swift-tools-version:6.1
// okr: an event-sourced tracker of Objectives and Key Results.
import PackageDescription

let package = Package(
    name: "okr",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "OKREvents", targets: ["OKREvents"]),
        .library(name: "OKRProjections", targets: ["OKRProjections"]),
        .library(name: "OKRWire", targets: ["OKRWire"]),
        // LMDB's C API, for the raw-LMDB baseline of the benchmarks' own package (Benchmarks/).
        .library(name: "CLMDB", targets: ["CLMDB"]),
        .executable(name: "okrd", targets: ["okrd"]),
        .executable(name: "okrctl", targets: ["okrctl"]),
        .executable(name: "okr-dashboard", targets: ["okr-dashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        // Reading Viva Goals' export ZIP (issue 23): a small pure-Swift package, not a hand-written inflater.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The dashboard's HTTP server (SPEC §12), on the swift-nio okrd already uses. Without its
        // default traits: no swift-configuration, no full Foundation.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Hook deliveries (SPEC §13): an HTTP client with TLS on the system's trust store, and
        // Standard Webhooks' HMAC-SHA256. Linked by okrd alone, not by OKRServer (the fuzzer's).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // LMDB from Debian's liblmdb-dev (it ships lmdb.pc). Only OKREvents imports it.
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        // CRC-32C with the processor's instruction (SSE 4.2): the checksum of every record.
        .target(name: "CCRC32C"),
        // The event model, its binary codec, and the append-only log on LMDB.
        .target(
            name: "OKREvents",
            dependencies: [
                "CLMDB", "CCRC32C",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Pure folds of events into state and the queries of SPEC §3. No I/O, no clock.
        .target(
            name: "OKRProjections",
            dependencies: ["OKREvents"]
        ),
        // JSON-RPC 2.0 messages and every method's params and result: shared by okrd and okrctl,
        // and free of NIO so that okrctl starts fast.
        .target(
            name: "OKRWire",
            dependencies: ["OKRProjections", "OKREvents"]
        ),
        // Imports from other tools (Viva Goals, SPEC §11): their exports read and mapped to the
        // events okr appends, with no log and no daemon, so that the mapping is tested alone.
        .target(
            name: "OKRImport",
            dependencies: ["OKRProjections", "OKREvents", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Everything okrd does: configuration, command validation, the socket server, services.
        // A library so that okrd's main, the tests and the fuzzer all import the same code.
        .target(
            name: "OKRServer",
            dependencies: [
                "OKRWire", "OKRProjections", "OKREvents",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Sends hook deliveries over HTTP(S) and signs Standard Webhooks: the one part of the
        // hooks that needs TLS and HMAC, apart so that OKRServer and the fuzzer link neither.
        .target(
            name: "OKRHookHTTP",
            dependencies: [
                "OKRServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The daemon's command line: options, exit codes, then OKRServer's `Daemon`.
        .executableTarget(
            name: "okrd",
            dependencies: [
                "OKRServer", "OKREvents", "OKRHookHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `make fuzz`: libFuzzer over OKRServer's request path. Its harness compiles only with
        // -DOKR_FUZZ (and the sanitizer flags of `make fuzz`); otherwise it says how to build it.
        .executableTarget(
            name: "okrd-fuzz",
            dependencies: ["OKRServer", "OKRWire", "OKRProjections", "OKREvents", .product(name: "Logging", package: "swift-log")],
            path: "Fuzz/Sources/okrd-fuzz"
        ),
        // What okr shows people: HTML built by construction, SVG charts, numbers and times as
        // tables print them, JSON documents as `--json` prints them. Shared by okrctl's report
        // and digest and by the dashboard, so a page says the same in both.
        .target(
            name: "OKRPages",
            dependencies: ["OKRWire", "OKRProjections", "OKREvents"]
        ),
        // The web dashboard (SPEC §12): pages and JSON over okrctl's own transport to okrd.
        .target(
            name: "OKRDashboard",
            dependencies: [
                "OKRPages", "OKRWire", "OKRProjections", "OKREvents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `okrctl dashboard` runs this: a separate executable, so that okrctl — started once a
        // minute by cron jobs — does not link an HTTP server.
        .executableTarget(
            name: "okr-dashboard",
            dependencies: [
                "OKRDashboard", "OKRWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The Model Context Protocol server (SPEC §13) over okrctl's own transport to okrd.
        .target(
            name: "OKRMCP",
            dependencies: [
                "OKRPages", "OKRWire", "OKRProjections", "OKREvents",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `okrctl mcp` runs this, for the same reason as okr-dashboard: okrctl links no MCP SDK.
        .executableTarget(
            name: "okr-mcp",
            dependencies: [
                "OKRMCP", "OKRWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The command-line client: commands, tables and charts over a blocking Unix socket.
        .executableTarget(
            name: "okrctl",
            dependencies: [
                "OKRWire", "OKRImport", "OKRPages", "OKRProjections", "OKREvents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets (temporary directories).
        .target(
            name: "OKRTestSupport",
            path: "Tests/OKRTestSupport"
        ),
        .testTarget(
            name: "OKREventsTests",
            dependencies: ["OKREvents", "OKRTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "OKRProjectionsTests",
            dependencies: ["OKRProjections", "OKREvents", "OKRTestSupport"]
        ),
        .testTarget(
            name: "OKRImportTests",
            dependencies: ["OKRImport", "OKRProjections", "OKREvents", "OKRTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "OKRWireTests",
            dependencies: ["OKRWire", "OKRProjections", "OKREvents"]
        ),
        // okrd's features and router over the in-memory event store: no disk, no socket.
        .testTarget(
            name: "OKRServerTests",
            dependencies: ["OKRServer", "OKRWire", "OKRProjections", "OKREvents"]
        ),
        // The real okrd and okrctl binaries driven over a real socket.
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["OKRServer", "OKRWire", "OKRProjections", "OKREvents", "OKRTestSupport", "okrd", "okrctl", "okr-dashboard", "okr-mcp"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
