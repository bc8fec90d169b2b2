// Every input a fuzzer found (copied from .build-fuzz/crashes/TARGET/ to
// Fixtures/fuzz/TARGET/), and the hand-made adversarial inputs beside them,
// replayed through the target they are for, with the promise that target
// checks: the regression tests of scripts/fuzz.sh. The examples go through
// every target too, so that each target's checks are themselves tested.

import Foundation
import Charter
@testable import FuzzTargets
import Testing

@Suite struct FuzzRegressionTests {
    // A hang guard: some of these inputs once hung a stage.
    @Test("the inputs a fuzz target has found keep its promise", .timeLimit(.minutes(10)), arguments: FuzzTarget.allCases)
    func replay(_ target: FuzzTarget) throws {
        let folder = Repository.url("Tests/CharterTests/Fixtures/fuzz/\(target.rawValue)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!names.isEmpty, "each target has an input to replay")
        for name in names {
            let input = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            #expect(target.run(input) == nil, "\(target.rawValue)/\(name)")
        }
    }

    @Test("the examples keep every target's promise", arguments: FuzzTarget.allCases)
    func examples(_ target: FuzzTarget) throws {
        for path in GoldenTests.examples {
            #expect(target.run(Array(try Repository.read(path).utf8)) == nil, "\(target.rawValue): \(path)")
        }
    }

    @Test("the lexer target sees tokens that overlap, leave the file or do not end it")
    func brokenTiling() {
        var sources = SourceMap()
        let file = sources.add(path: "t.charter", text: "member a")
        func token(_ kind: TokenKind, _ start: Int, _ end: Int) -> Token {
            Token(kind: kind, span: Span(file: file.id, start: start, end: end))
        }
        let whole = [token(.kwMember, 0, 6), token(.identifier, 7, 8), token(.endOfFile, 8, 8)]
        #expect(FuzzTarget.tiling(whole, in: file) == nil)
        #expect(FuzzTarget.tiling([token(.kwMember, 0, 6), token(.identifier, 5, 8), token(.endOfFile, 8, 8)], in: file)?
            .contains("overlaps") == true)
        #expect(FuzzTarget.tiling([token(.identifier, 7, 9), token(.endOfFile, 9, 9)], in: file)?.contains("leaves the file") == true)
        #expect(FuzzTarget.tiling(Array(whole.dropLast()), in: file) == "the tokens do not end with the end of the file")
    }
}
