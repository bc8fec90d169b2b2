// Tables of coalitions by weight, built one player at a time: the dynamic
// programme behind every power index (a generating function over weights,
// truncated at the quota). Weights at or above the quota all land in one
// last cell, the "bucket", because every such coalition wins alike.
//
// Four kinds of cell: exact counts (`UInt128`, reporting overflow instead of
// trapping), probabilities (`Double`, every step a convex combination of
// non-negative numbers, so the relative error grows by at most a few
// ulps per player and never by cancellation), each with or without the
// coalition's size; and plain reachability bits, which decide exactly
// whether a swing exists at all when probabilities are too small to show.

/// A table to which players are added one at a time.
protocol CoalitionTable {
    mutating func add(weight: Int)
}

/// How many coalitions have each weight below the cap, and how many reach it.
struct CountsByWeight: CoalitionTable {
    var cells: [UInt128]
    var overflowed = false

    init(cap: Int) {
        cells = Array(repeating: 0, count: cap + 1)
        cells[0] = 1
    }

    mutating func add(weight: Int) {
        let cap = cells.count - 1
        var bucket = cells[cap]
        for source in max(0, cap - weight)..<cap + 1 { bucket = adding(bucket, cells[source]) }
        cells[cap] = bucket
        if weight < cap {
            for target in stride(from: cap - 1, through: weight, by: -1) {
                cells[target] = adding(cells[target], cells[target - weight])
            }
        }
    }

    private mutating func adding(_ a: UInt128, _ b: UInt128) -> UInt128 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        overflowed = overflowed || overflow
        return sum
    }
}

/// The probability that a coalition of the players added so far, chosen
/// uniformly among all of them, has each weight: counts divided by 2^players.
struct ProbabilitiesByWeight: CoalitionTable {
    var cells: [Double]

    init(cap: Int) {
        cells = Array(repeating: 0, count: cap + 1)
        cells[0] = 1
    }

    mutating func add(weight: Int) {
        let cap = cells.count - 1
        var reaching = 0.0
        for source in max(0, cap - weight)..<cap { reaching += cells[source] }
        cells[cap] += 0.5 * reaching
        if weight == 0 { return }
        // Below the cap: half the coalitions leave the player out, half take it in.
        for target in stride(from: cap - 1, through: 0, by: -1) {
            cells[target] = target >= weight ? 0.5 * (cells[target] + cells[target - weight]) : 0.5 * cells[target]
        }
    }
}

/// Coalition counts by size (row) and weight (column).
struct CountsBySizeAndWeight: CoalitionTable {
    var rows: [[UInt128]]
    var players = 0
    var overflowed = false

    init(cap: Int, maximumPlayers: Int) {
        rows = Array(repeating: Array(repeating: 0, count: cap + 1), count: maximumPlayers + 1)
        rows[0][0] = 1
    }

    mutating func add(weight: Int) {
        players += 1
        let cap = rows[0].count - 1
        for size in stride(from: players, through: 1, by: -1) {
            var bucket = rows[size][cap]
            for source in max(0, cap - weight)..<cap + 1 { bucket = adding(bucket, rows[size - 1][source]) }
            rows[size][cap] = bucket
            if weight < cap {
                for target in stride(from: cap - 1, through: weight, by: -1) {
                    rows[size][target] = adding(rows[size][target], rows[size - 1][target - weight])
                }
            }
        }
    }

    private mutating func adding(_ a: UInt128, _ b: UInt128) -> UInt128 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        overflowed = overflowed || overflow
        return sum
    }
}

/// For each size k, the probability that a k-player coalition of the players
/// added so far, chosen uniformly, has each weight: counts divided by C(j, k).
struct ProbabilitiesBySizeAndWeight: CoalitionTable {
    var rows: [[Double]]
    var players = 0

    init(cap: Int, maximumPlayers: Int) {
        rows = Array(repeating: Array(repeating: 0, count: cap + 1), count: maximumPlayers + 1)
        rows[0][0] = 1
    }

    mutating func add(weight: Int) {
        players += 1
        let cap = rows[0].count - 1
        let all = Double(players)
        for size in stride(from: players, through: 1, by: -1) {
            // A k-coalition of j players leaves the newcomer out with
            // probability (j-k)/j and takes it in with probability k/j.
            let without = Double(players - size) / all
            let with = Double(size) / all
            var reaching = 0.0
            for source in max(0, cap - weight)..<cap + 1 { reaching += rows[size - 1][source] }
            rows[size][cap] = without * rows[size][cap] + with * reaching
            for target in stride(from: cap - 1, through: 0, by: -1) {
                let joined = target >= weight ? rows[size - 1][target - weight] : 0
                rows[size][target] = without * rows[size][target] + with * joined
            }
        }
    }
}

/// Which weights some coalition of the players added so far has.
struct ReachableWeights: CoalitionTable {
    /// Bit w of the set: some coalition weighs w (the last bit: at least the cap).
    var words: [UInt64]
    let cap: Int

    init(cap: Int) {
        self.cap = cap
        words = Array(repeating: 0, count: cap / 64 + 1)
        words[0] = 1
    }

    func contains(_ weight: Int) -> Bool { words[weight / 64] >> UInt64(weight % 64) & 1 == 1 }

    /// Whether some coalition weighs at least `lower` and less than `upper`.
    func containsAny(in range: Range<Int>) -> Bool { range.contains { contains($0) } }

    mutating func add(weight: Int) {
        if weight == 0 { return }
        if containsAny(in: max(0, cap - weight)..<cap) { insert(cap) }
        guard weight < cap else { return }
        // Shift the set up by `weight`, word by word from the top, and merge.
        let wordShift = weight / 64
        let bitShift = UInt64(weight % 64)
        for index in stride(from: words.count - 1, through: wordShift, by: -1) {
            var shifted = words[index - wordShift] << bitShift
            if bitShift > 0 && index - wordShift > 0 { shifted |= words[index - wordShift - 1] >> (64 - bitShift) }
            words[index] |= shifted
        }
        // Shifted bits that went past the cap belong to the bucket, which
        // the first line already set; clear them.
        let capBit = UInt64(cap % 64)
        let keep: UInt64 = capBit == 63 ? .max : (UInt64(1) << (capBit + 1)) - 1
        words[words.count - 1] &= keep
    }

    mutating func insert(_ weight: Int) { words[weight / 64] |= 1 << UInt64(weight % 64) }
}

/// Players grouped by weight: players of equal weight have equal power, so
/// each group is computed once.
struct WeightClass {
    var weight: Int
    var players: [Int]
}

/// Calls `visit` once per class with a table of every other player (all of
/// the other classes and all but one of the class's own players), building
/// the tables by divide and conquer: each level adds every player once, so
/// the work is the players times the depth, log2 of the classes, plus one.
/// Only additions, no subtraction: the floating-point tables stay exact in
/// their relative error.
func leaveOneOut<Table: CoalitionTable>(_ classes: [WeightClass], from empty: Table,
                                       visit: (Int, Table) -> Void) {
    func add(_ range: Range<Int>, to table: inout Table) {
        for index in range {
            for _ in classes[index].players { table.add(weight: classes[index].weight) }
        }
    }
    func descend(_ range: Range<Int>, _ table: Table) {
        if range.count == 1 {
            var others = table
            for _ in classes[range.lowerBound].players.dropFirst() { others.add(weight: classes[range.lowerBound].weight) }
            visit(range.lowerBound, others)
            return
        }
        let middle = (range.lowerBound + range.upperBound) / 2
        var withUpper = table
        add(middle..<range.upperBound, to: &withUpper)
        descend(range.lowerBound..<middle, withUpper)
        var withLower = table
        add(range.lowerBound..<middle, to: &withLower)
        descend(middle..<range.upperBound, withLower)
    }
    guard !classes.isEmpty else { return }
    descend(0..<classes.count, empty)
}

/// The passes `leaveOneOut` makes over a table, for estimating its cost.
func leaveOneOutPasses(players: Int, classes: Int) -> Double {
    var depth = 0
    while (1 << depth) < classes { depth += 1 }
    return Double(players) * Double(depth + 1)
}
