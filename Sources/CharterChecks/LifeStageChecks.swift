// Life stage: what each of the four stages needs before the alliance moves
// on. A requirement of an earlier stage that is not met is a warning (the
// alliance moved on without it); one of the current stage is information
// (what it still needs before moving on). An alliance that declares no stage
// is taken to be forming.

import CharterDiagnostics
import CharterModel

func checkLifeStage(_ context: CheckContext) {
    let model = context.model
    guard let anchor = context.anchor else { return }
    let current = model.alliance?.stage ?? .forming
    let stageSpan = model.alliance?.stageSpan ?? anchor

    /// Reports an unmet requirement of `stage`, if the alliance has reached it.
    func require(_ check: Check, of stage: Stage, _ message: String, at span: Span? = nil, help: String) {
        guard stage <= current else { return }
        let next = Stage.allCases.first { $0 > stage }
        // What the current stage needs before the next is information; what an
        // earlier stage needed, or what the last stage needs, is a warning.
        let moving = stage == current && next != nil
        let why: String
        if let next, moving {
            why = "the alliance needs it before it moves on to \(next.rawValue)"
        } else if stage == current {
            why = "an \(stage.rawValue) alliance needs it"
        } else {
            why = "the alliance is \(current.rawValue), and it needed this in the \(stage.rawValue) stage"
        }
        context.report(check, message, at: span ?? stageSpan,
                       labels: span != nil && model.alliance?.stageSpan != nil ? [Label(stageSpan, "the current stage")] : [],
                       notes: [why], help: help, severity: moving ? .info : nil)
    }

    if model.alliance?.mission == nil {
        require(Catalog.noMission, of: .forming,
                model.alliance == nil ? "no alliance is declared, so there is no mission" : "the alliance has no mission",
                help: "add `mission \"…\"` to the alliance")
    }
    let founders = Array(model.members.lazy.filter { $0.joined == .forming }.prefix(2).map(\.name))
    if founders.count < 2 {
        require(Catalog.noFounders, of: .forming,
                founders.isEmpty ? "no member joined in the forming stage" : "only `\(founders.first!)` joined in the forming stage",
                help: "record which members founded the alliance with `joined forming`")
    }
    if !model.bodies.contains(where: { $0.defaultRule != nil || $0.matters.contains { $0.rule != nil } }) {
        require(Catalog.noBodies, of: .building, "the alliance has no decision-making body with a decision rule",
                help: "declare a body, such as `body assembly { members all by majority decides strategy }`")
    }
    let topics = Set(model.rules.flatMap(\.topics))
    if !topics.contains(.admission) {
        require(Catalog.noAdmissionRule, of: .building, "no rule says how new members are admitted",
                help: "add a rule `about admission` that looks at motivation and values")
    }
    if context.isEnabled(Catalog.goalWithoutTarget) {
        for goal in model.goals where goal.target == nil {
            require(Catalog.goalWithoutTarget, of: .developing, "goal `\(goal.name)` has no measurable target",
                    at: goal.origin.nameSpan, help: "add `{ target \"…\" }` with a number and a date")
        }
    }
    if !topics.contains(.review) {
        require(Catalog.noReviewRule, of: .evolving, "no rule reviews the mission and the membership",
                help: "add a rule `about review`, such as a mission review every third year")
    }
    // A file says this is an error (E404); an edited model can come to it.
    if context.isEnabled(Catalog.joinedAfterStage), let stage = model.alliance?.stage {
        for index in model.members.indices {
            guard let joined = model.members[index].joined, joined > stage else { continue }
            let member = model.members[index]
            context.report(Catalog.joinedAfterStage,
                           "`\(member.name)` joined in the \(joined.rawValue) stage, but the alliance is \(stage.rawValue)",
                           at: member.origin.nameSpan,
                           labels: model.alliance?.stageSpan.map { [Label($0, "the current stage")] } ?? [],
                           help: "set the alliance's stage to the one it is in, or correct when `\(member.name)` joined")
        }
    }
}
