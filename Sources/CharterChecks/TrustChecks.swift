// Trust and communication: channels that reach everyone, and the rules and
// principles that trust rests on — conflict resolution, exit, transparency.

import CharterDiagnostics
import CharterModel

func checkTrust(_ context: CheckContext) {
    let model = context.model
    guard !model.members.isEmpty, let anchor = context.anchor else { return }
    if model.channels.isEmpty {
        context.report(Catalog.noChannel, "the alliance declares no channel of communication", at: anchor,
                       help: "declare a channel that reaches everyone, such as `channel newsletter reaches all monthly`")
    } else if context.isEnabled(Catalog.unreachedMember)
                && !model.channels.contains(where: { context.members(of: $0).map(context.isEveryone) ?? false }) {
        var reached: Set<String> = []
        for channel in model.channels { reached.formUnion(context.members(of: channel)?.map(\.name) ?? []) }
        for member in model.members where !reached.contains(member.name) {
            context.report(Catalog.unreachedMember, "no channel reaches member `\(member.name)`", at: member.origin.nameSpan,
                           notes: ["the channels are " + list(model.channels.map(\.name))],
                           help: "add the member to a channel, or let one reach `all`")
        }
    }
    let topics = Set(model.rules.flatMap(\.topics))
    /// A rule that reads as if it were about the topic but does not say so.
    func likely(_ stems: [String]) -> Rule? {
        model.rules.first { rule in
            (words(rule.name.replacing("_", with: " ")) + words(rule.aim)).contains { word in stems.contains { word.hasPrefix($0) } }
        }
    }
    for (topic, check, message, stems) in [
        (RuleTopic.conflictResolution, Catalog.noConflictResolution, "no rule says how conflicts between members are resolved",
         ["conflict", "disput", "mediat", "arbitrat"]),
        (.exit, Catalog.noExitRule, "no rule says how a member leaves the alliance", ["leav", "exit", "withdraw", "resign", "quit", "depart"]),
    ] where !topics.contains(topic) {
        if let rule = likely(stems) {
            context.report(check, message + ": rule `\(rule.name)` does not say it is `about \(topic.rawValue)`",
                           at: rule.origin.nameSpan, label: "about \(topic.rawValue)?",
                           notes: ["checks find a rule by what it says it is about, not by its name"],
                           help: "if it is, add `about \(topic.rawValue)` after its name: `rule \(rule.name) about \(topic.rawValue) { … }`")
        } else {
            context.report(check, message, at: anchor, help: "add a rule `about \(topic.rawValue)`")
        }
    }
    if !topics.contains(.reporting) {
        let open = model.values.filter { value in
            context.upheldValues.contains(value.name)
                && (value.topic == .transparency || (words(value.name) + words(value.meaning)).contains { word in
                    ["transparen", "open", "report", "disclos", "accountab", "publish", "publicat"].contains { word.hasPrefix($0) }
                })
        }
        if open.isEmpty {
            context.report(Catalog.noTransparency,
                           "nothing commits the members to transparency: no principle upholds openness and no rule is about reporting",
                           at: anchor,
                           notes: ["a value counts when it says `about transparency`, or its name or meaning speaks of transparency, openness, reporting or publishing"],
                           help: "declare a transparency value with a principle that upholds it (`value candour \"We publish everything\" about transparency`), or a rule `about reporting`")
        }
    }
}
