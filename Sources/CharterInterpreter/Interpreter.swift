// Running a program: the statements of the files named on the command line,
// in source order — `let` bindings, `show`, `assert` — and every user
// `check` of the alliance, wherever it is declared (imported files contribute
// declarations and their checks, not their `show`s). The result is a report:
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

    public static let all: [DiagnosticCode] = [checkFailed, assertionFailed]
}

/// What running a program produced.
public struct RunReport: Sendable {
    public enum Outcome: Sendable {
        /// A `show`: the expression as written and its value.
        case shown(expression: String, value: EvaluatedValue)
        /// A user check, by title.
        case check(title: String, passed: Bool)
        /// An `assert`, with its message if it has one.
        case assertion(message: String?, passed: Bool)
    }

    public struct Entry: Sendable {
        public var outcome: Outcome
        /// The statement.
        public var span: Span
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

        enum Step { case statement(Declaration), check(UserCheck), binding(LetBinding) }
        var steps: [(span: Span, step: Step)] = []
        for statement in model.statements where roots.contains(statement.span.file) { steps.append((statement.span, .statement(statement))) }
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
                    report.entries.append(.init(outcome: .shown(expression: text(show.value.span), value: try evaluator.evaluate(show.value)),
                                                span: span))
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
}
