// The catalog of built-in checks, the published power values in the
// examples, the evaluator the checks rely on, and charter.toml.

@testable import Charter
@testable import CharterEvaluation
@testable import CharterChecks
import Foundation
import Testing

@Suite struct CatalogTests {
    @Test("every check has its own ID and name, in its family's range")
    func identities() {
        #expect(Set(Catalog.all.map(\.id)).count == Catalog.all.count)
        #expect(Set(Catalog.all.map(\.name)).count == Catalog.all.count)
        for check in Catalog.all {
            let familyNumber = CheckFamily.allCases.firstIndex(of: check.family)! + 1
            #expect(check.id.wholeMatch(of: /C[1-9]\d\d/) != nil, "\(check.id)")
            #expect(check.id.dropFirst().first == Character("\(familyNumber)"), "\(check.id) is outside its family's range")
            #expect(check.name.hasPrefix(check.family.rawValue + "."), "\(check.name)")
            #expect(check.name.wholeMatch(of: /[a-z]+\.[a-z]+(-[a-z]+)*/) != nil, "\(check.name) is not kebab-case")
        }
    }

    @Test("every explanation says why it matters and how to fix it", arguments: Catalog.all.map(\.id))
    func explanations(_ id: String) throws {
        let check = try #require(Catalog.check(named: id))
        #expect(check.explanation.contains("Why it matters"))
        #expect(check.explanation.contains("How to fix"))
        #expect(!check.summary.isEmpty && !check.summary.hasSuffix("."))
    }

    @Test("a check is found by ID in any case, or by name")
    func lookup() {
        #expect(Catalog.check(named: "c304")?.name == "power.dummy")
        #expect(Catalog.check(named: "power.dummy")?.id == "C304")
        #expect(Catalog.check(named: "power.dumy") == nil)
    }

    @Test("every check fires in a fixture of the checks, and is listed in a fixture's `# checks:` line")
    func everyCheckIsExercised() throws {
        let fixtures = try Repository.charterFiles(in: "Tests/CharterTests/Fixtures/checks").map(Repository.read)
        let listed = fixtures.flatMap { text in
            text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("# checks:") }.flatMap { $0.split(separator: " ") }
        }.map(String.init)
        // What only an edit can bring about, which a file says is an error
        // (E404), is exercised where edits are: `EditTests.stageBack`.
        let onlyByEdits: Set = [Catalog.joinedAfterStage.id]
        for check in Catalog.all where !onlyByEdits.contains(check.id) {
            #expect(fixtures.contains { $0.contains("[\(check.id)]") }, "\(check.id) fires in no fixture")
            #expect(listed.contains(check.id), "\(check.id) is in no fixture's `# checks:` line")
        }
    }

    @Test("the README lists every check, one line each")
    func readme() throws {
        let readme = try Repository.read("README.md")
        let missing = Catalog.all.filter { !readme.contains("| \($0.id) | `\($0.name)` | \($0.severity) | \($0.summary) |") }
        #expect(missing.isEmpty, "README does not list \(missing.map(\.id))")
    }

    private func checked(_ text: String) -> Program {
        var program = Program.load(text: text, path: "t.charter")
        program.runChecks()
        return program
    }

    @Test("a body whose weights overflow is an error, not a trap")
    func overflowingWeights() {
        let program = checked("""
            member a { weight 4700000000000000000 } member b { weight 4700000000000000000 } member c { weight 4700000000000000000 }
            body board { members where weight > 0 by weighted majority quota 5000000000000000000 decides x }
            """)
        #expect(program.diagnostics.map(\.code.id) == ["E603"])
    }

    @Test("a power computation refused for size says so with a readable number")
    func refusedPower() throws {
        let program = checked("""
            member x { weight 4000000000000000000 } member y { weight 4000000000000000000 } member z { weight 1 }
            member a { weight 1 } member b { weight 1 } member c { weight 1 } member d { weight 1 } member e { weight 1 }
            member f { weight 1 } member g { weight 1 } member h { weight 1 } member i { weight 1 } member j { weight 1 }
            body board { members all by weighted majority decides statutes }
            """)
        let refused = try #require(program.diagnostics.first { $0.code.id == "C310" })
        #expect(refused.message.contains("e+"))
    }

    @Test("a definition that depends on itself, through a channel, a body or its own power, is an error, not a crash",
          arguments: [
            "member a { kind ngo }\nchannel c reaches members where count(c.reaches) > 0 monthly",
            "member a { kind ngo }\nbody b { members where count(b.members) > 0 by majority decides x }",
            "member a { kind ngo }\nbody b { members where banzhaf(a, b) > 0 by majority decides x }",
          ])
    func selfReference(_ text: String) {
        let program = checked(text)
        #expect(program.diagnostics.map(\.code.id) == ["E607"])
        #expect(program.checksSkipped)
    }

    @Test("a long chain of definitions evaluates the same in any order of declaration",
          arguments: [true, false])
    func orderIndependence(reversed: Bool) {
        let links = (1..<1000).map { "bloc b\($0) = members where " + String(repeating: "not ", count: 40) + "count(b\($0 - 1)) < 0" }
        let text = "member a { weight 1 kind ngo }\nbloc b0 = members where weight > 0\n"
            + (reversed ? links.reversed() : links).joined(separator: "\n") + "\nbody council { members b999 by majority decides x }"
        let program = checked(text)
        #expect(!program.checksSkipped)
        #expect(!program.diagnostics.contains { $0.code.id.hasPrefix("E6") })
    }

    @Test("a suppression is not called unused when errors kept the checks from running")
    func suppressionsWaitForChecks() {
        let program = checked("""
            member a { kind ngo }
            # charter: allow C101
            member b { kind ngo }
            channel c reaches members where count(c.reaches) > 0 monthly
            """)
        #expect(program.diagnostics.map(\.code.id) == ["E607"])
    }

    @Test("weights that overflow matter only to a rule that counts them")
    func overflowOnlyWhenWeighted() {
        let program = checked("""
            member y { weight 9223372036854775807 } member z { weight 1 }
            body ok { members z, y by simple majority decides other }
            """)
        #expect(!program.diagnostics.contains { $0.code.id == "E603" })
        #expect(!program.checksSkipped)
    }

    @Test("numbers too long for a decimal show as fractions, without a trap")
    func formatting() {
        #expect(EvaluatedValue.format(Rational(Int64.max, 2)!) == "9223372036854775807/2 (≈4.612e+18)")
        #expect(EvaluatedValue.format(Rational(1, 300_000)!) == "1/300000 (≈3.333e-06)")
        #expect(EvaluatedValue.format(Rational(3, 8)!) == "0.375")
        #expect(EvaluatedValue.format(Rational(2, 3)!) == "2/3 (≈0.6667)")
    }

    @Test("a share set against a promise or a threshold reads differently from it: 99.999% is not \"100%\" below 100%")
    func sharesReadApart() {
        let program = checked("""
            alliance a { mission "m" balance social >= 100% }
            value v "v"
            goal care social serves v { weight 99999 }
            goal money business serves v { weight 1 }
            """)
        #expect(program.diagnostics.filter { $0.code.id == "C601" }.map(\.message)
                == ["social goals weigh 99999 of 100000 (99.999%), below the promised 100%"])
        #expect(percents(0.5996, against: 0.6) == ("59.96%", "60%"))
        #expect(percents(0.25, against: 0.2) == ("25%", "20%"))
        #expect(percents(0.6, against: 0.6) == ("60%", "60%"))
        // Closer than a Double tells apart: said which side it is on.
        let close = Rational(299_999_999_999_999_999, 500_000_000_000_000_000)!
        #expect(percents(close, against: Rational(3, 5)!) == ("just under 60%", "60%"))
    }

    @Test("a value the alliance's mission or goals pursue, opposed by a principle: the help says to revisit the principle, not the members")
    func opposedValueHelp() {
        let inMission = checked("""
            alliance a { mission "Affordable heat for every home" }
            value affordability "Heat people can pay for"
            value purity "Only the greenest heat"
            principle green_only upholds purity opposes affordability
            member m1 { kind ngo holds affordability }
            member m2 { kind ngo holds affordability }
            """).diagnostics.filter { $0.code.id == "C204" }
        #expect(inMission.map(\.message) == ["principle `green_only` opposes `affordability`, which 2 members hold: `m1` and `m2`"])
        #expect(inMission.first?.help == "the alliance itself pursues `affordability`: revisit principle `green_only` rather than the members, or declare the trade-off: `tension purity vs affordability`")
        #expect(inMission.first?.notes == ["the alliance's mission speaks of it"])
        let elsewhere = checked("""
            alliance a { mission "Clean heat" }
            value gambling "Bets"
            principle no_bets opposes gambling
            member m1 { kind ngo holds gambling }
            """).diagnostics.filter { $0.code.id == "C204" }
        #expect(elsewhere.first?.help == "talk with the members: are their holds lists out of date, or does the principle still stand?")
    }

    @Test("money: members paying alike are not large contributors; without bodies, no seat is missing; huge amounts are shown short")
    func moneyNearMisses() {
        let alike = checked("""
            alliance co { mission "m" }
            member a { kind ngo contribution 100 } member b { kind ngo contribution 100 }
            member c { kind ngo contribution 100 } member d { kind ngo contribution 100 }
            body board { members a, b by majority }
            """).diagnostics.filter { ["C313", "C314"].contains($0.code.id) }
        #expect(alike.isEmpty, "\(alike.map(\.message))")
        let noBodies = checked("""
            alliance co { mission "m" }
            member a { kind ngo contribution 900 } member b { kind ngo contribution 100 }
            """).diagnostics.filter { $0.code.id == "C314" }
        #expect(noBodies.isEmpty)
        let halves = checked("""
            alliance co { mission "m" }
            member a { kind ngo contribution 100000.5 } member b { kind ngo contribution 1000.25 }
            body board { members b by majority }
            """).diagnostics.filter { $0.code.id == "C313" }
        #expect(halves.first?.spanLabel == "contribution 100000.5")
        #expect(halves.first?.notes.first == "100000.5 of 101000.75 in all, from 2 of the 2 members")
    }

    @Test("the checks keep every finding; a text report shows as many as it is told, and says how many more there are")
    func findingsAreAllKept() throws {
        let program = checked((0..<80).map { "member m\($0) { kind ngo }" }.joined(separator: "\n"))
        #expect(program.diagnostics.count >= 80)
        #expect(!program.diagnostics.contains { $0.code.id == "E002" })
        let renderer = DiagnosticRenderer(sources: program.sources)
        let capped = renderer.render(program.diagnostics, atMost: 10)
        #expect(capped.split(separator: "\n").count { $0.contains(/^(error|warning|info)\[/) } == 10)
        let note = try #require(capped.split(separator: "\n").last)
        #expect(note.hasPrefix("note: \(program.diagnostics.count - 10) more findings ("), "\(note)")
        #expect(note.hasSuffix(") are not shown; `--max-findings 0` shows them all"), "\(note)")
        #expect(!capped.contains("error"), "the notice is never an error")
        #expect(renderer.render(program.diagnostics, atMost: 0) == renderer.render(program.diagnostics))
    }

    @Test("checks do not run on a model with errors")
    func errorsStopChecks() {
        var program = Program.load(text: "member a { kind ngo holds nothing_declared }", path: "a.charter")
        program.runChecks()
        #expect(program.diagnostics.map(\.code.id) == ["E301"])
    }
}

@Suite struct ListWritingTests {
    @Test("names in a message: quoted, joined with commas and `and`, cut after the limit with a count of the rest")
    func lists() {
        #expect(list([]) == "")
        #expect(list(["a"]) == "`a`")
        #expect(list(["a", "b"]) == "`a` and `b`")
        #expect(list(["a", "b", "c"]) == "`a`, `b` and `c`")
        #expect(list(["a", "b", "c", "d", "e", "f"]) == "`a`, `b`, `c`, `d`, `e` and `f`")
        #expect(list(["a", "b", "c", "d", "e", "f", "g"]) == "`a`, `b`, `c`, `d`, `e`, `f` and 1 more")
        #expect(list(["a", "b", "c"], limit: 1) == "`a` and 2 more")
        #expect(list(["a", "b"], limit: 2) == "`a` and `b`")
        #expect(list(["a"], limit: 0) == " and 1 more")
    }
}

@Suite struct PublishedPowerTests {
    private func table(_ path: String) throws -> PowerReport.Table {
        let program = Repository.load(path)
        #expect(program.diagnostics.isEmpty)
        return try #require(PowerReport(model: program.model).tables.first)
    }

    private func exact(_ table: PowerReport.Table, _ member: String, shapley: Bool = false) throws -> String? {
        let player = try #require(table.game.members.firstIndex { $0.name == member })
        return shapley ? try table.analysis.shapley.get().exactShares?[player].description
            : try table.analysis.banzhaf.get().index.exactShares?[player].description
    }

    @Test("UN Security Council: Shapley–Shubik 421/2145 per permanent member, 4/2145 per elected one")
    func securityCouncil() throws {
        let table = try table("examples/power/un-security-council.charter")
        #expect(try exact(table, "china", shapley: true) == "421/2145")
        #expect(try exact(table, "elected_7", shapley: true) == "4/2145")
    }

    @Test("EEC Council 1958: Banzhaf 5/21, 5/21, 5/21, 3/21, 3/21 and 0; Luxembourg a dummy")
    func eec() throws {
        let table = try table("examples/power/eec-1958.charter")
        #expect(try exact(table, "france") == "5/21")
        #expect(try exact(table, "netherlands") == "1/7")
        #expect(try exact(table, "luxembourg") == "0")
        #expect(table.analysis.dummies == [5])
    }

    @Test("the power of an empty body is said in words, not as a table of nothing")
    func emptyBody() {
        let program = Program.load(text: "member a { kind ngo }\nbody council { members where kind == government by majority decides x }",
                                   path: "e.charter")
        #expect(PowerReport(model: program.model).text() == "body council on x: no members, so nobody has any power\n")
    }

    @Test("Nassau County: three dummies, a third of the power for each of the others")
    func nassau() throws {
        let table = try table("examples/power/nassau-county.charter")
        for member in ["hempstead_1", "hempstead_2", "north_hempstead"] { #expect(try exact(table, member) == "1/3") }
        #expect(table.analysis.dummies == [3, 4, 5])
    }
}

@Suite struct EvaluatorTests {
    private func evaluate(_ source: String, _ expression: String) -> Result<EvaluatedValue, EvaluationError> {
        let program = Program.load(text: source + "\nlet probe = " + expression, path: "e.charter")
        let evaluator = Evaluator(model: program.model)
        let binding = program.model.bindings.first { $0.name == "probe" }!
        return Result { () throws(EvaluationError) in try evaluator.evaluate(binding.value) }
    }

    private let alliance = """
        value care "We care"
        member a { kind ngo motivation values_driven weight 3 holds care }
        member b { kind company motivation business weight 2 }
        member c { kind ngo motivation mixed weight 0 }
        body assembly { members where weight > 0 by weighted majority decides x }
        """

    @Test("a query body holds the members its condition selects")
    func queryBody() throws {
        #expect(try evaluate(alliance, "assembly.members").get() == .set([.entity(.member, "a"), .entity(.member, "b")]))
    }

    @Test("power functions give exact numbers for small bodies")
    func power() throws {
        #expect(try evaluate(alliance, "banzhaf(a, assembly)").get() == .number(.one))
        #expect(try evaluate(alliance, "share(b, assembly)").get() == .number(Rational(2, 5)!))
        #expect(try evaluate(alliance, "winning([b], assembly)").get() == .bool(false))
    }

    @Test("arithmetic is exact: 1/3 + 2/3 == 1")
    func exactArithmetic() throws {
        #expect(try evaluate(alliance, "1/3 + 2/3 == 1").get() == .bool(true))
        #expect(try evaluate(alliance, "count m in members: m.motivation == business").get() == .number(.one))
    }

    @Test("the evaluator evaluates what the binder bound: words, fields not given, fields of things of several kinds")
    func boundNames() throws {
        let source = alliance + "\nbloc business = a\nmember d { weight 1 }"
        // Beside its field a bare word is the field's word, though a bloc has its name.
        #expect(try evaluate(source, "count m in members: m.motivation == business").get() == .number(.one))
        // A list of words beside a field that was not given is looked through, not an error.
        #expect(try evaluate(source, "count m in members: m.kind in [ngo, company]").get() == .number(Rational(3)))
        #expect(try evaluate(source, "d.kind == ngo").get() == .bool(false))
        // Elements of a set of two kinds: their fields are found when evaluated.
        #expect(try evaluate(source, "all x in [a, care]: x.name != \"\"").get() == .bool(true))
        // A filter over numbers leaves the fields of the member around it in scope.
        #expect(try evaluate(source, "count(members where count([1, 2] where weight > 2) == 2)").get() == .number(.one))
    }

    @Test("a comparison of two kinds is an error when the file is checked, with both kinds and a hint",
          arguments: [("all m in members: m.name != a", "a text with a member", "`m` rather than `m.name`"),
                      ("1 == a", "a number with a member", "`a.weight`"),
                      ("assembly.members == a", "a set of members with a member", "`a in assembly.members`"),
                      ("assembly == a", "a body with a member", "`a in assembly.members`"),
                      ("a == \"a\"", "a member with a text", "`a.name`"),
                      ("a.kind == \"ngo\"", "a member kind with a text", "without quotes")])
    func kinds(_ expression: String, _ kinds: String, _ hint: String) {
        let program = Program.load(text: alliance + "\ncheck \"probe\" { " + expression + " }", path: "e.charter")
        let error = program.diagnostics.first { $0.code.id == "E319" }
        #expect(error?.message.contains(kinds) == true, "\(program.diagnostics.map(\.message))")
        #expect(error?.help?.contains(hint) == true, "\(String(describing: error?.help))")
    }

    @Test("evaluation errors are located diagnostics",
          arguments: [("1 / (a.weight - 3)", "E602"), ("min m in members where weight > 9: m.weight", "E604")])
    func errors(_ expression: String, _ code: String) {
        guard case .failure(let error) = evaluate(alliance, expression) else {
            Issue.record("\(expression) should fail")
            return
        }
        #expect(error.diagnostic.code.id == code)
    }

    @Test("a value of the wrong type is a type mismatch")
    func typeMismatch() {
        guard case .failure(let error) = evaluate(alliance, "a.holds + 1") else { Issue.record("should fail"); return }
        #expect(error.diagnostic.code.id == "E601")
    }

    @Test("a body too large for exact power says so instead of hanging")
    func powerTooLarge() {
        // Thirteen members: past the games that are enumerated, whatever their weights.
        let source = "member huge { weight 1000000000000 }\nmember small { weight 3 }\nmember other { weight 5 }\n"
            + (1...10).map { "member light_\($0) { weight 7 }\n" }.joined()
            + "body assembly { members all by weighted majority decides x }"
        guard case .failure(let error) = evaluate(source, "banzhaf(small, assembly)") else { Issue.record("should fail"); return }
        #expect(error.diagnostic.code.id == "E605")
        #expect(error.diagnostic.message.contains("over the limit"))
    }

    @Test("evaluation stops at its step limit")
    func stepLimit() throws {
        let program = Program.load(text: alliance + "\nlet probe = all m in members: all n in members: m.weight >= 0",
                                   path: "s.charter")
        let evaluator = Evaluator(model: program.model, budget: EvaluationBudget(stepLimit: 20))
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(program.model.bindings[0].value) }
        do { _ = try evaluator.evaluate(program.model.bindings[0].value) } catch { #expect(error.diagnostic.code.id == "E606") }
    }

    @Test("a chain of definitions deeper than the limit is refused, not a stack overflow")
    func deepChain() throws {
        let count = Evaluator.maximumNesting + 50
        let lets = (1..<count).map { "let l\($0) = l\($0 - 1)" }.joined(separator: "\n")
        let code = Repository.onMainThreadStack { () -> String? in
            let program = Program.load(text: "let l0 = 1\n" + lets, path: "d.charter")
            guard let last = program.model.bindings.last else { return nil }
            do {
                _ = try Evaluator(model: program.model).evaluate(last.value)
                return "no error"
            } catch {
                return (error as? EvaluationError)?.diagnostic.code.id
            }
        }
        #expect(code == "E608")
    }

    @Test("a bloc whose query depends on itself is a cycle, not a crash")
    func cyclicBloc() throws {
        let program = Program.load(text: "member a { weight 1 }\nbloc loop = members where weight > count(loop)", path: "c.charter")
        let evaluator = Evaluator(model: program.model)
        #expect(throws: EvaluationError.self) { try evaluator.blocMembers("loop") }
        do { _ = try evaluator.blocMembers("loop") } catch { #expect(error.diagnostic.code.id == "E607") }
    }
}

@Suite struct ConfigurationTests {
    private func read(_ text: String) -> (CheckConfiguration, [Diagnostic]) {
        ProjectConfiguration.read(SourceFile(id: FileID(0), path: "charter.toml", text: text))
    }

    @Test("settings change checks, severities and thresholds")
    func settings() {
        let (configuration, diagnostics) = read("""
            # a comment
            [checks]
            select = ["power", "C401"]
            disable = ["power.dummy"]
            [checks.severity]
            "power.weight-power-gap" = "error"
            C306 = "off"
            [power]
            threshold = "1/4"
            gap = 0.2
            work-limit = 1_000
            [balance]
            social = "60%"
            """)
        #expect(diagnostics.isEmpty)
        #expect(configuration.severity(of: Catalog.dummy) == nil)
        #expect(configuration.severity(of: Catalog.powerConcentration) == nil)
        #expect(configuration.severity(of: Catalog.weightPowerGap) == .error)
        #expect(configuration.severity(of: Catalog.noSharedValue) == .warning)
        #expect(configuration.severity(of: Catalog.noChannel) == nil, "not selected")
        #expect(configuration.powerThreshold == Rational(1, 4))
        #expect(configuration.powerGap == Rational(1, 5))
        #expect(configuration.socialBalance == Rational(3, 5))
        #expect(configuration.powerWorkLimit == 1000)
    }

    @Test("a byte order mark, TOML's escapes and a work limit written as a float are read")
    func tomlDetails() {
        let (configuration, diagnostics) = read("\u{FEFF}[checks]\ndisable = [\"C\\u0031\\U00000030\\u0031\"]\n[power]\nwork-limit = 2e9\n")
        #expect(diagnostics.isEmpty)
        #expect(configuration.disabled == ["C101"])
        #expect(configuration.powerWorkLimit == 2e9)
    }

    @Test("[limits] sets what one run may read and compute, within what each limit allows")
    func limits() {
        let (configuration, diagnostics) = read("""
            [limits]
            input-size = "64 MiB"
            imports = 5000
            nesting-depth = 250
            evaluation-steps = 50_000_000
            """)
        #expect(diagnostics.isEmpty)
        #expect(configuration.limits.inputSize == 64 << 20)
        #expect(configuration.limits.imports == 5000)
        #expect(configuration.limits.nestingDepth == 250)
        #expect(configuration.limits.evaluationSteps == 50_000_000)
        #expect(read("[limits]\ninput-size = 1000\n").0.limits.inputSize == 1000)
        #expect(read("").0.limits == Limits(), "without a [limits] table, the defaults")
        let misspelt = read("[limits]\nnesting_depth = 200\n").1
        #expect(misspelt.map(\.code.id) == ["E702"])
        #expect(misspelt.first?.help == "did you mean `nesting-depth`?")
    }

    @Test("a limit out of its range, or not a number, is refused", arguments: [
        "nesting-depth = 251", "nesting-depth = 0", "imports = -1", "evaluation-steps = 0", "evaluation-steps = \"many\"",
        "input-size = \"64 MB\"", "input-size = \"99999999999999 GiB\"", "input-size = 0", "imports = 1.5",
    ])
    func badLimits(_ setting: String) throws {
        let (configuration, diagnostics) = read("[limits]\n" + setting + "\n")
        let diagnostic = try #require(diagnostics.first, "\(setting) should be refused")
        #expect(diagnostic.code.id == "E703")
        #expect(diagnostic.message.contains("is a whole number from"))
        #expect(configuration.limits == Limits())
    }

    @Test("a table defined twice points at the first definition")
    func duplicateTable() throws {
        let (_, diagnostics) = read("[power]\ngap = 0.1\n[power]\n")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.labels.first?.message == "first defined here")
    }

    @Test("mistakes are located errors",
          arguments: [("[checks]\ndisable = [\"C999\"]", "E702", 2), ("[check]\ndisable = []", "E702", 2),
                      ("[power]\nthreshold = \"150%\"", "E703", 2), ("[power]\nthreshold = 0", "E703", 2),
                      ("[checks.severity]\nC304 = \"fatal\"", "E703", 2), ("[checks]\ndisable = { a = 1 }", "E701", 2),
                      ("[checks\n", "E701", 1), ("[power]\ngap = \"1/3\"\ngap = \"1/4\"", "E701", 3),
                      ("[power]\ngap = \"unclosed\n", "E701", 2), ("[power]\nwork-limit = -5", "E703", 2),
                      ("[checks]\nselect = []", "E703", 2), ("[power]\n[power]", "E701", 2),
                      ("[checks]\ndisable = " + String(repeating: "[", count: 20_000), "E701", 2),
                      ("[power]\ngap = \"\\q\"", "E701", 2), ("[power]\ngap = \"\\u12\"", "E701", 2)])
    func mistakes(_ text: String, _ code: String, _ line: Int) throws {
        let (_, diagnostics) = read(text)
        let first = try #require(diagnostics.first, "\(text) should be refused")
        #expect(first.code.id == code, "\(text)")
        let source = SourceFile(id: FileID(0), path: "charter.toml", text: text)
        #expect(source.location(of: first.span.start).line == line, "\(text)")
    }
}
