// The formatter: on every example and fixture it must be idempotent, keep the
// tree and keep every comment; a few layouts are spelt out in full.

import Charter
import Testing

@Suite struct FormatterTests {
    static let files = Repository.charterFiles(in: "examples") + Repository.charterFiles(in: "Tests/CharterTests/Fixtures")
    /// The files that parse without errors: those a caller would format.
    static let cleanFiles = files.filter { path in
        guard let text = try? Repository.read(path) else { return false }
        return Self.errors(in: Self.parse(text, path: path)).isEmpty
    }
    static let filesWithErrors = files.filter { !cleanFiles.contains($0) }

    @Test("the corpus is not empty")
    func corpusIsNotEmpty() {
        #expect(Self.cleanFiles.count >= 30)
        #expect(Self.filesWithErrors.count >= 10)
    }

    @Test("formatting keeps the tree and the comments, and is idempotent", arguments: cleanFiles)
    func formatsFile(_ path: String) throws {
        let text = try Repository.read(path)
        let original = Self.parse(text, path: path)
        let formatted = Self.format(text)
        let reparsed = Self.parse(formatted, path: path)
        #expect(Self.errors(in: reparsed).isEmpty, "the formatted file has errors:\n\(formatted)")
        #expect(TreeShape.of(reparsed.syntax.declarations) == TreeShape.of(original.syntax.declarations),
                "the formatted file means something else:\n\(formatted)")
        #expect(Self.format(formatted) == formatted, "formatting twice changes the layout")
        #expect(Self.comments(formatted) == Self.comments(text), "comments lost or reordered:\n\(formatted)")
        let untrimmed = formatted.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.last?.isWhitespace == true }
        #expect(untrimmed.isEmpty, "lines with trailing whitespace: \(untrimmed)")
        #expect(formatted.hasSuffix("\n") && !formatted.hasSuffix("\n\n"))
    }

    @Test("only line breaks after a block's `{` matter: all on one line, or a comment after every token, formats alike",
          arguments: cleanFiles)
    func ignoresInputLayout(_ path: String) throws {
        let text = try Repository.read(path)
        // The same tokens on one line, however the file was laid out, and the formatted file on one line.
        let oneLine = Self.joined(text)
        let formatted = Self.format(oneLine)
        #expect(Self.format(Self.joined(Self.format(text))) == formatted)
        #expect(Self.format(formatted) == formatted, "formatting twice changes the layout:\n\(formatted)")
        // What the layout depends on: the line breaks after `{`, blank lines
        // and comments. The formatted file with every other line break gone
        // formats to itself.
        let canonical = Self.format(text)
        #expect(Self.format(Self.relaidOut(canonical)) == canonical, "\(Self.relaidOut(canonical))")
        // A comment after every token: every block and list breaks, nothing is lost.
        let source = SourceFile(id: FileID(0), path: path, text: text)
        let tokens = Lexer.tokenize(source).tokens.filter { $0.kind != .endOfFile }
        let spellings = tokens.map { String(decoding: source.bytes[$0.span.start..<$0.span.end], as: UTF8.self) }
        // A reserved word that starts a declaration ends a rule's phrase when
        // it starts a line, so it never does here.
        var commented = ""
        for (index, spelling) in spellings.enumerated() {
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            commented += spelling + (next?.kind.startsDeclaration == true ? " " : " # \(index)\n")
        }
        let formattedCommented = Self.format(commented)
        #expect(TreeShape.of(Self.parse(formattedCommented).syntax.declarations) == TreeShape.of(Self.parse(text).syntax.declarations))
        #expect(Self.comments(formattedCommented) == Self.comments(commented))
        #expect(Self.format(formattedCommented) == formattedCommented, "formatting twice changes the layout:\n\(formattedCommented)")
    }

    @Test("each declaration formatted alone is that declaration", arguments: cleanFiles)
    func formatsDeclaration(_ path: String) throws {
        let text = try Repository.read(path)
        let source = SourceFile(id: FileID(0), path: path, text: text)
        let syntax = Parser.parse(source).syntax
        let formatter = Formatter(source: source, syntax: syntax)
        for declaration in syntax.declarations {
            let formatted = formatter.format(declaration, leadingComments: true)
            let reparsed = Self.parse(formatted, path: path)
            #expect(TreeShape.of(reparsed.syntax.declarations) == TreeShape.of([declaration]), "\(formatted)")
            #expect(!formatted.hasSuffix("\n"))
        }
    }

    @Test("random expressions, written with every parenthesis, keep exactly the ones their tree needs")
    func minimalParentheses() throws {
        var generator = ExpressionGenerator(seed: 2024)
        for _ in 0..<400 {
            let written = "let x = " + generator.expression(depth: 4).text
            let original = Self.parse(written)
            try #require(Self.errors(in: original).isEmpty, "\(written)")
            let formatted = Self.format(written)
            let shape = TreeShape.of(original.syntax.declarations)
            #expect(TreeShape.of(Self.parse(formatted).syntax.declarations) == shape, "\(written)\n\(formatted)")
            // Without any one pair of grouping parentheses, the text must mean something else or nothing.
            for (open, close) in Self.groupingParentheses(in: formatted) {
                var text = Array(formatted)
                text.remove(at: close)
                text.remove(at: open)
                let reparsed = Self.parse(String(text))
                #expect(!Self.errors(in: reparsed).isEmpty || TreeShape.of(reparsed.syntax.declarations) != shape,
                        "needless parentheses in \(formatted)")
            }
        }
    }

    // MARK: - Layouts spelt out

    @Test("what fits in the line stays on one line, what does not is one item a line; literals stay as written")
    func fitsOrBreaks() {
        expectLayout(
            """
            member a   "A" { kind ngo   weight 2 }
            member lindenbank   "Lindenbank, \\"NL\\" \\u{1F33F}" { kind company motivation values_driven weight 3
              holds transparency,real_economy , resilience contribution 120000.50 }
            body b{members all by qualified majority 2 / 3 quorum 0.60 decides a,b
            by weighted majority quota 12 veto x on a, b}
            alliance a "A" { } goal g "G" social serves a,b {} goal h business serves a { target "t" weight 2 }
            """,
            """
            member a "A" { kind ngo weight 2 }
            member lindenbank "Lindenbank, \\"NL\\" \\u{1F33F}" {
              kind company
              motivation values_driven
              weight 3
              holds transparency, real_economy, resilience
              contribution 120000.50
            }
            body b {
              members all
              by qualified majority 2/3
              quorum 0.60
              decides a, b by weighted majority quota 12
              veto x on a, b
            }
            alliance a "A" {}
            goal g "G" social serves a, b
            goal h business serves a { target "t" weight 2 }

            """)
    }

    @Test("a block written with a line break after its `{` stays broken, at any depth")
    func keepsBrokenBlocks() {
        expectLayout(
            """
            alliance a "A" {
              stage forming }
            member m { kind ngo }
            scenario "s" { add member n {
              kind ngo } amend m { weight 2 } }
            check "c" {
              true
            }
            """,
            """
            alliance a "A" {
              stage forming
            }
            member m { kind ngo }
            scenario "s" {
              add member n {
                kind ngo
              }
              amend m { weight 2 }
            }
            check "c" {
              true
            }

            """)
    }

    @Test("a list too long for its line has a name a line, a matter's rule after the last; a long principle a clause a line")
    func longLists() {
        let matters = (1...12).map { "matter_number_\($0)" }
        expectLayout(
            """
            body council { members all decides \(matters.joined(separator: ", ")) by consensus }
            principle fairness "Fair shares for every partner in the alliance" upholds equity, solidarity, transparency opposes greed
            bloc many = \(matters.joined(separator: ", "))
            """,
            """
            body council {
              members all
              decides
                \(matters.dropLast().map { $0 + "," }.joined(separator: "\n    "))
                \(matters.last!) by consensus
            }
            principle fairness "Fair shares for every partner in the alliance"
              upholds equity, solidarity, transparency
              opposes greed
            bloc many =
              \(matters.dropLast().map { $0 + "," }.joined(separator: "\n  "))
              \(matters.last!)

            """)
        // The matter's rule never starts a line of its own (E210), and the
        // layout keeps it: the file reads back without a warning.
        let formatted = Self.format("body council { members all decides \(matters.joined(separator: ", ")) by consensus }")
        #expect(Self.parse(formatted).diagnostics.isEmpty)
    }

    @Test("an expression too long for its line breaks after `:`, `where`, its comparison and each `and`, and in brackets")
    func longExpressions() {
        expectLayout(
            """
            check "the alliance depends on no single fee" { all m in members where weight > 0: m.contribution <= (sum n in members where weight > 0: n.contribution) / 3 }
            let long_condition = members where kind == cooperative and motivation == values_driven and weight >= 2 and joined == forming
            let longer_condition = members where kind == cooperative and motivation == values_driven and weight >= 2 and joined == forming and contribution > 1000
            show [first_member_with_a_long_name, second_member_with_a_long_name, third_member_with_a_long_name, fourth]
            """,
            """
            check "the alliance depends on no single fee" {
              all m in members where weight > 0:
                m.contribution <= (sum n in members where weight > 0: n.contribution) / 3
            }
            let long_condition =
              members where
                kind == cooperative and motivation == values_driven and weight >= 2 and joined == forming
            let longer_condition =
              members where
                kind == cooperative and
                motivation == values_driven and
                weight >= 2 and
                joined == forming and
                contribution > 1000
            show [
              first_member_with_a_long_name,
              second_member_with_a_long_name,
              third_member_with_a_long_name,
              fourth
            ]

            """)
    }

    @Test("the line width is the formatter's to take: narrow, wide, and a rule's statement that never breaks")
    func lineWidth() {
        let text = "member a \"A\" { kind ngo weight 2 holds v, w }\nrule r { every member must publish a_very_long_report when yearly or else suspension }\n"
        let source = SourceFile(id: FileID(0), path: "test.charter", text: text)
        let syntax = Parser.parse(source).syntax
        #expect(Formatter(source: source, syntax: syntax, lineWidth: 30).format() == """
            member a "A" {
              kind ngo
              weight 2
              holds v, w
            }
            rule r {
              every member must publish a_very_long_report when yearly or else suspension
            }

            """)
        #expect(Formatter(source: source, syntax: syntax, lineWidth: 200).format() == text)
        #expect(Formatter(source: source, syntax: syntax).format() == text, "100 columns by default")
    }

    @Test("headers, rules, selectors and statements")
    func headersAndRules() {
        expectLayout(
            """
            rule leaving "Leaving" about exit,review { every member of board   must not    leave  early
              when "it is \\"late\\"" or else   suspension }
            rule other { board may admit applicant }
            principle p "P" upholds a,b opposes c tension a vs b "t"
            bloc ngos = members where kind == ngo
            channel c reaches members where kind == ngo monthly
            channel d "D" reaches a,b
            import "x.charter" check "c" { true }
            """,
            """
            rule leaving "Leaving" about exit, review {
              every member of board must not leave early when "it is \\"late\\"" or else suspension
            }
            rule other { board may admit applicant }
            principle p "P" upholds a, b opposes c
            tension a vs b "t"
            bloc ngos = members where kind == ngo
            channel c reaches members where kind == ngo monthly
            channel d "D" reaches a, b
            import "x.charter"
            check "c" { true }

            """)
    }

    @Test("parentheses are kept where the tree needs them and dropped where it does not")
    func parentheses() {
        expectLayout(
            """
            let a = (members where kind == ngo) in founders
            check "c" { (sum m in members: m.weight) > 10 }
            let b = ((x + y))
            let c = ((x + y)) * z - (u - v) - (-w)
            let d = (x - y) - z
            let e = not (x == y) and (not x) == y
            let f = m in (members where kind == ngo and weight > 2)
            let g = (all m in members: m.weight > 0) and (x or y)
            let h = count((members where weight > 1)) + (members where weight > 1).count
            let i = all m in (members where weight > 0): (m.weight) >= (1 / 2) * 2 or x
            let j = - (x.y) + [(a), (b or c)] + -(x + 1) + (f)(x) + ("s") + (60%) + (2.5)
            let k = (x where y) where z
            let l = x + (y where z)
            """,
            """
            let a = (members where kind == ngo) in founders
            check "c" { (sum m in members: m.weight) > 10 }
            let b = x + y
            let c = (x + y) * z - (u - v) - -w
            let d = x - y - z
            let e = not x == y and (not x) == y
            let f = m in members where kind == ngo and weight > 2
            let g = (all m in members: m.weight > 0) and (x or y)
            let h = count(members where weight > 1) + (members where weight > 1).count
            let i = all m in members where weight > 0: m.weight >= 1 / 2 * 2 or x
            let j = -x.y + [a, b or c] + -(x + 1) + f(x) + "s" + 60% + 2.5
            let k = (x where y) where z
            let l = x + y where z

            """)
    }

    @Test("comments stay before, after and inside the code they were written with, and break their block")
    func comments() {
        expectLayout(
            """
            # The founders.
            member a "A" { # opens
              kind ngo # the kind
              # before the weight
              weight 3 } # after
            let x = 1 + # one
              # two
              2
            body b {
              members all
              # nothing decided yet
            }
            member c { kind ngo # short, but a comment ends its line
            weight 1 }
            member d # in the header
            { kind ngo }
            # the end
            """,
            """
            # The founders.
            member a "A" { # opens
              kind ngo # the kind
              # before the weight
              weight 3
            } # after
            # one
            # two
            let x = 1 + 2
            body b {
              members all
              # nothing decided yet
            }
            member c {
              kind ngo # short, but a comment ends its line
              weight 1
            }
            # in the header
            member d { kind ngo }
            # the end

            """)
    }

    @Test("a declaration alone, with or without the comments directly above it")
    func oneDeclaration() throws {
        let text = """
            # about the file

            # about a
            # still about a
            value a "A" # a's own
            # about b
            value b "B" value c "C" # c's own
            """
        let source = SourceFile(id: FileID(0), path: "test.charter", text: text)
        let syntax = Parser.parse(source).syntax
        let formatter = Formatter(source: source, syntax: syntax)
        let declarations = syntax.declarations
        try #require(declarations.count == 3)
        #expect(formatter.format(declarations[0]) == "value a \"A\" # a's own")
        #expect(formatter.format(declarations[0], leadingComments: true)
                == "# about a\n# still about a\nvalue a \"A\" # a's own")
        #expect(formatter.format(declarations[1], leadingComments: true) == "# about b\nvalue b \"B\"")
        #expect(formatter.format(declarations[2], leadingComments: true) == "value c \"C\" # c's own")
    }

    @Test("a scenario's steps, with the declarations it adds and the items it amends indented")
    func scenario() {
        expectLayout(
            """
            scenario "x" { add member n { kind ngo weight 1 } amend board { by unanimity quorum 2/3 } amend c {}
            remove a,b expect check "c" passes expect not winning(founders, board) let k = 2 show k assert k > 1 "k"
            add rule r { n must pay } }
            scenario "empty" { }
            scenario "short" { remove a expect not winning(b, c) }
            """,
            """
            scenario "x" {
              add member n { kind ngo weight 1 }
              amend board { by unanimity quorum 2/3 }
              amend c {}
              remove a, b
              expect check "c" passes
              expect not winning(founders, board)
              let k = 2
              show k
              assert k > 1 "k"
              add rule r { n must pay }
            }
            scenario "empty" {}
            scenario "short" { remove a expect not winning(b, c) }

            """)
    }

    @Test("blank lines: one where the source had any, none where it had none")
    func blankLines() {
        expectLayout(
            """


            value a "A"
            value b "B"



            value c "C"
            # about d

            value d "D"
            scenario "s" {

              remove a

              # then

              remove b

            }


            """,
            """
            value a "A"
            value b "B"

            value c "C"
            # about d

            value d "D"
            scenario "s" {
              remove a

              # then

              remove b
            }

            """)
    }

    @Test("a file without declarations formats to its comments, right-trimmed, or to nothing")
    func emptyFile() {
        #expect(Self.format("  \n\n") == "")
        #expect(Self.format("# only  \t\n\n\n# comments \r\n") == "# only\n\n# comments\n")
    }

    @Test("a declaration with a syntax error is kept as written")
    func syntaxError() {
        #expect(Self.format("value a \"A\"\nmember   { kind  ngo }   \nvalue b \"B\"")
                == "value a \"A\"\nmember   { kind  ngo }\nvalue b \"B\"\n")
        #expect(Self.format("member x {\n  kind # none\n  weight  2 } value b \"B\"")
                == "member x {\n  kind # none\n  weight  2 }\nvalue b \"B\"\n")
    }

    @Test("a file with syntax errors formats without losing a comment",
          arguments: filesWithErrors)
    func formatsBrokenFile(_ path: String) throws {
        let text = try Repository.read(path)
        let formatted = Self.format(text)
        #expect(Self.comments(formatted) == Self.comments(text))
    }

    // MARK: - Support

    private func expectLayout(_ input: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Self.errors(in: Self.parse(input)).isEmpty, sourceLocation: sourceLocation)
        #expect(Self.format(input) == expected, sourceLocation: sourceLocation)
    }

    static func parse(_ text: String, path: String = "test.charter") -> ParseResult {
        Parser.parse(SourceFile(id: FileID(0), path: path, text: text))
    }

    static func format(_ text: String) -> String {
        let source = SourceFile(id: FileID(0), path: "test.charter", text: text)
        return Formatter(source: source, syntax: Parser.parse(source).syntax).format()
    }

    static func errors(in result: ParseResult) -> [Diagnostic] {
        result.diagnostics.filter { $0.severity == .error }
    }

    /// The texts of a file's comments, right-trimmed, in order.
    static func comments(_ text: String) -> [String] {
        let source = SourceFile(id: FileID(0), path: "test.charter", text: text)
        return Lexer.tokenize(source).comments.map { comment in
            var text = String(decoding: source.bytes[comment.span.start..<comment.span.end], as: UTF8.self)
            while text.last?.isWhitespace == true { text.removeLast() }
            return text
        }
    }

    /// The offsets of the parentheses that group, not call: an opening one at
    /// the start or after a space, `(`, `[` or `-`.
    static func groupingParentheses(in text: String) -> [(Int, Int)] {
        let characters = Array(text)
        var open: [Int?] = []
        var pairs: [(Int, Int)] = []
        var inString = false
        for (index, character) in characters.enumerated() {
            if character == "\"" { inString.toggle() }
            if inString { continue }
            if character == "(" {
                let groups = index == 0 || " ([-".contains(characters[index - 1])
                open.append(groups ? index : nil)
            } else if character == ")", let start = open.popLast() {
                if let start { pairs.append((start, index)) }
            }
        }
        return pairs
    }

    /// The tokens of a text, comments left out, on one line.
    static func joined(_ text: String) -> String {
        let source = SourceFile(id: FileID(0), path: "test.charter", text: text)
        return Lexer.tokenize(source).tokens.filter { $0.kind != .endOfFile }
            .map { String(decoding: source.bytes[$0.span.start..<$0.span.end], as: UTF8.self) }.joined(separator: " ")
    }

    /// A text with its tokens and comments one space apart, but for a line
    /// break after a `{` that has one, around a comment on a line of its
    /// own, and after a comment; and a blank line where it has one.
    static func relaidOut(_ text: String) -> String {
        let source = SourceFile(id: FileID(0), path: "test.charter", text: text)
        let lexed = Lexer.tokenize(source)
        let pieces = (lexed.tokens.filter { $0.kind != .endOfFile }.map { (span: $0.span, kind: Optional($0.kind), trailing: false) }
            + lexed.comments.map { (span: $0.span, kind: nil, trailing: $0.isTrailing) })
            .sorted { $0.span.start < $1.span.start }
        var result = ""
        for (index, piece) in pieces.enumerated() {
            result += String(decoding: source.bytes[piece.span.start..<piece.span.end], as: UTF8.self)
            guard index + 1 < pieces.count else { break }
            let next = pieces[index + 1]
            let lines = source.lineIndex(of: next.span.start) - source.lineIndex(of: piece.span.end)
            if lines > 1 {
                result += "\n\n"
            } else if piece.kind == nil || (next.kind == nil && !next.trailing) || (piece.kind == .leftBrace && lines == 1) {
                result += "\n"
            } else {
                result += " "
            }
        }
        return result
    }

    /// A formatted text without its comments and blank lines: the code alone.
    static func code(_ text: String) -> String {
        let source = SourceFile(id: FileID(0), path: "test.charter", text: text)
        var bytes = source.bytes
        for comment in Lexer.tokenize(source).comments.reversed() {
            bytes.removeSubrange(comment.span.start..<comment.span.end)
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { line in
            var line = line
            while line.last?.isWhitespace == true { line.removeLast() }
            return line
        }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}

/// Random expressions with every operand in parentheses, from a fixed seed so
/// that a failure repeats.
struct ExpressionGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The text, and whether it is a bare number, which takes no field.
    mutating func expression(depth: Int) -> (text: String, isNumber: Bool) {
        if depth == 0 || pick(4) == 0 {
            let leaves = ["a", "b", "m", "1", "2.5", "60%", "\"s\"", "true", "[a, b]", "[]"]
            let leaf = leaves[pick(leaves.count)]
            return (leaf, ["1", "2.5", "60%"].contains(leaf))
        }
        let operators = ["or", "and", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "+", "-", "*", "/"]
        switch pick(8) {
        case 0, 1, 2:
            return ("(\(operand(depth)) \(operators[pick(operators.count)]) \(operand(depth)))", false)
        case 3:
            return ("\(pick(2) == 0 ? "not" : "-") \(operand(depth))", false)
        case 4:
            let base = expression(depth: depth - 1)
            return (base.isNumber ? "a.f" : "(\(base.text)).f", false)
        case 5:
            return ("f(\(operand(depth)), \(operand(depth)))", false)
        case 6:
            return ("\(operand(depth)) where \(operand(depth))", false)
        default:
            let quantifiers = ["all", "any", "sum", "count", "min", "max"]
            return ("\(quantifiers[pick(quantifiers.count)]) m in \(operand(depth)): \(operand(depth))", false)
        }
    }

    private mutating func operand(_ depth: Int) -> String {
        "(" + expression(depth: depth - 1).text + ")"
    }

    private mutating func pick(_ count: Int) -> Int {
        // A linear congruential generator (Knuth's MMIX constants).
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(count))
    }
}
