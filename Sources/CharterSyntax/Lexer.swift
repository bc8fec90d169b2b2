// The lexer: UTF-8 bytes in, tokens with byte-offset spans out. It never
// fails: bytes it cannot use become one diagnostic per run and an `invalid`
// token, so the parser can go on and report what follows. Comments are kept
// as trivia beside the tokens.

import CharterDiagnostics

/// The result of lexing one file.
public struct LexedFile: Sendable {
    public var tokens: [Token]
    public var comments: [Comment]
    public var diagnostics: [Diagnostic]
    /// The most severe of the problems past `DiagnosticLimit.count`, which
    /// were not listed.
    public var unlisted: Severity?
}

/// Diagnostics of the lexer.
public enum LexerDiagnostic {
    public static let unexpectedCharacter = DiagnosticCode("E101", "unexpected-character")
    public static let unterminatedString = DiagnosticCode("E102", "unterminated-string")
    public static let invalidEscape = DiagnosticCode("E103", "invalid-escape")
    public static let invalidUTF8 = DiagnosticCode("E104", "invalid-utf8")
    public static let nulByte = DiagnosticCode("E105", "nul-byte")
    public static let digitsBeforeName = DiagnosticCode("E106", "digits-before-name")

    /// Every code this stage can emit.
    public static let all: [DiagnosticCode] = [
        unexpectedCharacter, unterminatedString, invalidEscape, invalidUTF8, nulByte, digitsBeforeName,
    ]
}

/// Scans one source file: all at once (`tokenize`), or a little ahead of
/// its reader (`scan(until:)`), as the parser reads it, so that a large
/// file's tokens are never all in memory at once.
public struct Lexer {
    private let file: SourceFile
    private let fileID: FileID
    private let bytes: [UInt8]
    private var position = 0
    /// The tokens scanned and not yet dropped by the reader.
    private(set) var tokens: [Token] = []
    /// Whether the end of the file is reached: the last token is `endOfFile`.
    private(set) var finished = false
    private(set) var comments: [Comment] = []
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var unlisted: Severity?
    /// Whether a token has been produced on the current line (for trailing comments).
    private var tokenOnLine = false
    /// For a lexer that stands for one on another thread: its batches.
    private var feed: LexerFeed?

    public static func tokenize(_ file: SourceFile) -> LexedFile {
        var lexer = Lexer(file)
        // About one token in six bytes, in the examples and generated
        // alliances alike: reserved at once, not regrown a dozen times.
        lexer.tokens.reserveCapacity(file.bytes.count / 6 + 16)
        lexer.scan(until: .max)
        return lexer.lexed
    }

    /// The tokens of the part of `file` in `range`, which starts where a
    /// token does and ends where one ends (a declaration's span, say): the
    /// whole file's tokens there, for a reader of one declaration of a
    /// large file.
    public static func tokens(of file: SourceFile, in range: Range<Int>) -> [Token] {
        var lexer = Lexer(file)
        lexer.position = max(lexer.position, range.lowerBound)
        var tokens: [Token] = []
        while true {
            lexer.scan(until: lexer.tokens.count + 1)
            guard let token = lexer.tokens.last, token.kind != .endOfFile, token.span.start < range.upperBound else { break }
            tokens.append(token)
            lexer.tokens.removeAll(keepingCapacity: true)
        }
        return tokens
    }

    init(_ file: SourceFile) {
        self.file = file
        self.fileID = file.id
        self.bytes = file.bytes
        // A UTF-8 byte order mark is accepted and skipped.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// A lexer whose scanning is done on another thread, a few batches
    /// ahead (`LexerFeed`): it hands over what that one scanned, in order.
    init(scanningApart file: SourceFile) {
        self.init(file)
        feed = LexerFeed(file)
    }

    /// What was scanned since the last batch, taken out: for a `LexerFeed`.
    mutating func takeBatch() -> LexerFeed.Batch {
        defer {
            tokens = []
            tokens.reserveCapacity(LexerFeed.tokensPerBatch + 1)
            comments = []
        }
        return LexerFeed.Batch(tokens: tokens, comments: comments, end: finished ? (diagnostics, unlisted) : nil)
    }

    /// Takes the next batch of the lexer on another thread.
    @inline(never)
    private mutating func receive(from feed: LexerFeed) {
        let batch = feed.next()
        tokens.append(contentsOf: batch.tokens)
        comments.append(contentsOf: batch.comments)
        if let end = batch.end {
            (diagnostics, unlisted) = end
            finished = true
        }
    }

    /// What was scanned: the tokens not yet dropped, every comment and problem.
    var lexed: LexedFile {
        LexedFile(tokens: tokens, comments: comments, diagnostics: diagnostics, unlisted: unlisted)
    }

    /// Scans on until `count` tokens are held, or to the end of the file.
    mutating func scan(until count: Int) {
        if let feed {
            while tokens.count < count && !finished { receive(from: feed) }
            return
        }
        // The hottest scanners read the bytes through a pointer, unchecked:
        // every read is behind a test of `buffer.count`.
        let bytes = self.bytes
        bytes.withUnsafeBufferPointer { buffer in
            while tokens.count < count && !finished { step(buffer) }
        }
    }

    /// Drops the first `count` tokens held, which the reader is done with.
    mutating func drop(_ count: Int) {
        tokens.removeFirst(count)
    }

    /// Scans to the end of the file for its comments and problems, keeping
    /// no tokens: for a reader that stopped early.
    mutating func finish() {
        while !finished {
            tokens.removeAll(keepingCapacity: true)
            scan(until: 4_096)
        }
    }

    /// Scans one token, comment or byte of white space. Inlined into its one
    /// caller's loop, as the lexer's loop was when it scanned whole files.
    @inline(__always)
    private mutating func step(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard position < buffer.count else {
            tokens.append(Token(kind: .endOfFile, span: Span(file: fileID, start: buffer.count, end: buffer.count)))
            finished = true
            return
        }
        let start = position
        let byte = buffer[position]
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0C:
            position += 1
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            position += 1
            tokenOnLine = false
        case UInt8(ascii: "#"):
            scanComment()
        case UInt8(ascii: "\""):
            scanString()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            scanNumber()
        case _ where isIdentifierStart(byte):
            scanIdentifier(buffer)
        case 0x80...:
            // A non-ASCII character: a letter starts a name, anything else is an error.
            if let (scalar, length) = decodeScalar(at: position) {
                if scalar.properties.isAlphabetic {
                    scanIdentifier(buffer)
                } else if scalar == "\u{201C}" || scalar == "\u{201E}" {
                    scanTypographicText()
                } else {
                    position += length
                    report(LexerDiagnostic.unexpectedCharacter,
                           "unexpected character \(Self.describe(scalar))", start, position,
                           help: Self.help(for: scalar))
                    emit(.invalid, from: start)
                }
            } else {
                scanInvalidUTF8()
            }
        case 0:
            position = reportNUL(at: start)
            emit(.invalid, from: start)
        default:
            scanPunctuation()
        }
    }

    // MARK: - Scanners

    private mutating func scanComment() {
        let start = position
        // A comment ends at any line break: "\n", "\r\n" or a lone "\r".
        while position < bytes.count && bytes[position] != UInt8(ascii: "\n") && bytes[position] != UInt8(ascii: "\r") {
            position += 1
        }
        comments.append(Comment(span: Span(file: file.id, start: start, end: position), isTrailing: tokenOnLine))
        checkUTF8(start, position)
    }

    @inline(__always)
    private mutating func scanIdentifier(_ buffer: UnsafeBufferPointer<UInt8>) {
        let start = position
        var end = position
        while end < buffer.count {
            let byte = buffer[end]
            if isIdentifierStart(byte) || isDigit(byte) {
                end += 1
            } else if byte >= 0x80, let (scalar, length) = decodeScalar(at: end),
                      scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
                        || scalar.properties.generalCategory == .spacingMark {
                end += length
            } else {
                break
            }
        }
        position = end
        let word = TokenKind.word(spelledBy: UnsafeBufferPointer(rebasing: buffer[start..<end]))
        emit(word?.kind ?? .identifier, itemWord: word?.itemWord, from: start)
    }

    private mutating func scanNumber() {
        let start = position
        while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        if position + 1 < bytes.count && bytes[position] == UInt8(ascii: ".") && isDigit(bytes[position + 1]) {
            position += 1
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count && bytes[position] == UInt8(ascii: "%") {
            position += 1
            emit(.percent, from: start)
        } else if position < bytes.count && isIdentifierStart(bytes[position]) {
            // `3abc`: one mistake, not a number followed by a name.
            while position < bytes.count && (isIdentifierStart(bytes[position]) || isDigit(bytes[position])) {
                position += 1
            }
            report(LexerDiagnostic.digitsBeforeName,
                   "`\(String(decoding: bytes[start..<position], as: UTF8.self))` is neither a number nor a name",
                   start, position, help: "a name starts with a letter or `_`; put a space between a number and a word")
            emit(.invalid, from: start)
        } else {
            emit(.number, from: start)
        }
    }

    private mutating func scanString() {
        let start = position
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                checkUTF8(start, position)
                emit(.string, from: start)
                return
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                // Strings stay on one line, so a missing quote costs one line, not the file.
                unterminated(from: start)
                return
            case UInt8(ascii: "\\"):
                scanEscape()
            default:
                position += 1
            }
        }
        unterminated(from: start)
    }

    private mutating func unterminated(from start: Int) {
        checkUTF8(start, position)
        report(LexerDiagnostic.unterminatedString, "unterminated text: the closing `\"` is missing",
               start, position, label: "this text starts here and runs to the end of the line",
               help: "add a `\"` where the text ends; texts stay on one line")
        emit(.string, from: start)
    }

    /// Scans `\x` inside a string: the valid escapes are \" \\ \n \t and \u{…}.
    private mutating func scanEscape() {
        let start = position
        position += 1
        guard position < bytes.count else { return }
        switch bytes[position] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"):
            position += 1
        case UInt8(ascii: "u"):
            position += 1
            if Self.unicodeEscapeValue(bytes, at: position - 2) == nil {
                // Underline the whole `\u{…}` as written, up to its `}` if it has one.
                var end = position
                while end < bytes.count, bytes[end] == UInt8(ascii: "{") || Self.hexValue(bytes[end]) != nil { end += 1 }
                if end < bytes.count && bytes[end] == UInt8(ascii: "}") { position = end + 1 }
                report(LexerDiagnostic.invalidEscape, "invalid Unicode escape", start, position,
                       help: "write a Unicode escape as `\\u{1F33F}`: 1 to 6 hexadecimal digits of a valid character")
            } else {
                while bytes[position] != UInt8(ascii: "}") { position += 1 }
                position += 1
            }
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            break
        default:
            let (scalar, length) = decodeScalar(at: position) ?? (Unicode.Scalar(bytes[position]), 1)
            position += length
            report(LexerDiagnostic.invalidEscape, "unknown escape `\\\(scalar)` in text", start, position,
                   help: "the escapes are \\\" \\\\ \\n \\t and \\u{…}; write `\\\\` for a backslash")
        }
    }

    /// The value of `\u{…}` starting at the backslash, or nil when malformed.
    static func unicodeEscapeValue(_ bytes: [UInt8], at backslash: Int) -> Unicode.Scalar? {
        var index = backslash + 2
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var value: UInt32 = 0
        var digits = 0
        while index < bytes.count, let digit = hexValue(bytes[index]) {
            digits += 1
            guard digits <= 6 else { return nil }
            value = value * 16 + digit
            index += 1
        }
        guard digits > 0, index < bytes.count, bytes[index] == UInt8(ascii: "}") else { return nil }
        return Unicode.Scalar(value)
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func scanInvalidUTF8() {
        let start = position
        position = reportInvalidUTF8(at: start, before: bytes.count)
        emit(.invalid, from: start)
    }

    /// Reports the run of bytes that are not UTF-8 starting at `start` (one
    /// diagnostic for the run, not one per byte) and returns where it ends.
    private mutating func reportInvalidUTF8(at start: Int, before limit: Int) -> Int {
        var end = start + 1
        while end < limit && bytes[end] >= 0x80 && decodeScalar(at: end) == nil { end += 1 }
        report(LexerDiagnostic.invalidUTF8, "this file is not valid UTF-8", start, end,
               help: "save the file as UTF-8 text")
        return end
    }

    private mutating func reportNUL(at start: Int) -> Int {
        var end = start
        while end < bytes.count && bytes[end] == 0 { end += 1 }
        report(LexerDiagnostic.nulByte, "NUL byte in the source", start, end,
               help: "a Charter file is text; remove the NUL byte, or check that this is the file you meant")
        return end
    }

    private mutating func scanPunctuation() {
        let start = position
        let byte = bytes[position]
        let next: UInt8? = position + 1 < bytes.count ? bytes[position + 1] : nil
        func single(_ kind: TokenKind) -> TokenKind { position += 1; return kind }
        func double(_ kind: TokenKind) -> TokenKind { position += 2; return kind }
        let kind: TokenKind
        switch (byte, next) {
        case (UInt8(ascii: "{"), _): kind = single(.leftBrace)
        case (UInt8(ascii: "}"), _): kind = single(.rightBrace)
        case (UInt8(ascii: "("), _): kind = single(.leftParen)
        case (UInt8(ascii: ")"), _): kind = single(.rightParen)
        case (UInt8(ascii: "["), _): kind = single(.leftBracket)
        case (UInt8(ascii: "]"), _): kind = single(.rightBracket)
        case (UInt8(ascii: ","), _): kind = single(.comma)
        case (UInt8(ascii: "."), _): kind = single(.dot)
        case (UInt8(ascii: ":"), _): kind = single(.colon)
        case (UInt8(ascii: "+"), _): kind = single(.plus)
        case (UInt8(ascii: "-"), _): kind = single(.minus)
        case (UInt8(ascii: "*"), _): kind = single(.star)
        case (UInt8(ascii: "/"), _): kind = single(.slash)
        case (UInt8(ascii: "="), UInt8(ascii: "=")): kind = double(.equal)
        case (UInt8(ascii: "="), _): kind = single(.assign)
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): kind = double(.notEqual)
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): kind = double(.lessEqual)
        case (UInt8(ascii: "<"), _): kind = single(.less)
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): kind = double(.greaterEqual)
        case (UInt8(ascii: ">"), _): kind = single(.greater)
        case (UInt8(ascii: "&"), UInt8(ascii: "&")), (UInt8(ascii: "|"), UInt8(ascii: "|")):
            // `&&` and `||` are one mistake, not two.
            position += 2
            report(LexerDiagnostic.unexpectedCharacter,
                   "unexpected `\(byte == UInt8(ascii: "&") ? "&&" : "||")`", start, position,
                   help: Self.punctuationHelp[byte], fix: spaced(byte == UInt8(ascii: "&") ? "and" : "or", from: start, to: position))
            kind = .invalid
        default:
            // A run of one stray character (`;;;`) is one mistake.
            while position < bytes.count && bytes[position] == byte { position += 1 }
            report(LexerDiagnostic.unexpectedCharacter,
                   "unexpected character \(Self.describe(Unicode.Scalar(byte)))", start, position,
                   help: Self.punctuationHelp[byte])
            kind = .invalid
        }
        emit(kind, from: start)
    }

    /// A word to replace the bytes from `start` to `end` with, spaced from
    /// what touches it (`a&&b` becomes `a and b`, not `aandb`).
    private func spaced(_ word: String, from start: Int, to end: Int) -> String {
        func isSpace(_ index: Int) -> Bool {
            index < 0 || index >= bytes.count || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[index])
        }
        return (isSpace(start - 1) ? "" : " ") + word + (isSpace(end) ? "" : " ")
    }

    /// “Text in typographic quotes”, as word processors write it: one
    /// diagnostic for the whole text, which becomes one invalid token.
    private mutating func scanTypographicText() {
        let start = position
        while position < bytes.count && bytes[position] != UInt8(ascii: "\n") && bytes[position] != UInt8(ascii: "\r") {
            guard let (scalar, length) = decodeScalar(at: position) else { break }
            position += length
            if position - length > start && (scalar == "\u{201D}" || scalar == "\u{201C}") { break }
        }
        // The same text between straight quotes, when nothing in it needs escaping.
        var inner = Array(String(decoding: bytes[start..<position], as: UTF8.self).unicodeScalars.dropFirst())
        if let last = inner.last, last == "\u{201D}" || last == "\u{201C}" { inner.removeLast() }
        let straight = inner.contains { $0 == "\"" || $0 == "\\" } ? nil : "\"" + String(String.UnicodeScalarView(inner)) + "\""
        report(LexerDiagnostic.unexpectedCharacter, "text in typographic quotes", start, position,
               help: "write texts between straight double quotes: \"like this\"", fix: straight)
        emit(.invalid, from: start)
    }

    /// A character as a message shows it: visible ones as themselves, with
    /// their code point when they are easily mistaken for something else.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let properties = scalar.properties
        let invisible = scalar.value < 0x20 || properties.isWhitespace
            || properties.generalCategory == .format || properties.generalCategory == .control
        let name = properties.name.map { " (\($0.lowercased()))" } ?? ""
        if invisible { return "\(code)\(name), which does not show" }
        return scalar.isASCII ? "`\(scalar)`" : "`\(scalar)` (\(code))"
    }

    private static func help(for scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x2018, 0x2019, 0x201D: "write texts between straight double quotes: \"like this\""
        case 0x2013, 0x2014, 0x2212: "write a minus as `-`"
        default:
            scalar.properties.isWhitespace
                ? "replace it with an ordinary space"
                : "names are made of letters, digits and `_`; text goes between double quotes"
        }
    }

    /// Hints for characters people bring from other languages.
    private static let punctuationHelp: [UInt8: String] = [
        UInt8(ascii: "!"): "write `not` for negation, or `!=` for \"is not equal to\"",
        UInt8(ascii: "&"): "write `and` to combine conditions",
        UInt8(ascii: "|"): "write `or` for either condition",
        UInt8(ascii: ";"): "declarations need no separator: leave it out",
        UInt8(ascii: "'"): "texts go between double quotes: \"like this\"",
        UInt8(ascii: "%"): "a percentage is written right after its number, as in `60%`",
    ]

    // MARK: - Helpers

    @inline(__always)
    private mutating func emit(_ kind: TokenKind, itemWord: ItemWord? = nil, from start: Int) {
        tokens.append(Token(kind: kind, itemWord: itemWord, span: Span(file: fileID, start: start, end: position)))
        tokenOnLine = true
    }

    private mutating func report(
        _ code: DiagnosticCode, _ message: String, _ start: Int, _ end: Int,
        label: String? = nil, help: String? = nil, fix: String? = nil
    ) {
        guard diagnostics.count < DiagnosticLimit.count else {
            unlisted = max(unlisted ?? code.severity, code.severity)
            return
        }
        let span = Span(file: file.id, start: start, end: end)
        diagnostics.append(Diagnostic(code, message, at: span, label: label, help: help, fix: fix.map { Fix(span, $0) }))
    }

    /// Reports the first run of invalid UTF-8 inside a comment or string.
    private mutating func checkUTF8(_ start: Int, _ end: Int) {
        var index = start
        while index < end {
            if bytes[index] == 0 {
                _ = reportNUL(at: index)
                return
            }
            if bytes[index] < 0x80 { index += 1; continue }
            guard let (_, length) = decodeScalar(at: index), index + length <= end else {
                _ = reportInvalidUTF8(at: index, before: end)
                return
            }
            index += length
        }
    }

    /// Decodes one UTF-8 scalar, or nil when the bytes there are not valid UTF-8.
    private func decodeScalar(at offset: Int) -> (Unicode.Scalar, Int)? {
        Self.decodeScalar(bytes, at: offset)
    }

    static func decodeScalar(_ bytes: [UInt8], at offset: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[offset]
        let length: Int
        var value: UInt32
        switch lead {
        case 0x00...0x7F: return (Unicode.Scalar(lead), 1)
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        for index in 1..<length {
            let byte = bytes[offset + index]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        // Reject overlong forms and surrogates; `Unicode.Scalar` rejects the rest.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
