// `charter diff OLD NEW`: the drift report between two versions of an
// alliance. With `--old-rev REV`, OLD is read from git as it was at REV, so
// that a CI step can compare a pull request with its base:
//   charter diff --old-rev origin/main alliance.charter
// A path on the command line is always a path: `origin/main:a.charter` is a
// file of that name, never a revision, so no file a pull request adds can
// stand in for the base version.

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
            With --old-rev REV, OLD (by default the same path as NEW) is read from git as it was at \
            REV, a path relative to the working directory, and so are its imports; OLD and NEW are \
            otherwise files on disk.
            Exits 0 when no drift is at or above the failing severity, 1 when some is or a version \
            has errors, 2 when a version cannot be read (a missing file, a revision git does not \
            know), 64 on a usage error.
            """
    )

    @Option(name: .customLong("old-rev"), help: ArgumentHelp("Read OLD from git as it was at this revision.", valueName: "REV"))
    var oldRevision: String?

    @Argument(help: ArgumentHelp("OLD and NEW; with --old-rev, NEW alone is enough when OLD has the same path.",
                                 valueName: "file"),
              completion: .file(extensions: ["charter"]))
    var files: [String]

    @Option(help: "text, or markdown (a heading and a code block, for a job summary).")
    var format: DiffFormat = .text

    @Option(help: "The least severity of drift that makes the exit code 1: error, warning or info.")
    var failOn: FailOn = .error

    @OptionGroup var settings: SettingsOptions
    @OptionGroup var imports: RootOption

    func validate() throws {
        switch (files.count, oldRevision) {
        case (2, _), (1, .some): break
        case (1, nil): throw ValidationError("name OLD and NEW, or give --old-rev REV to read OLD from git")
        default: throw ValidationError("name two versions: OLD and NEW")
        }
        if let revision = oldRevision {
            // git would take `-x` for an option, and `REV:./PATH` is how the file is asked for.
            guard !revision.isEmpty, !revision.hasPrefix("-"), !revision.contains(":"),
                  !revision.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw ValidationError("--old-rev \(quoted(revision)) is not a revision charter can ask git for")
            }
            // git reads `REV:./PATH` from the working directory: an absolute path would name another file.
            if files[0].hasPrefix("/") {
                throw ValidationError("with --old-rev, name OLD relative to the working directory, not as \(quoted(files[0]))")
            }
        }
    }

    func run() throws {
        let new = files[files.count - 1]
        let old = files[0]
        var configurations = settings.configurations()
        let configuration = try configurations.configurationOrExit(for: new)
        var newProgram = Program.load(paths: [new], reader: DiskFiles(), limits: configuration.limits, root: imports.root)
        let reader: any SourceReader = oldRevision.map { GitReader(revision: $0) } ?? DiskFiles()
        // A version from git is confined to its own file's folder, in the
        // repository; `--root`, a folder on disk, applies to the new version alone.
        var parsed = Program.parse(paths: [old], reader: reader, after: newProgram.sources, limits: configuration.limits,
                                   root: oldRevision == nil ? imports.root : nil)
        if let revision = oldRevision {
            parsed.sources.rename(from: newProgram.sources.files.count) { "\(revision):\($0)" }
        }
        var oldProgram = Program(sources: parsed.sources, syntax: parsed.syntax, roots: parsed.roots, diagnostics: parsed.diagnostics)
        for (path, error) in newProgram.unreadable {
            printError("error: cannot read \(quoted(path)): \(Escaping.terminal(error.description))")
        }
        for (path, error) in parsed.unreadable {
            let version = oldRevision.map { " as of \(quoted($0))" } ?? ""
            var hint = ""
            // `origin/main:a.charter` was how a version from git was named once.
            if oldRevision == nil, case .notFound = error, let colon = path.firstIndex(of: ":"), colon != path.startIndex {
                hint = "\n  = help: to read a version from git, name its revision apart: "
                    + "charter diff --old-rev \(Escaping.terminal(String(path[..<colon]))) "
                    + "\(Escaping.terminal(String(path[path.index(after: colon)...]))) \(Escaping.terminal(new))"
            }
            printError("error: cannot read \(quoted(path))\(version): \(Escaping.terminal(error.description))\(hint)")
        }
        if !newProgram.unreadable.isEmpty || !parsed.unreadable.isEmpty { throw ExitCode(2) }
        let renderer = DiagnosticRenderer(sources: oldProgram.sources, color: settings.color.mode)
        let errors = (oldProgram.diagnostics + newProgram.diagnostics).filter { $0.severity == .error }
        guard errors.isEmpty else {
            printError(renderer.render(errors) + "the versions cannot be compared until these errors are fixed")
            throw ExitCode(1)
        }
        // One memory of power analyses for the checks and the comparison: a body is computed once a version.
        let memory = PowerMemory()
        let display = ProgressDisplay()
        let report = display.during {
            display.progress.task("the version before") { oldProgram.runChecks(configuration, powerMemory: memory, progress: display.progress) }
            display.progress.task("the version now") { newProgram.runChecks(configuration, powerMemory: memory, progress: display.progress) }
            return DriftReport(old: oldProgram, new: newProgram, configuration: configuration, powerMemory: memory, progress: display.progress)
        }
        // Power that cannot be evaluated would be compared as none.
        guard report.errors.isEmpty else {
            printError(renderer.render(report.errors) + "the versions cannot be compared until these errors are fixed")
            throw ExitCode(1)
        }
        let summary = DiagnosticRenderer.summary(of: report.drift, files: 2).replacing("checked 2 files", with: "drift") + "\n"
        let oldName = oldRevision.map { "\($0):\(old)" } ?? old
        let output = switch format {
        case .text: "comparing \(quoted(oldName)) with \(quoted(new))\n"
            + report.text(sources: oldProgram.sources, color: settings.color.mode) + summary
        case .markdown: report.markdown(sources: oldProgram.sources, old: oldName, new: new, summary: summary)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if report.drift.contains(where: { $0.severity >= failOn.severity }) { throw ExitCode(1) }
    }
}

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown
}

/// Reads files as a git revision has them: a path relative to the working
/// directory through `git cat-file blob REV:./PATH`, exactly as written (no
/// `..` folded away), so that a tree or anything but a file is refused, and
/// git refuses a path outside the repository.
struct GitReader: SourceReader {
    let revision: String

    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "cat-file", "blob", "\(revision):./\(path)"]
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
