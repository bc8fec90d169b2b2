// The lexer on its own: token kinds and byte spans, comments kept as trivia,
// and bytes that are not text.

import Charter
@testable import CharterSyntax
import Testing

@Suite struct LexerTests {
    private func lex(_ text: String) -> LexedFile {
        Lexer.tokenize(SourceFile(id: FileID(0), path: "test.charter", text: text))
    }

    private func lex(bytes: [UInt8]) -> LexedFile {
        Lexer.tokenize(SourceFile(id: FileID(0), path: "test.charter", bytes: bytes))
    }

    @Test("every reserved word and every word that opens items is told in one lookup, and nothing else is")
    func wordsTold() {
        let keywords = TokenKind.keywords.sorted { $0.key < $1.key }
        let keywordTokens = lex(keywords.map(\.key).joined(separator: " ")).tokens.dropLast()
        #expect(keywordTokens.map(\.kind) == keywords.map(\.value))
        #expect(keywordTokens.allSatisfy { $0.itemWord == nil })
        let itemTokens = lex(ItemWord.allCases.map(\.spelling).joined(separator: " ")).tokens.dropLast()
        #expect(itemTokens.map(\.kind) == Array(repeating: .identifier, count: ItemWord.allCases.count))
        #expect(itemTokens.map(\.itemWord) == ItemWord.allCases.map { $0 })
        #expect(ItemWord.allCases.allSatisfy { $0.length == $0.spelling.utf8.count })
        // Near misses: longer, shorter, capitalised, another word of the same length and first letter.
        let nearMisses = ["weights", "weigh", "Weight", "membersx", "mission_", "classy", "clas", "checks", "vetoes", "b", "by_",
                          "allied", "alliances", "principles", "principal", "scenarios", "wher", "kinds", "holdings", "valuE"]
        for token in lex(nearMisses.joined(separator: " ")).tokens.dropLast() {
            #expect(token.kind == .identifier && token.itemWord == nil)
        }
    }

    @Test("tokens carry their kind and byte span")
    func kindsAndSpans() {
        let lexed = lex("member ñandú { weight 3 } # note")
        #expect(lexed.tokens.map(\.kind) == [.kwMember, .identifier, .leftBrace, .identifier, .number, .rightBrace, .endOfFile])
        // `ñandú` is 5 characters but 7 bytes: spans are byte offsets.
        #expect(lexed.tokens[1].span.start == 7)
        #expect(lexed.tokens[1].span.end == 14)
        #expect(lexed.diagnostics.isEmpty)
    }

    @Test("comments are trivia, and know whether code precedes them on their line")
    func comments() {
        let lexed = lex("# leading\nvalue a \"x\" # trailing\n")
        #expect(lexed.comments.count == 2)
        #expect(lexed.comments[0].isTrailing == false)
        #expect(lexed.comments[1].isTrailing == true)
        #expect(lexed.tokens.count == 4)
    }

    @Test("numbers, percentages and the operators that look alike")
    func numbersAndOperators() {
        let kinds = lex("60% 2/3 12.5% 0.6 >= > == = != <= <").tokens.map(\.kind)
        #expect(kinds == [.percent, .number, .slash, .number, .percent, .number, .greaterEqual, .greater,
                          .equal, .assign, .notEqual, .lessEqual, .less, .endOfFile])
    }

    @Test("contextual words are names; only reserved words are keywords")
    func keywords() {
        let kinds = lex("weight target members must not may every").tokens.map(\.kind)
        #expect(kinds == [.identifier, .identifier, .identifier, .kwMust, .kwNot, .kwMay, .kwEvery, .endOfFile])
    }

    @Test("a byte order mark is skipped and CRLF is whitespace")
    func bomAndCRLF() {
        let lexed = lex(bytes: [0xEF, 0xBB, 0xBF] + Array("value a \"x\"\r\nvalue b \"y\"\r\n".utf8))
        #expect(lexed.diagnostics.isEmpty)
        #expect(lexed.tokens.map(\.kind) == [.kwValue, .identifier, .string, .kwValue, .identifier, .string, .endOfFile])
        #expect(lexed.tokens[0].span.start == 3)
    }

    @Test("invalid UTF-8 is one diagnostic per run of bad bytes, wherever it is")
    func invalidUTF8() {
        let code = lex(bytes: Array("value a ".utf8) + [0xFF, 0xFE, 0xC0, 0x80] + Array(" \"x\"".utf8))
        #expect(code.diagnostics.map(\.code) == [LexerDiagnostic.invalidUTF8])
        #expect(code.diagnostics[0].span.start == 8 && code.diagnostics[0].span.end == 12)
        let inString = lex(bytes: Array("value a \"".utf8) + [0xE2, 0x82] + Array("\"".utf8))
        #expect(inString.diagnostics.map(\.code) == [LexerDiagnostic.invalidUTF8])
        let inComment = lex(bytes: Array("# ".utf8) + [0xED, 0xA0, 0x80] + Array("\nvalue a \"x\"".utf8))
        #expect(inComment.diagnostics.map(\.code) == [LexerDiagnostic.invalidUTF8], "a surrogate is not UTF-8")
    }

    @Test("a NUL byte is reported, in code and inside a text")
    func nulByte() {
        #expect(lex(bytes: Array("value".utf8) + [0, 0] + Array(" a \"x\"".utf8)).diagnostics.map(\.code) == [LexerDiagnostic.nulByte])
        #expect(lex(bytes: Array("value a \"x".utf8) + [0] + Array("\"".utf8)).diagnostics.map(\.code) == [LexerDiagnostic.nulByte])
    }

    @Test("an unterminated text ends at its line, so the next line still lexes")
    func unterminatedString() {
        let lexed = lex("value a \"open\nvalue b \"closed\"")
        #expect(lexed.diagnostics.map(\.code) == [LexerDiagnostic.unterminatedString])
        #expect(lexed.tokens.map(\.kind) == [.kwValue, .identifier, .string, .kwValue, .identifier, .string, .endOfFile])
    }
}
