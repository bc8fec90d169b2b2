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
            #expect(program.diagnostics.count <= DiagnosticLimit.count + 1, "round \(round)")
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

    /// Files with far more problems than are listed, by the stage that finds them.
    static let floods: [String: @Sendable () -> String] = [
        "parser": { String(repeating: "value\n", count: 200) },
        "lexer, 8 MB of stray characters": { String(repeating: "; ", count: 4_000_000) },
        "resolver": { (0..<200).map { "member m\($0) { holds v\($0) }" }.joined(separator: "\n") },
    ]

    @Test("a file of errors lists the first fifty, and says so (E002)", arguments: floods.keys.sorted())
    func tooManyDiagnostics(_ stage: String) {
        let program = load(Array(Self.floods[stage]!().utf8))
        #expect(program.diagnostics.count == DiagnosticLimit.count + 1)
        #expect(program.diagnostics.last?.code == DiagnosticLimit.tooMany)
        #expect(program.diagnostics.last?.code.id == "E002")
    }

    @Test("invalid UTF-8 and a NUL byte are located errors")
    func invalidBytes() {
        #expect(load(Array("value a \"".utf8) + [0xC3, 0x28] + Array("\"".utf8)).diagnostics.map(\.code.id) == ["E104"])
        #expect(load(Array("value a \"x\"\n".utf8) + [0] + Array("\nvalue b \"y\"".utf8)).diagnostics.map(\.code.id) == ["E105"])
    }

    @Test("CRLF line ends and a byte order mark are accepted", arguments: GoldenTests.examples)
    func crlfAndBOM(_ path: String) throws {
        // Every example file, converted, so that one importing another finds it converted too.
        var files: [String: [UInt8]] = [:]
        for example in GoldenTests.examples {
            files[example] = [0xEF, 0xBB, 0xBF] + Array(try Repository.read(example).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        }
        let program = Program.load(paths: [path], reader: MemoryReader(files: files))
        #expect(program.diagnostics.isEmpty)
    }

    @Test("100,000 nested brackets or blocks hit the depth limit with a clear message")
    func deepNesting() {
        let (brackets, sets, braces) = Repository.onMainThreadStack { [self] in
            (codes("let x = " + String(repeating: "(", count: 100_000)),
             codes("let x = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)),
             codes("member a " + String(repeating: "{", count: 100_000) + String(repeating: "}", count: 100_000)))
        }
        #expect(brackets.contains("E203"))
        #expect(sets.contains("E203"))
        #expect(!braces.isEmpty && braces.count <= 3)
    }

    @Test("a notice that hides only warnings is a warning, so it does not fail a run on errors")
    func hiddenWarningsStayWarnings() {
        let text = "value v \"x\"\n" + (0..<200).map { "member m\($0) { holds v, v }" }.joined(separator: "\n")
        let program = load(Array(text.utf8))
        #expect(program.diagnostics.count == DiagnosticLimit.count + 1)
        #expect(program.diagnostics.last?.code == DiagnosticLimit.tooMany)
        #expect(program.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(!program.hasFindings(atOrAbove: .error))
    }

    /// Chains and webs of declarations defined by one another, of a size
    /// `n`: they must cost work in proportion to their size, and never the stack.
    static let webs: [String: @Sendable (Int) -> String] = [
        "let bindings in a chain": { n in
            (0..<n).map { "let a\($0) = a\($0 + 1)" }.joined(separator: "\n") + "\nlet a\(n) = 1"
        },
        "blocs in a chain": { n in
            "member m { kind ngo }\n" + (0..<n).map { "bloc b\($0) = b\($0 + 1)" }.joined(separator: "\n")
                + "\nbloc b\(n) = m\nbody board { members b0 by consensus }"
        },
        "a diamond of blocs": { n in
            let depth = n / 125
            return "member m { kind ngo }\n"
                + (0..<depth).map { "bloc b\($0) = b\($0 + 1), c\($0 + 1)\nbloc c\($0) = b\($0 + 1), c\($0 + 1)" }
                .joined(separator: "\n") + "\nbloc b\(depth) = m\nbloc c\(depth) = m\nbody board { members b0 by consensus }"
        },
        "scenarios, each removing a member": { n in
            committees(n) + (0..<n).map { "member m\($0) { kind ngo }" }.joined(separator: "\n") + "\n"
                + (0..<n).map { "scenario \"s\($0)\" { remove m\($0) }" }.joined(separator: "\n")
        },
        "scenarios, each adding a member and a body": { n in
            committees(n) + (0..<n).map { "member m\($0) { kind ngo }" }.joined(separator: "\n") + "\n"
                + (0..<n).map { "scenario \"s\($0)\" { add member z\($0) { kind ngo } add body b\($0) { members z\($0) by consensus } }" }
                .joined(separator: "\n")
        },
        "scenarios, each amending, removing, adding a bloc and asking": { n in
            "alliance a \"A\" { stage building }\nbody council { members all by majority }\ncheck \"c\" { true }\n" + committees(n)
                + (0..<n).map { "member m\($0) { kind ngo joined forming }\nbloc g\($0) = m\($0)" }.joined(separator: "\n") + "\n"
                + (0..<n).map {
                    "scenario \"s\($0)\" { amend m\($0) { weight 2 joined building } amend council { quorum 50% } remove g\($0) "
                        + "add bloc h\($0) = m\($0), m\(($0 + 1) % n) let x = count(members) expect check \"c\" passes }"
                }.joined(separator: "\n")
        },
        "one scenario that adds, amends and removes many members": { n in
            "member m { kind ngo }\nscenario \"crowd\" {\n" + (0..<n).map { "  add member z\($0) { kind ngo }\n" }.joined()
                + (0..<n).map { "  amend z\($0) { weight 2 }\n" }.joined() + (0..<n).map { "  remove z\($0)\n" }.joined()
                + "  add body b { members all by consensus }\n}\n"
        },
        "matters and vetoes in one body": { n in
            "member m { kind ngo }\nbody board { members m by consensus decides "
                + (0..<6 * n).map { "x\($0)" }.joined(separator: ", ") + " veto "
                + "m on " + (0..<6 * n).map { "x\($0)" }.joined(separator: ", ") + " }"
        },
    ]

    /// A committee for every tenth of `n` members, so that a scenario that
    /// looked at every body, or every member, would cost the whole alliance.
    static func committees(_ n: Int) -> String {
        (0..<n / 10).map { "bloc team\($0) = m\($0 * 10)\nbody committee\($0) { members team\($0), m\($0 * 10 + 1) by consensus }\n" }
            .joined()
    }

    @Test("long chains and webs of declarations resolve cleanly, in work that grows as they do", arguments: webs.keys.sorted())
    func semanticDepth(_ name: String) {
        let small = load(Array(Self.webs[name]!(1_250).utf8))
        let large = load(Array(Self.webs[name]!(5_000).utf8))
        #expect(small.diagnostics.isEmpty && large.diagnostics.isEmpty, "\(large.diagnostics.prefix(3).map(\.message))")
        Work.expectProportional(small.work.resolving, large.work.resolving, factor: 4, "resolving \(name)")
    }

    @Test("a cycle through thousands of declarations is found, once")
    func longCycles() {
        let lets = (0..<3_000).map { "let a\($0) = a\(($0 + 1) % 3_000)" }.joined(separator: "\n")
        #expect(load(Array(lets.utf8)).diagnostics.map(\.code.id) == ["E309"])
        let blocs = (0..<3_000).map { "bloc b\($0) = b\(($0 + 1) % 3_000)" }.joined(separator: "\n")
        #expect(load(Array(blocs.utf8)).diagnostics.map(\.code.id) == ["E309"])
    }

    @Test("a file with old Mac line ends (a lone CR) has lines too")
    func carriageReturns() {
        let program = load(Array("value v \"x\"\r# a comment\rvalue v \"y\"\r".utf8))
        #expect(program.diagnostics.map(\.code.id) == ["E302"])
        let location = program.sources.files[0].location(of: program.diagnostics[0].span.start)
        #expect(location == LineColumn(line: 3, column: 7))
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
        let program = load([UInt8](repeating: UInt8(ascii: " "), count: Limits().inputSize + 1))
        #expect(program.diagnostics.map(\.code.id) == ["E001"])
        #expect(program.unreadable.count == 1)
    }
}
