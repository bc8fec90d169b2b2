// Test support: where the repository is, and the golden-file machinery that
// reads expectations written inside fixture files.
//
// An expectation is a comment line under the line it is about, with carets
// under the exact span, then the severity, code and message:
//
//     member triodos { holds transparncy }
//     #                      ^^^^^^^^^^^ error[E301]: unknown value `transparncy`
//
// Carets are aligned by display columns, as a reader sees them. Where no
// caret can reach, `# expect error[E201] at column 1: message` names the
// column on the line above, and `# expect error[E202] at 12:1: message` a
// line and column anywhere (the end of the file, a file of comments).

import Charter
import Foundation
import Synchronization
import Testing

enum Repository {
    /// The repository's root, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Whether scripts/sanitize.sh runs the tests under a sanitizer, which
    /// makes everything several times slower and every stack frame larger.
    static let underSanitizer = ProcessInfo.processInfo.environment["CHARTER_SANITIZER"] != nil

    /// `work`'s result, computed on a thread with the stack of the main
    /// thread, where `charter` runs: 8 MiB (32 under a sanitizer, whose
    /// frames are larger). So the deepest input the limits allow is shown to
    /// fit there, in a debug build, whatever thread the tests happen to run on.
    static func onMainThreadStack<T: Sendable>(_ work: @escaping @Sendable () -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result.withLock { $0 = work() }
            done.signal()
        }
        thread.stackSize = (underSanitizer ? 32 : 8) << 20
        thread.start()
        done.wait()
        return result.withLock { $0! }
    }

    /// The `.charter` files of a folder, sorted, as paths relative to the root.
    static func charterFiles(in folder: String) -> [String] {
        files(in: folder, withExtension: "charter")
    }

    /// The files of a folder and its subfolders with an extension, sorted, as paths relative to the root.
    static func files(in folder: String, withExtension pathExtension: String) -> [String] {
        let directory = url(folder)
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        return enumerator.compactMap { $0 as? URL }
            .filter { $0.pathExtension == pathExtension }
            .map { String($0.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)) }
            .sorted()
    }

    static func read(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    /// Loads a program from files under the root, with imports resolved there.
    static func load(_ relative: String) -> Program {
        Program.load(paths: [url(relative).path], reader: DiskReader())
    }

    /// The built `charter` executable, beside the test bundle.
    static var charterExecutable: URL {
        let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [buildDirectory, buildDirectory.deletingLastPathComponent()]
            .map { $0.appendingPathComponent("charter") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }
}

/// Work counted at two sizes of an input (see `PipelineWork`), in place of
/// a bound on time, which a busy machine breaks and a fast one hides.
enum Work {
    /// Records an issue unless `large`, counted on an input `factor` times the
    /// size of the one that counted `small`, is at most `factor` times as
    /// much (with a tenth to spare): work in proportion to the input. A
    /// quadratic path comes out about `factor` times too much.
    static func expectProportional(_ small: Int, _ large: Int, factor: Int, _ what: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(small > 0, "\(what): no work counted", sourceLocation: sourceLocation)
        #expect(Double(large) <= Double(small) * Double(factor) * 1.1,
                "\(what): \(small) units of work at one size, \(large) at \(factor) times the size",
                sourceLocation: sourceLocation)
    }
}

/// Reads files from disk, for tests of the library.
struct DiskReader: SourceReader {
    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .notFound }
        guard data.count <= limit else { throw .tooLarge(bytes: data.count, limit: limit) }
        return [UInt8](data)
    }
}

/// Reads paths relative to the repository root, so messages and snapshots
/// show `examples/broken/…` rather than a machine's absolute path.
struct RootedReader: SourceReader {
    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        try DiskReader().read(Repository.url(path).path, limit: limit)
    }
}

/// One diagnostic as a golden file states it, or as the tool produced it.
struct ExpectedDiagnostic: Hashable, CustomStringConvertible {
    var line: Int
    var column: Int
    /// Display columns under the carets; nil for the `at L:C` form.
    var width: Int?
    var severity: String
    var code: String
    var message: String

    var description: String {
        "\(line):\(column)\(width.map { "+\($0)" } ?? "") \(severity)[\(code)]: \(message)"
    }
}

enum GoldenFile {
    /// The expectations written in a fixture's comments.
    static func expectations(in text: String) -> [ExpectedDiagnostic] {
        let caret = /^\s*#(\s*)(\^+) (error|warning|info)\[(\w+)\]: (.*)$/
        let located = /^\s*# expect (error|warning|info)\[(\w+)\] at (\d+):(\d+): (.*)$/
        let column = /^\s*# expect (error|warning|info)\[(\w+)\] at column (\d+): (.*)$/
        var result: [ExpectedDiagnostic] = []
        var target: (number: Int, text: Substring)?
        // "\r\n" is one Character in Swift, so split on both line ends.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            if let match = line.wholeMatch(of: caret), let target {
                // The caret's display column in this comment is the span's column there.
                let prefix = line[..<match.output.2.startIndex]
                let column = TextWidth.columns(of: prefix)
                result.append(ExpectedDiagnostic(
                    line: target.number, column: characterColumn(in: target.text, atDisplayColumn: column),
                    width: match.output.2.count, severity: String(match.output.3), code: String(match.output.4),
                    message: String(match.output.5)))
            } else if let match = line.wholeMatch(of: column), let target {
                result.append(ExpectedDiagnostic(
                    line: target.number, column: Int(match.output.3)!, width: nil,
                    severity: String(match.output.1), code: String(match.output.2), message: String(match.output.4)))
            } else if let match = line.wholeMatch(of: located) {
                result.append(ExpectedDiagnostic(
                    line: Int(match.output.3)!, column: Int(match.output.4)!, width: nil,
                    severity: String(match.output.1), code: String(match.output.2), message: String(match.output.5)))
            } else {
                target = (index + 1, line)
            }
        }
        return result
    }

    /// The diagnostics a program produced, in the golden files' terms.
    static func actual(_ program: Program, in file: FileID, widths: Bool) -> [ExpectedDiagnostic] {
        let source = program.sources[file]
        return program.diagnostics.filter { $0.span.file == file }.map { diagnostic in
            let location = source.location(of: diagnostic.span.start)
            let lineRange = source.lineRange(location.line - 1)
            let end = min(max(diagnostic.span.end, diagnostic.span.start), lineRange.upperBound)
            let covered = String(decoding: source.bytes[min(diagnostic.span.start, end)..<end], as: UTF8.self)
            return ExpectedDiagnostic(
                line: location.line, column: location.column,
                width: widths ? max(1, TextWidth.columns(of: Substring(covered))) : nil,
                severity: "\(diagnostic.severity)", code: diagnostic.code.id, message: diagnostic.message)
        }
    }

    /// The 1-based column (in characters) of a display column within a line.
    private static func characterColumn(in line: Substring, atDisplayColumn target: Int) -> Int {
        var display = 0
        var column = 1
        for scalar in line.unicodeScalars {
            if display >= target { break }
            display += TextWidth.columns(of: scalar)
            column += 1
        }
        return column + max(0, target - display)
    }

    /// Compares what a fixture expects with what the tool said, recording
    /// every difference as a test issue. Every file the fixture imports is
    /// held to the expectations written in it too.
    static func verify(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var program = Program.load(paths: [path], reader: RootedReader())
        // A fixture of the built-in checks names the checks it is about in a
        // `# checks: C301 C302` line; the others stay off, so it need not
        // be a complete alliance.
        let text = String(decoding: program.sources.files.first?.bytes ?? [], as: UTF8.self)
        if let line = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("# checks:") }) {
            let named = Set(line.dropFirst("# checks:".count).split(separator: " ").map(String.init))
            var configuration = CheckConfiguration()
            configuration.disabled = Set(Catalog.all.map(\.id)).subtracting(named)
            program.runChecks(configuration)
        }
        var report: [String] = []
        for file in program.sources.files {
            let text = String(decoding: file.bytes, as: UTF8.self)
            var unmatched = actual(program, in: file.id, widths: true)
            for expectation in expectations(in: text) {
                let index = unmatched.firstIndex { candidate in
                    var candidate = candidate
                    if expectation.width == nil { candidate.width = nil }
                    return candidate == expectation
                }
                if let index { unmatched.remove(at: index) } else {
                    report.append("  \(file.path): expected but not reported: \(expectation)")
                }
            }
            report += unmatched.map { "  \(file.path): reported but not expected: \($0)" }
        }
        if !report.isEmpty {
            Issue.record(Testing.Comment(rawValue: ([path + ":"] + report).joined(separator: "\n")), sourceLocation: sourceLocation)
        }
    }
}

/// Runs a program (found on the PATH, as by `env`) and returns its exit
/// status and its output and errors together.
enum Subprocess {
    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
