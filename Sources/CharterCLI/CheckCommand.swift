// `charter check FILE...`: parse and resolve each file with what it imports,
// print the diagnostics and a summary line, and exit by the one convention.

import ArgumentParser
import Charter
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check Charter files and report what is wrong with them.",
        discussion: """
            Prints each finding with its location and a summary line.
            Exits 0 when clean, 1 when there are findings at or above the \
            failing severity, 2 when a file could not be read, 64 on a usage error.
            """
    )

    @Argument(help: "The Charter files to check.", completion: .file(extensions: ["charter"]))
    var files: [String]

    @Option(help: "The least severity that makes the exit code 1: error, warning or info.")
    var failOn: FailOn = .error

    @Option(help: "When to colour the output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to check") }
    }

    func run() throws {
        let program = Program.load(paths: files, reader: FileSystemReader())
        for (path, error) in program.unreadable where !isLocated(error) {
            printError("error: cannot read `\(path)`: \(error.description)")
        }
        let renderer = DiagnosticRenderer(sources: program.sources, color: color.mode(for: .standardOutput))
        var output = renderer.render(program.diagnostics)
        output += DiagnosticRenderer.summary(of: program.diagnostics, files: files.count - program.unreadable.count)
        if !program.unreadable.isEmpty {
            output += "; \(program.unreadable.count) could not be read"
        }
        output += "\n"
        FileHandle.standardOutput.write(Data(output.utf8))

        if !program.unreadable.isEmpty { throw ExitCode(2) }
        if program.hasFindings(atOrAbove: failOn.severity) { throw ExitCode(1) }
    }

    /// Too-large files get a located diagnostic; other read errors only a line.
    private func isLocated(_ error: ReadError) -> Bool {
        if case .tooLarge = error { return true }
        return false
    }
}

enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info

    var severity: Severity {
        switch self {
        case .error: .error
        case .warning: .warning
        case .info: .info
        }
    }
}
