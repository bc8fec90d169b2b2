// The management model: who decides what, and whether the governance can
// live and change — matters decided twice, bodies without members, sanctions
// nobody may impose, and meta-governance: liveness (can anything pass?),
// entrenchment (can the rules be changed?) and capture (can a small minority
// block every change?).

import CharterDiagnostics
import CharterEvaluation
import CharterModel
import CharterPower

/// Matters that are about changing the alliance's own governance.
let amendmentMatters: Set<String> = [
    "statutes", "charter", "constitution", "governance", "decision_making", "rules", "amendments",
    "amendment", "rule_changes",
]

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
    if context.isEnabled(Catalog.undecidedAdmission) && context.deciders["admission"] == nil {
        for rule in model.rules where rule.topics.contains(.admission) {
            context.report(Catalog.undecidedAdmission,
                           "rule `\(rule.name)` admits members, but no body decides `admission`", at: rule.origin.nameSpan,
                           help: "add `admission` to the matters of the body that should decide it")
        }
    }
    checkAmendment(context)
}

private func checkLiveness(of body: Body, _ context: CheckContext) {
    guard let games = try? context.evaluator.games(of: body) else { return }
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
        if case .majority = game.rule, game.members.count > 1, analysis.vetoPlayers.count == game.members.count {
            context.report(Catalog.everyoneVeto,
                           "every member of \(site.name) can block every decision: the majority is unanimity in disguise",
                           at: site.span,
                           notes: ["without even its lightest member, the others have \(plural(game.game.totalWeight - (game.game.weights.min() ?? 0), "vote")), below the quota of \(game.game.quota)"],
                           help: "lower the quota, or write `by unanimity` if that is what the alliance wants")
        }
    }
}

/// Entrenchment and capture: is some body able to change the rules, and can
/// a small minority of it block every change?
private func checkAmendment(_ context: CheckContext) {
    let model = context.model
    guard !model.bodies.isEmpty, let anchor = context.anchor else { return }
    let amending = model.bodies.filter { body in body.matters.contains { amendmentMatters.contains($0.name) } }
    guard !amending.isEmpty else {
        context.report(Catalog.noAmendmentBody, "no body decides how the alliance's own rules change", at: anchor,
                       notes: ["a body decides this when it decides one of: " + amendmentMatters.sorted().map { "`\($0)`" }.joined(separator: ", ")],
                       help: "give a body, usually the assembly of all members, a matter such as `statutes`, with a qualified majority")
        return
    }
    guard context.isEnabled(Catalog.capture) else { return }
    for body in amending {
        guard let games = try? context.evaluator.games(of: body) else { continue }
        for game in games where game.matters.contains(where: amendmentMatters.contains)
            || (game.matters.isEmpty && body.matters.contains { amendmentMatters.contains($0.name) && $0.rule == nil }) {
            let analysis = context.evaluator.power(game)
            guard analysis.degeneracy == nil else { continue }
            let blockers = smallestBlockingGroup(game, analysis)
            // A supermajority always lets some minority block; capture is when
            // that minority is one member, or a tenth of the members at most.
            guard !blockers.isEmpty, blockers.count == 1 || blockers.count * 10 <= game.members.count else { continue }
            let names = blockers.map { game.members[$0].name }
            let matters = game.matters.filter(amendmentMatters.contains)
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

/// The fewest members whose votes against block every decision: a veto
/// player alone, or else the heaviest members until the rest fall below the
/// quota (taking the heaviest first needs the fewest).
private func smallestBlockingGroup(_ game: BodyGame, _ analysis: PowerAnalysis) -> [Int] {
    if let veto = analysis.vetoPlayers.first { return [veto] }
    let weights = game.game.weights
    var remaining = game.game.totalWeight
    var group: [Int] = []
    for player in weights.indices.sorted(by: { (weights[$0], $1) > (weights[$1], $0) }) {
        guard remaining >= game.game.quota else { break }
        remaining -= weights[player]
        group.append(player)
    }
    return remaining < game.game.quota ? group : []
}
