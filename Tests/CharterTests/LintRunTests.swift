// The library's lint run (what `charter check` prints and the REPL's
// `:check` counts), the list of codes assembled from the modules that own
// them, and reports that return evaluation errors instead of drawing or
// comparing empty sets.

import Charter
import CharterSession
import Foundation
import Testing

@Suite struct LintRunTests {
    static let toml = WaiverTests.toml + """

        [waivers.stale]
        check = "power.dictator"
        finding = "nobody"
        reason = "r"
        owner = "o"
        expires = "2030-01-01"
        """

    static func configuration(on day: String) -> CheckConfiguration {
        var (configuration, diagnostics) = ProjectConfiguration.read(SourceFile(id: FileID(0), path: "charter.toml", text: toml))
        #expect(diagnostics.isEmpty)
        configuration.today = Day(day)
        return configuration
    }

    static let files: [String: [UInt8]] = [
        "a.charter": "import \"shared.charter\"\n" + WaiverTests.alliance + "\n",
        "b.charter": "import \"shared.charter\"\nmember other { kind ngo }\n",
        "shared.charter": "member lonely { kind ngo\n",
    ].mapValues { Array($0.utf8) }

    @Test("a lint run, which lets the syntax trees go as it builds the model, finds what a program that keeps them finds",
          arguments: ["suppressions.charter", "suppressions-declarations.charter", "suppressions-unknown.charter", "power.charter"])
    func releasingTheTrees(name: String) throws {
        let path = "Tests/CharterTests/Fixtures/checks/" + name
        let bytes = try Array(Data(contentsOf: Repository.url(path)))
        let reader = MemoryReader(files: [path: bytes])
        let configuration = Self.configuration(on: "2026-11-29")
        var kept = Program.load(paths: [path], reader: reader)
        kept.runChecks(configuration)
        var run = LintRun()
        run.check(path, reader: reader, configuration: configuration)
        let described = { (diagnostics: [Diagnostic]) in diagnostics.map { "\($0.span.start) \($0.code.id) \($0.message)" } }
        // Each fixture writes what it expects: all but the one whose every finding is suppressed report some.
        #expect(kept.diagnostics.isEmpty == (name == "suppressions-declarations.charter"))
        #expect(described(run.report.findings) == described(kept.diagnostics))
        #expect(run.report.waived.map { $0.finding.finding.message } == kept.waived.map { $0.finding.message })
    }

    @Test("a lint run, which lets each member's block go once its member is built, says what a full load says of every file")
    func releasingTheTreesEverywhere() throws {
        let paths = ["examples", "examples/broken", "Tests/CharterTests/Fixtures"].flatMap(Repository.charterFiles(in:))
        #expect(paths.count > 50)
        let configuration = Self.configuration(on: "2026-11-29")
        let described = { (diagnostics: [Diagnostic]) in diagnostics.map { "\($0.span.start) \($0.code.id) \($0.message)" } }
        for path in Set(paths).sorted() {
            let reader = MemoryReader(files: [path: try Array(Data(contentsOf: Repository.url(path)))])
            var kept = Program.load(paths: [path], reader: reader)
            kept.runChecks(configuration)
            var run = LintRun()
            run.check(path, reader: reader, configuration: configuration)
            #expect(described(run.report.findings) == described(kept.diagnostics), "\(path)")
            #expect(run.report.skipped == (kept.checksSkipped ? 1 : 0), "\(path)")
        }
    }

    @Test("a run reports each file's findings once, the waivers met and unmet, and what could not be read")
    func bookkeeping() {
        var run = LintRun()
        let reader = MemoryReader(files: Self.files)
        let configuration = Self.configuration(on: "2026-11-29")
        for path in ["a.charter", "b.charter", "missing.charter"] {
            run.check(path, reader: reader, configuration: configuration)
        }
        run.notChecked(because: "a folder could not be read")
        let report = run.report
        #expect(report.files.map(\.name) == ["a.charter", "b.charter", "missing.charter"])
        #expect(report.checked == ["a.charter", "b.charter"])
        // The error of the file both import is reported with the first.
        #expect(report.files[0].findings.contains { $0.severity == .error })
        #expect(report.files[1].findings.isEmpty)
        #expect(report.count(.error) == report.files[0].findings.count(of: .error))
        #expect(report.hasFindings(atOrAbove: .error))
        #expect(report.skipped == 2, "files with errors have their checks left out")
        #expect(report.unreadable.count == 2)
        if case .file(let path, let error) = report.unreadable.first {
            #expect(path == "missing.charter" && error == .notFound)
        } else {
            Issue.record("the missing file is not listed: \(report.unreadable)")
        }
        #expect(report.configuredWaivers == ["council-dictator", "stale"])
    }

    @Test("waivers met, past their day, and meeting nothing")
    func waivers() {
        let reader = MemoryReader(files: ["alliance.charter": Array(WaiverTests.alliance.utf8)])
        for (day, waived) in [("2026-11-29", 1), ("2027-01-01", 0)] {
            var run = LintRun()
            run.check("alliance.charter", reader: reader, configuration: Self.configuration(on: day))
            let report = run.report
            #expect(report.waived.count == waived, "\(day)")
            // Met by its finding, active or expired (then with a C003); `stale` meets nothing.
            #expect(report.metWaivers == ["council-dictator"], "\(day)")
            #expect(report.unmetWaivers == ["stale"], "\(day)")
            #expect(report.summary().contains("  the waiver `stale` of charter.toml meets no finding; remove it\n"))
            #expect(report.findings.contains { $0.code == SuppressionDiagnostic.waiverExpired } == (waived == 0))
        }
    }

    @Test("the report of one checked program is what a run of it reports, as the REPL's :check shows it")
    func checkedProgram() {
        var program = Program.load(text: WaiverTests.alliance, path: "alliance.charter")
        program.runChecks()
        let report = LintReport(checked: program, configuration: CheckConfiguration())
        #expect(report.findings == program.diagnostics)
        #expect(report.count(.warning) == program.diagnostics.count(of: .warning))
        #expect(report.checked == ["alliance.charter"])
        #expect(report.summary().hasPrefix("checked 1 file: "))
    }
}

@Suite struct DiagnosticCodeListTests {
    @Test("the pipeline's codes and the REPL's are put together downstream, each with its stage")
    func assembled() {
        for code in SessionDiagnostic.all {
            #expect(DiagnosticCodes.all.contains(code))
            #expect(!DiagnosticCodes.pipeline.contains(code), "the pipeline does not know the REPL's \(code)")
            #expect(DiagnosticCodes.all.stage(of: code) == "the REPL")
        }
        let stages = ["E002": "loading files", "E001": "loading files", "E101": "the lexer", "E201": "the parser",
                      "E301": "names and types", "E401": "values and ranges", "E501": "imports", "E601": "evaluation",
                      "E701": "charter.toml", "C001": "inline suppressions", "R001": "charter run", "D101": "charter diff",
                      "C301": "the built-in checks"]
        for (id, stage) in stages {
            let code = DiagnosticCodes.pipeline.code(named: id)
            #expect(code?.id == id)
            #expect(code.flatMap(DiagnosticCodes.pipeline.stage) == stage, "\(id)")
        }
        #expect(DiagnosticCodes.all.code(named: "not-in-session") == SessionDiagnostic.unknownName)
        #expect(DiagnosticCodes.all.code(named: "e801") == SessionDiagnostic.unknownName)
        #expect(DiagnosticCodes.all.count == DiagnosticCodes.pipeline.count + SessionDiagnostic.all.count)
    }

    @Test("explain knows the REPL's codes through the full list, and the REPL's :explain says the same")
    func explainREPLCode() throws {
        let text = try #require(Explanation(codes: .all).text(for: "E803"))
        #expect(text.hasPrefix("E803 not-amendable (error, the REPL)\n"))
        #expect(Explanation(codes: .pipeline).text(for: "E803") == nil)
        // An edit's own code is the pipeline's: scenarios make edits too.
        #expect(Explanation(codes: .pipeline).text(for: "E802")?.hasPrefix("E802 emptied-by-remove (error, edits (the REPL and scenarios))\n") == true)
        let run = try CLITests.charter(["explain", "E803"])
        #expect(run.status == 0)
        #expect(run.stdout == text)
    }
}

@Suite struct ReportErrorTests {
    /// A body and a bloc whose members take more steps than the limit allows.
    static let alliance = AdversarialTests.members(20) + """
        bloc heavy = members where weight > 0
        body council { members where weight > 0 by majority }
        channel news reaches members where weight > 0 monthly

        """

    static func program(steps: Int) -> (Program, CheckConfiguration) {
        var configuration = CheckConfiguration()
        configuration.limits.evaluationSteps = steps
        return (Program.load(text: alliance, path: "alliance.charter"), configuration)
    }

    @Test("the graph returns what it could not evaluate rather than drawing it empty", arguments: AllianceGraph.View.allCases)
    func graph(_ view: AllianceGraph.View) {
        let (program, configuration) = Self.program(steps: 5)
        let graph = AllianceGraph(model: program.model, view: view, stepLimit: configuration.limits.evaluationSteps)
        #expect(graph.errors.map(\.code).contains(EvaluationDiagnostic.stepLimit), "\(view)")
        #expect(AllianceGraph(model: program.model, view: view).errors.isEmpty, "the default limit is higher")
    }

    @Test("the HTML report and the drift return evaluation errors")
    func htmlAndDrift() {
        let (program, configuration) = Self.program(steps: 5)
        let report = HTMLReport(program: program, configuration: configuration, generator: "test")
        #expect(report.errors.map(\.code).contains(EvaluationDiagnostic.stepLimit))
        let drift = DriftReport(old: program, new: program, configuration: configuration)
        #expect(drift.errors.map(\.code).contains(EvaluationDiagnostic.stepLimit))
        #expect(DriftReport(old: program, new: program).errors.isEmpty)
    }

    @Test("charter graph, report and diff with a lowered step limit give located errors, not empty bodies")
    func commands() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-steps-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "[limits]\nevaluation-steps = 5\n".write(to: directory.appendingPathComponent("charter.toml"), atomically: true, encoding: .utf8)
        try Self.alliance.write(to: directory.appendingPathComponent("alliance.charter"), atomically: true, encoding: .utf8)
        for command in [["graph"], ["graph", "--view", "power"], ["graph", "--view", "governance"], ["report"],
                        ["diff", "alliance.charter"]] {
            let run = try CLITests.charter(command + ["--color", "never", "alliance.charter"], directory: directory)
            #expect(run.status == 1, "\(command)")
            #expect(run.stdout.isEmpty, "\(command) wrote \(run.stdout.prefix(200))")
            #expect(run.stderr.contains("error[E606]"), "\(command): \(run.stderr)")
            #expect(run.stderr.contains("alliance.charter:"), "\(command): the error is located")
        }
    }
}
