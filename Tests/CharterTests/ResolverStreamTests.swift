// A lint run resolves as it parses (`Resolver.Stream`): members built as
// soon as they are read, their blocks let go. What it resolves must be what
// the build pass resolves from the whole tree, whatever the file holds; and
// it must go on building early where nothing stands in the way, or a large
// file's memory grows back unseen.

import Charter
@testable import CharterModel
import Foundation
import Testing

@Suite struct ResolverStreamTests {
    /// Files that each stand in the way of building a member as it is read:
    /// a value declared after its holder, a comment inside a block, a name
    /// declared twice, problems to report in their order, a value from an
    /// imported file, a name a broken declaration and then a value declare,
    /// and more errors than are listed.
    static let awkward: [(name: String, files: [String: String])] = [
        ("values after members", ["a.charter": """
            member a { kind ngo holds later weight 2 }
            member b { kind company holds early }
            value early "e"
            value later "l"
            """]),
        ("comments inside blocks", ["a.charter": """
            value v "v"
            member a { kind ngo # a note
              holds v }
            member b { kind ngo holds v }  # charter: allow values.no-shared-value
            # charter: allow values.no-shared-value
            member c {
              # inside, above an item
              holds v
              weight 3
            }
            """]),
        ("a name declared twice", ["a.charter": """
            value v "v"
            member a { kind ngo holds v joined forming }
            member a { kind company holds v joined building }
            value a "a value of a member's name"
            member b { holds a }
            alliance x "X" { stage forming }
            """]),
        ("problems inside members", ["a.charter": """
            value v "v"
            member a { kind ngoo holds v }
            member b { kind ngo kind company }
            member c { weight -3 holds v, v }
            member d { motivation greed target "t" }
            member e { holds nothing_here joined forming }
            member f { kind ngo holds v }
            alliance x "X" { stage forming }
            """]),
        ("a value from an import", [
            "a.charter": "import \"b.charter\"\nmember a { kind ngo holds shared }\nmember b { kind ngo holds own }\nvalue own \"o\"\n",
            "b.charter": "value shared \"s\"\nmember c { kind ngo holds shared }\n",
        ]),
        ("a broken declaration's name, then a value", ["a.charter": """
            value v "v"
            member a { holds v, w }
            value w "w" extra {
            member b { holds v, w }
            value w "w"
            member c { kind ngo holds v }
            """]),
        ("more errors than are listed", ["a.charter": "value v \"v\"\n"
            + (0..<60).map { "member m\($0) { kind nope holds v }\nmember n\($0) { kind ngo holds v }\nmember n\($0) { kind ngo }\n" }.joined()]),
    ]

    /// What a model's members are, in order, as far as the checks see them.
    static func described(_ model: Model) -> [String] {
        model.members.map { member in
            ["\(member.name)", "\(member.title ?? "-")", "\(member.kind.map(\.rawValue) ?? "-")",
             member.membershipClass.rawValue, "\(member.motivation.map(\.rawValue) ?? "-")", "\(member.weight)",
             member.holds.joined(separator: ","), "\(member.joined.map(\.rawValue) ?? "-")",
             "\(member.contribution.map { "\($0)" } ?? "-")", "\(member.origin.span)", "\(member.origin.nameSpan)",
             "\(member.joinedSpan.map { "\($0)" } ?? "-")"]
                .joined(separator: " ")
        }
    }

    static func described(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.span) \($0.severity) \($0.code.id) \($0.message) \($0.labels.map(\.span)) \($0.help ?? "")" }
    }

    /// The same program loaded for a lint run and in full: the same model,
    /// diagnostics and work; and, `checking`, the same findings.
    static func expectSameResolution(_ files: [String: String], root: String, checking: Bool = true, _ comment: Testing.Comment) {
        let reader = MemoryReader(files: files.mapValues { Array($0.utf8) })
        let full = Program.load(paths: [root], reader: reader)
        var streamed = Program.load(paths: [root], reader: reader, forChecksOnly: true)
        #expect(described(streamed.model) == described(full.model), comment)
        #expect(described(streamed.diagnostics) == described(full.diagnostics), comment)
        #expect(streamed.work.resolving == full.work.resolving, comment)
        #expect(streamed.model.symbols == full.model.symbols, comment)
        guard checking else { return }
        var checked = full
        checked.runChecks(CheckConfiguration())
        streamed.runChecks(CheckConfiguration())
        #expect(described(streamed.diagnostics) == described(checked.diagnostics), comment)
    }

    @Test("a lint run resolves what the build pass resolves, where a member cannot be built as it is read")
    func awkwardFiles() {
        for (name, files) in Self.awkward {
            Self.expectSameResolution(files, root: "a.charter", "\(name)")
        }
    }

    @Test("a lint run resolves what the build pass resolves, on every file of the repository and generated alliances")
    func everyFile() throws {
        let paths = ["examples", "examples/broken", "Tests/CharterTests/Fixtures"].flatMap(Repository.charterFiles(in:))
        #expect(paths.count > 50)
        for path in Set(paths).sorted() {
            let text = try String(contentsOf: Repository.url(path), encoding: .utf8)
            // Their findings, through a lint run, are `LintRunTests`'.
            Self.expectSameResolution([path: text], root: path, checking: false, "\(path)")
        }
        for seed in 1...2 {
            let text = AllianceGenerator(members: 150, values: 12, rules: 15, bodies: 4, seed: UInt64(seed)).text()
            Self.expectSameResolution(["g.charter": text], root: "g.charter", "generated, seed \(seed)")
            // Its values moved to the end: every member waits for the build pass.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let moved = (lines.filter { !$0.hasPrefix("value ") } + lines.filter { $0.hasPrefix("value ") }).joined(separator: "\n")
            Self.expectSameResolution(["g.charter": moved], root: "g.charter", "generated, values last, seed \(seed)")
        }
    }

    /// The declarations a stream kept of a file: how many members it built as they were read.
    static func builtEarly(_ text: String) -> (early: Int, members: Int) {
        var sources = SourceMap()
        let file = sources.add(path: "a.charter", text: text)
        var stream = Resolver.Stream()
        var members = 0
        let parsed = Parser.parse(file) { declaration, replaceable in
            if case .member = declaration { members += 1 }
            return stream.take(declaration, replaceable: replaceable)
        }
        let early = parsed.syntax.declarations.count { if case .bad(_, nil) = $0 { true } else { false } }
        _ = stream.finish([parsed.syntax])
        return (early, members)
    }

    @Test("members are built as they are read wherever nothing stands in the way, and only there")
    func buildsEarly() {
        let generated = AllianceGenerator(members: 500, values: 12, rules: 15, bodies: 4, seed: 5).text()
        #expect(Self.builtEarly(generated) == (500, 500))
        #expect(Self.builtEarly(Self.awkward[0].files["a.charter"]!) == (0, 2), "values declared after their holders")
        #expect(Self.builtEarly(Self.awkward[1].files["a.charter"]!) == (1, 3), "only the block without a comment inside")
        #expect(Self.builtEarly(Self.awkward[2].files["a.charter"]!) == (1, 3), "the first `a`, and not `b`, whose value is a member's name")
        #expect(Self.builtEarly(Self.awkward[3].files["a.charter"]!) == (1, 6), "only `f` has nothing to report")
    }

    @Test("a member tried as it is read puts no problem into words: a file of thousands costs a look each")
    func triesSayNothing() {
        // Every kind of problem a member can have, many times over: each is
        // found once, in the build pass, which stops saying them at the limit.
        let member = { (index: Int) in
            "member m\(index) { kind q kind q motivation greed joined later class nobody weight 1.5 holds v, v }"
        }
        let text = "value v \"v\"\n" + (0..<200).map(member).joined(separator: "\n")
        var sources = SourceMap()
        let file = sources.add(path: "a.charter", text: text)
        var stream = Resolver.Stream()
        let parsed = Parser.parse(file) { declaration, replaceable in stream.take(declaration, replaceable: replaceable) }
        #expect(stream.resolver.reportsMade == 0)
        #expect(stream.deferred == 200)
        let resolution = stream.finish([parsed.syntax])
        #expect(resolution.diagnostics.count == DiagnosticLimit.count + 1, "the limit, and the notice of the rest")
        Self.expectSameResolution(["a.charter": text], root: "a.charter", "members with every problem")
    }
}
