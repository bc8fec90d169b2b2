// Tables of coalitions by weight, built one player at a time: the dynamic
// programme behind every power index (a generating function over weights,
// truncated at the quota). Weights at or above the quota all land in one
// last cell, the "bucket", because every such coalition wins alike.
//
// Three kinds of cell: exact counts, by weight alone or by size and weight,
// in a whole-number type the caller chooses to hold them; probabilities (`Double`,
// every step a convex combination of non-negative numbers, so the relative
// error grows by at most a few ulps per player and never by cancellation);
// and plain reachability bits, which decide exactly whether a swing exists at
// all when probabilities are too small to show.

import CharterDiagnostics
import Dispatch

/// A table to which players are added one at a time.
protocol CoalitionTable {
    mutating func add(weight: Int)
    /// The work of adding a player of `weight` to the table as it is now,
    /// in the units of `PowerCost`: the cells the add visits, each weighted
    /// by what it costs, and the add's own overhead.
    func cost(ofAdding weight: Int) -> Double
    /// The bytes of the table's cells.
    var bytes: Double { get }
}

/// The whole numbers coalitions are counted in. The caller chooses a type
/// that holds every count, so additions wrap never and need no check (and
/// the compiler can vectorise them): n players form 2^n coalitions in all,
/// and at most C(n, n/2) of one size.
typealias CoalitionCount = FixedWidthInteger & UnsignedInteger & Sendable

/// How many coalitions have each weight below the cap, and how many reach it.
struct CountsByWeight<Count: CoalitionCount>: CoalitionTable {
    var cells: [Count]

    /// `players`: how many will be added, fewer than `Count`'s bits.
    init(cap: Int, players: Int) {
        assert(players < Count.bitWidth, "\(players) players can overflow \(Count.self)")
        cells = Array(repeating: 0, count: cap + 1)
        cells[0] = 1
    }

    /// Every add visits every cell: the band that reaches the cap, and the rest shifted.
    func cost(ofAdding weight: Int) -> Double { Self.cost(cells: Double(cells.count)) }

    /// `cells`: the cap plus one (in floating point, so that no cap can overflow).
    static func cost(cells: Double) -> Double {
        PowerCost.perAdd + cells * PowerCost.worth(.counts(bits: Count.bitWidth), tableBytes: bytes(cells: cells))
    }

    var bytes: Double { Self.bytes(cells: Double(cells.count)) }

    static func bytes(cells: Double) -> Double { cells * Double(MemoryLayout<Count>.stride) }

    mutating func add(weight: Int) {
        let cap = cells.count - 1
        cells.withUnsafeMutableBufferPointer { buffer in
            var bucket = buffer[cap]
            for source in max(0, cap - weight)..<cap + 1 { bucket &+= buffer[source] }
            buffer[cap] = bucket
            guard weight < cap else { return }
            for target in stride(from: cap - 1, through: weight, by: -1) { buffer[target] &+= buffer[target - weight] }
        }
    }
}

/// The probability that the players added so far, each joining on its own
/// with probability `joining`, form a coalition of each weight. With
/// `joining` one half that is counts divided by 2^players, the Banzhaf
/// table; integrated over `joining` it gives Shapley–Shubik.
struct ProbabilitiesByWeight: CoalitionTable {
    /// The probabilities, each still to be halved `halvings` times: for one
    /// half, adding a player only adds (a count's recurrence), and the
    /// halvings are applied by exponent, exactly, when the table is read or
    /// before the numbers could grow out of range.
    private var cells: [Double]
    private var halvings = 0
    let joining: Double

    init(cap: Int, joining: Double = 0.5) {
        cells = Array(repeating: 0, count: cap + 1)
        cells[0] = 1
        self.joining = joining
    }

    /// The probability that the coalition weighs within `band` (below the cap).
    func probability(in band: Range<Int>) -> Double {
        var sum = 0.0
        for weight in band { sum += cells[weight] }
        return Self.halved(sum, halvings)
    }

    /// The probability that the coalition reaches the cap.
    var reachingCap: Double { Self.halved(cells[cells.count - 1], halvings) }

    private static func halved(_ value: Double, _ times: Int) -> Double {
        value * Double(sign: .plus, exponent: -times, significand: 1)
    }

    func cost(ofAdding weight: Int) -> Double { Self.cost(ofAdding: weight, cells: Double(cells.count), joining: joining) }

    /// One half only adds, a cell at a time; any other chance multiplies
    /// too, and scales the `weight` cells at the bottom once more.
    static func cost(ofAdding weight: Int, cells: Double, joining: Double) -> Double {
        if weight == 0 { return PowerCost.perAdd }
        if joining == 0.5 { return PowerCost.perAdd + cells * PowerCost.worth(.halves, tableBytes: bytes(cells: cells)) }
        return PowerCost.perAdd
            + (cells + min(Double(weight), cells - 1)) * PowerCost.worth(.probabilities, tableBytes: bytes(cells: cells))
    }

    var bytes: Double { Self.bytes(cells: Double(cells.count)) }

    static func bytes(cells: Double) -> Double { cells * Double(MemoryLayout<Double>.stride) }

    mutating func add(weight: Int) {
        if weight == 0 { return } // joining or not, the coalition weighs the same
        if joining == 0.5 {
            // The sum of the cells doubles with each player: rescale, exactly,
            // long before it could overflow.
            if halvings == 512 {
                for index in cells.indices { cells[index] = Self.halved(cells[index], 512) }
                halvings = 0
            }
            update(weight: weight, stays: 1, joins: 1)
            halvings += 1
        } else {
            update(weight: weight, stays: 1 - joining, joins: joining)
        }
    }

    /// Each cell becomes `stays` times itself plus `joins` times the cell
    /// `weight` below it; the cap gathers every weight that reaches it.
    private mutating func update(weight: Int, stays: Double, joins: Double) {
        let cap = cells.count - 1
        let unscaled = stays == 1 && joins == 1
        cells.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            var reaching = 0.0
            for source in max(0, cap - weight)..<cap { reaching += base[source] }
            // Coalitions at the cap stay there whether the player joins or not.
            base[cap] = (stays + joins) * base[cap] + joins * reaching
            // Below the cap, from the top down, so that each cell reads the
            // one `weight` below before that one changes. A block of eight
            // reads everything it needs before writing, and only reads
            // below what the blocks above it wrote: safe for any weight,
            // and the compiler cannot prove that on its own.
            var top = cap
            if unscaled {
                while top - 8 >= weight {
                    let target = top - 8
                    let kept = UnsafeRawPointer(base + target).loadUnaligned(as: SIMD8<Double>.self)
                    let joined = UnsafeRawPointer(base + target - weight).loadUnaligned(as: SIMD8<Double>.self)
                    UnsafeMutableRawPointer(base + target).storeBytes(of: kept + joined, as: SIMD8<Double>.self)
                    top = target
                }
            } else {
                while top - 8 >= weight {
                    let target = top - 8
                    let kept = UnsafeRawPointer(base + target).loadUnaligned(as: SIMD8<Double>.self)
                    let joined = UnsafeRawPointer(base + target - weight).loadUnaligned(as: SIMD8<Double>.self)
                    UnsafeMutableRawPointer(base + target).storeBytes(of: stays * kept + joins * joined, as: SIMD8<Double>.self)
                    top = target
                }
            }
            while top > weight {
                top -= 1
                base[top] = stays * base[top] + joins * base[top - weight]
            }
            if !unscaled {
                while top > 0 {
                    top -= 1
                    base[top] *= stays
                }
            }
        }
    }
}

/// Coalition counts by size (row) and weight (column), in one flat buffer.
struct CountsBySizeAndWeight<Count: CoalitionCount>: CoalitionTable {
    private var cells: [Count]
    private let width: Int
    private(set) var players = 0

    /// `maximumPlayers`: how many will be added, few enough that C(n, n/2)
    /// fits in `Count` (34 for 32 bits).
    init(cap: Int, maximumPlayers: Int) {
        width = cap + 1
        cells = Array(repeating: 0, count: (maximumPlayers + 1) * width)
        cells[0] = 1
    }

    /// The coalitions of `size` players whose weight lies in `band`.
    func count(size: Int, in band: Range<Int>) -> Count {
        band.reduce(Count(0)) { $0 &+ cells[size * width + $1] }
    }

    /// The coalitions of `size` players that reach the cap.
    func reaching(size: Int) -> Count { cells[size * width + width - 1] }

    /// An add visits a row for every player the table will then hold.
    func cost(ofAdding weight: Int) -> Double {
        Self.cost(cells: Double(width), rows: players + 1, maximumPlayers: cells.count / width - 1)
    }

    /// `cells`: of one row, the cap plus one.
    static func cost(cells: Double, rows: Int, maximumPlayers: Int) -> Double {
        PowerCost.perAdd + Double(rows) * cells
            * PowerCost.worth(.countsBySize, tableBytes: bytes(cells: cells, maximumPlayers: maximumPlayers))
    }

    var bytes: Double { Double(cells.count) * Double(MemoryLayout<Count>.stride) }

    static func bytes(cells: Double, maximumPlayers: Int) -> Double {
        Double(maximumPlayers + 1) * cells * Double(MemoryLayout<Count>.stride)
    }

    mutating func add(weight: Int) {
        players += 1
        let cap = width - 1
        let players = players
        cells.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            // Row k is built from row k-1 before that row changes: sizes descend.
            for size in stride(from: players, through: 1, by: -1) {
                let row = base + size * width
                let previous = row - width
                var bucket = row[cap]
                for source in max(0, cap - weight)...cap { bucket &+= previous[source] }
                row[cap] = bucket
                guard weight < cap else { continue }
                for target in weight..<cap { row[target] &+= previous[target - weight] }
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

    /// An add looks at the words below the cap that could reach it, then shifts every word.
    func cost(ofAdding weight: Int) -> Double { Self.cost(ofAdding: weight, cells: Double(cap) + 1) }

    /// `cells`: bits, the cap plus one.
    static func cost(ofAdding weight: Int, cells: Double) -> Double {
        let words = (cells / 64).rounded(.up) + (min(Double(weight), cells) / 64).rounded(.up)
        return weight == 0 ? PowerCost.perAdd : PowerCost.perAdd + words * PowerCost.worth(.bitWords, tableBytes: bytes(cells: cells))
    }

    var bytes: Double { Self.bytes(cells: Double(cap) + 1) }

    static func bytes(cells: Double) -> Double { (cells / 64).rounded(.up) * 8 }

    /// Whether some coalition's weight lies in `range`, a word at a time.
    func containsAny(in range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        let last = range.upperBound - 1
        for index in range.lowerBound / 64...last / 64 {
            var mask = UInt64.max
            if index == range.lowerBound / 64 { mask &= UInt64.max << UInt64(range.lowerBound % 64) }
            if index == last / 64 { mask &= UInt64.max >> UInt64(63 - last % 64) }
            if words[index] & mask != 0 { return true }
        }
        return false
    }

    mutating func add(weight: Int) {
        if weight == 0 { return }
        if containsAny(in: max(0, cap - weight)..<cap) { insert(cap) }
        guard weight < cap else { return }
        // Shift the set up by `weight`, word by word from the top, and merge.
        let wordShift = weight / 64
        let bitShift = UInt64(weight % 64)
        words.withUnsafeMutableBufferPointer { words in
            let base = words.baseAddress!
            var index = words.count - 1
            if bitShift == 0 {
                while index >= wordShift {
                    base[index] |= base[index - wordShift]
                    index -= 1
                }
                return
            }
            while index > wordShift {
                base[index] |= base[index - wordShift] << bitShift | base[index - wordShift - 1] >> (64 - bitShift)
                index -= 1
            }
            base[wordShift] |= base[0] << bitShift
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
struct WeightClass: Sendable {
    var weight: Int
    var players: [Int]
}

/// For each class, `measure` of a table of every other player (all of the
/// other classes and all but one of the class's own players), with the
/// tables built by divide and conquer: each level adds every player once, so
/// the work is the players times the depth, log2 of the classes, plus one.
/// Only additions, no subtraction: the floating-point tables keep their
/// relative error small. With `parallel`, the two halves of the first split
/// run on two threads; the results are the same. Also returns the work done,
/// in the units of `PowerCost`: what `leaveOneOutCost` estimates, counted as
/// it happens (each add's cost, and a measure as two adds: it reads a band of
/// the table, at most all of it, once or twice).
func leaveOneOut<Table: CoalitionTable & Sendable, Measure: Sendable>(
    _ classes: [WeightClass], from empty: Table, stop: @escaping @Sendable () -> Bool, progress: WorkProgress? = nil, parallel: Bool,
    measure: @escaping @Sendable (Int, Table) -> Measure
) -> (measures: [Measure], work: Double) {
    // Once `stop` says yes, players are no longer added: what is left runs
    // in no time, and the caller throws the measures away.
    @Sendable func add(_ range: Range<Int>, to table: inout Table, work: inout Double) {
        for index in range {
            for _ in classes[index].players where !stop() {
                let cost = table.cost(ofAdding: classes[index].weight)
                work += cost
                table.add(weight: classes[index].weight)
                progress?.advance(cost)
            }
        }
    }
    // In order, appending to one array; the table for the second half is
    // built only once the first half is done with its own, which is gone by
    // then (each lives in a scope of its own): a thread holds one table per
    // level of the descent, as `leaveOneOutTables` says.
    @Sendable func descend(_ range: Range<Int>, _ table: Table, into measures: inout [Measure], work: inout Double) {
        if range.count == 1 {
            let weight = classes[range.lowerBound].weight
            var others = table
            for _ in classes[range.lowerBound].players.dropFirst() where !stop() {
                let cost = others.cost(ofAdding: weight)
                work += cost
                others.add(weight: weight)
                progress?.advance(cost)
            }
            let measuring = 2 * others.cost(ofAdding: weight)
            work += measuring
            measures.append(measure(range.lowerBound, others))
            progress?.advance(measuring)
            return
        }
        let middle = (range.lowerBound + range.upperBound) / 2
        do {
            var withUpper = table
            add(middle..<range.upperBound, to: &withUpper, work: &work)
            descend(range.lowerBound..<middle, withUpper, into: &measures, work: &work)
        }
        do {
            var withLower = table
            add(range.lowerBound..<middle, to: &withLower, work: &work)
            descend(middle..<range.upperBound, withLower, into: &measures, work: &work)
        }
    }
    @Sendable func measures(of range: Range<Int>, from table: Table, work: inout Double) -> [Measure] {
        var measures: [Measure] = []
        measures.reserveCapacity(range.count)
        descend(range, table, into: &measures, work: &work)
        return measures
    }
    guard !classes.isEmpty else { return ([], 0) }
    guard parallel && classes.count > 1 else {
        var work = 0.0
        let measures = measures(of: 0..<classes.count, from: empty, work: &work)
        return (measures, work)
    }
    let middle = classes.count / 2
    let halves = Halves<Measure>()
    DispatchQueue.concurrentPerform(iterations: 2) { side in
        var table = empty
        var work = 0.0
        if side == 0 {
            add(middle..<classes.count, to: &table, work: &work)
            halves.lower = measures(of: 0..<middle, from: table, work: &work)
            halves.lowerWork = work
        } else {
            add(0..<middle, to: &table, work: &work)
            halves.upper = measures(of: middle..<classes.count, from: table, work: &work)
            halves.upperWork = work
        }
    }
    return (halves.lower + halves.upper, halves.lowerWork + halves.upperWork)
}

/// The results of the two halves, each written by one thread only, and read
/// after both have finished.
private final class Halves<Measure>: @unchecked Sendable {
    var lower: [Measure] = []
    var upper: [Measure] = []
    var lowerWork = 0.0
    var upperWork = 0.0
}

/// The work `leaveOneOut` does, given what adding a player of each weight
/// costs (at most): a class's players are added once at every split above
/// it, and all but one of them at its own leaf, where it is measured.
func leaveOneOutCost(_ classes: [WeightClass], cost: (Int) -> Double) -> Double {
    func descend(_ range: Range<Int>, splitsAbove: Int) -> Double {
        if range.count == 1 {
            let weightClass = classes[range.lowerBound]
            let adds = weightClass.players.count * (splitsAbove + 1) - 1
            return Double(adds + 2) * cost(weightClass.weight)
        }
        let middle = (range.lowerBound + range.upperBound) / 2
        return descend(range.lowerBound..<middle, splitsAbove: splitsAbove + 1)
            + descend(middle..<range.upperBound, splitsAbove: splitsAbove + 1)
    }
    return classes.isEmpty ? 0 : descend(0..<classes.count, splitsAbove: 0)
}

/// The most tables `leaveOneOut` holds at once: on each thread, the one it
/// starts from, one for each level of its descent (log2 of the classes,
/// rounded up) and the leaf's; and the empty table, shared.
func leaveOneOutTables(classes: Int, threads: Int) -> Int {
    var depth = 0
    while (1 << depth) < classes { depth += 1 }
    return threads * (depth + 2) + 1
}
