// What a change did: the findings that appeared and went, and — in a what-if,
// where the question is exactly this — the voting power that moved.

import Charter

extension Session {
    /// The findings (and, in a what-if, the power figures) that differ
    /// between `before` and the model now; empty when nothing does. In a
    /// what-if the comparison is always with the model before it.
    func comparison(from before: Program) -> String {
        guard !checksInterrupted else { return Self.interruptedChecks }
        let base = branch?.baseProgram ?? before
        var lines: [String] = []
        let (appeared, went, changed) = Diagnostic.comparison(base.diagnostics, program.diagnostics)
        let shown = 12
        for finding in appeared.prefix(shown) { lines.append(paint("new  ", .yellow) + " " + summary(of: finding)) }
        for (was, now) in changed.prefix(shown) {
            lines.append(paint("changed", .yellow) + " " + summary(of: now) + " (was: " + Escaping.terminal(Self.changedPart(of: was.message, now: now.message)) + ")")
        }
        for finding in went.prefix(shown) { lines.append(paint("gone ", .green) + " " + summary(of: finding)) }
        let unshown = [appeared.count, changed.count, went.count].reduce(0) { $0 + max(0, $1 - shown) }
        if unshown > 0 { lines.append("… and \(plural(unshown, "more change")) in the findings; `:check` shows them all") }
        if branch != nil {
            // The base does not change while the what-if is open: its figures are worked out once.
            // Kept only when worked out whole: an interrupted one lacks bodies.
            if branch?.basePower == nil, !isInterrupted() {
                let figures = banzhafFigures(of: base.model)
                if !isInterrupted() { branch?.basePower = figures }
            }
            let moved = powerChanges(from: branch?.basePower ?? banzhafFigures(of: base.model))
            if !moved.isEmpty {
                lines.append("Banzhaf power that moved:")
                lines += moved.map { "  " + $0 }
            }
            if !lines.isEmpty { lines.insert(paint("compared with the model before the what-if:", .bold), at: 0) }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// The words of `message` that differ from `now`'s: what a changed finding said before.
    static func changedPart(of message: String, now: String) -> String {
        let old = message.split(separator: " ")
        let new = now.split(separator: " ")
        var start = 0
        while start < min(old.count, new.count) && old[start] == new[start] { start += 1 }
        var end = 0
        while end < min(old.count, new.count) - start && old[old.count - 1 - end] == new[new.count - 1 - end] { end += 1 }
        let part = old[start..<(old.count - end)]
        return part.isEmpty ? message : part.joined(separator: " ")
    }

    /// A finding on one line: severity, ID, name and message.
    private func summary(of finding: Diagnostic) -> String {
        finding.summaryLine { text, severity in paint(text, severity == .error ? .red : severity == .warning ? .yellow : .cyan) }
    }

    /// The members whose Banzhaf index in some body differs from `old`, as aligned rows.
    private func powerChanges(from old: PowerReport.Figures) -> [String] {
        let moves = PowerReport.moves(from: old, to: banzhafFigures(of: program.model))
        guard !moves.isEmpty else { return [] }
        let rows = [["body", "member", "before", "", "now"]] + moves.map { [$0.game, $0.member, $0.before ?? "—", "→", $0.now ?? "—"] }
        return TextWidth.alignedTable(rows, rightAligned: [2, 4]).dropFirst().map { $0 }
    }

    /// Each body's (and rule's) Banzhaf index per member, to four places —
    /// the precision `:power` shows, so only visible changes count.
    private func banzhafFigures(of model: Model) -> PowerReport.Figures {
        PowerReport(model: model, workLimit: configuration.powerWorkLimit, stepLimit: configuration.limits.evaluationSteps,
                    isInterrupted: isInterrupted, powerMemory: powerMemory, progress: progress).banzhafFigures()
    }
}
