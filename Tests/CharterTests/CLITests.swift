// The `charter` executable as a user runs it: exit codes by the one
// convention, output on the right stream, colour only when wanted.

import Foundation
import Testing

@Suite struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built `charter` with `arguments`, from the repository root.
    static func charter(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Repository.charterExecutable
        process.arguments = arguments
        process.currentDirectoryURL = Repository.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a large output cannot fill the pipe and block.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
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
        #expect(run.stdout.hasSuffix("checked 1 file: 4 errors, 0 warnings\n"))
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

    @Test("a file that cannot be read exits 2, told on standard error", arguments: ["missing.charter", "examples"])
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
        #expect(run.stdout.contains("error[E001]: the file is 100.0 MiB, over the limit of 10.0 MiB"))
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
