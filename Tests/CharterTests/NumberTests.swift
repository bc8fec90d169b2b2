// Exact numbers of any size: the inline 64-bit form and the big one give the
// same values, compare and hash alike, and cost evaluation steps by size.
// The golden fixture `run/big-numbers.charter` shows them as a run prints them.

import Charter
import CharterNumbers
@testable import CharterEvaluation
import Foundation
import Testing

@Suite struct NumberTests {
    private let twoTo70 = Rational(decimal: "1180591620717411303424")!

    @Test("a literal of 30 digits is read exactly, and one of 18 stays inline")
    func longLiterals() throws {
        let thirty = try #require(Rational(decimal: "123456789012345678901234567890"))
        #expect(thirty.description == "123456789012345678901234567890")
        #expect(thirty.small == nil)
        #expect(Rational(decimal: "999999999999999999")?.small?.numerator == 999_999_999_999_999_999)
        #expect(Rational(decimal: "0.123456789012345678901")?.description == "123456789012345678901/1000000000000000000000")
        #expect(Rational(decimal: "1.2.3") == nil)
    }

    @Test("arithmetic crosses 64 bits and comes back down to the inline form: (2^70 + 1) - 2^70 == 1")
    func crossingBack() {
        let difference = twoTo70.adding(.one).subtracting(twoTo70)
        #expect(difference == .one)
        #expect(difference.small?.numerator == 1)
        let product = Rational(Int64.max).multiplied(by: Rational(Int64.max))
        #expect(product.description == "85070591730234615847396907784232501249")
        #expect(product.divided(by: Rational(Int64.max)) == Rational(Int64.max))
        #expect(Rational(Int64.max).adding(.one).description == "9223372036854775808")
        #expect(Rational(Int64.min).subtracting(.one).description == "-9223372036854775809")
        #expect(Rational(Int64.min).negated.description == "9223372036854775808")
        #expect(Rational(Int64.min, -1)?.description == "9223372036854775808")
        #expect(Rational(Int64.min, Int64.min) == .one)
    }

    @Test("division makes huge denominators, exactly")
    func hugeDenominators() throws {
        let tiny = try #require(Rational.one.divided(by: twoTo70))
        #expect(tiny.description == "1/1180591620717411303424")
        #expect(tiny.multiplied(by: twoTo70) == .one)
        #expect(abs(tiny.doubleValue - 0x1p-70) < 0x1p-122)
        let third = Rational(1, 3)!
        var sum = Rational.zero
        for _ in 0..<3 { sum = sum.adding(third.divided(by: twoTo70)!) }
        #expect(sum == tiny)
        #expect(Rational.one.divided(by: .zero) == nil)
        #expect(EvaluatedValue.format(tiny) == "1/1180591620717411303424 (≈8.47e-22)")
    }

    @Test("comparisons agree across the inline and big forms")
    func comparisons() {
        let values = [twoTo70.negated, Rational(Int64.min), Rational(-1), Rational.one.divided(by: twoTo70)!.negated, .zero,
                      Rational.one.divided(by: twoTo70)!, Rational(1, 3)!, .one, Rational(Int64.max),
                      Rational(Int64.max).adding(.one), twoTo70, twoTo70.adding(Rational(1, 2)!)]
        for (i, x) in values.enumerated() {
            for (j, y) in values.enumerated() {
                #expect((x < y) == (i < j), "\(x) < \(y)")
                #expect((x == y) == (i == j), "\(x) == \(y)")
                #expect((x.doubleValue <= y.doubleValue) == (i <= j) || x.doubleValue == y.doubleValue, "\(x) and \(y) as Double")
            }
        }
    }

    @Test("the same value reached inline and through the big form is equal and hashes alike")
    func structuralEquality() {
        let three = twoTo70.multiplied(by: Rational(3)).divided(by: twoTo70)!
        #expect(three == Rational(3))
        #expect(three.small?.numerator == 3)
        #expect(Set([three, Rational(3)]).count == 1)
        let big = twoTo70.adding(.one)
        let again = Rational(decimal: "1180591620717411303425")!
        #expect(big == again)
        #expect(Set([big, again, twoTo70]).count == 2)
        #expect(EvaluatedValue.number(big) == .number(again))
    }

    @Test("numbers print as before while small, and in full when big")
    func display() {
        #expect(EvaluatedValue.format(Rational(2, 3)!) == "2/3 (≈0.6667)")
        #expect(EvaluatedValue.format(Rational(3, 8)!) == "0.375")
        #expect(EvaluatedValue.format(twoTo70) == "1180591620717411303424")
        #expect(EvaluatedValue.format(twoTo70.divided(by: Rational(1_000))!) == "1180591620717411303.424")
        #expect(EvaluatedValue.format(twoTo70.divided(by: Rational(3))!) == "1180591620717411303424/3 (≈3.935e+20)")
        let huge = Rational(decimal: Substring("1" + String(repeating: "0", count: 400)))!
        #expect(EvaluatedValue.format(huge.divided(by: Rational(3))!).hasSuffix("/3 (≈3.333e+399)"))
        #expect(EvaluatedValue.format(Rational.one.divided(by: huge.multiplied(by: Rational(7)))!).hasSuffix(" (≈1.429e-401)"))
    }

    @Test("JSON keeps a number past Double's range exact, with a null decimal, and stays valid")
    func hugeJSON() throws {
        let text = "let x = 1" + String(repeating: "0", count: 400) + "\nshow x\nshow x / 3\nshow 2/3\n"
        let program = Program.load(text: text, path: "j.charter")
        let report = try #require(program.run())
        let document = try RunJSON.document([RunJSON.part(path: "j.charter", program: program, report: report)])
        let parsed = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any]
        let results = ((parsed?["files"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let values = results.compactMap { $0["value"] as? [String: Any] }
        #expect(values.count == 3)
        #expect(values.first?["exact"] as? String == "1" + String(repeating: "0", count: 400))
        #expect(values.first?["decimal"] is NSNull)
        #expect((values.dropFirst().first?["exact"] as? String)?.hasSuffix("/3") == true)
        #expect(values.last?["exact"] as? String == "2/3")
        #expect(values.last?["decimal"] as? Double == 2.0 / 3.0)
    }

    @Test("a literal of up to 1,000 digits is read; one more digit is a located error", arguments: ["", "%", ".5"])
    func digitLimit(_ suffix: String) {
        let longest = String(repeating: "7", count: Rational.maximumDigits - (suffix == ".5" ? 1 : 0))
        let ok = Program.load(text: "let x = \(longest)\(suffix)\nshow x\n", path: "n.charter")
        #expect(ok.diagnostics.isEmpty, "\(ok.diagnostics.map(\.message))")
        let over = Program.load(text: "let x = 7\(longest)\(suffix)\nshow x\n", path: "n.charter")
        #expect(over.diagnostics.map(\.code) == [ParserDiagnostic.numberTooLarge])
        #expect(over.diagnostics.first?.span.start == 8)
        #expect(over.diagnostics.first?.message.count ?? 0 < 200, "the message quotes the start of the number, not all of it")
    }

    @Test("a weight or a quota past 64 bits is still refused where it is written")
    func wholeNumbersStayWithin64Bits() {
        let weight = Program.load(text: "member m { weight 9223372036854775808 }\n", path: "w.charter")
        #expect(weight.diagnostics.map(\.code) == [ParserDiagnostic.numberTooLarge])
        let fits = Program.load(text: "member m { weight 9223372036854775807 }\n", path: "w.charter")
        #expect(fits.diagnostics.isEmpty)
    }

    /// `levels` lets, each the square of the one before, starting at 10^10.
    private static func squares(_ levels: Int) -> String {
        "let a1 = 10000000000\n" + (2...levels).map { "let a\($0) = a\($0 - 1) * a\($0 - 1)\n" }.joined() + "show a\(levels)\n"
    }

    /// The line of the square that ran out of steps.
    private func stoppingLevel(stepLimit: Int) throws -> Int {
        var limits = Limits()
        limits.evaluationSteps = stepLimit
        let text = Self.squares(40)
        let program = Program.load(paths: ["s.charter"], reader: MemoryReader(files: ["s.charter": Array(text.utf8)]), limits: limits)
        let report = try #require(program.run(limits: limits))
        #expect(report.diagnostics.first?.code == EvaluationDiagnostic.stepLimit)
        let offset = try #require(report.diagnostics.first).span.start
        return text.utf8.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count + 1
    }

    // A number of w words costs about w² steps to square, so four times the
    // steps buys at most one more level (the number only doubles in size):
    // the steps charged keep pace with the work, and no limit lets a
    // program build numbers faster than it pays for them.
    @Test("squaring a number 40 times stops at the step limit, one level further for four times the steps")
    func repeatedSquaring() throws {
        let atDefault = try stoppingLevel(stepLimit: Limits().evaluationSteps)
        #expect(atDefault < 25, "10^(10·2^\(atDefault - 2)) is as far as the default limit goes")
        let quarter = try stoppingLevel(stepLimit: 1_000_000)
        let full = try stoppingLevel(stepLimit: 4_000_000)
        let sixteen = try stoppingLevel(stepLimit: 16_000_000)
        #expect(full - quarter <= 1 && sixteen - full <= 1, "levels \(quarter), \(full), \(sixteen)")
    }

    // Comparing two numbers past 64 bits costs what adding them does: a
    // quantifier comparing a 1,000-digit number with itself, element after
    // element, runs out of steps where the same with a small number does not.
    @Test("comparing numbers past 64 bits costs steps by their size, in ==, <, in and min")
    func comparisonsAreCharged() throws {
        let digits = String(repeating: "7", count: 1_000)
        let big = Rational(decimal: Substring(digits))!
        let members = (1...50).map { "member m\($0) { weight 1 }\n" }.joined()
        var limits = Limits()
        // Below 50 comparisons of the big number, above everything else the programs do.
        limits.evaluationSteps = 25 * Rational.cost(of: big, big)
        for comparison in ["b == b", "b <= b", "b in [b]", "(min x in [b, b]: x) == b"] {
            func run(_ number: String) throws -> [DiagnosticCode] {
                let text = members + "let b = \(number)\nshow count m in members: \(comparison)\n"
                let program = Program.load(paths: ["c.charter"], reader: MemoryReader(files: ["c.charter": Array(text.utf8)]),
                                           limits: limits)
                #expect(!program.hasFindings(atOrAbove: .error), "\(program.diagnostics)")
                return try #require(program.run(limits: limits)).diagnostics.map(\.code)
            }
            #expect(try run(digits) == [EvaluationDiagnostic.stepLimit], "\(comparison)")
            #expect(try run("7").isEmpty, "\(comparison)")
        }
    }

    @Test("what an operation costs: nothing extra inline, the square of the words when big")
    func costs() {
        #expect(Rational.cost(of: Rational(Int64.max), Rational(Int64.max)) == 0)
        let big = Rational(decimal: Substring(String(repeating: "9", count: 1_000)))!
        let cost = Rational.cost(of: big, big)
        #expect(cost > 10_000 && cost < 100_000, "\(cost)")
        #expect(Rational.cost(of: big.multiplied(by: big), big.multiplied(by: big)) >= 3 * cost)
    }

    @Test("a run's JSON gives no decimal for a number outside Double's range, tiny or huge, and its exact text")
    func jsonDecimals() throws {
        let text = "let tiny = 1 / (10000000000 * 10000000000)\nshow tiny * tiny * tiny * tiny * tiny * tiny * tiny * tiny * tiny * tiny * tiny * tiny * tiny * tiny * tiny * tiny * tiny\nshow 1 / 4\n"
        let program = Program.load(text: text, path: "tiny.charter")
        let json = try RunJSON.document([RunJSON.part(path: "tiny.charter", program: program, report: program.run())])
        #expect(json.contains("\"decimal\" : null"), "\(json.prefix(600))")
        #expect(json.contains("\"exact\" : \"1/1\(String(repeating: "0", count: 340))\""))
        #expect(json.contains("\"decimal\" : 0.25"))
    }
}
