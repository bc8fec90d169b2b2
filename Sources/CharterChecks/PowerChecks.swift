// Unbalanced power: for every decision game of every body (see BodyGame),
// the exact power analysis and what it reveals — dictators, vetoes hidden and
// declared, dummies, improper quotas, concentration above the threshold, a
// minority bloc or the business-minded members winning alone, power far from
// weight. Liveness and capture, which are about the management model, are in
// ManagementChecks.swift.

import CharterDiagnostics
import CharterEvaluation
import CharterModel
import CharterNumbers
import CharterPower

/// Where a game's rule was written, and how a message names the game.
struct GameSite {
    var span: Span
    var name: String

    init(_ game: BodyGame, of body: Body, gameCount: Int) {
        let matter = body.matters.first { game.matters.contains($0.name) && $0.ruleSpan != nil }
        span = matter?.ruleSpan ?? body.defaultRuleSpan ?? body.origin.nameSpan
        name = gameCount > 1 && !game.matters.isEmpty
            ? "body `\(body.name)` (on \(list(game.matters, limit: 3)))" : "body `\(body.name)`"
    }
}

func checkPower(_ context: CheckContext) {
    for body in context.model.bodies {
        guard let members = context.bodyMembers[body.name], !members.isEmpty else { continue }
        let games: [BodyGame]
        do { games = try context.evaluator.games(of: body) } catch { context.record(error); continue }
        for game in games {
            let site = GameSite(game, of: body, gameCount: games.count)
            let analysis = context.evaluator.power(game)
            guard analysis.degeneracy == nil else { continue }
            checkRoles(of: game, in: body, analysis, site, context)
            checkConcentration(of: game, analysis, site, context)
            // A dictator already decides alone; no coalition adds to that.
            if analysis.dictators.isEmpty { checkCoalitions(of: game, site, context) }
        }
    }
}

/// "its weight 5 of 12"
private func votes(_ game: BodyGame, _ player: Int) -> String {
    game.isWeighted ? "weight \(game.game.weights[player]) of \(game.game.totalWeight)" : "1 vote of \(game.members.count)"
}


/// A finding about one member of a body points at the member, with the
/// body's rule as a label, so that a comment at the member can suppress it.
private func report(_ check: Check, _ message: String, about player: Int, of game: BodyGame, _ site: GameSite,
                    _ context: CheckContext, label: String, notes: [String] = [], help: String) {
    guard let member = context.nameSpan(ofMember: game.members[player].name) else {
        context.report(check, message, at: site.span, notes: notes, help: help)
        return
    }
    context.report(check, message, at: member, label: label, labels: [Label(site.span, "the rule of body `\(game.body)`")],
                   notes: notes, help: help)
}

/// Dictators, vetoes, dummies, properness and computations refused.
private func checkRoles(of game: BodyGame, in body: Body, _ analysis: PowerAnalysis, _ site: GameSite,
                        _ context: CheckContext) {
    let names = game.members.map(\.name)
    let unanimous = game.rule == .unanimity || game.rule == .consensus
    // A body of one is a delegation, not a dictatorship.
    for player in analysis.dictators where names.count > 1 {
        report(Catalog.dictator,
               "`\(names[player])` decides alone in \(site.name): its \(votes(game, player)) reaches the quota of \(game.game.quota)",
               about: player, of: game, site, context, label: "decides alone",
               help: "lower its weight, raise the quota, or decide by head count")
    }
    let everyoneVetoes = analysis.vetoPlayers.count == names.count
    if !unanimous && !everyoneVetoes {
        let total = game.game.totalWeight
        for player in analysis.vetoPlayers where !game.game.vetoes.contains(player) && !analysis.dictators.contains(player) {
            report(Catalog.hiddenVeto,
                   "`\(names[player])` can block every decision of \(site.name): without its \(votes(game, player)), the others have \(plural(total - game.game.weights[player], "vote")), below the quota of \(game.game.quota)",
                   about: player, of: game, site, context, label: "a veto nobody declared",
                   help: "lower the quota or its weight, or declare the veto with `veto \(names[player])` so it is visible")
        }
    }
    if case .success(let banzhaf) = analysis.banzhaf {
        for player in game.game.vetoes.sorted() {
            let veto = body.vetoes.first { $0.member == names[player] }
            context.report(Catalog.declaredVeto,
                           "the veto of `\(names[player])` gives it \(percent(banzhaf.index.shares[player])) of the power in \(site.name), with \(votes(game, player))",
                           at: veto?.span ?? site.span, labels: [Label(site.span, "the rule it adds to")])
        }
    }
    if let dummies = analysis.dummies, analysis.dictators.isEmpty {
        for player in dummies {
            let reason = game.game.weights[player] == 0
                ? "with weight 0, its vote never changes the outcome"
                : "no coalition it could join needs its \(votes(game, player))"
            report(Catalog.dummy, "`\(names[player])` has a vote but no power in \(site.name): \(reason)",
                   about: player, of: game, site, context, label: "never pivotal",
                   help: "change the weights or the quota, or give the member a role that is not a vote")
        }
    }
    if analysis.isProper == false {
        context.report(Catalog.improperQuota,
                       "two opposite decisions can both pass \(site.name): the quota of \(game.game.quota) is not more than half of the \(game.game.totalWeight) votes",
                       at: site.span, help: "require more than half of the votes")
    }
    for index in [analysis.banzhaf.map(\.index), analysis.shapley] {
        guard case .failure(let reason) = index, reason != .degenerate(.noWinningCoalition) else { continue }
        context.report(Catalog.powerUnavailable, "the power in \(site.name) was not computed: \(reason.explanation)",
                       at: site.span, help: "the power checks that need it were skipped for this body")
        break
    }
}

private func checkConcentration(of game: BodyGame, _ analysis: PowerAnalysis, _ site: GameSite, _ context: CheckContext) {
    guard case .success(let banzhaf) = analysis.banzhaf, analysis.dictators.isEmpty else { return }
    let shares = banzhaf.index.shares
    let names = game.members.map(\.name)
    let threshold = context.configuration.powerThreshold
    let thresholdValue = threshold.doubleValue
    // In a game where every member holds the same power, no one concentrates it.
    let symmetric = shares.allSatisfy { abs($0 - shares[0]) < 1e-12 }
    if !symmetric {
        // A declared veto's power is reported by C303.
        for player in shares.indices where shares[player] > thresholdValue + 1e-12 && !game.game.vetoes.contains(player) {
            let shown = percents(shares[player], against: thresholdValue)
            report(Catalog.powerConcentration,
                   "`\(names[player])` holds \(shown.share) of the power in \(site.name), above the threshold of \(shown.other)",
                   about: player, of: game, site, context, label: votes(game, player),
                   notes: ["power is the normalized Banzhaf index: the member's share of the votes that turn a losing coalition into a winning one"],
                   help: "rebalance the weights, raise the quota, or add members to the body")
        }
    }
    if !symmetric { checkBlocConcentration(of: game, shares, site, context) }
    guard game.isWeighted else { return }
    let gap = context.configuration.powerGap.doubleValue
    let total = Double(game.game.totalWeight)
    let dummies = Set(analysis.dummies ?? [])
    for player in shares.indices where !dummies.contains(player) && !game.game.vetoes.contains(player) {
        let weightShare = Double(game.game.weights[player]) / total
        guard abs(shares[player] - weightShare) >= gap - 1e-12 else { continue }
        report(Catalog.weightPowerGap,
               "`\(names[player])` holds \(percent(shares[player])) of the power in \(site.name) with \(percent(weightShare)) of the weight",
               about: player, of: game, site, context, label: "weight \(game.game.weights[player])",
               help: "`charter power` shows power beside weight; adjust the weights or the quota until they are close")
    }
}

/// A minority bloc (fewer than half of a body's seats) whose members together
/// hold more of its power than the threshold and more than their share of
/// the seats. (A majority holding most of the power, or a bloc holding power
/// in proportion to its seats, is representation at work; power that comes
/// from a declared veto is reported by C303 and left out.)
private func checkBlocConcentration(of game: BodyGame, _ shares: [Double], _ site: GameSite, _ context: CheckContext) {
    let seats = game.seats
    let threshold = context.configuration.powerThreshold
    for bloc in context.model.blocs {
        guard let members = try? context.evaluator.blocMembers(bloc.name) else { continue }
        let players = members.compactMap { seats[$0.name] }.filter { !game.game.vetoes.contains($0) }
        guard !players.isEmpty, players.count * 2 < game.members.count else { continue }
        let power = players.reduce(0.0) { $0 + shares[$1] }
        let seatShare = Double(players.count) / Double(game.members.count)
        guard power > threshold.doubleValue + 1e-12, power > seatShare + 1e-12 else { continue }
        let shown = percents(power, against: threshold.doubleValue)
        context.report(Catalog.powerConcentration,
                       "bloc `\(bloc.name)`, \(players.count) of the \(game.members.count) members, holds \(shown.share) of the power in \(site.name), above the threshold of \(shown.other) and its share of the seats",
                       at: site.span, labels: [Label(bloc.origin.nameSpan, "the bloc")],
                       notes: ["its members: " + players.prefix(10).map { "`\(game.members[$0].name)` \(percent(shares[$0]))" }.joined(separator: ", ")
                                   + (players.count > 10 ? " and \(players.count - 10) more" : "")],
                       help: "rebalance the weights or raise the quota, so that a minority group does not hold this much of the power")
    }
}

private func checkCoalitions(of game: BodyGame, _ site: GameSite, _ context: CheckContext) {
    let names = game.members.map(\.name)
    let seats = game.seats
    func describe(_ coalition: [Int]) -> String {
        let weight = WeightedGame.weight(of: coalition.map { game.game.weights[$0] })
        return "together \(game.isWeighted ? "they weigh \(weight) of \(game.game.totalWeight)" : "they are \(coalition.count) of \(names.count)"), and the quota is \(game.game.quota)"
    }
    if context.isEnabled(Catalog.minorityBlocWins) {
        for bloc in context.model.blocs {
            guard let blocMembers = try? context.evaluator.blocMembers(bloc.name) else { continue }
            let coalition = blocMembers.compactMap { seats[$0.name] }.sorted()
            guard !coalition.isEmpty, coalition.count * 2 < names.count, game.game.isWinning(Set(coalition)) else { continue }
            context.report(Catalog.minorityBlocWins,
                           "bloc `\(bloc.name)`, \(coalition.count) of the \(names.count) members, can carry \(site.name) alone",
                           at: site.span, labels: [Label(bloc.origin.nameSpan, "the bloc")],
                           notes: ["the coalition: " + list(coalition.map { names[$0] }, limit: 10) + "; " + describe(coalition)],
                           help: "raise the quota or rebalance the weights so that a minority cannot decide alone")
        }
    }
    if context.isEnabled(Catalog.businessCanWin) {
        let coalition = game.members.indices.filter { [.business, .power].contains(game.members[$0].motivation) }
        // Without a values-driven member in the body, there is nobody to win without.
        let valuesDriven = game.members.contains { $0.motivation == .valuesDriven }
        if valuesDriven && !coalition.isEmpty && game.game.isWinning(Set(coalition)) {
            let labels = coalition.prefix(8).compactMap { player in
                context.nameSpan(ofMember: names[player]).map { Label($0, "motivation \(game.members[player].motivation!.rawValue)") }
            }
            context.report(Catalog.businessCanWin,
                           "the business- and power-motivated members can carry \(site.name) without any values-driven member",
                           at: site.span, labels: labels,
                           notes: ["the coalition: " + list(coalition.map { names[$0] }, limit: 10) + "; " + describe(coalition)],
                           help: "raise the quota so values-driven members are always needed, or give them a veto on mission and values")
        }
    }
}
