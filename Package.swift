// swift-tools-version:6.1
// okr: an event-sourced tracker of Objectives and Key Results.
import PackageDescription

let package = Package(
    name: "okr",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "OKREvents", targets: ["OKREvents"]),
        .library(name: "OKRProjections", targets: ["OKRProjections"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // LMDB from Debian's liblmdb-dev (it ships lmdb.pc). Only OKREvents imports it.
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        // The event model, its binary codec, and the append-only log on LMDB.
        .target(
            name: "OKREvents",
            dependencies: [
                "CLMDB",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Pure folds of events into state and the queries of SPEC §3. No I/O, no clock.
        .target(
            name: "OKRProjections",
            dependencies: ["OKREvents"]
        ),
        .testTarget(
            name: "OKREventsTests",
            dependencies: ["OKREvents"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "OKRProjectionsTests",
            dependencies: ["OKRProjections", "OKREvents"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
