// `charter graph FILE --format dot|mermaid [--view …]`: the alliance as a
// picture, for members who would rather look than read.

import ArgumentParser
import Charter
import CharterREPL
import Foundation

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the alliance as a graph: Graphviz DOT or a Mermaid flowchart.",
        discussion: """
            Members (shaped by kind, coloured by motivation, labelled with both), values, principles (upholds and opposes; \
            tensions dashed), goals (serves), bodies (seats; vetoes bold), and in the governance view \
            blocs, rules and channels. --view draws one layer: values, power (seats with each member's \
            Banzhaf power) or governance. Render DOT with `dot -Tsvg`; paste Mermaid into a Markdown file.
            Exits 0 on success, 1 when the file has errors (as it evaluates, within [limits] evaluation-steps), \
            2 when it cannot be read, 64 on a usage error.
            """
    )

    enum GraphFormat: String, ExpressibleByArgument, CaseIterable { case dot, mermaid }

    @Argument(help: "The Charter file.", completion: .file(extensions: ["charter"]))
    var file: String

    @Option(help: "dot (Graphviz) or mermaid.")
    var format: GraphFormat = .dot

    @Option(help: "all, values, power or governance.")
    var view: AllianceGraph.View = .all

    @OptionGroup var settings: SettingsOptions
    @OptionGroup var imports: RootOption

    func run() throws {
        var configurations = settings.configurations()
        let configuration = try configurations.configurationOrExit(for: file)
        let program = try programOrExit(file, limits: configuration.limits, root: imports.root, color: settings.color.mode, unless: "the alliance cannot be drawn until these errors are fixed")
        let display = ProgressDisplay()
        let graph = display.during {
            AllianceGraph(model: program.model, view: view, workLimit: configuration.powerWorkLimit,
                          stepLimit: configuration.limits.evaluationSteps, progress: display.progress)
        }
        // A bloc, body or channel that cannot be evaluated would be drawn empty.
        guard graph.errors.isEmpty else {
            printError(DiagnosticRenderer(sources: program.sources, color: settings.color.mode).render(graph.errors)
                + "the alliance cannot be drawn until these errors are fixed")
            throw ExitCode(1)
        }
        let text = format == .dot ? graph.dot() : graph.mermaid()
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension AllianceGraph.View: ExpressibleByArgument {}
