// The alliance graph drawn by Charter itself, as SVG, for the workshop page:
// no Graphviz and no script. The layout is by layers, left to right:
// members; the bodies, blocs, channels and rules they sit in or are bound
// by; principles and goals; values. Within a layer, nodes are ordered by
// the average position of their neighbours (two sweeps, as Sugiyama's
// method does), which keeps most edges short; ties keep the order of
// declaration, so the same model always gives the same picture. Vetoes are
// red, thick and labelled, a veto nobody declared dashed as well. A graph
// too large to read on a screen is not drawn: the page says so.

import CharterDiagnostics
import CharterModel

extension AllianceGraph {
    /// The most nodes and edges drawn; past them, a picture is no longer read.
    public static let drawnNodes = 240
    public static let drawnEdges = 1_200

    /// Whether the graph is small enough to draw.
    public var isDrawable: Bool { nodes.count <= Self.drawnNodes && edges.count <= Self.drawnEdges }

    public var nodeCount: Int { nodes.count }
    public var edgeCount: Int { edges.count }

    /// The layer a kind of node is drawn in.
    private static func layer(_ kind: Node.Kind) -> Int {
        switch kind {
        case .member: 0
        case .body, .bloc, .channel, .rule: 1
        case .principle, .goal: 2
        case .value: 3
        }
    }

    struct Placed {
        var x: Double
        var y: Double
        var width: Double
        var height: Double
        var lines: [String]
    }

    /// Where each node goes, by its index.
    func layout() -> (placed: [Placed], width: Double, height: Double) {
        var layers: [[Int]] = Array(repeating: [], count: 4)
        for (index, node) in nodes.enumerated() { layers[Self.layer(node.kind)].append(index) }
        layers.removeAll { $0.isEmpty }
        var indexOf: [String: Int] = [:]
        for (index, node) in nodes.enumerated() { indexOf[node.id] = index }
        var neighbours: [[Int]] = Array(repeating: [], count: nodes.count)
        for edge in edges {
            guard let from = indexOf[edge.from], let to = indexOf[edge.to], from != to else { continue }
            neighbours[from].append(to)
            neighbours[to].append(from)
        }
        var layerOf = [Int](repeating: 0, count: nodes.count)
        var position = [Double](repeating: 0, count: nodes.count)
        for (number, layer) in layers.enumerated() {
            for (slot, node) in layer.enumerated() {
                layerOf[node] = number
                position[node] = Double(slot)
            }
        }
        // Ordering sweeps: each layer by its neighbours in the layer before
        // (then after); a node without any keeps its place.
        func sweep(_ order: [Int], against side: Int) {
            for number in order {
                let layer = layers[number]
                let keys = layer.map { node -> Double in
                    let across = neighbours[node].filter { layerOf[$0] == number + side }
                    guard !across.isEmpty else { return position[node] }
                    return across.map { position[$0] }.reduce(0, +) / Double(across.count)
                }
                let sorted = layer.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }.map { layer[$0] }
                layers[number] = sorted
                for (slot, node) in sorted.enumerated() { position[node] = Double(slot) }
            }
        }
        if layers.count > 1 {
            for _ in 0..<2 {
                sweep(Array(1..<layers.count), against: -1)
                sweep(Array((0..<(layers.count - 1)).reversed()), against: 1)
            }
        }
        let gap = 110.0, rowGap = 12.0, margin = 10.0
        var placed = [Placed](repeating: Placed(x: 0, y: 0, width: 0, height: 0, lines: []), count: nodes.count)
        var x = margin
        var tallest = 0.0
        for layer in layers {
            var widest = 0.0
            var y = margin
            for node in layer {
                let lines = nodes[node].label.split(separator: "\n", omittingEmptySubsequences: false).map { Self.shortened(String($0)) }
                let width = Double(min(max(lines.map { TextWidth.columns(of: Substring($0)) }.max() ?? 0, 6), 34)) * 7.6 + 22
                let height = Double(lines.count) * 16 + 12
                placed[node] = Placed(x: x, y: y, width: width, height: height, lines: lines)
                widest = max(widest, width)
                y += height + rowGap
            }
            // The nodes of a layer share its left edge and are centred on its widest.
            for node in layer { placed[node].x = x + (widest - placed[node].width) / 2 }
            tallest = max(tallest, y)
            x += widest + gap
        }
        return (placed, max(x - gap + margin, 100), max(tallest, 40))
    }

    /// A label cut to what a node has room for; the whole is in its title.
    private static func shortened(_ line: String) -> String {
        line.count <= 34 ? line : String(line.prefix(33)) + "…"
    }

    /// The graph as an SVG element, with a title and a description for
    /// screen readers; `id` keeps its references apart from others on the page.
    public func svg(id: String) -> String {
        let (placed, width, height) = layout()
        var indexOf: [String: Int] = [:]
        for (index, node) in nodes.enumerated() { indexOf[node.id] = index }
        let vetoes = edges.filter { $0.style == .veto || $0.style == .hiddenVeto }
        var text = "<svg role=\"img\" aria-labelledby=\"\(id)-title\" aria-describedby=\"\(id)-desc\" class=\"graph\" "
            + "viewBox=\"0 0 \(HTMLReport.number(width)) \(HTMLReport.number(height))\" "
            // As wide as the page, but never blown up past twice its size (a graph of three nodes).
            + "style=\"max-width:\(Int(width * 2))px\" "
            + "xmlns=\"http://www.w3.org/2000/svg\">\n"
        text += "<title id=\"\(id)-title\">The alliance as a graph</title>\n"
        var counts = [0, 0, 0, 0]
        for node in nodes { counts[Self.layer(node.kind)] += 1 }
        var summary = "From left to right: \(counts[0]) members; \(counts[1]) bodies, blocs, channels and rules; "
        summary += "\(counts[2]) principles and goals; \(counts[3]) values. "
        let vetoList = vetoes.map { edge -> String in
            let hidden = edge.style == .hiddenVeto ? " (not declared)" : ""
            return label(of: edge.from) + " over " + label(of: edge.to) + hidden
        }
        summary += vetoes.isEmpty ? "Nobody holds a veto." : "Vetoes: " + vetoList.joined(separator: "; ") + "."
        text += "<desc id=\"\(id)-desc\">\(Escaping.markup(summary)) The list after the picture gives every connection.</desc>\n"
        text += "<defs><marker id=\"\(id)-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
            + "orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" class=\"arrowhead\"/></marker></defs>\n"
        // Edges under the nodes; vetoes last, so they are on top of the rest.
        let ordered = edges.filter { $0.style != .veto && $0.style != .hiddenVeto } + vetoes
        for edge in ordered {
            guard let from = indexOf[edge.from], let to = indexOf[edge.to] else { continue }
            let (a, b) = (placed[from], placed[to])
            let path: String
            var labelPoint: (x: Double, y: Double)
            if abs(a.x - b.x) < 1 {
                // Within a layer (a tension): an arc out to the right.
                let (x1, y1, y2) = (a.x + a.width, a.y + a.height / 2, b.y + b.height / 2)
                let bulge = x1 + 40 + min(abs(y2 - y1) / 4, 60)
                path = "M\(HTMLReport.number(x1)),\(HTMLReport.number(y1)) C\(HTMLReport.number(bulge)),\(HTMLReport.number(y1)) "
                    + "\(HTMLReport.number(bulge)),\(HTMLReport.number(y2)) \(HTMLReport.number(x1)),\(HTMLReport.number(y2))"
                labelPoint = (bulge - 8, (y1 + y2) / 2)
            } else {
                let leftToRight = a.x < b.x
                let x1 = leftToRight ? a.x + a.width : a.x, x2 = leftToRight ? b.x : b.x + b.width
                let y1 = a.y + a.height / 2, y2 = b.y + b.height / 2
                let middle = (x1 + x2) / 2
                path = "M\(HTMLReport.number(x1)),\(HTMLReport.number(y1)) C\(HTMLReport.number(middle)),\(HTMLReport.number(y1)) "
                    + "\(HTMLReport.number(middle)),\(HTMLReport.number(y2)) \(HTMLReport.number(x2)),\(HTMLReport.number(y2))"
                labelPoint = (x2 + (leftToRight ? -36 : 36), y2 + (y1 < y2 ? -6 : 12))
            }
            let style = switch edge.style {
            case .plain: "edge"
            case .dashed: "edge tension"
            case .opposing: "edge opposing"
            case .veto: "edge veto"
            case .hiddenVeto: "edge veto hidden"
            }
            text += "<path d=\"\(path)\" class=\"\(style)\" marker-end=\"url(#\(id)-arrow)\"><title>"
                + Escaping.markup("\(label(of: edge.from)) \(edge.label) \(label(of: edge.to))") + "</title></path>\n"
            if edge.style == .veto || edge.style == .hiddenVeto {
                labelPoint.x = max(labelPoint.x, 4)
                text += "<text x=\"\(HTMLReport.number(labelPoint.x))\" y=\"\(HTMLReport.number(labelPoint.y))\" text-anchor=\"middle\" "
                    + "class=\"veto-label\">\(Escaping.markup(edge.style == .hiddenVeto ? "hidden veto" : "veto"))</text>\n"
            }
        }
        let vetoHolders = Set(vetoes.map(\.from))
        for (index, node) in nodes.enumerated() {
            let place = placed[index]
            var classes = "node " + node.kind.rawValue
            if let motivation = node.motivation { classes += " " + motivation.rawValue.replacing("_", with: "-") }
            if vetoHolders.contains(node.id) { classes += " holds-veto" }
            let radius = node.kind == .value ? place.height / 2 : node.kind == .member ? 4 : 10
            text += "<g class=\"\(classes)\"><title>\(Escaping.markup(node.label.replacing("\n", with: ", ")))</title>"
                + "<rect x=\"\(HTMLReport.number(place.x))\" y=\"\(HTMLReport.number(place.y))\" width=\"\(HTMLReport.number(place.width))\" "
                + "height=\"\(HTMLReport.number(place.height))\" rx=\"\(HTMLReport.number(radius))\"/>"
            for (number, line) in place.lines.enumerated() {
                text += "<text x=\"\(HTMLReport.number(place.x + place.width / 2))\" y=\"\(HTMLReport.number(place.y + 20 + Double(number) * 16))\" "
                    + "text-anchor=\"middle\"\(number > 0 ? " class=\"about\"" : "")>\(Escaping.markup(line))</text>"
            }
            text += "</g>\n"
        }
        return text + "</svg>\n"
    }

    /// Every connection in words, grouped by where it goes: the text
    /// alternative of the picture, as an HTML list.
    public func connectionList() -> String {
        var byTarget: [String: [Edge]] = [:]
        for edge in edges { byTarget[edge.to, default: []].append(edge) }
        var text = "<ul class=\"connections\">\n"
        for node in nodes {
            guard let incoming = byTarget[node.id] else { continue }
            let grouped = Dictionary(grouping: incoming, by: \.label)
            let parts = grouped.keys.sorted().map { label in
                "\(label): " + grouped[label, default: []].map { self.label(of: $0.from) }.joined(separator: ", ")
            }
            text += "<li><strong>\(Escaping.markup(label(of: node.id)))</strong> (\(node.kind.rawValue)) — "
                + Escaping.markup(parts.joined(separator: "; ")) + "</li>\n"
        }
        return text + "</ul>\n"
    }

    /// A node's name, its label's first line.
    private func label(of id: String) -> String {
        guard let node = nodes.first(where: { $0.id == id }) else { return id }
        return String(node.label.split(separator: "\n").first ?? "")
    }
}
