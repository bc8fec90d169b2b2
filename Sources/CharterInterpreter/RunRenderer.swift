// A run report as text: each `show` with its value (sets of members as an
// aligned table), each check and assertion with its result, in source order.

import CharterDiagnostics
import Foundation
import CharterEvaluation
import CharterModel

public enum RunRenderer {
    /// The entries of a report, one per statement.
    public static func text(_ report: RunReport, model: Model) -> String {
        report.entries.map { entry in
            switch entry.outcome {
            case .shown(let expression, let value):
                return show(expression, value, model) + "\n"
            case .check(let title, let passed):
                return "check \"\(title)\": \(passed ? "passed" : "FAILED")\n"
            case .assertion(let message, let passed):
                return "assert\(message.map { " \"\($0)\"" } ?? ""): \(passed ? "held" : "FAILED")\n"
            }
        }.joined()
    }

    /// The closing line: what held and what failed.
    public static func summary(_ report: RunReport, files: Int) -> String {
        var parts = ["ran \(files) file\(files == 1 ? "" : "s"): "
            + "\(report.checksPassed) check\(report.checksPassed == 1 ? "" : "s") passed, \(report.checksFailed) failed"]
        parts.append("\(report.assertionsHeld) assertion\(report.assertionsHeld == 1 ? "" : "s") held, \(report.assertionsFailed) failed")
        let errors = report.diagnostics.count { !RunDiagnostic.all.contains($0.code) }
        if errors > 0 { parts.append("\(errors) evaluation error\(errors == 1 ? "" : "s")") }
        return parts.joined(separator: "; ")
    }

    /// A `show`: text as itself, a set of members as a table, anything else as `expression = value`.
    static func show(_ expression: String, _ value: EvaluatedValue, _ model: Model) -> String {
        switch value {
        case .string(let text):
            return text
        case .set(let elements) where !elements.isEmpty && elements.allSatisfy({ if case .entity(.member, _) = $0 { true } else { false } }):
            let members = elements.compactMap { element -> Member? in
                guard case .entity(_, let name) = element else { return nil }
                return model.member(named: name)
            }
            var rows = [["member", "kind", "motivation", "weight", "joined"]]
            for member in members {
                rows.append([member.name, member.kind?.rawValue ?? "-", member.motivation?.rawValue ?? "-", "\(member.weight)",
                             member.joined?.rawValue ?? "-"])
            }
            return "\(expression): \(members.count) member\(members.count == 1 ? "" : "s")\n" + align(rows).map { "  " + $0 }.joined(separator: "\n")
        default:
            return "\(expression) = \(value)"
        }
    }

    /// Columns padded to their widest cell; the weight column to the right.
    static func align(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { TextWidth.columns(of: Substring($0[column])) }.max() ?? 0 }
        return rows.enumerated().map { index, row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - TextWidth.columns(of: Substring(cell)))
                return column == 3 && index > 0 ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
