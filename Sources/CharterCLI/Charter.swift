// The `charter` command: a thin shell over the Charter library. It reads
// files, picks colours and exit codes, and prints what the library returns;
// everything else happens in the library.

import ArgumentParser
import Charter
import CharterREPL

@main
struct CharterCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "charter",
        abstract: "Describe a values-driven alliance and find where it is inconsistent, unbalanced or drifting.",
        discussion: """
            Exit codes, the same for every subcommand:
              0   clean: no findings at the failing severity
              1   findings at or above the failing severity (errors, unless --fail-on says otherwise);
                  for `run`, a check, assertion or expectation that fails
              2   the tool could not do its job (an unreadable file, a broken charter.toml)
              64  usage error (an unknown option, a missing argument)
            """,
        version: "charter \(version) (\(LineEditor.libraryVersion))",
        subcommands: [CheckCommand.self, RunCommand.self, PowerCommand.self, DiffCommand.self, GraphCommand.self, ExplainCommand.self,
                      FmtCommand.self, ReportCommand.self, GenerateCommand.self,
                      ReplCommand.self, LspCommand.self]
    )

    /// `charter` alone, typed at a terminal, opens the REPL; elsewhere (a
    /// script, CI) it is a usage error: it says what it can do, on standard
    /// error, and exits 64.
    func run() throws {
        guard REPL.isInteractive else {
            printError(Self.helpMessage())
            throw ExitCode(64)
        }
        try ReplCommand.parse([]).run()
    }
}
