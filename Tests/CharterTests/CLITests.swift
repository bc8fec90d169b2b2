// The `charter` executable as a user runs it: exit codes by the one
// convention, output on the right stream, colour only when wanted.

import Charter
import Foundation
import Synchronization
import Testing

@Suite struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built `charter` with `arguments`, from the repository root
    /// (or `directory`), with `input` on its standard input — or what `feed`
    /// writes there, given the process's ID, while it runs.
    /// How long a `charter` process may run before the tests call it hung.
    static let hangGuard: Double = 600

    static func charter(_ arguments: [String], environment: [String: String] = [:], input: [UInt8] = [],
                        directory: URL = Repository.root, feed: ((FileHandle, Int32) -> Void)? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Repository.charterExecutable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inputPipe
        try process.run()
        // A hang guard, not a bound on time: a process that never ends is
        // killed, and the test says so, rather than holding up the suite.
        let finished = Mutex(false)
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + hangGuard) {
            finished.withLock { done in if !done { kill(pid, SIGKILL) } }
        }
        if let feed {
            feed(inputPipe.fileHandleForWriting, process.processIdentifier)
        } else {
            inputPipe.fileHandleForWriting.write(Data(input))
        }
        try inputPipe.fileHandleForWriting.close()
        // Read before waiting, so a large output cannot fill the pipe and block.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        finished.withLock { $0 = true }
        if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL {
            Issue.record("`charter \(arguments.joined(separator: " "))` was still running after \(Int(hangGuard)) s, and was killed")
        }
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    private func temporaryFile(_ name: String, _ contents: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("the examples have no errors: exit 0 and a summary")
    func clean() throws {
        let run = try Self.charter(["check"] + GoldenTests.examples)
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("\n") && run.stdout.contains("checked \(GoldenTests.examples.count) files: 0 errors,"))
    }

    @Test("findings exit 1, with each diagnostic and the summary on standard output")
    func findings() throws {
        let run = try Self.charter(["check", "examples/broken/unknown-names.charter"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("error[E301]: unknown value `dignty`"))
        #expect(run.stdout.contains("--> examples/broken/unknown-names.charter:12:28"))
        #expect(run.stdout.hasSuffix("checked 1 file: 4 errors, 0 warnings; built-in checks skipped in 1 file with errors\n"))
        #expect(run.stderr.isEmpty)
    }

    @Test("--fail-on sets the severity that makes the exit code 1")
    func failOn() throws {
        let file = try temporaryFile("veto.charter", """
            member a { kind ngo }
            member b { kind ngo }
            body board { members a, b by consensus decides budget veto a on plans }
            """)
        #expect(try Self.charter(["check", file.path]).status == 0, "a warning alone is not a failure by default")
        #expect(try Self.charter(["check", "--fail-on", "warning", file.path]).status == 1)
        #expect(try Self.charter(["check", "--fail-on", "info", file.path]).status == 1)
    }

    @Test("a file that cannot be read exits 2, told on standard error", arguments: ["missing.charter", "/dev/null"])
    func unreadable(_ path: String) throws {
        let run = try Self.charter(["check", path, "examples/banking.charter"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: cannot read `\(path)`"))
        #expect(run.stdout.contains("1 could not be read"))
    }

    @Test("a 100 MB file is refused with a located diagnostic and exit 2")
    func hugeFile() throws {
        let file = try temporaryFile("huge.charter", "")
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 100 * 1024 * 1024) // sparse: no 100 MB written to disk
        try handle.close()
        let run = try Self.charter(["check", file.path])
        #expect(run.status == 2)
        #expect(run.stdout.contains("error[E001]: the file is 100.0 MiB, over the input limit of 32 MiB"))
        #expect(run.stdout.contains("huge.charter:1:1"))
    }

    @Test("100,000 nested brackets in a real run: a diagnostic, not a stack overflow")
    func deepNesting() throws {
        let file = try temporaryFile("deep.charter", "let x = " + String(repeating: "(", count: 100_000))
        let run = try Self.charter(["check", file.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("error[E203]"))
    }

    @Test("usage errors exit 64", arguments: [[], ["check"], ["check", "--fail-on", "sometimes", "x.charter"],
                                              ["check", "--frobnicate", "x.charter"], ["lint"]])
    func usage(_ arguments: [String]) throws {
        let run = try Self.charter(arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
    }

    @Test("--version and --help say what a user needs")
    func versionAndHelp() throws {
        let version = try Self.charter(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("charter 0.1.0 (libedit"))
        let help = try Self.charter(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("64  usage error"))
        #expect(help.stdout.contains("check"))
        let checkHelp = try Self.charter(["check", "--help"])
        #expect(checkHelp.stdout.contains("--fail-on"))
        #expect(checkHelp.stdout.contains("Exits 0 when clean"))
    }

    @Test("colour: never in a pipe by default, always on request, never under NO_COLOR")
    func colour() throws {
        let path = "examples/broken/unknown-names.charter"
        #expect(!(try Self.charter(["check", path]).stdout.contains("\u{1B}[")))
        #expect(try Self.charter(["check", "--color", "always", path]).stdout.contains("\u{1B}[1;31m"))
        #expect(!(try Self.charter(["check", path], environment: ["NO_COLOR": "1"]).stdout.contains("\u{1B}[")))
    }
}

@Suite struct CheckCommandsTests {
    @Test("explain prints a check's explanation by ID or name")
    func explain() throws {
        for key in ["C304", "power.dummy"] {
            let run = try CLITests.charter(["explain", key])
            #expect(run.status == 0)
            #expect(run.stdout.hasPrefix("C304 power.dummy (warning, unbalanced power)\n"))
            #expect(run.stdout.contains("How to fix"))
        }
    }

    @Test("explain of a code that is not a check names its stage")
    func explainOtherCode() throws {
        let run = try CLITests.charter(["explain", "C001"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("C001 suppression.unused (warning, inline suppressions)\n"))
    }

    @Test("explain of an unknown check is a usage error with a suggestion")
    func explainUnknown() throws {
        let run = try CLITests.charter(["explain", "power.dumy"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("did you mean `power.dummy`?"))
    }

    @Test("explain --list lists every check")
    func list() throws {
        let run = try CLITests.charter(["explain", "--list"])
        #expect(run.status == 0)
        for check in Catalog.all { #expect(run.stdout.contains("\(check.id)  \(check.name)")) }
    }

    @Test("power shows a table per body, with flags and how it was computed")
    func power() throws {
        let run = try CLITests.charter(["power", "examples/power/eec-1958.charter"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("body council on regulations: weighted majority quota 12, 12 of 17 votes to win"))
        let luxembourg = run.stdout.split(separator: "\n").first { $0.hasPrefix("luxembourg ") }
        #expect(luxembourg?.split(separator: " ") == ["luxembourg", "1", "0.0588", "0.0000", "0.0000", "0.0000", "0", "dummy"])
        #expect(run.stdout.contains("Banzhaf: exact"))
        // Of the 14 winning coalitions, France's leaving breaks 10.
        let france = run.stdout.split(separator: "\n").first { $0.hasPrefix("france ") }
        #expect(france?.split(separator: " ")[5] == "0.7143")
        // Plain output is laid out to 80 columns, its prose broken between words.
        #expect(run.stdout.split(separator: "\n").allSatisfy { TextWidth.columns(of: $0) <= 80 })
        #expect(run.stdout.replacing("\n  ", with: " ")
            .contains("can block: france + germany; france + italy; france + belgium; france + netherlands; germany + italy; … (9 in all)"))
    }

    @Test("power --format json gives exact fractions")
    func powerJSON() throws {
        let run = try CLITests.charter(["power", "--format", "json", "examples/power/eec-1958.charter"])
        #expect(run.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 1)
        let body = try #require((document["bodies"] as? [[String: Any]])?.first)
        let members = try #require(body["members"] as? [[String: Any]])
        #expect(members.map { $0["banzhafExact"] as? String } == ["5/21", "5/21", "5/21", "1/7", "1/7", "0"])
        #expect(members.last?["dummy"] as? Bool == true)
        #expect(members.map { $0["blockingExact"] as? String } == ["5/7", "5/7", "5/7", "3/7", "3/7", "0"])
        #expect(body["winningCoalitions"] as? String == "14")
        #expect(body["blockingCoalitionCount"] as? String == "9")
        let blocking = try #require(body["blockingCoalitions"] as? [[String]])
        #expect(blocking.count == 9)
        #expect(blocking.first == ["france", "germany"])
        #expect(!blocking.contains { $0.contains("luxembourg") })
    }

    @Test("power --work-limit overrides the limit: a tiny one refuses the indices, zero is a usage error")
    func powerWorkLimit() throws {
        let refused = try CLITests.charter(["power", "--work-limit", "1", "examples/power/eec-1958.charter"])
        #expect(refused.status == 0)
        #expect(refused.stdout.contains("Banzhaf: not computed"))
        #expect(refused.stdout.contains("Shapley–Shubik: not computed"))
        let computed = try CLITests.charter(["power", "examples/power/eec-1958.charter"])
        #expect(computed.stdout.contains("Shapley–Shubik: exact"))
        let zero = try CLITests.charter(["power", "--work-limit", "0", "examples/power/eec-1958.charter"])
        #expect(zero.status == 64)
        #expect(zero.stderr.contains("--work-limit is a positive number"))
    }

    @Test("power --timings writes the median time of the indices alone to standard error, and the report unchanged")
    func powerTimings() throws {
        let timed = try CLITests.charter(["power", "--timings", "examples/power/eec-1958.charter"])
        let plain = try CLITests.charter(["power", "examples/power/eec-1958.charter"])
        #expect(timed.status == 0)
        #expect(timed.stdout == plain.stdout)
        #expect(timed.stderr.contains(/^power computed in [0-9]+\.[0-9]{9} s \(the median of [0-9]+ runs\)\nwork: [0-9.e+]+ table cells counted, [0-9.e+]+ estimated\n$/))
    }

    @Test("power of a body the file does not have exits 2 with a suggestion")
    func powerUnknownBody() throws {
        let run = try CLITests.charter(["power", "--body", "counsil", "examples/power/eec-1958.charter"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("did you mean `council`?"))
    }

    @Test("a broken charter.toml stops the check with exit 2 and a located error")
    func badConfiguration() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "[checks]\ndisable = [\"trust.no-chanel\"]\n".write(to: directory.appendingPathComponent("charter.toml"),
                                                                atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("a.charter")
        try "member a { kind ngo }\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try CLITests.charter(["check", file.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error[E702]: `trust.no-chanel` is not a check or a family of checks"))
        #expect(run.stderr.contains("charter.toml:2:12"))
    }

    @Test("charter.toml's [limits] apply to check, run and fmt alike, and each refusal says how to raise its limit")
    func configuredLimits() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-limits-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "[limits]\nnesting-depth = 10\nevaluation-steps = 50\n".write(to: directory.appendingPathComponent("charter.toml"),
                                                                            atomically: true, encoding: .utf8)
        let deep = directory.appendingPathComponent("deep.charter")
        try "member a { kind ngo }\nlet x = ((((((((((((1))))))))))))\n".write(to: deep, atomically: true, encoding: .utf8)
        let busy = directory.appendingPathComponent("busy.charter")
        try ("member a { kind ngo }\nmember b { kind ngo }\nlet x = count(members where all m in members: all n in members: "
             + "all o in members: all p in members: true)\nshow x\n").write(to: busy, atomically: true, encoding: .utf8)
        for command in [["check"], ["run"], ["fmt"]] {
            let run = try CLITests.charter(command + ["--color", "never", deep.path])
            #expect(run.status == 1, "\(command)")
            #expect((run.stdout + run.stderr).contains("error[E203]: this expression is more than 10 levels deep"), "\(command)")
            #expect((run.stdout + run.stderr).contains("to allow more, set `nesting-depth = 20` under `[limits]` in charter.toml"))
        }
        let steps = try CLITests.charter(["run", "--color", "never", busy.path])
        #expect(steps.status == 1)
        #expect(steps.stdout.contains("evaluation took more than 50 steps"))
        #expect(steps.stdout.contains("to allow more, set `evaluation-steps = 100` under `[limits]` in charter.toml"))
        let defaults = directory.appendingPathComponent("defaults.toml")
        try "".write(to: defaults, atomically: true, encoding: .utf8)
        let raised = try CLITests.charter(["run", "--color", "never", "--config", defaults.path, busy.path, deep.path])
        #expect(raised.status == 0, "with the default limits, both run: \(raised.stdout)")
    }

    @Test("the nearest charter.toml applies: the power examples see only power checks")
    func nearestConfiguration() throws {
        let run = try CLITests.charter(["check", "--fail-on", "info", "examples/power/eec-1958.charter"])
        #expect(run.status == 1)
        #expect(run.stdout.hasSuffix("checked 1 file: 0 errors, 1 warning\n"))
        #expect(run.stdout.contains("warning[C304]: `luxembourg` has a vote but no power in body `council`"))
    }
}
