// `charter power FILE [--body NAME] [--format text|json]`: the voting power of
// each body, exact where the body is small enough.

import ArgumentParser
import Charter
import CharterREPL
import Foundation

struct PowerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "power",
        abstract: "Show the voting power of each body: Banzhaf and Shapley–Shubik indices beside weight.",
        discussion: """
            One table per body and decision rule: each member's weight, share of the weight, \
            normalized Banzhaf and Shapley–Shubik indices, swings (the coalitions its vote turns \
            from losing into winning) and flags (dictator, veto, dummy). Indices are exact \
            fractions for small bodies and floating point with a relative error below 1e-12 \
            beyond; each table says which.
            Exits 0 on success, 1 when the file has errors, 2 when it cannot be read or names no \
            such body, 64 on a usage error.
            """
    )

    @Argument(help: "The Charter file.", completion: .file(extensions: ["charter"]))
    var file: String

    @Option(help: "Show only this body.")
    var body: String?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("The most work one index may take, in table cells of 32-bit counts; wider cells count for more (about a quarter of a nanosecond each).",
                               discussion: "Overrides charter.toml's [power] work-limit; the default is 5e10, about ten seconds."))
    var workLimit: Double?

    @Flag(help: ArgumentHelp(
        "Write to standard error how long computing the indices takes, reading the file and writing the report apart.",
        discussion: "As a benchmark would: after the report, the indices of every table are computed again, alone. If that takes under half a second, they are computed again until a second has passed (at most 1,000 times), and the median of those is given. A second line gives the work counted and the work estimated beforehand, in the work limit's table cells."))
    var timings = false

    @OptionGroup var settings: SettingsOptions
    @OptionGroup var imports: RootOption

    func validate() throws {
        if let workLimit, !(workLimit.isFinite && workLimit > 0) {
            throw ValidationError("--work-limit is a positive number of table cells, such as 5e10")
        }
    }

    func run() throws {
        var configurations = settings.configurations()
        let configuration = try configurations.configurationOrExit(for: file)
        let program = try programOrExit(file, limits: configuration.limits, root: imports.root, color: settings.color.mode,
                                         unless: "the power of the bodies cannot be computed until these errors are fixed")
        if let body, program.model.body(named: body) == nil {
            let names = program.model.bodies.map(\.name)
            let hint = Spelling.suggestion(for: body, among: names).map { "; did you mean \(quoted($0))?" }
                ?? (names.isEmpty ? "; it declares no body" : "; its bodies are " + names.map { "\(quoted($0))" }.joined(separator: ", "))
            printError("error: \(quoted(file)) has no body \(quoted(body))\(hint)")
            throw ExitCode(2)
        }
        let limit = workLimit ?? configuration.requestedPowerWorkLimit
        let display = ProgressDisplay()
        let report = display.during {
            PowerReport(model: program.model, body: body, workLimit: limit, stepLimit: configuration.limits.evaluationSteps,
                        progress: display.progress)
        }
        if timings { printError(Self.timeIndices(of: report.tables.map(\.analysis.game), workLimit: limit)) }
        if !report.errors.isEmpty {
            printError(DiagnosticRenderer(sources: program.sources, color: settings.color.mode).render(report.errors))
            throw ExitCode(1)
        }
        let output = format == .json ? try jsonOrExit(report)
            : report.tables.isEmpty ? "\(quoted(file)) declares no body with a decision rule\n" : report.text(color: settings.color.mode, width: REPL.terminalColumns ?? PowerReport.plainWidth)
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

extension PowerCommand {
    /// The time of computing the indices of all `games`; when it is under
    /// half a second, the median of it repeated, warm, until a second has
    /// passed (1,000 times at most), since one short run is mostly noise.
    private static func timeIndices(of games: [WeightedGame], workLimit: Double) -> String {
        let clock = ContinuousClock()
        var work = (done: 0.0, estimated: 0.0)
        func once() -> Double {
            work = (0, 0)
            return clock.measure {
                for game in games {
                    let analysis = PowerAnalysis(game, workLimit: workLimit)
                    work.done += analysis.work
                    work.estimated += analysis.estimatedWork
                }
            } / .seconds(1)
        }
        let first = once()
        // The work in the limit's units (table cells of 32-bit counts), as
        // counted and as estimated, for calibrating `PowerCost`.
        let counted = "\nwork: \(String(format: "%.4g", work.done)) table cells counted, \(String(format: "%.4g", work.estimated)) estimated"
        guard first < 0.5 else { return "power computed in \(String(format: "%.9f", first)) s (1 run)" + counted }
        var samples: [Double] = []
        var spent = 0.0
        while samples.isEmpty || (spent < 1 && samples.count < 1000) {
            let sample = once()
            samples.append(sample)
            spent += sample
        }
        samples.sort()
        let median = samples[samples.count / 2]
        return "power computed in \(String(format: "%.9f", median)) s (the median of \(samples.count) runs)" + counted
    }

    /// The JSON document, or the command's end (exit 2) if it cannot be encoded.
    private func jsonOrExit(_ report: PowerReport) throws -> String {
        do {
            return try report.json(file: file)
        } catch {
            printError("error: the power report could not be written as JSON: \(error)")
            throw ExitCode(2)
        }
    }
}

/// The output formats of `power` and `run`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
