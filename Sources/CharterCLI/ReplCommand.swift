// `charter repl [FILE...]` (and `charter` alone on a terminal): interactive
// modelling, or a session script read from standard input.

import ArgumentParser
import Charter
import CharterREPL
import CharterSession
import Foundation

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Model an alliance interactively: declare, change and question it, and see what each change does.",
        discussion: """
            Loads the files given, then reads entries: Charter declarations, `remove NAME`, \
            `amend NAME { … }`, expressions to evaluate, and meta-commands (`:help` lists them). \
            On a terminal it edits lines with libedit (history in $XDG_STATE_HOME/charter/history, \
            or CHARTER_HISTORY; Tab completes). With standard input from a file or a pipe it reads \
            the lines as a script, without prompts, and checks a transcript's recorded answers (#>) \
            and errors (#!).
            With --serve (or `:serve` in the session) it also serves a live page of the model on \
            127.0.0.1, for a workshop's shared screen: the address printed has a random token in it.
            Exits 0 when every entry succeeded or gave its recorded answer, 1 when one failed or an \
            answer differs, 2 when a file or the configuration could not be read, 64 on a usage error.
            """
    )

    @Argument(help: "Charter files to load first.", completion: .file(extensions: ["charter"]))
    var files: [String] = []

    @Flag(help: "Serve a live page of the model on 127.0.0.1 from the start, as `:serve` does.")
    var serve = false

    @Option(help: ArgumentHelp("The port for --serve (default: a free one).", valueName: "PORT"))
    var port: Int?

    @OptionGroup var settings: SettingsOptions
    @OptionGroup var imports: RootOption

    mutating func validate() throws {
        // `--serve 8080`, as people write it: a first argument of digits that is no file is the port.
        if serve, port == nil, let first = files.first, !first.isEmpty, first.allSatisfy({ $0.isASCII && $0.isNumber }),
           !FileManager.default.fileExists(atPath: first) {
            guard let number = Int(first) else { throw ValidationError("--serve takes a port from 0 to 65535 (0: a free one)") }
            port = number
            files.removeFirst()
        }
        if let port, !(0...65535).contains(port) { throw ValidationError("--port takes a port from 0 to 65535 (0: a free one)") }
        if port != nil && !serve { throw ValidationError("--port goes with --serve") }
    }

    func run() throws {
        var configurations = settings.configurations()
        // The settings of the first file's project, or of the working directory's.
        let configuration = try configurations.configurationOrExit(for: files.first ?? "./session.charter")
        let color: ColorMode = REPL.isInteractive ? settings.color.mode : (settings.color == .always ? .ansi : .plain)
        let session = Session(files: DiskFiles(), configuration: configuration, color: color)
        session.importRoot = imports.root
        // A transcript says how to replay it with the same settings and files.
        let settingsFile = settings.config ?? ConfigurationFinder.find(from: files.first ?? "./session.charter")
        session.recording = Session.Recording(directory: FileManager.default.currentDirectoryPath, configuration: settingsFile)
        session.liveView = WorkshopServer(generator: "charter \(CharterCommand.version)")
        let status = REPL.run(session, loading: files, version: CharterCommand.version, serving: serve ? port ?? 0 : nil)
        if status != 0 { throw ExitCode(status) }
    }
}
