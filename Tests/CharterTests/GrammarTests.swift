// Keeps grammar/charter.ebnf and the parser in lock-step: every production in
// the grammar is one the parser knows, every production the parser knows is
// in the grammar, and the examples and fixtures exercise all of them.

import Charter
import Foundation
import Testing

@Suite struct GrammarTests {
    /// The names the grammar file defines (`name = … ;`).
    static func grammarProductions() throws -> Set<String> {
        let text = try Repository.read("grammar/charter.ebnf")
        // Comments are (* … *); productions start a line with `name =`.
        let withoutComments = text.replacing(/\(\*[\s\S]*?\*\)/, with: "")
        return Set(withoutComments.split(separator: "\n").compactMap { line in
            line.firstMatch(of: /^([a-z_]+)\s*=/).map { String($0.output.1) }
        })
    }

    @Test("the grammar file and the parser name the same productions")
    func sameProductions() throws {
        let grammar = try Self.grammarProductions()
        let parser = Set(Production.allCases.map(\.rawValue))
        #expect(grammar.subtracting(parser).isEmpty, "in the grammar but not the parser: \(grammar.subtracting(parser).sorted())")
        #expect(parser.subtracting(grammar).isEmpty, "in the parser but not the grammar: \(parser.subtracting(grammar).sorted())")
        #expect(grammar.count > 50)
    }

    @Test("the examples and fixtures exercise every production of the grammar")
    func everyProductionExercised() throws {
        var exercised: Set<Production> = []
        let files = GoldenTests.examples + GoldenTests.fixtures
        for path in files {
            let file = SourceFile(id: FileID(0), path: path, bytes: Array(try Repository.read(path).utf8))
            exercised.formUnion(Parser.parse(file, trace: true).exercised)
        }
        // The REPL's entries: the lines of the golden sessions that are Charter.
        for path in SessionScriptTests.sessions {
            for line in try Repository.read(path).split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix(":") {
                let file = SourceFile(id: FileID(0), path: path, text: String(line))
                exercised.formUnion(Parser.parseInput(file, trace: true).exercised)
            }
        }
        let missing = Set(Production.allCases).subtracting(exercised).map(\.rawValue).sorted()
        #expect(missing.isEmpty, "productions no example or fixture uses: \(missing)")
    }

    @Test("the examples alone use every declaration and item a reader should learn")
    func examplesTeachTheLanguage() throws {
        var exercised: Set<Production> = []
        for path in GoldenTests.examples {
            let file = SourceFile(id: FileID(0), path: path, bytes: Array(try Repository.read(path).utf8))
            exercised.formUnion(Parser.parse(file, trace: true).exercised)
        }
        let taught: [Production] = [
            .allianceDecl, .missionItem, .stageItem, .balanceItem, .valueDecl, .principleDecl, .tensionDecl,
            .memberDecl, .kindItem, .motivationItem, .weightItem, .holdsItem, .joinedItem, .contributionItem,
            .blocDecl, .goalDecl, .targetItem, .bodyDecl, .bodyMembersItem, .decidesItem,
            .decisionItem, .majorityRule, .quorumItem, .vetoItem, .ruleDecl, .channelDecl, .checkDecl,
            .scenarioDecl, .addStep, .removeStep, .amendStep, .expectStep, .letDecl, .quantified, .filter,
        ]
        let missing = taught.filter { !exercised.contains($0) }.map(\.rawValue)
        #expect(missing.isEmpty, "constructs no example shows: \(missing)")
    }

    @Test("the README's Charter snippets are valid syntax")
    func readmeSnippetsParse() throws {
        let readme = try Repository.read("README.md")
        let blocks = readme.matches(of: /```charter\n([\s\S]*?)```/).map { String($0.output.1) }
        #expect(blocks.count >= 5)
        for block in blocks {
            let file = SourceFile(id: FileID(0), path: "README.md", bytes: Array(block.utf8))
            let diagnostics = Parser.parse(file).diagnostics
            #expect(diagnostics.isEmpty, "README snippet does not parse: \(diagnostics.map(\.message))\n\(block)")
        }
    }
}
