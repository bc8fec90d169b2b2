// Comments attached by the parser: each comment belongs to one declaration,
// item or scenario step (or to the file), before it, ending its line, inside
// it or after its last item; every comment of a file belongs somewhere once.

import Charter
import Testing

@Suite struct CommentTests {
    private struct Parsed {
        let source: SourceFile
        let syntax: SourceFileSyntax

        /// The texts of some comments.
        func texts(_ comments: [CharterSyntax.Comment]) -> [String] {
            comments.map { String(decoding: source.bytes[$0.span.start..<$0.span.end], as: UTF8.self) }
        }

        func text(_ comment: CharterSyntax.Comment?) -> String? { comment.map { texts([$0])[0] } }

        func comments(_ span: Span) -> Comments { syntax.attached.of(span) }

        func items(_ index: Int) -> [Item] {
            switch syntax.declarations[index] {
            case .alliance(let d): d.items
            case .member(let d): d.items
            case .goal(let d): d.items
            case .body(let d): d.items
            default: []
            }
        }
    }

    private func parse(_ text: String) -> Parsed {
        let source = SourceFile(id: FileID(0), path: "test.charter", text: text)
        let result = Parser.parse(source)
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics.map(\.message))")
        return Parsed(source: source, syntax: result.syntax)
    }

    @Test("a comment on lines of its own goes before the next declaration; one after code ends that code's line")
    func beforeAndSuffix() {
        let parsed = parse("""
            value a "A" # a's own
            # about b
            # still about b
            value b "B" value c "C" # c's own
            """)
        let declarations = parsed.syntax.declarations
        #expect(parsed.text(parsed.comments(declarations[0].span).suffix) == "# a's own")
        #expect(parsed.comments(declarations[0].span).before.isEmpty)
        #expect(parsed.texts(parsed.comments(declarations[1].span).before) == ["# about b", "# still about b"])
        #expect(parsed.comments(declarations[1].span).suffix == nil, "b does not end the line")
        #expect(parsed.text(parsed.comments(declarations[2].span).suffix) == "# c's own")
    }

    @Test("a file's opening comments are its own up to the last blank line above its first declaration")
    func fileOpening() {
        let parsed = parse("""
            # the file

            # also the file

            # about a
            value a "A"
            """)
        #expect(parsed.texts(parsed.syntax.attached.file.before) == ["# the file", "# also the file"])
        #expect(parsed.texts(parsed.comments(parsed.syntax.declarations[0].span).before) == ["# about a"])
        let adjacent = parse("# about a\nvalue a \"A\"\n")
        #expect(adjacent.syntax.attached.file.before.isEmpty)
        #expect(adjacent.texts(adjacent.comments(adjacent.syntax.declarations[0].span).before) == ["# about a"])
    }

    @Test("blank lines between declarations do not part a comment from the declaration after it")
    func blankLinesBetweenDeclarations() {
        let parsed = parse("""
            value a "A"

            # --- the members ---

            # the bank
            member m { kind company }
            """)
        #expect(parsed.texts(parsed.comments(parsed.syntax.declarations[1].span).before) == ["# --- the members ---", "# the bank"])
        #expect(parsed.comments(parsed.syntax.declarations[0].span).isEmpty)
    }

    @Test("comments after a file's last declaration are the file's")
    func endOfFile() {
        let parsed = parse("value a \"A\" # a's\n# the end\n\n# the very end\n")
        #expect(parsed.text(parsed.comments(parsed.syntax.declarations[0].span).suffix) == "# a's")
        #expect(parsed.texts(parsed.syntax.attached.file.after) == ["# the end", "# the very end"])
        let source = SourceFile(id: FileID(0), path: "test.charter", text: "# only\n# comments\n")
        let empty = Parsed(source: source, syntax: Parser.parse(source).syntax)
        #expect(empty.texts(empty.syntax.attached.file.after) == ["# only", "# comments"])
        #expect(empty.syntax.comments.count == 2)
    }

    @Test("in a block: before an item, ending an item's line, after the last item, after the `{`, in the header")
    func itemsOfABlock() {
        let parsed = parse("""
            body council # in the header
            { # after the brace
              # about the members
              members all # everyone
              # about the rule
              by consensus
              # after the last item
            } # the body's
            """)
        let body = parsed.syntax.declarations[0]
        let items = parsed.items(0)
        let own = parsed.comments(body.span)
        #expect(parsed.texts(own.inside) == ["# in the header", "# after the brace"])
        #expect(parsed.texts(own.after) == ["# after the last item"])
        #expect(parsed.text(own.suffix) == "# the body's")
        #expect(own.before.isEmpty)
        #expect(parsed.texts(parsed.comments(items[0].span).before) == ["# about the members"])
        #expect(parsed.text(parsed.comments(items[0].span).suffix) == "# everyone")
        #expect(parsed.texts(parsed.comments(items[1].span).before) == ["# about the rule"])
        #expect(parsed.comments(items[1].span).suffix == nil)
        #expect(parsed.texts(parsed.syntax.attached.comments(of: body, before: false)).count == 7)
    }

    @Test("a comment inside an item or an expression that spans lines is inside it")
    func insideExpressions() {
        let parsed = parse("""
            member m {
              holds a, # the first
                b
            }
            check "x" {
              count(members) > # more than
                2
            }
            let n = 1 + # one
              # two
              2 # and
            """)
        let holds = parsed.items(0)[0]
        #expect(parsed.texts(parsed.comments(holds.span).inside) == ["# the first"])
        #expect(parsed.texts(parsed.comments(parsed.syntax.declarations[1].span).inside) == ["# more than"])
        let binding = parsed.comments(parsed.syntax.declarations[2].span)
        #expect(parsed.texts(binding.inside) == ["# one", "# two"])
        #expect(parsed.text(binding.suffix) == "# and")
    }

    @Test("a scenario's steps have comments as items do, and so do the items it amends and adds")
    func scenarioSteps() {
        let parsed = parse("""
            scenario "s" {
              # first remove
              remove a # gone
              amend b {
                weight 2 # heavier
              }
              add member c {
                # its kind
                kind ngo
              }
              # nothing after
            }
            """)
        guard case .scenario(let scenario) = parsed.syntax.declarations[0] else {
            Issue.record("expected a scenario")
            return
        }
        #expect(parsed.texts(parsed.comments(scenario.steps[0].span).before) == ["# first remove"])
        #expect(parsed.text(parsed.comments(scenario.steps[0].span).suffix) == "# gone")
        guard case .amend(_, let amended, _) = scenario.steps[1], case .add(.member(let added), _) = scenario.steps[2] else {
            Issue.record("expected amend and add")
            return
        }
        #expect(parsed.text(parsed.comments(amended[0].span).suffix) == "# heavier")
        #expect(parsed.texts(parsed.comments(added.items[0].span).before) == ["# its kind"])
        #expect(parsed.texts(parsed.comments(scenario.span).after) == ["# nothing after"])
    }

    @Test("a REPL change's items carry their comments")
    func replChange() {
        let source = SourceFile(id: FileID(0), path: "<input>", text: "amend m { holds a, # why\n b }")
        let parsed = Parser.parseInput(source)
        guard case .change(.amend(_, let items, _))? = parsed.input else {
            Issue.record("expected an amend")
            return
        }
        #expect(parsed.syntax.attached.of(items[0].span).inside.count == 1)
    }

    @Test("every comment of every example and fixture belongs to one owner, once", arguments: GoldenTests.examples + GoldenTests.fixtures)
    func everyCommentOnce(_ path: String) throws {
        let source = SourceFile(id: FileID(0), path: path, bytes: Array(try Repository.read(path).utf8))
        var syntax = Parser.parse(source).syntax
        #expect(syntax.comments == Lexer.tokenize(source).comments)
        // Gathered again from the owners, as for a file the REPL keeps some
        // declarations of, the comments are the same, each once.
        let declarations = syntax.declarations
        syntax.declarations = declarations
        #expect(syntax.comments == Lexer.tokenize(source).comments)
    }
}
