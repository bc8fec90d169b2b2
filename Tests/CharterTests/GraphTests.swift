// charter graph: DOT and Mermaid snapshots of an example (rewrite them with
// CHARTER_UPDATE_SNAPSHOTS=1), every example and view rendered by Graphviz,
// and the Mermaid text held to the flowchart syntax it uses.

import Charter
import Foundation
import Testing

@Suite struct GraphTests {
    static let views = AllianceGraph.View.allCases.map(\.rawValue)

    @Test("each view of the banking example gives its snapshot, in DOT and Mermaid", arguments: views)
    func snapshots(_ view: String) throws {
        for format in ["dot", "mermaid"] {
            let run = try CLITests.charter(["graph", "examples/banking.charter", "--format", format, "--view", view])
            #expect(run.status == 0)
            let snapshot = Repository.url("Tests/CharterTests/Fixtures/graphs/banking-\(view).\(format == "dot" ? "dot" : "mmd")")
            if ProcessInfo.processInfo.environment["CHARTER_UPDATE_SNAPSHOTS"] == "1" {
                try run.stdout.write(to: snapshot, atomically: true, encoding: .utf8)
                continue
            }
            let expected = (try? String(contentsOf: snapshot, encoding: .utf8)) ?? "(no snapshot: run with CHARTER_UPDATE_SNAPSHOTS=1)"
            #expect(run.stdout == expected, "\(format) of the \(view) view differs from its snapshot")
        }
    }

    @Test("every example's graph, in every view, is DOT that Graphviz renders", .requires(.graphviz), arguments: GoldenTests.examples)
    func rendersWithGraphviz(_ example: String) throws {
        for view in Self.views {
            let dot = try CLITests.charter(["graph", example, "--view", view]).stdout
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("charter-\(UUID().uuidString).dot")
            try dot.write(to: file, atomically: true, encoding: .utf8)
            let rendered = try Subprocess.run(["dot", "-Tsvg", file.path])
            #expect(rendered.status == 0, "\(example), view \(view): \(rendered.output.prefix(300))")
            #expect(rendered.output.contains("<svg"))
        }
    }

    @Test("Mermaid output is a flowchart of node, link and class lines only", arguments: GoldenTests.examples)
    func mermaidSyntax(_ example: String) throws {
        let lines = try CLITests.charter(["graph", example, "--format", "mermaid"]).stdout.split(separator: "\n")
        #expect(lines.first == "flowchart LR")
        for line in lines.dropFirst() {
            let node = #/  n\d+(\["[^"]*"\]|\(\["[^"]*"\]\)|\[/"[^"]*"/\]|\{\{"[^"]*"\}\}|\[\["[^"]*"\]\]|\[\("[^"]*"\)\]|\[\\"[^"]*"\\\]|>"[^"]*"\])/#
            let link = #/  n\d+ (-- "[^"]*" -->|<-\. "[^"]*" \.->|== "[^"]*" ==>) n\d+/#
            let style = #/  (classDef \w+ fill:#[0-9a-f]{6}|class n\d+(,n\d+)* \w+|linkStyle \d+(,\d+)* stroke:#[0-9a-f]{6})/#
            #expect(line.wholeMatch(of: node) != nil || line.wholeMatch(of: link) != nil || line.wholeMatch(of: style) != nil,
                    "\(example): not flowchart syntax: \(line)")
        }
    }

    @Test("a veto nobody declared is drawn as a veto, dashed, in DOT and Mermaid; one under consensus is not")
    func hiddenVetoes() throws {
        let program = Program.load(text: """
            member big { kind company weight 3 }
            member b { kind ngo }
            member c { kind ngo }
            member d { kind ngo }
            member e { kind ngo }
            body assembly { members all by weighted majority quorum 75% decides statutes }
            body board { members all by consensus decides budget }
            """, path: "hidden.charter")
        #expect(!program.hasFindings(atOrAbove: .error))
        let graph = AllianceGraph(model: program.model)
        let dot = graph.dot()
        #expect(dot.contains(##""member:big" -> "body:assembly" [label="hidden veto", color="#b00020", penwidth=2, style="bold,dashed"];"##))
        #expect(!dot.contains(#""member:b" -> "body:assembly" [label="hidden veto""#))
        #expect(!dot.contains(#"-> "body:board" [label="hidden veto""#))
        #expect(graph.mermaid().contains(#"== "hidden veto" ==>"#))
    }

    @Test("a file with errors is not drawn, and says why")
    func errors() throws {
        let run = try CLITests.charter(["graph", "examples/broken/unknown-names.charter"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("the alliance cannot be drawn until these errors are fixed"))
        #expect(try CLITests.charter(["graph", "missing.charter"]).status == 2)
        #expect(try CLITests.charter(["graph", "examples/banking.charter", "--view", "everything"]).status == 64)
    }
}
