// `charter run FILE...`: run each file's statements and the alliance's user
// checks, print what they show and how they went, and exit by the one
// convention: 0 when everything holds, 1 when a check or assertion fails or
// a file has errors, 2 when a file cannot be read, 64 on a usage error.

import ArgumentParser
import Charter
import CharterREPL
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run Charter scripts: show values, and test their checks and assertions.",
        discussion: """
            Runs the `let`, `show` and `assert` statements and the scenarios of each file in order, \
            and every user `check` of the alliance (imported files contribute their declarations and \
            checks). A failed check, assertion or expectation is reported at the part that fails, \
            with the values involved.
            Exits 0 when every check, assertion and expectation holds, 1 when one fails or a file has \
            errors, 2 when a file could not be read, 64 on a usage error.
            """
    )

    @Argument(help: "The Charter files to run.", completion: .file(extensions: ["charter"]))
    var files: [String]

    @Option(help: "text, or json for one document with every result and failure (format version 1).")
    var format: OutputFormat = .text

    @OptionGroup var settings: SettingsOptions
    @OptionGroup var imports: RootOption

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to run") }
    }

    func run() throws {
        var failed = false
        var unreadable = 0
        var output = ""
        var parts: [RunJSON.Part] = []
        var configurations = settings.configurations()
        for path in files {
            // charter.toml's limits apply to scripts as to checks.
            let configuration: CheckConfiguration
            do {
                configuration = try configurations.configuration(for: path)
            } catch {
                printError(error.report)
                unreadable += 1
                continue
            }
            let program = Program.load(paths: [path], reader: DiskFiles(), limits: configuration.limits, root: imports.root)
            for (path, error) in program.unreadable {
                printError("error: cannot read \(quoted(path)): \(Escaping.terminal(error.description))")
            }
            unreadable += program.unreadable.count
            guard program.unreadable.isEmpty else { continue }
            if files.count > 1 { output += "== \(Escaping.terminal(path))\n" }
            let renderer = DiagnosticRenderer(sources: program.sources, color: settings.color.mode)
            let report = program.run(configuration: configuration)
            parts.append(RunJSON.part(path: path, program: program, report: report))
            guard let report else {
                failed = true
                output += renderer.render(program.diagnostics.filter { $0.severity == .error })
                output += "\(quoted(path)) was not run: fix its errors first\n"
                continue
            }
            failed = failed || report.failed
            output += program.render(report, color: settings.color.mode)
        }
        if format == .json {
            do {
                output = try RunJSON.document(parts)
            } catch {
                printError("error: the results could not be written as JSON: \(error)")
                throw ExitCode(2)
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if unreadable > 0 { throw ExitCode(2) }
        if failed { throw ExitCode(1) }
    }
}
