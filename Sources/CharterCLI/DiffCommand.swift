// `charter diff OLD NEW`: the drift report between two versions of an
// alliance. OLD may be `REV:PATH`, read from git, so that a CI step can
// compare a pull request with its base:
//   charter diff origin/main:alliance.charter alliance.charter

import ArgumentParser
import Charter
import CharterREPL
import Foundation

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Report the drift between two versions of an alliance: changes, power shifts, findings, drift.",
        discussion: """
            Lists the declarations added, removed and changed; each member whose Banzhaf power moved, \
            largest moves first; the findings of the checks that appeared and went; and drift as \
            findings: a social goal dropped (D101), power concentrating (D102), a value losing its last \
            backing (D103), the members who are not values-driven gaining a winning coalition (D104). \
            OLD may be REV:PATH, PATH relative to the working directory, read from git (imports too).
            Exits 0 when no drift is at or above the failing severity, 1 when some is or a version \
            has errors, 2 when a version cannot be read (a missing file, a revision git does not \
            know), 64 on a usage error.
            """
    )

    @Argument(help: "The old version: a file, or REV:PATH from git.")
    var old: String

    @Argument(help: "The new version.", completion: .file(extensions: ["charter"]))
    var new: String

    @Option(help: "The least severity of drift that makes the exit code 1: error, warning or info.")
    var failOn: FailOn = .error

    @OptionGroup var settings: SettingsOptions
    @OptionGroup var imports: RootOption

    func run() throws {
        var configurations = settings.configurations()
        let configuration = try configurations.configurationOrExit(for: new)
        var newProgram = Program.load(paths: [new], reader: DiskFiles(), limits: configuration.limits, root: imports.root)
        let (revision, oldPath) = GitReader.split(old)
        let reader: any SourceReader = revision.map { GitReader(revision: $0) } ?? DiskFiles()
        // A version from git names its files as the repository does, so
        // `--root`, a folder on disk, applies to the new version alone.
        let parsed = Program.parse(paths: [old], reader: reader, after: newProgram.sources, limits: configuration.limits,
                                   root: revision == nil ? imports.root : nil)
        var oldProgram = Program(sources: parsed.sources, syntax: parsed.syntax, roots: parsed.roots, diagnostics: parsed.diagnostics)
        for (path, error) in newProgram.unreadable + parsed.unreadable {
            printError("error: cannot read `\(path)`: \(error.description)")
        }
        if !newProgram.unreadable.isEmpty || !parsed.unreadable.isEmpty { throw ExitCode(2) }
        let renderer = DiagnosticRenderer(sources: oldProgram.sources, color: settings.color.mode)
        let errors = (oldProgram.diagnostics + newProgram.diagnostics).filter { $0.severity == .error }
        guard errors.isEmpty else {
            printError(renderer.render(errors) + "the versions cannot be compared until these errors are fixed"
                       + (revision == nil ? "" : " (`\(oldPath)` as of `\(revision ?? "")`)"))
            throw ExitCode(1)
        }
        oldProgram.runChecks(configuration)
        newProgram.runChecks(configuration)
        let report = DriftReport(old: oldProgram, new: newProgram, configuration: configuration)
        var output = report.text(sources: oldProgram.sources, color: settings.color.mode)
        output += DiagnosticRenderer.summary(of: report.drift, files: 2).replacing("checked 2 files", with: "drift") + "\n"
        FileHandle.standardOutput.write(Data(output.utf8))
        if report.drift.contains(where: { $0.severity >= failOn.severity }) { throw ExitCode(1) }
    }
}

/// Reads files as a git revision has them: `REV:path` through
/// `git cat-file blob REV:./path` (a path relative to the working directory),
/// so that a tree or anything but a file is refused.
struct GitReader: SourceReader {
    let revision: String

    /// `REV:PATH` into its parts, when the text is not a file on disk.
    static func split(_ text: String) -> (revision: String?, path: String) {
        // A revision never starts with `-`, which git would take for an option.
        guard !FileManager.default.fileExists(atPath: text), !text.hasPrefix("-"), let colon = text.firstIndex(of: ":"),
              colon != text.startIndex else { return (nil, text) }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        // The file named is `REV:PATH`, and so are the imports beside it, but
        // one in the top folder is a bare path, which may hold a colon itself.
        let file = path.hasPrefix(revision + ":") ? String(path.dropFirst(revision.count + 1)) : path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "cat-file", "blob", "\(revision):./\(file)"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .unreadable("git could not be run: \(error.localizedDescription)")
        }
        // Read up to the limit and no further, however large the blob.
        var bytes = Data()
        while bytes.count <= limit {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            bytes += chunk
        }
        guard bytes.count <= limit else {
            process.terminate()
            process.waitUntilExit()
            throw .tooLarge(bytes: bytes.count, limit: limit)
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = message.split(separator: "\n").first.map(String.init) ?? "git cat-file failed"
            throw reason.contains("does not exist") || reason.contains("exists on disk, but not in") ? .notFound : .unreadable(reason)
        }
        return [UInt8](bytes)
    }
}
