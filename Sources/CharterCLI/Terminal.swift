// What the commands share about the terminal and their one input file:
// deciding on colour, writing errors, and loading a file that must have no
// errors (files are read through CharterREPL's `DiskFiles`).

import ArgumentParser
import Charter
import CharterREPL
import Foundation

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// `auto` colours only a terminal (the diagnostics go to standard
    /// output), and never when NO_COLOR is set (https://no-color.org) or
    /// TERM is unset or `dumb`.
    var mode: ColorMode {
        switch self {
        case .always: return .ansi
        case .never: return .plain
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .plain }
            // Without TERM nothing is known of the terminal; `dumb` has no colours.
            if environment["TERM"] == nil || environment["TERM"] == "dumb" { return .plain }
            return isatty(STDOUT_FILENO) == 1 ? .ansi : .plain
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// The program of one file without errors, or the command's end: exit 2
/// when the file cannot be read, 1 with its errors and `unless` (what cannot
/// be done until they are fixed) when it has any.
func programOrExit(_ file: String, limits: Limits, root: String?, color: ColorMode, unless: String) throws -> Program {
    let program = Program.load(paths: [file], reader: DiskFiles(), limits: limits, root: root)
    if let (path, error) = program.unreadable.first {
        printError("error: cannot read \(quoted(path)): \(Escaping.terminal(error.description))")
        throw ExitCode(2)
    }
    let errors = program.diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty else {
        printError(DiagnosticRenderer(sources: program.sources, color: color).render(errors) + unless)
        throw ExitCode(1)
    }
    return program
}

/// A name from outside (a path, an argument, a setting) quoted for a line
/// of the terminal or a CI log, escaped by `Escaping.terminal`.
func quoted(_ text: String) -> String {
    "`" + Escaping.terminal(text) + "`"
}
