// What each fuzz target asks of one input, apart from the fuzzer, so that
// the tests replay every input a fuzzer ever found through the same code
// (Tests/CharterTests/FuzzRegressionTests.swift). Every stage must answer
// any input without crashing, hanging or running away with memory; some
// promise more, and a broken promise is returned in words.

import Charter
import CharterSession

public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The tokens tile the file in order, inside it, ending with the end of file.
    case lexer
    case parser
    case resolver
    /// The whole `check` pipeline with every built-in check, power kept small.
    case check
    /// On every input that parses, the output parses to the same tree with
    /// no warning the input did not have, and formatting it again changes
    /// nothing: at the standard line width, and at a narrow one the input
    /// picks (where most groups break).
    case formatter
    /// The statements, scenarios and user checks of the input.
    case interpreter
    /// The input's lines as a script feeds them to the REPL, with no files.
    case repl
    /// The input as a file, its text also as a file name, a message and a
    /// waiver's fields, through every output format: no output line holds a
    /// raw control character or a command a CI system would run
    /// (`OutputSafety`).
    case outputs
    /// The input as a document an editor opens, asks about and edits, and
    /// as a stream of framed messages: every request answered once.
    case lsp

    /// Runs one input; what broke the target's promise, or nil when it held.
    public func run(_ input: [UInt8]) -> String? {
        var sources = SourceMap()
        let file = sources.add(path: "fuzz.charter", bytes: input)
        switch self {
        case .lexer:
            return Self.tiling(Lexer.tokenize(file).tokens, in: file)
        case .parser:
            _ = Parser.parse(file)
        case .resolver:
            _ = Resolver.resolve([Parser.parse(file).syntax])
        case .check:
            var program = Program.load(paths: ["fuzz.charter"], reader: MemoryReader(files: ["fuzz.charter": input]))
            var configuration = CheckConfiguration()
            configuration.powerWorkLimit = 1e6
            program.runChecks(configuration)
        case .formatter:
            return Self.formatting(file, in: &sources)
        case .interpreter:
            _ = Program.load(paths: ["fuzz.charter"], reader: MemoryReader(files: ["fuzz.charter": input])).run()
        case .repl:
            var lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            lines.reverse()
            // Power kept small, as for `check`: a hundred members typed one
            // by one have the assembly's power computed after each, which
            // took the sanitized debug build 70 s (a fuzzing timeout; 0.2 s
            // in a release build).
            var configuration = CheckConfiguration()
            configuration.powerWorkLimit = 1e6
            configuration.requestedPowerWorkLimit = 1e6
            let session = Session(files: NoFiles(), configuration: configuration)
            _ = Script(write: { _ in }, writeError: { _ in }).run(session) { lines.popLast() }
        case .outputs:
            return OutputSafety.outputs(for: input)
        case .lsp:
            return LanguageServerFuzz.run(input)
        }
        return nil
    }

    static func tiling(_ tokens: [Token], in file: SourceFile) -> String? {
        var end = 0
        for token in tokens {
            guard token.span.start >= end, token.span.end <= file.bytes.count else {
                return "token \(token.kind) at \(token.span.start)..<\(token.span.end) overlaps or leaves the file"
            }
            end = token.span.end
        }
        return tokens.last?.kind == .endOfFile ? nil : "the tokens do not end with the end of the file"
    }

    private static func formatting(_ file: SourceFile, in sources: inout SourceMap) -> String? {
        let parsed = Parser.parse(file)
        guard !parsed.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        let narrow = LineWidth.allowed.lowerBound + Int(file.bytes.first ?? 0) % 60
        for width in [LineWidth.standard, narrow] {
            let formatted = Formatter(source: file, syntax: parsed.syntax, lineWidth: width).format()
            let again = sources.add(path: "formatted.charter", text: formatted)
            let reparsed = Parser.parse(again)
            guard !reparsed.diagnostics.contains(where: { $0.severity == .error && $0.code != ParserDiagnostic.emptyFile }) else {
                return "the formatted input (\(width) columns) has errors:\n\(formatted)"
            }
            // A warning about layout (a matter's rule on a line of its own) must not be the formatter's doing.
            let warned = Set(parsed.diagnostics.map(\.code))
            if let added = reparsed.diagnostics.first(where: { !warned.contains($0.code) && $0.code != ParserDiagnostic.emptyFile }) {
                return "formatting (\(width) columns) brought a warning, \(added.message):\n\(formatted)"
            }
            guard TreeShape.of(reparsed.syntax.declarations) == TreeShape.of(parsed.syntax.declarations) else {
                return "formatting (\(width) columns) changed the tree:\n\(formatted)"
            }
            guard Formatter(source: again, syntax: reparsed.syntax, lineWidth: width).format() == formatted else {
                return "formatting twice (\(width) columns) changes the layout:\n\(formatted)"
            }
        }
        return nil
    }
}

/// No files: reading finds nothing and writing is refused, so `:load`,
/// `:save` and `:transcript` touch nothing.
private final class NoFiles: SessionFiles, @unchecked Sendable {
    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] { throw .notFound }
    func exists(_ path: String) -> Bool { false }
    func writeAtomically(_ text: String, to path: String) throws(WriteError) { throw WriteError("the fuzzer writes nothing") }
    func entries(of directory: String) -> [(name: String, isDirectory: Bool)]? { nil }
}
