// A run report as text: each `show` with its value (sets of members as an
// aligned table), each check and assertion with its result, in source order.

import CharterDiagnostics
import Foundation
import CharterEvaluation
import CharterModel

public enum RunRenderer {
    /// The entries of a report, one per statement; a scenario's steps indented under it.
    /// Every text from the file is escaped for the terminal, one piece at a
    /// time, so that the lines are the renderer's own.
    public static func text(_ report: RunReport) -> String {
        let t = Escaping.terminal
        return report.entries.map { entry in
            let indent = String(repeating: "  ", count: entry.depth)
            let lines: String
            switch entry.outcome {
            case .shown(let expression, let value, let members):
                lines = show(expression, value, members)
            case .check(let title, let passed):
                lines = "check \"\(t(title))\": \(passed ? "passed" : "FAILED")"
            case .assertion(let message, let passed):
                lines = "assert\(message.map { " \"\(t($0))\"" } ?? ""): \(passed ? "held" : "FAILED")"
            case .scenario(let title):
                lines = "scenario \"\(t(title))\":"
            case .expectation(let description, let passed, _):
                lines = "\(t(description)): \(passed ? "met" : "FAILED")"
            case .unevaluated(let description):
                lines = "\(t(description)): could not be evaluated (see below)"
            case .findings(let appeared, let went):
                lines = findingChanges(appeared, went)
            }
            return lines.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }.joined(separator: "\n") + "\n"
        }.joined()
    }

    /// The findings a scenario brought and took away, at most twelve of each
    /// listed: `findings: 1 new, 2 gone` and a line for each.
    static func findingChanges(_ appeared: [Diagnostic], _ went: [Diagnostic]) -> String {
        let shown = 12
        var parts: [String] = []
        if !appeared.isEmpty { parts.append("\(appeared.count) new") }
        if !went.isEmpty { parts.append("\(went.count) gone") }
        var lines = ["findings: " + parts.joined(separator: ", ")]
        lines += appeared.prefix(shown).map { "  new   " + $0.summaryLine() }
        lines += went.prefix(shown).map { "  gone  " + $0.summaryLine() }
        let unshown = max(0, appeared.count - shown) + max(0, went.count - shown)
        if unshown > 0 { lines.append("  … and \(unshown) more; `charter run --format json` lists them all") }
        return lines.joined(separator: "\n")
    }

    /// The closing line: what held and what failed.
    public static func summary(_ report: RunReport, files: Int) -> String {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        var parts = ["ran \(count(files, "file")): \(count(report.checks.held, "check")) passed, \(report.checks.failed) failed"]
        parts.append("\(count(report.assertions.held, "assertion")) held, \(report.assertions.failed) failed")
        if report.scenarios > 0 {
            parts.append("\(count(report.scenarios, "scenario")): \(count(report.expectations.held, "expectation")) met, "
                + "\(report.expectations.failed) failed")
        }
        let errors = report.diagnostics.count { !RunDiagnostic.all.contains($0.code) }
        if errors > 0 { parts.append("\(errors) evaluation error\(errors == 1 ? "" : "s")") }
        return parts.joined(separator: "; ")
    }

    /// A `show`: text as itself, a set of members as a table, anything else as `expression = value`.
    static func show(_ expression: String, _ value: EvaluatedValue, _ members: [Member]) -> String {
        let t = Escaping.terminal
        if case .string(let text) = value { return t(text) }
        guard !members.isEmpty else { return "\(t(expression)) = \(t(value.description))" }
        var rows = [["member", "kind", "motivation", "weight", "joined"]]
        for member in members {
            rows.append([member.name, member.kind?.rawValue ?? "-", member.motivation?.rawValue ?? "-", "\(member.weight)",
                         member.joined?.rawValue ?? "-"])
        }
        let heading = if case .set = value { "\(t(expression)): \(members.count) member\(members.count == 1 ? "" : "s")" } else { "\(t(expression)):" }
        return heading + "\n" + TextWidth.alignedTable(rows, rightAligned: [3]).map { "  " + $0 }.joined(separator: "\n")
    }
}
