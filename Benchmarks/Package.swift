// swift-tools-version:6.1
// okr's benchmarks (`make bench`, BENCHMARKS.md): a package of their own, so that the product's
// package graph holds the product. They measure okrd and okrctl built by the main package
// against raw LMDB and a Foundation program in the same run.
import PackageDescription

let package = Package(
    name: "okr-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "okr", path: ".."),
    ],
    targets: [
        // okrd measured against raw LMDB in the same run.
        .executableTarget(
            name: "okr-bench",
            dependencies: [
                .product(name: "CLMDB", package: "okr"), .product(name: "OKREvents", package: "okr"), .product(name: "OKRWire", package: "okr"),
                .product(name: "OKRProjections", package: "okr"),
            ],
            path: "Sources/okr-bench"
        ),
        // The start-up baseline of figure 3: a Swift program that imports Foundation and does nothing.
        .executableTarget(name: "foundation-hello", path: "Sources/foundation-hello"),
    ],
    swiftLanguageModes: [.v6]
)
