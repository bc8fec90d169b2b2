// The power indices against published values, the edges where popular
// libraries break, and brute-force enumeration of every coalition.

import struct Charter.SeededGenerator
@testable import CharterEvaluation
@testable import CharterPower
import Foundation
import Testing

/// Banzhaf swings and Shapley–Shubik numerators (over n!) by enumerating every coalition.
private func bruteForce(_ game: WeightedGame) -> (swings: [UInt128], shapley: [UInt128]) {
    let n = game.playerCount
    var factorials: [UInt128] = [1]
    for i in 1...max(1, n) { factorials.append(factorials[i - 1] * UInt128(i)) }
    var swings = [UInt128](repeating: 0, count: n)
    var shapley = [UInt128](repeating: 0, count: n)
    for mask in 0..<(1 << n) {
        let coalition = Set((0..<n).filter { mask >> $0 & 1 == 1 })
        guard !game.isWinning(coalition) else { continue }
        for player in 0..<n where !coalition.contains(player) && game.isWinning(coalition.union([player])) {
            swings[player] += 1
            shapley[player] += factorials[coalition.count] * factorials[n - 1 - coalition.count]
        }
    }
    return (swings, shapley)
}

extension PowerUnavailable {
    /// Whether a computation was refused for its work or its memory.
    static func isRefusedForSize(_ reason: PowerUnavailable) -> Bool {
        switch reason {
        case .tooLarge, .tableTooLarge, .memoryTooLarge: true
        default: false
        }
    }
}

private func banzhafShares(_ analysis: PowerAnalysis) throws -> [Double] { try analysis.banzhaf.get().index.shares }
private func shapleyShares(_ analysis: PowerAnalysis) throws -> [Double] { try analysis.shapley.get().shares }

@Suite struct PowerTests {
    @Test("a coalition blocks exactly when every winning coalition has one of its members, on random small games")
    func blockingAgainstEnumeration() {
        var generator = SeededGenerator(seed: 1_900)
        for _ in 0..<200 {
            let count = Int.random(in: 1...7, using: &generator)
            let weights = (0..<count).map { _ in Int64.random(in: 0...9, using: &generator) }
            let total = weights.reduce(0, +)
            let quota = Int64.random(in: 1...max(1, total + 1), using: &generator)
            let vetoes = Set((0..<count).filter { _ in Int.random(in: 0..<5, using: &generator) == 0 })
            let game = WeightedGame(weights: weights, quota: quota, vetoes: vetoes)
            let coalitions = (0..<(1 << count)).map { mask in Set((0..<count).filter { mask & (1 << $0) != 0 }) }
            let winning = coalitions.filter(game.isWinning)
            for coalition in coalitions {
                let everyWinnerNeedsIt = winning.allSatisfy { !$0.isDisjoint(with: coalition) }
                #expect(game.isBlocking(coalition) == everyWinnerNeedsIt, "\(weights) quota \(quota) vetoes \(vetoes): \(coalition)")
            }
        }
    }

    @Test func unitedNationsSecurityCouncil() throws {
        // Five permanent members with a veto and ten others; nine of fifteen votes pass.
        let game = WeightedGame(weights: Array(repeating: 1, count: 15), quota: 9, vetoes: Set(0..<5))
        let analysis = PowerAnalysis(game)
        let shapley = try analysis.shapley.get()
        #expect(shapley.precision == .exact)
        #expect(shapley.exactShares?[0] == Fraction(421, 2145))
        #expect(shapley.exactShares?[14] == Fraction(4, 2145))
        #expect(abs(shapley.shares[0] - 0.1963) < 0.00005)
        #expect(abs(shapley.shares[14] - 0.00186) < 0.000005)
        #expect(analysis.vetoPlayers == [0, 1, 2, 3, 4])
        #expect(analysis.dictators.isEmpty && analysis.dummies == [])
    }

    @Test func europeanEconomicCommunity1958() throws {
        // France, Germany, Italy 4; Belgium, the Netherlands 2; Luxembourg 1; quota 12.
        let analysis = PowerAnalysis(WeightedGame(weights: [4, 4, 4, 2, 2, 1], quota: 12))
        let banzhaf = try analysis.banzhaf.get()
        #expect(banzhaf.index.exactShares == [5, 5, 5, 3, 3, 0].map { Fraction($0, 21) })
        #expect(analysis.dummies == [5])
        #expect(banzhaf.swings[5] == .exact(0))
    }

    @Test func nassauCountyBoard() throws {
        let analysis = PowerAnalysis(WeightedGame(weights: [9, 9, 7, 3, 1, 1], quota: 16))
        #expect(try analysis.banzhaf.get().index.exactShares == [1, 1, 1, 0, 0, 0].map { Fraction($0, 3) })
        #expect(try analysis.shapley.get().exactShares == [1, 1, 1, 0, 0, 0].map { Fraction($0, 3) })
        #expect(analysis.dummies == [3, 4, 5])
    }

    @Test func dictator() throws {
        let analysis = PowerAnalysis(WeightedGame(weights: [6, 2, 2], quota: 6))
        #expect(analysis.dictators == [0])
        #expect(analysis.vetoPlayers == [0])
        #expect(analysis.dummies == [1, 2])
        #expect(try banzhafShares(analysis) == [1, 0, 0])
        #expect(try shapleyShares(analysis) == [1, 0, 0])
    }

    @Test func quotaAboveTheTotalWeightGivesNoIndex() {
        let analysis = PowerAnalysis(WeightedGame(weights: [1, 2, 3], quota: 7))
        #expect(analysis.degeneracy == .noWinningCoalition)
        #expect(throws: PowerUnavailable.degenerate(.noWinningCoalition)) { try analysis.banzhaf.get() }
        #expect(throws: PowerUnavailable.degenerate(.noWinningCoalition)) { try analysis.shapley.get() }
    }

    @Test func zeroQuotaWithoutVetoesIsDegenerate() {
        #expect(PowerAnalysis(WeightedGame(weights: [1, 1], quota: 0)).degeneracy == .everyCoalitionWins)
    }

    @Test func equalMembersShareEqually() throws {
        let analysis = PowerAnalysis(WeightedGame(weights: Array(repeating: 3, count: 7), quota: 12))
        #expect(try analysis.banzhaf.get().index.exactShares == Array(repeating: Fraction(1, 7), count: 7))
        #expect(try analysis.banzhaf.get().swings[0] == .exact(20))  // C(6, 3)
        #expect(try analysis.shapley.get().exactShares == Array(repeating: Fraction(1, 7), count: 7))
    }

    @Test func singleMember() throws {
        let analysis = PowerAnalysis(WeightedGame(weights: [1], quota: 1))
        #expect(try banzhafShares(analysis) == [1])
        #expect(try shapleyShares(analysis) == [1])
        #expect(analysis.dictators == [0])
    }

    @Test func zeroWeightsAreDummies() throws {
        // The weight-2 player is a dummy too: the weight 3 wins alone, and 2 joins nothing that 3 does not.
        let analysis = PowerAnalysis(WeightedGame(weights: [0, 3, 0, 2], quota: 3))
        #expect(analysis.dummies == [0, 2, 3])
        #expect(try banzhafShares(analysis)[0] == 0)
        #expect(try shapleyShares(analysis)[2] == 0)
    }

    @Test func improperQuotaIsFound() {
        #expect(PowerAnalysis(WeightedGame(weights: [2, 2, 2, 2], quota: 4)).isProper == false)
        #expect(PowerAnalysis(WeightedGame(weights: [3, 1], quota: 2)).isProper == true)
        #expect(PowerAnalysis(WeightedGame(weights: [2, 2, 2, 2], quota: 5)).isProper == true)
        #expect(PowerAnalysis(WeightedGame(weights: [2, 2, 2, 2], quota: 4, vetoes: [0])).isProper == true)
    }

    @Test func shapleyBeyondFactorialsThatOverflowADouble() throws {
        // 250 players: 250! overflows a Double; the Python package powerindex fails here.
        let weights = (0..<250).map { Int64($0 % 7 + 1) }
        let total = weights.reduce(0, +)
        let analysis = PowerAnalysis(WeightedGame(weights: weights, quota: total * 2 / 3))
        let shapley = try analysis.shapley.get()
        #expect(shapley.precision == .approximate)
        #expect(abs(shapley.shares.reduce(0, +) - 1) < 1e-12)
        #expect(shapley.shares.allSatisfy { $0.isFinite && $0 > 0 })
        // Heavier players never hold less power.
        #expect(shapley.shares[6] > shapley.shares[0])
    }

    @Test func largeUnanimityKeepsItsSwingCount() throws {
        let analysis = PowerAnalysis(WeightedGame(weights: Array(repeating: 1, count: 3000), quota: 3000))
        let banzhaf = try analysis.banzhaf.get()
        #expect(banzhaf.index.shares[0] == 1.0 / 3000)
        #expect(banzhaf.swings[0] == .exact(1))
        #expect(analysis.vetoPlayers.count == 3000)
    }

    @Test("Shapley–Shubik for 500 members with weights up to 100 is within the limit of an explicit request, not of a check")
    func shapleyForFiveHundredIsAllowedWhenAsked() {
        var generator = SeededGenerator(seed: 500)
        let weights = (0..<500).map { _ in Int64(generator.next() % 100 + 1) }
        let game = WeightedGame(weights: weights, quota: (weights.reduce(0, +) * 2 + 2) / 3)
        let calculator = PowerCalculator(game, workLimit: PowerAnalysis.requestedWorkLimit, allowExact: true, shouldStop: { false })
        #expect(calculator.shapleyWork < PowerAnalysis.requestedWorkLimit)
        #expect(calculator.shapleyWork > PowerAnalysis.defaultWorkLimit)
    }

    @Test("members of weight 0 hold no Shapley–Shubik power and cost no quadrature points")
    func weightlessMembersAreNullPlayers() throws {
        let weights: [Int64] = [9, 7, 5, 4, 3, 3, 2, 1, 1, 1]
        let small = WeightedGame(weights: weights, quota: 23)
        let padded = WeightedGame(weights: weights + Array(repeating: 0, count: 5_000), quota: 23)
        let calculator = PowerCalculator(padded, workLimit: PowerAnalysis.defaultWorkLimit, allowExact: true, shouldStop: { false })
        #expect(calculator.shapleyPoints == 5)
        let exact = try PowerAnalysis(small).shapley.get()
        let quadrature = try PowerAnalysis(padded).shapley.get()
        #expect(quadrature.precision == .approximate)
        for (a, b) in zip(quadrature.shares, exact.shares) { #expect(abs(a - b) < 1e-12) }
        #expect(quadrature.shares.dropFirst(weights.count).allSatisfy { $0 == 0 })
    }

    @Test("Gauss–Legendre points integrate polynomials up to degree 2m-1 exactly", arguments: [1, 2, 7, 250])
    func quadratureIsExactForItsDegree(points: Int) {
        let rule = GaussLegendre(count: points)
        #expect(abs(rule.weights.reduce(0, +) - 1) < 1e-13)
        #expect(rule.nodes == rule.nodes.sorted() && rule.nodes.allSatisfy { $0 > 0 && $0 < 1 })
        // ∫₀¹ x^d dx = 1/(d+1).
        for degree in [0, 1, 2 * points - 1] {
            let sum = zip(rule.nodes, rule.weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(degree)) }
            #expect(abs(sum * Double(degree + 1) - 1) < 1e-12, "degree \(degree)")
        }
    }

    @Test("a Banzhaf table of one half stays exact in range past 512 players, where its sums are rescaled")
    func halvesTableRescales() {
        var table = ProbabilitiesByWeight(cap: 1000)
        for _ in 0..<600 { table.add(weight: 1) }
        // The chance that k of 600 fair coins come up: C(600, k) / 2^600.
        for k in [0, 1, 150, 300, 599] {
            let expected = exp(lgamma(601.0) - lgamma(Double(k + 1)) - lgamma(Double(600 - k + 1)) - 600 * log(2.0))
            let found = table.probability(in: k..<(k + 1))
            #expect(abs(found - expected) <= 1e-11 * expected, "k = \(k)")
        }
    }

    @Test("power remembered across runs is not computed again, unless forgotten or interrupted")
    func powerMemory() throws {
        final class Counter: @unchecked Sendable { var asked = 0 }
        let counter = Counter()
        let memory = PowerMemory()
        let council = WeightedGame(weights: [4, 4, 4, 2, 2, 1], quota: 12)
        let other = WeightedGame(weights: [3, 2, 2], quota: 4)
        func analyse(_ game: WeightedGame, stop: Bool = false) -> PowerAnalysis {
            memory.analysis(of: game, workLimit: 1e6) {
                counter.asked += 1
                return stop
            }
        }
        _ = analyse(council)
        let computing = counter.asked
        #expect(computing > 0)
        let again = analyse(council)
        #expect(counter.asked == computing, "a remembered game is not computed again")
        #expect(try again.banzhaf.get().index.shares == PowerAnalysis(council).banzhaf.get().index.shares)
        _ = analyse(other)
        memory.forgetUnused()
        _ = analyse(other)
        memory.forgetUnused()
        let beforeForgotten = counter.asked
        _ = analyse(council)
        #expect(counter.asked > beforeForgotten, "a game the last run did not use was forgotten")
        let interrupted = analyse(WeightedGame(weights: [5, 3, 1], quota: 6), stop: true)
        #expect(interrupted.wasInterrupted)
        let beforeRetry = counter.asked
        _ = analyse(WeightedGame(weights: [5, 3, 1], quota: 6))
        #expect(counter.asked > beforeRetry, "an interrupted analysis is not remembered")
    }

    @Test func refusesRatherThanHangs() {
        // Thirteen players: past the games that are enumerated, whatever their weights.
        let analysis = PowerAnalysis(WeightedGame(weights: [1_000_000_000_000, 3, 5] + Array(repeating: 7, count: 10),
                                                  quota: 1_000_000_000_004))
        guard case .failure(.tooLarge) = analysis.banzhaf else {
            Issue.record("expected the computation to be refused")
            return
        }
    }

    @Test("floating point stays within 1e-12 of the exact fractions on larger games",
          arguments: [(30, 1, true), (30, 2, false), (34, 5, false), (100, 3, true)])
    func floatingPointMatchesExact(players: Int, seed: Int, withVeto: Bool) throws {
        var generator = SeededGenerator(seed: UInt64(seed))
        let weights = (0..<players).map { _ in Int64(generator.next() % 100 + 1) }
        let game = WeightedGame(weights: weights, quota: weights.reduce(0, +) * 2 / 3, vetoes: withVeto ? [0] : [])
        let exact = PowerAnalysis(game)
        let approximate = PowerAnalysis(game, workLimit: PowerAnalysis.defaultWorkLimit, allowExact: false)
        let exactBanzhaf = try exact.banzhaf.get().index
        #expect(exactBanzhaf.precision == .exact)
        for (a, b) in zip(try banzhafShares(approximate), exactBanzhaf.shares) { #expect(abs(a - b) < 1e-12) }
        if players <= 34 {
            let exactShapley = try exact.shapley.get()
            #expect(exactShapley.precision == .exact)
            for (a, b) in zip(try shapleyShares(approximate), exactShapley.shares) { #expect(abs(a - b) < 1e-12) }
        }
    }

    @Test("two players who each win alone are not dictators: with a quota at or below half, neither dictates")
    func noDictatorBelowHalf() {
        let analysis = PowerAnalysis(WeightedGame(weights: [5, 5, 1], quota: 5))
        #expect(analysis.dictators.isEmpty)
        #expect(analysis.isProper == false)
        #expect(analysis.dummies == [2])
    }

    @Test("a declared veto that also wins alone makes a dictator", arguments: [([30, 30], 30, 0), ([8, 8], 2, 0), ([2, 8, 10], 7, 2)])
    func dictatorByVeto(_ weights: [Int64], _ quota: Int64, _ veto: Int) throws {
        let analysis = PowerAnalysis(WeightedGame(weights: weights, quota: quota, vetoes: [veto]))
        #expect(analysis.dictators == [veto])
        #expect(try analysis.banzhaf.get().index.shares[veto] == 1)
    }

    @Test("weights with a common divisor are divided by it: weights in euros compute like weights in millions")
    func commonDivisor() throws {
        let euros = PowerAnalysis(WeightedGame(weights: [40_000_000, 25_000_000, 12_000_000, 8_000_000, 3_500_000, 1_500_000],
                                               quota: 45_000_000))
        let units = PowerAnalysis(WeightedGame(weights: [80, 50, 24, 16, 7, 3], quota: 90))
        #expect(try euros.banzhaf.get().index.exactShares == units.banzhaf.get().index.exactShares)
        #expect(try euros.shapley.get().exactShares == units.shapley.get().exactShares)
        #expect(euros.isProper == units.isProper)
    }

    @Test("huge weights without a common divisor are refused at once, in time and memory, past a dozen players",
          arguments: [[10_000_000_000, 10_000_000_000, 1], [4_000_000_000_000_000_000, 4_000_000_000_000_000_000, 1]])
    func hugeWeights(_ few: [Int64]) {
        let weights = few + Array(repeating: 1, count: 10)
        let analysis = PowerAnalysis(WeightedGame(weights: weights, quota: weights[0] + weights[0] / 2))
        guard case .failure(let reason) = analysis.banzhaf else {
            Issue.record("should be refused")
            return
        }
        #expect(PowerUnavailable.isRefusedForSize(reason))
        #expect(analysis.dummies == nil)
    }

    @Test("the power to prevent action and the minimal blocking coalitions agree with enumeration, on random small games",
          arguments: 0..<200)
    func blockingFiguresAgainstEnumeration(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(5_000 + seed))
        let n = Int(generator.next() % 10) + 1
        // Every other game weighs its players alike, as head counts do.
        let alike = seed % 3 == 0
        let weights = (0..<n).map { _ in alike ? 1 : Int64(generator.next() % 9) }
        let total = weights.reduce(0, +)
        let quota = Int64(generator.next() % UInt64(total + 2))
        let vetoes = Set((0..<n).filter { _ in generator.next() % 7 == 0 })
        let game = WeightedGame(weights: weights, quota: quota, vetoes: vetoes)
        let coalitions = (0..<(1 << n)).map { mask in Set((0..<n).filter { mask >> $0 & 1 == 1 }) }
        let winning = coalitions.filter(game.isWinning)
        let blocking = coalitions.filter(game.isBlocking)
        let minimal = blocking.filter { coalition in coalition.allSatisfy { !game.isBlocking(coalition.subtracting([$0])) } }
        for analysis in [PowerAnalysis(game), PowerAnalysis(game, workLimit: PowerAnalysis.defaultWorkLimit, allowExact: false)] {
            guard analysis.degeneracy == nil else {
                #expect(winning.isEmpty || winning.count == coalitions.count, "\(game)")
                continue
            }
            let preventive = try analysis.preventive.get()
            #expect(preventive.winningCoalitions.log2 == log2(Double(winning.count)) || abs(preventive.winningCoalitions.log2 - log2(Double(winning.count))) < 1e-9, "\(game)")
            for player in 0..<n {
                let prevented = winning.count { $0.contains(player) && !game.isWinning($0.subtracting([player])) }
                if let exact = preventive.exactShares {
                    #expect(exact[player] == Fraction(UInt128(prevented), UInt128(winning.count)), "\(game) player \(player)")
                }
                #expect(abs(preventive.shares[player] - Double(prevented) / Double(winning.count)) < 1e-12, "\(game) player \(player)")
            }
            let found = game.minimalBlockingCoalitions(limit: 1_000)
            #expect(Set(found.coalitions.map(Set.init)) == Set(minimal), "\(game)")
            #expect(found.coalitions.count == minimal.count, "each once: \(game)")
            #expect(found.count == .exact(UInt128(minimal.count)), "\(game)")
            #expect(zip(found.coalitions, found.coalitions.dropFirst()).allSatisfy { $0.count <= $1.count }, "smallest first: \(game)")
            let limited = game.minimalBlockingCoalitions(limit: 2)
            #expect(limited.coalitions == Array(found.coalitions.prefix(2)), "\(game)")
            #expect(limited.count == found.count, "\(game)")
            // Not counted: the same first coalitions, and no count.
            for limit in [1, 2] {
                let uncounted = game.minimalBlockingCoalitions(limit: limit, largest: .max, counting: false)
                #expect(uncounted.coalitions == Array(found.coalitions.prefix(limit)), "\(game)")
                #expect(uncounted.count == nil || uncounted.count == found.count, "\(game)")
                #expect(uncounted.smallest == found.smallest, "\(game)")
            }
        }
    }

    @Test("the search for blocking coalitions stops at its limit and says it did not count them all")
    func blockingSearchIsBounded() throws {
        // Weights 1 to 40, quota half the total: a great many minimal blocking coalitions.
        let game = WeightedGame(weights: (1...40).map(Int64.init), quota: 411)
        let found = game.minimalBlockingCoalitions(limit: 5, searchLimit: 1_000)
        #expect(found.coalitions.count == 5)
        #expect(found.count == nil)
        #expect(found.coalitions.allSatisfy { game.isBlocking(Set($0)) })
        // Alike players are counted by a binomial, however many.
        let heads = WeightedGame(weights: Array(repeating: 1, count: 50), quota: 26)
        let any = heads.minimalBlockingCoalitions(limit: 3, searchLimit: 10)
        #expect(any.anyOf?.size == 25)
        #expect(any.count == PowerCalculator.binomial(50, 25))
        #expect(any.coalitions.count == 3)
        // Too large to list: how many it takes is still said.
        let large = WeightedGame(weights: (1...200).map { Int64($0 % 7 + 1) }, quota: 300)
        let unlisted = large.minimalBlockingCoalitions(limit: 5, largest: 10)
        #expect(unlisted.coalitions.isEmpty && unlisted.count == nil)
        #expect(unlisted.smallest == unlisted.unlisted)
        let total = large.weights.reduce(0, +)
        let sorted = large.weights.sorted(by: >)
        let size = try #require(unlisted.smallest)
        #expect(sorted.prefix(size).reduce(0, +) > total - 300 && sorted.prefix(size - 1).reduce(0, +) <= total - 300)
        #expect(large.minimalBlockingCoalitions(limit: 1, largest: .max).coalitions.first?.count == size)
    }

    @Test("games of a dozen players or fewer are enumerated: huge weights are no obstacle, and the answers are exact",
          arguments: [[10_000_000_000, 10_000_000_000, 1], [4_000_000_000_000_000_000, 4_000_000_000_000_000_000, 1]])
    func hugeWeightsInSmallGames(_ weights: [Int64]) throws {
        // Both heavy players are needed (either with the light one falls
        // short), the light one never is: each heavy player swings {other}
        // and {other, light}.
        let analysis = PowerAnalysis(WeightedGame(weights: weights, quota: weights[0] + weights[0] / 2))
        let banzhaf = try analysis.banzhaf.get()
        #expect(banzhaf.swings == [.exact(2), .exact(2), .exact(0)])
        #expect(banzhaf.index.exactShares == [Fraction(1, 2), Fraction(1, 2), Fraction(0, 1)])
        #expect(try analysis.shapley.get().exactShares == [Fraction(1, 2), Fraction(1, 2), Fraction(0, 1)])
        #expect(try analysis.preventive.get().winningCoalitions == .exact(2))
        #expect(analysis.dummies == [2] && analysis.vetoPlayers == [0, 1] && analysis.isProper == true)
    }

    @Test("the enumeration of small games stops for the limit: a game of twelve, with a limit below its work, is refused")
    func enumerationWithinTheLimit() {
        let game = WeightedGame(weights: Array(1...12), quota: 50)
        let analysis = PowerAnalysis(game, workLimit: 1_000)
        guard case .failure(let reason) = analysis.banzhaf, PowerUnavailable.isRefusedForSize(reason) else {
            Issue.record("expected a refusal, got \(analysis.banzhaf)")
            return
        }
        #expect(PowerAnalysis(game).banzhaf.isSuccess)
    }

    @Test("dummies decided without tables agree with the tables, and with every coalition, wherever the weights leave no gaps")
    func gaplessDummies() throws {
        var generator = SeededGenerator(seed: 2_212)
        var decided = 0
        for round in 0..<600 {
            let n = Int(generator.next() % 40) + 1
            let heaviest = generator.next() % 12 + 1
            let weights = (0..<n).map { _ in Int64(generator.next() % (heaviest + 1)) }
            let total = weights.reduce(0, +)
            let quota = Int64(generator.next() % UInt64(total + 2))
            let vetoes = Set((0..<n).filter { _ in generator.next() % 12 == 0 })
            let game = WeightedGame(weights: weights, quota: quota, vetoes: vetoes)
            let calculator = PowerCalculator(game, workLimit: 1e12, allowExact: true, shouldStop: { false })
            guard calculator.degeneracy == nil, let gapless = calculator.gaplessDummies() else { continue }
            decided += 1
            #expect(gapless == calculator.reachableDummies(), "round \(round): \(game)")
            if n <= 12 {
                let swings = bruteForce(game).swings
                #expect(gapless == (0..<n).filter { swings[$0] == 0 && !vetoes.contains($0) }, "round \(round): \(game)")
            }
        }
        #expect(decided > 150, "the gapless path decided \(decided) of 600 games")
    }

    @Test("the dummies of a large assembly of small weights cost a pass over its weights, not tables")
    func largeAssemblyDummies() throws {
        for size in [10_000, 20_000] {
            var generator = SeededGenerator(seed: UInt64(size))
            let weights = (0..<size).map { _ in Int64(generator.next() % 100 + 1) }
            let game = WeightedGame(weights: weights, quota: weights.reduce(0, +) * 2 / 3)
            let analysis = PowerAnalysis(game)
            // Banzhaf is past the checks' limit at this size; dummies are still known.
            #expect(analysis.dummies == [])
            #expect(analysis.work < 10_000, "\(size) players: \(analysis.work) units of work")
        }
    }

    @Test("a negative quota counts as zero")
    func negativeQuota() {
        #expect(WeightedGame(weights: [1, 2], quota: -5).quota == 0)
        #expect(PowerAnalysis(WeightedGame(weights: [1, 2], quota: Int64.min)).degeneracy == .everyCoalitionWins)
    }

    @Test(arguments: 0..<300)
    func matchesBruteForce(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed))
        let n = Int(generator.next() % 12) + 1
        let weights = (0..<n).map { _ in Int64(generator.next() % 9) }
        let total = weights.reduce(0, +)
        let quota = Int64(generator.next() % UInt64(total + 2))
        let vetoes = Set((0..<n).filter { _ in generator.next() % 6 == 0 })
        let game = WeightedGame(weights: weights, quota: quota, vetoes: vetoes)
        let expected = bruteForce(game)
        // Games this small are enumerated (SmallGames.swift); the tables'
        // exact path is held to the same answers.
        let exact = PowerAnalysis(game)
        let tables = PowerAnalysis(game, workLimit: PowerAnalysis.defaultWorkLimit, allowExact: true, enumerating: false)
        let approximate = PowerAnalysis(game, workLimit: PowerAnalysis.defaultWorkLimit, allowExact: false)
        let totalSwings = expected.swings.reduce(0, +)
        guard totalSwings > 0 else {
            #expect(exact.degeneracy != nil, "\(game)")
            return
        }
        #expect(try tables.banzhaf.get().swings == exact.banzhaf.get().swings, "\(game)")
        #expect(try tables.banzhaf.get().index.exactShares == exact.banzhaf.get().index.exactShares, "\(game)")
        #expect(try tables.shapley.get().exactShares == exact.shapley.get().exactShares, "\(game)")
        #expect(try tables.preventive.get().exactShares == exact.preventive.get().exactShares, "\(game)")
        #expect(try tables.preventive.get().winningCoalitions == exact.preventive.get().winningCoalitions, "\(game)")
        #expect(tables.dummies == exact.dummies && tables.isProper == exact.isProper, "\(game)")
        #expect(tables.dictators == exact.dictators && tables.vetoPlayers == exact.vetoPlayers, "\(game)")
        #expect(exact.degeneracy == nil)
        let banzhaf = try exact.banzhaf.get()
        #expect(banzhaf.swings == expected.swings.map { .exact($0) }, "\(game)")
        #expect(banzhaf.index.exactShares == expected.swings.map { Fraction($0, totalSwings) }, "\(game)")
        var factorial: UInt128 = 1
        for i in stride(from: 2, through: n, by: 1) { factorial *= UInt128(i) }
        #expect(try exact.shapley.get().exactShares == expected.shapley.map { Fraction($0, factorial) }, "\(game)")
        #expect(exact.dummies == (0..<n).filter { expected.swings[$0] == 0 }, "\(game)")
        #expect(approximate.dummies == exact.dummies, "\(game)")
        let exactBanzhaf = banzhaf.index.shares
        let exactShapley = try exact.shapley.get().shares
        for (a, b) in zip(try banzhafShares(approximate), exactBanzhaf) { #expect(abs(a - b) < 1e-12, "\(game)") }
        for (a, b) in zip(try shapleyShares(approximate), exactShapley) { #expect(abs(a - b) < 1e-12, "\(game)") }
        let proper = !(0..<(1 << n)).contains { mask in
            let coalition = Set((0..<n).filter { mask >> $0 & 1 == 1 })
            return game.isWinning(coalition) && game.isWinning(Set(0..<n).subtracting(coalition))
        }
        #expect(exact.isProper == proper, "\(game)")
    }
}

@Suite struct BlockingTestTests {
    @Test("whether a coalition blocks is what the others' winning says, without a set of the others")
    func blockingIsTheOthersLosing() {
        var random = SeededGenerator(seed: 41)
        for _ in 0..<400 {
            let players = Int(random.next() % 9) + 1
            let weights = (0..<players).map { _ in Int64(random.next() % 6) }
            let total = weights.reduce(0, +)
            let vetoes = Set((0..<players).filter { _ in random.next() % 5 == 0 })
            let game = WeightedGame(weights: weights, quota: Int64(random.next() % UInt64(total + 2)), vetoes: vetoes)
            for _ in 0..<8 {
                let coalition = Set((0..<players).filter { _ in random.next() % 2 == 0 })
                let others = Set(0..<players).subtracting(coalition)
                #expect(game.isBlocking(coalition) == !game.isWinning(others), "\(weights) \(game.quota) \(vetoes) \(coalition)")
            }
        }
        // Players in order of weight, as the comparison of both weights orders them.
        // Counted into place (many players in order, weights in a narrow
        // range) or sorted (a weight far off, players out of order) alike.
        for round in 0..<400 {
            let spread = [5, 40, 1_000][round % 3]
            let weights = (0..<Int(random.next() % 120)).map { _ in
                Int64(random.next() % UInt64(spread)) * (random.next() % 50 == 0 ? .max / 4_096 : 1)
            }
            var players = weights.indices.filter { _ in random.next() % 4 != 0 }
            if round % 5 == 0 { players.shuffle(using: &random) }
            #expect(WeightedGame.order(players, by: weights, heaviestFirst: true)
                == players.sorted { weights[$0] > weights[$1] || weights[$0] == weights[$1] && $0 < $1 })
            #expect(WeightedGame.order(players, by: weights, heaviestFirst: false)
                == players.sorted { weights[$0] < weights[$1] || weights[$0] == weights[$1] && $0 < $1 })
        }
        // Weights past 2^62 saturate, as `isWinning` adds them.
        let heavy = WeightedGame(weights: [.max, .max, 1], quota: .max)
        #expect(heavy.isBlocking([0]) == !heavy.isWinning([1, 2]))
        #expect(heavy.isBlocking([2]) == !heavy.isWinning([0, 1]))
    }
}
