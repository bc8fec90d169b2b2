// The REPL resolves its model again after every entry, keeping the members
// it built before (`BuildMemory`). What it resolves must be what a resolution
// without memory gives — model, diagnostics, work, uses of names — whatever
// changed: a declaration edited where it stands, values added or removed,
// names an edit removed, members with problems. And the memory must be used,
// or an entry in a large alliance builds every member again unseen.

import Charter
@testable import CharterModel
@testable import CharterSession
import Foundation
import Testing

@Suite struct BuildMemoryTests {
    typealias Compare = ResolverStreamTests

    /// Resolves `files` with `memory` and without, and expects one result.
    @discardableResult
    static func expectSame(_ files: [SourceFileSyntax], memory: BuildMemory, edited: Set<FileID> = [],
                           removed: [String: [Removal]] = [:], _ comment: Testing.Comment) -> Resolution {
        let kept = Resolver.resolve(files, edited: edited, removed: removed, memory: memory)
        let fresh = Resolver.resolve(files, edited: edited, removed: removed)
        #expect(Compare.described(kept.model) == Compare.described(fresh.model), comment)
        #expect(Compare.described(kept.diagnostics) == Compare.described(fresh.diagnostics), comment)
        #expect(kept.work == fresh.work, comment)
        #expect(kept.uses == fresh.uses, comment)
        #expect(kept.removedUses == fresh.removedUses, comment)
        #expect(kept.model.symbols == fresh.model.symbols, comment)
        return kept
    }

    static func parsed(_ texts: [String], into sources: inout SourceMap) -> [SourceFileSyntax] {
        texts.enumerated().map { index, text in Parser.parse(sources.add(path: "f\(index).charter", text: text)).syntax }
    }

    @Test("kept builds give what building gives, and are taken while nothing they read changed")
    func generated() {
        var sources = SourceMap()
        let text = AllianceGenerator(members: 120, values: 8, rules: 6, bodies: 3, seed: 7).text()
        var files = Self.parsed([text], into: &sources)
        let memory = BuildMemory()
        Self.expectSame(files, memory: memory, "first")
        #expect(memory.count == (120, 0))
        Self.expectSame(files, memory: memory, "again")
        #expect(memory.count == (120, 120), "every member taken from the memory")

        // A member's holds changed where it stands, as a `remove` does in
        // the REPL: its span is the same, its build is not.
        let position = files[0].declarations.firstIndex { declaration in
            guard case .member(let d) = declaration else { return false }
            return d.items.contains { if case .holds(let values) = $0.kind { values.count > 1 } else { false } }
        }!
        guard case .member(var d) = files[0].declarations[position] else { return }
        let item = d.items.firstIndex { if case .holds = $0.kind { true } else { false } }!
        guard case .holds(let values) = d.items[item].kind else { return }
        d.items[item].kind = .holds(Array(values.dropLast()))
        files[0].declarations[position] = .member(d)
        let edited = Self.expectSame(files, memory: memory, "holds edited in place")
        #expect(edited.model.members.first { $0.name == d.name.text }?.holds == values.dropLast().map(\.text))
        #expect(memory.count.reused == 119)

        // Another value: builds made against the old values are forgotten.
        files += Self.parsed(["value newcomer \"N\""], into: &sources)
        Self.expectSame(files, memory: memory, "a value added")
        #expect(memory.count.reused == 0)
        Self.expectSame(files, memory: memory, "again, with the value")
        #expect(memory.count.reused == 120)
    }

    @Test("an edited file's names that an edit removed are resolved as without memory")
    func removedNames() {
        var sources = SourceMap()
        let before = Self.parsed(["value v \"V\"\nvalue w \"W\"\nmember a { kind ngo holds v, w }\nmember b { kind ngo holds w }\n"],
                                 into: &sources)
        let memory = BuildMemory()
        Self.expectSame(before, memory: memory, "before")
        // `v` removed by an edit that left `a`'s list as it was written.
        var after = before
        after[0].declarations.removeFirst()
        let file = after[0].file
        let removed = ["v": [Removal(kind: .value, before: FileID(file.rawValue + 1))]]
        let resolution = Self.expectSame(after, memory: memory, edited: [file], removed: removed, "v removed")
        #expect(!resolution.removedUses.isEmpty)
        Self.expectSame(after, memory: memory, edited: [file], removed: removed, "v removed, again")
    }

    @Test("a scenario's members, built against the scenario's own names, are built every time")
    func scenarios() {
        var sources = SourceMap()
        let syntax = Self.parsed(["""
            value v "V"
            member a { kind ngo holds v }
            scenario "a newcomer with a value of its own" {
              add value sv "S"
              add member nm { kind ngo holds sv, v }
              expect count(members) == 2
            }
            """], into: &sources)
        let memory = BuildMemory()
        for round in 1...3 { Self.expectSame(syntax, memory: memory, "round \(round)") }
        #expect(memory.count.kept == 1, "only `a`, declared in the program")
    }

    @Test("members with problems are built, and reported, every time")
    func problems() {
        for (name, files) in ResolverStreamTests.awkward {
            var sources = SourceMap()
            let syntax = files.keys.sorted().map { Parser.parse(sources.add(path: $0, text: files[$0]!)).syntax }
            let memory = BuildMemory()
            for round in 1...3 { Self.expectSame(syntax, memory: memory, "\(name), round \(round)") }
        }
        var sources = SourceMap()
        let syntax = Self.parsed(["value v \"V\"\nmember a { kind ngoo holds v }\nmember b { holds v, v }\nmember c { holds v }\n"],
                                 into: &sources)
        let memory = BuildMemory()
        Self.expectSame(syntax, memory: memory, "first")
        Self.expectSame(syntax, memory: memory, "second")
        #expect(memory.count == (1, 1), "only `c` is kept")
    }

    @Test("a REPL session with kept builds answers every entry as one without")
    func sessions() {
        let text = AllianceGenerator(members: 60, values: 6, rules: 4, bodies: 3, seed: 3).text()
        var random = SeededGenerator(seed: 11)
        func pick(_ range: ClosedRange<Int>) -> Int { Int(random.next() % UInt64(range.count)) + range.lowerBound }
        for script in 0..<6 {
            let kept = Session(files: MemoryFiles(["a.charter": text]))
            let fresh = Session(files: MemoryFiles(["a.charter": text]))
            fresh.buildMemory = nil
            #expect(kept.load(["a.charter"]).output == fresh.load(["a.charter"]).output)
            for step in 0..<25 {
                let entry = switch pick(0...11) {
                case 0, 1: "amend member_\(pick(1...60)) { weight \(pick(0...40)) }"
                case 2: "amend member_\(pick(1...60)) { holds value_\(pick(1...6)), value_\(pick(1...6)) }"
                case 3: "amend member_\(pick(1...60)) { kind ngoo }"
                case 4: "remove value_\(pick(1...6))"
                case 5: "remove member_\(pick(1...60))"
                case 6: "value value_\(pick(1...8)) \"again\""
                case 7: "member member_\(pick(50...70)) { kind ngo motivation business holds value_\(pick(1...6)) joined forming }"
                case 8: ":undo"
                case 9: [":what-if", ":keep", ":drop"][pick(0...2)]
                case 10: "member odd { holds value_\(pick(1...9)) }"
                default: ":check"
                }
                let (a, b) = (kept.handle(entry), fresh.handle(entry))
                let comment: Testing.Comment = "script \(script), step \(step): \(entry)"
                #expect(a.output == b.output, comment)
                #expect(a.errors == b.errors, comment)
                #expect(a.failed == b.failed, comment)
                #expect(Compare.described(kept.program.model) == Compare.described(fresh.program.model), comment)
                #expect(Compare.described(kept.program.diagnostics) == Compare.described(fresh.program.diagnostics), comment)
            }
        }
    }
}
