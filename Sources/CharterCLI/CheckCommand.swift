// `charter check FILE...`: parse and resolve each file with what it imports,
// print the diagnostics and a summary line, and exit by the one convention.
// The lint run is the library's (`LintRun`); the command finds the files and
// their configurations, and prints what the run reports.

import ArgumentParser
import Charter
import CharterREPL
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check Charter files and report what is wrong with them.",
        discussion: """
            Runs the built-in checks (`charter explain --list`) on each file without errors, \
            and prints each finding with its location, then a summary line. Settings come from \
            the nearest charter.toml in the file's folder or above it, or from --config. \
            A comment `# charter: allow CHECK` on a finding's line or just above it suppresses it.
            Exits 0 when clean, 1 when there are findings at or above the failing severity, \
            2 when a file or the configuration could not be read, 64 on a usage error.
            """
    )

    @Argument(help: "The Charter files to check; directories are searched for *.charter files; - reads standard input.",
              completion: .file(extensions: ["charter"]))
    var files: [String]

    @Option(help: "The name standard input is reported under, and imports are found from.")
    var stdinFilename: String?

    @Option(help: "text (the caret diagnostics), plain (for screen readers), json, sarif, github (annotations) or junit.")
    var format: CheckFormat = .text

    @Option(help: "How many findings of each file the text output shows (0: all); the rest are counted in a note. Other formats list all.")
    var maxFindings = 50

    @Option(help: "The least severity that makes the exit code 1: error, warning or info.")
    var failOn: FailOn = .error

    @OptionGroup var settings: SettingsOptions
    @OptionGroup var imports: RootOption

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to check") }
        guard maxFindings >= 0 else { throw ValidationError("--max-findings is a number of findings, or 0 for all") }
        if stdinFilename != nil && !files.contains("-") {
            throw ValidationError("--stdin-filename names standard input, which is read only when `-` is among the files")
        }
    }

    func run() throws {
        // The library's lint run does the bookkeeping; this command finds the
        // files and their charter.toml, and prints.
        var run = LintRun()
        let display = ProgressDisplay()
        var configurations = settings.configurations()
        let (sources, problems) = SourcePaths.expand(files) { configurations.excludes($0, below: $1) }
        for problem in problems {
            printError("error: " + problem)
            run.notChecked(because: problem)
        }
        var brokenConfigurations: Set<String> = []
        for source in sources {
            let path: String = switch source {
            case .file(let file): file
            case .standardInput: stdinFilename ?? "<stdin>"
            }
            // A broken charter.toml is said once; the files under it are not
            // checked, and every other file is.
            let configuration: CheckConfiguration
            do {
                configuration = try configurations.configuration(for: path)
            } catch {
                if brokenConfigurations.insert(error.report).inserted { printError(error.report) }
                run.notChecked(because: error.report)
                continue
            }
            let reader: any SourceReader = source == .standardInput
                ? StandardInputReader(path: path, limit: configuration.limits.inputSize) : DiskFiles()
            let before = run.report.unreadable.count
            display.during { run.check(path, reader: reader, configuration: configuration, root: imports.root, progress: display.progress) }
            for case .file(let path, let error) in run.report.unreadable[before...] where !isLocated(error) {
                printError("error: cannot read \(quoted(path)): \(Escaping.terminal(error.description))")
            }
        }
        let lint = run.report
        let report = CheckReport(version: CharterCommand.version, lint: lint)
        // Each file's findings, printed in name order, as the other formats list them.
        var output = lint.files.sorted { $0.name < $1.name }.map { file in
            DiagnosticRenderer(sources: file.sources, color: settings.color.mode).render(file.findings, atMost: maxFindings)
        }.joined()
        let summary = lint.summary()
        switch format {
        case .text: output += summary
        case .plain: output = report.plain() + (lint.findings.isEmpty ? "" : "\n") + summary
        case .github: output = report.github() + summary
        case .json: output = try documentOrExit { try report.json() }
        case .sarif: output = try documentOrExit { try report.sarif() }
        case .junit: output = report.junit()
        }
        FileHandle.standardOutput.write(Data(output.utf8))

        if !lint.unreadable.isEmpty { throw ExitCode(2) }
        if lint.hasFindings(atOrAbove: failOn.severity) { throw ExitCode(1) }
    }

    /// A report document, or the command's end (exit 2) if it cannot be encoded.
    private func documentOrExit(_ make: () throws -> String) throws -> String {
        do {
            return try make()
        } catch {
            printError("error: the report could not be written as \(format.rawValue): \(error)")
            throw ExitCode(2)
        }
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

/// Standard input, read once, as the file it stands for; the files it imports
/// come from disk, next to the name it was given (`--stdin-filename`).
struct StandardInputReader: SourceReader {
    let path: String
    /// What was read, when it was no more than the limit it was read with.
    private let bytes: [UInt8]
    /// How many bytes standard input held: past the limit they are counted, not kept.
    private let size: Int

    /// Reads standard input to its end, keeping at most `limit` bytes, so
    /// that however much is piped in, memory stays bounded.
    init(path: String, limit: Int) {
        // As the loader asks for it: `./a.charter` is `a.charter`.
        self.path = PathName.normalize(path)
        var kept: [UInt8] = []
        var size = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            size += count
            if size <= limit { kept += chunk[..<count] } else { kept = [] }
        }
        bytes = kept
        self.size = size
    }

    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        guard path == self.path else { return try DiskFiles().read(path, limit: limit) }
        guard size <= limit else { throw .tooLarge(bytes: size, limit: limit) }
        return bytes
    }

    func identity(of path: String) -> String {
        path == self.path ? path : DiskFiles().identity(of: path)
    }
}

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, plain, json, sarif, github, junit
}
