// What the command needs from the terminal: deciding on colour, writing
// errors. Files are read through CharterREPL's `DiskFiles`.

import ArgumentParser
import Charter
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
