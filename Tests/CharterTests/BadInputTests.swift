// Bad input of every kind gets located diagnostics: never a crash, a trap, a
// hang or a stack overflow. Each case from the list is here.

import Charter
import Foundation
import Testing

@Suite struct BadInputTests {
    private func load(_ bytes: [UInt8]) -> Program {
        Program.load(paths: ["input.charter"], reader: MemoryReader(files: ["input.charter": bytes]))
    }

    private func codes(_ text: String) -> [String] {
        load(Array(text.utf8)).diagnostics.map(\.code.id)
    }

    /// Every diagnostic points inside its file.
    private func expectLocated(_ program: Program, _ comment: Testing.Comment? = nil) {
        for diagnostic in program.diagnostics {
            let size = program.sources[diagnostic.span.file].bytes.count
            #expect(diagnostic.span.start <= diagnostic.span.end && diagnostic.span.end <= size, comment)
        }
    }

    @Test("an empty file, or one of only comments, declares nothing")
    func emptyFile() {
        #expect(codes("") == ["E208"])
        #expect(codes("   \n\n# just a note\n") == ["E208"])
    }

    @Test("an example cut at every byte never crashes, and every cut inside a declaration is reported",
          arguments: GoldenTests.examples)
    func truncated(_ path: String) throws {
        let bytes = Array(try Repository.read(path).utf8)
        for length in 0..<bytes.count {
            let program = load(Array(bytes[..<length]))
            expectLocated(program, "cut at byte \(length) of \(path)")
        }
        // Cutting just before a closing brace always leaves a block open.
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "}") {
            let program = load(Array(bytes[..<offset]))
            #expect(program.hasFindings(atOrAbove: .error), "cut at byte \(offset) of \(path)")
        }
    }

    @Test("random bytes give a bounded list of located diagnostics")
    func randomBytes() {
        var generator = SeededGenerator(seed: 2026)
        for round in 0..<200 {
            let length = Int.random(in: 1...4096, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let program = load(bytes)
            #expect(!program.diagnostics.isEmpty, "round \(round)")
            #expect(program.diagnostics.count <= Parser.maximumErrors + 1, "round \(round)")
            expectLocated(program, "round \(round)")
        }
    }

    @Test("random tokens of the language, shuffled, never crash the parser or resolver")
    func randomTokens() {
        let words = ["alliance", "member", "body", "{", "}", "(", ")", "[", "]", ",", "where", "all", "m", "in",
                     "members", ":", "by", "weighted", "majority", "2/3", "60%", "\"text\"", "holds", "x", "==",
                     "not", "and", "or", "scenario", "remove", "amend", "add", "expect", "check", "let", "=",
                     "rule", "every", "must", "may", "when", "else", "veto", "on", "decides", "quota", "-", "+"]
        var generator = SeededGenerator(seed: 7)
        for round in 0..<500 {
            let count = Int.random(in: 1...200, using: &generator)
            let text = (0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
            expectLocated(load(Array(text.utf8)), "round \(round): \(text)")
        }
    }

    @Test("a file of errors stops after the first fifty, and says so (E207)")
    func tooManyErrors() {
        let program = load(Array(String(repeating: "value\n", count: 200).utf8))
        #expect(program.diagnostics.count == Parser.maximumErrors + 1)
        #expect(program.diagnostics.last?.code == ParserDiagnostic.tooManyErrors)
    }

    @Test("invalid UTF-8 and a NUL byte are located errors")
    func invalidBytes() {
        #expect(load(Array("value a \"".utf8) + [0xC3, 0x28] + Array("\"".utf8)).diagnostics.map(\.code.id) == ["E104"])
        #expect(load(Array("value a \"x\"\n".utf8) + [0] + Array("\nvalue b \"y\"".utf8)).diagnostics.map(\.code.id) == ["E105"])
    }

    @Test("CRLF line ends and a byte order mark are accepted", arguments: GoldenTests.examples)
    func crlfAndBOM(_ path: String) throws {
        let text = try Repository.read(path).replacingOccurrences(of: "\n", with: "\r\n")
        let program = load([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(program.diagnostics.isEmpty)
    }

    @Test("100,000 nested brackets or blocks hit the depth limit with a clear message")
    func deepNesting() {
        #expect(codes("let x = " + String(repeating: "(", count: 100_000)).contains("E203"))
        #expect(codes("let x = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).contains("E203"))
        let braces = codes("member a " + String(repeating: "{", count: 100_000) + String(repeating: "}", count: 100_000))
        #expect(!braces.isEmpty && braces.count <= 3)
    }

    @Test("a number with 40 digits is too large, and says so where it is")
    func hugeNumber() {
        let program = load(Array("member a { weight 1234567890123456789012345678901234567890 }".utf8))
        #expect(program.diagnostics.map(\.code.id) == ["E205"])
        #expect(program.diagnostics.first?.span.start == 18)
    }

    @Test("a name declared twice points at both declarations")
    func duplicateName() {
        let program = load(Array("value care \"a\"\nvalue care \"b\"".utf8))
        #expect(program.diagnostics.map(\.code.id) == ["E302"])
        #expect(program.diagnostics.first?.labels.first?.span.start == 6)
    }

    @Test("a file over the size limit is refused with a located diagnostic")
    func tooLarge() {
        let program = load([UInt8](repeating: UInt8(ascii: " "), count: Program.maximumFileSize + 1))
        #expect(program.diagnostics.map(\.code.id) == ["E001"])
        #expect(program.unreadable.count == 1)
    }
}

/// A small deterministic generator (SplitMix64), so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
