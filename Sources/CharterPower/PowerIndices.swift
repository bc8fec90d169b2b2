// Exact voting power: the normalized Banzhaf index (how often a player's vote
// turns a losing coalition into a winning one) and the Shapley–Shubik index
// (how often a player is pivotal in a random order of joining), with the
// structural facts that follow from them: dictators, veto players, dummies
// and whether the game is proper.
//
// Past a dozen players (`SmallGames.swift` enumerates the coalitions of
// smaller games, which is faster there), the computation never enumerates
// coalitions. Declared veto players are
// taken out first: a coalition can only win with all of them, so the rest is
// a weighted game with the quota lowered by their weight. Players of equal
// weight are grouped; `leaveOneOut` builds, for each group, the table of
// coalitions of everyone else, and a player's swings are the coalitions whose
// weight lies just below the quota, within the player's own weight.
//
// Arithmetic: exact counts when the game is small enough that no count can
// exceed 128 bits (Banzhaf up to 120 players, Shapley–Shubik up to 34, where
// n! still fits), in the narrowest whole-number type that holds them;
// otherwise probabilities in `Double`, whose relative error stays below
// about 4·n·2^-53 (10^-12 for n = 10,000) because only non-negative numbers
// are ever added. Every result says which it is.

import CharterDiagnostics
import Foundation

/// How a power index was computed.
public enum PowerPrecision: String, Sendable {
    /// Exact integers and fractions.
    case exact
    /// Floating point, relative error below 10^-12.
    case approximate
}

/// A power index: each player's share, summing to 1.
public struct PowerIndex: Sendable {
    public var precision: PowerPrecision
    public var shares: [Double]
    /// The shares as fractions, when computed exactly.
    public var exactShares: [Fraction]?
}

/// How many coalitions a player swings.
public enum SwingCount: Hashable, Sendable, CustomStringConvertible {
    case exact(UInt128)
    /// `fraction · 2^exponent`, too large to count exactly.
    case approximate(fraction: Double, exponent: Int)

    public var isZero: Bool {
        switch self {
        case .exact(let count): count == 0
        case .approximate(let fraction, _): fraction == 0
        }
    }

    public var description: String {
        switch self {
        case .exact(let count):
            return "\(count)"
        case .approximate(let fraction, let exponent):
            guard fraction > 0 else { return "0" }
            let decimalExponent = log10(fraction) + Double(exponent) * log10(2.0)
            let power = decimalExponent.rounded(.down)
            return "≈" + String(format: "%.3fe%.0f", pow(10, decimalExponent - power), power)
        }
    }
}

/// Why a game gives nobody any power.
public enum Degeneracy: Sendable, Equatable {
    /// Even all players together do not reach the quota.
    case noWinningCoalition
    /// The empty coalition already wins: no vote changes anything.
    case everyCoalitionWins
}

/// Why an index could not be given.
public enum PowerUnavailable: Error, Sendable, Equatable {
    /// Nobody has any power in this game.
    case degenerate(Degeneracy)
    /// Refused: the estimated work exceeds the limit. Work is counted in
    /// table cells of 32-bit counts; a cell of another kind is worth more
    /// (`PowerCost`), and `tables` says which kind the computation needs.
    case tooLarge(work: Double, limit: Double, tables: PowerTables? = nil)
    /// Refused: one table (members × weights) would hold too many cells.
    case tableTooLarge(cells: Double, limit: Double)
    /// Refused: the tables the computation holds at once would take more
    /// than `limit` bytes of memory.
    case memoryTooLarge(bytes: Double, limit: Double, tables: PowerTables)
    /// Every swing is too rare for floating point to tell apart from none.
    case beyondPrecision
    /// Refused: the run's budget for power computations, in table cells, is spent.
    case budgetSpent(budget: Double)
    /// Stopped when asked to (the REPL's Ctrl-C).
    case interrupted
}

/// The tables a computation refused would have built, for saying why.
public struct PowerTables: Sendable, Equatable {
    /// What a cell holds: "128-bit counts".
    public var kind: String
    /// What visiting one cell costs, in cells of 32-bit counts.
    public var worth: Double
    /// The cells of one table.
    public var cells: Double
    /// How many such tables are held at once.
    public var count: Int
}

/// Everything Charter knows about the power in one weighted game.
public struct PowerAnalysis: Sendable {
    public var game: WeightedGame
    /// Set when nobody has any power.
    public var degeneracy: Degeneracy?
    /// Swings per player and the normalized Banzhaf index.
    public var banzhaf: Result<(index: PowerIndex, swings: [SwingCount]), PowerUnavailable>
    public var shapley: Result<PowerIndex, PowerUnavailable>
    /// Each player's power to prevent action (Blocking.swift): computed
    /// when the Banzhaf index was, from its swings.
    public var preventive: Result<PreventivePower, PowerUnavailable>
    /// Players who win alone.
    public var dictators: [Int]
    /// Players in every winning coalition: declared, or implied by the weights.
    public var vetoPlayers: [Int]
    /// Players who are never pivotal; nil when that could not be computed.
    public var dummies: [Int]?
    /// Whether no two disjoint coalitions can both win; nil when too large to tell.
    public var isProper: Bool?
    /// The work done, in table cells of 32-bit counts (`PowerCost`),
    /// counted as the tables grew, for a caller that keeps a budget over
    /// many games: of the indices, dummies and properness, whatever was
    /// computed.
    public var work: Double
    /// The work estimated, before they started, for what was computed: at
    /// least `work`, within a small factor (the tests hold it there).
    public var estimatedWork: Double

    /// The default limit on the work of one index in checks, where many
    /// bodies share a run that should feel instant: about half a second on
    /// a current core (a unit of work, a cell of 32-bit counts or its worth
    /// in other cells, is about a quarter of a nanosecond: `PowerCost`).
    public static let defaultWorkLimit = 2e9

    /// The default limit when the indices are what was asked for: about ten
    /// seconds (Shapley–Shubik for 500 members with weights up to 100 is
    /// estimated at 3.6e10 and takes about three); a caller that can be
    /// interrupted lets it run.
    public static let requestedWorkLimit = 5e10

    /// The most cells one table may hold — 40 MB of `Double`, 80 MB of
    /// `UInt128`.
    public static let maximumTableCells = 5e6

    /// The most bytes the tables of one computation may hold at once: the
    /// divide and conquer keeps a table per level of its descent on each
    /// thread (`leaveOneOutTables`). A computation that fits on one thread
    /// but not on two runs on one.
    public static let memoryLimit = 512.0 * 1024 * 1024

    /// Analyses a game, refusing any index whose estimated work exceeds
    /// `workLimit` table cells. `shouldStop` is asked as the tables grow; once
    /// it says yes, the indices not yet computed are `.interrupted`.
    public init(_ game: WeightedGame, workLimit: Double = PowerAnalysis.defaultWorkLimit,
                shouldStop: @escaping @Sendable () -> Bool = { false }, progress: WorkProgress? = nil) {
        self.init(game, workLimit: workLimit, allowExact: true, shouldStop: shouldStop, progress: progress)
    }

    /// A game whose indices are not computed, for the reason given; what costs
    /// nothing (dictators, veto players) is still known.
    public init(_ game: WeightedGame, refusedBecause reason: PowerUnavailable) {
        self.game = game
        let calculator = PowerCalculator(game, workLimit: 0, allowExact: false, shouldStop: { false })
        degeneracy = calculator.degeneracy
        dictators = calculator.dictators
        vetoPlayers = calculator.vetoPlayers
        isProper = nil
        dummies = nil
        work = 0
        estimatedWork = 0
        banzhaf = .failure(degeneracy.map(PowerUnavailable.degenerate) ?? reason)
        shapley = .failure(degeneracy.map(PowerUnavailable.degenerate) ?? reason)
        preventive = .failure(degeneracy.map(PowerUnavailable.degenerate) ?? reason)
    }

    /// `allowExact: false` forces floating point, so tests can hold it to the
    /// exact results; `memoryLimit` lets them reach the memory limit with small
    /// tables; `enumerating: false` takes small games through the tables too,
    /// so tests can hold the two paths to each other.
    init(_ game: WeightedGame, workLimit: Double, memoryLimit: Double = PowerAnalysis.memoryLimit, allowExact: Bool,
         enumerating: Bool = true, shouldStop: @escaping @Sendable () -> Bool = { false }, progress: WorkProgress? = nil) {
        self.game = game
        let calculator = PowerCalculator(game, workLimit: workLimit, memoryLimit: memoryLimit, allowExact: allowExact,
                                         shouldStop: shouldStop, progress: progress)
        degeneracy = calculator.degeneracy
        dictators = calculator.dictators
        vetoPlayers = calculator.vetoPlayers
        work = 0
        estimatedWork = 0
        if enumerating, let small = calculator.enumerate() {
            banzhaf = .success(small.banzhaf)
            shapley = .success(small.shapley)
            preventive = PreventivePower(swings: small.banzhaf.swings, winning: small.winning).map { .success($0) }
                ?? .failure(.beyondPrecision)
            dummies = small.banzhaf.swings.indices.filter { small.banzhaf.swings[$0].isZero }
            isProper = small.isProper
            (work, estimatedWork) = calculator.tally.totals
            return
        }
        isProper = calculator.isProper()
        if let degeneracy {
            banzhaf = .failure(.degenerate(degeneracy))
            shapley = .failure(.degenerate(degeneracy))
            preventive = .failure(.degenerate(degeneracy))
            dummies = Array(0..<game.playerCount)
            (work, estimatedWork) = calculator.tally.totals
            return
        }
        // Each step its own task, so that a shell shows which, and how far.
        func step<T>(_ name: String, _ work: () -> T) -> T { progress?.task(name, work) ?? work() }
        if let exact = step("Banzhaf and Shapley–Shubik indices", { calculator.exactIndices() }) {
            banzhaf = .success(exact.banzhaf)
            shapley = .success(exact.shapley)
        } else {
            banzhaf = step("Banzhaf index") { calculator.banzhaf() }
            shapley = step("Shapley–Shubik index") { calculator.shapley() }
        }
        switch banzhaf {
        case .failure(let reason): preventive = .failure(reason)
        case .success(let result):
            if let winning = step("who can block", { calculator.winningCoalitions() }), !calculator.shouldStop(),
               let power = PreventivePower(swings: result.swings, winning: winning) {
                preventive = .success(power)
            } else {
                preventive = .failure(calculator.shouldStop() ? .interrupted : .beyondPrecision)
            }
        }
        if case .success(let result) = banzhaf,
           result.index.precision == .exact || result.swings.allSatisfy({ !$0.isZero }) {
            // Exact swings say who has none; so do floating-point ones when
            // none is zero, since they add only non-negative numbers: a
            // positive sum means a swing exists. Only a zero, which may be
            // a swing too rare to show, needs the exact test below.
            dummies = result.swings.indices.filter { result.swings[$0].isZero }
        } else {
            dummies = step("who has no power") { calculator.dummies() }
        }
        (work, estimatedWork) = calculator.tally.totals
    }
}

/// The work of one analysis: estimated as each computation is admitted,
/// and counted as it runs (on up to two threads).
/// Each amount is added as a whole number of 1/1024ths of a unit, so the
/// totals are the same whatever order two threads add them in (a run's
/// budget, and the REPL's memory of analyses, depend on them).
final class WorkTally: @unchecked Sendable {
    /// Told of the work as it is estimated and done, for a shell to show.
    let progress: WorkProgress?
    private let lock = NSLock()
    private var done: Int64 = 0
    private var estimated: Int64 = 0
    private static let scale = 1024.0
    /// Far beyond any limit (10^13 units), and far within Int64 when two are added.
    private static let most = Int64(1e18)

    private static func parts(_ work: Double) -> Int64 {
        let scaled = work * scale
        return scaled.isNaN || scaled <= 0 ? 0 : scaled >= 1e18 ? most : Int64(scaled.rounded())
    }

    init(progress: WorkProgress? = nil) {
        self.progress = progress
    }

    func estimate(_ work: Double) {
        lock.withLock { estimated = min(Self.most, estimated + Self.parts(work)) }
        progress?.expect(work)
    }

    func count(_ work: Double) {
        lock.withLock { done = min(Self.most, done + Self.parts(work)) }
        progress?.settle(work)
    }
    var totals: (done: Double, estimated: Double) {
        lock.withLock { (Double(done) / Self.scale, Double(estimated) / Self.scale) }
    }
}

/// The computation behind `PowerAnalysis`, over the game with its declared
/// vetoes taken out.
/// A class, not a struct: the tables' closures capture it, and a reference
/// costs one count where a copy of a struct costs one for each of its arrays.
final class PowerCalculator: Sendable {
    let game: WeightedGame
    let workLimit: Double
    /// The most bytes the tables of one computation may hold at once.
    let memoryLimit: Double
    let allowExact: Bool
    /// The work estimated and done so far.
    let tally: WorkTally
    /// Asked while the tables grow; once it says yes, adding stops and the
    /// result is thrown away as `.interrupted`.
    let shouldStop: @Sendable () -> Bool
    /// Declared veto players, who are in every winning coalition.
    let vetoed: [Int]
    /// Everyone else, grouped by weight.
    let classes: [WeightClass]
    /// How many players are not declared veto players.
    let freePlayers: Int
    /// The weight the free players must add to the vetoed players' weight
    /// to win, at least zero: the cap of every table.
    let remainingQuota: Int64
    let degeneracy: Degeneracy?
    /// The game with every weight divided by their greatest common divisor
    /// and the quota rounded up to match: the same winning coalitions, and
    /// tables as much smaller (weights in euros become weights in millions).
    let scaledWeights: [Int64]
    let scaledQuota: Int64

    init(_ game: WeightedGame, workLimit: Double, memoryLimit: Double = PowerAnalysis.memoryLimit, allowExact: Bool,
         shouldStop: @escaping @Sendable () -> Bool, progress: WorkProgress? = nil) {
        self.game = game
        tally = WorkTally(progress: progress)
        self.workLimit = workLimit
        self.memoryLimit = memoryLimit
        self.allowExact = allowExact
        self.shouldStop = shouldStop
        let divisor = game.weights.reduce(Int64(0)) { Self.gcd($0, $1) }
        let scaledWeights = divisor > 1 ? game.weights.map { $0 / divisor } : game.weights
        let scaledQuota = divisor > 1 ? game.quota / divisor + (game.quota % divisor == 0 ? 0 : 1) : game.quota
        self.scaledWeights = scaledWeights
        self.scaledQuota = scaledQuota
        vetoed = game.vetoes.sorted()
        var free = game.vetoes.isEmpty ? Array(game.weights.indices) : game.weights.indices.filter { !game.vetoes.contains($0) }
        freePlayers = free.count
        // Sorted by weight (then by player, as declared), so each class is a run.
        free = WeightedGame.order(free, by: scaledWeights, heaviestFirst: false)
        var classes: [WeightClass] = []
        for player in free {
            let weight = Int(clamping: scaledWeights[player])
            if classes.last?.weight == weight {
                classes[classes.count - 1].players.append(player)
            } else {
                classes.append(WeightClass(weight: weight, players: [player]))
            }
        }
        self.classes = classes
        let vetoWeight = WeightedGame.weight(of: vetoed.map { scaledWeights[$0] })
        remainingQuota = max(0, scaledQuota - vetoWeight)
        if game.totalWeight < game.quota {
            degeneracy = .noWinningCoalition
        } else if vetoed.isEmpty && game.quota <= 0 {
            degeneracy = .everyCoalitionWins
        } else {
            degeneracy = nil
        }
    }

    var playerCount: Int { game.playerCount }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    /// Players in exactly the winning coalitions: each wins alone and is
    /// needed by every winner, by its weight or its own declared veto (with a
    /// quota at or below half, two players can each win alone, and neither
    /// dictates).
    var dictators: [Int] {
        guard degeneracy == nil else { return [] }
        let total = game.totalWeight
        return game.weights.indices.filter { player in
            game.weights[player] >= game.quota && vetoed.allSatisfy { $0 == player }
                && (total - game.weights[player] < game.quota || game.vetoes.contains(player))
        }
    }

    var vetoPlayers: [Int] {
        guard degeneracy == nil else { return [] }
        let total = game.totalWeight
        return game.weights.indices.filter { player in
            game.vetoes.contains(player) || total - game.weights[player] < game.quota
        }
    }

    /// Proper when two winning coalitions always share a player: always with
    /// a declared veto, always when the quota exceeds half the weight, and
    /// otherwise exactly when no coalition weighs between the quota and the
    /// total weight minus the quota.
    func isProper() -> Bool? {
        if degeneracy == .noWinningCoalition || !vetoed.isEmpty { return true }
        let total = WeightedGame.weight(of: scaledWeights)
        if scaledQuota > total - scaledQuota { return true }
        if scaledQuota <= 0 { return false }
        let upper = total - scaledQuota
        let cells = Double(upper) + 2
        let work = scaledWeights.reduce(0.0) { $0 + ReachableWeights.cost(ofAdding: Int(clamping: $1), cells: cells) }
        guard work <= workLimit, cells / 64 <= PowerAnalysis.maximumTableCells, ReachableWeights.bytes(cells: cells) <= memoryLimit else {
            return nil
        }
        tally.estimate(work)
        var reachable = ReachableWeights(cap: Int(upper) + 1)
        var done = 0.0
        for weight in scaledWeights {
            done += reachable.cost(ofAdding: Int(weight))
            reachable.add(weight: Int(weight))
        }
        tally.count(done)
        return !reachable.containsAny(in: Int(scaledQuota)..<Int(upper) + 1)
    }

    // MARK: Cost

    /// The cells of a table by weight: the remaining quota plus one, in
    /// floating point so that no quota overflows it.
    var cells: Double { Double(remainingQuota) + 1 }

    /// The work of adding every free player to a table, one at a time.
    private func everyoneCost(_ cost: (Int) -> Double) -> Double {
        classes.reduce(0.0) { $0 + Double($1.players.count) * cost($1.weight) }
    }

    /// The work of a table's leave-one-out pass, and of the table of every
    /// free player that declared vetoes need.
    private func leaveOneOutWork(_ cost: (Int) -> Double) -> Double {
        leaveOneOutCost(classes, cost: cost) + (vetoed.isEmpty ? 0 : everyoneCost(cost))
    }

    /// Admits a computation within the limits, or refuses it with its reason:
    /// its `work`, the cells of one of its tables and their bytes, and how
    /// many such tables it holds at once on one thread and on two. Returns
    /// whether it may use two threads: when it is long enough to gain from
    /// them (under a couple of milliseconds, starting them costs more than
    /// it saves), and their tables fit too.
    private func admit(work: Double, cell: PowerCell, points: Int? = nil, cells: Double, limit: Double? = nil,
                       tables: (_ threads: Int) -> Int) -> Result<Bool, PowerUnavailable> {
        let workLimit = limit ?? self.workLimit
        let one = tables(1)
        let bytes = cells * cell.bytes
        let kind = points.map { cell.kind + " at \($0) quadrature points" } ?? cell.kind
        let described = PowerTables(kind: kind, worth: PowerCost.worth(cell, tableBytes: bytes), cells: cells, count: one)
        guard work <= workLimit else { return .failure(.tooLarge(work: work, limit: workLimit, tables: described)) }
        guard cells <= PowerAnalysis.maximumTableCells else {
            return .failure(.tableTooLarge(cells: cells, limit: PowerAnalysis.maximumTableCells))
        }
        guard Double(one) * bytes <= memoryLimit else {
            return .failure(.memoryTooLarge(bytes: Double(one) * bytes, limit: memoryLimit, tables: described))
        }
        tally.estimate(work)
        return .success(work > 5e6 && Double(tables(2)) * bytes <= memoryLimit)
    }

    /// The tables of one leave-one-out pass at once, on `threads` threads,
    /// and the table of every free player that declared vetoes need.
    private func tablesAlive(_ threads: Int) -> Int {
        max(leaveOneOutTables(classes: classes.count, threads: threads), vetoed.isEmpty ? 0 : 2)
    }

    /// Building an exact share: a fraction reduced by its greatest common
    /// divisor, found by shifts and subtractions, 128 at most.
    static let perFraction = 200.0

    // MARK: Banzhaf

    /// Whether Banzhaf is counted exactly: when no count can exceed 128 bits.
    private var banzhafIsExact: Bool { allowExact && freePlayers <= 120 && playerCount <= 128 }

    /// The width of the exact counts: the narrowest type that holds every
    /// count (2^players at most) adds fastest.
    private var countBits: Int { freePlayers < 32 ? 32 : freePlayers < 64 ? 64 : 128 }

    /// The cells of the Banzhaf tables.
    private var banzhafCell: PowerCell { banzhafIsExact ? .counts(bits: countBits) : .halves }

    /// The estimated work of the Banzhaf index.
    var banzhafWork: Double {
        let cells = cells
        let worth = PowerCost.worth(banzhafCell, tableBytes: cells * banzhafCell.bytes)
        let work = leaveOneOutWork { weight in
            banzhafIsExact || weight > 0 ? PowerCost.perAdd + cells * worth : PowerCost.perAdd
        }
        return work + (banzhafIsExact ? Double(playerCount) * Self.perFraction : 0)
    }

    /// The estimated work of the Shapley–Shubik index by quadrature: a
    /// Banzhaf computation at each point, for a chance other than one half;
    /// finding the points; and gathering the players' shares at each.
    var shapleyWork: Double {
        let cells = cells
        let points = shapleyPoints
        let perPoint = leaveOneOutWork { ProbabilitiesByWeight.cost(ofAdding: $0, cells: cells, joining: 0.25) }
        return Double(points) * (perPoint + Double(playerCount) * PowerCost.perPlayerPerPoint)
            + PowerCost.quadrature(points: points)
    }

    func banzhaf() -> Result<(index: PowerIndex, swings: [SwingCount]), PowerUnavailable> {
        if allowExact && vetoed.isEmpty && classes.count == 1 {
            let work = Double(playerCount) * PowerCost.perPlayerPerPoint
            tally.estimate(work)
            tally.count(work)
            return .success(symmetricBanzhaf())
        }
        let parallel: Bool
        switch admit(work: banzhafWork, cell: banzhafCell, cells: cells, tables: tablesAlive) {
        case .failure(let reason): return .failure(reason)
        case .success(let two): parallel = two
        }
        let cap = Int(remainingQuota)
        let result: Result<(index: PowerIndex, swings: [SwingCount]), PowerUnavailable>
        if banzhafIsExact, let exact = exactBanzhaf(cap: cap, parallel: parallel) {
            result = .success(exact)
        } else {
            result = approximateBanzhaf(cap: cap, parallel: parallel)
        }
        // A computation stopped half-way has added only some of the players.
        return shouldStop() ? .failure(.interrupted) : result
    }

    /// The weights just below the quota from which a player of `weight` swings.
    private func swingBand(_ weight: Int, cap: Int) -> Range<Int> { max(0, cap - weight)..<cap }

    /// A table with every free player added: what a veto player swings.
    private func withEveryone<Table: CoalitionTable>(_ empty: Table) -> Table {
        var table = empty
        var work = 0.0
        for weightClass in classes {
            for _ in weightClass.players {
                work += table.cost(ofAdding: weightClass.weight)
                table.add(weight: weightClass.weight)
            }
        }
        tally.count(work)
        return table
    }

    /// Each class's measure, spread over its players.
    private func perPlayer<Measure>(_ measures: [Measure], zero: Measure) -> [Measure] {
        var result = Array(repeating: zero, count: playerCount)
        for (index, weightClass) in classes.enumerated() {
            for player in weightClass.players { result[player] = measures[index] }
        }
        return result
    }

    /// The normalized index of exact swing counts; nil if their sum
    /// overflows, or is zero (a computation stopped before it counted any).
    func exactBanzhaf(swings: [UInt128]) -> (index: PowerIndex, swings: [SwingCount])? {
        var total: UInt128 = 0
        for count in swings {
            let (sum, overflow) = total.addingReportingOverflow(count)
            if overflow { return nil }
            total = sum
        }
        guard total > 0 else { return nil }
        tally.count(Double(swings.count) * Self.perFraction)
        let fractions = swings.map { Fraction($0, total) }
        let index = PowerIndex(precision: .exact, shares: fractions.map(\.doubleValue), exactShares: fractions)
        return (index, swings.map { .exact($0) })
    }

    private func exactBanzhaf(cap: Int, parallel: Bool) -> (index: PowerIndex, swings: [SwingCount])? {
        switch countBits {
        case 32: exactBanzhaf(cap: cap, counting: UInt32.self, parallel: parallel)
        case 64: exactBanzhaf(cap: cap, counting: UInt64.self, parallel: parallel)
        default: exactBanzhaf(cap: cap, counting: UInt128.self, parallel: parallel)
        }
    }

    private func exactBanzhaf<Count: CoalitionCount>(cap: Int, counting: Count.Type, parallel: Bool)
        -> (index: PowerIndex, swings: [SwingCount])? {
        let empty = CountsByWeight<Count>(cap: cap, players: freePlayers)
        let (measures, work) = leaveOneOut(classes, from: empty, stop: shouldStop, progress: tally.progress, parallel: parallel) { [self] index, others in
            UInt128(swingBand(classes[index].weight, cap: cap).reduce(Count(0)) { $0 &+ others.cells[$1] })
        }
        tally.count(work)
        var swings = perPlayer(measures, zero: 0)
        if !vetoed.isEmpty {
            // A veto player swings every coalition of the others that holds
            // the other vetoes and reaches the quota.
            let everyone = withEveryone(empty)
            for player in vetoed { swings[player] = UInt128(everyone.cells[cap]) }
        }
        // Stopped tables count too few swings, possibly none: nothing to divide by.
        guard !shouldStop() else { return nil }
        return exactBanzhaf(swings: swings)
    }

    private func approximateBanzhaf(cap: Int, parallel: Bool) -> Result<(index: PowerIndex, swings: [SwingCount]), PowerUnavailable> {
        // Swings in units of 2^(free players - 1), the number of coalitions of
        // the other free players.
        let (measures, work) = leaveOneOut(classes, from: ProbabilitiesByWeight(cap: cap), stop: shouldStop, progress: tally.progress, parallel: parallel) {
            [self] index, others in others.probability(in: swingBand(classes[index].weight, cap: cap))
        }
        tally.count(work)
        var units = perPlayer(measures, zero: 0)
        if !vetoed.isEmpty {
            let everyone = withEveryone(ProbabilitiesByWeight(cap: cap))
            for player in vetoed { units[player] = 2 * everyone.reachingCap }
        }
        let total = units.reduce(0, +)
        guard total > 0 else { return .failure(.beyondPrecision) }
        let index = PowerIndex(precision: .approximate, shares: units.map { $0 / total }, exactShares: nil)
        return .success((index, units.map { .approximate(fraction: $0, exponent: max(0, freePlayers - 1)) }))
    }

    /// Players of one weight, no declared vetoes: each holds 1/n, and swings
    /// every coalition of exactly one player fewer than the quota needs,
    /// C(n-1, needed-1) of them.
    private func symmetricBanzhaf() -> (index: PowerIndex, swings: [SwingCount]) {
        let n = playerCount
        let weight = Int64(classes[0].weight)
        let needed = Int(min(Int64(n), scaledQuota / weight + (scaledQuota % weight == 0 ? 0 : 1)))
        let share = Fraction(1, UInt128(n))
        let index = PowerIndex(precision: .exact, shares: Array(repeating: share.doubleValue, count: n),
                               exactShares: Array(repeating: share, count: n))
        return (index, Array(repeating: Self.binomial(n - 1, needed - 1), count: n))
    }

    /// C(n, k), exactly when it fits in 128 bits.
    static func binomial(_ n: Int, _ k: Int) -> SwingCount {
        let k = min(k, n - k)
        var result: UInt128 = 1
        for i in stride(from: 0, to: k, by: 1) {
            // result·(n-i) is divisible by i+1 after the multiplication.
            let (product, overflow) = result.multipliedReportingOverflow(by: UInt128(n - i))
            guard !overflow else {
                let log2Binomial = (lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))) / log(2.0)
                let exponent = log2Binomial.rounded(.down)
                return .approximate(fraction: exp2(log2Binomial - exponent), exponent: Int(exponent))
            }
            result = product / UInt128(i + 1)
        }
        return .exact(result)
    }

    /// The estimated work of deciding dummies from reachable weights.
    var dummiesWork: Double {
        let cells = cells
        return leaveOneOutCost(classes) { ReachableWeights.cost(ofAdding: $0, cells: cells) }
    }

    /// Dummies decided exactly from which weights coalitions can have, for
    /// games whose swing probabilities may be too small for a `Double`:
    /// without tables when the weights leave no gaps (`gaplessDummies`).
    func dummies() -> [Int]? {
        if let dummies = gaplessDummies() { return dummies }
        return reachableDummies()
    }

    /// Dummies without tables, for games whose weights leave no gaps, as a
    /// large assembly's many small weights do; nil for any other game.
    ///
    /// Take the other players in ascending weight and their running total
    /// s. If each weighs at most w + s when it comes, the weights their
    /// coalitions can have leave no gap as wide as w in [0, total]: by
    /// induction, a new weight a ≤ w + s lands in any window of width w
    /// between s and a, and the windows below s and above a are covered
    /// before and after the shift by a. A player of weight w swings a
    /// coalition whose weight lies in a window of width w just below the
    /// quota, so it is a dummy exactly when even all the others stay below
    /// that window. Per class, in one pass: before a class i, every class
    /// j must weigh at most w_i + S_j (S_j the total of the classes before
    /// j); after it, one of its players left out lowers S_j by w_i, so
    /// class j must weigh at most S_j.
    func gaplessDummies() -> [Int]? {
        let cap = remainingQuota
        guard !classes.isEmpty else { return [] }
        let work = Double(classes.count) * PowerCost.perPlayerPerPoint
        tally.estimate(work)
        tally.count(work)
        // Past the quota, free players never matter (the declared vetoes win
        // alone); their band below the quota is empty.
        guard cap > 0 else { return vetoed.isEmpty ? nil : classes.flatMap(\.players).sorted() }
        // excess[j]: how much class j weighs beyond the total of the classes before it.
        var before: [Int64] = []
        var excess: [Int64] = []
        before.reserveCapacity(classes.count)
        excess.reserveCapacity(classes.count)
        var total: Int64 = 0
        for weightClass in classes {
            let weight = Int64(weightClass.weight)
            before.append(total)
            excess.append(weight - total)
            let (classWeight, overflow) = weight.multipliedReportingOverflow(by: Int64(weightClass.players.count))
            total = WeightedGame.adding(total, overflow ? .max : classWeight)
        }
        // The most excess after each class.
        var laterExcess = Array(repeating: Int64.min, count: classes.count)
        for index in stride(from: classes.count - 2, through: 0, by: -1) {
            laterExcess[index] = max(laterExcess[index + 1], excess[index + 1])
        }
        var dummies: [Int] = []
        var earlierExcess = Int64.min
        for (index, weightClass) in classes.enumerated() {
            let weight = Int64(weightClass.weight)
            defer { earlierExcess = max(earlierExcess, excess[index]) }
            if weight == 0 {
                dummies += weightClass.players
                continue
            }
            guard earlierExcess <= weight, laterExcess[index] <= 0 else { return nil }
            // The others' total: everyone but one player of this class.
            if cap - weight > total - weight { dummies += weightClass.players }
        }
        return dummies.sorted()
    }

    /// Dummies from tables of the weights coalitions can have.
    func reachableDummies() -> [Int]? {
        guard case .success(let parallel) = admit(work: dummiesWork, cell: .bitWords, cells: (cells / 64).rounded(.up),
                                                  tables: { leaveOneOutTables(classes: self.classes.count, threads: $0) })
        else { return nil }
        let cap = Int(remainingQuota)
        let (swings, done) = leaveOneOut(classes, from: ReachableWeights(cap: cap), stop: shouldStop, progress: tally.progress, parallel: parallel) {
            [self] index, others in others.containsAny(in: swingBand(classes[index].weight, cap: cap))
        }
        tally.count(done)
        guard !shouldStop() else { return nil }
        // A veto player is never a dummy once some coalition wins.
        return zip(classes, swings).flatMap { weightClass, swings in swings ? [] : weightClass.players }.sorted()
    }

    // MARK: Shapley–Shubik

    func shapley() -> Result<PowerIndex, PowerUnavailable> {
        // Players of one weight with no declared vetoes are symmetric: each
        // holds 1/n. This keeps large one-member-one-vote bodies instant.
        if allowExact && vetoed.isEmpty && classes.count == 1 {
            let work = Double(playerCount) * PowerCost.perPlayerPerPoint
            tally.estimate(work)
            tally.count(work)
            let share = Fraction(1, UInt128(playerCount))
            return .success(PowerIndex(precision: .exact, shares: Array(repeating: share.doubleValue, count: playerCount),
                                       exactShares: Array(repeating: share, count: playerCount)))
        }
        // Each thread computes the points it takes one after the other, each
        // a leave-one-out pass of its own on one thread.
        let lanes: Bool
        switch admit(work: shapleyWork, cell: .probabilities, points: shapleyPoints, cells: cells,
                     tables: { $0 * self.tablesAlive(1) }) {
        case .failure(let reason): return .failure(reason)
        case .success(let two): lanes = two
        }
        // Exact fractions come from `exactIndices`, when the game allows them.
        let result = approximateShapley(cap: Int(remainingQuota), lanes: lanes ? 2 : 1)
        return shouldStop() ? .failure(.interrupted) : result
    }

    /// Both indices as exact fractions from one table of coalitions by size
    /// and weight: a swing of Banzhaf's is such a coalition of any size, one
    /// of Shapley–Shubik's weighs by its size's orderings. For games of up to
    /// 34 players (34! fits in 128 bits) whose table fits; nil otherwise, or
    /// when stopped, and the two are computed each on its own.
    func exactIndices() -> (banzhaf: (index: PowerIndex, swings: [SwingCount]), shapley: PowerIndex)? {
        guard allowExact, playerCount <= 34, !(vetoed.isEmpty && classes.count == 1) else { return nil }
        let cells = cells
        let free = freePlayers
        // Both indices at once, as exact fractions: worth the work of the two
        // computations they replace, each of which the limit allows (34
        // players with weights in the thousands cost about twice the limit).
        guard case .success = admit(work: exactIndicesWork, cell: .countsBySize, cells: cells * Double(free + 1),
                                    limit: 2 * workLimit, tables: { _ in self.tablesAlive(1) }),
              let indices = exactIndices(cap: Int(remainingQuota), counting: UInt32.self), !shouldStop() else { return nil }
        return indices
    }

    /// The estimated work of both indices from tables by size and weight:
    /// an add visits a row for each player in the table, at most all of them.
    var exactIndicesWork: Double {
        let cells = cells
        let free = freePlayers
        return leaveOneOutWork { _ in CountsBySizeAndWeight<UInt32>.cost(cells: cells, rows: free, maximumPlayers: free) }
            + 2 * Double(playerCount) * Self.perFraction
    }

    /// 0! to 34!, the most exact Shapley–Shubik needs (34! < 2^128).
    private static let factorials: [UInt128] = (1...34).reduce(into: [1]) { table, n in table.append(table[n - 1] * UInt128(n)) }

    /// Up to 34 players, a count by size fits in 32 bits (C(34, 17) < 2^32).
    private func exactIndices<Count: CoalitionCount>(cap: Int, counting: Count.Type)
        -> (banzhaf: (index: PowerIndex, swings: [SwingCount]), shapley: PowerIndex)? {
        let n = playerCount
        guard n < Self.factorials.count else { return nil }
        let v = vetoed.count
        let factorialTable = Self.factorials
        // Σ count(k) · |S|!(n-1-|S|)! over coalition sizes k, where |S| is k
        // plus the vetoes joined before: a coalition S joined before the
        // pivot in |S|!(n-1-|S|)! of the n! orders. Nil on overflow.
        @Sendable func orderings(sizes: Range<Int>, vetoesBefore: Int, count: (Int) -> UInt128) -> UInt128? {
            var total: UInt128 = 0
            for k in sizes {
                let count = count(k)
                guard count > 0 else { continue }
                let size = vetoesBefore + k
                let (product, overflow1) = count.multipliedReportingOverflow(by: factorialTable[size] * factorialTable[n - 1 - size])
                let (sum, overflow2) = total.addingReportingOverflow(product)
                if overflow1 || overflow2 { return nil }
                total = sum
            }
            return total
        }
        let free = freePlayers
        let empty = CountsBySizeAndWeight<Count>(cap: cap, maximumPlayers: free)
        let (measures, work) = leaveOneOut(classes, from: empty, stop: shouldStop, progress: tally.progress, parallel: false) {
            [self] index, others -> (swings: UInt128, orderings: UInt128)? in
            let band = swingBand(classes[index].weight, cap: cap)
            guard let orderings = orderings(sizes: 0..<free, vetoesBefore: v, count: { UInt128(others.count(size: $0, in: band)) })
            else { return nil }
            return ((0..<free).reduce(0) { $0 + UInt128(others.count(size: $1, in: band)) }, orderings)
        }
        tally.count(work)
        var swings = [UInt128](repeating: 0, count: playerCount)
        var numerators = [UInt128](repeating: 0, count: playerCount)
        for (measure, weightClass) in zip(measures, classes) {
            guard let measure else { return nil }
            for player in weightClass.players {
                swings[player] = measure.swings
                numerators[player] = measure.orderings
            }
        }
        if !vetoed.isEmpty {
            // A veto player swings every coalition of the others that holds
            // the other vetoes and reaches the quota, of any size.
            let everyone = withEveryone(empty)
            guard let total = orderings(sizes: 0..<free + 1, vetoesBefore: v - 1, count: { UInt128(everyone.reaching(size: $0)) })
            else { return nil }
            let reaching = (0...free).reduce(0) { $0 + UInt128(everyone.reaching(size: $1)) }
            for player in vetoed {
                numerators[player] = total
                swings[player] = reaching
            }
        }
        // Stopped tables count too few coalitions: nothing to divide.
        guard !shouldStop(), let banzhaf = exactBanzhaf(swings: swings) else { return nil }
        tally.count(Double(playerCount) * Self.perFraction)
        let fractions = numerators.map { Fraction($0, factorialTable[n]) }
        return (banzhaf, PowerIndex(precision: .exact, shares: fractions.map(\.doubleValue), exactShares: fractions))
    }

    /// Owen's multilinear extension: a player's Shapley–Shubik index is the
    /// integral over p in [0, 1] of the probability that it swings when every
    /// other player joins on its own with probability p. That probability is
    /// a polynomial of degree n-1 in p, so Gauss–Legendre quadrature with
    /// n/2 points gives the integral exactly, up to rounding. Each point is a
    /// Banzhaf computation with p for one half: tables by weight alone,
    /// small enough to stay in the processor's cache, and only non-negative
    /// numbers are added, so the relative error stays small.
    private func approximateShapley(cap: Int, lanes: Int) -> Result<PowerIndex, PowerUnavailable> {
        let rule = GaussLegendre(count: shapleyPoints)
        tally.count(rule.steps * PowerCost.legendreStep)
        let v = vetoed.count
        // A free player swings when every declared veto and a weight in its
        // band join; a veto player, when the other vetoes join and the free
        // players reach the quota.
        @Sendable func shares(at point: Int) -> [Double] {
            let p = rule.nodes[point]
            let (measures, work) = leaveOneOut(classes, from: ProbabilitiesByWeight(cap: cap, joining: p), stop: shouldStop,
                                               parallel: false) { [self] index, others in
                others.probability(in: swingBand(classes[index].weight, cap: cap))
            }
            tally.count(work + Double(playerCount) * PowerCost.perPlayerPerPoint)
            let vetoesJoin = pow(p, Double(v))
            var shares = perPlayer(measures.map { rule.weights[point] * vetoesJoin * $0 }, zero: 0)
            if !vetoed.isEmpty {
                let everyone = withEveryone(ProbabilitiesByWeight(cap: cap, joining: p))
                let swing = rule.weights[point] * pow(p, Double(v - 1)) * everyone.reachingCap
                for player in vetoed { shares[player] = swing }
            }
            return shares
        }
        // The points are independent: with two threads, each takes every other one.
        let sums = Lanes(count: lanes, players: playerCount)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var total = [Double](repeating: 0, count: playerCount)
            for point in stride(from: lane, to: rule.nodes.count, by: lanes) where !shouldStop() {
                for (player, share) in shares(at: point).enumerated() { total[player] += share }
            }
            sums.set(lane, to: total)
        }
        let shares = (0..<playerCount).map { player in sums.totals.reduce(0) { $0 + $1[player] } }
        // The shares sum to 1 in exact arithmetic; dividing by their sum
        // removes the rounding of the quadrature from the total.
        let sum = shares.reduce(0, +)
        guard sum > 0 else { return .failure(.beyondPrecision) }
        return .success(PowerIndex(precision: .approximate, shares: shares.map { $0 / sum }, exactShares: nil))
    }

    /// The quadrature points Shapley–Shubik needs: the swing probability has
    /// one degree for every other player whose vote can matter, n-1 at
    /// most, and m points are exact up to degree 2m-1. Members of weight 0
    /// who hold no veto change no coalition's weight, so they add none.
    var shapleyPoints: Int {
        let weightless = classes.first?.weight == 0 ? classes[0].players.count : 0
        return (playerCount - weightless + 1) / 2
    }
}

/// Per-thread sums, written under a lock (two threads assigning to elements
/// of one array property would be overlapping accesses), read after all
/// have finished.
private final class Lanes: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var totals: [[Double]]

    init(count: Int, players: Int) {
        totals = Array(repeating: Array(repeating: 0, count: players), count: count)
    }

    func set(_ lane: Int, to total: [Double]) { lock.withLock { totals[lane] = total } }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
