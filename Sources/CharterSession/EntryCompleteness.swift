// Whether the lines typed so far are a whole entry, or the REPL should ask
// for more with its continuation prompt: an open bracket, a text still open
// at the end of the last line, or an entry that stops where the grammar
// needs more (`member x` before its `{`) goes on. An empty line always ends
// an entry, so a mistake never leaves the prompt waiting.

import Charter

public enum EntryCompleteness {
    /// Whether `text` (the lines of one entry so far) needs more lines.
    public static func needsMore(_ text: String) -> Bool {
        guard !MetaCommand.starts(text) else { return false }
        let file = SourceFile(id: FileID(0), path: "<input>", text: text)
        let tokens = Lexer.tokenize(file).tokens
        // A text ends on its line; one still open at the end of the last line
        // goes on (see `EntryAssembler`), one open on an earlier line is an
        // error to show now, whatever else is open.
        let lastLine = file.lineIndex(of: file.bytes.count)
        let openTexts = tokens.filter { $0.kind == .string && !isClosed($0, in: file) }.map { file.lineIndex(of: $0.span.start) }
        if openTexts.contains(where: { $0 < lastLine }) { return false }
        if openTexts.contains(lastLine) { return true }
        var depth = 0
        for token in tokens {
            switch token.kind {
            case .leftBrace, .leftParen, .leftBracket: depth += 1
            case .rightBrace, .rightParen, .rightBracket: depth -= 1
            default: break
            }
        }
        if depth > 0 { return true }
        return Parser.parseInput(file).diagnostics.contains { $0.code == ParserDiagnostic.unexpectedEnd }
    }

    /// Whether a line is a meta-command (`:load …`) rather than Charter.
    public static func isMetaCommand(_ line: String) -> Bool { MetaCommand.starts(line) }

    /// Whether the last line of `text` ends inside a text.
    static func endsInText(_ text: String) -> Bool {
        let file = SourceFile(id: FileID(0), path: "<input>", text: text)
        let lastLine = file.lineIndex(of: file.bytes.count)
        return Lexer.tokenize(file).tokens.contains { token in
            token.kind == .string && !isClosed(token, in: file) && file.lineIndex(of: token.span.start) == lastLine
        }
    }

    private static func isClosed(_ string: Token, in file: SourceFile) -> Bool {
        string.span.end - string.span.start >= 2 && file.bytes[string.span.end - 1] == UInt8(ascii: "\"")
    }
}

/// Gathers lines into entries, as the REPL reads them from a terminal or a
/// script. A text left open at the end of a line goes on with the next one
/// after a `\n` escape, since a Charter text cannot hold a line break
/// itself: `value v "two` and `lines"` are `value v "two\nlines"`.
public struct EntryAssembler {
    /// The lines of the entry so far, joined.
    public private(set) var pending: [UInt8] = []

    public init() {}

    public var isEmpty: Bool { pending.isEmpty }

    /// Adds a line; returns the whole entry when this line completes it.
    public mutating func add(_ line: [UInt8]) -> [UInt8]? {
        let blank = line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        if pending.isEmpty {
            if blank { return nil }
            pending = line
        } else {
            let joint = EntryCompleteness.endsInText(String(decoding: pending, as: UTF8.self)) ? Array("\\n".utf8) : [UInt8(ascii: "\n")]
            pending += joint + line
        }
        guard blank || !EntryCompleteness.needsMore(String(decoding: pending, as: UTF8.self)) else { return nil }
        defer { pending = [] }
        return pending
    }

    /// Abandons the entry being gathered.
    public mutating func drop() { pending = [] }
}
