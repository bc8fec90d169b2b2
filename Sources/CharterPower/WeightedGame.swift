// A weighted voting game: the mathematical core of every decision rule.
// Each player has a whole-number weight; a coalition wins when its weight
// reaches the quota and it holds every declared veto player. Unanimity,
// consensus and majorities by head count are weighted games too (each player
// weighs 1); the mapping from a body's rule lives with the model
// (`BodyGames.swift`), so this file and `PowerIndices.swift` know nothing of
// alliances and can be tested, fuzzed and benchmarked as plain mathematics.

/// A weighted voting game over players `0..<weights.count`.
public struct WeightedGame: Hashable, Sendable {
    /// Each player's weight, zero or more.
    public let weights: [Int64]
    /// The weight a coalition needs to win.
    public let quota: Int64
    /// Players who must be in every winning coalition, whatever the weights.
    public let vetoes: Set<Int>

    /// A negative weight counts as zero (the resolver reports it), and so
    /// does a negative quota; vetoes of players outside the game are ignored.
    public init(weights: [Int64], quota: Int64, vetoes: Set<Int> = []) {
        self.weights = weights.map { max($0, 0) }
        self.quota = max(quota, 0)
        self.vetoes = vetoes.filter { weights.indices.contains($0) }
    }

    public var playerCount: Int { weights.count }

    /// The weight of all players together; saturates rather than overflows.
    public var totalWeight: Int64 { Self.weight(of: weights) }

    /// Whether the coalition wins: it weighs enough and holds every veto.
    public func isWinning(_ coalition: Set<Int>) -> Bool {
        vetoes.isSubset(of: coalition) && Self.weight(of: coalition.map { weights[$0] }) >= quota
    }

    /// Whether a coalition can stop every decision: without it, the others
    /// do not win (it holds a veto, or the rest fall short of the quota).
    /// Every winning coalition then has one of its members.
    public func isBlocking(_ coalition: Set<Int>) -> Bool {
        // The others win when they hold every veto and weigh enough: added
        // up in place, without a set of the others (a body of thousands).
        guard vetoes.isDisjoint(with: coalition) else { return true }
        var others: Int64 = 0
        for player in weights.indices where !coalition.contains(player) { others = Self.adding(others, weights[player]) }
        return others < quota
    }

    /// `players` in order of weight, lightest or heaviest first, and among
    /// equal weights by player. Players listed in order whose weights span
    /// a range no wider than about their number (a body of thousands weighed
    /// 1 to 10) are counted into place, in time linear in both; others are
    /// sorted, each as a pair of numbers, since a comparison that looked both
    /// weights up was most of the work. Weights are never negative here, so
    /// the heaviest first are the least of the negated weights.
    static func order(_ players: [Int], by weights: [Int64], heaviestFirst: Bool) -> [Int] {
        if let counted = countedOrder(players, by: weights, heaviestFirst: heaviestFirst) { return counted }
        struct Key: Comparable {
            var weight: Int64
            var player: Int
            static func < (a: Key, b: Key) -> Bool { a.weight < b.weight || a.weight == b.weight && a.player < b.player }
        }
        var keys = players.map { Key(weight: heaviestFirst ? -weights[$0] : weights[$0], player: $0) }
        keys.sort()
        return keys.map(\.player)
    }

    /// `order` by counting, where it applies: players in increasing order
    /// (so that a stable placing keeps equal weights by player) and weights
    /// within a range of at most four per player; nil otherwise.
    private static func countedOrder(_ players: [Int], by weights: [Int64], heaviestFirst: Bool) -> [Int]? {
        guard players.count > 16, var lightest = players.first.map({ weights[$0] }) else { return nil }
        var heaviest = lightest
        var previous = -1
        for player in players {
            guard player > previous else { return nil }
            previous = player
            lightest = min(lightest, weights[player])
            heaviest = max(heaviest, weights[player])
        }
        let (span, overflow) = heaviest.subtractingReportingOverflow(lightest)
        guard !overflow, span < Int64(4 * players.count) else { return nil }
        // Where each weight's players start, then each player put in its place.
        let slot: (Int) -> Int = { player in Int(heaviestFirst ? heaviest - weights[player] : weights[player] - lightest) }
        var starts = [Int](repeating: 0, count: Int(span) + 2)
        for player in players { starts[slot(player) + 1] += 1 }
        for index in starts.indices.dropFirst() { starts[index] += starts[index - 1] }
        var ordered = [Int](repeating: 0, count: players.count)
        for player in players {
            let weight = slot(player)
            ordered[starts[weight]] = player
            starts[weight] += 1
        }
        return ordered
    }

    /// A sum of non-negative weights that saturates at `Int64.max`, so that
    /// weights near 2^63 compare correctly with the quota instead of trapping.
    public static func weight(of weights: some Sequence<Int64>) -> Int64 {
        weights.reduce(0, adding)
    }

    /// Two non-negative weights added, saturating at `Int64.max` as
    /// `weight(of:)` does.
    @inline(__always) static func adding(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}

/// An exact fraction of two non-negative 128-bit integers, in lowest terms.
public struct Fraction: Hashable, Sendable, CustomStringConvertible {
    public let numerator: UInt128
    public let denominator: UInt128

    /// `numerator / denominator` in lowest terms; the denominator is not zero.
    public init(_ numerator: UInt128, _ denominator: UInt128) {
        precondition(denominator != 0, "a fraction's denominator is never zero")
        if numerator <= UInt64.max && denominator <= UInt64.max {
            // Most fractions fit in 64 bits, where the processor divides and
            // shifts in single instructions; 128-bit ones go through software.
            let (n, d) = (UInt64(truncatingIfNeeded: numerator), UInt64(truncatingIfNeeded: denominator))
            let divisor = Self.greatestCommonDivisor(n, d)
            self.numerator = UInt128(n / divisor)
            self.denominator = UInt128(d / divisor)
        } else {
            let divisor = Self.greatestCommonDivisor(numerator, denominator)
            self.numerator = numerator / divisor
            self.denominator = denominator / divisor
        }
    }

    /// Stein's binary algorithm: shifts and subtractions, no division.
    private static func greatestCommonDivisor<Whole: FixedWidthInteger & UnsignedInteger>(_ x: Whole, _ y: Whole) -> Whole {
        guard x != 0 else { return y }
        var (a, b) = (x, y)
        let shift = Whole(truncatingIfNeeded: (a | b).trailingZeroBitCount)
        a &>>= Whole(truncatingIfNeeded: a.trailingZeroBitCount)
        repeat {
            b &>>= Whole(truncatingIfNeeded: b.trailingZeroBitCount)
            if a > b { swap(&a, &b) }
            b -= a
        } while b != 0
        return a &<< shift
    }

    public var doubleValue: Double { Self.double(numerator) / Self.double(denominator) }

    /// A count as a `Double`, from its two 64-bit halves: the standard
    /// library's conversion of `UInt128` is generic and far slower, and
    /// fractions are converted for every member of every table.
    private static func double(_ value: UInt128) -> Double {
        let high = UInt64(truncatingIfNeeded: value &>> 64)
        let low = UInt64(truncatingIfNeeded: value)
        return high == 0 ? Double(low) : Double(high) * 0x1p64 + Double(low)
    }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}
