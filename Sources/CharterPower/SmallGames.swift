// Games of a dozen players or fewer: every coalition, one by one.
//
// The rest of this module never enumerates coalitions, because their number
// doubles with every player. For a handful of players that number is small
// — 4,096 for twelve — and visiting each is cheaper than setting up the
// tables of the other paths (classes by weight, a table per level of the
// leave-one-out descent, closures): on the EEC Council of 1958, six players,
// enumeration is the faster algorithm, and it gives everything at once in
// one pass — both exact indices, the winning coalitions for blocking power,
// and properness. Past `maximumPlayers` the tables win, and enumeration
// would grow without bound; the size threshold keeps "never enumerate" true
// wherever the count of coalitions could matter (ARCHITECTURE.md).

extension PowerCalculator {
    /// The most players whose coalitions are enumerated.
    static let enumeratedPlayers = 12

    /// What one enumeration of every coalition gives.
    struct Enumeration {
        var banzhaf: (index: PowerIndex, swings: [SwingCount])
        var shapley: PowerIndex
        var winning: SwingCount
        var isProper: Bool
    }

    /// The work of enumerating: a visit to each coalition, and one to each
    /// of its players for a winning one, at most.
    var enumerationWork: Double {
        let coalitions = Double(1 << min(playerCount, Self.enumeratedPlayers))
        return coalitions * (1 + Double(playerCount)) * PowerCost.perCoalitionPlayer
            + 2 * Double(playerCount) * Self.perFraction
    }

    /// Both exact indices, the winning coalitions and properness, from every
    /// coalition; nil when the game is larger than `enumeratedPlayers`,
    /// degenerate, floating point is asked for, or the work limit is below
    /// even this.
    func enumerate() -> Enumeration? {
        let n = playerCount
        // Stopped before it starts, the tables' path says so (`.interrupted`).
        guard allowExact, degeneracy == nil, n >= 1, n <= Self.enumeratedPlayers, !shouldStop() else { return nil }
        let work = enumerationWork
        guard work <= workLimit else { return nil }
        tally.estimate(work)
        let weights = game.weights
        let quota = game.quota
        var vetoMask = 0
        for player in game.vetoes { vetoMask |= 1 << player }
        let all = 1 << n
        // |S|!(n-1-|S|)!: the orders in which the players of S, and no others,
        // come before the pivot. 11! · 0! is the largest, far within 64 bits.
        var orders = [UInt64](repeating: 0, count: n)
        for size in 0..<n { orders[size] = Self.smallFactorial(size) * Self.smallFactorial(n - 1 - size) }
        var swings = [UInt64](repeating: 0, count: n)
        var orderings = [UInt64](repeating: 0, count: n)
        var winning: UInt64 = 0
        var isProper = true
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: all) { weightOf in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: all) { wins in
                // Each coalition's weight from the one without its lowest
                // player, saturating as `WeightedGame.weight(of:)` does.
                weightOf[0] = 0
                wins[0] = vetoMask == 0 && quota <= 0
                for mask in 1..<all {
                    let lowest = mask.trailingZeroBitCount
                    weightOf[mask] = WeightedGame.adding(weightOf[mask & (mask - 1)], weights[lowest])
                    wins[mask] = mask & vetoMask == vetoMask && weightOf[mask] >= quota
                }
                for mask in 0..<all where wins[mask] {
                    winning += 1
                    // Two winners apart: this one and everyone else.
                    if wins[(all - 1) ^ mask] { isProper = false }
                    let before = orders[max(0, mask.nonzeroBitCount - 1)]
                    var rest = mask
                    while rest != 0 {
                        let player = rest.trailingZeroBitCount
                        rest &= rest - 1
                        if !wins[mask ^ (1 << player)] {
                            swings[player] += 1
                            orderings[player] += before
                        }
                    }
                }
            }
        }
        tally.count(Double(all) * (1 + Double(n)) * PowerCost.perCoalitionPlayer)
        guard let banzhaf = exactBanzhaf(swings: swings.map { UInt128($0) }) else { return nil }
        tally.count(Double(n) * Self.perFraction)
        let whole = UInt128(Self.smallFactorial(n))
        let fractions = orderings.map { Fraction(UInt128($0), whole) }
        return Enumeration(banzhaf: banzhaf,
                           shapley: PowerIndex(precision: .exact, shares: fractions.map(\.doubleValue), exactShares: fractions),
                           winning: .exact(UInt128(winning)), isProper: isProper)
    }

    /// n! for the sizes enumeration reaches (12! < 2^29).
    private static func smallFactorial(_ n: Int) -> UInt64 {
        var result: UInt64 = 1
        for factor in stride(from: 2, through: max(1, n), by: 1) { result *= UInt64(factor) }
        return result
    }
}
