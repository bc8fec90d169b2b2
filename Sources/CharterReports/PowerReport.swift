// The power of each body, as `charter power` and the REPL's `:power` show
// it: per decision game, each member's weight, weight share,
// Banzhaf and Shapley–Shubik indices, swings and flags, as an aligned text
// table or as a versioned JSON document.

import CharterDiagnostics
import CharterEvaluation
import CharterModel
import CharterPower
import Foundation

/// The power tables of a program's bodies.
public struct PowerReport: Sendable {
    /// One decision game of a body.
    public struct Table: Sendable {
        public var game: BodyGame
        public var analysis: PowerAnalysis
        /// The smallest groups that can stop a decision (Blocking.swift).
        public var blocking: BlockingCoalitions
    }

    public var tables: [Table]
    /// Bodies whose members could not be evaluated.
    public var errors: [Diagnostic]

    /// The tables of every body, or of the one named. `isInterrupted` is
    /// asked as the tables are computed (the REPL's Ctrl-C); `powerMemory`
    /// keeps analyses from one report to the next; `stepLimit` bounds the
    /// evaluation of the bodies' members.
    public init(model: Model, body name: String? = nil, workLimit: Double = PowerAnalysis.defaultWorkLimit,
                stepLimit: Int = Limits().evaluationSteps,
                isInterrupted: @escaping @Sendable () -> Bool = { false }, powerMemory: PowerMemory? = nil,
                progress: WorkProgress? = nil) {
        let evaluator = Evaluator(model: model, powerWorkLimit: workLimit,
                                  budget: EvaluationBudget(stepLimit: stepLimit, isInterrupted: isInterrupted,
                                                           powerMemory: powerMemory, progress: progress))
        tables = []
        // Definitions first, in dependency order, as the checks do.
        errors = evaluator.evaluateSelections()
        guard errors.isEmpty else { return }
        for body in model.bodies where name == nil || body.name == name {
            do throws(EvaluationError) {
                for game in try evaluator.games(of: body) {
                    tables.append(Table(game: game, analysis: evaluator.power(game),
                                        blocking: game.game.minimalBlockingCoalitions(limit: Self.blockingListed)))
                }
            } catch {
                errors.append(error.diagnostic)
            }
        }
    }

    /// How many minimal blocking coalitions a report lists: the JSON all
    /// of these, the text and the page the first few.
    public static let blockingListed = 50

    /// Who can block, in a line: `megabank alone (a veto); or any 3 of the
    /// other 8 members`, `alpha + beta; alpha + gamma; … (12 in all)`.
    /// At most `shown` coalitions are named.
    /// `names` writes a member's name for where the line goes.
    public static func blockingSummary(_ table: Table, shown: Int = 5, names write: (String) -> String = Escaping.terminal) -> String {
        let game = table.game
        let blocking = table.blocking
        let names = game.members.map { write($0.name) }
        guard blocking.smallest != nil else { return "nobody can block" }
        func named(_ coalition: [Int]) -> String {
            if coalition.count == 1 {
                return names[coalition[0]] + " alone" + (game.game.vetoes.contains(coalition[0]) ? " (a declared veto)" : "")
            }
            // A long coalition by its heaviest members and its size.
            return coalition.count <= 6 ? coalition.map { names[$0] }.joined(separator: " + ")
                : coalition.prefix(4).map { names[$0] }.joined(separator: " + ") + " + … (\(coalition.count) members)"
        }
        let tooLarge = blocking.unlisted.map { "groups of \($0) members or more, too large to list" }
        if blocking.anyOf == nil, let tooLarge {
            return (blocking.coalitions.map(named) + [tooLarge]).joined(separator: "; or ")
        }
        if let any = blocking.anyOf {
            let vetoes = game.game.vetoes.sorted().map { named([$0]) }
            let others = vetoes.isEmpty ? "" : "other "
            let group = any.size == 1
                ? (any.among.count == 1 ? names[any.among[0]] + " alone" : "each of the \(others)\(any.among.count) members alone")
                : "any \(any.size) of the \(others)\(any.among.count) members"
            return (vetoes + [group]).joined(separator: "; or ")
        }
        var text = blocking.coalitions.prefix(shown).map(named).joined(separator: "; ")
        switch blocking.count {
        case .exact(let count) where count > UInt128(min(shown, blocking.coalitions.count)):
            text += "; … (\(count) in all)"
        case nil:
            text += "; … (more than \(blocking.coalitions.count); not all were counted)"
        default: break
        }
        return text
    }

    // MARK: Text

    /// Aligned tables, one per game, with a line on how each was computed,
    /// laid out to `width` columns (the terminal's, or 80 when there is
    /// none). Each member's Banzhaf index is drawn as a bar beside the
    /// numbers, as long as there is room for, coloured when `color` is ANSI.
    public func text(color: ColorMode = .plain, width: Int = PowerReport.plainWidth) -> String {
        tables.map { Self.text($0, color: color, width: max(width, Self.narrowest)) }.joined(separator: "\n")
    }

    /// The width of plain output, when no terminal tells one.
    public static let plainWidth = 80
    /// Narrower than this, lines are laid out as if it were this wide.
    static let narrowest = 20

    /// The width of the longest bar: the member with the most power.
    static let barWidth = 24
    /// Narrower than this, a bar says too little to be drawn.
    static let narrowestBar = 4

    /// A horizontal bar `fraction` of `width` long, drawn in eighths of a
    /// character so that close figures still look different.
    static func bar(_ fraction: Double, width: Int = barWidth) -> String {
        // Any power at all shows: a sliver of it is not the none of a dummy.
        let eighths = max(fraction > 0 ? 1 : 0, Int((max(0, min(1, fraction)) * Double(width * 8)).rounded()))
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial
    }

    private static func text(_ table: Table, color: ColorMode, width: Int) -> String {
        let game = table.game
        let analysis = table.analysis
        var lines: [String] = []
        func say(_ line: String) { lines.append(prose(line, width: width)) }
        let matters = game.matters.isEmpty ? "" : " on " + game.matters.map(Escaping.terminal).joined(separator: ", ")
        guard !game.members.isEmpty else { return "body \(game.body)\(matters): no members, so nobody has any power\n" }
        say("body \(game.body)\(matters): \(game.ruleDescription), \(game.quotaDescription)")
        if !game.vetoHolders.isEmpty { say("vetoes: " + game.vetoHolders.joined(separator: ", ")) }
        if let degeneracy = analysis.degeneracy {
            say(PowerUnavailable.degenerate(degeneracy).explanation)
            return lines.joined(separator: "\n") + "\n"
        }
        let total = Double(game.game.totalWeight)
        let banzhaf = try? analysis.banzhaf.get()
        let shapley = try? analysis.shapley.get()
        // The bars are scaled to the largest index, so the most powerful member's is full.
        let largest = banzhaf?.index.shares.max() ?? 0
        let preventive = try? analysis.preventive.get()
        var columns: [(header: String, rightAligned: Bool, cell: (Int) -> String)] = [
            ("member", false, { game.members[$0].name }),
            ("weight", true, { "\(game.game.weights[$0])" }),
            ("share", true, { total > 0 ? fixed(Double(game.game.weights[$0]) / total) : "-" }),
            ("Banzhaf", true, { player in banzhaf.map { fixed($0.index.shares[player]) } ?? "-" }),
            ("Shapley–Shubik", true, { player in shapley.map { fixed($0.shares[player]) } ?? "-" }),
            ("blocking", true, { player in preventive.map { fixed($0.shares[player]) } ?? "-" }),
            ("swings", true, { player in banzhaf.map { $0.swings[player].description } ?? "-" }),
            ("flags", false, { flags($0, analysis).joined(separator: " ") }),
        ]
        // Flags only where some member has one.
        if game.members.indices.allSatisfy({ flags($0, analysis).isEmpty }) { columns.removeLast() }
        func laidOut() -> [String] {
            let rows = [columns.map(\.header)] + game.members.indices.map { player in columns.map { $0.cell(player) } }
            return TextWidth.alignedTable(rows, rightAligned: Set(columns.indices.filter { columns[$0].rightAligned }))
        }
        var aligned = laidOut()
        let all = columns
        var fits: Bool { (aligned.map { TextWidth.columns(of: Substring($0)) }.max() ?? 0) <= width }
        // Where the table does not fit, the figures that others imply go
        // first: the share of the weight, then the swings (Banzhaf's numerator).
        // The bars take what room is left.
        var left: [String] = []
        for dropped in ["share", "swings"] where !fits {
            columns.removeAll { $0.header == dropped }
            left.append(dropped)
            aligned = laidOut()
        }
        // Too narrow for a table even so: a few lines for each member.
        guard fits else {
            for player in game.members.indices {
                say(all[0].cell(player) + ": " + all.dropFirst().compactMap { column in
                    let cell = column.cell(player)
                    return cell.isEmpty ? nil : column.header == "flags" ? cell : "\(column.header) \(cell)"
                }.joined(separator: ", "))
            }
            return finish(table, analysis, lines: lines, width: width)
        }
        let tableWidth = aligned.map { TextWidth.columns(of: Substring($0)) }.max() ?? 0
        let bars = min(barWidth, width - tableWidth - 2)
        if let banzhaf, largest > 0, bars >= narrowestBar {
            let header = "Banzhaf power"
            let padded = { (line: String) in line + String(repeating: " ", count: tableWidth - TextWidth.columns(of: Substring(line))) + "  " }
            aligned = aligned.enumerated().map { index, line in
                index == 0 ? (bars >= header.count ? padded(line) + header : line)
                    : padded(line) + bar(banzhaf.index.shares[index - 1] / largest, width: bars)
            }
        }
        // Colour goes on after aligning, since escape codes take no columns.
        lines += color == .ansi ? aligned.enumerated().map { index, line in
            index == 0 ? line : line.replacing(/[█▏▎▍▌▋▊▉]+/) { "\u{1B}[36m\($0.output)\u{1B}[0m" }
        } : aligned
        if !left.isEmpty { say("(" + left.joined(separator: " and ") + " left out to fit \(width) columns)") }
        return finish(table, analysis, lines: lines, width: width)
    }

    /// A line of prose, broken between words to fit `width`, continued indented.
    private static func prose(_ line: String, width: Int) -> String {
        Explanation.wrap(line, width: width - 2).replacingOccurrences(of: "\n", with: "\n  ")
    }

    /// The lines under a table: how exactly each index was computed, and who can block.
    private static func finish(_ table: Table, _ analysis: PowerAnalysis, lines: [String], width: Int) -> String {
        var lines = lines
        func say(_ line: String) { lines.append(prose(line, width: width)) }
        for (name, result) in [("Banzhaf", analysis.banzhaf.map(\.index)), ("Shapley–Shubik", analysis.shapley)] {
            switch result {
            case .success(let index):
                say("\(name): " + (index.precision == .exact ? "exact" : "approximate, relative error below 1e-12"))
            case .failure(let reason):
                say("\(name): not computed — \(reason.explanation)")
            }
        }
        switch analysis.preventive {
        case .success(let power):
            say("blocking (the share of the winning coalitions that lose without the member): "
                + (power.precision == .exact ? "exact" : "approximate, relative error below 1e-12"))
        case .failure(let reason):
            say("blocking: not computed — \(reason.explanation)")
        }
        say("can block: " + blockingSummary(table))
        if analysis.isProper == false { say("improper: two disjoint coalitions can both win") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func flags(_ player: Int, _ analysis: PowerAnalysis) -> [String] {
        var flags: [String] = []
        if analysis.dictators.contains(player) { flags.append("dictator") }
        if analysis.game.vetoes.contains(player) { flags.append("veto (declared)") }
        else if analysis.vetoPlayers.contains(player) { flags.append("veto") }
        if analysis.dummies?.contains(player) == true { flags.append("dummy") }
        return flags
    }

    /// Each game's Banzhaf index per member, in the tables' order. A game
    /// is named by its body, and by its matters too when the body has rules
    /// of its own for some (`assembly on statutes`). Games whose index was
    /// not computed are left out.
    public func banzhafShares() -> [(game: String, body: String, shares: [String: Double])] {
        zip(tables, gameNames).compactMap { table, name in
            guard let banzhaf = try? table.analysis.banzhaf.get() else { return nil }
            let shares = Dictionary(table.game.members.enumerated().map { ($1.name, banzhaf.index.shares[$0]) }, uniquingKeysWith: { a, _ in a })
            return (name, table.game.body, shares)
        }
    }

    /// Each table's game by name: its body, and the matters it decides when
    /// the body has more than one game.
    public var gameNames: [String] {
        var games: [String: Int] = [:]
        for table in tables { games[table.game.body, default: 0] += 1 }
        return tables.map { table in
            table.game.body + (games[table.game.body] == 1 || table.game.matters.isEmpty ? "" : " on " + table.game.matters.joined(separator: ", "))
        }
    }

    /// A figure to the four places the tables show.
    public static func fixed(_ value: Double) -> String { String(format: "%.4f", value) }

    // MARK: What moved

    /// Each game's Banzhaf index per member, to the four places the tables
    /// show, so that only a change someone can see counts as one.
    public typealias Figures = [String: [String: String]]

    public func banzhafFigures() -> Figures {
        Dictionary(banzhafShares().map { ($0.game, $0.shares.mapValues(Self.fixed)) }, uniquingKeysWith: { first, _ in first })
    }

    /// A member whose Banzhaf index in a game differs between two sets of
    /// figures: the REPL's what-if and the workshop page both show these.
    public struct Move: Sendable, Equatable {
        /// The game: a body, or a body on some matters.
        public var game: String
        public var member: String
        /// Nil where the member (or the game) was not there.
        public var before: String?
        public var now: String?

        public enum Direction: String, Sendable {
            case rose, fell
            /// The member has a figure in the game now, and had none (it joined the body, or the body is new).
            case joined
            /// The member had a figure in the game, and has none now.
            case left
        }

        public var direction: Direction {
            guard let before else { return .joined }
            guard let now else { return .left }
            return (Double(now) ?? 0) > (Double(before) ?? 0) ? .rose : .fell
        }

        /// The direction in a word, with a mark that does not rely on colour.
        public var marked: String {
            switch direction {
            case .rose: "▲ rose"
            case .fell: "▼ fell"
            case .joined: "+ joined"
            case .left: "− left"
            }
        }
    }

    /// What moved from `old` to `new`, by game and member in name order.
    public static func moves(from old: Figures, to new: Figures) -> [Move] {
        var moves: [Move] = []
        for game in Set(old.keys).union(new.keys).sorted() {
            let before = old[game] ?? [:]
            let after = new[game] ?? [:]
            for member in Set(before.keys).union(after.keys).sorted() where before[member] != after[member] {
                moves.append(Move(game: game, member: member, before: before[member], now: after[member]))
            }
        }
        return moves
    }

    // MARK: JSON

    /// The report as a JSON document (format version 1).
    public func json(file: String) throws -> String {
        let document = Document(version: 1, file: file, bodies: tables.map(Self.body))
        return try JSONDocument.text(document)
    }

    struct Document: Encodable {
        var version: Int
        var file: String
        var bodies: [Body]
    }

    struct Body: Encodable {
        var body: String
        var matters: [String]
        var rule: String
        var quota: Int64
        var totalWeight: Int64
        var vetoes: [String]
        /// Why nobody has power, when that is so.
        var degenerate: String?
        var proper: Bool?
        var banzhafPrecision: String?
        var shapleyPrecision: String?
        /// Why an index is missing.
        var banzhafUnavailable: String?
        var shapleyUnavailable: String?
        var blockingPrecision: String?
        var blockingUnavailable: String?
        /// How many coalitions win: digits, or `≈1.234e301`.
        var winningCoalitions: String?
        /// The minimal blocking coalitions, smallest first, up to 50.
        var blockingCoalitions: [[String]]
        /// How many there are, in digits; nil when not all were counted.
        var blockingCoalitionCount: String?
        /// How many members the smallest has; listed or not.
        var blockingSmallest: Int?
        /// Set when any `size` of the members `among` block (besides declared vetoes).
        var blockingAnyOf: AnyOf?
        var members: [MemberPower]
    }

    struct AnyOf: Encodable {
        var size: Int
        var among: [String]
    }

    struct MemberPower: Encodable {
        var name: String
        var weight: Int64
        var weightShare: Double
        var banzhaf: Double?
        /// The exact fraction, `"5/21"`, when computed exactly.
        var banzhafExact: String?
        /// The number of swings: exact digits, or `≈1.234e301`.
        var swings: String?
        var shapley: Double?
        var shapleyExact: String?
        /// The share of the winning coalitions that lose without the member.
        var blocking: Double?
        var blockingExact: String?
        var dictator: Bool
        var veto: Bool
        var vetoDeclared: Bool
        var dummy: Bool?
    }

    private static func body(_ table: Table) -> Body {
        let game = table.game
        let analysis = table.analysis
        let banzhaf = try? analysis.banzhaf.get()
        let shapley = try? analysis.shapley.get()
        let preventive = try? analysis.preventive.get()
        let total = Double(game.game.totalWeight)
        let names = game.members.map(\.name)
        func unavailable<T>(_ result: Result<T, PowerUnavailable>) -> String? {
            if case .failure(let reason) = result, analysis.degeneracy == nil { return reason.explanation }
            return nil
        }
        return Body(
            body: game.body, matters: game.matters, rule: game.ruleDescription, quota: game.game.quota,
            totalWeight: game.game.totalWeight, vetoes: game.vetoHolders,
            degenerate: analysis.degeneracy.map { PowerUnavailable.degenerate($0).explanation },
            proper: analysis.isProper,
            banzhafPrecision: banzhaf?.index.precision.rawValue, shapleyPrecision: shapley?.precision.rawValue,
            banzhafUnavailable: unavailable(analysis.banzhaf), shapleyUnavailable: unavailable(analysis.shapley),
            blockingPrecision: preventive?.precision.rawValue, blockingUnavailable: unavailable(analysis.preventive),
            winningCoalitions: preventive?.winningCoalitions.description,
            blockingCoalitions: analysis.degeneracy == nil ? table.blocking.coalitions.map { $0.map { names[$0] } } : [],
            blockingCoalitionCount: analysis.degeneracy == nil ? table.blocking.count?.description : "0",
            blockingSmallest: analysis.degeneracy == nil ? table.blocking.smallest : nil,
            blockingAnyOf: table.blocking.anyOf.map { AnyOf(size: $0.size, among: $0.among.map { names[$0] }) },
            members: game.members.enumerated().map { player, member in
                MemberPower(
                    name: member.name, weight: game.game.weights[player],
                    weightShare: total > 0 ? Double(game.game.weights[player]) / total : 0,
                    banzhaf: banzhaf?.index.shares[player], banzhafExact: banzhaf?.index.exactShares?[player].description,
                    swings: banzhaf?.swings[player].description,
                    shapley: shapley?.shares[player], shapleyExact: shapley?.exactShares?[player].description,
                    blocking: preventive?.shares[player], blockingExact: preventive?.exactShares?[player].description,
                    dictator: analysis.dictators.contains(player), veto: analysis.vetoPlayers.contains(player),
                    vetoDeclared: analysis.game.vetoes.contains(player),
                    dummy: analysis.dummies.map { $0.contains(player) })
            })
    }
}
