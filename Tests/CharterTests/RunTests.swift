// `charter run`: each fixture under Fixtures/run carries the output it must
// produce as `#> ` lines; the run must also repeat exactly, and not depend on
// the order of declarations where order does not matter.

import Charter
import Foundation
import Testing

@Suite struct RunTests {
    static let fixtures = Repository.charterFiles(in: "Tests/CharterTests/Fixtures/run").filter { !$0.contains("/parts/") }

    private func output(_ path: String) throws -> String {
        let program = Program.load(paths: [path], reader: RootedReader())
        let report = try #require(program.run(), "\(path) has errors")
        return program.render(report)
    }

    @Test("a run prints exactly the output written in the fixture", arguments: fixtures)
    func golden(_ path: String) throws {
        let expected = try Repository.read(path).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("#>") }
            .map { $0.dropFirst($0.hasPrefix("#> ") ? 3 : 2) }
            .joined(separator: "\n") + "\n"
        #expect(try output(path) == expected)
    }

    @Test("a run repeats exactly", arguments: fixtures)
    func deterministic(_ path: String) throws {
        let first = try output(path)
        for _ in 0..<3 { #expect(try output(path) == first) }
    }

    @Test("the order of declarations that are not statements does not change the output")
    func orderIndependent() throws {
        let declarations = [
            "value care \"We care\"", "member a { weight 3 holds care }", "member b { weight 1 }",
            "body board { members all by weighted majority decides x }", "bloc heavy = members where weight > 2",
        ]
        let statements = "show heavy\nshow banzhaf(a, board)\ncheck \"a leads\" { banzhaf(a, board) > 50% }"
        var outputs: Set<String> = []
        for rotation in 0..<declarations.count {
            let rotated = Array(declarations[rotation...] + declarations[..<rotation])
            let program = Program.load(text: (rotated + [statements]).joined(separator: "\n"), path: "r.charter")
            let report = try #require(program.run())
            outputs.insert(RunRenderer.text(report))
        }
        #expect(outputs.count == 1)
    }

    @Test("a file with errors is not run")
    func errorsStopTheRun() {
        #expect(Program.load(text: "show nobody", path: "e.charter").run() == nil)
    }

    @Test("charter run exits 0 when everything holds, 1 when something fails")
    func exitCodes() throws {
        let clean = try CLITests.charter(["run", "examples/banking.charter"])
        #expect(clean.status == 0)
        #expect(clean.stdout.hasSuffix("ran 1 file: 3 checks passed, 0 failed; 1 assertion held, 0 failed; 1 scenario: 3 expectations met, 0 failed\n"))
        let failing = try CLITests.charter(["run", "Tests/CharterTests/Fixtures/run/statements.charter"])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("error[R001]"))
        let broken = try CLITests.charter(["run", "examples/broken/unknown-names.charter"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("was not run: fix its errors first"))
        #expect(try CLITests.charter(["run", "missing.charter"]).status == 2)
        #expect(try CLITests.charter(["run"]).status == 64)
    }
}
