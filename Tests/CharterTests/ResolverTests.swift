// The resolver on its own: the model it builds from a clean program.

import Charter
import Testing

@Suite struct ResolverTests {
    @Test("the names the language reserves are words of lowercase letters, as the quick test of a name assumes")
    func reservedNames() {
        let reserved = Array(Resolver.builtinCollections.keys) + Builtin.allCases.map(\.rawValue)
        for name in reserved {
            let lowercase = name.allSatisfy { ("a"..."z").contains($0) }
            #expect(lowercase, "\(name)")
            #expect(Resolver.isReserved(name), "\(name)")
        }
        for name in ["member_1", "count2", "values_", "value", "memb3rs", "Members"] { #expect(!Resolver.isReserved(name), "\(name)") }
    }

    private func model(_ text: String) -> Program {
        Program.load(text: text, path: "test.charter")
    }

    @Test("the members' table by name is the resolver's while the members stand, and follows every change to them")
    func memberTable() throws {
        let text = """
            member a { weight 2 } member b { weight 1 } member a { weight 7 } member c { weight 3 }
            body meeting { members all by weighted majority }

            """
        var model = model(text).model
        let byName = { (model: Model) in model.members.byName { $0 } }
        // Of two members with one name, the first.
        #expect(model.memberPositions == byName(model) && model.memberPositions["a"] == 0)
        model.members.removeFirst()
        #expect(model.memberPositions == byName(model) && model.memberPositions["a"] == 1 && model.memberPositions["b"] == 0)
        model.members[0].name = "d"
        #expect(model.memberPositions["d"] == 0 && model.memberPositions["b"] == nil)
        var added = model.members[0]
        added.name = "e"
        model.members.append(added)
        #expect(model.memberPositions == byName(model) && model.memberPositions["e"] == 3)
        // The evaluator and the games of a body of everyone seat them so.
        let evaluator = Evaluator(model: model)
        #expect(evaluator.member(named: "e")?.name == "e" && evaluator.member(named: "b") == nil)
        let game = try #require(try evaluator.games(of: model.bodies[0]).first)
        #expect(game.seats == byName(model) && game.game.weights == model.members.map(\.weight))
    }

    @Test("a matter named in a power question is one the body decides; anything else is located, with a hint")
    func mattersInQuestions() {
        let base = """
            member a { weight 2 } member b { weight 1 }
            body meeting { members all by simple majority decides statutes decides budget }
            body board { members a, b by consensus }

            """
        let misspelt = model(base + "let x = winning([a], meeting, statute)")
        #expect(misspelt.diagnostics.map(\.message) == ["body `meeting` does not decide `statute`"])
        #expect(misspelt.diagnostics.first?.help == "did you mean `statutes`?")
        #expect(model(base + "let x = blocks([a], board, budget)").diagnostics.first?.help
                == "body `board` decides no matter by name; leave the matter out to ask about its rule")
        #expect(model(base + "let x = winning([a], meeting, 1)").diagnostics.map(\.message) == ["a matter is named by its word, such as `statutes`"])
        #expect(model(base + "let x = share(a, meeting, 1)").diagnostics.map(\.message)
                == ["`share` takes 2 arguments, but 3 are given"])
        #expect(model(base + "let x = blocks([a], meeting, 1, 2)").diagnostics.map(\.message)
                == ["`blocks` takes 2 or 3 arguments, but 4 are given"])
        #expect(model(base + "let x = blocks([a], meeting, budget) and banzhaf(a, meeting, statutes) > 0").diagnostics.isEmpty)
    }

    @Test("a coalition is a set of members: a member alone or a set of values is located, a body stands for its members")
    func coalitionsAreSetsOfMembers() {
        let base = """
            value v "v"
            member a { weight 2 holds v } member b { weight 1 holds v }
            body meeting { members all by simple majority decides statutes }

            """
        let member = model(base + "let x = blocks(a, meeting)")
        #expect(member.diagnostics.map(\.message) == ["argument 1 of `blocks` is a member, but a set of members is expected (put it in a list: `[a]`)"])
        #expect(model(base + "let x = winning([v], meeting)").diagnostics.map(\.message)
                == ["argument 1 of `winning` is a set of values, but a set of members is expected"])
        #expect(model(base + "let x = winning(meeting, meeting) and count(meeting except [a]) == 1").diagnostics.isEmpty)
        #expect(model(base + "let x = meeting union [v]").diagnostics.map(\.message)
                == ["`union` combines a set of members with a set of values, which share no element"])
        #expect(model(base + "let x = count(1)").diagnostics.map(\.message) == ["argument 1 of `count` is a number, but a set is expected"])
    }

    @Test("declarations become typed entities, whatever order they come in")
    func buildsTheModel() throws {
        let program = model("""
            body assembly { members all by weighted majority 2/3 quorum 50% decides admission veto big on admission }
            member big { kind company motivation business weight 5 holds growth joined forming }
            member small { kind ngo motivation values_driven holds care }
            value growth "Grow"
            value care "Care"
            alliance a "A" { mission "M" stage building balance social >= 60% }
            goal g social serves care { target "T" weight 2 }
            """)
        #expect(program.diagnostics.isEmpty)
        let model = program.model
        #expect(model.alliance?.stage == .building)
        #expect(model.alliance?.socialBalance == Rational(3, 5))
        let big = try #require(model.member(named: "big"))
        #expect(big.kind == .company && big.motivation == .business && big.weight == 5 && big.joined == .forming)
        #expect(model.member(named: "small")?.weight == 1, "the weight is 1 when not given")
        let assembly = try #require(model.body(named: "assembly"))
        #expect(assembly.defaultRule == .majority(.weight, .atLeast(Rational(2, 3)!)))
        #expect(assembly.quorum == Rational(1, 2))
        #expect(assembly.vetoes.map(\.member) == ["big"])
        #expect(model.resolve(assembly.members)?.map(\.name) == ["big", "small"])
        #expect(model.goals.first?.weight == 2)
    }

    @Test("blocs of blocs expand to their members; a bloc that contains itself is an error")
    func blocs() {
        let clean = model("""
            member a { kind ngo } member b { kind ngo } member c { kind ngo }
            bloc ab = a, b
            bloc abc = ab, c
            body board { members abc by consensus }
            """)
        #expect(clean.diagnostics.isEmpty)
        #expect(clean.model.resolve(clean.model.body(named: "board")!.members)?.map(\.name) == ["a", "b", "c"])
        let cyclic = model("member a { kind ngo }\nbloc x = y, a\nbloc y = x")
        #expect(cyclic.diagnostics.map(\.message) == ["bloc `x` contains itself: `x` → `y` → `x`"], "one cycle, once")
    }

    @Test("a name in a comparison with an enumerated field is that field's word, even beside a bloc of that name")
    func enumeratedWords() {
        let program = model("""
            member a { kind ngo motivation business }
            bloc business = members where motivation == business
            check "c" { count(business) == count(members where motivation == business and kind in [ngo, company]) }
            """)
        #expect(program.diagnostics.isEmpty)
    }

    @Test("scenarios are checked against a scratch copy, and leave the model alone")
    func scenariosLeaveTheModelAlone() {
        let program = model("""
            member a { kind ngo } member b { kind ngo }
            scenario "s" { remove a add member c { kind ngo } amend b { weight 4 } expect count(members) == 2 }
            """)
        #expect(program.diagnostics.isEmpty)
        #expect(program.model.members.map(\.name) == ["a", "b"])
        #expect(program.model.member(named: "b")?.weight == 1)
        #expect(program.model.symbols["c"] == nil)
    }

    @Test("a suggestion is offered only when a declared name is close")
    func suggestions() {
        #expect(Spelling.suggestion(for: "transparncy", among: ["transparency", "trust"]) == "transparency")
        #expect(Spelling.suggestion(for: "tasnparency", among: ["transparency"]) == "transparency")
        #expect(Spelling.suggestion(for: "xyz", among: ["transparency", "trust"]) == nil)
        #expect(Spelling.suggestion(for: "Trust", among: ["trust"]) == "trust")
    }

    @Test("exact numbers: rationals in lowest terms, checked arithmetic, exact comparison")
    func rationals() throws {
        let third = try #require(Rational(1, 3))
        let twoThirds = try #require(Rational(2, 3))
        #expect(third.adding(twoThirds) == .one)
        #expect(Rational(decimal: "66.67")! > twoThirds)
        #expect(Rational(decimal: "12345678901234567890")?.description == "12345678901234567890", "past 64 bits, exactly")
        #expect(Rational(Int64.max).adding(.one).description == "9223372036854775808")
        #expect(Rational(Int64.min).multiplied(by: Rational(-1)).description == "9223372036854775808")
        #expect(Rational(1, 0) == nil)
        #expect(Rational(Int64.max - 1, Int64.max)! < .one)
        #expect(Rational(4, -6) == Rational(-2, 3))
    }
}
