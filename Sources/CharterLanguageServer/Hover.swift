// Hover: a declaration as the canonical formatter writes it, with the
// comments above it; for a member, its power in every body it sits in; for
// a body, the votes each of its rules needs; for a check named in a
// suppression, its explanation; for a built-in function, its signature.

import Charter
import Foundation

extension LanguageServer {
    static let explanation = Explanation(codes: .pipeline)

    func hover(_ params: PositionParams) throws(ResponseError) -> Hover? {
        let (analysis, file, offset) = try place(params.textDocument.uri, params.position)
        if let use = use(at: offset, in: file, of: analysis) {
            let name = file.text(use.span)
            let declared = declarationText(use, in: analysis)
            // In a fence no backtick of the file's texts can close, so a text cannot become Markdown.
            var text = Escaping.markdownCodeBlock(Escaping.terminalLines(declared ?? "\(use.kind.rawValue) \(name)"), language: "charter")
            if declared == nil {
                // Declared by a scenario's step: what it changes is the scenario's to show.
                text += "\nDeclared in a scenario; `charter run` shows what the scenario changes."
            } else if use.kind == .member, let power = memberPower(name, in: analysis) {
                text += "\n" + power
            } else if use.kind == .body, let votes = bodyVotes(name, in: analysis) {
                text += "\n" + votes
            }
            return Hover(contents: MarkupContent(value: text), range: file.range(of: use.span, encoding))
        }
        let (word, span) = Self.word(at: offset, in: file)
        guard !word.isEmpty else { return nil }
        let line = file.lineText(file.lineIndex(of: offset))
        if line.contains("charter:"), let text = Self.explanation.text(for: word), Catalog.check(named: word) != nil {
            return Hover(contents: MarkupContent(value: Escaping.markdownCodeBlock(text, language: "text")), range: file.range(of: span, encoding))
        }
        if let function = Builtin(rawValue: word), file.bytes[span.end...].first(where: { $0 != UInt8(ascii: " ") }) == UInt8(ascii: "(") {
            let value = Escaping.markdownCodeBlock("\(function.usage) → \(function.result.description)", language: "charter")
                + "\n" + function.summary
            return Hover(contents: MarkupContent(value: value), range: file.range(of: span, encoding))
        }
        return nil
    }

    /// The word at `offset`: letters, digits, `_`, and the `.` and `-` of check names.
    static func word(at offset: Int, in file: SourceFile) -> (String, Span) {
        func isWord(_ byte: UInt8) -> Bool {
            byte >= 0x80 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        let bytes = file.bytes
        var start = min(offset, bytes.count)
        var end = start
        while start > 0, isWord(bytes[start - 1]) { start -= 1 }
        while end < bytes.count, isWord(bytes[end]) { end += 1 }
        // A sentence's full stop is not part of the word before it.
        while end > start, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
        let span = Span(file: file.id, start: start, end: end)
        return (file.text(span), span)
    }

    /// The declaration a use denotes, laid out canonically with its comments.
    func declarationText(_ use: NameUse, in analysis: Analysis) -> String? {
        let program = analysis.program
        guard let syntax = program.syntax.first(where: { $0.file == use.declaration.file }) else { return nil }
        guard let declaration = syntax.declarations.first(where: { $0.declaredName?.span == use.declaration }) else { return nil }
        return Formatter(source: program.sources[use.declaration.file], syntax: syntax)
            .format(declaration, leadingComments: true).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A member's power in each body it sits in, as a table.
    func memberPower(_ member: String, in analysis: Analysis) -> String? {
        guard let report = power(analysis) else { return nil }
        var rows: [String] = []
        for table in report.tables {
            guard let player = table.game.members.firstIndex(where: { $0.name == member }) else { continue }
            let analysis = table.analysis
            func percent(_ shares: [Double]?) -> String { shares.map { Self.percent($0[player]) } ?? "—" }
            var flags: [String] = []
            if analysis.dictators.contains(player) { flags.append("dictator") }
            if analysis.game.vetoes.contains(player) || analysis.vetoPlayers.contains(player) { flags.append("veto") }
            if analysis.dummies?.contains(player) == true { flags.append("no power") }
            rows.append("| \(Self.gameName(table.game, in: report)) | \(table.game.game.weights[player]) of \(table.game.game.totalWeight) | "
                        + "\(percent((try? analysis.banzhaf.get())?.index.shares)) | \(percent((try? analysis.shapley.get())?.shares)) | "
                        + "\(percent((try? analysis.preventive.get())?.shares)) | \(flags.joined(separator: ", ")) |")
        }
        guard !rows.isEmpty else { return "Sits in no body, so it has no vote." }
        return "| body | weight | Banzhaf | Shapley–Shubik | blocking | |\n|---|--:|--:|--:|--:|---|\n" + rows.joined(separator: "\n")
    }

    /// The votes each of a body's rules needs.
    func bodyVotes(_ body: String, in analysis: Analysis) -> String? {
        guard let report = power(analysis) else { return nil }
        let lines = report.tables.filter { $0.game.body == body }.map { table in
            "- \(Self.gameName(table.game, in: report)): \(table.game.ruleDescription), \(table.game.quotaDescription); can block: "
                + PowerReport.blockingSummary(table, shown: 3, names: { "`\($0)`" })
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// A game by its body, and by its matters too where the body has rules of its own for some.
    static func gameName(_ game: BodyGame, in report: PowerReport) -> String {
        let games = report.tables.count { $0.game.body == game.body }
        let name = "`\(game.body)`"
        return game.matters.isEmpty || games == 1 ? name : "\(name) on " + game.matters.map { "`\($0)`" }.joined(separator: ", ")
    }

    /// A share as a percentage with one decimal: `16.5%`.
    static func percent(_ share: Double) -> String {
        let tenths = (share * 1000).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10)%"
    }
}
