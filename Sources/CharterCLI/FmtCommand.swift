// `charter fmt FILE...`: the one canonical layout of Charter source, as gofmt
// gives Go's. It prints, rewrites in place (`--write`), or lists the files
// that are not formatted (`--check`, for CI and pre-commit hooks). A file
// with syntax errors is never rewritten.

import ArgumentParser
import Charter
import CharterREPL
import Foundation

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Lay Charter files out in the one canonical layout, keeping their comments.",
        discussion: """
            Prints each file formatted, or with --write replaces it (atomically, keeping its \
            permissions), or with --check lists the files whose layout differs and changes nothing. \
            What fits in the line width (100 columns, or charter.toml's `[format] line-width`) stays \
            on one line, and what does not is broken one item per line; a block written with a line \
            break after its `{` stays broken. \
            Directories are searched for *.charter files; `-` reads standard input. Formatting never \
            changes what a file means, and a file with syntax errors is never rewritten.
            Exits 0 when every file is formatted (or was written), 1 when --check finds files to \
            format or a file has syntax errors, 2 when a file cannot be read or written, 64 on a \
            usage error.
            """
    )

    @Argument(help: "The Charter files or directories to format; - for standard input.",
              completion: .file(extensions: ["charter"]))
    var files: [String]

    @Flag(help: "Replace each file with its formatted text.")
    var write = false

    @Flag(help: "List the files that are not formatted, and change nothing.")
    var check = false

    @OptionGroup var settings: SettingsOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to format") }
        guard !(write && check) else { throw ValidationError("give --write or --check, not both") }
    }

    func run() throws {
        var configurations = settings.configurations()
        let (sources, problems) = SourcePaths.expand(files) { configurations.excludes($0, below: $1) }
        var couldNotDo = !problems.isEmpty
        for problem in problems { printError("error: " + problem) }
        var unformatted = false
        var broken = false
        for source in sources {
            let path: String
            let bytes: [UInt8]
            let limits: Limits
            let lineWidth: Int
            // charter.toml's line width, and its limits on size and nesting.
            do {
                let file = if case .file(let file) = source { file } else { "./<stdin>" }
                let configuration = try configurations.configuration(for: file)
                limits = configuration.limits
                lineWidth = configuration.lineWidth
            } catch {
                printError(error.report)
                couldNotDo = true
                continue
            }
            switch source {
            case .standardInput:
                path = "<stdin>"
                let input = StandardInputReader(path: path, limit: limits.inputSize)
                do {
                    bytes = try input.read(path, limit: limits.inputSize)
                } catch {
                    printError("error: cannot read standard input: \(Escaping.terminal(error.description))")
                    couldNotDo = true
                    continue
                }
            case .file(let file):
                path = file
                do {
                    bytes = try DiskFiles().read(file, limit: limits.inputSize)
                } catch {
                    printError("error: cannot read \(quoted(file)): \(Escaping.terminal(error.description))")
                    couldNotDo = true
                    continue
                }
            }
            var map = SourceMap()
            let file = map.add(path: path, bytes: bytes)
            let parsed = Parser.parse(file, maximumDepth: limits.nestingDepth)
            let errors = parsed.diagnostics.filter { $0.severity == .error && $0.code != ParserDiagnostic.emptyFile }
            guard errors.isEmpty else {
                printError(DiagnosticRenderer(sources: map, color: settings.color.mode).render(errors)
                    + "\(quoted(path)) has syntax errors, so it was not formatted")
                broken = true
                continue
            }
            let formatted = Formatter(source: file, syntax: parsed.syntax, lineWidth: lineWidth).format()
            if check {
                if Array(formatted.utf8) != bytes {
                    print(Escaping.terminal(path))
                    unformatted = true
                }
            } else if write, case .file(let target) = source {
                guard Array(formatted.utf8) != bytes else { continue }
                // A file its owner made read-only is not replaced behind their back.
                guard access(target, W_OK) == 0 else {
                    printError("error: cannot write \(quoted(target)): \(String(cString: strerror(errno)))")
                    couldNotDo = true
                    continue
                }
                do {
                    try AtomicFile.write(Array(formatted.utf8), to: target)
                } catch {
                    printError("error: cannot write \(quoted(target)): \(Escaping.terminal(error.reason))")
                    couldNotDo = true
                }
            } else {
                FileHandle.standardOutput.write(Data(formatted.utf8))
            }
        }
        if couldNotDo { throw ExitCode(2) }
        if unformatted || broken { throw ExitCode(1) }
    }
}
