// swift-tools-version: 6.1
// The Charter toolchain: a library that follows the pipeline of the brief
// (diagnostics → syntax → model → …), a REPL target that is the only one to
// link libedit, and the thin `charter` executable over both.
import PackageDescription

let package = Package(
    name: "Charter",
    products: [
        .library(name: "Charter", targets: ["Charter"]),
        .executable(name: "charter", targets: ["CharterCLI"]),
        .executable(name: "charter-benchmarks", targets: ["CharterBenchmarks"]),
        .executable(name: "charter-workshop", targets: ["CharterWorkshop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/attaswift/BigInt", exact: "6.0.1"),
        // The workshop page's HTTP server: small, no dependencies of its own (ARCHITECTURE.md says why not Hummingbird).
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
    ],
    targets: [
        // Sources, spans and diagnostics: the vocabulary every later stage speaks.
        .target(name: "CharterDiagnostics"),
        // Exact numbers of any size: 64-bit fractions inline, big ones past that.
        .target(name: "CharterNumbers", dependencies: [.product(name: "BigInt", package: "BigInt")]),
        // Lexer, syntax tree and parser.
        .target(name: "CharterSyntax", dependencies: ["CharterDiagnostics", "CharterNumbers"]),
        // The resolver and the typed model it builds.
        .target(name: "CharterModel", dependencies: ["CharterDiagnostics", "CharterNumbers", "CharterSyntax"]),
        // Exact voting power of weighted games: plain mathematics, no alliances.
        .target(name: "CharterPower", dependencies: ["CharterDiagnostics"]),
        // Expressions evaluated over a model: queries, conditions, built-in functions.
        .target(name: "CharterEvaluation", dependencies: [
            "CharterDiagnostics", "CharterNumbers", "CharterSyntax", "CharterModel", "CharterPower",
        ]),
        // The built-in consistency checks: the catalog and the code that runs it.
        .target(name: "CharterChecks", dependencies: [
            "CharterDiagnostics", "CharterNumbers", "CharterSyntax", "CharterModel", "CharterPower", "CharterEvaluation",
        ]),
        // Running programs: statements, user checks, and (to come) scenarios.
        .target(name: "CharterInterpreter", dependencies: [
            "CharterDiagnostics", "CharterSyntax", "CharterModel", "CharterEvaluation",
        ]),
        // The canonical layout of Charter source, for the REPL and `charter fmt`.
        .target(name: "CharterFormat", dependencies: ["CharterDiagnostics", "CharterSyntax"]),
        // The project loader: files and imports, charter.toml, suppressions, `Program`, the lint run.
        .target(name: "CharterProject", dependencies: [
            "CharterDiagnostics", "CharterNumbers", "CharterSyntax", "CharterModel", "CharterEvaluation", "CharterChecks",
            "CharterInterpreter",
        ]),
        // The reports: lint summary, JSON, SARIF, GitHub, JUnit, power, HTML, graph, drift, explanations.
        .target(name: "CharterReports", dependencies: [
            "CharterDiagnostics", "CharterNumbers", "CharterSyntax", "CharterModel", "CharterPower", "CharterEvaluation",
            "CharterChecks", "CharterInterpreter", "CharterFormat", "CharterProject",
        ]),
        // The language server: the protocol over the pipeline, without a terminal or a disk of its own.
        .target(name: "CharterLanguageServer", dependencies: ["Charter"]),
        // Realistic alliances of any size from a seed, as source text: input for benchmarks and fuzzing.
        .target(name: "CharterGenerator", dependencies: ["CharterModel"]),
        // The library other Swift programs import: the pipeline in one place, re-exported.
        .target(name: "Charter", dependencies: [
            "CharterDiagnostics", "CharterNumbers", "CharterSyntax", "CharterModel", "CharterPower", "CharterEvaluation",
            "CharterChecks", "CharterInterpreter", "CharterFormat", "CharterProject", "CharterReports", "CharterGenerator",
        ]),
        // libedit, through its readline-compatible API.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The REPL's live model, meta-commands and completion, without a terminal.
        .target(name: "CharterSession", dependencies: ["Charter"]),
        // The workshop page's web server, over FlyingFox: it serves pages the REPL draws and knows
        // nothing of alliances. It runs as a process of its own (`charter-workshop`), so that
        // `charter` links no networking (FlyingFox brings FoundationNetworking, and with it libcurl).
        .target(name: "CharterServe", dependencies: [.product(name: "FlyingFox", package: "FlyingFox"),
                                                     .product(name: "FlyingSocks", package: "FlyingFox")]),
        .executableTarget(name: "CharterWorkshop", dependencies: ["CharterServe"]),
        // The interactive front-end; the only target that links libedit.
        .target(name: "CharterREPL", dependencies: ["Charter", "CharterSession", "CEditLine"]),
        // The `charter` executable: each subcommand parses its arguments and prints.
        .executableTarget(
            name: "CharterCLI",
            dependencies: [
                "Charter",
                "CharterSession",
                "CharterREPL",
                "CharterLanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark suite (benchmarks/RESULTS.md): built with everything
        // else so that it keeps compiling, run by hand on a release build.
        .executableTarget(name: "CharterBenchmarks", dependencies: ["Charter", "CharterSession", "CharterREPL", "CharterLanguageServer"]),
        // What each fuzz target asks of an input: built always, so that the
        // tests replay what the fuzzers found (scripts/fuzz.sh runs them).
        .target(name: "FuzzTargets", dependencies: ["Charter", "CharterSession", "CharterLanguageServer"], path: "Fuzz/FuzzTargets"),
        .testTarget(
            name: "CharterTests",
            dependencies: ["Charter", "CharterNumbers", "CharterPower", "CharterSession", "CharterREPL", "CharterLanguageServer",
                           "CharterServe", "FuzzTargets"],
            // Golden files, read from the source tree by path.
            exclude: ["Fixtures"]
        ),
    ]
)

// libFuzzer's driver for the fuzz targets (scripts/fuzz.sh builds and runs
// it). It links libFuzzer, which only a build with `-sanitize=fuzzer` has,
// so it exists only when CHARTER_FUZZ is set.
if Context.environment["CHARTER_FUZZ"] != nil {
    package.targets.append(.executableTarget(name: "CharterFuzz", dependencies: ["FuzzTargets"], path: "Fuzz/CharterFuzz"))
}
