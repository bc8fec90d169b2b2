// A REPL session: the live model and everything the REPL can do to it, as
// a library. The shell (CharterREPL) reads lines, hands each complete entry
// to `handle`, and prints the reply; the session never prints, reads a
// terminal or touches a file except through `SessionFiles`.
//
// An entry is Charter (declarations, a `remove` or `amend`, an expression)
// or a meta-command (`:load`, `:power`, …). Every change is resolved before
// it is accepted: an entry with errors leaves the model as it was. A change
// is the edit a scenario's step is (`ModelEdit`): what it brings about
// elsewhere — a quota out of reach, a bloc left empty — is not an error but
// a finding of the changed model. After a change the built-in checks run
// again and the reply says which findings appeared and went — inside a
// what-if branch, against the branch's base, with the power figures that moved.

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
        /// Whether a file could not be read at all (for the exit code 2).
        public var couldNotRead = false
        /// The errors as a transcript records them: located as an
        /// interactive session shows them, not at a script's lines.
        var recordedErrors = ""
        /// The answer as a transcript records it, when it differs from the one
        /// shown: laid out to the plain width, so a replay without a terminal
        /// gives the same.
        var recordedOutput: String?
        /// Whether something the entry asked could not be evaluated.
        var hasEvaluationErrors = false
    }

    /// The files the session reads and writes.
    public let files: any SessionFiles
    public var configuration: CheckConfiguration
    /// The folder `:load`ed files may import from; without one, the folder
    /// of each file loaded.
    public var importRoot: String?
    /// Whether answers may carry ANSI colours.
    public var color: ColorMode
    /// The columns answers are laid out to: the terminal's, as the shell
    /// tells before each entry, or 80 when there is no terminal.
    public var width = PowerReport.plainWidth
    /// Asked during long evaluations; yes stops them (the shell's Ctrl-C).
    public var isInterrupted: @Sendable () -> Bool = { false }
    /// Told how far long work (checks, power) has got, for the shell to show.
    public var progress: WorkProgress?
    /// The power of bodies that did not change is not computed again after each entry.
    let powerMemory = PowerMemory()
    /// The members built for the model before, kept for the next change
    /// (none: every change builds every member, as a test compares).
    var buildMemory: BuildMemory? = BuildMemory()

    /// Where the session runs and which settings file it uses, so that a
    /// transcript can say how to replay it alike.
    public struct Recording: Sendable {
        public var directory: String
        public var configuration: String?
        public init(directory: String, configuration: String?) {
            self.directory = directory
            self.configuration = configuration
        }
    }
    public var recording: Recording?

    private(set) var sources = SourceMap()
    /// The comments of each file, attached by the parser to their
    /// declarations: a declaration removed or redefined takes its comments
    /// (and suppressions) with it, in `:save`, `:show` and the checks.
    private(set) var commentsByFile: [FileID: AttachedComments] = [:]
    /// The file on disk each loaded file is (its real path), to tell a file loaded again.
    private var fileIdentities: [FileID: String] = [:]
    private(set) var entries: [Entry] = [] {
        didSet { changes += 1 }
    }
    /// How many times the model changed, and how many times it had changed
    /// when it was last the same as a file: saved, or loaded into an empty session.
    private(set) var changes = 0
    private var changesSaved = 0

    /// Whether the model has changed since it was last saved (or loaded
    /// into an empty session), for the shell to ask before leaving.
    public var hasUnsavedChanges: Bool { changes != changesSaved && !entries.isEmpty }

    /// Whether a what-if is open and has changes of its own.
    public var whatIfHasChanges: Bool {
        branch.map { undoStack.count > $0.undoDepth || $0.forgottenChanges > 0 } ?? false
    }
    /// Every name a `remove` took out, with what it was: a check, `let` or
    /// rule as an edit left it still names it, as what it was (see `build`).
    /// Part of the state `:undo` and `:drop` go back to.
    private var removals: [String: [Removal]] = [:]
    /// The model of `entries`, resolved and checked.
    private(set) var program: Program
    private(set) var undoStack: [(description: String, entries: [Entry], removed: [String: [Removal]])] = []
    /// How many changes `:undo` can take back. Each keeps the list of
    /// declarations before it, so a long session on a large alliance would
    /// otherwise grow without end (about 150 KB a change at 1,000 members).
    static let undoLimit = 200
    var branch: Branch?
    /// What shows the model live (`:serve`), given by the shell.
    public var liveView: (any LiveView)?
    /// What the live view was last shown of, while it serves.
    var liveShown: LiveState?
    /// The last entry handled, on one line, for the live view to say what changed.
    var lastEntry: String?
    /// Whether Ctrl-C stopped the checks of the model as it is, so that its
    /// findings are incomplete until `:check` runs them again.
    private(set) var checksInterrupted = false
    /// Files named to `:load` (not those they import) or written by `:save`,
    /// which `:save` may replace; and files `:transcript` wrote, which it may.
    private var modelFiles: Set<String> = []
    /// Files `:load`ed, and those of them `:save` has written over since: a
    /// transcript's replay loads them as they are then, not as they were.
    private var loadedFiles: Set<String> = []
    private var savedOverLoaded: [String] = []
    private var transcriptFiles: Set<String> = []
    /// Each entry as typed, with its answer and errors as `:transcript` writes them.
    private var transcript: [(input: String, output: String, errors: String)] = []
    /// Where the entry being handled came from, when it came from a script,
    /// and the file it was read into: its errors are shown at the script's
    /// line, while its answers, which a transcript records, say `<input>`.
    private var scriptLocation: (path: String, line: Int)?
    private var entryFile: FileID?

    /// A what-if: the model it started from, to compare against and to go
    /// back to, and how far `:undo` may go inside it.
    struct Branch {
        var baseEntries: [Entry]
        var baseRemoved: [String: [Removal]]
        var baseProgram: Program
        var baseChecksInterrupted: Bool
        var undoDepth: Int
        /// The what-if's own changes that `:undo` can no longer reach.
        var forgottenChanges = 0
        /// The base's Banzhaf figures, once worked out.
        var basePower: [String: [String: String]]?
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

    /// Handles one complete entry. A script gives its `path` and the `line`
    /// the entry starts on, for the errors it reports.
    public func handle(_ text: String, path: String = "<input>", line: Int = 1) -> Reply {
        handle(bytes: Array(text.utf8), path: path, line: line)
    }

    /// Handles one complete entry as bytes, so that bytes that are not UTF-8
    /// are reported (E104) rather than silently replaced.
    public func handle(bytes: [UInt8], path: String = "<input>", line: Int = 1) -> Reply {
        let text = String(decoding: bytes, as: UTF8.self)
        let trimmed = text.trimmingWhitespace()
        // Nothing but comments (a transcript's answers pasted back, say) asks nothing.
        guard !trimmed.split(separator: "\n").allSatisfy({ String($0).trimmingWhitespace().hasPrefix("#") }) else { return Reply() }
        scriptLocation = path == "<input>" ? nil : (path, line)
        entryFile = nil
        lastEntry = Self.oneLine(trimmed)
        var reply: Reply
        var record = true
        var recorded: String?
        if MetaCommand.starts(trimmed) {
            let command = MetaCommand.parse(trimmed)
            reply = run(command)
            record = command.belongsInTranscript
            // Kept as a comment: a replay checks answers and never writes
            // over a file that may have been edited since.
            if case .save = command, !reply.failed {
                recorded = "# " + trimmed + "   (saved here; a replay does not write files)"
                reply.recordedOutput = ""
            }
        } else {
            reply = evaluate(bytes)
        }
        if record { remember(recorded ?? text, reply) }
        if let note = showIfChanged() {
            // Said, not recorded: a transcript's replay serves no page.
            reply.recordedOutput = reply.recordedOutput ?? reply.output
            reply.output += note
        }
        powerMemory.forgetUnused()
        return reply
    }

    /// Adds an entry to the transcript. An entry that was interrupted is
    /// kept without its answer, which depends on when the key was pressed,
    /// if it changed the model, and as a comment if it did not; an entry that
    /// was ended by an empty line before it was complete is written with that
    /// empty line, so the replay ends it there too.
    private func remember(_ text: String, _ reply: Reply) {
        var input = text.trimmingTrailingNewlines()
        if !MetaCommand.starts(input) && EntryCompleteness.needsMore(input) { input += "\n" }
        if isInterrupted() {
            // Interrupted before it was done, it changed nothing: kept as a
            // comment, which a replay reads past rather than waiting on.
            guard !reply.failed else {
                let commented = input.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }.joined(separator: "\n")
                transcript.append(("# interrupted with Ctrl-C before it was done, so not replayed:\n" + commented, "", ""))
                return
            }
            transcript.append((input, "", ""))
        } else {
            transcript.append((input, (reply.recordedOutput ?? reply.output).withoutEscapeCodes, reply.recordedErrors.withoutEscapeCodes))
        }
    }

    // MARK: Charter entries

    private func evaluate(_ bytes: [UInt8]) -> Reply {
        let file = sources.add(path: "<input>", bytes: bytes)
        entryFile = file.id
        let parsed = Parser.parseInput(file, maximumDepth: configuration.limits.nestingDepth)
        commentsByFile[file.id] = parsed.syntax.attached
        guard let input = parsed.input else { return failure(inEntry(parsed.diagnostics)) }
        switch input {
        case .expression(let expression):
            let show = SourceFileSyntax(file: file.id, declarations: [.show(ShowStmt(value: expression, span: expression.span))],
                                        recoveries: [])
            let candidate = build(entries, adding: show, written: [file.id])
            guard !candidate.hasFindings(atOrAbove: .error) else {
                return failure(candidate.diagnostics.map { Self.pointingAtCommands($0, expression) })
            }
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
            let spans = Dictionary(names.map { ($0.text, $0.span) }, uniquingKeysWith: { first, _ in first })
            if let problem = program.model.emptied(removing: Set(spans.keys), at: { spans[$0] ?? names[0].span }) {
                return failure([problem])
            }
            let gone = Set(removed.compactMap(\.name))
            var removedAfter = removals
            // What each name was, for what was written before now (every file so far).
            let now = FileID(sources.files.count)
            for name in gone {
                if let kind = program.model.symbols[name] { removedAfter[name, default: []].append(Removal(kind: kind, before: now)) }
            }
            let description = "remove " + gone.sorted().joined(separator: ", ")
            // A loaded file's `show` or `assert` about what goes is a question
            // that no longer has a subject: it goes too.
            var questions: [Entry] = []
            if candidate.contains(where: { $0.kind == "statement" }) {
                let uses = build(candidate, adding: nil, removed: removedAfter).removedUses
                questions = candidate.filter { entry in entry.kind == "statement" && uses.contains { entry.declaration.span.contains($0) } }
                candidate.removeAll { entry in entry.kind == "statement" && uses.contains { entry.declaration.span.contains($0) } }
            }
            if let problems = accept(candidate, undo: description, removed: removedAfter) {
                return failure(problems.map { stillNeeded($0, gone) })
            }
            var output = removed.map { "removed \($0.description)\n" }.joined()
            output += questions.map { "dropped `\(($0.key ?? "").dropFirst("statement ".count))`, which asked about it\n" }.joined()
            output += stillNamed(gone)
            output += scenarios(naming: gone)
            return Reply(output: output + comparison(from: undoneProgram))
        case .change(.amend(let target, let items, let span)):
            return amend(target, items, at: span)
        case .removeTitled(let title):
            guard let index = entries.firstIndex(where: { $0.key == "check \"\(title.value)\"" || $0.key == "scenario \"\(title.value)\"" }) else {
                let titles = entries.compactMap(\.title)
                return failure([Diagnostic(
                    SessionDiagnostic.unknownName, "no check or scenario is called \"\(title.value)\"", at: title.span,
                    help: Spelling.suggestion(for: title.value, among: titles).map { "did you mean \"\($0)\"?" }
                        ?? "`:list checks` and `:list scenarios` list them")])
            }
            var candidate = entries
            let removed = candidate.remove(at: index)
            if let problems = accept(candidate, undo: "remove \"\(title.value)\"") { return failure(problems) }
            return Reply(output: "removed \(removed.description)\n" + comparison(from: undoneProgram))
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
                SessionDiagnostic.importInSession, "`import` is for files; the REPL loads them with `:load`", at: site.span,
                help: "`:load \(site.path.value)` adds the file's declarations to the model")])
        }
        let stored = declarations.map { Entry($0) }.filter { $0.key != nil }
        var candidateEntries = entries
        let outcomes = candidateEntries.insert(stored)
        let asked = SourceFileSyntax(file: file, declarations: declarations.filter { Entry($0).key == nil },
                                     recoveries: [])
        let candidate = build(candidateEntries, adding: asked.declarations.isEmpty ? nil : asked, written: [file])
        guard !candidate.hasFindings(atOrAbove: .error) else { return failure(candidate.diagnostics) }

        // What the entry asks is answered first: an entry whose check, show or
        // scenario cannot be evaluated has an error, and changes nothing. A
        // check or assertion that does not hold is an answer, not an error.
        let run = statements(of: file, in: candidate)
        if run.hasEvaluationErrors { return run }
        var reply = Reply()
        reply.output = render(warnings.filter { $0.severity < .error })
        if !stored.isEmpty {
            let said = outcomes.map { entry, replaced in describe(entry, replaced: replaced) }
            if let problems = accept(candidateEntries, undo: said.joined(separator: ", "), written: [file]) {
                return failure(problems)
            }
            reply.output += said.joined(separator: "\n") + "\n"
            reply.output += comparison(from: undoneProgram)
        }
        reply.output += run.output
        reply.errors += run.errors
        reply.recordedErrors += run.recordedErrors
        reply.failed = run.failed
        return reply
    }

    /// `amend`: the declaration is written out with the items changed and
    /// read again, so that it stays one piece of source, as `:save` and
    /// `:show` need. What the amend typed is checked as written, as a
    /// scenario's `amend` step is (an unknown name, a quota out of reach, a
    /// `joined` stage the alliance has not reached); the rest of the
    /// declaration is as the edit left it, and what the edit brings about (a
    /// quota its new members cannot reach, a member that joined in a stage
    /// the alliance is no longer in) is a finding of the edited model. Errors
    /// point at what was typed where the step, checked alone, finds them.
    private func amend(_ target: Name, _ items: [Item], at span: Span) -> Reply {
        guard let index = entries.index(named: target.text) else {
            return failure([unknown(target, "to amend")])
        }
        guard ["alliance", "member", "goal", "body"].contains(entries[index].kind) else {
            return failure([Diagnostic(
                SessionDiagnostic.cannotAmend, "\(entries[index].description) cannot be amended", at: target.span,
                help: "`amend` changes a member, body, goal or the alliance; redefine anything else by declaring it again")])
        }
        let (text, typedRanges) = amendedText(of: entries[index], with: items)
        let amended = sources.add(path: "<amended \(target.text)>", text: text)
        let reparsed = Parser.parse(amended, maximumDepth: configuration.limits.nestingDepth)
        commentsByFile[amended.id] = reparsed.syntax.attached
        guard let declaration = reparsed.syntax.declarations.first, reparsed.syntax.declarations.count == 1,
              !reparsed.diagnostics.contains(where: { $0.severity == .error }) else {
            return failure(located(reparsed.diagnostics, amending: target, items, at: span) ?? reparsed.diagnostics)
        }
        var candidate = entries
        candidate[index].declaration = declaration
        let typed = typedRanges.map { Span(file: amended.id, start: $0.lowerBound, end: $0.upperBound) }
        if let problems = accept(candidate, undo: "amend \(target.text)", typed: typed) {
            return failure(located(problems, amending: target, items, at: span) ?? problems)
        }
        return Reply(output: "amended \(entries[index].description)\n" + comparison(from: undoneProgram))
    }

    /// The errors of an amend that was refused, found again at what was
    /// typed: the step checked alone, in a scenario of its own, over the
    /// model read as written (as `charter run` reads a file). nil when that
    /// finds none (what the amended declaration's text says stands).
    private func located(_ problems: [Diagnostic], amending target: Name, _ items: [Item], at span: Span) -> [Diagnostic]? {
        guard let file = entryFile else { return nil }
        let step = ScenarioDecl(title: StringLiteral(value: "amend", span: span), steps: [.amend(target, items, span: span)], span: span)
        let checking = build(entries.filter { $0.kind != "scenario" },
                             adding: SourceFileSyntax(file: file, declarations: [.scenario(step)], recoveries: []),
                             written: Set(entries.map(\.declaration.span.file)).union([file]))
        let found = checking.diagnostics.filter { $0.severity == .error && $0.span.file == file }
        return found.isEmpty ? nil : found
    }

    /// Runs what the entry in `file` asks: shows, asserts, its checks and
    /// scenarios, and says the value of its `let`s.
    private func statements(of file: FileID, in candidate: Program) -> Reply {
        let budget = EvaluationBudget(stepLimit: configuration.limits.evaluationSteps, isInterrupted: isInterrupted,
                                      powerMemory: powerMemory, limits: configuration.limits)
        let sources = candidate.sources
        // An expression typed over several lines is shown on one.
        let report = Interpreter.run(candidate.model, roots: [file], checksInRootsOnly: true, budget: budget,
                                     findings: candidate.findings(configuration, isInterrupted: isInterrupted,
                                                                  powerMemory: powerMemory)) { span in
            String(decoding: sources[span.file].bytes[span.start..<span.end], as: UTF8.self).replacing(/\s*\n\s*/, with: " ")
        }
        var shown = report
        // What could not be evaluated is said, with its reason, among the errors.
        shown.entries.removeAll { if case .unevaluated = $0.outcome { true } else { false } }
        var reply = Reply()
        reply.output = RunRenderer.text(shown)
        let evaluator = Evaluator(model: candidate.model, budget: budget)
        for binding in candidate.model.bindings where binding.origin.span.file == file {
            if let value = try? evaluator.value(of: binding.name) { reply.output += "\(binding.name) = \(value)\n" }
        }
        if !report.diagnostics.isEmpty {
            reply = Reply(output: reply.output, errors: renderErrors(report.diagnostics.sortedForDisplay()), failed: true,
                          recordedErrors: render(report.diagnostics.sortedForDisplay()),
                          hasEvaluationErrors: report.diagnostics.contains { !RunDiagnostic.all.contains($0.code) })
        }
        return reply
    }

    /// "added member `x`", "replaced member `x`", "replaced bloc `x` with value `x`".
    /// What loading a file with an alliance did to the alliance there was.
    private func allianceReplacement(_ old: Entry, by new: Entry) -> String {
        let file = { (entry: Entry) in "`\(Escaping.terminal(self.sources[entry.home].path))`" }
        return "\(file(new)) declares \(new.description), which replaced \(old.description) from \(file(old));"
            + " the rest of the model is kept, under the new alliance (`:reset` first to model it alone)"
    }

    private func describe(_ entry: Entry, replaced: Bool) -> String {
        guard replaced, let key = entry.key, let old = entries.first(where: { $0.key == key }) else { return "added \(entry.description)" }
        return old.kind == entry.kind && old.name == entry.name ? "replaced \(entry.description)"
            : "replaced \(old.description) with \(entry.description)"
    }

    /// Makes `candidate` the model, remembering the old one for `:undo`, if
    /// it resolves and evaluates without errors (every bloc, body and `let`:
    /// a change can break a `let` declared long before); otherwise returns the
    /// errors and changes nothing. `written` are the files of what the entry
    /// wrote (see `build`); the rest is as edits left it.
    private func accept(_ candidate: [Entry], undo description: String, written: Set<FileID> = [], typed: [Span] = [],
                        removed: [String: [Removal]]? = nil) -> [Diagnostic]? {
        let built = build(candidate, adding: nil, written: written, typed: typed, removed: removed)
        guard !built.hasFindings(atOrAbove: .error) else { return built.diagnostics.filter { $0.severity == .error } }
        let wereInterrupted = checksInterrupted
        let checkedProgram = checked(built)
        // Checks that did run but found a bloc or body that cannot be
        // evaluated: the model could not be used whole.
        if checkedProgram.checksSkipped && !checksInterrupted {
            checksInterrupted = wereInterrupted
            return checkedProgram.diagnostics.filter { $0.severity == .error }
        }
        let evaluator = Evaluator(model: built.model, budget: EvaluationBudget(
            stepLimit: configuration.limits.evaluationSteps, isInterrupted: isInterrupted, powerMemory: powerMemory,
            limits: configuration.limits))
        for binding in built.model.bindings {
            do throws(EvaluationError) {
                _ = try evaluator.value(of: binding.name)
            } catch {
                // A `let` that names what a `remove` took out says so when it
                // is asked, as in a scenario; the remove's reply lists it.
                if error.diagnostic.code == EvaluationDiagnostic.notInModel && built.removedUses.contains(error.diagnostic.span) {
                    continue
                }
                checksInterrupted = wereInterrupted
                return [error.diagnostic]
            }
        }
        undoStack.append((description, entries, removals))
        if undoStack.count > Self.undoLimit {
            // The oldest change can no longer be taken back; a what-if keeps
            // its own base, and how far `:undo` may go inside it moves down.
            undoStack.removeFirst()
            if var open = branch {
                if open.undoDepth > 0 { open.undoDepth -= 1 } else { open.forgottenChanges += 1 }
                branch = open
            }
        }
        undoneProgram = program
        entries = candidate
        if let removed { removals = removed }
        program = checkedProgram
        return nil
    }

    /// The model before the last change, to say what the change did.
    private var undoneProgram = Program(sources: SourceMap(), syntax: [], roots: [])

    /// The program of `entries` (and one entry's statements), resolved.
    /// `written` are the files of what the entry being handled wrote: typed,
    /// loaded or amended. The rest is the model as edits left it, so a quota
    /// that an edit put out of reach or a veto whose holder it unseated is a
    /// finding of the edited model (C804, C103), not an error; and its
    /// scenarios are left out: a scenario loaded or typed before asks about
    /// the model as it was then, and never blocks an edit — one that names
    /// what an edit removed is reported when it runs (`charter run`).
    private func build(_ entries: [Entry], adding extra: SourceFileSyntax?, written: Set<FileID> = [], typed: [Span] = [],
                       removed: [String: [Removal]]? = nil) -> Program {
        var byFile: [FileID: [Declaration]] = [:]
        var order: [FileID] = []
        // The resolver reads file by file, so a declaration rewritten into a
        // file of its own (amended, redefined) would move to its file's place:
        // see `displacedKinds` when the files of the entries interleave.
        var regrouped = false
        // Gathered a run of entries of one file at a time: the table is
        // looked at once a run, not once an entry.
        var run: (file: FileID, declarations: [Declaration])?
        func endRun() {
            guard let (file, declarations) = run else { return }
            if byFile[file] == nil { order.append(file) } else { regrouped = true }
            byFile[file, default: []] += declarations
        }
        // By index: a copy of each entry (its key, kind and declaration)
        // for a look at its declaration was a tenth of an entry's work.
        for index in entries.indices {
            let file = entries[index].declaration.span.file
            if case .scenario = entries[index].declaration, !written.contains(file) { continue }
            if run?.file != file {
                endRun()
                run = (file, [])
            }
            run!.declarations.append(entries[index].declaration)
        }
        endRun()
        var syntax = order.map { file in
            let declarations = byFile[file] ?? []
            // The comments of the declarations kept, and the file's own.
            return SourceFileSyntax(file: file, declarations: declarations, comments: commentsByFile[file] ?? AttachedComments(),
                                    recoveries: [])
        }
        if let extra { syntax.append(extra) }
        var program = Program(sources: sources, syntax: syntax, roots: syntax.map(\.file), edited: Set(order).subtracting(written),
                              typed: typed, removed: removed ?? removals, memory: buildMemory,
                              recordingUses: false)
        if regrouped { program.model.restoreOrder(of: entries, readAs: order) }
        return program
    }

    private func checked(_ program: Program) -> Program {
        var program = program
        program.runChecks(configuration, isInterrupted: isInterrupted, powerMemory: powerMemory, progress: progress)
        checksInterrupted = isInterrupted()
        return program
    }

    /// Resets the model to `candidate` without the checks of `accept`: for
    /// `:undo`, whose target was accepted once.
    private func restore(_ candidate: [Entry], removed: [String: [Removal]]) {
        undoneProgram = program
        entries = candidate
        removals = removed
        program = checked(build(candidate, adding: nil))
    }

    // MARK: Replies

    /// A command typed without its colon (`help`, `quit`, `exit`) is an
    /// unknown name to the language: the error says what was meant.
    private static func pointingAtCommands(_ diagnostic: Diagnostic, _ expression: Expr) -> Diagnostic {
        guard case .name(let name) = expression.kind, diagnostic.code == ResolverDiagnostic.unknownName,
              diagnostic.span == name.span else { return diagnostic }
        let commands = ["help": ":help", "quit": ":quit", "exit": ":quit", "q": ":quit", "load": ":load", "save": ":save",
                        "undo": ":undo", "power": ":power", "check": ":check", "list": ":list"]
        guard let command = commands[name.text] else { return diagnostic }
        var pointed = diagnostic
        pointed.help = "the REPL's commands start with a colon: did you mean `\(command)`? (`:help` lists them all)"
        return pointed
    }

    func failure(_ diagnostics: [Diagnostic]) -> Reply {
        Reply(errors: renderErrors(diagnostics), failed: true, recordedErrors: render(diagnostics))
    }

    /// A failure in words. Its names came from the entry, a script or a
    /// file: each line is escaped for the terminal.
    func failure(_ message: String) -> Reply {
        let error = paint("error", .red) + ": " + Escaping.terminalLines(message) + "\n"
        return Reply(errors: (scriptLocation.map { "\(Escaping.terminal($0.path)):\($0.line): " } ?? "") + error, failed: true,
                     recordedErrors: error)
    }


    /// Diagnostics for an answer: every entry typed says `<input>`.
    func render(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticRenderer(sources: sources, color: color).render(diagnostics)
    }

    /// Diagnostics for the errors of the entry being handled: in a script,
    /// the entry is shown at its own path and lines.
    private func renderErrors(_ diagnostics: [Diagnostic]) -> String {
        guard let scriptLocation, let entryFile else { return render(diagnostics) }
        var located = SourceMap()
        for file in sources.files {
            if file.id == entryFile {
                located.add(path: scriptLocation.path, bytes: file.bytes, firstLine: scriptLocation.line)
            } else {
                located.add(path: file.path, bytes: file.bytes, firstLine: file.firstLine)
            }
        }
        return DiagnosticRenderer(sources: located, color: color).render(diagnostics)
    }

    /// An incomplete entry ends where the input does, not at the end of a file.
    private func inEntry(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.message = diagnostic.message.replacing("found the end of the file", with: "found the end of the entry")
            return diagnostic
        }
    }

    /// The scenarios kept from earlier entries that name something in
    /// `gone`, each said once: a `remove` does not wait for them (they ask
    /// about the model they were written against), and each says what it
    /// misses, located, when it runs.
    private func scenarios(naming gone: Set<String>) -> String {
        let scenarios = entries.filter { $0.kind == "scenario" }
        guard !scenarios.isEmpty else { return "" }
        let resolved = build(entries, adding: nil, written: Set(scenarios.map(\.declaration.span.file)))
        return scenarios.compactMap { scenario in
            let missed = resolved.diagnostics.compactMap { diagnostic -> String? in
                guard diagnostic.code == ResolverDiagnostic.unknownName, scenario.declaration.span.contains(diagnostic.span) else { return nil }
                let source = sources[diagnostic.span.file]
                let text = String(decoding: source.bytes[diagnostic.span.start..<diagnostic.span.end], as: UTF8.self)
                return gone.contains(text) ? text : nil
            }
            guard !missed.isEmpty else { return nil }
            let names = Array(Set(missed)).sorted().map { "`\(Escaping.terminal($0))`" }.joined(separator: ", ")
            return "\(Escaping.terminal(scenario.description)) names \(names), no longer in the model; it says so when it runs\n"
        }.joined()
    }

    /// An error of a `remove` that is not taken: a query that selects the
    /// members of a bloc or body whenever the model changes names what would
    /// go (a scenario stops at its next step with it), said as a refusal.
    private func stillNeeded(_ diagnostic: Diagnostic, _ gone: Set<String>) -> Diagnostic {
        let span = diagnostic.span
        let text = String(decoding: sources[span.file].bytes[span.start..<span.end], as: UTF8.self)
        guard diagnostic.code == EvaluationDiagnostic.notInModel, gone.contains(text) else { return diagnostic }
        return Diagnostic(EvaluationDiagnostic.notInModel,
                          "`\(text)` cannot be removed: the members of a bloc or body are worked out with it, whenever the model changes",
                          at: span, help: "change what uses `\(text)` here first, or remove that too; the model is as it was")
    }

    /// The declarations of the model that still name something in `gone`
    /// where it is not in a list (a check, a
    /// `let`, a rule's actor, a query), each said once: as in a scenario's
    /// model, a check or `let` says what it misses, located, when it is
    /// evaluated (E609).
    private func stillNamed(_ gone: Set<String>) -> String {
        func text(_ span: Span) -> String { String(decoding: sources[span.file].bytes[span.start..<span.end], as: UTF8.self) }
        let uses = program.removedUses.filter { gone.contains(text($0)) }
        guard !uses.isEmpty else { return "" }
        return entries.compactMap { entry -> String? in
            let named = uses.filter { entry.declaration.span.contains($0) }.map(text)
            guard !named.isEmpty else { return nil }
            let names = Array(Set(named)).sorted().map { "`\(Escaping.terminal($0))`" }.joined(separator: ", ")
            let evaluated = entry.kind == "check" || entry.kind == "let" ? "; it says so when it is evaluated" : ""
            return "\(Escaping.terminal(entry.description)) names \(names), no longer in the model\(evaluated)\n"
        }.joined()
    }

    private func unknown(_ name: Name, _ purpose: String) -> Diagnostic {
        let known = entries.compactMap(\.name)
        return Diagnostic(
            SessionDiagnostic.unknownName, "nothing called `\(name.text)` is in the model \(purpose)", at: name.span,
            help: Spelling.suggestion(for: name.text, among: known).map { "did you mean `\($0)`?" } ?? "`:list` lists what is declared")
    }

    enum Paint: String {
        case red = "31", green = "32", yellow = "33", cyan = "36", bold = "1"
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
        case .serve(let argument): return serve(argument)
        case .show(let name): return show(name)
        case .list(let kind): return list(kind)
        case .undo: return undo()
        case .reset:
            guard !entries.isEmpty else { return Reply(output: "the model is already empty\n") }
            _ = accept([], undo: "reset")
            return Reply(output: "the model is empty now; `:undo` brings it back\n")
        case .save(let path, let force): return save(to: path, force: force)
        case .explain(let key):
            let explanation = Explanation(codes: .all)
            guard let text = explanation.text(for: key) else { return failure(explanation.unknown(key, listedBy: ":explain --list")) }
            return Reply(output: text)
        case .explainList: return Reply(output: Explanation.listing())
        case .whatIf:
            guard branch == nil else { return failure("a what-if is open already; `:keep` or `:drop` it first") }
            branch = Branch(baseEntries: entries, baseRemoved: removals, baseProgram: program, baseChecksInterrupted: checksInterrupted,
                            undoDepth: undoStack.count)
            return Reply(output: "what-if: change the model freely; each change is compared with the model as it was. `:keep` keeps the changes, `:drop` abandons them\n")
        case .keep:
            guard let open = branch else { return failure("no what-if is open; `:what-if` opens one") }
            branch = nil
            let changes = undoStack.count - open.undoDepth + open.forgottenChanges
            return Reply(output: "kept the what-if's \(changes) change\(changes == 1 ? "" : "s")\n")
        case .drop:
            guard let open = branch else { return failure("no what-if is open; `:what-if` opens one") }
            entries = open.baseEntries
            removals = open.baseRemoved
            program = open.baseProgram
            checksInterrupted = open.baseChecksInterrupted
            undoStack.removeLast(undoStack.count - open.undoDepth)
            branch = nil
            return Reply(output: "dropped the what-if; the model is as it was before it\n")
        case .diff:
            guard let open = branch else { return failure("no what-if is open; `:what-if` opens one, and changes in it are compared with the model before it") }
            // Everything that differs: the declarations, as `charter diff` lists them, then findings and power.
            let changes = DriftReport.declarationChanges(open.baseProgram, program)
            let text = (changes.isEmpty ? "" : DriftReport.text(of: changes)) + comparison(from: open.baseProgram)
            return Reply(output: text.isEmpty ? "nothing differs from the model before the what-if\n" : text)
        case .transcript(let path, let force): return writeTranscript(to: path, force: force)
        case .usage(let message): return failure(message)
        case .unknown(let name):
            let hint = Spelling.suggestion(for: name, among: MetaCommand.names).map { "; did you mean `:\($0)`?" } ?? "; `:help` lists the commands"
            return failure("unknown command `:\(name)`\(hint)")
        }
    }

    /// Adds files' declarations (and those of the files they import). A
    /// file's `show` and `assert` statements are kept for `:save` (keyed by
    /// their text, so loading the file again does not double them) but not run.
    public func load(_ paths: [String]) -> Reply {
        let reply = loadReply(paths)
        remember(":load " + paths.map(MetaCommand.quoted).joined(separator: " "), reply)
        return reply
    }

    private func loadReply(_ paths: [String]) -> Reply {
        let parsed = Program.parse(paths: paths, reader: files, after: sources, limits: configuration.limits, root: importRoot)
        if !parsed.unreadable.isEmpty {
            var reply = failure(parsed.unreadable.map { "cannot read `\(Escaping.terminal($0.path))`: \(Escaping.terminal($0.error.description))" }.joined(separator: "\n"))
            reply.couldNotRead = true
            return reply
        }
        sources = parsed.sources
        guard !parsed.hasFindings(atOrAbove: .error) else { return failure(parsed.diagnostics) }
        // Loading a file again replaces what it gave before, whatever it says now.
        let identities = Set(parsed.syntax.map { files.identity(of: parsed.sources[$0.file].path) })
        // An amended entry is its file's still (`home`), though its text is a file of its own.
        var candidate = entries.filter { entry in fileIdentities[entry.home].map { !identities.contains($0) } ?? true }
        var loaded: [Entry] = []
        for file in parsed.syntax {
            fileIdentities[file.file] = files.identity(of: parsed.sources[file.file].path)
            // Imports are not kept (their files' declarations are): their comments go with what follows.
            var comments = file.attached
            var heir: Span?
            for declaration in file.declarations.reversed() {
                if case .import = declaration { comments.handOver(from: declaration.span, to: heir) } else { heir = declaration.span }
            }
            commentsByFile[file.file] = comments
            let source = parsed.sources[file.file]
            loaded += file.declarations.compactMap { declaration in
                switch declaration {
                case .import: return nil
                case .show, .assert:
                    let text = String(decoding: source.bytes[declaration.span.start..<declaration.span.end], as: UTF8.self)
                    return Entry(declaration, statementText: text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
                default: return Entry(declaration)
                }
            }
        }
        // A second alliance replaces the first, and the rest of the model is
        // kept under it: said plainly, since what follows from it (members
        // joined at a stage the new alliance has not reached) is about the first's declarations.
        let replacedAlliance = candidate.first { $0.kind == "alliance" }.flatMap { old in
            loaded.first { $0.kind == "alliance" }.map { (old: old, new: $0) }
        }
        // All at once, so that two files declaring one name are reported, not merged.
        let outcomes = candidate.insert(loaded)
        let wasEmpty = entries.isEmpty
        if let problems = accept(candidate, undo: ":load " + paths.joined(separator: " "), written: Set(parsed.syntax.map(\.file))) {
            var reply = failure(problems)
            // Said only when errors point outside the files loaded: into what
            // the session had, read under the new alliance.
            let loadedFiles = Set(parsed.syntax.map(\.file))
            if let replacedAlliance, problems.contains(where: { !loadedFiles.contains($0.span.file) }) {
                let note = paint("note", .cyan) + ": " + allianceReplacement(replacedAlliance.old, by: replacedAlliance.new)
                    + "; the errors above in what the session had come from that, and nothing was loaded\n"
                reply.errors += note
                reply.recordedErrors += note
            }
            return reply
        }
        for path in paths {
            modelFiles.insert(files.identity(of: path))
            loadedFiles.insert(files.identity(of: path))
        }
        if wasEmpty { changesSaved = changes }

        var counts: [String: Int] = [:]
        var kinds: [String] = []
        for (entry, _) in outcomes where entry.kind != "statement" {
            if counts[entry.kind] == nil { kinds.append(entry.kind) }
            counts[entry.kind, default: 0] += 1
        }
        let summary = kinds.map { kind in plural(counts[kind] ?? 0, kind) }.joined(separator: ", ")
        var output = "loaded " + paths.map { "`\(Escaping.terminal($0))`" }.joined(separator: ", ") + (summary.isEmpty ? "\n" : ": \(summary)\n")
        for (entry, replaced) in outcomes where replaced && entry.kind != "statement" {
            if entry.kind == "alliance", let replacedAlliance {
                output += allianceReplacement(replacedAlliance.old, by: replacedAlliance.new) + "\n"
            } else {
                output += describe(entry, replaced: true) + "\n"
            }
        }
        output += wasEmpty ? findingsSummary() : comparison(from: undoneProgram)
        return Reply(output: output)
    }

    private func findingsSummary() -> String {
        guard !checksInterrupted else { return Self.interruptedChecks }
        let report = LintReport(checked: program, configuration: configuration)
        guard !report.findings.isEmpty else { return "no findings\n" }
        let counts = Severity.allCases.reversed().compactMap { severity in
            let count = report.count(severity)
            return count == 0 ? nil : plural(count, severity.description)
        }
        return counts.joined(separator: ", ") + (report.findings.count == 1 ? "; `:check` shows it\n" : "; `:check` shows them\n")
    }

    static let interruptedChecks = "the checks were interrupted, so the findings are not known; `:check` runs them again\n"

    private func check() -> Reply {
        if checksInterrupted { program = checked(build(entries, adding: nil)) }
        if checksInterrupted { return failure("the checks were interrupted again") }
        var reply = Reply()
        // What `charter check` would report of the model.
        let report = LintReport(checked: program, configuration: configuration)
        if report.skipped > 0 {
            reply.output = render(report.findings) + "the built-in checks did not run: the model cannot be evaluated whole\n"
            return reply
        }
        reply.output = render(report.findings)
        reply.output += report.findings.isEmpty ? "no findings\n" : findingsSummary().replacing(/; `:check` shows (them|it)/, with: "")
        return reply
    }

    private func power(_ body: String?) -> Reply {
        if let body, program.model.body(named: body) == nil {
            let names = program.model.bodies.map(\.name)
            let hint = Spelling.suggestion(for: body, among: names).map { "; did you mean `\($0)`?" }
                ?? (names.isEmpty ? "; no body is declared" : "; the bodies are " + names.map { "`\($0)`" }.joined(separator: ", "))
            return failure("there is no body `\(body)`\(hint)")
        }
        let report = PowerReport(model: program.model, body: body, workLimit: configuration.requestedPowerWorkLimit,
                                 stepLimit: configuration.limits.evaluationSteps, isInterrupted: isInterrupted, powerMemory: powerMemory,
                                 progress: progress)
        if !report.errors.isEmpty { return failure(report.errors) }
        guard !report.tables.isEmpty else { return Reply(output: "no body with a decision rule is declared\n") }
        var reply = Reply(output: report.text(color: color, width: width))
        if width != PowerReport.plainWidth { reply.recordedOutput = report.text(color: color, width: PowerReport.plainWidth) }
        return reply
    }

    private func show(_ name: String) -> Reply {
        guard let index = entries.index(named: name) else {
            let hint = Spelling.suggestion(for: name, among: entries.compactMap(\.name)).map { "; did you mean `\($0)`?" }
                ?? "; `:list` lists what is declared"
            return failure("nothing called `\(name)` is in the model\(hint)")
        }
        // The declaration as written in a file: its texts may hold controls.
        return Reply(output: Escaping.terminalLines(formatted(entries[index])) + "\n")
    }

    private func list(_ kind: String?) -> Reply {
        let kinds = ["alliance", "value", "principle", "tension", "member", "bloc", "goal", "body", "rule", "channel",
                     "check", "scenario", "let"]
        var wanted = kinds
        if let kind {
            let singular = kind == "bodies" ? "body" : kind.hasSuffix("s") ? String(kind.dropLast()) : kind
            guard kinds.contains(singular) else {
                let hint = Spelling.suggestion(for: singular, among: kinds).map { " (did you mean `\($0)`?)" } ?? ""
                return failure("`\(kind)` is not a kind of declaration\(hint); the kinds are \(kinds.joined(separator: ", "))")
            }
            wanted = [singular]
        }
        var lines: [String] = []
        for kind in wanted {
            let names = entries.filter { $0.kind == kind }.map { entry in
                entry.title.map { "\"\(Escaping.terminal($0))\"" } ?? (kind == "tension" ? String(entry.description.dropFirst("tension ".count)) : entry.name ?? "")
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
        restore(last.entries, removed: last.removed)
        return Reply(output: "undid \(last.description)\n" + comparison(from: undoneProgram))
    }

    /// Writes `text` to `path`, unless that would replace a file other than
    /// `owned` and `force` was not given.
    private func write(_ text: String, to path: String, force: Bool, owned: inout Set<String>,
                       command: String, refusal: String) -> Reply? {
        if files.entries(of: path) != nil { return failure("`\(path)` is a directory") }
        if files.exists(path) && !force && !owned.contains(files.identity(of: path)) {
            return failure("`\(path)` exists and \(refusal); `:\(command) --force \(MetaCommand.quoted(path))` replaces it")
        }
        do {
            try files.writeAtomically(text, to: path)
        } catch {
            return failure("cannot write `\(path)`: \(error.reason)")
        }
        owned.insert(files.identity(of: path))
        return nil
    }

    private func save(to path: String, force: Bool) -> Reply {
        let text = sourceText()
        if let failed = write(text, to: path, force: force, owned: &modelFiles, command: "save",
                              refusal: "is not a file this session loaded or saved") { return failed }
        changesSaved = changes
        let count = entries.count { $0.kind != "statement" }
        var output = "saved \(plural(count, "declaration")) to `\(Escaping.terminal(path))`\n"
        // Once for each file: saving over the file loaded is how a model is kept.
        if loadedFiles.contains(files.identity(of: path)) && !savedOverLoaded.contains(path) {
            savedOverLoaded.append(path)
            output += paint("note", .cyan) + ": this session loaded `\(Escaping.terminal(path))`; its transcript, replayed,"
                + " loads the file as saved now, so its answers from that `:load` on may differ\n"
        }
        // A change the session takes can leave what a file may not say: a
        // quota out of reach after a remove, a scenario that names what was
        // removed. The file is saved as the model is, and says so.
        let asFile = Program.load(paths: [path], reader: MemoryReader(files: [path: Array(text.utf8)]),
                                  limits: configuration.limits)
        let errors = asFile.diagnostics.filter { $0.severity >= .error }
        if !errors.isEmpty {
            output += paint("warning", .yellow) + ": read as a file, it has \(plural(errors.count, "error")),"
                + " which `charter check` will report; the model in the session is as it was\n"
            output += DiagnosticRenderer(sources: asFile.sources, color: color).render(errors)
        }
        // What still names a removed thing says so in the session; read as a
        // file, the name is unknown (E301, above) or, declared again since,
        // means what has it now, which nothing would say.
        let named = stillNamed(Set(removals.keys.filter { program.model.symbols[$0] != nil }))
        if !named.isEmpty {
            output += paint("warning", .yellow) + ": read as a file, these name what has the name now, not what was removed:\n" + named
        }
        return Reply(output: output)
    }

    /// The session as a script: each entry, then its answer as `#>` lines
    /// and its errors as `#!` lines.
    private func writeTranscript(to path: String, force: Bool) -> Reply {
        var text = "# A Charter REPL session. The `#>` lines are the answers it gave, the `#!` lines its\n"
        text += "# errors; replaying it checks that each is still the same, and fails on any that is not:\n#\n"
        let settings = recording?.configuration.map { " --config \(Self.shellQuoted($0))" } ?? ""
        text += "#   charter repl\(settings) < \(Self.shellQuoted(path))\n"
        if let directory = recording?.directory {
            text += "#\n# from \(directory), where it was recorded: the files it loads are named from there.\n"
        }
        for saved in savedOverLoaded {
            text += "#\n# It saved over \(Escaping.terminal(saved)), which it had loaded: replayed, it loads the file as saved,\n"
            text += "# so the answers from that `:load` on may differ from those recorded.\n"
        }
        text += "\n"
        func lines(_ answer: String, _ marker: String) -> String {
            answer.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                .map { $0.isEmpty ? marker + "\n" : "\(marker) \($0)\n" }.joined()
        }
        for (input, output, errors) in transcript {
            text += input + "\n" + lines(output, "#>") + lines(errors, "#!")
        }
        if let failed = write(text, to: path, force: force, owned: &transcriptFiles, command: "transcript",
                              refusal: "is not a transcript this session wrote") { return failed }
        return Reply(output: "wrote \(plural(transcript.count, "entry")) to `\(path)`; `charter repl\(settings) < \(Self.shellQuoted(path))` replays it\n")
    }

    /// A path as a shell reads it: in single quotes when it holds anything
    /// but letters, digits and `/._-`.
    static func shellQuoted(_ path: String) -> String {
        guard path.contains(where: { !($0.isLetter || $0.isNumber || "/._-".contains($0)) }) else { return path }
        return "'" + path.replacing("'", with: "'\\''") + "'"
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

extension Model {
    /// Puts the things of each list back in the order of `entries`, which
    /// the resolver read file by file, in the order of `files`: a thing
    /// amended or redefined (its declaration a file of its own) stands where
    /// its entry does, as a scenario's edit keeps a thing where it stands.
    /// A list that does not hold one thing per entry of its kind (a program
    /// with errors, which is never taken) is left as it is.
    fileprivate mutating func restoreOrder(of entries: [Entry], readAs files: [FileID]) {
        var fileIndex: [FileID: Int] = [:]
        for (index, file) in files.enumerated() { fileIndex[file] = index }
        // For each kind, the entries' files in the entries' order (a file
        // looked up once for each run of entries from it).
        enum Kind: Int, CaseIterable { case value, principle, tension, member, bloc, goal, body, rule, channel, check, binding }
        var filesOfKind = Array(repeating: [Int](), count: Kind.allCases.count)
        var last: (file: FileID, index: Int?)?
        for index in entries.indices {
            let kind: Kind? = switch entries[index].declaration {
            case .value: .value
            case .principle: .principle
            case .tension: .tension
            case .member: .member
            case .bloc: .bloc
            case .goal: .goal
            case .body: .body
            case .rule: .rule
            case .channel: .channel
            case .check: .check
            case .let: .binding
            case .alliance, .scenario, .import, .show, .assert, .bad: nil
            }
            guard let kind else { continue }
            let file = entries[index].declaration.span.file
            if last?.file != file { last = (file, fileIndex[file]) }
            guard let index = last?.index else { continue }
            filesOfKind[kind.rawValue].append(index)
        }
        func restore<T>(_ kind: Kind, _ list: inout [T]) {
            let read = filesOfKind[kind.rawValue]
            guard read.count == list.count, zip(read, read.dropFirst()).contains(where: { $0 > $1 }) else { return }
            // The resolver's list is the entries of each file in turn: the
            // k-th entry of a file is at that file's start plus k.
            var start = Array(repeating: 0, count: files.count + 1)
            for index in read { start[index + 1] += 1 }
            for index in files.indices { start[index + 1] += start[index] }
            let resolved = list
            for (rank, index) in read.enumerated() {
                list[rank] = resolved[start[index]]
                start[index] += 1
            }
        }
        restore(.value, &values)
        restore(.principle, &principles)
        restore(.tension, &tensions)
        restore(.member, &members)
        restore(.bloc, &blocs)
        restore(.goal, &goals)
        restore(.body, &bodies)
        restore(.rule, &rules)
        restore(.channel, &channels)
        restore(.check, &checks)
        restore(.binding, &bindings)
    }
}
