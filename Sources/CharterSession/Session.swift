// A REPL session: the live model and everything the REPL can do to it, as
// a library. The shell (CharterREPL) reads lines, hands each complete entry
// to `handle`, and prints the reply; the session never prints, reads a
// terminal or touches a file except through `SessionFiles`.
//
// An entry is Charter (declarations, a `remove` or `amend`, an expression)
// or a meta-command (`:load`, `:power`, …). Every change is resolved before
// it is accepted: an entry with errors leaves the model as it was. After a
// change the built-in checks run again and the reply says which findings
// appeared and went — inside a what-if branch, against the branch's base,
// with the power figures that moved.

import Charter

public final class Session {
    /// What the shell shows for one entry.
    public struct Reply: Sendable, Equatable {
        /// The answer, for standard output.
        public var output = ""
        /// What went wrong, for standard error when the input is a script.
        public var errors = ""
        /// Whether the entry failed: an error, or an assertion that does not hold.
        public var failed = false
        /// Whether the session should end.
        public var quit = false
    }

    /// The files the session reads and writes.
    public let files: any SessionFiles
    public var configuration: CheckConfiguration
    /// Whether answers may carry ANSI colours.
    public var color: ColorMode
    /// Asked during long evaluations; yes stops them (the shell's Ctrl-C).
    public var isInterrupted: @Sendable () -> Bool = { false }

    private(set) var sources = SourceMap()
    /// The comments of each file, for `:show`, `:save` and suppressions.
    private(set) var commentsByFile: [FileID: [Comment]] = [:]
    private(set) var entries: [Entry] = []
    /// The model of `entries`, resolved and checked.
    private(set) var program: Program
    private var undoStack: [(description: String, entries: [Entry])] = []
    private(set) var branch: Branch?
    /// Whether Ctrl-C stopped the checks of the model as it is, so that its
    /// findings are incomplete until `:check` runs them again.
    private(set) var checksInterrupted = false
    /// Files loaded or saved in this session, which `:save` may overwrite.
    private var ownedFiles: Set<String> = []
    private var transcript: [(input: String, output: String)] = []
    /// Where the entry being handled came from, when it came from a script:
    /// errors without a source location say it.
    private var scriptLocation: String?

    /// A what-if: the model it started from, to compare against and to go
    /// back to, and how far `:undo` may go inside it.
    struct Branch {
        var baseEntries: [Entry]
        var baseProgram: Program
        var baseChecksInterrupted: Bool
        var undoDepth: Int
    }

    public init(files: any SessionFiles, configuration: CheckConfiguration = CheckConfiguration(), color: ColorMode = .plain) {
        self.files = files
        self.configuration = configuration
        self.color = color
        program = Program(sources: SourceMap(), syntax: [], roots: [])
    }

    /// Whether a what-if branch is open, for the prompt.
    public var isInWhatIf: Bool { branch != nil }

    /// The names declared now, by kind, for completion.
    public var declaredNames: [(name: String, kind: String)] {
        entries.compactMap { entry in entry.name.map { ($0, entry.kind) } }
    }

    /// Handles one complete entry. `path` and `line` say where it came from
    /// (`<input>`, or `<stdin>` and its first line), for its diagnostics.
    public func handle(_ text: String, path: String = "<input>", line: Int = 1) -> Reply {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return Reply() }
        scriptLocation = path == "<input>" ? nil : "\(path):\(line)"
        var reply: Reply
        var record = true
        if trimmed.hasPrefix(":") {
            let command = MetaCommand.parse(trimmed)
            reply = run(command)
            record = command.belongsInTranscript
        } else {
            reply = evaluate(text, path: path, line: line)
        }
        if record && !reply.failed {
            transcript.append((text.trimmingTrailingNewlines(), reply.output.withoutEscapeCodes))
        }
        return reply
    }

    // MARK: Charter entries

    private func evaluate(_ text: String, path: String, line: Int) -> Reply {
        let file = sources.add(path: path, text: text, firstLine: line)
        let parsed = Parser.parseInput(file, trace: false)
        commentsByFile[file.id] = parsed.syntax.comments
        guard let input = parsed.input else { return failure(parsed.diagnostics) }
        switch input {
        case .expression(let expression):
            let show = SourceFileSyntax(file: file.id, declarations: [.show(ShowStmt(value: expression, span: expression.span))],
                                        comments: [], recoveries: [])
            let candidate = build(entries, adding: show)
            guard !candidate.hasFindings(atOrAbove: .error) else { return failure(candidate.diagnostics) }
            return statements(of: file.id, in: candidate)
        case .declarations(let declarations):
            return declare(declarations, in: file.id, warnings: parsed.diagnostics)
        case .change(.remove(let names, _)):
            var candidate = entries
            let removed: [Entry]
            do {
                removed = try candidate.remove(names)
            } catch {
                return failure([error.diagnostic])
            }
            return change(to: candidate, saying: removed.map { "removed \($0.description)" },
                          undo: "remove " + names.map(\.text).joined(separator: ", "))
        case .change(.amend(let target, let items, _)):
            guard let index = entries.index(named: target.text) else {
                return failure([unknown(target, "to amend")])
            }
            guard ["alliance", "member", "goal", "body"].contains(entries[index].kind) else {
                return failure([Diagnostic(
                    SessionDiagnostic.cannotAmend, "\(entries[index].description) cannot be amended", at: target.span,
                    help: "`amend` changes a member, body, goal or the alliance; redefine anything else by declaring it again")])
            }
            // The amended declaration is written out and read again, so that
            // it is one piece of source, as `:save` and `:show` need.
            let amended = sources.add(path: path, text: amendedText(of: entries[index], with: items), firstLine: line)
            let reparsed = Parser.parse(amended)
            commentsByFile[amended.id] = reparsed.syntax.comments
            guard let declaration = reparsed.syntax.declarations.first, reparsed.syntax.declarations.count == 1,
                  !reparsed.diagnostics.contains(where: { $0.severity == .error }) else {
                return failure(reparsed.diagnostics)
            }
            var candidate = entries
            candidate[index].declaration = declaration
            return change(to: candidate, saying: ["amended \(entries[index].description)"], undo: "amend \(target.text)")
        case .change:
            // The parser makes only `remove` and `amend` changes.
            return Reply()
        }
    }

    /// Declarations entered: stored (replacing what has their names), then
    /// their statements, checks and scenarios run.
    private func declare(_ declarations: [Declaration], in file: FileID, warnings: [Diagnostic]) -> Reply {
        if let site = declarations.lazy.compactMap({ if case .import(let d) = $0 { d } else { nil } }).first {
            return failure([Diagnostic(
                SessionDiagnostic.unknownName, "`import` is for files; the REPL loads them with `:load`", at: site.span,
                help: "`:load \(site.path.value)` adds the file's declarations to the model")])
        }
        let stored = declarations.filter { Entry($0).key != nil }
        var candidateEntries = entries
        let outcomes = candidateEntries.insert(stored)
        let asked = SourceFileSyntax(file: file, declarations: declarations.filter { Entry($0).key == nil },
                                     comments: [], recoveries: [])
        let candidate = build(candidateEntries, adding: asked.declarations.isEmpty ? nil : asked)
        guard !candidate.hasFindings(atOrAbove: .error) else { return failure(candidate.diagnostics) }

        var reply = Reply()
        reply.output = render(warnings.filter { $0.severity < .error })
        if !stored.isEmpty {
            let replacedKinds = Dictionary(entries.compactMap { entry in entry.key.map { ($0, entry) } }, uniquingKeysWith: { a, _ in a })
            let said = outcomes.map { entry, replaced in
                guard replaced, let old = entry.key.flatMap({ replacedKinds[$0] }) else { return "added \(entry.description)" }
                return old.kind == entry.kind ? "replaced \(entry.description)" : "replaced \(old.description) with \(entry.description)"
            }
            let before = program
            commit(candidateEntries, undo: said.joined(separator: ", "))
            reply.output += said.joined(separator: "\n") + "\n"
            reply.output += comparison(from: before)
        }
        let run = statements(of: file, in: candidate)
        reply.output += run.output
        reply.errors += run.errors
        reply.failed = run.failed
        return reply
    }

    /// Runs what the entry in `file` asks: shows, asserts, its checks and
    /// scenarios, and says the value of its `let`s.
    private func statements(of file: FileID, in candidate: Program) -> Reply {
        let budget = EvaluationBudget(isInterrupted: isInterrupted)
        let sources = candidate.sources
        let report = Interpreter.run(candidate.model, roots: [file], checksInRootsOnly: true, budget: budget) { span in
            String(decoding: sources[span.file].bytes[span.start..<span.end], as: UTF8.self)
        }
        var reply = Reply()
        reply.output = RunRenderer.text(report)
        let evaluator = Evaluator(model: candidate.model, budget: budget)
        for binding in candidate.model.bindings where binding.origin.span.file == file {
            if let value = try? evaluator.value(of: binding.name) { reply.output += "\(binding.name) = \(value)\n" }
        }
        if !report.diagnostics.isEmpty {
            reply.errors = render(report.diagnostics.sortedForDisplay())
            reply.failed = true
        }
        return reply
    }

    /// Accepts `candidate` as the model if it resolves without errors.
    private func change(to candidate: [Entry], saying said: [String], undo description: String) -> Reply {
        let built = build(candidate, adding: nil)
        guard !built.hasFindings(atOrAbove: .error) else { return failure(built.diagnostics) }
        let before = program
        commit(candidate, undo: description)
        return Reply(output: said.joined(separator: "\n") + "\n" + comparison(from: before))
    }

    /// Makes `candidate` the model, remembering the old one for `:undo`.
    private func commit(_ candidate: [Entry], undo description: String) {
        undoStack.append((description, entries))
        entries = candidate
        program = checked(build(candidate, adding: nil))
    }

    /// The program of `entries` (and one entry's statements), resolved.
    private func build(_ entries: [Entry], adding extra: SourceFileSyntax?) -> Program {
        var byFile: [FileID: [Declaration]] = [:]
        var order: [FileID] = []
        for entry in entries {
            let file = entry.declaration.span.file
            if byFile[file] == nil { order.append(file) }
            byFile[file, default: []].append(entry.declaration)
        }
        var syntax = order.map { SourceFileSyntax(file: $0, declarations: byFile[$0] ?? [], comments: commentsByFile[$0] ?? [], recoveries: []) }
        if let extra { syntax.append(extra) }
        return Program(sources: sources, syntax: syntax, roots: syntax.map(\.file))
    }

    private func checked(_ program: Program) -> Program {
        var program = program
        program.runChecks(configuration, isInterrupted: isInterrupted)
        checksInterrupted = isInterrupted()
        return program
    }

    // MARK: Replies

    func failure(_ diagnostics: [Diagnostic]) -> Reply {
        Reply(errors: render(diagnostics), failed: true)
    }

    func failure(_ message: String) -> Reply {
        Reply(errors: (scriptLocation.map { "\($0): " } ?? "") + paint("error", .red) + ": " + message + "\n", failed: true)
    }

    func render(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticRenderer(sources: sources, color: color).render(diagnostics)
    }

    private func unknown(_ name: Name, _ purpose: String) -> Diagnostic {
        let known = entries.compactMap(\.name)
        return Diagnostic(
            SessionDiagnostic.unknownName, "nothing called `\(name.text)` is in the model \(purpose)", at: name.span,
            help: Spelling.suggestion(for: name.text, among: known).map { "did you mean `\($0)`?" } ?? "`:list` lists what is declared")
    }

    enum Paint: String {
        case red = "31", green = "32", yellow = "33", cyan = "36", bold = "1", dim = "2"
    }

    func paint(_ text: String, _ paint: Paint) -> String {
        color == .ansi ? "\u{1B}[\(paint.rawValue)m\(text)\u{1B}[0m" : text
    }
}

// MARK: - Meta-commands

extension Session {
    private func run(_ command: MetaCommand) -> Reply {
        switch command {
        case .help: return Reply(output: MetaCommand.helpText)
        case .quit: return Reply(quit: true)
        case .load(let paths): return load(paths)
        case .check: return check()
        case .power(let body): return power(body)
        case .show(let name): return show(name)
        case .list(let kind): return list(kind)
        case .undo: return undo()
        case .reset:
            guard !entries.isEmpty else { return Reply(output: "the model is already empty\n") }
            commit([], undo: "reset")
            return Reply(output: "the model is empty now; `:undo` brings it back\n")
        case .save(let path, let force): return save(to: path, force: force)
        case .explain(let key):
            guard let text = Explanation.text(for: key) else { return failure(Explanation.unknown(key, listedBy: ":explain --list")) }
            return Reply(output: text)
        case .explainList: return Reply(output: Explanation.listing())
        case .whatIf:
            guard branch == nil else { return failure("a what-if is open already; `:keep` or `:drop` it first") }
            branch = Branch(baseEntries: entries, baseProgram: program, baseChecksInterrupted: checksInterrupted,
                            undoDepth: undoStack.count)
            return Reply(output: "what-if: change the model freely; each change is compared with the model as it was. `:keep` keeps the changes, `:drop` abandons them\n")
        case .keep:
            guard let open = branch else { return failure("no what-if is open; `:what-if` opens one") }
            branch = nil
            let changes = undoStack.count - open.undoDepth
            return Reply(output: "kept the what-if's \(changes) change\(changes == 1 ? "" : "s")\n")
        case .drop:
            guard let open = branch else { return failure("no what-if is open; `:what-if` opens one") }
            entries = open.baseEntries
            program = open.baseProgram
            checksInterrupted = open.baseChecksInterrupted
            undoStack.removeLast(undoStack.count - open.undoDepth)
            branch = nil
            return Reply(output: "dropped the what-if; the model is as it was before it\n")
        case .diff:
            guard let open = branch else { return failure("no what-if is open; `:what-if` opens one, and changes in it are compared with the model before it") }
            let text = comparison(from: open.baseProgram)
            return Reply(output: text.isEmpty ? "no findings or power figures differ from the model before the what-if\n" : text)
        case .transcript(let path): return writeTranscript(to: path)
        case .usage(let message): return failure(message)
        case .unknown(let name):
            let hint = Spelling.suggestion(for: name, among: MetaCommand.names).map { "; did you mean `:\($0)`?" } ?? "; `:help` lists the commands"
            return failure("unknown command `:\(name)`\(hint)")
        }
    }

    /// Adds files' declarations (and those of the files they import).
    public func load(_ paths: [String]) -> Reply {
        let parsed = Program.parse(paths: paths, reader: files, after: sources)
        if !parsed.unreadable.isEmpty {
            return failure(parsed.unreadable.map { "cannot read `\($0.path)`: \($0.error.description)" }.joined(separator: "\n"))
        }
        sources = parsed.sources
        guard !parsed.hasFindings(atOrAbove: .error) else { return failure(parsed.diagnostics) }
        var candidate = entries
        var outcomes: [(entry: Entry, replaced: Bool)] = []
        for file in parsed.syntax {
            commentsByFile[file.file] = file.comments
            outcomes += candidate.insert(file.declarations.filter { if case .import = $0 { false } else { true } })
        }
        let built = build(candidate, adding: nil)
        guard !built.hasFindings(atOrAbove: .error) else { return failure(built.diagnostics) }
        let before = program
        commit(candidate, undo: ":load " + paths.joined(separator: " "))
        for file in parsed.syntax { ownedFiles.insert(files.identity(of: parsed.sources[file.file].path)) }

        var counts: [String: Int] = [:]
        var kinds: [String] = []
        for (entry, _) in outcomes where entry.key != nil {
            if counts[entry.kind] == nil { kinds.append(entry.kind) }
            counts[entry.kind, default: 0] += 1
        }
        let summary = kinds.map { kind in plural(counts[kind] ?? 0, kind) }.joined(separator: ", ")
        var output = "loaded " + paths.map { "`\($0)`" }.joined(separator: ", ") + (summary.isEmpty ? "\n" : ": \(summary)\n")
        for (entry, replaced) in outcomes where replaced { output += "replaced \(entry.description)\n" }
        output += before.model.isEmpty ? findingsSummary() : comparison(from: before)
        return Reply(output: output)
    }

    private func findingsSummary() -> String {
        guard !checksInterrupted else { return Self.interruptedChecks }
        let findings = program.diagnostics
        guard !findings.isEmpty else { return "no findings\n" }
        let counts = Severity.allCases.reversed().compactMap { severity in
            let count = findings.count(of: severity)
            return count == 0 ? nil : plural(count, severity.description)
        }
        return counts.joined(separator: ", ") + "; `:check` shows them\n"
    }

    static let interruptedChecks = "the checks were interrupted, so the findings are not known; `:check` runs them again\n"

    private func check() -> Reply {
        if checksInterrupted { program = checked(build(entries, adding: nil)) }
        if checksInterrupted { return failure("the checks were interrupted again") }
        var reply = Reply()
        if program.checksSkipped {
            reply.output = render(program.diagnostics) + "the built-in checks did not run: the model cannot be evaluated whole\n"
            return reply
        }
        reply.output = render(program.diagnostics)
        let findings = program.diagnostics
        reply.output += findings.isEmpty ? "no findings\n" : findingsSummary().replacing("; `:check` shows them", with: "")
        return reply
    }

    private func power(_ body: String?) -> Reply {
        if let body, program.model.body(named: body) == nil {
            let names = program.model.bodies.map(\.name)
            let hint = Spelling.suggestion(for: body, among: names).map { "; did you mean `\($0)`?" }
                ?? (names.isEmpty ? "; no body is declared" : "; the bodies are " + names.map { "`\($0)`" }.joined(separator: ", "))
            return failure("there is no body `\(body)`\(hint)")
        }
        let report = PowerReport(model: program.model, body: body, workLimit: configuration.powerWorkLimit,
                                 isInterrupted: isInterrupted)
        if !report.errors.isEmpty { return failure(report.errors) }
        guard !report.tables.isEmpty else { return Reply(output: "no body with a decision rule is declared\n") }
        return Reply(output: report.text(color: color))
    }

    private func show(_ name: String) -> Reply {
        guard let index = entries.index(named: name) else {
            let hint = Spelling.suggestion(for: name, among: entries.compactMap(\.name)).map { "; did you mean `\($0)`?" }
                ?? "; `:list` lists what is declared"
            return failure("nothing called `\(name)` is in the model\(hint)")
        }
        return Reply(output: formatted(entries[index]) + "\n")
    }

    private func list(_ kind: String?) -> Reply {
        let kinds = ["alliance", "value", "principle", "tension", "member", "bloc", "goal", "body", "rule", "channel",
                     "check", "scenario", "let"]
        var wanted = kinds
        if let kind {
            let singular = kind == "bodies" ? "body" : kind.hasSuffix("s") ? String(kind.dropLast()) : kind
            guard kinds.contains(singular) else {
                let hint = Spelling.suggestion(for: singular, among: kinds).map { "; did you mean `\($0)`?" } ?? ""
                return failure("`\(kind)` is not a kind of declaration\(hint); the kinds are \(kinds.joined(separator: ", "))")
            }
            wanted = [singular]
        }
        var lines: [String] = []
        for kind in wanted {
            let names = entries.filter { $0.kind == kind }.map { entry in
                kind == "check" || kind == "scenario" || kind == "tension" ? String(entry.description.dropFirst(kind == "tension" ? 8 : kind.count + 1)) : entry.name ?? ""
            }
            guard !names.isEmpty else { continue }
            lines.append(paint(plural(names.count, kind), .bold) + ": " + names.joined(separator: ", "))
        }
        if lines.isEmpty { return Reply(output: kind == nil ? "the model is empty\n" : "no \(kind ?? "") declared\n") }
        return Reply(output: lines.joined(separator: "\n") + "\n")
    }

    private func undo() -> Reply {
        if let branch, undoStack.count <= branch.undoDepth {
            return failure("nothing to undo in this what-if; `:drop` abandons it")
        }
        guard let last = undoStack.popLast() else { return failure("nothing to undo") }
        let before = program
        entries = last.entries
        program = checked(build(entries, adding: nil))
        return Reply(output: "undid \(last.description)\n" + comparison(from: before))
    }

    private func save(to path: String, force: Bool) -> Reply {
        let identity = files.identity(of: path)
        if files.exists(path) && !force && !ownedFiles.contains(identity) {
            return failure("`\(path)` exists and was not loaded in this session; `:save --force \(path)` replaces it")
        }
        let text = sourceText()
        do {
            try files.writeAtomically(text, to: path)
        } catch {
            return failure("cannot write `\(path)`: \(error.reason)")
        }
        ownedFiles.insert(files.identity(of: path))
        let count = entries.count { $0.key != nil }
        return Reply(output: "saved \(plural(count, "declaration")) to `\(path)`\n")
    }

    private func writeTranscript(to path: String) -> Reply {
        var text = "# A Charter REPL session. Each `#>` line is an answer the session gave; replaying\n"
        text += "# the session checks them, and fails on any that differs:\n#\n#   charter repl < \(path)\n\n"
        for (input, output) in transcript {
            text += input + "\n"
            for line in output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                text += line.isEmpty ? "#>\n" : "#> \(line)\n"
            }
        }
        do {
            try files.writeAtomically(text, to: path)
        } catch {
            return failure("cannot write `\(path)`: \(error.reason)")
        }
        return Reply(output: "wrote \(plural(transcript.count, "entry")) to `\(path)`; `charter repl < \(path)` replays it\n")
    }
}

func plural(_ count: Int, _ noun: String) -> String {
    if count == 1 { return "1 \(noun)" }
    let plural = switch noun {
    case "body": "bodies"
    case "entry": "entries"
    case "let": "lets"
    default: noun + "s"
    }
    return "\(count) \(plural)"
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }

    /// The text without ANSI colour codes, as a transcript keeps it.
    var withoutEscapeCodes: String { replacing(/\u{1B}\[[0-9;]*m/, with: "") }
}

extension Model {
    var isEmpty: Bool {
        alliance == nil && values.isEmpty && principles.isEmpty && members.isEmpty && blocs.isEmpty && goals.isEmpty
            && bodies.isEmpty && rules.isEmpty && channels.isEmpty && checks.isEmpty && bindings.isEmpty
    }
}
