// Blocking: who can stop a decision. A coalition blocks when without it no
// proposal passes — the players left do not win. Two answers:
//
// - Each player's power to prevent action (Coleman, 1971): of the coalitions
//   that win, the share that lose when the player leaves. It is the player's
//   swings over the number of winning coalitions, so it comes from the same
//   tables as Banzhaf's index plus one more: the coalitions of every free
//   player by weight. A veto player prevents every decision (1); a dummy none
//   (0). Unlike the normalized indices it is not a share of a whole: the
//   figures of a body do not add up to one.
// - The minimal blocking coalitions, smallest first: the groups that can
//   block and need every one of their members to. They are found by a
//   bounded search over the players sorted by weight, since their number can
//   grow exponentially (any 25 of 50 members by head count); when every
//   player not holding a declared veto weighs the same, they are "any k of
//   the m" and are counted by a binomial instead.

import Foundation

/// Each player's power to prevent action.
public struct PreventivePower: Sendable {
    public var precision: PowerPrecision
    /// The share of the winning coalitions that lose without the player.
    public var shares: [Double]
    /// The shares as fractions, when computed exactly.
    public var exactShares: [Fraction]?
    /// How many coalitions win.
    public var winningCoalitions: SwingCount

    /// Each player's swings over the winning coalitions: exact when both are.
    init?(swings: [SwingCount], winning: SwingCount) {
        guard !winning.isZero else { return nil }
        winningCoalitions = winning
        if case .exact(let total) = winning, case let counts = swings.compactMap({ swing -> UInt128? in
            if case .exact(let count) = swing { return count } else { return nil }
        }), counts.count == swings.count {
            let fractions = counts.map { Fraction($0, total) }
            precision = .exact
            exactShares = fractions
            shares = fractions.map(\.doubleValue)
        } else {
            precision = .approximate
            exactShares = nil
            let whole = winning.log2
            shares = swings.map { $0.isZero ? 0 : min(1, exp2($0.log2 - whole)) }
        }
    }
}

extension SwingCount {
    /// The count's base-2 logarithm; -infinity for none.
    var log2: Double {
        switch self {
        case .exact(let count): Foundation.log2(Double(count))
        case .approximate(let fraction, let exponent): Foundation.log2(fraction) + Double(exponent)
        }
    }
}

extension PowerCalculator {
    /// How many coalitions win, counted from a table of every free player
    /// (the declared veto players join every winner); nil when the game is
    /// degenerate or the computation was stopped. Called once the Banzhaf
    /// index was computed within the limits, which this one table's work
    /// never exceeds.
    func winningCoalitions() -> SwingCount? {
        guard degeneracy == nil else { return nil }
        if vetoed.isEmpty && classes.count == 1 {
            // Players of one weight: the coalitions of `needed` or more of them.
            let weight = Int64(max(1, classes[0].weight))
            let needed = Int(min(Int64(playerCount), scaledQuota / weight + (scaledQuota % weight == 0 ? 0 : 1)))
            let work = Double(playerCount - needed + 1) * PowerCost.perPlayerPerPoint
            tally.estimate(work)
            tally.count(work)
            return Self.binomialTail(playerCount, from: needed)
        }
        let cap = Int(remainingQuota)
        if allowExact && freePlayers <= 120 {
            return switch freePlayers {
            case ..<32: countWinning(CountsByWeight<UInt32>(cap: cap, players: freePlayers)) { .exact(UInt128($0.cells[cap])) }
            case ..<64: countWinning(CountsByWeight<UInt64>(cap: cap, players: freePlayers)) { .exact(UInt128($0.cells[cap])) }
            default: countWinning(CountsByWeight<UInt128>(cap: cap, players: freePlayers)) { .exact($0.cells[cap]) }
            }
        }
        let free = freePlayers
        return countWinning(ProbabilitiesByWeight(cap: cap)) { .approximate(fraction: $0.reachingCap, exponent: free) }
    }

    private func countWinning<Table: CoalitionTable>(_ empty: Table, _ read: (Table) -> SwingCount) -> SwingCount? {
        var table = empty
        var work = 0.0
        for weightClass in classes {
            for _ in weightClass.players {
                if shouldStop() { return nil }
                work += table.cost(ofAdding: weightClass.weight)
                table.add(weight: weightClass.weight)
            }
        }
        tally.estimate(work)
        tally.count(work)
        return read(table)
    }

    /// C(n, k) + C(n, k+1) + … + C(n, n): exactly while it fits in 128 bits
    /// (always for n up to 127), otherwise from logarithms of the terms.
    static func binomialTail(_ n: Int, from k: Int) -> SwingCount {
        let k = max(0, k)
        guard k <= n else { return .exact(0) }
        if n <= 127 {
            var total: UInt128 = 0
            for size in k...n {
                guard case .exact(let term) = binomial(n, size) else { break }
                total += term
            }
            return .exact(total)
        }
        // log2 C(n, size), summed as 2^largest · Σ 2^(term - largest).
        let whole: Double = Foundation.lgamma(Double(n + 1))
        let ln2 = Foundation.log(2.0)
        var terms: [Double] = []
        for size in k...n {
            let ln: Double = whole - Foundation.lgamma(Double(size + 1)) - Foundation.lgamma(Double(n - size + 1))
            terms.append(ln / ln2)
        }
        let largest = terms.max() ?? 0
        var sum = 0.0
        for term in terms { sum += exp2(term - largest) }
        let log2Total: Double = largest + Foundation.log2(sum)
        let exponent: Double = log2Total.rounded(FloatingPointRoundingRule.down)
        return .approximate(fraction: exp2(log2Total - exponent), exponent: Int(exponent))
    }
}

/// The minimal blocking coalitions of a game, smallest first.
public struct BlockingCoalitions: Sendable, Hashable {
    /// Up to the limit asked for: each a list of players in order of
    /// weight, heaviest first; by size, then heaviest first.
    public var coalitions: [[Int]]
    /// How many minimal blocking coalitions there are; nil when the search
    /// stopped before it had seen them all.
    public var count: SwingCount?
    /// When every player outside the declared vetoes weighs the same (and
    /// weighs something): any `size` of `among` block, besides each holder
    /// of a declared veto.
    public var anyOf: AnyOf?

    public struct AnyOf: Sendable, Hashable {
        public var size: Int
        public var among: [Int]
    }

    /// The size of the smallest; nil when nothing blocks. Known even when
    /// the coalitions are too large to list: the heaviest players first.
    public var smallest: Int?
    /// Set when the coalitions without a declared veto were too large to
    /// list: how many players the smallest of them has.
    public var unlisted: Int?
}

extension WeightedGame {
    /// The coalitions that can block a decision and need every one of their
    /// members to, smallest first (then heaviest first), at most `limit` of
    /// them. The search looks at `searchLimit` partial coalitions at most,
    /// so its time is bounded whatever the game; their count is given when
    /// the search saw them all, or when a binomial gives it. A degenerate
    /// game (nothing can pass, or everything does) has none.
    /// Coalitions of more than `largest` players are not listed (nor
    /// counted): what a reader can take in, and what an output can hold,
    /// for a body of thousands; `smallest` still says how many it takes.
    /// Without `counting`, the search stops at the `limit`th coalition, and
    /// `count` is nil unless it is known without the search (a binomial,
    /// or nothing blocks): for who blocks, where how many may is not asked
    /// (the count was most of the search, and of a large body's checks).
    public func minimalBlockingCoalitions(limit: Int = 20, searchLimit: Int = 200_000, largest: Int = 64,
                                          counting: Bool = true) -> BlockingCoalitions {
        let total = weights.reduce(Int128(0)) { $0 + Int128($1) }
        // Without the coalition, the others fall short of the quota: it
        // weighs at least `need`, or it holds a declared veto.
        let need = total - Int128(quota) + 1
        guard total >= Int128(quota), quota > 0 || !vetoes.isEmpty else {
            return BlockingCoalitions(coalitions: [], count: .exact(0), anyOf: nil, smallest: nil)
        }
        let vetoHolders = vetoes.sorted()
        // Weightless players never make a difference to a coalition's weight.
        let free = Self.order(weights.indices.filter { weights[$0] > 0 && (vetoes.isEmpty || !vetoes.contains($0)) },
                              by: weights, heaviestFirst: true)
        var found = vetoHolders.prefix(limit).map { [$0] }
        var counted = vetoHolders.count
        // The heaviest players first make the smallest blocking coalition.
        var heaviest = Int128(0)
        var smallestFree: Int?
        for (index, player) in free.enumerated() {
            heaviest += Int128(weights[player])
            if heaviest >= need { smallestFree = index + 1; break }
        }
        let smallest = vetoHolders.isEmpty ? smallestFree : 1
        let alike = free.count > 0 && weights[free.first!] == weights[free.last!]
        if !alike, let size = smallestFree, size > largest {
            return BlockingCoalitions(coalitions: found, count: nil, anyOf: nil, smallest: smallest, unlisted: size)
        }
        if alike {
            let weight = Int128(weights[free[0]])
            let size = Int((need + weight - 1) / weight)
            guard size <= free.count else {
                return BlockingCoalitions(coalitions: found, count: .exact(UInt128(counted)), anyOf: nil, smallest: smallest)
            }
            let among = free.sorted()
            var combination = Array(0..<size)
            while found.count < limit && size <= largest {
                found.append(combination.map { among[$0] })
                // The next combination in lexicographic order, if any.
                guard let position = combination.indices.last(where: { combination[$0] < among.count - size + $0 }) else { break }
                combination[position] += 1
                for next in position + 1..<size { combination[next] = combination[next - 1] + 1 }
            }
            let count: SwingCount? = switch PowerCalculator.binomial(among.count, size) {
            case .exact(let binomial): binomial.addingReportingOverflow(UInt128(counted)).overflow
                ? nil : .exact(binomial + UInt128(counted))
            case let approximate: vetoHolders.isEmpty ? approximate : nil
            }
            return BlockingCoalitions(coalitions: found, count: count, anyOf: BlockingCoalitions.AnyOf(size: size, among: among),
                                      smallest: smallest, unlisted: size > largest ? size : nil)
        }
        // Sums of the heaviest: prefix[j + r] - prefix[j] is the most that r
        // players from position j on can weigh.
        var prefix = [Int128(0)]
        for player in free { prefix.append(prefix.last! + Int128(weights[player])) }
        var visits = 0
        var complete = true
        var chosen: [Int] = []
        func search(from start: Int, weight: Int128, size: Int) {
            let remaining = size - chosen.count
            guard remaining > 0 else {
                // Minimal: without its lightest member (the last chosen) it no longer blocks.
                if weight >= need && weight - Int128(weights[free[chosen.last!]]) < need {
                    counted += 1
                    if found.count < limit { found.append(chosen.map { free[$0] }) }
                    if !counting && found.count >= limit { complete = false }
                }
                return
            }
            var position = start
            while position + remaining <= free.count {
                visits += 1
                if visits > searchLimit { complete = false; return }
                // Even the heaviest players left cannot make it block.
                if weight + prefix[position + remaining] - prefix[position] < need { return }
                let next = weight + Int128(weights[free[position]])
                // Blocking already with fewer players: not minimal.
                if remaining == 1 || next < need {
                    chosen.append(position)
                    search(from: position + 1, weight: next, size: size)
                    chosen.removeLast()
                    if !complete { return }
                }
                position += 1
            }
        }
        for size in free.indices.map({ $0 + 1 }) where counting || found.count < limit {
            // No coalition this small blocks: the heaviest ones don't.
            if prefix[size] < need { continue }
            search(from: 0, weight: 0, size: size)
            if !complete { break }
        }
        return BlockingCoalitions(coalitions: found, count: complete && counting ? .exact(UInt128(counted)) : nil, anyOf: nil,
                                  smallest: smallest)
    }
}
