// The long explanations of checks and diagnostics, as `charter explain`,
// the REPL's `:explain` and SARIF's rules give them: one text, so all say the
// same. The codes come from whoever asks (`DiagnosticCodes.all` knows the
// REPL's too; a report of the pipeline needs only `.pipeline`).

import CharterChecks
import CharterDiagnostics

public struct Explanation: Sendable {
    /// The codes explained, besides the built-in checks.
    public let codes: DiagnosticCodes

    public init(codes: DiagnosticCodes) {
        self.codes = codes
    }

    /// The explanation of a check (by ID or name) or of a diagnostic code,
    /// wrapped to 80 columns; nil when nothing has that name.
    public func text(for key: String) -> String? {
        guard let found = Catalog.check(named: key) else {
            guard let code = codes.code(named: key) else { return nil }
            return "\(code.id) \(code.name) (\(code.severity), \(codes.stage(of: code) ?? "the built-in checks"))\n\n"
                + Self.wrap("This diagnostic's message and help say what is wrong and what to do. `charter explain` gives long explanations of the built-in checks; `charter explain --list` lists them.", width: 80) + "\n"
        }
        return "\(found.id) \(found.name) (\(found.severity), \(found.family.title))\n\(found.summary)\n\n"
            + found.explanation.components(separatedBy: "\n\n").map { Self.wrap($0, width: 80) }.joined(separator: "\n\n") + "\n"
    }

    /// What to say when nothing has that name: the nearest name, or where the list is.
    public func unknown(_ key: String, listedBy listing: String) -> String {
        let candidates = codes.map(\.name) + codes.map(\.id)
        let hint = Spelling.suggestion(for: key, among: candidates).map { "; did you mean `\($0)`?" }
            ?? "; `\(listing)` lists the checks"
        return "no check or diagnostic is called `\(key)`\(hint)"
    }

    /// Every check, by family, one line each.
    public static func listing() -> String {
        let nameWidth = Catalog.all.map(\.name.count).max() ?? 0
        var lines: [String] = []
        for family in CheckFamily.allCases {
            lines.append(family.title)
            for check in Catalog.all where check.family == family {
                let name = check.name.padding(toLength: nameWidth)
                let severity = check.severity.description.padding(toLength: 7)
                lines.append("  \(check.id)  \(name)  \(severity)  \(check.summary)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A paragraph broken into lines of at most `width` columns, between words.
    public static func wrap(_ paragraph: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in paragraph.split(separator: " ") {
            if !line.isEmpty && TextWidth.columns(of: Substring(line)) + 1 + TextWidth.columns(of: word) > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string padded with spaces to `length` characters (never cut).
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
