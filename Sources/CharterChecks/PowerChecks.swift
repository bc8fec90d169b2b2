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
    defer {
        checkBlocking(context)
        checkMoney(context)
    }
    for body in context.model.bodies {
        guard let members = context.bodyMembers[body.name], !members.isEmpty else { continue }
        let games: [BodyGame]
        do { games = try context.evaluator.games(of: body) } catch { context.record(error); continue }
        // A bloc's concentration is one fact per body, however many rules it has.
        var concentrated: Set<String> = []
        for game in games {
            let site = GameSite(game, of: body, gameCount: games.count)
            let analysis = context.evaluator.power(game)
            guard analysis.degeneracy == nil else { continue }
            checkRoles(of: game, in: body, analysis, site, context)
            checkConcentration(of: game, analysis, site, context, reported: &concentrated)
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

/// Whether a player can block every decision of a game though nobody
/// declared a veto for it (C302): not under unanimity or consensus, where
/// everyone can, nor where every member can (C805), nor a dictator (C301).
/// A member that can block only by keeping the quorum from being met is
/// C809's finding instead.
func isHiddenVeto(_ player: Int, of game: BodyGame, _ analysis: PowerAnalysis) -> Bool {
    game.rule != .unanimity && game.rule != .consensus && analysis.vetoPlayers.count != game.members.count
        && analysis.vetoPlayers.contains(player) && !game.game.vetoes.contains(player) && !analysis.dictators.contains(player)
        && game.game.totalWeight - game.game.weights[player] < game.ruleQuota
}

/// Dictators, vetoes, dummies, properness and computations refused.
private func checkRoles(of game: BodyGame, in body: Body, _ analysis: PowerAnalysis, _ site: GameSite,
                        _ context: CheckContext) {
    let names = game.members.map(\.name)
    // A body of one is a delegation, not a dictatorship.
    for player in analysis.dictators where names.count > 1 {
        report(Catalog.dictator,
               "`\(names[player])` decides alone in \(site.name): its \(votes(game, player)) reaches the quota of \(game.game.quota)",
               about: player, of: game, site, context, label: "decides alone",
               help: "lower its weight, raise the quota, or decide by head count")
    }
    for player in analysis.vetoPlayers where isHiddenVeto(player, of: game, analysis) {
        report(Catalog.hiddenVeto,
               "`\(names[player])` can block every decision of \(site.name): without its \(votes(game, player)), the others have \(plural(game.game.totalWeight - game.game.weights[player], "vote")), below the quota of \(game.ruleQuota)",
               about: player, of: game, site, context, label: "a veto nobody declared",
               help: "lower the quota or its weight, or declare the veto with `veto \(names[player])` so it is visible")
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

private func checkConcentration(of game: BodyGame, _ analysis: PowerAnalysis, _ site: GameSite, _ context: CheckContext,
                                reported: inout Set<String>) {
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
    if !symmetric { checkBlocConcentration(of: game, shares, site, context, reported: &reported) }
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
private func checkBlocConcentration(of game: BodyGame, _ shares: [Double], _ site: GameSite, _ context: CheckContext,
                                    reported: inout Set<String>) {
    let seats = game.seats
    let threshold = context.configuration.powerThreshold
    for bloc in context.model.blocs where !reported.contains(bloc.name) {
        guard let members = try? context.evaluator.blocMembers(bloc.name) else { continue }
        let players = members.compactMap { seats[$0.name] }.filter { !game.game.vetoes.contains($0) }
        guard !players.isEmpty, players.count * 2 < game.members.count else { continue }
        let power = players.reduce(0.0) { $0 + shares[$1] }
        let seatShare = Double(players.count) / Double(game.members.count)
        guard power > threshold.doubleValue + 1e-12, power > seatShare + 1e-12 else { continue }
        let shown = percents(power, against: threshold.doubleValue)
        reported.insert(bloc.name)
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

// MARK: Blocking

/// A group whose power to block a body's core matters is asked about.
private struct Group {
    /// How a message names it: "bloc `business`".
    var name: String
    var members: Set<String>
    /// The bloc's declaration, for a label.
    var declaration: Span?
    /// Whether its members are all business- or power-motivated: then its
    /// blocking is reported however many seats it has; a minority bloc's
    /// only when it blocks with a smaller share of the seats than the rule
    /// needs to block by weight (a third of the seats blocking a two-thirds
    /// rule is the rule at work).
    var businessMinded: Bool
}

/// Whether a game's rule can be blocked only as its rule says: unanimity
/// and consensus give everyone a veto by design.
private func everyoneMayBlock(_ game: BodyGame) -> Bool { game.rule == .unanimity || game.rule == .consensus }

/// Whether anything can pass a game and anything can be stopped.
private func isLive(_ game: BodyGame) -> Bool {
    game.game.quota > 0 && game.game.totalWeight >= game.game.quota
}

/// C311 and C312: who can block a core matter, and whether the values-driven
/// members can block a change of the statutes. One finding per group and body.
private func checkBlocking(_ context: CheckContext) {
    let model = context.model
    let anyValuesDriven = model.members.contains { $0.motivation == .valuesDriven }
    for body in model.bodies {
        guard let members = context.bodyMembers[body.name], members.count > 1 else { continue }
        let core = body.matters.filter { $0.meaning?.isCore == true }
        guard !core.isEmpty, let games = try? context.evaluator.games(of: body) else { continue }
        let coreNames = Set(core.map(\.name))
        let coreGames = games.filter { game in isLive(game) && game.matters.contains(where: coreNames.contains) }
        if context.isEnabled(Catalog.blocCanBlock) {
            let totals = coreGames.map { game in (game, game.game.weights.reduce(Int128(0)) { $0 + Int128($1) }) }
            for group in groups(in: members, context) {
                reportBlocking(by: group, of: body, totals, core, members.count, context)
            }
        }
        if context.isEnabled(Catalog.valuesCannotBlock) && anyValuesDriven {
            let statutes = Set(body.matters(about: .statutes).map(\.name))
            for game in coreGames where game.matters.contains(where: statutes.contains) {
                let seats = Set(game.members.indices.filter { game.members[$0].motivation == .valuesDriven })
                guard !game.game.isBlocking(seats) else { continue }
                let matters = game.matters.filter(statutes.contains)
                let span = core.first { matters.contains($0.name) }?.span ?? body.origin.nameSpan
                let others = WeightedGame.weight(of: game.members.indices.filter { !seats.contains($0) }.map { game.game.weights[$0] })
                let message = seats.isEmpty
                    ? "no values-driven member sits in body `\(body.name)`, which decides \(list(matters)): they cannot stop a change of the statutes"
                    : "the values-driven members of body `\(body.name)` cannot stop a change of \(list(matters)): the other members have \(plural(others, "vote")), enough for the quota of \(game.game.quota)"
                context.report(Catalog.valuesCannotBlock, message, at: span,
                               labels: [Label(GameSite(game, of: body, gameCount: games.count).span, "the rule")],
                               notes: seats.isEmpty ? [] : ["the values-driven members: " + list(seats.sorted().map { game.members[$0].name }, limit: 50)],
                               help: "decide the statutes by a qualified majority that needs the values-driven members, or give them a veto: `veto … on \(matters[0])`")
                break
            }
        }
    }
}

/// The groups of a body whose blocking is asked about: each declared bloc
/// that is business-minded or a minority of the body, and the business- and
/// power-motivated members together when no bloc is exactly them.
private func groups(in members: [Member], _ context: CheckContext) -> [Group] {
    // A body of every member seats every bloc's members: no set of its
    // members' names is needed to tell which are in it.
    let seated: Set<String>? = context.isEveryone(members) ? nil : Set(members.map(\.name))
    let seatedCount = seated?.count ?? members.count
    var businessMinded: Set<String> = []
    for index in members.indices where [.business, .power].contains(members[index].motivation) {
        businessMinded.insert(members[index].name)
    }
    var result: [Group] = []
    for bloc in context.model.blocs {
        guard let blocMembers = try? context.evaluator.blocMembers(bloc.name) else { continue }
        var inBody = Set(blocMembers.map(\.name))
        if let seated { inBody.formIntersection(seated) }
        guard !inBody.isEmpty, inBody.count < seatedCount else { continue }
        let business = inBody.isSubset(of: businessMinded)
        if business || inBody.count * 2 < seatedCount {
            result.append(Group(name: "bloc `\(bloc.name)`", members: inBody, declaration: bloc.origin.nameSpan,
                                businessMinded: business))
        }
    }
    if !businessMinded.isEmpty, businessMinded.count < seatedCount, !result.contains(where: { $0.members == businessMinded }) {
        result.append(Group(name: "the business- and power-motivated members", members: businessMinded, declaration: nil,
                            businessMinded: true))
    }
    return result
}

private func reportBlocking(by group: Group, of body: Body, _ games: [(game: BodyGame, total: Int128)], _ core: [Body.Matter],
                            _ seated: Int, _ context: CheckContext) {
    // Worked out from the group's own seats and weights, so that a body's
    // many blocs cost their own sizes, not the body's each.
    var blocked: [String] = []
    var first: (game: BodyGame, others: Int128)?
    for (game, total) in games where !everyoneMayBlock(game) {
        let seats = group.members.compactMap { game.seats[$0] }
        let weights = game.game.weights
        let quota = Int128(game.game.quota)
        let others = total - seats.reduce(Int128(0)) { $0 + Int128(weights[$1]) }
        let holdsVeto = seats.contains { game.game.vetoes.contains($0) }
        guard !seats.isEmpty, holdsVeto || others < quota else { continue }
        // A declared bloc that blocks only by keeping the quorum from being met is C809's finding.
        if group.declaration != nil, game.quorumDecides, others >= Int128(game.ruleQuota), !holdsVeto,
           context.isEnabled(Catalog.quorumBusting) { continue }
        // seats / members < (total − quota + 1) / total, the least share of the weight that blocks.
        guard group.businessMinded || Int128(seats.count) * total < Int128(game.members.count) * (total - quota + 1) else { continue }
        // One member that blocks alone is that member's finding: a veto (C302,
        // C303) or a boycott of the quorum (C809).
        guard !seats.contains(where: { game.game.vetoes.contains($0) || total - Int128(weights[$0]) < quota }) else { continue }
        blocked += game.matters.filter { matter in core.contains { $0.name == matter } }
        if first == nil { first = (game, others) }
    }
    guard let (game, others) = first else { return }
    let topics = core.filter { blocked.contains($0.name) }.compactMap(\.meaning)
    let described = topics.reduce(into: [String]()) { if !$0.contains($1.described) { $0.append($1.described) } }
    let short = others < Int128(game.ruleQuota) ? "below the quota of \(game.ruleQuota)" : "below the quorum of \(game.quorumQuota) present"
    let rule: String = game.ruleDescription
    var notes: [String] = ["in body `\(body.name)` (\(rule)), without them the others have \(others) votes, \(short); the matters: \(list(blocked))"]
    if group.declaration == nil { notes.append("they are " + list(group.members.sorted(), limit: 50)) }
    let span = core.first { blocked.contains($0.name) }?.span ?? body.origin.nameSpan
    let minority = group.members.count * 2 < seated
    context.report(Catalog.blocCanBlock,
                   "\(group.name), \(group.members.count) of the \(seated) members of body `\(body.name)`, can block "
                       + (described.count > 1 ? described.dropLast().joined(separator: ", ") + " and " + described.last! : described[0]),
                   at: span, labels: group.declaration.map { [Label($0, "the bloc")] } ?? [],
                   notes: notes,
                   help: minority
                       ? "if this minority is not meant to hold the alliance's direction, raise the share it takes to block (a lower quota for these matters) or rebalance the weights"
                       : "decide these matters so that the values-driven members are needed too: a veto for them on these matters, or rebalanced weights")
}

// MARK: Money

/// An amount as written (`100000.5`) when it fits in 64 bits; past that,
/// to four significant digits, which costs nothing however long it is.
private func money(_ amount: Rational) -> String {
    amount.small != nil ? EvaluatedValue.format(amount) : "≈" + String(format: "%.4g", amount.doubleValue)
}

/// C313 and C314: dependence on one funder, and contributors without voice.
/// Only amounts are money; contributions in kind never count. The shares are
/// exact while every amount fits in 64 bits (as written amounts do); past
/// that, where exact sums would cost more than any check should, they are
/// worked out in floating point, which a note says.
private func checkMoney(_ context: CheckContext) {
    let model = context.model
    guard context.isEnabled(Catalog.dominantFunder) || context.isEnabled(Catalog.funderWithoutVoice) else { return }
    // Positions, not copies of the members.
    let paying = model.members.indices.compactMap { index -> (index: Int, amount: Rational)? in
        guard case .amount(let amount) = model.members[index].contribution, amount > .zero else { return nil }
        return (index, amount)
    }
    guard !paying.isEmpty, model.members.count > 1 else { return }
    let exact = paying.allSatisfy { $0.amount.small != nil }
    let total = exact ? paying.reduce(Rational.zero) { $0.adding($1.amount) } : nil
    let approximateTotal = paying.reduce(0.0) { $0 + $1.amount.doubleValue }
    let roughly = exact ? [] : ["worked out in floating point: some amounts are too large to add exactly"]
    let limit = context.configuration.funderShare
    let hasBodies = !model.bodies.isEmpty
    // The bodies each member sits in, made once the first large funder
    // needs them: a look through every body for each funder would cost
    // funders times seats.
    var bodiesSeating: [String: [Body]]?
    // The least share that can matter: above the limit, or large (below).
    let count = Double(model.members.count)
    let notable = min(limit.doubleValue, max(1 / count, 0.25), 2 / count)
    for (index, amount) in paying {
        // Most members pay far less than any share that matters: told so in
        // floating point, with room to spare for its rounding, before the
        // share is worked out exactly (a division of fractions each).
        if amount.doubleValue / approximateTotal < notable * 0.999 { continue }
        // Read where it stands when a finding needs it: a copy of every
        // paying member was a tenth of the check.
        var member: Member { model.members[index] }
        let share: Double
        let above: Bool
        if let total, let exactShare = amount.divided(by: total) {
            share = exactShare.doubleValue
            above = exactShare > limit
        } else {
            share = amount.doubleValue / approximateTotal
            above = share > limit.doubleValue
        }
        // Written out only for a finding: most members pay no notable share.
        var written: String { "contribution " + money(amount) }
        if above {
            let shown = percents(share, against: limit.doubleValue)
            context.report(Catalog.dominantFunder,
                           "`\(member.name)` pays \(shown.share) of the money the members contribute, more than \(shown.other)",
                           at: member.origin.nameSpan, label: written,
                           notes: ["\(money(amount)) of \(total.map(money) ?? "about " + EvaluatedValue.format(approximateTotal)) in all, from \(paying.count) of the \(model.members.count) members"] + roughly,
                           help: "spread the funding, or agree in a rule what happens if this member leaves")
        }
        // Large: more than an equal share of the members' and at least a
        // quarter of the money, or at least twice an equal share.
        let members = Double(model.members.count)
        let large = share > 1 / members + 1e-12 && share >= 0.25 - 1e-12 || share >= 2 / members - 1e-12
        guard large, hasBodies, context.isEnabled(Catalog.funderWithoutVoice) else { continue }
        if bodiesSeating == nil {
            var seating: [String: [Body]] = [:]
            for body in model.bodies {
                for seated in context.bodyMembers[body.name] ?? [] { seating[seated.name, default: []].append(body) }
            }
            bodiesSeating = seating
        }
        let seats = bodiesSeating?[member.name] ?? []
        if seats.isEmpty {
            context.report(Catalog.funderWithoutVoice,
                           "`\(member.name)` pays \(percent(share)) of the money contributed, and sits in no body",
                           at: member.origin.nameSpan, label: written, notes: roughly,
                           help: "give it a seat that matches what it brings, or say in a rule how its contribution is accounted for")
            continue
        }
        var most = 0.0
        var known = true
        for body in seats {
            guard let games = try? context.evaluator.games(of: body) else { known = false; continue }
            for game in games {
                guard let seat = game.seats[member.name], case .success(let banzhaf) = context.evaluator.power(game).banzhaf
                else { known = false; continue }
                most = max(most, banzhaf.index.shares[seat])
            }
        }
        let gap = context.configuration.powerGap.doubleValue
        guard known, share - most >= gap - 1e-12 else { continue }
        context.report(Catalog.funderWithoutVoice,
                       "`\(member.name)` pays \(percent(share)) of the money contributed, and holds at most \(percent(most)) of the power in the bodies it sits in",
                       at: member.origin.nameSpan, label: written,
                       notes: ["it sits in " + list(seats.map(\.name))] + roughly,
                       help: "give it a weight that matches what it brings, or say in a rule how its contribution is accounted for")
    }
}
