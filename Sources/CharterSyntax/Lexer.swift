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
}

/// Diagnostics of the lexer.
public enum LexerDiagnostic {
    public static let unexpectedCharacter = DiagnosticCode("E101", "unexpected-character")
    public static let unterminatedString = DiagnosticCode("E102", "unterminated-string")
    public static let invalidEscape = DiagnosticCode("E103", "invalid-escape")
    public static let invalidUTF8 = DiagnosticCode("E104", "invalid-utf8")
    public static let nulByte = DiagnosticCode("E105", "nul-byte")

    /// Every code this stage can emit.
    public static let all: [DiagnosticCode] = [
        unexpectedCharacter, unterminatedString, invalidEscape, invalidUTF8, nulByte,
    ]
}

/// Scans one source file.
public struct Lexer {
    private let file: SourceFile
    private let bytes: [UInt8]
    private var position = 0
    private var tokens: [Token] = []
    private var comments: [Comment] = []
    private var diagnostics: [Diagnostic] = []
    /// Whether a token has been produced on the current line (for trailing comments).
    private var tokenOnLine = false

    public static func tokenize(_ file: SourceFile) -> LexedFile {
        var lexer = Lexer(file: file)
        lexer.run()
        return LexedFile(tokens: lexer.tokens, comments: lexer.comments, diagnostics: lexer.diagnostics)
    }

    private init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
        // A UTF-8 byte order mark is accepted and skipped.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    private mutating func run() {
        while position < bytes.count {
            let start = position
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0C:
                position += 1
            case UInt8(ascii: "\n"):
                position += 1
                tokenOnLine = false
            case UInt8(ascii: "#"):
                scanComment()
            case UInt8(ascii: "\""):
                scanString()
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                scanNumber()
            case _ where isIdentifierStart(byte):
                scanIdentifier()
            case 0x80...:
                // A non-ASCII character: a letter starts a name, anything else is an error.
                if let (scalar, length) = decodeScalar(at: position) {
                    if scalar.properties.isAlphabetic {
                        scanIdentifier()
                    } else {
                        position += length
                        report(LexerDiagnostic.unexpectedCharacter,
                               "unexpected character `\(scalar)`", start, position,
                               help: "names are made of letters, digits and `_`; text goes between double quotes")
                        emit(.invalid, from: start)
                    }
                } else {
                    scanInvalidUTF8()
                }
            case 0:
                while position < bytes.count && bytes[position] == 0 { position += 1 }
                report(LexerDiagnostic.nulByte, "NUL byte in the source", start, position,
                       help: "a Charter file is text; remove the NUL byte, or check that this is the file you meant")
                emit(.invalid, from: start)
            default:
                scanPunctuation()
            }
        }
        tokens.append(Token(kind: .endOfFile, span: Span(file: file.id, start: bytes.count, end: bytes.count)))
    }

    // MARK: - Scanners

    private mutating func scanComment() {
        let start = position
        while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
        var end = position
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        comments.append(Comment(span: Span(file: file.id, start: start, end: end), isTrailing: tokenOnLine))
        checkUTF8(start, end)
    }

    private mutating func scanIdentifier() {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if isIdentifierStart(byte) || isDigit(byte) {
                position += 1
            } else if byte >= 0x80, let (scalar, length) = decodeScalar(at: position),
                      scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
                        || scalar.properties.generalCategory == .spacingMark {
                position += length
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        emit(TokenKind.keywords[text] ?? .identifier, from: start)
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
        // One diagnostic for a whole run of bad bytes, not one per byte.
        while position < bytes.count && bytes[position] >= 0x80 && decodeScalar(at: position) == nil {
            position += 1
        }
        report(LexerDiagnostic.invalidUTF8, "this file is not valid UTF-8", start, position,
               help: "save the file as UTF-8 text")
        emit(.invalid, from: start)
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
                   help: Self.punctuationHelp[byte])
            kind = .invalid
        default:
            position += 1
            let character = TextWidth.displayable(String(decoding: [byte], as: UTF8.self))
            report(LexerDiagnostic.unexpectedCharacter, "unexpected character `\(character)`", start, position,
                   help: Self.punctuationHelp[byte])
            kind = .invalid
        }
        emit(kind, from: start)
    }

    /// Hints for characters people bring from other languages.
    private static let punctuationHelp: [UInt8: String] = [
        UInt8(ascii: "!"): "write `not` for negation, or `!=` for \"is not equal to\"",
        UInt8(ascii: "&"): "write `and` to combine conditions",
        UInt8(ascii: "|"): "write `or` for either condition",
        UInt8(ascii: ";"): "declarations need no separator: start the next one on a new line",
        UInt8(ascii: "'"): "texts go between double quotes: \"like this\"",
        UInt8(ascii: "%"): "a percentage is written right after its number, as in `60%`",
    ]

    // MARK: - Helpers

    private mutating func emit(_ kind: TokenKind, from start: Int) {
        tokens.append(Token(kind: kind, span: Span(file: file.id, start: start, end: position)))
        tokenOnLine = true
    }

    private mutating func report(
        _ code: DiagnosticCode, _ message: String, _ start: Int, _ end: Int,
        label: String? = nil, help: String? = nil
    ) {
        diagnostics.append(Diagnostic(code, message, at: Span(file: file.id, start: start, end: end),
                                      label: label, help: help))
    }

    /// Reports the first run of invalid UTF-8 inside a comment or string.
    private mutating func checkUTF8(_ start: Int, _ end: Int) {
        var index = start
        while index < end {
            if bytes[index] == 0 {
                report(LexerDiagnostic.nulByte, "NUL byte in the source", index, index + 1,
                       help: "a Charter file is text; remove the NUL byte")
                return
            }
            if bytes[index] < 0x80 { index += 1; continue }
            guard let (_, length) = decodeScalar(at: index), index + length <= end else {
                var badEnd = index + 1
                while badEnd < end && bytes[badEnd] >= 0x80 && decodeScalar(at: badEnd) == nil { badEnd += 1 }
                report(LexerDiagnostic.invalidUTF8, "this file is not valid UTF-8", index, badEnd,
                       help: "save the file as UTF-8 text")
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
