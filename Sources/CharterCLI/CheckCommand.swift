// `charter check FILE...`: parse and resolve each file with what it imports,
// print the diagnostics and a summary line, and exit by the one convention.

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

    @Option(help: "The least severity that makes the exit code 1: error, warning or info.")
    var failOn: FailOn = .error

    @OptionGroup var settings: SettingsOptions
    @OptionGroup var imports: RootOption

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to check") }
        if stdinFilename != nil && !files.contains("-") {
            throw ValidationError("--stdin-filename names standard input, which is read only when `-` is among the files")
        }
    }

    func run() throws {
        // Each file is a program of its own (with what it imports), as a
        // linter treats files; a file imported by several is reported once.
        var reported: Set<String> = []
        var findings: [Diagnostic] = []
        var waived: [(WaivedFinding, SourceMap)] = []
        // The waivers of charter.toml files, and those that met their finding.
        var configuredWaivers: [String] = []
        var metWaivers: Set<String> = []
        var located: [(Diagnostic, SourceMap)] = []
        var checkedPaths: [String] = []
        var unreadable = 0
        var skipped = 0
        // The text of each file's findings, by its name: printed in name order, as the other formats are.
        var rendered: [(file: String, text: String)] = []
        var configurations = settings.configurations()
        let (sources, problems) = SourcePaths.expand(files) { configurations.excludes($0, below: $1) }
        for problem in problems { printError("error: " + problem) }
        unreadable += problems.count
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
                unreadable += 1
                continue
            }
            for waiver in configuration.waivers where !configuredWaivers.contains(waiver.name) { configuredWaivers.append(waiver.name) }
            let reader: any SourceReader = source == .standardInput
                ? StandardInputReader(path: path, limit: configuration.limits.inputSize) : DiskFiles()
            var program = Program.load(paths: [path], reader: reader, limits: configuration.limits, root: imports.root)
            // Reports name files as the findings do, normalized (`./a` is `a`).
            let name = program.roots.first.map { program.sources[$0].path } ?? path
            if program.unreadable.isEmpty { checkedPaths.append(name) }
            program.runChecks(configuration)
            if program.checksSkipped && program.unreadable.isEmpty { skipped += 1 }
            for (path, error) in program.unreadable where !isLocated(error) {
                printError("error: cannot read \(quoted(path)): \(Escaping.terminal(error.description))")
            }
            unreadable += program.unreadable.count
            let fresh = program.diagnostics.filter { diagnostic in
                let file = program.sources[diagnostic.span.file].path
                return reported.insert("\(file):\(diagnostic.span.start):\(diagnostic.code.id):\(diagnostic.message)").inserted
            }
            findings += fresh
            waived += program.waived.map { ($0, program.sources) }
            metWaivers.formUnion(program.waived.map(\.waiver.name))
            for name in configuredWaivers where program.diagnostics.contains(where: {
                $0.code == SuppressionDiagnostic.waiverExpired && $0.message.hasPrefix("the waiver `\(name)` ")
            }) { metWaivers.insert(name) }
            located += fresh.map { ($0, program.sources) }
            rendered.append((name, DiagnosticRenderer(sources: program.sources, color: settings.color.mode).render(fresh)))
        }
        let report = CheckReport(version: CharterCommand.version, files: checkedPaths, unreadable: unreadable, findings: located,
                                 waived: waived)
        var output = rendered.sorted { $0.file < $1.file }.map(\.text).joined()
        // Files counted are those checked; those that could not be read are counted apart.
        var summary = DiagnosticRenderer.summary(of: findings, files: checkedPaths.count)
        if unreadable > 0 {
            summary += "; \(unreadable) could not be read"
        }
        if skipped > 0 {
            summary += "; built-in checks skipped in \(skipped) file\(skipped == 1 ? "" : "s") with errors"
        }
        if !waived.isEmpty {
            summary += "; \(waived.count) waived"
        }
        summary += "\n"
        // A waiver that meets no finding outlived its problem, as an unused suppression has.
        for name in configuredWaivers where !metWaivers.contains(name) {
            summary += "  the waiver \(quoted(name)) of charter.toml meets no finding; remove it\n"
        }
        // Each active waiver, so that nobody forgets what was accepted, by whom, until when.
        for (waiver, sources) in waived {
            let source = sources[waiver.finding.span.file]
            let place = "\(source.path):\(source.location(of: waiver.finding.span.start))"
            let t = Escaping.terminal
            summary += "  waived until \(waiver.waiver.expires) by \(t(waiver.waiver.owner)) (\(t(waiver.waiver.reason))): "
                + "\(waiver.finding.code.id) at \(t(place)): \(t(waiver.finding.message))\n"
        }
        switch format {
        case .text: output += summary
        case .plain: output = report.plain() + (findings.isEmpty ? "" : "\n") + summary
        case .github: output = report.github() + summary
        case .json: output = try documentOrExit { try report.json() }
        case .sarif: output = try documentOrExit { try report.sarif() }
        case .junit: output = report.junit()
        }
        FileHandle.standardOutput.write(Data(output.utf8))

        if unreadable > 0 { throw ExitCode(2) }
        if findings.contains(where: { $0.severity >= failOn.severity }) { throw ExitCode(1) }
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
