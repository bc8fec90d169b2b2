// charter diff: what changed between two versions, how power moved, and the
// drift the domain warns of as findings; OLD read from git as REV:PATH.

import Charter
import Foundation
import Testing

@Suite struct DriftTests {
    static let old = """
        alliance care "Care together" { mission "Care close to home" stage developing }
        value dignity "Everyone is treated with respect"
        value closeness "Care close to home"
        principle respect upholds dignity
        member town { kind government motivation mixed weight 2 holds dignity joined forming }
        member coop { kind cooperative motivation values_driven weight 2 holds dignity, closeness joined forming }
        member clinic { kind company motivation business weight 1 holds closeness joined building }
        member neighbours { kind civil_society motivation values_driven weight 2 holds closeness joined building }
        goal home_care social serves closeness
        goal revenue business serves dignity
        body council { members all by weighted majority 60% decides statutes }
        """

    /// The clinic grows, the social goal is gone, closeness loses its backing,
    /// and the members who are not values-driven can carry the council.
    static let new = """
        alliance care "Care together" { mission "Care close to home" stage developing }
        value dignity "Everyone is treated with respect"
        value closeness "Care close to home"
        principle respect upholds dignity
        member town { kind government motivation mixed weight 2 holds dignity joined forming }
        member coop { kind cooperative motivation values_driven weight 2 holds dignity, closeness joined forming }
        member clinic { kind company motivation business weight 6 holds closeness joined building }
        member newcomer { kind company motivation business weight 1 holds dignity joined developing }
        goal revenue business serves dignity
        body council { members all by weighted majority 60% decides statutes }
        """

    /// Both versions in one SourceMap, the old parsed after the new, checked.
    static func report(_ old: String, _ new: String) -> (DriftReport, Program) {
        var newProgram = Program.load(text: new, path: "new.charter")
        let parsed = Program.parse(paths: ["old.charter"], reader: MemoryReader(files: ["old.charter": Array(old.utf8)]),
                                   after: newProgram.sources)
        var oldProgram = Program(sources: parsed.sources, syntax: parsed.syntax, roots: parsed.roots, diagnostics: parsed.diagnostics)
        oldProgram.runChecks()
        newProgram.runChecks()
        return (DriftReport(old: oldProgram, new: newProgram), oldProgram)
    }

    @Test("changes list what was added, removed and changed, with a member's fields")
    func changes() {
        let (report, _) = Self.report(Self.old, Self.new)
        let said = report.changes.map { "\($0.kind.rawValue) \($0.what) \($0.name) \($0.details)" }
        #expect(said == [
            "+ member newcomer []", "- member neighbours []", "~ member clinic [\"weight 1 → 6\"]", "- goal home_care []",
        ])
    }

    @Test("layout, blank lines and comments are no change: the old version formatted broken and commented, against itself")
    func layoutIsNoChange() {
        let relaid = Self.old.replacing("{ kind", with: "{\n  # the kind\n\n  kind").replacing(" weight", with: "\n\n  weight")
        let (report, _) = Self.report(Self.old, relaid)
        #expect(report.changes.isEmpty, "\(report.changes.map { "\($0.what) \($0.name)" })")
    }

    @Test("power shifts come largest first")
    func power() throws {
        let (report, _) = Self.report(Self.old, Self.new)
        let first = try #require(report.powerShifts.first)
        #expect(first.member == "clinic")
        #expect(report.powerShifts.map(\.size) == report.powerShifts.map(\.size).sorted(by: >))
        #expect(report.powerShifts.contains { $0.member == "neighbours" && $0.after == nil })
    }

    @Test("drift: a social goal dropped, a value losing its backing, power concentrating, business winning")
    func drift() {
        let (report, old) = Self.report(Self.old, Self.new)
        #expect(report.drift.map(\.code.id).sorted() == ["D101", "D102", "D103", "D104"])
        #expect(report.drift.first { $0.code.id == "D104" }?.notes == ["they are `town`, `clinic`, `newcomer`"])
        #expect(report.drift.first { $0.code.id == "D101" }?.message == "the social goal `home_care` was dropped")
        let text = report.text(sources: old.sources)
        #expect(text.contains("error[D104]: the members who are not values-driven can now carry body `council` on their own"))
        #expect(text.contains("  --> new.charter:10:1"))
        #expect(text.contains("  - goal home_care\n"))
        let (same, _) = Self.report(Self.old, Self.old)
        #expect(same.drift.isEmpty && same.changes.isEmpty && same.powerShifts.isEmpty)
    }

    @Test("power concentrating among members tied at the largest share names the same one every time: the first by name")
    func tiedConcentration() throws {
        let old = ["delta", "alpha", "charlie", "bravo", "echo"].map { "member \($0) { kind ngo weight 1 }" }.joined(separator: "\n")
            + "\nbody council { members all by weighted majority }\n"
        // Only delta and alpha together carry the council: half the power each. Which of the two a
        // table of shares gives first changes from run to run (its hashing is seeded per process).
        let new = """
            member delta { kind ngo weight 2 }
            member alpha { kind ngo weight 2 }
            member charlie { kind ngo weight 0 }
            body council { members all by weighted majority }
            """
        let (report, _) = Self.report(old, new)
        let finding = try #require(report.drift.first { $0.code.id == "D102" })
        #expect(finding.message.contains("`alpha` holds 50%"), "\(finding.message)")
    }

    /// A new folder, and a way to run git in it.
    static func repository() throws -> (URL, ([String]) throws -> Void) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, { arguments in
            let run = try Subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.org"] + arguments, in: directory)
            #expect(run.status == 0, "git \(arguments): \(run.output)")
        })
    }

    @Test("charter diff --old-rev reads OLD from git, exits by its drift, and 2 for a revision git does not know")
    func git() throws {
        let (directory, git) = try Self.repository()
        try git(["init", "-q"])
        try Self.old.write(to: directory.appendingPathComponent("alliance.charter"), atomically: true, encoding: .utf8)
        try git(["add", "alliance.charter"])
        try git(["commit", "-q", "-m", "the alliance"])
        try Self.new.write(to: directory.appendingPathComponent("alliance.charter"), atomically: true, encoding: .utf8)

        let run = try CLITests.charter(["diff", "--old-rev", "HEAD", "alliance.charter"], directory: directory)
        #expect(run.status == 1, "D104 is an error")
        #expect(run.stdout.hasPrefix("comparing `HEAD:alliance.charter` with `alliance.charter`\n"))
        #expect(run.stdout.contains("~ member clinic (weight 1 → 6)"))
        #expect(run.stdout.contains("drift: 1 error, 3 warnings"))
        #expect(run.stdout.contains("--> HEAD:alliance.charter:") || run.stdout.contains("--> alliance.charter:"))
        let both = try CLITests.charter(["diff", "--old-rev", "HEAD", "alliance.charter", "alliance.charter"], directory: directory)
        #expect(both.stdout == run.stdout && both.status == 1)
        let unknown = try CLITests.charter(["diff", "--old-rev", "nosuchrev", "alliance.charter"], directory: directory)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("cannot read `alliance.charter` as of `nosuchrev`"), "\(unknown.stderr)")
        let option = try CLITests.charter(["diff", "--old-rev", "-x", "alliance.charter"], directory: directory)
        #expect(option.status == 64, "a revision that git would take for an option is refused: \(option.stderr)")
    }

    @Test("a path is always a path: no file a pull request adds can stand in for the base version")
    func revisionIsNeverAFile() throws {
        let (directory, git) = try Self.repository()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("etc"), withIntermediateDirectories: true)
        try git(["init", "-q"])
        try Self.old.write(to: directory.appendingPathComponent("alliance.charter"), atomically: true, encoding: .utf8)
        try "member secret { }\n".write(to: directory.appendingPathComponent("etc/passwd"), atomically: true, encoding: .utf8)
        try git(["add", "alliance.charter", "etc/passwd"])
        try git(["commit", "-q", "-m", "the alliance"])
        try Self.new.write(to: directory.appendingPathComponent("alliance.charter"), atomically: true, encoding: .utf8)
        // The pull request plants the new version under the name the old syntax read from git.
        try Self.new.write(to: directory.appendingPathComponent("HEAD:alliance.charter"), atomically: true, encoding: .utf8)

        let drift = try CLITests.charter(["diff", "--old-rev", "HEAD", "alliance.charter"], directory: directory)
        #expect(drift.status == 1, "the planted file changes nothing: \(drift.stdout)")
        #expect(drift.stdout.contains("error[D104]"))
        // Named as a path, it is the planted file: no drift, and no revision read.
        let planted = try CLITests.charter(["diff", "HEAD:alliance.charter", "alliance.charter"], directory: directory)
        #expect(planted.status == 0 && planted.stdout.contains("no declarations changed"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("HEAD:alliance.charter"))
        let missing = try CLITests.charter(["diff", "HEAD:alliance.charter", "alliance.charter"], directory: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("charter diff --old-rev HEAD alliance.charter alliance.charter"), "\(missing.stderr)")
        // `..` is given to git as written, never folded into another file of the repository.
        let outside = try CLITests.charter(["diff", "--old-rev", "HEAD", "../../etc/passwd", "alliance.charter"],
                                           directory: directory)
        #expect(outside.status == 2, "\(outside.stdout)")
        #expect(!outside.stdout.contains("secret"))
    }
}
