// The parser on its own: the tree it builds, and how it recovers.

import Charter
import Foundation
@testable import CharterSyntax
import Testing

@Suite struct ParserTests {
    private func parse(_ text: String) -> ParseResult {
        Parser.parse(SourceFile(id: FileID(0), path: "test.charter", text: text))
    }

    @Test("a newcomer's slips get the exact fix: `.6`, `values-driven`, a negative contribution, a share written 60")
    func newcomerSlips() {
        func help(_ text: String) -> String? {
            let result = Program.load(text: text, path: "test.charter")
            return result.diagnostics.first { $0.severity == .error }?.help
        }
        #expect(help("member a { kind ngo }\nbody b { members all by qualified majority .6 }") == "a number starts with a digit: write `0.6`")
        #expect(help("member a { kind ngo motivation values-driven }") == "a name joins its words with `_`, not `-`: write `values_driven`")
        #expect(help("member a { contribution -5 }") == "a contribution is an amount of 0 or more, or quoted text for what the member brings in kind")
        #expect(help("member a { kind ngo }\nbody b { members all by majority 60 }")
                == "a share is a percentage: write `60%` (or `quota 60` for 60 votes to reach)")
        #expect(help("member a { kind ngo }\nbody b { members all by majority quorum 50 }") == "a share is a percentage: write `50%`")
        // A rule that reads like an exit rule but does not say so is pointed at.
        var program = Program.load(text: """
            alliance a { mission "m" }
            member m { kind ngo }
            rule leaving { every member may leave when "it gives notice" }
            """, path: "test.charter")
        program.runChecks()
        let exit = program.diagnostics.first { $0.code.id == "C704" }
        #expect(exit?.message == "no rule says how a member leaves the alliance: rule `leaving` does not say it is `about exit`")
        #expect(exit?.help == "if it is, add `about exit` after its name: `rule leaving about exit { … }`")
    }

    @Test("sets combine with union, intersect and except, between comparisons and sums")
    func setOperators() throws {
        let result = parse("let x = m in a union b except c intersect d + 1")
        #expect(result.diagnostics.isEmpty)
        guard case .let(let binding) = result.syntax.declarations.first else {
            Issue.record("expected a let binding")
            return
        }
        #expect(Self.shape(binding.value) == "(in m (intersect (except (union a b) c) (+ d 1)))")
    }

    @Test("precedence: `or` < `and` < `not` < comparison < `+` < `*` < unary minus")
    func precedence() throws {
        let result = parse("let x = not a or b and c < 1 + 2 * -3")
        #expect(result.diagnostics.isEmpty)
        guard case .let(let binding) = result.syntax.declarations.first else {
            Issue.record("expected a let binding")
            return
        }
        #expect(Self.shape(binding.value) == "(or (not a) (and b (< c (+ 1 (* 2 (- 3))))))")
    }

    @Test("`where` filters what is on its left, and a quantifier reaches to the end")
    func filtersAndQuantifiers() {
        let result = parse("let x = all m in members where weight > 2: m.kind == ngo or m.weight < 3")
        #expect(result.diagnostics.isEmpty)
        guard case .let(let binding) = result.syntax.declarations.first else { return }
        #expect(Self.shape(binding.value) == "(all m (where members (> weight 2)) (or (== m.kind ngo) (< m.weight 3)))")
        let membership = parse("let y = m in members where kind == ngo and weight > 2")
        guard case .let(let other) = membership.syntax.declarations.first else { return }
        #expect(Self.shape(other.value) == "(in m (where members (and (== kind ngo) (> weight 2))))",
                "`where` takes the set just before it")
    }

    @Test("a body's items: members, default rule, matters with their own rule, quorum, vetoes")
    func bodyItems() throws {
        let result = parse("""
            body board {
              members a, b
              by weighted majority 2/3
              decides budget, plan by unanimity
              quorum 50%
              veto a on budget
            }
            """)
        #expect(result.diagnostics.isEmpty)
        guard case .body(let body) = result.syntax.declarations.first else {
            Issue.record("expected a body")
            return
        }
        #expect(body.items.map(\.keyword.text) == ["members", "by", "decides", "quorum", "veto"])
        guard case .decision(let rule) = body.items[1].kind,
              case .majority(.weighted, .ratio(let ratio)?) = rule.kind else {
            Issue.record("expected a weighted majority")
            return
        }
        #expect(ratio.value == Rational(2, 3))
    }

    @Test("every syntax error is reported in one pass, each at its own declaration")
    func recoversAtDeclarations() {
        let result = parse("""
            value a
            member b { kind }
            goal g social serves
            body c { by }
            value d "fine"
            """)
        #expect(result.diagnostics.count == 4)
        #expect(result.syntax.declarations.contains { if case .value(let v) = $0 { v.name.text == "d" } else { false } })
    }

    @Test("after a bad item, the block goes on with the next item")
    func recoversAtItems() {
        let result = parse("member a { kind ngo wieght 2 motivation mixed holds x }")
        #expect(result.diagnostics.count == 1)
        guard case .member(let member) = result.syntax.declarations.first else {
            Issue.record("expected the member to be kept")
            return
        }
        #expect(member.items.map(\.keyword.text) == ["kind", "motivation", "holds"])
    }

    @Test("the end of input inside a block is its own code, for the REPL to ask for more")
    func unexpectedEnd() {
        for text in ["member a {", "check \"x\" { all m in members:", "let x = (1 +", "value a \"b\"\nbody c { by"] {
            let codes = parse(text).diagnostics.map(\.code)
            #expect(codes == [ParserDiagnostic.unexpectedEnd], "\(text)")
        }
    }

    @Test("expressions nested too deep are refused, however they nest", arguments: [
        String(repeating: "(", count: 100_000),
        String(repeating: "[", count: 100_000),
        String(repeating: "not ", count: 100_000) + "true",
        String(repeating: "- ", count: 100_000) + "1",
        "1" + String(repeating: " + 1", count: 100_000),
        "a" + String(repeating: ".b", count: 100_000),
        "f" + String(repeating: "(1)", count: 100_000),
    ])
    func depthLimit(_ expression: String) {
        let result = parse("let x = " + expression + "\nvalue after \"still parsed\"")
        #expect(result.diagnostics.map(\.code).contains(ParserDiagnostic.tooDeep))
        #expect(result.syntax.declarations.contains { if case .value = $0 { true } else { false } })
    }

    @Test("100,000 nested braces end in a handful of diagnostics, not 100,000")
    func nestedBraces() {
        let result = parse("member a " + String(repeating: "{", count: 100_000) + String(repeating: "}", count: 100_000))
        #expect(!result.diagnostics.isEmpty)
        #expect(result.diagnostics.count <= 3)
    }

    /// Files the parser reads a few tokens ahead of: whatever it reads, a
    /// large file, syntax errors across the places where it drops what it
    /// read, or so many errors that it gives up (the comments and the
    /// lexer's problems after that point are the file's all the same).
    static let streamedFiles: [(name: String, text: String)] = {
        var files = (Repository.charterFiles(in: "examples") + Repository.charterFiles(in: "Tests/CharterTests/Fixtures"))
            .map { ($0, (try? Repository.read($0)) ?? "") }
        files.append(("generated", AllianceGenerator(members: 1_500, values: 12, rules: 15, bodies: 4, seed: 7).text()))
        let broken = (0..<400).map { "member m\($0) { weight }\n# note \($0)\n" }.joined()
        files.append(("given up", broken + "value late \"after the last error\" # kept\n"))
        let unclosed = (0..<300).map { "member m\($0) { kind ngo holds v\n" }.joined()
        files.append(("unclosed", "value v \"v\"\n" + unclosed + "rule r { by \n scenario \"s\" {"))
        return files
    }()

    @Test("the tree is the same however many tokens are scanned at a time", arguments: [1, 2, 5, 64])
    func streamedTokens(tokensAtOnce: Int) {
        for (name, text) in Self.streamedFiles {
            let file = SourceFile(id: FileID(0), path: name, text: text)
            let whole = Parser.parse(file)
            let streamed = Parser.parse(file, tokensAtOnce: tokensAtOnce)
            // Compared as answers, not printed: a tree is too large to read in a failure.
            let sameTree = streamed.syntax.declarations == whole.syntax.declarations
            let sameComments = streamed.syntax.comments == whole.syntax.comments && whole.syntax.comments == Lexer.tokenize(file).comments
            let sameRecoveries = streamed.syntax.recoveries == whole.syntax.recoveries
            #expect(sameTree, "the declarations of \(name)")
            #expect(sameComments, "the comments of \(name)")
            #expect(sameRecoveries, "where the parser skipped in \(name)")
            let sameDiagnostics = streamed.diagnostics == whole.diagnostics
            #expect(sameDiagnostics, "the diagnostics of \(name)")
        }
        // The files above do what they are there for.
        let given = Parser.parse(SourceFile(id: FileID(0), path: "given up", text: Self.streamedFiles[Self.streamedFiles.count - 2].text))
        #expect(given.diagnostics.last?.code == DiagnosticLimit.tooMany)
        #expect(given.syntax.comments.count == 401)
        #expect(!given.syntax.declarations.contains { if case .value = $0 { true } else { false } })
    }

    @Test("every name read is the text written, however often its spelling comes back and wherever it stands")
    func namesAsWritten() {
        var random = SeededGenerator(seed: 23)
        let letters = Array("abcdefghijklmnopqrstuvwxyz_0123456789é")
        // Spellings of 2 to 21 bytes, many of them again and again, the file
        // ending on short names.
        let spellings = (0..<600).map { _ in
            // `q_` first: no reserved word begins so.
            "q_" + String((0..<Int(random.next() % 18)).map { _ in letters[Int(random.next() % UInt64(letters.count))] })
        }
        var text = ""
        for round in 0..<4_000 {
            let name = spellings[Int(random.next() % UInt64(round < 2_000 ? 40 : spellings.count))]
            text += "value \(name) \"t\"\n"
        }
        text += "tension q_a vs q_b"
        let file = SourceFile(id: FileID(0), path: "names", text: text)
        let names = Parser.parse(file).syntax.declarations.flatMap { declaration -> [Name] in
            switch declaration {
            case .value(let d): [d.name]
            case .tension(let d): [d.left, d.right]
            default: []
            }
        }
        #expect(names.count == 4_002, "\(Parser.parse(file).diagnostics.prefix(3).map(\.message))")
        for name in names { #expect(name.text == file.text(name.span), "\(name.span)") }
    }

    @Test("a file lexed on a thread of its own parses as one lexed in place")
    func lexedApart() {
        var files = Self.streamedFiles
        // Many batches, with the lexer's own problems among them.
        let large = AllianceGenerator(members: 6_000, values: 12, rules: 15, bodies: 4, seed: 11).text()
        files.append(("large", large))
        files.append(("lexer problems", large.replacingOccurrences(of: "member_17 ", with: "member_17 § \u{0} 3abc \"open\n")))
        for (name, text) in files {
            let file = SourceFile(id: FileID(0), path: name, text: text)
            let inPlace = Parser.parse(file, tokensAtOnce: 1_024, lexingApart: false)
            let apart = Parser.parse(file, tokensAtOnce: 1_024, lexingApart: true)
            let sameTree = apart.syntax.declarations == inPlace.syntax.declarations
            let sameComments = apart.syntax.comments == inPlace.syntax.comments
            let sameRecoveries = apart.syntax.recoveries == inPlace.syntax.recoveries
            let sameDiagnostics = apart.diagnostics == inPlace.diagnostics
            #expect(sameTree, "the declarations of \(name)")
            #expect(sameComments, "the comments of \(name)")
            #expect(sameRecoveries, "where the parser skipped in \(name)")
            #expect(sameDiagnostics, "the diagnostics of \(name)")
            // Handed over as they are read, as a lint run reads them.
            var handed: [Declaration] = []
            let streamed = Parser.parse(file, tokensAtOnce: 1_024, lexingApart: true) { declaration, _ in
                handed.append(declaration)
                return declaration
            }
            #expect(handed == inPlace.syntax.declarations && streamed.syntax.declarations == handed, "\(name), handed over")
        }
        #expect(Parser.parse(SourceFile(id: FileID(0), path: "p", text: files.last!.text), tokensAtOnce: 1_024, lexingApart: true).diagnostics
            .contains { $0.code == LexerDiagnostic.unexpectedCharacter })
        // A lexer whose reader stops reading lets its thread go; another runs as before.
        for _ in 0..<20 { _ = LexerFeed(SourceFile(id: FileID(0), path: "dropped", text: large)) }
        #expect(Parser.parse(SourceFile(id: FileID(0), path: "after", text: large), tokensAtOnce: 1_024, lexingApart: true).syntax.declarations.count
            == Parser.parse(SourceFile(id: FileID(0), path: "after", text: large), tokensAtOnce: 1_024, lexingApart: false).syntax.declarations.count)
    }

    /// A tree as a Lisp-like string, to compare shapes at a glance.
    static func shape(_ expr: Expr) -> String {
        switch expr.kind {
        case .number(let value), .percent(let value): value.map { "\($0)" } ?? "?"
        case .string(let text): "\"\(text)\""
        case .bool(let value): "\(value)"
        case .name(let name): name.text
        case .set(let elements): "[" + elements.map(shape).joined(separator: " ") + "]"
        case .unary(let op, let operand): "(\(op.rawValue) \(shape(operand)))"
        case .binary(let op, let left, let right): "(\(op.rawValue) \(shape(left)) \(shape(right)))"
        case .field(let base, let field): "\(shape(base)).\(field.text)"
        case .call(let callee, let arguments): "(call \(shape(callee)) " + arguments.map(shape).joined(separator: " ") + ")"
        case .filter(let set, let condition): "(where \(shape(set)) \(shape(condition)))"
        case .quantified(let q, let variable, let domain, let body): "(\(q.rawValue) \(variable.text) \(shape(domain)) \(shape(body)))"
        }
    }
}
