// Conflicting principles: principles that take both sides of a value, rules
// in deontic conflict (must against must not, may against must not, for
// overlapping actors, the same aim and overlapping conditions), and members
// and goals that pursue values the principles oppose.

import CharterDiagnostics
import CharterModel
import CharterSyntax

func checkPrinciples(_ context: CheckContext) {
    checkValueConflicts(context)
    checkDeonticConflicts(context)
    checkOpposedValues(context)
}

private func checkValueConflicts(_ context: CheckContext) {
    guard context.isEnabled(Catalog.valueConflict) else { return }
    let model = context.model
    var tensions: Set<[String]> = []
    for tension in model.tensions where tension.between == .principles {
        tensions.insert([tension.left, tension.right].sorted())
    }
    let valuePairs = valueTensions(model)
    let values = Dictionary(model.values.map { ($0.name, $0) }) { first, _ in first }
    for opposer in model.principles {
        for value in opposer.opposes where !isDeclaredTension(opposer, opposing: value, valuePairs) {
            for upholder in model.principles where upholder.name != opposer.name && upholder.upholds.contains(value) {
                guard !tensions.contains([opposer.name, upholder.name].sorted()) else { continue }
                var labels = [Label(upholder.origin.nameSpan, "upholds `\(value)`")]
                if let declared = values[value] { labels.append(Label(declared.origin.nameSpan, "the value")) }
                context.report(Catalog.valueConflict,
                               "principle `\(opposer.name)` opposes `\(value)`, which principle `\(upholder.name)` upholds",
                               at: opposer.origin.nameSpan, label: "opposes `\(value)`", labels: labels,
                               notes: ["value `\(value)` → upheld by `\(upholder.name)`, opposed by `\(opposer.name)`"],
                               help: opposer.upholds.first.map { "drop one side, or declare the trade-off between the values, which also settles who holds and serves `\(value)`: `tension \($0) vs \(value)` (or between the principles: `tension \(upholder.name) vs \(opposer.name)`)" }
                                   ?? "drop one side, or declare the paradox: `tension \(upholder.name) vs \(opposer.name)`")
            }
        }
    }
}

/// Who a rule binds: every member (of so many), some members, or a body
/// acting as one.
private enum Bound: Equatable {
    case everyone(Int)
    case members(Set<String>)
    case body(String)

    func overlaps(_ other: Bound) -> Bool {
        switch (self, other) {
        case (.everyone(let count), .everyone): count > 0
        // Some members are among every member.
        case (.everyone, .members(let some)), (.members(let some), .everyone): !some.isEmpty
        case (.members(let a), .members(let b)): !a.isDisjoint(with: b)
        case (.body(let a), .body(let b)): a == b
        default: false
        }
    }
}

private func bound(by actor: Rule.Actor, _ context: CheckContext) -> Bound? {
    let model = context.model
    switch actor {
    case .everyMember(of: nil):
        return .everyone(context.model.members.count)
    case .everyMember(of: let group?):
        if let body = model.body(named: group) { return context.bodyMembers[body.name].map { .members(Set($0.map(\.name))) } }
        return context.members(of: .named([group])).map { .members(Set($0.map(\.name))) }
    case .named(let name):
        if model.body(named: name) != nil { return .body(name) }
        return context.members(of: .named([name])).map { .members(Set($0.map(\.name))) }
    }
}

private func normalized(_ phrase: String) -> String {
    phrase.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
}

private func checkDeonticConflicts(_ context: CheckContext) {
    guard [Catalog.deonticConflict, Catalog.permissionConflict, Catalog.possibleConflict].contains(where: context.isEnabled) else {
        return
    }
    let byAim = Dictionary(grouping: context.model.rules) { normalized($0.aim) }
    for aim in byAim.keys.sorted() {
        let rules = byAim[aim]!
        let prohibitions = rules.filter { $0.deontic == .mustNot }
        guard !prohibitions.isEmpty else { continue }
        for prohibition in prohibitions {
            guard let forbidden = bound(by: prohibition.actor, context) else { continue }
            for other in rules where other.deontic != .mustNot {
                guard let bound = bound(by: other.actor, context), bound.overlaps(forbidden) else { continue }
                // Under the same condition (or none on either), the two rules always
                // collide. Under different ones — one conditional, or two different
                // conditions — the second is usually an exception to the first, and
                // they collide only where both conditions hold: worth knowing, not an error.
                let sameCondition = prohibition.condition.map(normalized) == other.condition.map(normalized)
                let check = !sameCondition ? Catalog.possibleConflict
                    : other.deontic == .must ? Catalog.deonticConflict : Catalog.permissionConflict
                let verb = other.deontic == .must ? "obliges" : "permits"
                let conditions = [other, prohibition].compactMap { rule in rule.condition.map { "`\(rule.name)` applies when \($0)" } }
                let message = check.id == Catalog.possibleConflict.id
                    ? "rule `\(other.name)` \(verb) what rule `\(prohibition.name)` forbids (\(prohibition.aim)) wherever both apply"
                    : "rule `\(other.name)` \(verb) what rule `\(prohibition.name)` forbids: \(prohibition.aim)"
                context.report(check, message,
                               at: other.spans.deontic, label: other.deontic == .must ? "must" : "may",
                               labels: [Label(prohibition.spans.deontic, "must not")],
                               notes: [conditions.isEmpty ? "neither rule has a condition, so they always overlap"
                                   : conditions.joined(separator: "; ") + (conditions.count == 1 ? ", the other always" : "")],
                               help: check.id == Catalog.possibleConflict.id
                                   ? "if one rule is an exception to the other, say so in the other's condition, or suppress this finding"
                                   : "remove one of the rules, narrow one rule's actor, or give them conditions that do not overlap")
            }
        }
    }
}

/// The pairs of values a `tension` declares: a principle that upholds one
/// and opposes the other is that declared trade-off, not a conflict.
private func valueTensions(_ model: Model) -> Set<[String]> {
    Set(model.tensions.filter { $0.between == .values }.map { [$0.left, $0.right].sorted() })
}

/// Whether a principle's opposition to a value is a declared tension with
/// a value it upholds.
private func isDeclaredTension(_ principle: Principle, opposing value: String, _ tensions: Set<[String]>) -> Bool {
    principle.upholds.contains { tensions.contains([$0, value].sorted()) }
}

/// Whether the alliance's mission speaks of a value: a word of its name,
/// cut to its stem (six letters), begins a word of the mission.
private func missionSpeaks(of value: String, _ model: Model) -> Bool {
    let mission = words(model.alliance?.mission)
    return value.split(separator: "_").map { String($0.lowercased().prefix(6)) }.filter { $0.count >= 4 }.contains { stem in
        mission.contains { $0.hasPrefix(stem) }
    }
}

/// C204 and C205: one finding per opposed value, naming the members that
/// hold it or the goals that serve it; silent where a `tension` between the
/// value and one the principle upholds declares the trade-off.
private func checkOpposedValues(_ context: CheckContext) {
    let model = context.model
    let tensions = valueTensions(model)
    var opposers: [String: Principle] = [:]
    for principle in model.principles {
        for value in principle.opposes where opposers[value] == nil && !isDeclaredTension(principle, opposing: value, tensions) {
            opposers[value] = principle
        }
    }
    guard !opposers.isEmpty else { return }
    var served: [String: [Goal]] = [:]
    for goal in model.goals { for value in goal.serves { served[value, default: []].append(goal) } }
    var held: [String: [Member]] = [:]
    for member in model.members { for value in member.holds { held[value, default: []].append(member) } }
    for value in opposers.keys.sorted() {
        let principle = opposers[value]!
        let inMission = missionSpeaks(of: value, model)
        let goals = served[value] ?? []
        let tradeOff = principle.upholds.first.map { ", or declare the trade-off: `tension \($0) vs \(value)`" } ?? ""
        let bothMeant = principle.upholds.first.map { "; where both are meant, declare the trade-off: `tension \($0) vs \(value)`" } ?? ""
        // What the alliance itself says of the value: when it is its mission
        // or its goals' aim, the principle is what to revisit.
        var own: [String] = []
        if inMission { own.append("the alliance's mission speaks of it") }
        if !goals.isEmpty { own.append("goal" + (goals.count == 1 ? " " : "s ") + list(goals.map(\.name)) + " serve" + (goals.count == 1 ? "s" : "") + " it") }
        if context.isEnabled(Catalog.memberHoldsOpposedValue), let members = held[value], !members.isEmpty {
            context.report(Catalog.memberHoldsOpposedValue,
                           "principle `\(principle.name)` opposes `\(value)`, which " + (members.count == 1
                               ? "member `\(members[0].name)` holds" : "\(members.count) members hold: " + list(members.map(\.name))),
                           at: principle.origin.nameSpan, label: "opposes `\(value)`",
                           labels: members.prefix(6).map { Label($0.origin.nameSpan, "holds `\(value)`") },
                           notes: (own.isEmpty ? [] : [own.joined(separator: ", and ")])
                               + (members.count > 6 ? ["they are " + list(members.map(\.name), limit: members.count)] : []),
                           help: own.isEmpty
                               ? "talk with the members: are their holds lists out of date, or does the principle still stand?\(bothMeant)"
                               : "the alliance itself pursues `\(value)`: revisit principle `\(principle.name)` rather than the members\(tradeOff)")
        }
        if context.isEnabled(Catalog.goalServesOpposedValue), !goals.isEmpty {
            context.report(Catalog.goalServesOpposedValue,
                           "principle `\(principle.name)` opposes `\(value)`, which " + (goals.count == 1
                               ? "goal `\(goals[0].name)` serves" : "\(goals.count) goals serve: " + list(goals.map(\.name))),
                           at: principle.origin.nameSpan, label: "opposes `\(value)`",
                           labels: goals.prefix(6).map { Label($0.origin.nameSpan, "serves `\(value)`") },
                           notes: (inMission ? ["the alliance's mission speaks of it"] : [])
                               + (goals.count > 6 ? ["they are " + list(goals.map(\.name), limit: goals.count)] : []),
                           help: inMission
                               ? "the alliance's mission speaks of `\(value)`: revisit principle `\(principle.name)`\(tradeOff)"
                               : "reconsider what the goals serve, or the principle\(bothMeant)")
        }
    }
}
