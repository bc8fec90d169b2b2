// Whether the lines typed so far are a whole entry, or the REPL should ask
// for more with its continuation prompt: an open bracket, a text still open
// at the end of the last line, or an entry that stops where the grammar
// needs more (`member x` before its `{`) goes on. An empty line always ends
// an entry, so a mistake never leaves the prompt waiting.

import Charter

public enum EntryCompleteness {
    /// Whether `text` (the lines of one entry so far) needs more lines.
    public static func needsMore(_ text: String) -> Bool {
        guard !text.trimmingWhitespace().hasPrefix(":") else { return false }
        let file = SourceFile(id: FileID(0), path: "<input>", text: text)
        let tokens = Lexer.tokenize(file).tokens
        // A text ends on its line: one still open at the end of the last
        // line may be finished on the next; one left open on an earlier line
        // is an error to show now, whatever else is open.
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

    private static func isClosed(_ string: Token, in file: SourceFile) -> Bool {
        string.span.end - string.span.start >= 2 && file.bytes[string.span.end - 1] == UInt8(ascii: "\"")
    }
}
