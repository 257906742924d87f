// swift-tools-version:6.1
import PackageDescription

/// Ferry: one binary that loads files into databases and reports every run as JSON-lines events.
///
/// Dependency direction: ferry → FerryCLI → {FerryEngine, connectors} → FerryCore.
/// Each C library has one system-library target, imported only under its connector's `Handles/`.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The release link mode (scripts/build-release.sh), off unless FERRY_STATIC_LIBS is set: it names a
/// directory of static archives, and FERRY_STATIC_ARCHIVES their names ("pq pgcommon curl ... z").
/// `ferry` then links those archives as one group (they depend on each other in cycles) and the
/// CReleaseStubs target, which stands in for the libraries Debian ships no usable archive of
/// (GSSAPI, p11-kit, SASL). The script also points the system-library targets' pkg-config `-L` at
/// the directory, so their `link "pq"` finds libpq.a too. glibc and libstdc++/libgcc_s stay
/// dynamic; libodbc is not linked at all (FerryODBC opens it at run time). SwiftPM re-evaluates
/// the manifest when either variable changes.
let staticLibraries = Context.environment["FERRY_STATIC_LIBS"].flatMap { $0.isEmpty ? nil : $0 }
let staticArchives = (Context.environment["FERRY_STATIC_ARCHIVES"] ?? "").split(separator: " ").map { String($0) }
let releaseStubTargets: [Target] = staticLibraries == nil ? [] : [.target(name: "CReleaseStubs")]
let releaseDependencies: [Target.Dependency] = staticLibraries == nil ? [] : ["CReleaseStubs"]
let releaseLinkerSettings: [LinkerSetting] = staticLibraries.map { directory in
    [.unsafeFlags(
        ["-Xlinker", "--start-group"]
            + staticArchives.flatMap { ["-Xlinker", "\(directory)/lib\($0).a"] }
            + ["-Xlinker", "--end-group"]
    )]
} ?? []

/// The libFuzzer harness (scripts/fuzz.sh), only when FERRY_FUZZ is set: the normal and release builds
/// never see it. scripts/fuzz.sh builds it into .build-fuzz with `-sanitize=fuzzer` for every module
/// (coverage) and `-enable-testing` (the harness reads files in tiny chunks through the readers'
/// internal initialisers), and runs one target per process (FERRY_FUZZ_TARGET).
let fuzzTargets: [Target] = Context.environment["FERRY_FUZZ"].flatMap { $0.isEmpty ? nil : $0 } == nil ? [] : [
    .executableTarget(
        name: "ferry-fuzz",
        dependencies: ["FerryCore", "FerryFiles", "FerryPostgres", "FerryODBC", "FerryParquet"],
        path: "Sources/FerryFuzz",
        swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
    ),
]

let package = Package(
    name: "ferry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        // The team server (Docs/serve.md): a second executable, so that `ferry` keeps its size,
        // start-up time and ICU-free link; scripts/build-release.sh does not build it.
        .executable(name: "ferry-serve", targets: ["ferry-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 of source files for the load ledger (BoringSSL's assembly: ~1-2 GB/s).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // ferry-serve only: HTTP server (FerryCLI and FerryCore never import it).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // ferry-serve only: the dashboard's server-rendered pages.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // C libraries from Debian: module.modulemap + shim.h only.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Headers only (unixodbc-dev, in /usr/include): nothing links libodbc. FerryODBC opens the
        // driver manager at run time (ODBCLibrary), so ferry starts where unixODBC is not installed.
        .systemLibrary(name: "CODBC"),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        // Headers only: glibc's Linux calls the Glibc module leaves out (sync_file_range).
        .systemLibrary(name: "CLinux"),

        // The contract's JSON Schemas are .json files compiled into the binary as byte arrays
        // (embedInCode: no Bundle, no Foundation); ContractSchema.files reads them.
        .target(
            name: "FerryCore",
            resources: [
                .embedInCode("Contract/Schemas/request.schema.json"),
                .embedInCode("Contract/Schemas/event.schema.json"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "FerryEngine", dependencies: ["FerryCore"], swiftSettings: swiftSettings),
        // File descriptors, errno and the one EINTR retry: pure Swift over Glibc (Darwin), so
        // there is no C target of its own. swift-system 1.8.1 was considered: it has no fsync,
        // waitpid or socket calls, throws untyped errors and brings a C target.
        .target(name: "FerryPOSIX", dependencies: ["FerryCore"], swiftSettings: swiftSettings),
        .target(
            name: "FerryFiles",
            dependencies: ["FerryCore", "FerryPOSIX", "CZlib", "CLinux", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(name: "FerrySQLite", dependencies: ["FerryCore", "CSQLite3"], swiftSettings: swiftSettings),
        .target(name: "FerryPostgres", dependencies: ["FerryCore", "CLibPQ"], swiftSettings: swiftSettings),
        .target(name: "FerryODBC", dependencies: ["FerryCore", "CODBC"], swiftSettings: swiftSettings),
        .target(name: "FerryHTTP", dependencies: ["FerryCore", "CCurl"], swiftSettings: swiftSettings),
        // Parquet files written by Ferry itself (no Parquet or Arrow library in Debian 12 or the
        // offline Swift packages); pages compressed with zstd, Snappy or gzip (FerryFiles' zlib).
        .target(
            name: "FerryParquet",
            dependencies: ["FerryCore", "FerryFiles", "FerryPOSIX", "CZstd", "CSnappy"],
            swiftSettings: swiftSettings
        ),
        // OpenLineage events, configuration and the file and console transports; the HTTP
        // transport is composed in FerryCLI from FerryHTTP.
        .target(name: "FerryLineage", dependencies: ["FerryCore", "FerryPOSIX"], swiftSettings: swiftSettings),
        // Data checks run while loading (the request's `checks`), as a BatchStage of the engine.
        .target(name: "FerryChecks", dependencies: ["FerryCore", "FerryPOSIX"], swiftSettings: swiftSettings),
        // Renders the shims (airflow_provider/, dbt_macros/) from the contract's types and schemas.
        .target(name: "FerryShimGen", dependencies: ["FerryCore", "FerryPOSIX"], swiftSettings: swiftSettings),
        .target(
            name: "FerryCLI",
            dependencies: [
                "FerryCore", "FerryEngine", "FerryFiles", "FerryPOSIX", "FerrySQLite",
                "FerryPostgres", "FerryODBC", "FerryHTTP", "FerryParquet", "FerryLineage", "FerryShimGen", "FerryChecks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ferry",
            dependencies: ["FerryCLI"] + releaseDependencies,
            swiftSettings: swiftSettings,
            linkerSettings: releaseLinkerSettings
        ),
        // ferry-serve's logic without HTTP: run history (SQLite through FerrySQLite, or PostgreSQL
        // through FerryPostgres), the run queue of child `ferry run` processes, tokens, roles,
        // quotas, confinement, retention.
        .target(
            name: "FerryServeKit",
            dependencies: [
                "FerryCore", "FerryPOSIX", "FerrySQLite", "FerryPostgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // Compiled into the binary as byte arrays: no Bundle, so the pages work wherever
            // ferry-serve is copied.
            resources: [
                .embedInCode("openapi.yaml"),
                .embedInCode("Dashboard/Templates/header.mustache"),
                .embedInCode("Dashboard/Templates/footer.mustache"),
                .embedInCode("Dashboard/Templates/signin.mustache"),
                .embedInCode("Dashboard/Templates/runs.mustache"),
                .embedInCode("Dashboard/Templates/run.mustache"),
                .embedInCode("Dashboard/Templates/new.mustache"),
                .embedInCode("Dashboard/Templates/inspect.mustache"),
                .embedInCode("Dashboard/Templates/message.mustache"),
                .embedInCode("Dashboard/Templates/dashboard.css"),
                .embedInCode("Dashboard/Templates/dashboard.js"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ferry-serve",
            dependencies: [
                "FerryServeKit", "FerryCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/FerryServe",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FerryTestSupport",
            dependencies: ["FerryCore", "FerryEngine", "FerryPOSIX"],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "FerryCoreTests", dependencies: ["FerryCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FerryChecksTests",
            dependencies: ["FerryChecks", "FerryEngine", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "FerryPOSIXTests", dependencies: ["FerryPOSIX", "FerryCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FerryEngineTests",
            dependencies: ["FerryEngine", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerryFilesTests",
            dependencies: ["FerryFiles", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerrySQLiteTests",
            dependencies: ["FerrySQLite", "FerryFiles", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerryPostgresTests",
            dependencies: ["FerryPostgres", "FerryEngine", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerryODBCTests",
            dependencies: ["FerryODBC", "FerryEngine", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerryHTTPTests",
            dependencies: ["FerryHTTP", "FerryFiles", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerryParquetTests",
            dependencies: ["FerryParquet", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerryLineageTests",
            dependencies: ["FerryLineage", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerryConformanceTests",
            dependencies: ["FerrySQLite", "FerryPostgres", "FerryODBC", "FerryEngine", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerryShimGenTests",
            dependencies: ["FerryShimGen", "FerryTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerryServeKitTests",
            dependencies: ["FerryServeKit", "FerryCore", "FerryPostgres"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FerryCLITests",
            dependencies: ["FerryCore", "FerryCLI", "FerryTestSupport"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
    ] + releaseStubTargets + fuzzTargets
)
