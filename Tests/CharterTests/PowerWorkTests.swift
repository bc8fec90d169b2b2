// The work limit of power computations bounds the work they do: the work
// estimated before the tables are built, in which a cell of 128-bit counts,
// a table by size and a table per quadrature point all count for what they
// cost, stays above the work counted cell by cell as the tables grow, and
// within a small factor of it, whatever the kind of table; and what the
// tables would hold at once is bounded too. No test here times anything.

import struct Charter.SeededGenerator
@testable import CharterEvaluation
@testable import CharterPower
import Foundation
import Testing

@Suite struct PowerWorkTests {
    /// `count` weights from `range`, from a seed.
    private static func weights(_ count: Int, _ range: ClosedRange<Int64>, seed: UInt64) -> [Int64] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in range.lowerBound + Int64(generator.next() % UInt64(range.count)) }
    }

    /// A game of every kind of table: exact tables by size, 32-, 64- and
    /// 128-bit counts, probabilities at one half and at quadrature points
    /// (on two threads where the work is large), bits for properness and for
    /// dummies, declared vetoes, weightless members and a symmetric body.
    static let shapes: [String: (game: WeightedGame, workLimit: Double)] = {
        let forty = weights(40, 1...100, seed: 40)
        let hundred = weights(100, 1...20, seed: 100)
        let many = weights(130, 1...10, seed: 130)
        let bySize = weights(20, 100...200, seed: 20)
        let wide = weights(30, 2_000...4_000, seed: 30)
        let improper = weights(30, 1...50, seed: 31)
        return [
            "EEC 1958, exact tables by size": (WeightedGame(weights: [4, 4, 4, 2, 2, 1], quota: 12), PowerAnalysis.defaultWorkLimit),
            "20 members, exact tables by size": (WeightedGame(weights: bySize, quota: bySize.reduce(0, +) * 2 / 3),
                                                 PowerAnalysis.defaultWorkLimit),
            "30 members, 32-bit counts, a table by size too large": (WeightedGame(weights: wide, quota: wide.reduce(0, +) / 2 + 1),
                                                                     1e8),
            "40 members, 64-bit counts and quadrature on two threads": (WeightedGame(weights: forty, quota: forty.reduce(0, +) * 2 / 3),
                                                                        PowerAnalysis.defaultWorkLimit),
            "100 members with a veto, 128-bit counts": (WeightedGame(weights: hundred, quota: hundred.reduce(0, +) * 2 / 3, vetoes: [0]),
                                                        PowerAnalysis.defaultWorkLimit),
            "130 members, probabilities at one half": (WeightedGame(weights: many, quota: many.reduce(0, +) * 3 / 5),
                                                      PowerAnalysis.defaultWorkLimit),
            "30 members, an improper quota": (WeightedGame(weights: improper, quota: improper.reduce(0, +) * 2 / 5),
                                              PowerAnalysis.defaultWorkLimit),
            "10 members and 5,000 weightless": (WeightedGame(weights: [9, 7, 5, 4, 3, 3, 2, 1, 1, 1] + Array(repeating: 0, count: 5_000),
                                                             quota: 23), PowerAnalysis.defaultWorkLimit),
            "10,000 members, one vote each": (WeightedGame(weights: Array(repeating: 1, count: 10_000), quota: 5_001),
                                              PowerAnalysis.defaultWorkLimit),
        ]
    }()

    @Test("the work estimated before the tables are built bounds the work counted as they grow, within a small factor",
          arguments: shapes.keys.sorted())
    func estimateBoundsWork(_ shape: String) throws {
        let (game, limit) = try #require(Self.shapes[shape])
        let analysis = PowerAnalysis(game, workLimit: limit, allowExact: true)
        #expect(analysis.banzhaf.isSuccess, "\(analysis.banzhaf)")
        #expect(analysis.work > 0)
        #expect(analysis.estimatedWork >= analysis.work, "estimated \(analysis.estimatedWork), counted \(analysis.work)")
        #expect(analysis.estimatedWork <= 3 * analysis.work, "estimated \(analysis.estimatedWork), counted \(analysis.work)")
    }

    @Test("dummies decided from reachable weights, when Banzhaf is refused, are estimated and counted too")
    func dummiesWork() {
        let weights = Self.weights(200, 1...100, seed: 200)
        let game = WeightedGame(weights: weights, quota: weights.reduce(0, +) * 2 / 3)
        let calculator = PowerCalculator(game, workLimit: 0, allowExact: true, shouldStop: { false })
        #expect(calculator.dummiesWork < calculator.banzhafWork)
        let analysis = PowerAnalysis(game, workLimit: calculator.dummiesWork * 1.01)
        guard case .failure(.tooLarge) = analysis.banzhaf else {
            Issue.record("Banzhaf should be refused: \(analysis.banzhaf)")
            return
        }
        #expect(analysis.dummies != nil)
        #expect(analysis.work > 0 && analysis.estimatedWork >= analysis.work && analysis.estimatedWork <= 3 * analysis.work)
    }

    @Test("a cell is worth what it costs: wider counts, probabilities at other chances, tables past the cache")
    func worthOfCells() {
        let small = 1_000.0
        let large = 1e8
        #expect(PowerCost.worth(.counts(bits: 128), tableBytes: small) > PowerCost.worth(.counts(bits: 64), tableBytes: small))
        #expect(PowerCost.worth(.counts(bits: 64), tableBytes: small) > PowerCost.worth(.counts(bits: 32), tableBytes: small))
        #expect(PowerCost.worth(.probabilities, tableBytes: small) > PowerCost.worth(.halves, tableBytes: small))
        for cell in [PowerCell.counts(bits: 32), .counts(bits: 128), .halves, .bitWords] {
            #expect(PowerCost.worth(cell, tableBytes: large) > PowerCost.worth(cell, tableBytes: small))
        }
        // The same members, counted in 128 bits rather than 64, cost more.
        let weights = Self.weights(70, 1...100, seed: 70)
        let narrow = PowerCalculator(WeightedGame(weights: Array(weights.prefix(63)), quota: 2_000), workLimit: 0, allowExact: true,
                                     shouldStop: { false })
        let wide = PowerCalculator(WeightedGame(weights: Array(weights.prefix(64)), quota: 2_000), workLimit: 0, allowExact: true,
                                   shouldStop: { false })
        #expect(wide.banzhafWork > 1.4 * narrow.banzhafWork)
    }

    @Test("tables that would not fit in memory at once are refused with that reason, before any is built")
    func memoryLimit() throws {
        let weights = Self.weights(100, 200...400, seed: 9)
        let game = WeightedGame(weights: weights, quota: weights.reduce(0, +) / 2 + 1)
        // 15,000 cells of 128-bit counts, 240 KB a table, and ten at once.
        let analysis = PowerAnalysis(game, workLimit: 1e13, memoryLimit: 1e6, allowExact: true)
        guard case .failure(let reason) = analysis.banzhaf, case .memoryTooLarge(let bytes, let limit, let tables) = reason else {
            Issue.record("should be refused for memory: \(analysis.banzhaf)")
            return
        }
        #expect(bytes > limit && limit == 1e6)
        #expect(tables.kind == "128-bit counts" && tables.count == 10)
        #expect(reason.explanation.contains("its tables would hold 3 MiB at once (10 tables of"))
        #expect(reason.explanation.contains("cells of 128-bit counts), over the limit of 1 MiB"))
        guard case .failure(.memoryTooLarge) = analysis.shapley else {
            Issue.record("Shapley–Shubik should be refused for memory: \(analysis.shapley)")
            return
        }
        // Only the bits of the dummies' tables were built.
        #expect(analysis.work < PowerCalculator(game, workLimit: 0, allowExact: true, shouldStop: { false }).banzhafWork / 20)
        #expect(PowerUnavailable.isRefusedForSize(reason))
    }

    @Test("a computation refused for its work says which tables make it costly")
    func refusalSaysWhy() throws {
        let weights = (0..<120).map { Int64(10_000 + $0 * 83) }
        let analysis = PowerAnalysis(WeightedGame(weights: weights, quota: weights.reduce(0, +) / 2 + 1))
        guard case .failure(let reason) = analysis.banzhaf, case .tooLarge(let work, let limit, let tables) = reason else {
            Issue.record("should be refused for its work: \(analysis.banzhaf)")
            return
        }
        #expect(work > limit && limit == PowerAnalysis.defaultWorkLimit)
        #expect(tables?.kind == "128-bit counts")
        #expect(reason.explanation.contains("(its tables hold 128-bit counts, each cell worth"))
        #expect(analysis.work <= PowerAnalysis.defaultWorkLimit)
    }

    @Test("a body of 34 whose exact tables cost more than the limit, but no more than the two computations they replace, keeps exact fractions")
    func exactWhenNoDearer() {
        let weights: [Int64] = [464, 751, 696, 2958, 1386, 5487, 2525, 2061, 4964, 1739, 4971, 293, 4762, 5581, 1298, 3529, 5231,
                                3224, 5923, 4171, 3048, 4458, 3645, 4113, 2198, 295, 225, 2983, 3809, 2609, 3114, 3471, 4307, 1348]
        let game = WeightedGame(weights: weights, quota: 50819)
        let calculator = PowerCalculator(game, workLimit: PowerAnalysis.defaultWorkLimit, allowExact: true, shouldStop: { false })
        #expect(calculator.exactIndicesWork > PowerAnalysis.defaultWorkLimit, "the case this test is about")
        let analysis = PowerAnalysis(game, workLimit: PowerAnalysis.defaultWorkLimit, allowExact: true)
        guard case .success(let shapley) = analysis.shapley, case .success(let banzhaf) = analysis.banzhaf else {
            Issue.record("computed before the work was weighed: \(analysis.shapley)")
            return
        }
        #expect(shapley.precision == .exact && banzhaf.index.precision == .exact)
    }

    @Test("the work counted is the same whatever order two threads count it in")
    func workIsDeterministic() {
        let weights = Self.weights(60, 1...40, seed: 3)
        let game = WeightedGame(weights: weights, quota: weights.reduce(0, +) * 2 / 3)
        let first = PowerAnalysis(game, workLimit: PowerAnalysis.requestedWorkLimit, allowExact: true)
        for _ in 0..<4 {
            let again = PowerAnalysis(game, workLimit: PowerAnalysis.requestedWorkLimit, allowExact: true)
            #expect(again.work == first.work && again.estimatedWork == first.estimatedWork)
        }
    }
}
