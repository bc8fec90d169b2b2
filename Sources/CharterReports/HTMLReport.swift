// `charter report`: one self-contained HTML file a facilitator can mail to
// members who never open a terminal. No scripts, fonts or anything fetched:
// inline CSS and SVG only. It shows the alliance at a glance, the power of
// each body as bar charts beside a table of the same numbers, which values
// are backed by what, the life-stage checklist, and every finding with its
// explanation. The markup is well-formed XML as well as HTML, so a test can
// parse it; headings, tables and text alternatives make it readable by
// screen readers, and it prints and fits a phone.

import CharterChecks
import CharterDiagnostics
import CharterEvaluation
import CharterModel
import CharterProject

public struct HTMLReport: Sendable {
    let program: Program
    let configuration: CheckConfiguration
    let power: PowerReport
    let generator: String

    /// What could not be evaluated for the page (the members of a body, for
    /// its power), located: with any, the page would leave it out, and
    /// should not be written.
    public var errors: [Diagnostic] { power.errors }

    /// A report of a checked program without errors; `generator` names the
    /// tool and version in the page's metadata.
    public init(program: Program, configuration: CheckConfiguration = CheckConfiguration(), generator: String) {
        self.program = program
        self.configuration = configuration
        power = PowerReport(model: program.model, workLimit: configuration.powerWorkLimit,
                            stepLimit: configuration.limits.evaluationSteps)
        self.generator = generator
    }

    /// A report with its power tables worked out already (the workshop
    /// page's, which keeps them from one change to the next).
    public init(program: Program, configuration: CheckConfiguration, power: PowerReport, generator: String) {
        self.program = program
        self.configuration = configuration
        self.power = power
        self.generator = generator
    }

    public func html() -> String {
        var page = head(kind: "Charter report", style: Self.style) + "<main>\n"
        let title = self.title
        page += glance(title)
        page += powerSection()
        page += coverage()
        page += lifeStage()
        page += findings()
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    /// The alliance's title, for the page's.
    var title: String { program.model.alliance.map { $0.title ?? $0.name } ?? "An alliance" }

    /// A page's opening, to its `<body>`: the report's and the workshop's.
    func head(kind: String, style: String, extra: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="\(Self.escaped(generator))"/>
        <title>\(Self.escaped(title)) — \(kind)</title>
        \(extra)<style>\(style)</style>
        </head>
        <body>

        """
    }

    // MARK: Sections

    func glance(_ title: String) -> String {
        let model = program.model
        var text = "<header>\n<h1>\(Self.escaped(title))</h1>\n"
        if let mission = model.alliance?.mission { text += "<p class=\"mission\">\(Self.escaped(mission))</p>\n" }
        let counts: [(String, Int)] = [
            ("members", model.members.count), ("values", model.values.count), ("principles", model.principles.count),
            ("goals", model.goals.count), ("bodies", model.bodies.count), ("rules", model.rules.count),
            ("channels", model.channels.count),
        ]
        text += "<dl class=\"glance\">\n"
        if let stage = model.alliance?.stage { text += "<div><dt>life stage</dt><dd>\(stage.rawValue)</dd></div>\n" }
        for (noun, count) in counts { text += "<div><dt>\(noun)</dt><dd>\(count)</dd></div>\n" }
        let findings = program.diagnostics
        text += "<div><dt>findings</dt><dd>\(findings.count)</dd></div>\n</dl>\n</header>\n"
        return text
    }

    /// `moves` marks the members whose Banzhaf index moved, by game.
    /// With `shownMembers`, a larger body shows only that many members, those
    /// with the most power (a room cannot read six hundred bars).
    func powerSection(moves: [String: [String: PowerReport.Move]] = [:], shownMembers: Int? = nil) -> String {
        var text = "<section aria-labelledby=\"power\">\n<h2 id=\"power\">Who holds the power</h2>\n"
        text += "<p>For each body, each member's share of the weight, and its power: the Banzhaf index (how often its vote "
            + "turns a losing coalition into a winning one) and the Shapley–Shubik index (how often it is the vote that "
            + "decides, over every order of joining). Power far from the weight share is worth a look.</p>\n"
        if power.tables.isEmpty { text += "<p>No body with a decision rule is declared.</p>\n" }
        let names = power.gameNames
        for (index, table) in power.tables.enumerated() {
            let game = table.game
            let matters = game.matters.isEmpty ? "" : " on " + game.matters.joined(separator: ", ")
            let moved = moves[names[index]] ?? [:]
            text += "<h3>\(Self.escaped(game.body + matters))</h3>\n"
            text += "<p>\(Self.escaped(game.ruleDescription)): \(game.quotaDescription).</p>\n"
            if !game.vetoHolders.isEmpty {
                text += "<p>Vetoes: \(game.vetoHolders.map(Self.escaped).joined(separator: ", ")).</p>\n"
            }
            guard !game.members.isEmpty else {
                text += "<p>This body has no members, so nobody has any power in it.</p>\n"
                continue
            }
            // Either index may be missing (refused as too large); what there is, is shown.
            let banzhaf = try? table.analysis.banzhaf.get()
            let shapley = try? table.analysis.shapley.get()
            let preventive = try? table.analysis.preventive.get()
            if case .failure(let reason) = table.analysis.preventive, (try? table.analysis.banzhaf.get()) != nil {
                text += "<p>The blocking figures were not computed: \(Self.escaped(reason.explanation)).</p>\n"
            }
            for (name, result) in [("Banzhaf", table.analysis.banzhaf.map(\.index)), ("Shapley–Shubik", table.analysis.shapley)] {
                if case .failure(let reason) = result {
                    text += "<p>The \(name) index was not computed: \(Self.escaped(reason.explanation)).</p>\n"
                }
            }
            let total = Double(game.game.totalWeight)
            let rows = game.members.enumerated().map { player, member in
                (name: member.name, weight: total > 0 ? Double(game.game.weights[player]) / total : 0,
                 banzhaf: banzhaf?.index.shares[player], shapley: shapley?.shares[player])
            }
            let caption = game.body + matters
            var shown = Array(rows.indices)
            if let limit = shownMembers, rows.count > limit {
                func power(_ player: Int) -> Double { rows[player].banzhaf ?? rows[player].weight }
                let strongest = Set(rows.indices.sorted { (power($0), $1) > (power($1), $0) }.prefix(limit))
                shown = rows.indices.filter(strongest.contains)
                text += "<p>The \(limit) members with the most power are shown, of \(rows.count); "
                    + "<code>:power \(Self.escaped(game.body))</code> lists them all.</p>\n"
            }
            text += chart(shown.map { rows[$0] }, id: "chart-\(index)", body: caption)
            text += "<div class=\"wide\">\n<table>\n<caption>Power in \(Self.escaped(caption)), as numbers</caption>\n"
            text += "<thead><tr><th scope=\"col\">member</th><th scope=\"col\">weight share</th><th scope=\"col\">Banzhaf</th>"
                + "<th scope=\"col\">Shapley–Shubik</th><th scope=\"col\">blocking</th><th scope=\"col\">flags</th></tr></thead>\n<tbody>\n"
            for player in shown {
                let row = rows[player]
                var flags: [String] = []
                if table.analysis.dictators.contains(player) { flags.append("dictator") }
                if table.game.game.vetoes.contains(player) { flags.append("veto") }
                else if table.game.undeclaredVetoes.contains(player) { flags.append("hidden veto") }
                else if table.analysis.vetoPlayers.contains(player) { flags.append("veto") }
                if table.analysis.dummies?.contains(player) == true { flags.append("no power") }
                let move = moved[row.name]
                let mark = move.map { move in
                    " <span class=\"moved\">\(move.marked) from \(move.before ?? "—")</span>"
                } ?? ""
                let style = move.map { " class=\"\($0.direction.rawValue)\"" } ?? ""
                text += "<tr\(style)><th scope=\"row\">\(Self.escaped(row.name))</th><td>\(PowerReport.fixed(row.weight))</td>"
                    + "<td>\(row.banzhaf.map(PowerReport.fixed) ?? "—")\(mark)</td><td>\(row.shapley.map(PowerReport.fixed) ?? "—")</td>"
                    + "<td>\(preventive.map { PowerReport.fixed($0.shares[player]) } ?? "—")</td>"
                    + "<td>\(flags.joined(separator: ", "))</td></tr>\n"
            }
            text += "</tbody>\n</table>\n</div>\n"
            if table.analysis.degeneracy == nil {
                text += "<p class=\"blocking\"><strong>Who can block:</strong> \(Self.escaped(PowerReport.blockingSummary(table, names: { $0 }))). "
                    + "Blocking is the share of the ways to pass a decision that fail without the member (Coleman's power to prevent action).</p>\n"
            }
        }
        return text + "</section>\n"
    }

    /// Three bars a member, on one scale from 0 to the largest figure, with
    /// a text alternative; the table after it has the same numbers.
    private func chart(_ rows: [(name: String, weight: Double, banzhaf: Double?, shapley: Double?)], id: String, body: String) -> String {
        let largest = max(rows.map { max($0.weight, $0.banzhaf ?? 0, $0.shapley ?? 0) }.max() ?? 0, 0.0001)
        // Room for the longest name, at about 7 units a character of 12-unit type.
        let labelWidth = Double(min(max(rows.map(\.name.count).max() ?? 0, 8), 40) * 7 + 12)
        let barWidth = 330.0
        let rowHeight = 34.0
        let height = Double(rows.count) * rowHeight + 30
        var svg = "<figure>\n<svg role=\"img\" aria-labelledby=\"\(id)-title\" aria-describedby=\"\(id)-desc\" viewBox=\"0 0 \(Int(labelWidth + barWidth + 70)) \(Int(height))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\">\n"
        svg += "<title id=\"\(id)-title\">Power in \(Self.escaped(body))</title>\n"
        let summary = rows.map { row in
            "\(row.name): weight \(percent(row.weight)), Banzhaf \(row.banzhaf.map(percent) ?? "not computed"), "
                + "Shapley–Shubik \(row.shapley.map(percent) ?? "not computed")"
        }
        svg += "<desc id=\"\(id)-desc\">\(Self.escaped(summary.joined(separator: "; ")))</desc>\n"
        for (index, row) in rows.enumerated() {
            let top = Double(index) * rowHeight + 4
            svg += "<text x=\"\(Int(labelWidth - 8))\" y=\"\(Self.number(top + 17))\" text-anchor=\"end\" class=\"name\">\(Self.escaped(row.name))</text>\n"
            for (offset, (figure, kind)) in [(row.weight, "weight"), (row.banzhaf, "banzhaf"), (row.shapley, "shapley")].enumerated() {
                guard let value = figure else { continue }
                let y = top + Double(offset) * 9
                let width = barWidth * value / largest
                svg += "<rect x=\"\(Int(labelWidth))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"8\" class=\"\(kind)\" "
                    + "data-value=\"\(PowerReport.fixed(value))\"/>\n"
            }
            if let banzhaf = row.banzhaf {
                let end = barWidth * max(banzhaf, row.shapley ?? 0, row.weight) / largest
                svg += "<text x=\"\(Self.number(labelWidth + end + 6))\" y=\"\(Self.number(top + 17))\" class=\"figure\">"
                    + "\(percent(banzhaf))</text>\n"
            }
        }
        let legendY = Double(rows.count) * rowHeight + 18
        for (offset, (kind, label)) in [("weight", "weight share"), ("banzhaf", "Banzhaf"), ("shapley", "Shapley–Shubik")].enumerated() {
            let x = labelWidth + Double(offset) * 120
            svg += "<rect x=\"\(Int(x))\" y=\"\(Self.number(legendY - 8))\" width=\"10\" height=\"8\" class=\"\(kind)\"/>"
                + "<text x=\"\(Int(x + 14))\" y=\"\(Self.number(legendY))\" class=\"legend\">\(label)</text>\n"
        }
        return svg + "</svg>\n<figcaption>Bars: weight share, Banzhaf and Shapley–Shubik index of each member, drawn to the largest figure "
            + "(\(percent(largest)) is the full width); the label is the Banzhaf index.</figcaption>\n</figure>\n"
    }

    func coverage() -> String {
        let model = program.model
        var text = "<section aria-labelledby=\"values\">\n<h2 id=\"values\">What backs each value</h2>\n"
        text += "<p>A value is backed when a principle upholds it, a goal serves it or a rule names it; one with nothing behind it "
            + "is a value in words only, and is marked (a value the principles only oppose is named to be rejected, and is not).</p>\n"
        guard !model.values.isEmpty else { return text + "<p>No value is declared.</p>\n</section>\n" }
        text += "<div class=\"wide\">\n<table class=\"coverage\">\n<caption>Values and what backs them</caption>\n"
        text += "<thead><tr><th scope=\"col\">value</th><th scope=\"col\">upheld by principles</th><th scope=\"col\">served by goals</th>"
            + "<th scope=\"col\">named by rules</th><th scope=\"col\">held by members</th></tr></thead>\n<tbody>\n"
        for value in model.values {
            let principles = model.principles.filter { $0.upholds.contains(value.name) }.map(\.name)
            let goals = model.goals.filter { $0.serves.contains(value.name) }.map(\.name)
            let rules = rulesNaming(value.name, in: model)
            let opposed = model.principles.contains { $0.opposes.contains(value.name) }
            let holders = model.members.count { $0.holds.contains(value.name) }
            // As check C501 judges it.
            let unbacked = principles.isEmpty && goals.isEmpty && rules.isEmpty && !opposed
            text += "<tr\(unbacked ? " class=\"unbacked\"" : "")><th scope=\"row\">\(Self.escaped(value.name))"
                + (unbacked ? " <strong>(nothing behind it)</strong>" : opposed && principles.isEmpty ? " (opposed)" : "") + "</th>"
                + "<td>\(Self.list(principles))</td><td>\(Self.list(goals))</td><td>\(Self.list(rules))</td><td>\(holders)</td></tr>\n"
        }
        return text + "</tbody>\n</table>\n</div>\n</section>\n"
    }

    /// The life-stage checks as a checklist: what the alliance has done for
    /// the stage it is in, and what it has still to do.
    func lifeStage() -> String {
        var text = "<section aria-labelledby=\"stage\">\n<h2 id=\"stage\">Ready for its life stage?</h2>\n"
        if let stage = program.model.alliance?.stage { text += "<p>The alliance is in the <strong>\(stage.rawValue)</strong> stage.</p>\n" }
        text += "<ul class=\"checklist\">\n"
        // Each check of the stages, and what it found: a check that found
        // nothing asked its question and got no problem back; one that did
        // not run (switched off, or no alliance to ask about) says so.
        for check in Catalog.all where check.family == .lifeStage {
            let findings = program.diagnostics.filter { $0.code.id == check.id }
            let ran = configuration.severity(of: check) != nil && program.model.alliance != nil && !program.checksSkipped
            let (mark, state, style) = !findings.isEmpty ? ("✗", "found", "todo") : ran ? ("✓", "nothing found", "done") : ("–", "not checked", "unchecked")
            text += "<li class=\"\(style)\"><span aria-hidden=\"true\">\(mark)</span> "
                + "<span class=\"status\">\(state):</span> \(Self.escaped(check.summary))"
            for finding in findings { text += "<br/><em>\(Self.escaped(finding.message))</em>" }
            text += "</li>\n"
        }
        return text + "</ul>\n</section>\n"
    }

    /// `new` marks the findings that appeared with the last change.
    /// With `atMost`, only that many are shown, the new ones first.
    func findings(new: Set<Diagnostic> = [], atMost: Int? = nil) -> String {
        var text = "<section aria-labelledby=\"findings\">\n<h2 id=\"findings\">Findings</h2>\n"
        var findings = program.diagnostics
        guard !findings.isEmpty else { return text + "<p>Charter found nothing to report.</p>\n</section>\n" }
        if let limit = atMost, findings.count > limit {
            text += "<p>\(limit) of the \(findings.count) findings are shown, the new ones first; <code>:check</code> lists them all.</p>\n"
            findings = Array((findings.filter(new.contains) + findings.filter { !new.contains($0) }).prefix(limit))
        }
        for finding in findings {
            let source = program.sources[finding.span.file]
            let location = source.location(of: finding.span.start)
            let isNew = new.contains(finding)
            text += "<article class=\"finding \(finding.severity)\(isNew ? " new" : "")\">\n"
            text += "<h3>\(isNew ? "<span class=\"badge\">new</span> " : "")<span class=\"severity\">\(finding.severity)</span> "
                + "\(finding.code.id) \(Self.escaped(finding.code.name))</h3>\n"
            text += "<p>\(Self.escaped(finding.message)) <small>(\(Self.escaped(source.path)), line \(location.line))</small></p>\n"
            for note in finding.notes { text += "<p class=\"note\">\(Self.escaped(note))</p>\n" }
            if let help = finding.help { text += "<p class=\"help\"><strong>What to do:</strong> \(Self.escaped(help))</p>\n" }
            if let check = Catalog.check(named: finding.code.id) {
                text += "<div class=\"why\"><h4>Why this matters</h4>\n"
                for paragraph in check.explanation.components(separatedBy: "\n\n") { text += "<p>\(Self.escaped(paragraph))</p>\n" }
                text += "</div>\n"
            }
            text += "</article>\n"
        }
        return text + "</section>\n"
    }

    // MARK: Text

    static func escaped(_ text: String) -> String { Escaping.markup(text) }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "—" : names.map(escaped).joined(separator: ", ")
    }


    /// A coordinate to one decimal place.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))" : "\(tenths)"
    }

    /// Dark text on light ground (contrast above 7:1); bars in grey, dark
    /// blue and orange, each above 3:1 against white and apart in shade and
    /// order; a print layout.
    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}
        main{max-width:52rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}
        h1{font-size:1.8rem;margin:.5rem 0}h2{border-bottom:2px solid #1a1a1a;padding-bottom:.2rem;margin-top:2rem}
        .mission{font-size:1.1rem;font-style:italic}
        .glance{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem;padding:0}
        .glance div{border:1px solid #555;padding:.4rem;border-radius:4px}.glance dt{font-size:.8rem}.glance dd{margin:0;font-size:1.3rem;font-weight:bold;overflow-wrap:normal;word-break:keep-all;hyphens:none}
        .wide{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #555;padding:.25rem .5rem;text-align:left}
        td{font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:bold;padding:.2rem 0}
        .unbacked{background:#fde8e8}
        figure{margin:0}.chart{width:100%;height:auto;max-width:40rem}
        .chart .name,.chart .figure,.chart .legend{font-size:12px;fill:#1a1a1a}
        .weight{fill:#707070}.banzhaf{fill:#0b4f8a}.shapley{fill:#c45a00}
        .checklist{list-style:none;padding:0}.checklist li{padding:.3rem 0}.checklist .done span{color:#1b5e20}.checklist .todo span{color:#b00020}
        .checklist .unchecked span{color:#555}.status{font-weight:bold}.why h4{margin:.5rem 0 0;font-size:.95rem}
        .finding{border-left:4px solid #555;padding:.2rem .8rem;margin:1rem 0}.finding.error{border-color:#b00020}.finding.warning{border-color:#8a5a00}
        .severity{text-transform:uppercase;font-size:.8rem}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        @media (max-width:30rem){th,td{padding:.2rem .3rem;font-size:.85rem}main{padding:.6rem}}
        @media print{main{max-width:none}.finding{break-inside:avoid}}
        """
}
