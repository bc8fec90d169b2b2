// `charter report FILE [-o report.html]`: the alliance on one self-contained
// HTML page, for members who never open a terminal.

import ArgumentParser
import Charter
import CharterREPL
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the alliance as one self-contained HTML page: power charts, value coverage, life stage, findings.",
        discussion: """
            The page needs nothing from the network (its styles and charts are inline), prints, and reads \
            on a phone and with a screen reader. Without -o it is written to standard output.
            Exits 0 when the report is written, 1 when the file has errors, 2 when a file cannot be read \
            or written, 64 on a usage error.
            """
    )

    @Argument(help: "The Charter file.", completion: .file(extensions: ["charter"]))
    var file: String

    @Option(name: [.short, .customLong("output")], help: "The HTML file to write (replaced atomically).")
    var output: String?

    @OptionGroup var settings: SettingsOptions
    @OptionGroup var imports: RootOption

    func run() throws {
        var configurations = settings.configurations()
        let configuration = try configurations.configurationOrExit(for: file)
        var program = try programOrExit(file, limits: configuration.limits, root: imports.root, color: settings.color.mode, unless: "the report cannot be written until these errors are fixed")
        // The checks and the page share their power analyses: each body is computed once.
        let memory = PowerMemory()
        let display = ProgressDisplay()
        display.during { program.runChecks(configuration, powerMemory: memory, progress: display.progress) }
        // A bloc or body that cannot be evaluated would leave the page silent about it.
        let evaluationErrors = program.diagnostics.filter { $0.severity == .error && $0.code.id.hasPrefix("E") }
        guard evaluationErrors.isEmpty else {
            printError(DiagnosticRenderer(sources: program.sources, color: settings.color.mode).render(evaluationErrors)
                + "the report cannot be written until these errors are fixed")
            throw ExitCode(1)
        }
        let power = display.during {
            PowerReport(model: program.model, workLimit: configuration.powerWorkLimit, stepLimit: configuration.limits.evaluationSteps,
                        powerMemory: memory, progress: display.progress)
        }
        let report = HTMLReport(program: program, configuration: configuration, power: power, generator: "charter \(CharterCommand.version)")
        // A body whose power cannot be evaluated would be missing from the page.
        guard report.errors.isEmpty else {
            printError(DiagnosticRenderer(sources: program.sources, color: settings.color.mode).render(report.errors)
                + "the report cannot be written until these errors are fixed")
            throw ExitCode(1)
        }
        let html = report.html()
        guard let output else {
            FileHandle.standardOutput.write(Data(html.utf8))
            return
        }
        do {
            try AtomicFile.write(Array(html.utf8), to: output)
        } catch {
            printError("error: cannot write \(quoted(output)): \(Escaping.terminal(error.reason))")
            throw ExitCode(2)
        }
    }
}
