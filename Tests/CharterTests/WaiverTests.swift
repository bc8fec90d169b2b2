// Waivers: findings accepted for a while, from charter.toml or a comment,
// that stop waiving after their day and say so; listed in check's summary.

import Charter
import Foundation
import Testing

@Suite struct WaiverTests {
    static let alliance = """
        member megabank { kind company motivation business weight 5 }
        member small { kind ngo motivation values_driven weight 1 }
        member tiny { kind ngo motivation values_driven weight 1 }
        body council { members all by weighted majority 50% }
        """

    /// The same, with the waiver in a comment above the finding's line.
    static let commented = "# charter: waive power.dictator until 2027-03-31 by board -- the statutes change in March\n" + alliance

    static let toml = """
        [checks]
        select = ["power.dictator"]

        [waivers.council-dictator]
        check = "power.dictator"
        finding = "body `council`"
        reason = "the founding bank decides alone until the second members join"
        owner = "secretariat"
        expires = "2026-12-31"
        """

    func checked(_ text: String, on day: String, waivers: Bool = true) -> Program {
        var (configuration, diagnostics) = ProjectConfiguration.read(SourceFile(id: FileID(0), path: "charter.toml", text: Self.toml))
        #expect(diagnostics.isEmpty)
        if !waivers { configuration.waivers = [] }
        configuration.today = Day(day)
        var program = Program.load(text: text, path: "alliance.charter")
        program.runChecks(configuration)
        return program
    }

    @Test("before their day, waivers from charter.toml and comments accept their findings")
    func active() {
        let configured = checked(Self.alliance, on: "2026-11-29")
        #expect(configured.diagnostics.isEmpty, "\(configured.diagnostics.map(\.message))")
        #expect(configured.waived.map(\.waiver.name) == ["council-dictator"])
        #expect(configured.waived.first?.finding.code.id == "C301")
        let commented = checked(Self.commented, on: "2026-11-29", waivers: false)
        #expect(commented.diagnostics.isEmpty, "\(commented.diagnostics.map(\.message))")
        #expect(commented.waived.map(\.waiver.name) == ["alliance.charter:1"])
        #expect(commented.waived.first?.waiver.owner == "board")
        #expect(commented.waived.first?.waiver.reason == "the statutes change in March")
    }

    @Test("on their last day they still waive; the day after, the finding is back with a C003 beside it")
    func expiry() {
        #expect(checked(Self.alliance, on: "2026-12-31").diagnostics.isEmpty)
        let after = checked(Self.alliance, on: "2027-01-01")
        #expect(after.diagnostics.map(\.code.id).sorted() == ["C003", "C301"])
        let expired = after.diagnostics.first { $0.code.id == "C003" }
        #expect(expired?.message == "the waiver `council-dictator` of `power.dictator` expired on 2026-12-31; the finding is reported again")
        #expect(expired?.notes == ["owner: secretariat", "reason: the founding bank decides alone until the second members join"])
        #expect(after.waived.isEmpty)
        #expect(checked(Self.commented, on: "2027-03-31", waivers: false).diagnostics.isEmpty)
        #expect(checked(Self.commented, on: "2027-04-01", waivers: false).diagnostics.map(\.code.id).sorted() == ["C003", "C301"])
    }

    @Test("a waiver says why, who and until when, or it is refused")
    func incomplete() {
        let (_, missing) = ProjectConfiguration.read(SourceFile(id: FileID(0), path: "charter.toml", text: """
            [waivers.x]
            check = "power.dictator"
            finding = "megabank"
            reason = "for now"
            """))
        #expect(missing.map(\.message) == ["waiver `x` has no `owner`; a waiver names the check, the finding, a reason, an owner and the day it expires"])
        let (_, wrong) = ProjectConfiguration.read(SourceFile(id: FileID(0), path: "charter.toml", text: """
            [waivers.x]
            check = "power.dictatr"
            finding = "megabank"
            reason = "for now"
            owner = "me"
            expires = "2027-02-30"
            expiry = "soon"
            """))
        #expect(wrong.map(\.code.id) == ["E702", "E702"])
        #expect(wrong[0].help == "did you mean `expires`?")
        #expect(wrong[1].help == "did you mean `power.dictator`?")
        var program = Program.load(text: "member a { kind ngo }\n# charter: waive C101 by me -- maybe\nmember b { kind ngo }", path: "x.charter")
        program.runChecks()
        #expect(program.diagnostics.contains { $0.code.id == "C002" && $0.message == "this waiver does not say until when, by whom and why" })
        var badDay = Program.load(text: "# charter: waive C101 until 2027-02-30 by me -- maybe\nmember b { kind ngo }", path: "x.charter")
        badDay.runChecks()
        #expect(badDay.diagnostics.contains { $0.code.id == "C002" && $0.message == "`2027-02-30` is not a day; write it as YYYY-MM-DD" })
        #expect(Day("+027-03-01") == nil)
        var owners = Program.load(text: "# charter: waive C403 until 2030-01-01 by the secretariat -- founding\nmember b { kind ngo }", path: "x.charter")
        owners.runChecks()
        #expect(owners.waived.first?.waiver.owner == "the secretariat")
    }

    @Test("charter check lists the active waivers in its summary, and judges them on CHARTER_TODAY")
    func summary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-waivers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.alliance.write(to: directory.appendingPathComponent("alliance.charter"), atomically: true, encoding: .utf8)
        try Self.toml.write(to: directory.appendingPathComponent("charter.toml"), atomically: true, encoding: .utf8)
        let active = try CLITests.charter(["check", "alliance.charter"], environment: ["CHARTER_TODAY": "2026-11-29"], directory: directory)
        #expect(active.status == 0)
        #expect(active.stdout.contains("checked 1 file: 0 errors, 0 warnings; 1 waived\n"))
        #expect(active.stdout.contains("  waived until 2026-12-31 by secretariat (the founding bank decides alone until the second members join): C301 at alliance.charter:1:8: `megabank` decides alone in body `council`"))
        let json = try CLITests.charter(["check", "--format", "json", "alliance.charter"], environment: ["CHARTER_TODAY": "2026-11-29"],
                                        directory: directory)
        #expect(json.stdout.contains("\"name\" : \"council-dictator\""))
        #expect(json.stdout.contains("\"findings\" : [\n\n  ]"))
        let sarif = try CLITests.charter(["check", "--format", "sarif", "alliance.charter"], environment: ["CHARTER_TODAY": "2026-11-29"],
                                         directory: directory)
        #expect(sarif.stdout.contains("\"justification\" : \"waiver `council-dictator` by secretariat until 2026-12-31: "))
        let expired = try CLITests.charter(["check", "alliance.charter"], environment: ["CHARTER_TODAY": "2027-01-01"], directory: directory)
        #expect(expired.status == 1)
        #expect(expired.stdout.contains("warning[C003]"))
        let badDay = try CLITests.charter(["check", "alliance.charter"], environment: ["CHARTER_TODAY": "tomorrow"], directory: directory)
        #expect(badDay.status == 2)
        try (Self.toml + "\n[waivers.stale]\ncheck = \"C101\"\nfinding = \"x\"\nreason = \"r\"\nowner = \"o\"\nexpires = \"2030-01-01\"\n")
            .write(to: directory.appendingPathComponent("charter.toml"), atomically: true, encoding: .utf8)
        let stale = try CLITests.charter(["check", "alliance.charter"], environment: ["CHARTER_TODAY": "2026-11-29"], directory: directory)
        #expect(stale.stdout.contains("  the waiver `stale` of charter.toml meets no finding; remove it\n"))
        #expect(!stale.stdout.contains("`council-dictator` of charter.toml meets no finding"))
    }
}
