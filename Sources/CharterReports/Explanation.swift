// The long explanations of checks and diagnostics, as `charter explain` and
// the REPL's `:explain` print them: one text, so both say the same.

public enum Explanation {
    /// The explanation of a check (by ID or name) or of a diagnostic code,
    /// wrapped to 80 columns; nil when nothing has that name.
    public static func text(for key: String) -> String? {
        guard let found = Catalog.check(named: key) else {
            guard let code = DiagnosticCodes.code(named: key) else { return nil }
            return "\(code.id) \(code.name) (\(code.severity), \(DiagnosticCodes.stage(of: code)))\n\n"
                + wrap("This diagnostic's message and help say what is wrong and what to do. `charter explain` gives long explanations of the built-in checks; `charter explain --list` lists them.", width: 80) + "\n"
        }
        return "\(found.id) \(found.name) (\(found.severity), \(found.family.title))\n\(found.summary)\n\n"
            + found.explanation.components(separatedBy: "\n\n").map { wrap($0, width: 80) }.joined(separator: "\n\n") + "\n"
    }

    /// What to say when nothing has that name: the nearest name, or where the list is.
    public static func unknown(_ key: String, listedBy listing: String) -> String {
        let candidates = DiagnosticCodes.all.map(\.name) + DiagnosticCodes.all.map(\.id)
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

    /// A paragraph broken into lines of at most `width` characters, between words.
    public static func wrap(_ paragraph: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in paragraph.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
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
