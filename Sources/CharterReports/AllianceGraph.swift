// The alliance as a graph, for `charter graph`: members (shaped by kind,
// coloured by motivation, labelled with both), values, principles (upholds and opposes edges,
// tensions dashed), goals (serves), bodies (seats, vetoes marked), and
// rules and channels in the governance view. One neutral graph, written as
// Graphviz DOT or as a Mermaid flowchart. A bloc, body or channel whose
// members cannot be evaluated (past the step limit, say) is not drawn empty:
// the graph has `errors`, and a graph with errors is not to be drawn.

import CharterChecks
import CharterDiagnostics
import CharterEvaluation
import CharterModel
import CharterPower

public struct AllianceGraph: Sendable {
    /// Which layer to draw.
    public enum View: String, Sendable, CaseIterable {
        /// Everything.
        case all
        /// Values, the principles that uphold or oppose them, goals, tensions, and who holds what.
        case values
        /// Bodies and their seats, with each member's Banzhaf power and the vetoes.
        case power
        /// Bodies, blocs, rules and channels: who decides, who is bound, who is reached.
        case governance
    }

    struct Node: Sendable, Equatable {
        enum Kind: String, Sendable { case member, value, principle, goal, body, bloc, rule, channel }
        var id: String
        var kind: Kind
        var label: String
        /// For members: their motivation, which colours them.
        var motivation: Motivation?
        /// For members: what kind of organisation they are, which shapes them.
        var memberKind: MemberKind?
    }

    struct Edge: Sendable, Equatable {
        enum Style: Sendable { case plain, dashed, opposing, veto, hiddenVeto }
        var from: String
        var to: String
        var label: String
        var style: Style
    }

    var nodes: [Node] = []
    var edges: [Edge] = []
    /// What could not be evaluated, located: with any, the graph leaves
    /// something out, and should not be drawn.
    public private(set) var errors: [Diagnostic] = []
    /// What is there already, so adding is constant time however large the alliance.
    private var nodeIDs: Set<String> = []
    private var edgeKeys: Set<String> = []

    /// `workLimit` bounds the power computations of the power view, as in
    /// `charter power`, and `stepLimit` the evaluation of blocs and bodies.
    public init(model: Model, view: View = .all, workLimit: Double = PowerAnalysis.defaultWorkLimit,
                stepLimit: Int = Limits().evaluationSteps, progress: WorkProgress? = nil) {
        let evaluator = Evaluator(model: model, budget: EvaluationBudget(stepLimit: stepLimit))
        // Definitions first, in dependency order, as the power tables do.
        errors = evaluator.evaluateSelections()
        guard errors.isEmpty else { return }
        /// The members a set has, or none and its error.
        func evaluated(_ members: () throws(EvaluationError) -> [Member]) -> [Member] {
            do throws(EvaluationError) {
                return try members()
            } catch {
                errors.append(error.diagnostic)
                return []
            }
        }
        func member(_ member: Member) {
            // Labelled with what it is and why it is in the alliance: "triodos\ncompany, values driven".
            let about = [member.kind?.rawValue, member.motivation?.rawValue].compactMap { $0?.replacing("_", with: " ") }
            let label = member.name + (about.isEmpty ? "" : "\n" + about.joined(separator: ", "))
            add(Node(id: "member:" + member.name, kind: .member, label: label, motivation: member.motivation, memberKind: member.kind))
        }
        if view == .all || view == .values {
            for value in model.values { add(Node(id: "value:" + value.name, kind: .value, label: value.name)) }
            for principle in model.principles {
                add(Node(id: "principle:" + principle.name, kind: .principle, label: principle.name))
                for value in principle.upholds { connect("principle:" + principle.name, "value:" + value, "upholds", .plain) }
                for value in principle.opposes { connect("principle:" + principle.name, "value:" + value, "opposes", .opposing) }
            }
            for tension in model.tensions {
                let kind = tension.between == .values ? "value:" : "principle:"
                connect(kind + tension.left, kind + tension.right, "tension", .dashed)
            }
            for goal in model.goals {
                add(Node(id: "goal:" + goal.name, kind: .goal, label: "\(goal.name) (\(goal.kind.rawValue))"))
                for value in goal.serves { connect("goal:" + goal.name, "value:" + value, "serves", .plain) }
            }
            for someone in model.members {
                member(someone)
                for value in someone.holds { connect("member:" + someone.name, "value:" + value, "holds", .plain) }
            }
        }
        if view == .all || view == .power || view == .governance {
            var power: [String: [String: Double]] = [:]
            if view == .power {
                let report = PowerReport(model: model, workLimit: workLimit, stepLimit: stepLimit, progress: progress)
                errors += report.errors
                // Each body's Banzhaf index per member, in the game of its default
                // rule (the first, when its matters have rules of their own).
                power = Dictionary(report.banzhafShares().map { ($0.body, $0.shares) }, uniquingKeysWith: { first, _ in first })
            }
            for body in model.bodies {
                add(Node(id: "body:" + body.name, kind: .body, label: body.name))
                let seated = evaluated { () throws(EvaluationError) in try evaluator.bodyMembers(body) }
                for someone in seated {
                    member(someone)
                    let share = power[body.name]?[someone.name].map { " " + percent($0) } ?? ""
                    connect("member:" + someone.name, "body:" + body.name, "seat" + share, .plain)
                }
                for veto in body.vetoes {
                    let on = veto.matters.isEmpty ? "" : " on " + veto.matters.joined(separator: ", ")
                    connect("member:" + veto.member, "body:" + body.name, "veto" + on, .veto)
                }
                // A veto nobody declared, by weight or by the quorum, drawn as one too.
                let games = (try? evaluator.games(of: body)) ?? []
                for game in games {
                    for player in game.undeclaredVetoes {
                        let on = games.count > 1 && !game.matters.isEmpty ? " on " + game.matters.joined(separator: ", ") : ""
                        connect("member:" + game.members[player].name, "body:" + body.name, "hidden veto" + on, .hiddenVeto)
                    }
                }
            }
        }
        if view == .all || view == .governance {
            for bloc in model.blocs {
                add(Node(id: "bloc:" + bloc.name, kind: .bloc, label: bloc.name))
                for someone in evaluated({ () throws(EvaluationError) in try evaluator.members(of: bloc.members) }) {
                    member(someone)
                    connect("bloc:" + bloc.name, "member:" + someone.name, "includes", .plain)
                }
            }
            for rule in model.rules {
                add(Node(id: "rule:" + rule.name, kind: .rule, label: rule.name))
                switch rule.actor {
                case .named(let name), .everyMember(of: .some(let name)):
                    // A member bound by a rule is drawn even if no body, bloc or channel has it.
                    let target = ["member:", "bloc:", "body:"].map { $0 + name }.first(where: nodeIDs.contains)
                    if target == nil, let bound = model.member(named: name) { member(bound) }
                    if let target = target ?? (nodeIDs.contains("member:" + name) ? "member:" + name : nil) {
                        connect("rule:" + rule.name, target, "binds", .plain)
                    }
                case .everyMember(of: nil):
                    break
                }
            }
            for channel in model.channels {
                add(Node(id: "channel:" + channel.name, kind: .channel, label: channel.name + (channel.frequency.map { " (\($0.rawValue))" } ?? "")))
                for someone in evaluated({ () throws(EvaluationError) in try evaluator.channelMembers(channel) }) {
                    member(someone)
                    connect("channel:" + channel.name, "member:" + someone.name, "reaches", .plain)
                }
            }
        }
        // Edges to things the view leaves out (a value in the power view) go too.
        edges.removeAll { !nodeIDs.contains($0.from) || !nodeIDs.contains($0.to) }
        // A body's members may fail in its power table and in its seats alike: said once.
        var seen: Set<Diagnostic> = []
        errors = errors.filter { seen.insert($0).inserted }.sortedForDisplay()
    }

    private mutating func add(_ node: Node) {
        if nodeIDs.insert(node.id).inserted { nodes.append(node) }
    }

    private mutating func connect(_ from: String, _ to: String, _ label: String, _ style: Edge.Style) {
        if edgeKeys.insert("\(from)\u{0}\(to)\u{0}\(label)\u{0}\(style)").inserted {
            edges.append(Edge(from: from, to: to, label: label, style: style))
        }
    }

    // MARK: DOT

    /// Graphviz DOT.
    public func dot() -> String {
        var text = "digraph alliance {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n"
        text += "  edge [fontname=\"Helvetica\", fontsize=9];\n"
        for node in nodes {
            var attributes = ["label=" + Self.quoted(node.label), "shape=" + (node.memberKind.map(Self.shape) ?? Self.shape(node.kind))]
            if let fill = Self.fill(node) { attributes += ["style=filled", "fillcolor=" + Self.quoted(fill)] }
            text += "  \(Self.quoted(node.id)) [\(attributes.joined(separator: ", "))];\n"
        }
        for edge in edges {
            var attributes = ["label=" + Self.quoted(edge.label)]
            switch edge.style {
            case .plain: break
            case .dashed: attributes += ["style=dashed", "dir=both", "color=\"#7a5c00\""]
            case .opposing: attributes += ["color=\"#b00020\"", "arrowhead=tee"]
            case .veto: attributes += ["color=\"#b00020\"", "penwidth=2", "style=bold"]
            case .hiddenVeto: attributes += ["color=\"#b00020\"", "penwidth=2", "style=\"bold,dashed\""]
            }
            text += "  \(Self.quoted(edge.from)) -> \(Self.quoted(edge.to)) [\(attributes.joined(separator: ", "))];\n"
        }
        return text + "}\n"
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n") + "\""
    }

    private static func shape(_ kind: Node.Kind) -> String {
        switch kind {
        case .member: "box"
        case .value: "ellipse"
        case .principle: "note"
        case .goal: "hexagon"
        case .body: "doubleoctagon"
        case .bloc: "folder"
        case .rule: "component"
        case .channel: "cds"
        }
    }

    /// A member's shape by its kind, none of them a shape other nodes have.
    private static func shape(_ kind: MemberKind) -> String {
        switch kind {
        case .company: "box"
        case .cooperative: "box3d"
        case .socialEnterprise: "tab"
        case .government: "house"
        case .publicInstitution: "invhouse"
        case .ngo: "octagon"
        case .civilSociety: "septagon"
        case .knowledgeInstitution: "parallelogram"
        case .financier: "cylinder"
        case .individual: "egg"
        }
    }

    /// Members coloured by why they are in the alliance; values lightly.
    private static func fill(_ node: Node) -> String? {
        switch node.kind {
        case .member:
            switch node.motivation {
            case .valuesDriven: "#cdebd3"
            case .business: "#fde2c4"
            case .power: "#f6c6c6"
            case .mixed: "#e3e0f3"
            case nil: "#eeeeee"
            }
        case .value: "#fff5cc"
        default: nil
        }
    }

    // MARK: Mermaid

    /// A Mermaid flowchart.
    public func mermaid() -> String {
        var text = "flowchart LR\n"
        var ids: [String: String] = [:]
        for (index, node) in nodes.enumerated() {
            let id = "n\(index + 1)"
            ids[node.id] = id
            let label = Self.mermaidText(node.label)
            let shaped = switch node.kind {
            case .member: "[\"\(label)\"]"
            case .value: "([\"\(label)\"])"
            case .principle: "[/\"\(label)\"/]"
            case .goal: "{{\"\(label)\"}}"
            case .body: "[[\"\(label)\"]]"
            case .bloc: "[(\"\(label)\")]"
            case .rule: "[\\\"\(label)\"\\]"
            case .channel: ">\"\(label)\"]"
            }
            text += "  \(id)\(shaped)\n"
        }
        for edge in edges {
            guard let from = ids[edge.from], let to = ids[edge.to] else { continue }
            let label = Self.mermaidText(edge.label)
            let arrow = switch edge.style {
            case .plain, .opposing: "-- \"\(label)\" -->"
            case .dashed: "<-. \"\(label)\" .->"
            case .veto, .hiddenVeto: "== \"\(label)\" ==>"
            }
            text += "  \(from) \(arrow) \(to)\n"
        }
        var classes: [String: [String]] = [:]
        for node in nodes where node.kind == .member {
            classes[node.motivation?.rawValue ?? "undeclared", default: []].append(ids[node.id] ?? "")
        }
        let colours = ["values_driven": "#cdebd3", "business": "#fde2c4", "power": "#f6c6c6", "mixed": "#e3e0f3", "undeclared": "#eeeeee"]
        for (motivation, members) in classes.sorted(by: { $0.key < $1.key }) {
            text += "  classDef \(motivation) fill:\(colours[motivation] ?? "#eeeeee")\n"
            text += "  class \(members.joined(separator: ",")) \(motivation)\n"
        }
        let opposing = edges.enumerated().filter { [.opposing, .veto, .hiddenVeto].contains($0.element.style) }.map { "\($0.offset)" }
        if !opposing.isEmpty { text += "  linkStyle \(opposing.joined(separator: ",")) stroke:#b00020\n" }
        return text
    }

    /// A label in Mermaid's quotes: its own quotes as an entity, a line break as `<br/>`.
    private static func mermaidText(_ text: String) -> String {
        text.replacing("\"", with: "#quot;").replacing("\n", with: "<br/>")
    }
}
