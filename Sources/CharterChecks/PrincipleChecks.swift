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
    let values = Dictionary(model.values.map { ($0.name, $0) }) { first, _ in first }
    for opposer in model.principles {
        for value in opposer.opposes {
            for upholder in model.principles where upholder.name != opposer.name && upholder.upholds.contains(value) {
                guard !tensions.contains([opposer.name, upholder.name].sorted()) else { continue }
                var labels = [Label(upholder.origin.nameSpan, "upholds `\(value)`")]
                if let declared = values[value] { labels.append(Label(declared.origin.nameSpan, "the value")) }
                context.report(Catalog.valueConflict,
                               "principle `\(opposer.name)` opposes `\(value)`, which principle `\(upholder.name)` upholds",
                               at: opposer.origin.nameSpan, label: "opposes `\(value)`", labels: labels,
                               notes: ["value `\(value)` → upheld by `\(upholder.name)`, opposed by `\(opposer.name)`"],
                               help: "drop one side, or declare the paradox: `tension \(upholder.name) vs \(opposer.name)`")
            }
        }
    }
}

/// Who a rule binds: some members, or a body acting as one.
private enum Bound: Equatable {
    case members(Set<String>)
    case body(String)

    func overlaps(_ other: Bound) -> Bool {
        switch (self, other) {
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
        return .members(context.memberNames)
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

private func checkOpposedValues(_ context: CheckContext) {
    let model = context.model
    var opposers: [String: Principle] = [:]
    for principle in model.principles {
        for value in principle.opposes where opposers[value] == nil { opposers[value] = principle }
    }
    guard !opposers.isEmpty else { return }
    /// Reports each value a declaration pursues that a principle opposes.
    func report(_ check: Check, _ what: String, _ name: String, _ verb: String, _ values: [String], at span: Span, help: String) {
        for value in values {
            guard let principle = opposers[value] else { continue }
            context.report(check, "\(what) `\(name)` \(verb) `\(value)`, which principle `\(principle.name)` opposes",
                           at: span, labels: [Label(principle.origin.nameSpan, "opposes `\(value)`")], help: help)
        }
    }
    if context.isEnabled(Catalog.memberHoldsOpposedValue) {
        for member in model.members {
            report(Catalog.memberHoldsOpposedValue, "member", member.name, "holds", member.holds, at: member.origin.nameSpan,
                   help: "talk with the member: is its holds list out of date, or does the principle still stand?")
        }
    }
    if context.isEnabled(Catalog.goalServesOpposedValue) {
        for goal in model.goals {
            report(Catalog.goalServesOpposedValue, "goal", goal.name, "serves", goal.serves, at: goal.origin.nameSpan,
                   help: "reconsider what the goal serves, or the principle")
        }
    }
}
