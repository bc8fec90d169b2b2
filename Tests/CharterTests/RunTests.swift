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

    @Test("what a run shows does not depend on line breaks: each fixture laid out in 20 columns and in 1000 shows the same")
    func layoutIndependent() throws {
        for path in Self.fixtures {
            let text = try Repository.read(path)
            let source = SourceFile(id: FileID(0), path: path, text: text)
            let syntax = Parser.parse(source).syntax
            var shown: [String] = []
            for width in [20, 1_000] {
                let anew = Formatter(source: source, syntax: syntax, lineWidth: width).format()
                let program = Program.load(paths: [path], reader: OneFileAnew(path: path, text: anew))
                let report = try #require(program.run(), "\(path), laid out anew, has errors")
                shown.append(RunRenderer.text(report) + RunRenderer.summary(report, files: 1))
            }
            #expect(shown[0] == shown[1], "\(path)")
        }
        let commented = Program.load(text: "member m { kind ngo }\nshow count(\n  [m] where # x\n    weight > 0\n)\n", path: "c.charter")
        #expect(commented.render(try #require(commented.run())).hasPrefix("count([m] where weight > 0) = 1\n"))
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

    @Test("run --format json keeps every result in order, a scenario's steps nested in it")
    func json() throws {
        let run = try CLITests.charter(["run", "--format", "json", "Tests/CharterTests/Fixtures/run/scenarios.charter",
                                        "examples/broken/unknown-names.charter"])
        #expect(run.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 1)
        let files = try #require(document["files"] as? [[String: Any]])
        #expect(files.count == 2)
        let results = try #require(files[0]["results"] as? [[String: Any]])
        #expect(results.map { $0["kind"] as? String } == ["check", "scenario", "scenario", "scenario", "show"])
        let steps = try #require(results[2]["steps"] as? [[String: Any]])
        #expect(steps.map { $0["kind"] as? String } == ["show", "show", "expect", "expect", "findings"])
        #expect(results[4]["members"] as? [String] == ["anna", "bram", "cato"])
        #expect(results[4]["value"] as? [String] == ["anna", "bram", "cato"])
        // What the scenario did to the built-in findings, each as `charter check --format json` gives one.
        let changes = try #require(steps.last)
        let appeared = try #require(changes["appeared"] as? [[String: Any]])
        #expect(appeared.map { $0["code"] as? String } == ["C104", "C302", "C302", "C304", "C306", "C306"])
        #expect((changes["went"] as? [Any])?.isEmpty == true)
        let expect = try #require(steps.dropLast().last)
        #expect(expect["title"] as? String == "no member holds more than half the power" && expect["passes"] as? Bool == true)
        let shown = try CLITests.charter(["run", "--format", "json", "Tests/CharterTests/Fixtures/run/expressions.charter"])
        let values = try #require(((try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["files"]
            as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let share = try #require(values.first { $0["expression"] as? String == "share(cy, board)" }?["value"] as? [String: Any])
        #expect(share["exact"] as? String == "1/6")
        let failures = try #require(files[0]["diagnostics"] as? [[String: Any]])
        #expect(failures.map { $0["code"] as? String } == ["R003", "R003"])
        #expect(failures.first?["line"] as? Int == 30)
        #expect(files[1]["results"] == nil && files[1]["passed"] as? Bool == false)
    }

    @Test("every example runs, and every check, assertion and expectation in it holds", arguments: GoldenTests.examples)
    func examplesRun(_ path: String) throws {
        let program = Repository.load(path)
        let report = try #require(program.run())
        #expect(!report.failed, "\(path):\n\(program.render(report))")
    }

    @Test("the help of every subcommand reads as text, without stray backslashes", arguments: ["check", "run", "power", "explain"])
    func help(_ subcommand: String) throws {
        let run = try CLITests.charter([subcommand, "--help"])
        #expect(run.status == 0)
        #expect(!run.stdout.contains("\\"))
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
        let partly = try CLITests.charter(["run", "examples/banking.charter", "missing.charter"])
        #expect(partly.status == 2)
        #expect(partly.stdout.hasPrefix("== examples/banking.charter\n") && !partly.stdout.contains("== missing.charter"))
        #expect(try CLITests.charter(["run"]).status == 64)
    }
}

/// The repository's files, but for one, whose text is given.
private struct OneFileAnew: SourceReader {
    let path: String
    let text: String

    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        path == self.path ? Array(text.utf8) : try RootedReader().read(path, limit: limit)
    }
}
