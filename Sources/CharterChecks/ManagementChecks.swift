// The management model: who decides what, and whether the governance can
// live and change — matters decided twice, bodies without members, sanctions
// nobody may impose, and meta-governance: liveness (can anything pass?),
// entrenchment (can the rules be changed?) and capture (can a small minority
// block every change?).

import CharterDiagnostics
import CharterEvaluation
import CharterModel
import CharterNumbers
import CharterPower

func checkManagement(_ context: CheckContext) {
    let model = context.model
    if context.isEnabled(Catalog.conflictingDeciders) {
        for (matter, bodies) in context.deciders.sorted(by: { $0.key < $1.key }) where bodies.count > 1 {
            let rules = bodies.map { $0.rule(for: matter) }
            guard Set(rules.map { $0?.charterDescription ?? "" }).count > 1 else { continue }
            let second = bodies[1]
            let span = second.matters.first { $0.name == matter }?.span ?? second.origin.nameSpan
            let first = bodies[0]
            context.report(Catalog.conflictingDeciders,
                           "bodies \(list(bodies.map(\.name))) both decide `\(matter)`, by different rules",
                           at: span, label: rules[1]?.charterDescription,
                           labels: [Label(first.matters.first { $0.name == matter }?.span ?? first.origin.nameSpan,
                                          rules[0]?.charterDescription ?? "decided here")],
                           help: "give the matter to one body, or split it into a proposal and a decision")
        }
    }
    for body in model.bodies {
        guard let members = context.bodyMembers[body.name] else { continue }
        if members.isEmpty {
            context.report(Catalog.emptyBody, "body `\(body.name)` has no members", at: body.origin.nameSpan,
                           notes: body.matters.isEmpty ? [] : ["it decides " + list(body.matters.map(\.name))],
                           help: "correct its `members`, or move its matters to a body that has members")
            continue
        }
        checkLiveness(of: body, context)
    }
    if context.isEnabled(Catalog.undefinedSanction) {
        for rule in model.rules {
            guard let sanction = rule.sanction, let span = rule.spans.sanction else { continue }
            // A sentence describes a consequence that applies itself or says
            // who applies it ("the permit counts as granted"); a single word
            // names a measure someone must decide (`suspension`, `a fine`).
            let measure = words(sanction).filter { !["a", "an", "the"].contains($0) }
            guard measure.count == 1, context.deciders[measure[0]] == nil else { continue }
            context.report(Catalog.undefinedSanction,
                           "no body decides the sanction of rule `\(rule.name)`: \(sanction)", at: span,
                           help: "let a body decide it: `decides \(measure[0])`")
        }
    }
    if context.isEnabled(Catalog.undecidedAdmission) && !model.bodies.contains(where: { !$0.matters(about: .admission).isEmpty }) {
        for rule in model.rules where rule.topics.contains(.admission) {
            context.report(Catalog.undecidedAdmission,
                           "rule `\(rule.name)` admits members, but no body decides admission", at: rule.origin.nameSpan,
                           help: "add `admission` to the matters of the body that should decide it, or say what a matter is about: `decides new_members about admission`")
        }
    }
    checkAmendment(context)
}

private func checkLiveness(of body: Body, _ context: CheckContext) {
    guard let games = try? context.evaluator.games(of: body) else { return }
    checkQuorum(of: body, games, context)
    for game in games {
        let site = GameSite(game, of: body, gameCount: games.count)
        let analysis = context.evaluator.power(game)
        if analysis.degeneracy == .noWinningCoalition {
            context.report(Catalog.deadlock,
                           "nothing can pass \(site.name): "
                               + (game.members.count == 1 ? "its only member has " : "all \(game.members.count) members together have ")
                               + "\(plural(game.game.totalWeight, "vote")), below the quota of \(game.game.quota)",
                           at: site.span, help: "write the quota as a share, so it follows the membership, or correct the members")
            continue
        }
        // Every member a veto player by the rule itself; by the quorum, it is C809's finding.
        if case .majority = game.rule, game.members.count > 1, analysis.vetoPlayers.count == game.members.count,
           game.game.totalWeight - (game.game.weights.min() ?? 0) < game.ruleQuota {
            context.report(Catalog.everyoneVeto,
                           "every member of \(site.name) can block every decision: the majority is unanimity in disguise",
                           at: site.span,
                           notes: ["without even its lightest member, the others have \(plural(game.game.totalWeight - (game.game.weights.min() ?? 0), "vote")), below the quota of \(game.ruleQuota)"],
                           help: "lower the quota, or write `by unanimity` if that is what the alliance wants")
        }
    }
}

/// Entrenchment and capture: is some body able to change the rules, and can
/// a small minority of it block every change?
private func checkAmendment(_ context: CheckContext) {
    let model = context.model
    guard !model.bodies.isEmpty, let anchor = context.anchor else { return }
    let amending = model.bodies.filter { !$0.matters(about: .statutes).isEmpty }
    guard !amending.isEmpty else {
        let named = (["statutes", "charter", "constitution", "governance", "decision_making", "rules", "amendments", "amendment", "rule_changes"])
        context.report(Catalog.noAmendmentBody, "no body decides how the alliance's own rules change", at: anchor,
                       notes: ["a body decides this when it decides a matter `about statutes`, or one named "
                               + named.map { "`\($0)`" }.joined(separator: ", ")],
                       help: "give a body, usually the assembly of all members, a matter such as `statutes`, with a qualified majority; "
                           + "or say what a matter is: `decides charter_amendment about statutes`")
        return
    }
    guard context.isEnabled(Catalog.capture) else { return }
    for body in amending {
        guard let games = try? context.evaluator.games(of: body) else { continue }
        let amendments = Set(body.matters(about: .statutes).map(\.name))
        for game in games where game.matters.contains(where: amendments.contains) {
            let analysis = context.evaluator.power(game)
            guard analysis.degeneracy == nil else { continue }
            let blockers = game.game.minimalBlockingCoalitions(limit: 1, largest: .max, counting: false).coalitions.first ?? []
            // A veto nobody declared is C302's finding already, and a boycott of the quorum C809's.
            if blockers.count == 1,
               isHiddenVeto(blockers[0], of: game, analysis) && context.isEnabled(Catalog.hiddenVeto)
                || isQuorumBuster(blockers[0], of: game) && context.isEnabled(Catalog.quorumBusting) { continue }
            // A supermajority always lets some minority block; capture is when
            // that minority is one member, or a tenth of the members at most.
            guard !blockers.isEmpty, blockers.count == 1 || blockers.count * 10 <= game.members.count else { continue }
            let names = blockers.map { game.members[$0].name }
            let matters = game.matters.filter(amendments.contains)
            let span = body.matters.first { matters.contains($0.name) }?.span ?? body.origin.nameSpan
            let everyone = analysis.vetoPlayers.count == game.members.count
            let who = everyone ? "any one of its \(game.members.count) members"
                : names.count == 1 ? "`\(names[0])` alone" : "\(list(names)), \(names.count) of \(game.members.count) members,"
            context.report(Catalog.capture,
                           "\(who) can block every change of \(matters.isEmpty ? "the rules" : list(matters)) in body `\(body.name)`",
                           at: span,
                           labels: everyone ? [] : blockers.prefix(6).compactMap { player in
                               context.nameSpan(ofMember: game.members[player].name).map { Label($0, "can block") }
                           },
                           notes: ["\(body.name) decides by \(game.rule.charterDescription)" + (game.vetoHolders.isEmpty ? "" : ", with vetoes for " + list(game.vetoHolders))],
                           help: "decide amendments by a qualified majority without vetoes")
        }
    }
}

/// Whether a member can block a game only by staying away: the others have
/// the votes the rule needs, but not the quorum.
func isQuorumBuster(_ player: Int, of game: BodyGame) -> Bool {
    let others = game.game.totalWeight - game.game.weights[player]
    return game.quorumDecides && !game.game.vetoes.contains(player) && others < game.quorumQuota && others >= game.ruleQuota
}

/// C809 and C810: who can block by staying away, and how few can decide
/// when only the quorum is there. Once per member or bloc and body.
private func checkQuorum(of body: Body, _ games: [BodyGame], _ context: CheckContext) {
    guard let quorum = body.quorum else { return }
    var reported: Set<String> = []
    for game in games where game.quorumDecides && game.game.totalWeight >= game.game.quota {
        let total = game.game.totalWeight
        let site = GameSite(game, of: body, gameCount: games.count)
        let busters = game.members.indices.filter { isQuorumBuster($0, of: game) }
        if busters.count == game.members.count, game.members.count > 1 {
            // The quorum needs everyone: one finding for the body, not one a member.
            guard reported.insert(body.name).inserted else { continue }
            context.report(Catalog.quorumBusting,
                           "any one of the \(game.members.count) members can block every decision of \(site.name) by staying away: without any one of them, the quorum of \(game.quorumQuota) is out of reach",
                           at: body.quorumSpan ?? site.span, labels: [Label(site.span, "the rule of body `\(body.name)`")],
                           notes: ["the rule alone needs \(game.ruleQuota); the quorum of \(quorum.shareDescription) needs \(game.quorumQuota) of the \(total) votes present"],
                           help: "lower the quorum to at most the rule's own share")
            continue
        }
        for player in busters where reported.insert(game.members[player].name).inserted {
            let name = game.members[player].name
            let others = total - game.game.weights[player]
            context.report(Catalog.quorumBusting,
                           "`\(name)` can block every decision of \(site.name) by staying away: without it, \(plural(others, "vote")) can take part, below the quorum of \(game.quorumQuota)",
                           at: context.nameSpan(ofMember: name) ?? site.span, label: "can stay away",
                           labels: [Label(site.span, "the rule of body `\(body.name)`")],
                           notes: ["the rule alone needs \(game.ruleQuota), which the others have; the quorum of \(quorum.shareDescription) needs \(game.quorumQuota) present"],
                           help: "lower the quorum to at most the rule's own share, or declare the veto if it is meant: `veto \(name)`")
        }
        let single = Set(busters)
        for bloc in context.model.blocs where !reported.contains(bloc.name) {
            guard let members = try? context.evaluator.blocMembers(bloc.name) else { continue }
            let seats = members.compactMap { game.seats[$0.name] }
            guard !seats.isEmpty, seats.count < game.members.count, !seats.contains(where: single.contains),
                  !seats.contains(where: game.game.vetoes.contains) else { continue }
            let others = total - WeightedGame.weight(of: seats.map { game.game.weights[$0] })
            guard others < game.quorumQuota, others >= game.ruleQuota else { continue }
            reported.insert(bloc.name)
            context.report(Catalog.quorumBusting,
                           "bloc `\(bloc.name)`, \(seats.count) of the \(game.members.count) members, can block every decision of \(site.name) by staying away: without it, \(plural(others, "vote")) can take part, below the quorum of \(game.quorumQuota)",
                           at: site.span, labels: [Label(bloc.origin.nameSpan, "the bloc")],
                           notes: ["the rule alone needs \(game.ruleQuota), which the others have; the quorum of \(quorum.shareDescription) needs \(game.quorumQuota) present"],
                           help: "lower the quorum to at most the rule's own share")
        }
    }
    guard context.isEnabled(Catalog.lowQuorum) else { return }
    for game in games {
        // Present: the quorum. Deciding: the rule's share of those present.
        let present = game.quorumQuota
        let deciding: Int64
        switch game.rule {
        case .unanimity, .consensus: deciding = max(1, present)
        case .majority(_, .moreThanHalf): deciding = present / 2 + 1
        case .majority(_, .atLeast(let share)):
            deciding = max(1, share.multiplied(by: Rational(present)).ceiling.int64 ?? .max)
        case .majority(_, .quota): continue // a weight to reach, whoever takes part
        }
        let total = game.game.totalWeight
        guard total > 0, Int128(deciding) * 4 < Int128(total) else { continue }
        let unit = game.isWeighted ? "of the weight" : "of the members"
        context.report(Catalog.lowQuorum,
                       "with only the quorum present, \(deciding) of \(total) votes (\(percent(Double(deciding) / Double(total))) \(unit)) can decide for body `\(body.name)`",
                       at: body.quorumSpan ?? GameSite(game, of: body, gameCount: games.count).span,
                       notes: ["the quorum of \(quorum.shareDescription) is \(plural(present, "vote")) present, and \(game.rule.charterDescription) of those takes \(deciding)"],
                       help: "raise the quorum (half of the members is common), or decide the most important matters by a share of all the members")
        break
    }
}
