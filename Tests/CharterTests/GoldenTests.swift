// The heart of the suite: the fixtures under Tests/CharterTests/Fixtures carry
// their expected diagnostics inside them (see Support.swift), the examples
// must check clean, and the broken examples must render exactly as their
// `.out` snapshots show. Adding a case is adding a file.
//
// CHARTER_UPDATE_SNAPSHOTS=1 swift test   rewrites the snapshots.

import Charter
import Foundation
import Testing

@Suite struct GoldenTests {
    /// Fixtures run as programs; files under a `parts/` folder are imported by them.
    static let fixtures = Repository.charterFiles(in: "Tests/CharterTests/Fixtures").filter { !$0.contains("/parts/") }
    static let examples = Repository.charterFiles(in: "examples").filter { !$0.hasPrefix("examples/broken/") }
    static let brokenExamples = Repository.charterFiles(in: "examples/broken")

    @Test("a fixture reports exactly the diagnostics written in it", arguments: fixtures)
    func fixture(_ path: String) throws {
        try GoldenFile.verify(path)
    }

    @Test("there are fixtures, examples and broken examples to test")
    func suitesAreNotEmpty() {
        #expect(Self.fixtures.count >= 10)
        #expect(Self.examples.count >= 4)
        #expect(Self.brokenExamples.count >= 5)
    }

    @Test("an example has no errors, and its comments name every check that fires on it", arguments: examples)
    func exampleIsClean(_ path: String) throws {
        var program = Repository.load(path)
        // As `charter check` does, with the charter.toml beside the example if there is one.
        let settings = Repository.url(path).deletingLastPathComponent().appendingPathComponent(ProjectConfiguration.fileName)
        var configuration = CheckConfiguration()
        if let bytes = FileManager.default.contents(atPath: settings.path) {
            let read = ProjectConfiguration.read(SourceFile(id: FileID(0), path: settings.path, bytes: [UInt8](bytes)))
            #expect(read.diagnostics.isEmpty)
            configuration = read.configuration
        }
        program.runChecks(configuration)
        let rendered = DiagnosticRenderer(sources: program.sources).render(program.diagnostics)
        #expect(!program.hasFindings(atOrAbove: .error), "\(path) has errors:\n\(rendered)")
        let text = try Repository.read(path)
        for finding in program.diagnostics {
            #expect(text.contains(finding.code.name) || text.contains(finding.code.id),
                    "\(path) does not say why it shows \(finding.code.name):\n\(rendered)")
        }
    }

    @Test("a broken example renders as its snapshot shows", arguments: brokenExamples)
    func brokenExample(_ path: String) throws {
        let program = Program.load(paths: [path], reader: RootedReader())
        #expect(program.hasFindings(atOrAbove: .error), "\(path) is meant to be broken")
        let rendered = DiagnosticRenderer(sources: program.sources).render(program.diagnostics)
            + DiagnosticRenderer.summary(of: program.diagnostics, files: 1) + "\n"
        let snapshot = Repository.url(String(path.dropLast(".charter".count)) + ".out")
        if ProcessInfo.processInfo.environment["CHARTER_UPDATE_SNAPSHOTS"] == "1" {
            try rendered.write(to: snapshot, atomically: true, encoding: .utf8)
            return
        }
        let expected = (try? String(contentsOf: snapshot, encoding: .utf8)) ?? "(no snapshot: run with CHARTER_UPDATE_SNAPSHOTS=1)"
        #expect(rendered == expected, "\(path) renders differently from \(snapshot.lastPathComponent)")
    }
}


@Suite struct DiagnosticCodeTests {
    static let codes = DiagnosticCodes.all

    @Test("every code has its own ID and its own name")
    func unique() {
        #expect(Set(Self.codes.map(\.id)).count == Self.codes.count)
        #expect(Set(Self.codes.map(\.name)).count == Self.codes.count)
    }

    /// A code counts as shown where a diagnostic with it is expected: `[E301]`
    /// in a golden file or snapshot, or `"E301"` compared in a test.
    @Test("every code is shown by a fixture, a broken example or a test")
    func everyCodeIsTested() throws {
        let places = GoldenTests.fixtures + Repository.charterFiles(in: "Tests/CharterTests/Fixtures/imports/parts")
            + GoldenTests.brokenExamples.map { String($0.dropLast(".charter".count)) + ".out" }
        var text = try places.map(Repository.read).joined()
        let tests = try FileManager.default.contentsOfDirectory(atPath: Repository.url("Tests/CharterTests").path)
            .filter { $0.hasSuffix("Tests.swift") && $0 != "GoldenTests.swift" }
        text += try tests.map { try Repository.read("Tests/CharterTests/" + $0) }.joined()
        let untested = Self.codes.filter { !text.contains("[\($0.id)]") && !text.contains("\"\($0.id)\"") }.map(\.id)
        #expect(untested.isEmpty, "codes no test shows: \(untested)")
    }
}
