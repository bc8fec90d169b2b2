// What `charter check` is given in CI: many files, directories, standard
// input, and the bad inputs among them, each reported once while every other
// file is still checked.

import Charter
import Foundation
import Testing

@Suite struct CheckInputsTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("governance/old"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    @Test("a directory is searched for *.charter files, hidden folders left out, in a stable order; files print by name")
    func directories() throws {
        try file("governance/a.charter", "member a { kind ngoo }")
        try file("governance/old/b.charter", "member b { kind ngoo }")
        try file("governance/readme.txt", "not Charter")
        try file(".git/c.charter", "member c { kind ngoo }")
        let run = try CLITests.charter(["check", "governance"], directory: directory)
        #expect(run.status == 1)
        #expect(run.stdout.contains("--> governance/a.charter:1:17"))
        #expect(run.stdout.contains("--> governance/old/b.charter:1:17"))
        #expect(run.stdout.range(of: "governance/a.charter")!.lowerBound < run.stdout.range(of: "governance/old/b.charter")!.lowerBound)
        #expect(!run.stdout.contains("c.charter"))
        #expect(run.stdout.contains("checked 2 files: 2 errors"))
        let reversed = try CLITests.charter(["check", "governance/old/b.charter", "governance/a.charter"], directory: directory)
        #expect(reversed.stdout == run.stdout, "the order of the arguments does not change the report")
    }

    @Test("400 MB piped into check - or fmt - is refused without being held in memory", arguments: [["check", "-"], ["fmt", "-"]])
    func endlessStandardInput(_ arguments: [String]) throws {
        var peak: PeakMemory?
        let run = try CLITests.charter(arguments) { input, process in
            // The peak of the process's memory, looked at while the input flows.
            let memory = PeakMemory(of: process)
            let chunk = Data(repeating: UInt8(ascii: " "), count: 1 << 20)
            for _ in 0..<400 {
                input.write(chunk)
                memory.look()
            }
            peak = memory
        }
        #expect(run.status == 2)
        // check locates the refusal in its report; fmt says it on standard error.
        #expect((run.stdout + run.stderr).contains("the file is 400.0 MiB, over the input limit of 32 MiB"), "\(run.stderr)")
        #expect((peak?.kibibytes ?? 0) > 0 && (peak?.kibibytes ?? 0) < 200 * 1024, "held \(peak?.kibibytes ?? 0) KiB")
    }

    @Test("standard input is checked under the name --stdin-filename gives, with imports found from there")
    func standardInput() throws {
        try file("governance/values.charter", "value care \"We care\"")
        let input = "import \"values.charter\"\nmember a { kind ngo holds care, cair }\n"
        let run = try CLITests.charter(["check", "-", "--stdin-filename", "governance/alliance.charter"],
                                       input: Array(input.utf8), directory: directory)
        #expect(run.status == 1)
        #expect(run.stdout.contains("--> governance/alliance.charter:2:33"))
        #expect(!run.stdout.contains("unknown value `care`"), "care comes from the imported file")
        let unnamed = try CLITests.charter(["check", "-"], input: Array("member a { kind ngoo }".utf8), directory: directory)
        #expect(unnamed.stdout.contains("--> <stdin>:1:17"))
        let pointless = try CLITests.charter(["check", "--stdin-filename", "x.charter", "governance/values.charter"], directory: directory)
        #expect(pointless.status == 64)
    }

    @Test("a missing file, an empty directory and a binary file are each reported once; the rest is checked")
    func badInputs() throws {
        try file("good.charter", "value care \"We care\"\nmember a { kind ngo motivation values_driven holds care }\nbody b { members all by majority }")
        try Data([0x00, 0xFF, 0xFE, 0x01]).write(to: directory.appendingPathComponent("binary.charter"))
        let run = try CLITests.charter(["check", "good.charter", "missing.charter", "empty", "binary.charter"], directory: directory)
        #expect(run.status == 2)
        #expect(run.stderr.components(separatedBy: "cannot read `missing.charter`").count == 2)
        #expect(run.stderr.contains("`empty` holds no Charter files"))
        #expect(run.stderr.contains("cannot read `binary.charter`: it holds NUL bytes: a binary file, not text"))
        #expect(run.stdout.contains("checked 1 file: 0 errors"))
        #expect(run.stdout.contains("3 could not be read"))
    }

    @Test("reports name files as the findings do, and JUnit has a suite for an imported file's findings")
    func normalizedNames() throws {
        try file("governance/values.charter", "value care \"We care\"\nvalue broken \"B\"\nprinciple p upholds brokn")
        try file("governance/alliance.charter", "import \"values.charter\"\nmember a { kind ngo holds care }")
        let run = try CLITests.charter(["check", "--format", "junit", "./governance/alliance.charter"], directory: directory)
        #expect(run.stdout.contains("<testsuite name=\"governance/alliance.charter\" tests=\"1\" failures=\"0\">"))
        #expect(run.stdout.contains("<testsuite name=\"governance/values.charter\" tests=\"1\" failures=\"1\">"))
        let json = try CLITests.charter(["check", "--format", "json", "./governance/alliance.charter"], directory: directory)
        #expect(json.stdout.contains("\"files\" : [\n    \"governance/alliance.charter\"\n  ]"))
    }

    @Test("a broken charter.toml is reported once; the files it governs are not checked, every other file is")
    func brokenConfiguration() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("b"), withIntermediateDirectories: true)
        try file("a.charter", "member a { kind ngoo }")
        try file("b/one.charter", "member b { kind ngo }")
        try file("b/two.charter", "member c { kind ngo }")
        try file("b/charter.toml", "bogus = 1")
        let run = try CLITests.charter(["check", "a.charter", "b"], directory: directory)
        #expect(run.status == 2)
        #expect(run.stdout.contains("--> a.charter:1:17"))
        #expect(run.stderr.components(separatedBy: "`bogus` is not a setting").count == 2)
    }
}

/// The most memory a running process has held (its VmHWM), as last looked at.
private final class PeakMemory {
    let status: String
    private(set) var kibibytes = 0

    init(of process: Int32) { status = "/proc/\(process)/status" }

    func look() {
        guard let text = try? String(contentsOfFile: status, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let value = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return }
        kibibytes = max(kibibytes, value)
    }
}
