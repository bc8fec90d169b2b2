// The CI path against an attacker (SECURITY.md): no output line a CI system
// would run as a command, no raw control character in any format, values
// that cannot grow past their limits however they nest, and the lower
// findings of the audit, each with the test that would have caught it.

import Charter
import Foundation
import FuzzTargets
import Testing

@Suite struct SecurityTests {

    // MARK: One escaping layer per output channel

    /// Strings drawn from all of Unicode, weighted towards what attacks a
    /// log: every C0 and C1 control, `\r\n`, bidi controls, line separators,
    /// the command sequences and backticks.
    static func hostileStrings(count: Int, seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        let pieces = ["\r\n", "\r", "\n", "::", "##[", "##vso[", "::error file=a::x", "::stop-commands::t", "```", "%", "%0A",
                      "\u{3000}::error::x", "\u{A0}::add-mask::x", "\u{2003}::warning::y", "#\u{301}#[",
                      "[link](1)", "\\", ",", ":", "\u{1B}]52;c;aGk=\u{7}", "\u{1B}]8;;http://x\u{1B}\\", "\u{9B}31m", "\u{85}",
                      "\u{2028}", "\u{2029}", "\u{202E}", "\u{2066}", "\u{200B}", "#", " ", "\t", "<", "&", "\""]
        return (0..<count).map { _ in
            var text = ""
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: text += pieces.randomElement(using: &generator)!
                case 1: text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...0x9F, using: &generator)))
                case 2:
                    // Any scalar of Unicode (surrogates are not scalars).
                    let value = UInt32.random(in: 0...0x10FFFF, using: &generator)
                    text.unicodeScalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                default: text += ["a", "member", "é", "漢", "🇳🇱"].randomElement(using: &generator)!
                }
            }
            return text
        }
    }

    @Test("every format, fed strings from all of Unicode, prints no raw control and no command a CI system would run")
    func everyFormatIsEscaped() {
        for text in Self.hostileStrings(count: 400, seed: 17) {
            // As a file's text, its name, a message, a label, a note, a help and a waiver's fields.
            #expect(OutputSafety.outputs(for: Array(text.utf8)) == nil, "\(text.debugDescription)")
            // As texts inside a file that runs.
            let quoted = text.unicodeScalars.map { scalar in
                scalar == "\"" || scalar == "\\" || scalar.value < 0x20 || scalar.value == 0x7F
                    ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            }.joined()
            let file = "alliance a { }\nmember m { }\ncheck \"\(quoted)\" { 1 == 2 }\nshow \"\(quoted)\"\nlet t = [\"\(quoted)\"]\nshow t\n"
            #expect(OutputSafety.outputs(for: Array(file.utf8)) == nil, "\(file.debugDescription)")
        }
    }

    @Test("the invariant sees what it guards against")
    func invariantSeesAttacks() {
        #expect(OutputSafety.violation(in: "ok\n::error::forged\n", format: .text) != nil)
        #expect(OutputSafety.violation(in: "  ::stop-commands::x", format: .plain) != nil)
        // .NET's TrimStart, which GitHub's runner uses, takes every Unicode blank.
        #expect(OutputSafety.violation(in: "\u{3000}::error::x", format: .run) != nil)
        #expect(OutputSafety.violation(in: "\u{A0}::add-mask::x", format: .run) != nil)
        #expect(OutputSafety.violation(in: " ::: b.charter:2:7", format: .text) == nil, "the renderer's second file is no command")
        #expect(OutputSafety.violation(in: "a ##[error]b", format: .json) != nil)
        #expect(OutputSafety.violation(in: "a ##vso[task.setvariable]b", format: .junit) != nil)
        #expect(OutputSafety.violation(in: "a\r\n", format: .text) != nil)
        #expect(OutputSafety.violation(in: "a\u{1B}]52;c;x\u{7}", format: .text) != nil)
        #expect(OutputSafety.violation(in: "a\u{202E}b", format: .text) != nil)
        #expect(OutputSafety.violation(in: "::error file=a,line=1,col=1,endLine=1,endColumn=2,title=E1 x::m\n", format: .github) == nil)
        #expect(OutputSafety.violation(in: "::error file=a::m\n", format: .github) != nil, "not the form charter writes")
    }

    @Test("a workflow command escapes `\\r\\n` by scalar, and properties their `:` and `,`")
    func workflowCommands() {
        // Swift counts "\r\n" as one Character: replacing "\r" and "\n" as Characters misses it.
        #expect(Escaping.workflowData("a\r\nb%") == "a%0D%0Ab%25")
        #expect(Escaping.workflowProperty("a:b,c\r\n") == "a%3Ab%2Cc%0D%0A")
        #expect(!Escaping.workflowData("x ##[error]y").unicodeScalars.elementsEqual("x ##[error]y".unicodeScalars))
    }

    @Test("a Markdown code block's fence is longer than any run of backticks inside it")
    func markdownFences() {
        let block = Escaping.markdownCodeBlock("a\n```\nb ````` c\n")
        #expect(block.hasPrefix("``````\n") && block.hasSuffix("\n``````\n"))
        #expect(Escaping.markdownCodeBlock("plain").hasPrefix("```\nplain\n```"))
        #expect(Escaping.markdownText("[x](http://e) # *y*") == "\\[x\\]\\(http\\://e\\) \\# \\*y\\*")
    }

    @Test("SARIF message text escapes its brackets, so no text becomes an embedded link")
    func sarifBrackets() throws {
        var sources = SourceMap()
        let file = sources.add(path: "a.charter", text: "member m { }\n")
        let finding = Diagnostic(ProgramDiagnostic.importOutsideRoot, "see [here](1) and \\", at: Span(file: file.id, start: 0, end: 6))
        let sarif = try CheckReport(version: "1", files: ["a.charter"], unreadable: 0, findings: [(finding, sources)]).sarif()
        #expect(sarif.contains(#""text" : "see \\[here\\](1) and \\\\""#), "\(sarif)")
    }

    @Test("a file name reaches every format escaped: `-->` lines, plain text, fmt --check and the summary")
    func fileNamesThroughTheBinary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = "x\n::error file=README.md::forged\u{1B}]52;c;aGk=\u{7}.charter"
        try "member m {weight 1}\n".write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        for arguments in [["check", "."], ["check", "--format", "plain", "."], ["check", "--format", "github", "."],
                          ["check", "--format", "junit", "."], ["fmt", "--check", "."], ["run", "."]] {
            let run = try CLITests.charter(arguments, directory: directory)
            for (stream, output) in [("stdout", run.stdout), ("stderr", run.stderr)] {
                let format: OutputSafety.Format = arguments.contains("github") ? .github : .text
                #expect(OutputSafety.violation(in: output, format: format) == nil, "\(arguments) \(stream)")
            }
            // `run` names no file when nothing fails.
            #expect(arguments[0] == "run" || run.stdout.contains("x\u{240A}:\u{200B}:error") || run.stdout.contains("x%0A%3A\u{200B}%3Aerror")
                    || run.stdout.contains("x&#xA;::error"), "\(arguments): \(run.stdout)")
        }
    }

    @Test("the REPL escapes what a script or a file brings: names in its errors, `:show`, and `run` names each file")
    func replAndRunEscape() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "value rv \"a\u{1B}]52;c;QUFB\u{7} ##[error]x\"\n".write(to: directory.appendingPathComponent("raw.charter"),
                                                                           atomically: true, encoding: .utf8)
        let script = ":load raw.charter\n:show rv\n:show a\u{1B}]0;T\u{7}b\n\"\u{3000}::warning::repl\"\n:power \u{A0}::error::x\n"
        let repl = try CLITests.charter(["repl"], input: Array(script.utf8), directory: directory)
        for (stream, output) in [("stdout", repl.stdout), ("stderr", repl.stderr)] {
            #expect(OutputSafety.violation(in: output, format: .run) == nil, "\(stream): \(output.debugDescription)")
        }
        #expect(repl.stdout.contains("value rv \"a\u{241B}]52;c;QUFB\u{2407} #\u{200B}#[error]x\""), "\(repl.stdout)")
        let name = "x\u{1B}]0;TITLE\u{7}\n##[error]y.charter"
        try "show 1\n".write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let run = try CLITests.charter(["run", "raw.charter", name], directory: directory)
        #expect(OutputSafety.violation(in: run.stdout, format: .run) == nil, "\(run.stdout.debugDescription)")
        #expect(run.stdout.contains("== x\u{241B}]0;TITLE\u{2407}\u{240A}#\u{200B}#[error]y.charter"))
    }

    // MARK: Values that nest

    static func program(_ text: String, limits: Limits = Limits()) -> Program {
        Program.load(paths: ["main.charter"], reader: MemoryReader(files: ["main.charter": Array(text.utf8)]), limits: limits)
    }

    /// `let sI = [s(I-1), [s(I-1)]]`: a file of `lines` lines whose last set holds 2^lines values.
    static func doubling(_ lines: Int) -> String {
        "alliance a { }\nmember m { }\nlet s0 = [1]\n"
            + (1...lines).map { "let s\($0) = [s\($0 - 1), [s\($0 - 1)]]\n" }.joined() + "show s\(lines) == s\(lines)\n"
    }

    /// `let sI = [s(I-1)]`: sets nested as deep as the file is long.
    static func chain(_ lines: Int) -> String {
        "alliance a { }\nmember m { }\nlet s0 = [1]\n" + (1...lines).map { "let s\($0) = [s\($0 - 1)]\n" }.joined() + "show s\(lines)\n"
    }

    /// The steps evaluation counted running `text`, and the codes it reported.
    static func run(_ text: String, limits: Limits = Limits()) -> (steps: Int, codes: Set<String>, resolving: Int) {
        let program = program(text, limits: limits)
        #expect(!program.diagnostics.contains { $0.severity == .error }, "\(program.diagnostics.map(\.message))")
        let budget = EvaluationBudget(stepLimit: limits.evaluationSteps, limits: limits)
        let report = Interpreter.run(program.model, roots: Set(program.roots), budget: budget) { _ in "" }
        return (budget.steps, Set(report.diagnostics.map(\.code.id)), program.work.resolving)
    }

    @Test("sets that double at every line stop at the value-size limit, with the same work at 30 lines as at 120")
    func doublingSets() {
        let short = Self.run(Self.doubling(30))
        let long = Self.run(Self.doubling(120))
        #expect(short.codes.contains("E611"), "\(short.codes)")
        #expect(long.codes.contains("E611"))
        // Past the limit every further line fails at once: four times the lines, at most four times the work.
        Work.expectProportional(short.steps, long.steps, factor: 4, "evaluating sets that double")
        Work.expectProportional(short.resolving, long.resolving, factor: 4, "typing sets that double")
        #expect(short.steps < Limits().evaluationSteps, "stopped by the size of the value, not by the step limit")
        let diagnostic = Self.program(Self.doubling(30)).run()!.diagnostics.first { $0.code.id == "E611" }!
        #expect(diagnostic.help == "to allow more, set `value-size = 2000000` under `[limits]` in charter.toml")
    }

    @Test("a chain of sets within sets stops at the nesting depth, and its work grows with the file, not its square")
    func chainedSets() {
        let thousand = Self.run(Self.chain(1_000))
        let fourThousand = Self.run(Self.chain(4_000))
        #expect(thousand.codes.contains("E611"))
        Work.expectProportional(thousand.steps, fourThousand.steps, factor: 4, "evaluating a chain of sets")
        Work.expectProportional(thousand.resolving, fourThousand.resolving, factor: 4, "typing a chain of sets")
        let diagnostic = Self.program(Self.chain(150)).run()!.diagnostics.first { $0.code.id == "E611" }!
        #expect(diagnostic.message == "this set would nest sets more than 100 levels deep")
        #expect(diagnostic.help == "to allow more, set `nesting-depth = 200` under `[limits]` in charter.toml")
    }

    @Test("the deepest set the limits allow is written as JSON and read back")
    func deepestSetAsJSON() throws {
        var limits = Limits()
        limits.nestingDepth = Limits.deepestNesting
        let program = Self.program(Self.chain(Limits.deepestNesting - 1), limits: limits)
        let report = program.run(limits: limits)!
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        let document = try RunJSON.document([RunJSON.part(path: "main.charter", program: program, report: report)])
        #expect(try JSONSerialization.jsonObject(with: Data(document.utf8)) is [String: Any])
    }

    @Test("comparing two large sets built apart costs a step for every value inside them")
    func equalityIsCharged() {
        let text = "alliance a { }\nmember m { }\nlet a0 = [1]\nlet b0 = [1]\n"
            + (1...12).map { "let a\($0) = [a\($0 - 1), [a\($0 - 1)]]\nlet b\($0) = [b\($0 - 1), [b\($0 - 1)]]\n" }.joined()
            + "assert a12 == b12\n"
        var limits = Limits()
        let free = Self.run(text, limits: limits)
        #expect(free.codes.isEmpty, "\(free.codes)")
        // The sets hold 2^13 values each: comparing them is charged for all of them.
        limits.evaluationSteps = free.steps - 8_000
        #expect(Self.run(text, limits: limits).codes.contains("E606"))
    }

    // MARK: charter.toml

    static func configurationErrors(_ bytes: [UInt8]) -> [String] {
        ProjectConfiguration.read(SourceFile(id: FileID(0), path: "charter.toml", bytes: bytes)).diagnostics.map(\.message)
    }

    @Test("charter.toml is UTF-8 through and through, ends lines with LF or CRLF, and holds no raw control")
    func tomlCharacters() {
        #expect(Self.configurationErrors(Array("# a comment\n[limits]\nimports = 5\n".utf8)).isEmpty)
        #expect(Self.configurationErrors(Array("# a comment\r\n[limits]\r\nimports = 5\r\n".utf8)).isEmpty)
        let invalid = Self.configurationErrors(Array("# caf".utf8) + [0xC3, 0x28] + Array("\n[limits]\n".utf8))
        #expect(invalid.contains { $0.hasPrefix("charter.toml is not valid UTF-8 here") }, "\(invalid)")
        let lone = Self.configurationErrors(Array("[limits]\rimports = 5\n".utf8))
        #expect(lone.contains { $0.hasPrefix("a carriage return (U+000D) must be followed by a line feed") }, "\(lone)")
        let control = Self.configurationErrors(Array("# \u{1B}]52;c;x\u{7}\n".utf8))
        #expect(control.contains { $0.hasPrefix("the control character U+001B is not allowed") }, "\(control)")
    }

    @Test("a check named by a number says what `select` and `disable` hold")
    func checkListMessages() {
        let select = Self.configurationErrors(Array("[checks]\nselect = [1]\n".utf8))
        #expect(select.contains { $0.hasPrefix("a check in `select` is named by a string") }, "\(select)")
        let disable = Self.configurationErrors(Array("[checks]\ndisable = [true]\n".utf8))
        #expect(disable.contains { $0.hasPrefix("a check in `disable` is named by a string") }, "\(disable)")
    }
}
