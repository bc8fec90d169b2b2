// Running a program: the statements of the files named on the command line,
// in source order — `let` bindings, `show`, `assert`, `scenario` — and every
// user `check` of the alliance, wherever it is declared (imported files
// contribute declarations and their checks, not their statements). A
// scenario applies its steps, as the resolver planned them, to a copy of the
// model: the base model is untouched and scenarios are independent. The result is a report:
// one entry per statement, and a located diagnostic for each failed check or
// assertion and each evaluation error. Nothing here prints; the CLI renders
// the report.

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
        /// A scenario's `expect`, as written.
        case expectation(description: String, passed: Bool)
    }

    public struct Entry: Sendable {
        public var outcome: Outcome
        /// The statement.
        public var span: Span
        /// 1 inside a scenario.
        public var depth = 0
    }

    public var entries: [Entry] = []
    /// Failed checks and assertions, and evaluation errors.
    public var diagnostics: [Diagnostic] = []

    /// Whether anything failed: a check, an assertion or an evaluation.
    public var failed: Bool { !diagnostics.isEmpty }

    public var checksPassed: Int { count { if case .check(_, true) = $0 { true } else { false } } }
    public var checksFailed: Int { count { if case .check(_, false) = $0 { true } else { false } } }
    public var assertionsHeld: Int { count { if case .assertion(_, true) = $0 { true } else { false } } }
    public var assertionsFailed: Int { count { if case .assertion(_, false) = $0 { true } else { false } } }
    public var scenarios: Int { count { if case .scenario = $0 { true } else { false } } }
    public var expectationsMet: Int { count { if case .expectation(_, true) = $0 { true } else { false } } }
    public var expectationsFailed: Int { count { if case .expectation(_, false) = $0 { true } else { false } } }

    private func count(_ matches: (Outcome) -> Bool) -> Int { entries.reduce(0) { $0 + (matches($1.outcome) ? 1 : 0) } }
}

public enum Interpreter {
    /// Runs a model's statements. `roots` are the files whose `show`,
    /// `assert` and `let` statements run; `text` gives the source text of a
    /// span, to show an expression as it was written.
    public static func run(_ model: Model, roots: Set<FileID>, text: (Span) -> String) -> RunReport {
        var report = RunReport()
        let evaluator = Evaluator(model: model)
        report.diagnostics += evaluator.evaluateSelections()
        guard report.diagnostics.isEmpty else { return report }

        enum Step { case statement(Declaration), check(UserCheck), binding(LetBinding), scenario(ScenarioPlan) }
        var steps: [(span: Span, step: Step)] = []
        for statement in model.statements where roots.contains(statement.span.file) { steps.append((statement.span, .statement(statement))) }
        for plan in model.scenarioPlans where roots.contains(plan.span.file) { steps.append((plan.span, .scenario(plan))) }
        for binding in model.bindings where roots.contains(binding.origin.span.file) { steps.append((binding.origin.span, .binding(binding))) }
        for check in model.checks { steps.append((check.span, .check(check))) }
        steps.sort { ($0.span.file, $0.span.start) < ($1.span.file, $1.span.start) }

        for (span, step) in steps {
            do throws(EvaluationError) {
                switch step {
                case .binding(let binding):
                    // Evaluated here so that its errors are reported where it is declared.
                    _ = try evaluator.evaluate(Expr(.name(Name(binding.name, span: binding.origin.nameSpan)), span: binding.origin.nameSpan))
                case .statement(.show(let show)):
                    let value = try evaluator.evaluate(show.value)
                    report.entries.append(.init(outcome: .shown(expression: text(show.value.span), value: value,
                                                                members: members(in: value, of: model)), span: span))
                case .statement(.assert(let assertion)):
                    let failure = try evaluator.failure(of: assertion.condition)
                    report.entries.append(.init(outcome: .assertion(message: assertion.message?.value, passed: failure == nil), span: span))
                    if let failure {
                        let message = assertion.message.map { "assertion failed: \($0.value)" } ?? "assertion failed"
                        report.diagnostics.append(Diagnostic(RunDiagnostic.assertionFailed, message, at: failure.span,
                                                             label: "false", notes: failure.notes))
                    }
                case .check(let check):
                    let failure = try evaluator.failure(of: check.condition)
                    report.entries.append(.init(outcome: .check(title: check.title, passed: failure == nil), span: span))
                    if let failure {
                        report.diagnostics.append(Diagnostic(RunDiagnostic.checkFailed, "check \"\(check.title)\" fails",
                                                             at: failure.span, label: "false", notes: failure.notes))
                    }
                case .scenario(let plan):
                    report.entries.append(.init(outcome: .scenario(title: plan.title), span: span))
                    run(plan, on: model, into: &report, text: text)
                case .statement:
                    break
                }
            } catch {
                if case .check(let check) = step { report.entries.append(.init(outcome: .check(title: check.title, passed: false), span: span)) }
                if case .statement(.assert(let assertion)) = step {
                    report.entries.append(.init(outcome: .assertion(message: assertion.message?.value, passed: false), span: span))
                }
                report.diagnostics.append(error.diagnostic)
            }
        }
        return report
    }

    /// The members a value is, or is a set of, as the model has them; empty
    /// unless the value is a member or a non-empty set of members only.
    private static func members(in value: EvaluatedValue, of model: Model) -> [Member] {
        if case .entity(.member, let name) = value { return model.member(named: name).map { [$0] } ?? [] }
        guard case .set(let elements) = value else { return [] }
        var members: [Member] = []
        for element in elements {
            guard case .entity(.member, let name) = element, let member = model.member(named: name) else { return [] }
            members.append(member)
        }
        return members
    }

    /// Applies a scenario's steps to a copy of the model, asking what its
    /// `expect`, `show` and `assert` steps ask of the model as it is then.
    private static func run(_ plan: ScenarioPlan, on base: Model, into report: inout RunReport, text: (Span) -> String) {
        var model = base
        var current: Evaluator?
        func evaluator() throws(EvaluationError) -> Evaluator {
            if let current { return current }
            let fresh = Evaluator(model: model)
            if let error = fresh.evaluateSelections().first { throw EvaluationError(error) }
            current = fresh
            return fresh
        }
        for step in plan.steps {
            do throws(EvaluationError) {
                switch step {
                case .add, .remove, .replace, .replaceAlliance, .binding:
                    model = model.applying(step)
                    current = nil
                case .expectCheck(let title, let passes, let span):
                    guard let check = model.checks.first(where: { $0.title == title }) else { break }
                    let failure = try evaluator().failure(of: check.condition)
                    let met = (failure == nil) == passes
                    report.entries.append(.init(outcome: .expectation(description: "expect check \"\(title)\" \(passes ? "passes" : "fails")",
                                                                      passed: met), span: span, depth: 1))
                    guard !met else { break }
                    let message = passes ? "check \"\(title)\" was expected to pass in scenario \"\(plan.title)\", and fails"
                        : "check \"\(title)\" was expected to fail in scenario \"\(plan.title)\", and passes"
                    report.diagnostics.append(Diagnostic(RunDiagnostic.expectationFailed, message, at: span,
                                                         labels: failure.map { [Label($0.span, "false here")] } ?? [],
                                                         notes: failure?.notes ?? []))
                case .expect(let condition, let span):
                    let failure = try evaluator().failure(of: condition)
                    report.entries.append(.init(outcome: .expectation(description: "expect " + text(condition.span), passed: failure == nil),
                                                span: span, depth: 1))
                    if let failure {
                        report.diagnostics.append(Diagnostic(RunDiagnostic.expectationFailed,
                                                             "expectation failed in scenario \"\(plan.title)\"", at: failure.span,
                                                             label: "false", notes: failure.notes))
                    }
                case .show(let value, let span):
                    let shown = try evaluator().evaluate(value)
                    report.entries.append(.init(outcome: .shown(expression: text(value.span), value: shown,
                                                                members: members(in: shown, of: model)), span: span, depth: 1))
                case .assert(let condition, let message, let span):
                    let failure = try evaluator().failure(of: condition)
                    report.entries.append(.init(outcome: .assertion(message: message, passed: failure == nil), span: span, depth: 1))
                    if let failure {
                        report.diagnostics.append(Diagnostic(RunDiagnostic.assertionFailed,
                                                             message.map { "assertion failed: \($0)" } ?? "assertion failed",
                                                             at: failure.span, label: "false", notes: failure.notes))
                    }
                }
            } catch {
                report.entries.append(.init(outcome: .expectation(description: "the next step could not be evaluated", passed: false),
                                            span: plan.span, depth: 1))
                report.diagnostics.append(error.diagnostic)
                return
            }
        }
    }
}
