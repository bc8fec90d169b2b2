// The workshop page: what `charter report` shows, for a room. The REPL's
// `:serve` puts it on a local web server, and it changes as the facilitator
// models: after each change, a section at the top says what moved since
// the change before (power that rose or fell, findings new and gone), the
// same comparison the REPL prints in a what-if; during a what-if a banner
// says so, and the comparison is with the model before it. Below come the
// alliance graph, drawn as SVG, and the report's sections.
//
// The page is built for a projector and for the laptops around a table:
// large type that scales with the window, high contrast, a skip link and
// headings to move by keyboard, a text alternative for every picture, a
// print stylesheet, and nothing fetched from anywhere (styles and the
// small script are inline). The script only listens for changes (Server-Sent
// Events) and swaps in the new content; without it the page is complete
// and a reload shows the latest model. Every text from the model goes
// through `Escaping.markup`, as in the report.

import CharterChecks
import CharterDiagnostics
import CharterModel
import CharterProject

public struct LivePage: Sendable {
    /// What moved with the last change, or since the what-if opened.
    public struct Changes: Sendable {
        public var appeared: [Diagnostic]
        public var went: [Diagnostic]
        public var changed: [(was: Diagnostic, now: Diagnostic)]
        public var power: [PowerReport.Move]
        /// Whether this is the comparison with the model before a what-if.
        public var sinceWhatIf: Bool

        /// The comparison of two sets of findings and power figures, as the REPL makes it.
        public init(findingsBefore: [Diagnostic], findingsNow: [Diagnostic], powerBefore: PowerReport.Figures,
                    powerNow: PowerReport.Figures, sinceWhatIf: Bool) {
            (appeared, went, changed) = Diagnostic.comparison(findingsBefore, findingsNow)
            power = PowerReport.moves(from: powerBefore, to: powerNow)
            self.sinceWhatIf = sinceWhatIf
        }

        public var isEmpty: Bool { appeared.isEmpty && went.isEmpty && changed.isEmpty && power.isEmpty }

        /// One sentence for a screen reader's announcement and the section's opening.
        public var summary: String {
            var parts: [String] = []
            if !power.isEmpty {
                let count = { (direction: PowerReport.Move.Direction) in power.count { $0.direction == direction } }
                let (rose, fell, joined, left) = (count(.rose), count(.fell), count(.joined), count(.left))
                func figures(_ number: Int) -> String { "\(number) power figure\(number == 1 ? "" : "s")" }
                if rose > 0 && fell > 0 { parts.append("\(figures(rose)) rose and \(fell) fell") }
                else if rose > 0 { parts.append(figures(rose) + " rose") }
                else if fell > 0 { parts.append(figures(fell) + " fell") }
                if joined > 0 { parts.append("\(figures(joined)) new (a seat gained, or a new body)") }
                if left > 0 { parts.append("\(figures(left)) gone (a seat lost, or a body gone)") }
            }
            if !appeared.isEmpty { parts.append("\(appeared.count) new finding\(appeared.count == 1 ? "" : "s")") }
            if !went.isEmpty { parts.append("\(went.count) finding\(went.count == 1 ? "" : "s") gone") }
            if !changed.isEmpty { parts.append("\(changed.count) finding\(changed.count == 1 ? "" : "s") changed") }
            return parts.isEmpty ? "Nothing moved." : parts.joined(separator: ", ") + "."
        }
    }

    let report: HTMLReport
    let changes: Changes?
    let whatIf: Bool
    /// Nil when the model has more to draw than a picture can show.
    let graph: AllianceGraph?
    /// How many declarations the graph would draw: more than it can show, and it is not built.
    let parts: Int
    /// Counts the pages of one session, so the browser knows which is newer.
    public let revision: Int
    /// The entries since the page before, as typed.
    let captions: [String]
    /// Something the room should know about the figures (checks cut short).
    let notice: String?

    /// The page of `program`, whose power tables are `power`, after a change
    /// that moved `changes`; `whatIf` while a what-if is open.
    public init(program: Program, configuration: CheckConfiguration, power: PowerReport, changes: Changes?, whatIf: Bool,
                revision: Int, captions: [String] = [], notice: String? = nil, generator: String) {
        report = HTMLReport(program: program, configuration: configuration, power: power, generator: generator)
        self.changes = changes
        self.whatIf = whatIf
        self.revision = revision
        self.captions = captions
        self.notice = notice
        let model = program.model
        parts = model.members.count + model.values.count + model.principles.count + model.goals.count + model.bodies.count
            + model.blocs.count + model.rules.count + model.channels.count
        graph = parts > AllianceGraph.drawnNodes ? nil
            : AllianceGraph(model: model, view: .all, workLimit: configuration.powerWorkLimit, stepLimit: configuration.limits.evaluationSteps)
    }

    /// The whole page. `nonce` lets its one script run under the server's
    /// Content-Security-Policy; the script finds the events and the content
    /// at `events` and `content` under the page's own address. The page is
    /// well-formed XML too (the script sits in a CDATA section), so a test can parse it.
    public func document(nonce: String, content: String? = nil) -> String {
        // The icon is empty, so that the browser asks the server for none.
        report.head(kind: "Charter workshop", style: HTMLReport.style + Self.style, extra: "<link rel=\"icon\" href=\"data:,\"/>\n")
            + """
            <a class="skip" href="#content">Skip to the alliance</a>
            <div class="bar" role="status" aria-live="polite"><span id="connection">live: the page follows the REPL</span> <span id="announce" class="visually-hidden"></span></div>
            <main id="content" tabindex="-1">
            \(content ?? self.content())</main>
            <script nonce="\(nonce)">//<![CDATA[
            \(Self.script)
            //]]></script>
            </body>
            </html>

            """
    }

    /// What the page shows of the model, which the script swaps in after a change.
    public func content() -> String {
        var text = "<div id=\"live\" data-revision=\"\(revision)\" data-summary=\"\(Escaping.markup(changes?.summary ?? ""))\">\n"
        if whatIf {
            text += "<p class=\"banner\"><strong>What-if.</strong> These changes are being tried, not kept: "
                + "everything below is compared with the model before the what-if. <code>:keep</code> keeps them, "
                + "<code>:drop</code> abandons them.</p>\n"
        }
        if let notice { text += "<p class=\"banner\">\(Escaping.markup(notice))</p>\n" }
        text += "<nav aria-label=\"Sections\"><ul class=\"sections\">"
        for (anchor, name) in [("moved", "What moved"), ("power", "Power"), ("graph", "Graph"), ("values", "Values"),
                               ("stage", "Life stage"), ("findings", "Findings")] {
            text += "<li><a href=\"#\(anchor)\">\(name)</a></li>"
        }
        text += "</ul></nav>\n"
        text += report.glance(report.title)
        // Two columns on a wide screen (what moved and the power; the
        // picture and the rest), one after the other on a narrow one.
        var moves: [String: [String: PowerReport.Move]] = [:]
        for move in changes?.power ?? [] { moves[move.game, default: [:]][move.member] = move }
        text += "<div class=\"columns\">\n<div class=\"column\">\n" + moved() + "</div>\n"
        text += "<div class=\"column\">\n" + report.powerSection(moves: moves, shownMembers: Self.shownMembers) + "</div>\n</div>\n"
        // The picture across the whole width, where its labels can be read from the back of the room.
        text += graphSection()
        text += "<div class=\"columns\">\n<div class=\"column\">\n" + report.coverage() + report.lifeStage() + "</div>\n"
        text += "<div class=\"column\">\n" + report.findings(new: Set(changes?.appeared ?? []), atMost: Self.shownFindings) + "</div>\n</div>\n"
        return text + "</div>\n"
    }

    // MARK: Sections

    private func moved() -> String {
        var text = "<section aria-labelledby=\"moved\" class=\"moved-section\">\n<h2 id=\"moved\">What moved"
        text += (changes?.sinceWhatIf == true ? " since the what-if opened" : " with the last change") + "</h2>\n"
        if captions.count == 1 {
            text += "<p class=\"caption\">Last change: <code>\(Escaping.markup(captions[0]))</code></p>\n"
        } else if !captions.isEmpty {
            // Entries typed faster than the page was drawn: what moved is what they did together.
            let named = captions.suffix(5).map { "<code>\(Escaping.markup($0))</code>" }.joined(separator: "; ")
            text += "<p class=\"caption\">Last \(captions.count) changes, together: \(captions.count > 5 ? "…; " : "")\(named)</p>\n"
        }
        guard let changes else { return text + "<p>This is the model as the page opened; changes will be shown here.</p>\n</section>\n" }
        text += "<p>\(Escaping.markup(changes.summary))</p>\n"
        if !changes.power.isEmpty {
            text += "<div class=\"wide\">\n<table class=\"moves\">\n<caption>Banzhaf power that moved</caption>\n"
                + "<thead><tr><th scope=\"col\">body</th><th scope=\"col\">member</th><th scope=\"col\">before</th>"
                + "<th scope=\"col\">now</th><th scope=\"col\">change</th></tr></thead>\n<tbody>\n"
            // The largest moves, in the order of the REPL's list; a room cannot read hundreds.
            let largest = Set(changes.power.indices.sorted { Self.size(of: changes.power[$0]) > Self.size(of: changes.power[$1]) }
                .prefix(Self.shownMoves))
            for (index, move) in changes.power.enumerated() where largest.contains(index) {
                text += "<tr class=\"\(move.direction.rawValue)\"><td>\(Escaping.markup(move.game))</td>"
                    + "<th scope=\"row\">\(Escaping.markup(move.member))</th><td>\(move.before ?? "—")</td><td>\(move.now ?? "—")</td>"
                    + "<td>\(move.marked)</td></tr>\n"
            }
            text += "</tbody>\n</table>\n</div>\n"
            if changes.power.count > Self.shownMoves {
                text += "<p>… and \(changes.power.count - Self.shownMoves) smaller moves; the power tables have every figure.</p>\n"
            }
        }
        let shown = 20
        func list(_ findings: [Diagnostic], _ mark: String, _ style: String) -> String {
            findings.prefix(shown).map { finding in
                "<li class=\"\(style)\"><span class=\"badge\">\(mark)</span> <span class=\"severity\">\(finding.severity)</span> "
                    + "\(finding.code.id) \(Escaping.markup(finding.code.name)): \(Escaping.markup(finding.message))</li>\n"
            }.joined()
        }
        if !changes.appeared.isEmpty || !changes.went.isEmpty || !changes.changed.isEmpty {
            text += "<ul class=\"finding-changes\">\n"
            text += list(changes.appeared, "new", "new")
            text += list(changes.changed.map(\.now), "changed", "changed")
            text += list(changes.went, "gone", "gone")
            text += "</ul>\n"
            let unshown = [changes.appeared.count, changes.changed.count, changes.went.count].reduce(0) { $0 + max(0, $1 - shown) }
            if unshown > 0 { text += "<p>… and \(unshown) more; the findings below are complete.</p>\n" }
        }
        return text + "</section>\n"
    }

    /// How many moves of power the section lists.
    static let shownMoves = 15
    /// How many members of a body the power charts and tables show.
    static let shownMembers = 30
    /// How many findings the page shows, with their explanations.
    static let shownFindings = 40

    /// How far a figure moved; arriving or leaving counts as its whole figure.
    private static func size(of move: PowerReport.Move) -> Double {
        abs((move.now.flatMap(Double.init) ?? 0) - (move.before.flatMap(Double.init) ?? 0))
    }

    private func graphSection() -> String {
        var text = "<section aria-labelledby=\"graph\">\n<h2 id=\"graph\">The alliance as a graph</h2>\n"
        guard let graph, graph.isDrawable else {
            return text + "<p>The alliance has \(graph?.nodeCount ?? parts) members, values and other parts to draw: too many to read as a picture. "
                + "<code>charter graph</code> writes it for Graphviz.</p>\n</section>\n"
        }
        guard graph.errors.isEmpty else {
            return text + "<p>The graph is not drawn: " + Escaping.markup(graph.errors.map(\.message).joined(separator: "; ")) + "</p>\n</section>\n"
        }
        guard graph.nodeCount > 0 else { return text + "<p>Nothing is declared yet.</p>\n</section>\n" }
        text += "<p>Members on the left, then the bodies, blocs, channels and rules they are part of, the principles and goals, "
            + "and the values. Vetoes are red and labelled; a veto nobody declared is dashed.</p>\n"
        text += "<figure class=\"graph-figure\">\n<div class=\"wide\">\n" + graph.svg(id: "alliance-graph") + "</div>\n"
        text += "<figcaption><details><summary>Every connection, as a list</summary>\n" + graph.connectionList()
            + "</details></figcaption>\n</figure>\n</section>\n"
        return text
    }

    // MARK: Style and script

    /// For a room: type that grows with the window (18 px on a 1280-pixel
    /// laptop, 24 on a 1920-pixel projector), black on white, marks that
    /// do not rely on colour alone (▲ ▼, "new", "gone"), visible focus.
    static let style = """
        html{font-size:clamp(16px,1.1vw,30px)}body{color:#000}
        main{max-width:78rem}h1{font-size:2.2rem;margin:.2rem 0}h2{font-size:1.5rem}
        .glance{grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr))}.glance div{padding:.2rem .5rem}.glance dd{font-size:1.4rem}
        @media (min-width:1400px){main{max-width:none;padding:.5rem 1.5rem}
        .columns{display:grid;grid-template-columns:minmax(0,11fr) minmax(0,9fr);gap:2.5rem;align-items:start}
        .column>section:first-child h2,.column>section:first-child{margin-top:.6rem}}
        .skip{position:absolute;left:-999px;top:0;background:#000;color:#fff;padding:.5rem 1rem;z-index:2}.skip:focus{left:.5rem}
        a:focus,summary:focus,main:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}
        .bar{position:sticky;top:0;background:#111;color:#fff;padding:.3rem 1rem;font-size:.85rem;z-index:1}
        .bar.offline{background:#b00020}
        .sections{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;margin:.5rem 0}
        .sections a{color:#0b4f8a;font-weight:bold}
        .banner{background:#fff3c4;border:3px solid #8a5a00;padding:.6rem 1rem;font-size:1.15rem;margin:.8rem 0}
        .moved-section{border:3px solid #000;padding:0 1rem 1rem;margin-top:1rem}.moved-section>p:first-of-type{font-size:1.2rem}
        .moved-section h2{margin-top:.8rem}
        tr.rose td,tr.rose th,tr.joined td,tr.joined th{background:#dff3e3}tr.fell td,tr.fell th,tr.left td,tr.left th{background:#fde8e8}
        .moved{font-weight:bold;white-space:nowrap}
        .badge{display:inline-block;border:2px solid currentColor;border-radius:3px;padding:0 .3rem;font-size:.8rem;
        font-weight:bold;text-transform:uppercase}
        .finding-changes{list-style:none;padding:0}.finding-changes li{padding:.2rem 0}
        .finding-changes .new,.finding.new h3{color:#8a3a00}.finding-changes .gone{color:#1b5e20}.finding.new{background:#fff6ec}
        .graph{width:100%;height:auto;font-size:13px}.chart{max-width:none}
        .graph .node rect{fill:#fff;stroke:#1a1a1a;stroke-width:1.5}.graph .node text{fill:#000}.graph .node .about{font-size:11px;fill:#333}
        .graph .member rect{fill:#eeeeee}.graph .values-driven rect{fill:#cdebd3}.graph .business rect{fill:#fde2c4}
        .graph .power rect{fill:#f6c6c6}.graph .mixed rect{fill:#e3e0f3}.graph .value rect{fill:#fff5cc}
        .graph .body rect{stroke-width:3}.graph .holds-veto rect{stroke:#b00020;stroke-width:3}
        .graph .edge{fill:none;stroke:#8a8a8a;stroke-width:1.2}.graph .tension{stroke:#7a5c00;stroke-dasharray:5 4}
        .graph .opposing{stroke:#b00020}.graph .veto{stroke:#b00020;stroke-width:3.5}.graph .hidden{stroke-dasharray:8 5}
        .graph .arrowhead{fill:#555}.graph .veto-label{fill:#b00020;font-weight:bold;font-size:12px}
        .connections{font-size:.9rem}
        @media (max-width:50rem){html{font-size:16px}}
        @media print{.bar,.skip,.sections,script{display:none}html{font-size:11pt}.banner{border-width:2px}
        tr.rose td,tr.fell td{-webkit-print-color-adjust:exact;print-color-adjust:exact}details>*{display:block}}
        """

    /// Listens for changes and swaps in the new content, keeping the place
    /// the reader was at; says when the session has gone away.
    static let script = """
        (function(){
        var connection=document.getElementById('connection'),announce=document.getElementById('announce');
        var base=location.pathname.replace(/[/]*$/,'/');
        function revision(){var live=document.getElementById('live');return live?Number(live.dataset.revision):0;}
        var fetching=false,wanted=0;
        function update(){
        if(fetching||wanted<=revision())return;fetching=true;
        fetch(base+'content',{cache:'no-store'}).then(function(response){if(!response.ok)throw new Error(response.status);return response.text();})
        .then(function(text){
        var focused=document.activeElement&&document.activeElement.id;
        var holder=document.createElement('div');holder.innerHTML=text;var live=holder.querySelector('#live');
        if(live&&Number(live.dataset.revision)>revision()){
        document.getElementById('content').replaceChildren.apply(document.getElementById('content'),Array.prototype.slice.call(holder.childNodes));
        announce.textContent='The model changed. '+(live.dataset.summary||'');
        if(focused){var again=document.getElementById(focused);if(again)again.focus();}
        }
        }).catch(function(){}).then(function(){fetching=false;update();});
        }
        if(!window.EventSource){connection.textContent='reload the page to see changes';return;}
        var events=new EventSource(base+'events');
        events.onopen=function(){connection.textContent='live: the page follows the REPL';connection.parentNode.classList.remove('offline');};
        events.onmessage=function(event){wanted=Math.max(wanted,Number(event.data)||0);update();};
        events.onerror=function(){connection.textContent='not connected: the REPL has stopped serving, or is starting again';connection.parentNode.classList.add('offline');};
        })();
        """
}
