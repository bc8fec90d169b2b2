// Value washing and the balance of social and business goals: values with
// nothing behind them, values nobody holds, and goals that do not keep the
// balance the alliance promises.

import CharterDiagnostics
import CharterModel
import CharterNumbers

/// The words of a phrase, as names: `publish impact_report` → publish, impact_report.
func words(_ phrase: String?) -> [String] {
    guard let phrase else { return [] }
    return phrase.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
}

/// The rules whose aim, condition or sanction names a value: a backing of
/// it, for C501 and for the report's coverage of values.
public func rulesNaming(_ value: String, in model: Model) -> [String] {
    model.rules.filter { rule in
        (words(rule.aim) + words(rule.condition) + words(rule.sanction)).contains(value.lowercased())
    }.map(\.name)
}

func checkValueWashing(_ context: CheckContext) {
    let model = context.model
    if context.isEnabled(Catalog.unbackedValue) {
        let served = Set(model.goals.flatMap(\.serves))
        for value in model.values {
            let name = value.name
            guard !context.upheldValues.contains(name), !served.contains(name), rulesNaming(name, in: model).isEmpty,
                  !context.opposedValues.contains(name) else { continue }
            let holders = Array(model.members.lazy.filter { $0.holds.contains(name) }.map(\.name))
            context.report(Catalog.unbackedValue,
                           "value `\(name)` has nothing behind it: no principle upholds it, no goal serves it, no rule names it",
                           at: value.origin.nameSpan,
                           notes: holders.isEmpty ? [] : ["members say they hold it: " + list(holders)],
                           help: "give it a principle, a goal with a target or a rule — or remove it")
        }
    }
    if context.isEnabled(Catalog.unheldValue) && !model.members.isEmpty {
        // The upheld values no member holds: members are looked at until
        // each upheld value is found held (most often, after a few).
        var unheld = Set(model.values.lazy.map(\.name).filter(context.upheldValues.contains))
        let members = model.members
        for index in members.indices where !unheld.isEmpty {
            for value in members[index].holds { unheld.remove(value) }
        }
        for value in model.values where unheld.contains(value.name) {
            let principles = model.principles.filter { $0.upholds.contains(value.name) }
            context.report(Catalog.unheldValue,
                           "no member holds `\(value.name)`, though " + (principles.count == 1 ? "principle `\(principles[0].name)` upholds it" : "principles \(list(principles.map(\.name))) uphold it"),
                           at: value.origin.nameSpan,
                           labels: principles.prefix(4).map { Label($0.origin.nameSpan, "upholds `\(value.name)`") },
                           help: "record which members hold it, or ask whether the alliance still means it")
        }
    }
}

func checkBalance(_ context: CheckContext) {
    let model = context.model
    guard !model.goals.isEmpty else { return }
    if context.isEnabled(Catalog.socialBelowPromise) {
        // Summed exactly: weights of up to 2^63 - 1 each add past 64 bits.
        var social = Rational.zero
        var total = Rational.zero
        for goal in model.goals {
            let weight = Rational(max(goal.weight, 0))
            total = total.adding(weight)
            if goal.kind == .social { social = social.adding(weight) }
        }
        let promised = model.alliance?.socialBalance
        let expected = promised ?? context.configuration.socialBalance
        if total > .zero, let share = social.divided(by: total), share < expected {
            let span = model.alliance?.balanceSpan ?? context.anchor ?? model.goals[0].origin.nameSpan
            let shown = percents(share, against: expected)
            let promise = promised == nil ? "the default balance of \(shown.other) (the alliance promises none)"
                : "the promised \(shown.other)"
            context.report(Catalog.socialBelowPromise,
                           "social goals weigh \(social) of \(total) (\(shown.share)), below \(promise)",
                           at: span,
                           notes: ["social goals: " + (model.goals.filter { $0.kind == .social }.isEmpty ? "none"
                                       : model.goals.filter { $0.kind == .social }.map { "`\($0.name)` (weight \($0.weight))" }
                                           .joined(separator: ", "))],
                           help: "add or weigh social goals, or revise the promise openly")
        }
    }
    if context.isEnabled(Catalog.noBusinessGoal) && !model.goals.contains(where: { $0.kind == .business }) {
        context.report(Catalog.noBusinessGoal,
                       "every goal of the alliance is social: none says what members gain for their business",
                       at: context.anchor ?? model.goals[0].origin.nameSpan,
                       help: "name what members gain — shared services, market access, lower costs — as a `business` goal")
    }
}
