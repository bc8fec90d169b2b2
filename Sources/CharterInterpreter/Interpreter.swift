// Running a program: the statements of the files named on the command line,
// in source order — `let` bindings, `show`, `assert`, `scenario` — and every
// user `check` of the alliance, wherever it is declared (imported files
// contribute declarations and their checks, not their statements). A
// scenario applies its steps, as the resolver planned them, to a copy of the
// model: the base model is untouched and scenarios are independent. All the
// evaluators of one run share one budget of steps and power work.

import CharterDiagnostics
import CharterEvaluation
import CharterModel
import CharterSyntax

public enum RunDiagnostic {
    public static let checkFailed = DiagnosticCode("R001", "check-failed")
    public static let assertionFailed = DiagnosticCode("R002", "assertion-failed")
    public static let expectationFailed = DiagnosticCode("R003", "expectation-failed")

    public static let all: [DiagnosticCode] = [checkFailed, assertionFailed, expectationFailed]
}

/// The built-in findings of a model, or the errors that kept the checks
/// from running on it (a bloc a scenario added that cannot be evaluated).
public enum Findings: Sendable {
    case found([Diagnostic])
    case notChecked([Diagnostic])
}

/// What running a program produced.
public struct RunReport: Sendable {
    public enum Outcome: Sendable {
        /// A `show`: the expression as written and its value, with the members
        /// it names as they were then (a scenario may have changed them).
        case shown(expression: String, value: EvaluatedValue, members: [Member])
        /// A user check, by title.
        case check(title: String, passed: Bool)
        /// An `assert`, with its message if it has one.
        case assertion(message: String?, passed: Bool)
        /// A scenario begins; the entries after it, one level deeper, are its steps.
        case scenario(title: String)
        /// A scenario's `expect`, as written; for `expect check`, the check's
        /// title and whether it was expected to pass.
        case expectation(description: String, passed: Bool, check: (title: String, passes: Bool)?)
        /// A statement whose evaluation failed; the diagnostic says why.
        case unevaluated(description: String)
        /// At a scenario's end: the built-in findings its changes brought
        /// and took away, compared with the model before it.
        case findings(appeared: [Diagnostic], went: [Diagnostic])
    }

    public struct Entry: Sendable {
        public var outcome: Outcome
        /// The statement.
        public var span: Span
        /// 1 inside a scenario.
        public var depth = 0
    }

    public var entries: [Entry] = []
    /// Failed checks, assertions and expectations, and evaluation errors, each once.
    public var diagnostics: [Diagnostic] = []

    /// Whether anything failed: a check, an assertion, an expectation or an evaluation.
    public var failed: Bool { !diagnostics.isEmpty }

    /// How many entries held and failed, of one kind.
    public func tally(_ kind: (Outcome) -> Bool?) -> (held: Int, failed: Int) {
        entries.reduce((0, 0)) { total, entry in
            guard let passed = kind(entry.outcome) else { return total }
            return passed ? (total.0 + 1, total.1) : (total.0, total.1 + 1)
        }
    }

    public var checks: (held: Int, failed: Int) { tally { if case .check(_, let passed) = $0 { passed } else { nil } } }
    public var assertions: (held: Int, failed: Int) { tally { if case .assertion(_, let passed) = $0 { passed } else { nil } } }
    public var expectations: (held: Int, failed: Int) { tally { if case .expectation(_, let passed, _) = $0 { passed } else { nil } } }
    public var scenarios: Int { tally { if case .scenario = $0 { true } else { nil } }.held }

    mutating func append(_ outcome: Outcome, at span: Span, depth: Int) {
        entries.append(Entry(outcome: outcome, span: span, depth: depth))
    }

    /// Adds a diagnostic unless the same one (code and place) is there already:
    /// an error in a `let` that three statements use is one error.
    mutating func report(_ diagnostic: Diagnostic) {
        guard !diagnostics.contains(where: { $0.code == diagnostic.code && $0.span == diagnostic.span }) else { return }
        diagnostics.append(diagnostic)
    }
}

public enum Interpreter {
    /// Runs a model's statements. `roots` are the files whose statements run;
    /// every user check runs, or with `checksInRootsOnly` only those declared
    /// in them (the REPL runs a check when it is entered, not at every entry).
    /// `text` gives the source text of a span, to show an expression as written.
    /// `findings` runs the built-in checks on a model (the project layer
    /// knows the checks, their settings and the suppressions): a scenario's
    /// `expect finding` asks it, and each scenario's end lists what it
    /// changed; without it, those steps cannot be answered.
    public static func run(_ model: Model, roots: Set<FileID>, checksInRootsOnly: Bool = false,
                           budget: EvaluationBudget = EvaluationBudget(), findings: ((Model) -> Findings)? = nil,
                           text: @escaping (Span) -> String) -> RunReport {
        let run = Run(text: text, budget: budget, findings: findings)
        let evaluator = Evaluator(model: model, budget: run.budget)
        for error in evaluator.evaluateSelections() { run.report.report(error) }
        guard run.report.diagnostics.isEmpty else { return run.report }

        enum Step { case statement(RunStatement), check(UserCheck), binding(LetBinding), scenario(ScenarioPlan) }
        var steps: [(span: Span, step: Step)] = []
        for statement in model.statements where roots.contains(statement.span.file) { steps.append((statement.span, .statement(statement))) }
        for binding in model.bindings where roots.contains(binding.origin.span.file) { steps.append((binding.origin.span, .binding(binding))) }
        for plan in model.scenarioPlans where roots.contains(plan.span.file) { steps.append((plan.span, .scenario(plan))) }
        for check in model.checks where !checksInRootsOnly || roots.contains(check.span.file) {
            steps.append((check.span, .check(check)))
        }
        steps.sort { ($0.span.file, $0.span.start) < ($1.span.file, $1.span.start) }

        for (span, step) in steps {
            switch step {
            case .binding(let binding):
                // Worked out here, so that its errors are reported where it is declared.
                run.attempt(binding.name, at: span, depth: 0) { () throws(EvaluationError) in _ = try evaluator.value(of: binding.name) }
            case .statement(.show(let value, _)):
                run.show(value, { evaluator }, model, at: span, depth: 0)
            case .statement(.assert(let condition, let message, _)):
                run.assert(condition, message: message, { evaluator }, at: span, depth: 0)
            case .check(let check):
                run.check(check, evaluator, at: span)
            case .scenario(let plan):
                run.scenario(plan, on: model)
            }
        }
        return run.report
    }
}

/// One run in progress: the report so far and the budget every evaluator shares.
private final class Run {
    var report = RunReport()
    let budget: EvaluationBudget
    let text: (Span) -> String
    let findings: ((Model) -> Findings)?
    /// The findings of the model before any scenario, worked out once.
    private var baseFindings: Findings?

    init(text: @escaping (Span) -> String, budget: EvaluationBudget, findings: ((Model) -> Findings)?) {
        self.text = text
        self.budget = budget
        self.findings = findings
    }

    func findingsBefore(_ base: Model) -> [Diagnostic]? {
        guard let findings else { return nil }
        if baseFindings == nil { baseFindings = findings(base) }
        if case .found(let found) = baseFindings { return found }
        return nil
    }

    /// Runs one step; an evaluation error becomes an `unevaluated` entry and
    /// its diagnostic. Returns whether the step could be evaluated.
    @discardableResult
    func attempt(_ description: String, at span: Span, depth: Int, _ body: () throws(EvaluationError) -> Void) -> Bool {
        do {
            try body()
            return true
        } catch {
            report.append(.unevaluated(description: description), at: span, depth: depth)
            report.report(error.diagnostic)
            return false
        }
    }

    /// A failed condition as a diagnostic at its failing part.
    func fail(_ code: DiagnosticCode, _ message: String, _ failure: ConditionFailure) {
        report.report(Diagnostic(code, message, at: failure.span, label: "false", notes: failure.notes))
    }

    /// `evaluator` gives the evaluator of the model as it is now; getting one
    /// for a scenario's changed model can fail, and that is the statement's error.
    @discardableResult
    func show(_ value: BoundExpr, _ evaluator: () throws(EvaluationError) -> Evaluator, _ model: Model, at span: Span, depth: Int) -> Bool {
        attempt("show " + text(value.span), at: span, depth: depth) { () throws(EvaluationError) in
            let shown = try evaluator().evaluate(value)
            report.append(.shown(expression: text(value.span), value: shown, members: Self.members(in: shown, of: model)),
                          at: span, depth: depth)
        }
    }

    @discardableResult
    func assert(_ condition: BoundExpr, message: String?, _ evaluator: () throws(EvaluationError) -> Evaluator,
                at span: Span, depth: Int) -> Bool {
        attempt("assert " + text(condition.span), at: span, depth: depth) { () throws(EvaluationError) in
            let failure = try evaluator().failure(of: condition)
            report.append(.assertion(message: message, passed: failure == nil), at: span, depth: depth)
            if let failure { fail(RunDiagnostic.assertionFailed, message.map { "assertion failed: \($0)" } ?? "assertion failed", failure) }
        }
    }

    func check(_ check: UserCheck, _ evaluator: Evaluator, at span: Span) {
        attempt("check \"\(check.title)\"", at: span, depth: 0) { () throws(EvaluationError) in
            let failure = try evaluator.failure(of: check.condition)
            report.append(.check(title: check.title, passed: failure == nil), at: span, depth: 0)
            if let failure { fail(RunDiagnostic.checkFailed, "check \"\(check.title)\" fails", failure) }
        }
    }

    /// Applies a scenario's steps to a copy of the model, asking what its
    /// `expect`, `show` and `assert` steps ask of the model as it is then.
    /// A `let` is worked out at its step and keeps that value.
    func scenario(_ plan: ScenarioPlan, on base: Model) {
        report.append(.scenario(title: plan.title), at: plan.span, depth: 0)
        var model = base
        var constants: [String: EvaluatedValue] = [:]
        var current: Evaluator?
        /// The built-in findings of the model as it is now, until it changes.
        var currentFindings: Findings?
        let budget = budget
        func evaluator() throws(EvaluationError) -> Evaluator {
            if let current { return current }
            let fresh = Evaluator(model: model, constants: constants, budget: budget)
            if let error = fresh.evaluateSelections().first { throw EvaluationError(error) }
            current = fresh
            return fresh
        }
        for step in plan.steps {
            var evaluated = true
            switch step {
            case .remove(let names, let span):
                // The one edit the language cannot say, refused as the REPL refuses it.
                if let problem = model.emptied(removing: Set(names), at: { _ in span }) {
                    report.append(.unevaluated(description: "remove " + names.joined(separator: ", ")), at: span, depth: 1)
                    report.report(problem)
                    return
                }
                model = model.applying(step)
                current = nil
                currentFindings = nil
            case .add, .replace, .replaceAlliance:
                model = model.applying(step)
                current = nil
                currentFindings = nil
            case .binding(let binding):
                evaluated = attempt("let \(binding.name)", at: binding.origin.span, depth: 1) { () throws(EvaluationError) in
                    constants[binding.name] = try evaluator().evaluate(binding.value)
                }
                model = model.applying(step)
                current = nil
            case .expectCheck(let title, let passes, let span):
                guard let check = model.checks.first(where: { $0.title == title }) else { break }
                let description = "expect check \"\(title)\" \(passes ? "passes" : "fails")"
                evaluated = attempt(description, at: span, depth: 1) { () throws(EvaluationError) in
                    let failure = try evaluator().failure(of: check.condition)
                    let met = (failure == nil) == passes
                    report.append(.expectation(description: description, passed: met, check: (title, passes)), at: span, depth: 1)
                    guard !met else { return }
                    let message = passes ? "check \"\(title)\" was expected to pass in scenario \"\(plan.title)\", and fails"
                        : "check \"\(title)\" was expected to fail in scenario \"\(plan.title)\", and passes"
                    report.report(Diagnostic(RunDiagnostic.expectationFailed, message, at: span,
                                             labels: failure.map { [Label($0.span, "false here")] } ?? [],
                                             notes: failure?.notes ?? []))
                }
            case .expect(let condition, let span):
                evaluated = attempt("expect " + text(condition.span), at: span, depth: 1) { () throws(EvaluationError) in
                    let failure = try evaluator().failure(of: condition)
                    report.append(.expectation(description: "expect " + text(condition.span), passed: failure == nil, check: nil),
                                  at: span, depth: 1)
                    if let failure { fail(RunDiagnostic.expectationFailed, "expectation failed in scenario \"\(plan.title)\"", failure) }
                }
            case .expectFinding(let check, let subject, let present, let span):
                let description = "expect \(present ? "" : "no ")finding \(check)" + (subject.map { " on \($0)" } ?? "")
                guard let findings else {
                    report.append(.unevaluated(description: description), at: span, depth: 1)
                    report.report(Diagnostic(RunDiagnostic.expectationFailed, "the built-in checks are not run here, so `expect finding` cannot be answered",
                                             at: span))
                    return
                }
                if currentFindings == nil { currentFindings = findings(model) }
                guard case .found(let found) = currentFindings else {
                    // The checks could not run on the model as it is here: nothing to expect of them.
                    report.append(.unevaluated(description: description), at: span, depth: 1)
                    if case .notChecked(let errors) = currentFindings { errors.forEach { report.report($0) } }
                    return
                }
                let matching = found.filter { finding in
                    Self.isInstance(finding, of: check) && subject.map { isAbout(finding, $0) } != false
                }
                let met = matching.isEmpty != present
                report.append(.expectation(description: description, passed: met, check: nil), at: span, depth: 1)
                if !met {
                    let about = subject.map { " on `\($0)`" } ?? ""
                    let message = present
                        ? "expected a finding of \(check)\(about) in scenario \"\(plan.title)\", and there is none"
                        : "expected no finding of \(check)\(about) in scenario \"\(plan.title)\", and there \(matching.count == 1 ? "is one" : "are \(matching.count)")"
                    report.report(Diagnostic(RunDiagnostic.expectationFailed, message, at: span,
                                             notes: matching.prefix(3).map { $0.summaryLine() }))
                }
            case .show(let value, let span):
                evaluated = show(value, evaluator, model, at: span, depth: 1)
            case .assert(let condition, let message, let span):
                evaluated = assert(condition, message: message, evaluator, at: span, depth: 1)
            }
            // After an error the scenario's later answers would rest on it.
            guard evaluated else { return }
        }
        // What the scenario did to the built-in findings, as the REPL's what-if says it.
        if let before = findingsBefore(base), let findings, case .found(let after) = currentFindings ?? findings(model) {
            let (appeared, went) = Diagnostic.difference(before, after)
            if !appeared.isEmpty || !went.isEmpty {
                report.append(.findings(appeared: appeared, went: went), at: plan.span, depth: 1)
            }
        }
    }

    /// Whether a finding is one of a check's (by ID in any case or by name),
    /// or of a family's (`power`), as charter.toml's `select` names them.
    static func isInstance(_ finding: Diagnostic, of check: String) -> Bool {
        let key = check.lowercased()
        return finding.code.id.lowercased() == key || finding.code.name == key || finding.code.name.hasPrefix(key + ".")
    }

    /// Whether a finding is about a declared name: it points at the name, a
    /// label of it does, or its message or a note names it.
    func isAbout(_ finding: Diagnostic, _ name: String) -> Bool {
        let quoted = "`\(name)`"
        return ([finding.span] + finding.labels.map(\.span)).contains { text($0) == name }
            || finding.message.contains(quoted) || finding.notes.contains { $0.contains(quoted) }
    }

    /// The members a value is, or is a set of, as the model has them; empty
    /// unless the value is a member or a non-empty set of members only.
    static func members(in value: EvaluatedValue, of model: Model) -> [Member] {
        if case .entity(.member, let name) = value { return model.member(named: name).map { [$0] } ?? [] }
        guard case .set(let elements) = value else { return [] }
        var members: [Member] = []
        for element in elements {
            guard case .entity(.member, let name) = element, let member = model.member(named: name) else { return [] }
            members.append(member)
        }
        return members
    }
}
