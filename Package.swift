// swift-tools-version:6.0
// kg: a knowledge-graph builder and Cypher-subset query REPL over a SQLite triple table.
import PackageDescription

let package = Package(
    name: "kg",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kg", targets: ["kg"]),
        .library(name: "KGStore", targets: ["KGStore"]),
        .library(name: "KGQuery", targets: ["KGQuery"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // System libraries: the distribution's libsqlite3 and GNU readline, never vendored.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),

        // The pipeline, one stage per target (see ../shared/DESIGN.md).
        .target(name: "KGStore", dependencies: ["CSQLite"]),
        .target(name: "KGDocuments", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "KGExtraction", dependencies: ["KGDocuments"], resources: [.copy("Lexicon")]),
        .target(name: "KGResolution", dependencies: ["KGExtraction", "KGStore"]),
        .target(name: "KGIngest", dependencies: ["KGDocuments", "KGExtraction", "KGResolution", "KGStore"]),
        .target(name: "KGQuery", dependencies: ["KGStore", "CSQLite"]),
        .target(name: "KGExport", dependencies: ["KGStore", "KGQuery"]),
        .target(name: "KGShell", dependencies: ["KGStore", "KGQuery", "KGExport", "KGIngest", "CReadline"]),
        .executableTarget(name: "kg", dependencies: [
            "KGShell", "KGStore", "KGQuery", "KGExport", "KGIngest",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks run in release builds, apart from the tests.
        .executableTarget(name: "KGBench", dependencies: [
            "KGStore", "KGQuery", "KGExport", "KGIngest", "KGDocuments", "KGExtraction",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Reliability: a seeded mutation fuzzer for the parsers that take outside text.
        .executableTarget(name: "KGFuzz", dependencies: ["KGDocuments", "KGQuery", "KGStore"]),

        .testTarget(name: "KGStoreTests", dependencies: ["KGStore"]),
        .testTarget(name: "KGDocumentsTests", dependencies: ["KGDocuments"], resources: [.copy("Fixtures")]),
        .testTarget(name: "KGExtractionTests", dependencies: ["KGExtraction", "KGIngest", "KGStore", "KGExport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "KGQueryTests", dependencies: ["KGQuery", "KGStore", "KGIngest"]),
        .testTarget(name: "KGExportTests", dependencies: ["KGExport", "KGStore", "KGQuery", "KGIngest"]),
        .testTarget(name: "KGShellTests", dependencies: ["KGShell", "KGStore", "KGQuery"]),
        .testTarget(name: "KGReliabilityTests", dependencies: ["KGFuzz", "KGDocuments", "KGQuery", "KGStore", "KGIngest"],
                    resources: [.copy("Fixtures")]),
    ]
)
