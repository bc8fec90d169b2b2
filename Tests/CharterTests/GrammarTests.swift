// Keeps grammar/charter.ebnf and the parser in lock-step: every production in
// the grammar is one the parser knows and quotes, word for word, above the
// function that parses it; every production the parser knows or quotes is in
// the grammar; and the examples and fixtures exercise all of them.

import Charter
import Foundation
import Testing

@Suite struct GrammarTests {
    /// The names the grammar file defines (`name = … ;`).
    static func grammarProductions() throws -> Set<String> {
        Set(productions(in: try Repository.read("grammar/charter.ebnf")).map(\.name))
    }

    /// The productions of a text: `name = … ;` starting a line, outside `(* … *)` comments,
    /// each with its text, whitespace collapsed to single spaces.
    static func productions(in text: String) -> [(name: String, text: String)] {
        let withoutComments = text.replacing(/\(\*[\s\S]*?\*\)/, with: "")
        return withoutComments.matches(of: /(?m)^([a-z_]+)\s*=([^;]*);/).map { match in
            (String(match.output.1), Self.collapsed(String(match.output.2)))
        }
    }

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The productions Parser.swift quotes: each `/* name = … ; */` above a function.
    static func quotedProductions() throws -> [(name: String, text: String)] {
        let text = try Repository.read("Sources/CharterSyntax/Parser.swift")
        return text.matches(of: /\/\*\s*([a-z_]+)\s*=([^;]*);\s*\*\//).map { match in
            (String(match.output.1), Self.collapsed(String(match.output.2)))
        }
    }

    @Test("the parser quotes every production once, as the grammar writes it, above a parse function")
    func quotesMatchGrammar() throws {
        let grammar = Self.productions(in: try Repository.read("grammar/charter.ebnf"))
        let quoted = try Self.quotedProductions()
        let grammarText = Dictionary(grammar.map { ($0.name, $0.text) }, uniquingKeysWith: { first, _ in first })
        #expect(grammar.count == grammarText.count, "a production is defined twice in the grammar")
        let quotedText = Dictionary(grouping: quoted, by: \.name)
        for (name, text) in grammar {
            let quotes = quotedText[name] ?? []
            #expect(quotes.count == 1, "`\(name)` is quoted \(quotes.count) times in Parser.swift")
            for quote in quotes {
                #expect(quote.text == text, "Parser.swift quotes `\(name)` as\n  \(quote.text)\nbut the grammar says\n  \(text)")
            }
        }
        for (name, _) in quoted where grammarText[name] == nil {
            Issue.record("Parser.swift quotes `\(name)`, which the grammar does not define")
        }
        // Each quote stands above a function (other quotes and doc comments may come between).
        let lines = try Repository.read("Sources/CharterSyntax/Parser.swift").split(separator: "\n", omittingEmptySubsequences: false)
        var inQuote = false
        var pending: [String] = []
        for line in lines.map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if inQuote || line.hasPrefix("/*") {
                if let name = line.firstMatch(of: /^\/\*\s*([a-z_]+)\s*=/)?.output.1 { pending.append(String(name)) }
                inQuote = !line.hasSuffix("*/")
                continue
            }
            if line.hasPrefix("///") || line.hasPrefix("//") || pending.isEmpty { continue }
            #expect(line.contains("func parse"), "the quotes of \(pending) stand above `\(line)`, not a parse function")
            pending = []
        }
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
