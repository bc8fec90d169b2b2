// What power computations cost, in time and in memory, so that one over the
// limits is refused before it starts, with its reason.
//
// The unit of work, the "table cell" of the work limit, is 2.5 instructions:
// about a quarter of a nanosecond on a current 4 GHz core, which retires
// about ten instructions a nanosecond in these loops. A cell of each kind of
// table is worth the instructions an add spends on it, in units; and a cell
// of a table larger than a core's cache (2 MiB) is worth more again, by its
// bytes, since the add then streams the table through memory. The estimate
// of a computation is the cells it visits times their worth, plus a fixed
// cost per player added (the call, the band that reaches the quota, the
// check for an interruption). An estimate counts in whatever the wider
// kinds cost: 128-bit counts, tables by size, a table per quadrature point.
//
// How the constants were measured (x86-64, release build): games made to use
// one kind of table each, with a work limit that leaves the other
// computations out, run by `charter power --work-limit L --timings`, which
// writes the work counted beside the time; and under
// `valgrind --tool=callgrind`, whose instructions at the limit L less those
// at a limit of 1 (every index refused) are the computation's own. Tables
// of 2,000 to 80,000 cells, 25 to 200 players; instructions per cell
// visited:
//
//   32-bit counts by weight      8.8      64-bit      10.2     128-bit   15.6
//   probabilities at ½           4.2      at any other chance          5.2
//   32-bit counts by size        5.0      a 64-bit word of bits        15
//
// Callgrind then gives 2.5 instructions a unit for every kind (3.3 where
// tables of a few thousand cells make the fixed cost per add count), 1 for
// tables by size larger than the cache. The same games with tables of 6 to
// 33 MB took 2 to 4 times longer a cell than their instructions say, about
// 0.4 ns more per byte of the cell (on a machine where an instruction took
// about 0.2 ns): 0.8 units a byte. Timed on the two-core development
// machine while other jobs shared it, a unit took 0.4 to 1.2 ns whatever
// the kind, where a plain cell, as counted before, took 0.36 to 3.4 ns: a
// factor of ten between kinds. The estimates stay within 1.3 times the work
// counted as the tables grow (`PowerWorkTests` holds them within 3).

/// The kinds of cell the power tables hold.
enum PowerCell: Sendable {
    /// Coalitions counted by weight, in 32, 64 or 128 bits.
    case counts(bits: Int)
    /// Coalitions counted by size and weight, in 32 bits.
    case countsBySize
    /// Probabilities for a chance of one half: additions only.
    case halves
    /// Probabilities for any other chance: multiplications too.
    case probabilities
    /// 64-bit words of the weights some coalition has.
    case bitWords

    /// The instructions an add spends on one cell (measured; see above).
    var instructions: Double {
        switch self {
        case .counts(let bits): bits <= 32 ? 8.8 : bits <= 64 ? 10.2 : 15.6
        case .countsBySize: 5.0
        case .halves: 4.2
        case .probabilities: 5.2
        case .bitWords: 15
        }
    }

    var bytes: Double {
        switch self {
        case .counts(let bits): Double(bits / 8)
        case .countsBySize: 4
        case .halves, .probabilities, .bitWords: 8
        }
    }

    /// What a cell holds, for saying why a computation was refused.
    var kind: String {
        switch self {
        case .counts(let bits): "\(bits)-bit counts"
        case .countsBySize: "32-bit counts by size"
        case .halves, .probabilities: "floating-point probabilities"
        case .bitWords: "64-bit words of reachable weights"
        }
    }
}

/// The worth of each kind of work, in units of the work limit.
enum PowerCost {
    /// The instructions one unit stands for.
    static let instructionsPerUnit = 2.5
    /// A table larger than this no longer stays in a core's cache.
    static let cacheBytes = 2.0 * 1024 * 1024
    /// What each byte of a cell of such a table costs beyond its instructions.
    static let unitsPerByteBeyondCache = 0.8

    /// What visiting one cell of a table of `tableBytes` is worth.
    static func worth(_ cell: PowerCell, tableBytes: Double) -> Double {
        cell.instructions / instructionsPerUnit + (tableBytes > cacheBytes ? unitsPerByteBeyondCache * cell.bytes : 0)
    }

    /// Adding one player to a table, beyond its cells.
    static let perAdd = 32.0
    /// A coalition visited by enumeration (`SmallGames.swift`), or one of
    /// its players looked at.
    static let perCoalitionPlayer = 2.0
    /// One step of the Legendre recurrence in 80-bit floating point.
    static let legendreStep = 4.0
    /// The Newton steps finding one quadrature point takes, at most in
    /// practice (from a close first guess), and the last evaluation.
    static let newtonSteps = 6.0
    /// A player's share at one quadrature point, gathered into the sums;
    /// and a share of a symmetric game.
    static let perPlayerPerPoint = 8.0

    /// The cost of the Gauss–Legendre rule of `points` points.
    static func quadrature(points: Int) -> Double {
        let m = Double(max(1, points))
        return (m + 1) / 2 * (newtonSteps + 1) * m * legendreStep
    }
}
