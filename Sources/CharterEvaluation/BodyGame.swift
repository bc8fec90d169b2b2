// From a body's decision rules to weighted games. Every rule is a weighted
// game over the body's members, in declaration order:
//   unanimity, consensus      each member weighs 1; the quota is every member
//                             (consensus: no member objects, so each can block)
//   majority (by head)        each member weighs 1; more than half, or at
//                             least the share, of the members
//   weighted majority         the members' weights; more than half, or at
//                             least the share, of the total weight, or the quota
// A quorum (a share of the members, or of the weight for weighted rules, that
// must take part) raises the quota to itself when it is higher: whoever would
// vote against can stay away instead, so a coalition wins only when it meets
// the quorum on its own as well ("quorum busting"). With a quorum the rule's
// share is of the votes cast (see the grammar), which changes nothing when
// everyone who can vote against does.
// A veto on a matter makes its holder part of every winning coalition for
// that matter. A body whose matters differ in rule or veto has one game per
// distinct combination, each naming its matters.

import CharterModel
import CharterNumbers
import CharterPower

public struct BodyGame: Sendable {
    public var body: String
    /// The matters this game decides; empty for a body's default rule when
    /// no matter names it.
    public var matters: [String]
    public var rule: CharterModel.DecisionRule
    /// The players, in declaration order.
    public var members: [Member]
    /// Each player's index, by name.
    public var seats: [String: Int]
    /// The members whose vetoes apply.
    public var vetoHolders: [String]
    public var game: WeightedGame
    /// The body's quorum, as a share; nil when it has none.
    public var quorum: CharterNumbers.Rational?
    /// The weight the rule alone needs, before a quorum raises it: the
    /// game's quota is the larger of the two.
    public var ruleQuota: Int64
    /// The weight that must take part, by the quorum; 0 without one.
    public var quorumQuota: Int64

    /// Whether the quorum, not the rule, sets the quota.
    public var quorumDecides: Bool { quorumQuota > ruleQuota }

    /// The games of a body with the given members: one per distinct rule and
    /// vetoes, in the order the matters are declared, the default rule's
    /// game first. `players`: each member's seat, by name (of two with one
    /// name, the first), as `members.byName` makes it.
    static func games(of body: Body, members: [Member], seats players: [String: Int]) -> [BodyGame] {
        struct Key: Hashable { var rule: CharterModel.DecisionRule; var vetoes: [String] }
        func vetoes(on matter: String?) -> [String] {
            body.vetoes.filter { veto in
                players[veto.member] != nil && (veto.matters.isEmpty || matter.map(veto.matters.contains) == true)
            }.map(\.member).sorted()
        }
        var order: [Key] = []
        var matters: [Key: [String]] = [:]
        func include(_ key: Key, _ matter: String?) {
            if matters[key] == nil { order.append(key); matters[key] = [] }
            if let matter { matters[key]!.append(matter) }
        }
        // A body that decides no matter is still its default rule; one whose
        // every matter has a rule of its own has no default game.
        if let rule = body.defaultRule, body.matters.isEmpty {
            include(Key(rule: rule, vetoes: vetoes(on: nil)), nil)
        }
        for matter in body.matters {
            guard let rule = matter.rule ?? body.defaultRule else { continue }
            include(Key(rule: rule, vetoes: vetoes(on: matter.name)), matter.name)
        }
        return order.map { key in
            let weights = weights(members, key.rule)
            let ruleQuota = quota(members, key.rule)
            let quorumQuota = body.quorum.map { share(WeightedGame(weights: weights, quota: 0).totalWeight, $0) } ?? 0
            return BodyGame(body: body.name, matters: matters[key]!, rule: key.rule, members: members, seats: players,
                            vetoHolders: key.vetoes,
                            game: WeightedGame(weights: weights, quota: max(ruleQuota, quorumQuota),
                                               vetoes: Set(key.vetoes.compactMap { players[$0] })),
                            quorum: body.quorum, ruleQuota: ruleQuota, quorumQuota: quorumQuota)
        }
    }

    /// ⌈share · total⌉, exactly; the share is at most 1, so it fits as the total does.
    private static func share(_ total: Int64, _ share: CharterNumbers.Rational) -> Int64 {
        share.multiplied(by: CharterNumbers.Rational(total)).ceiling.int64 ?? .max
    }

    private static func weights(_ members: [Member], _ rule: CharterModel.DecisionRule) -> [Int64] {
        if case .majority(.weight, _) = rule { return members.map(\.weight) }
        return Array(repeating: 1, count: members.count)
    }

    private static func quota(_ members: [Member], _ rule: CharterModel.DecisionRule) -> Int64 {
        let total = WeightedGame(weights: weights(members, rule), quota: 0).totalWeight
        switch rule {
        // At least one vote, as for every rule: a body with no members decides nothing.
        case .unanimity, .consensus: return max(1, total)
        case .majority(_, .moreThanHalf): return total / 2 + 1
        case .majority(_, .quota(let quota)): return quota
        case .majority(_, .atLeast(let share)):
            // At least one vote: a share of nothing is still a vote to win,
            // as "more than half" of nothing is.
            return max(1, Self.share(total, share))
        }
    }

    /// A player's share of the votes: its weight over the total in a weighted
    /// rule, one over the number of members otherwise.
    public func weightShare(of player: Int) -> EvaluatedValue {
        let total = game.totalWeight
        guard total > 0, let share = Rational(game.weights[player], total) else { return .number(.zero) }
        return .number(share)
    }

    /// The players who can block every decision alone though no veto was
    /// declared for them: without their votes the others fall short of the
    /// quota (or of the quorum). None under unanimity or consensus, where
    /// everyone can by design, nor where every member can; none when nothing
    /// can pass at all.
    public var undeclaredVetoes: [Int] {
        guard rule != .unanimity, rule != .consensus, game.quota > 0, game.totalWeight >= game.quota else { return [] }
        let total = game.totalWeight
        let blockers = game.weights.indices.filter { !game.vetoes.contains($0) && total - game.weights[$0] < game.quota }
        return blockers.count == members.count ? [] : blockers
    }

    /// Whether the members' weights count (a weighted majority), rather than one vote each.
    public var isWeighted: Bool {
        if case .majority(.weight, _) = rule { return true }
        return false
    }

    /// `12 of 19 votes to win`, and why when the quorum sets it.
    public var quotaDescription: String {
        "\(game.quota) of \(game.totalWeight) votes to win"
            + (quorumDecides ? " (the rule needs \(ruleQuota), the quorum \(quorumQuota): the others can stay away)" : "")
    }

    /// The rule in Charter's words, with the quorum when there is one:
    /// `weighted majority 60%, quorum 80%`.
    public var ruleDescription: String {
        rule.charterDescription + (quorum.map { ", quorum " + $0.shareDescription } ?? "")
    }
}

extension Rational {
    /// A share as people write it: `60%` when it is a whole percentage, `2/3` otherwise.
    public var shareDescription: String {
        let percent = multiplied(by: Rational(100))
        return percent.isInteger ? "\(percent)%" : description
    }
}

extension CharterModel.DecisionRule {
    /// The rule as it is written in Charter.
    public var charterDescription: String {
        switch self {
        case .unanimity: "unanimity"
        case .consensus: "consensus"
        case .majority(let basis, let threshold):
            (basis == .weight ? "weighted majority" : "majority") + {
                switch threshold {
                case .moreThanHalf: ""
                case .atLeast(let share): " " + share.shareDescription
                case .quota(let quota): " quota \(quota)"
                }
            }()
        }
    }
}
