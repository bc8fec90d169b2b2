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
    } else if context.isEnabled(Catalog.unreachedMember) {
        var reached: Set<String> = []
        for channel in model.channels { reached.formUnion(context.members(of: channel)?.map(\.name) ?? []) }
        for member in model.members where !reached.contains(member.name) {
            context.report(Catalog.unreachedMember, "no channel reaches member `\(member.name)`", at: member.origin.nameSpan,
                           notes: ["the channels are " + list(model.channels.map(\.name))],
                           help: "add the member to a channel, or let one reach `all`")
        }
    }
    let topics = Set(model.rules.flatMap(\.topics))
    if !topics.contains(.conflictResolution) {
        context.report(Catalog.noConflictResolution, "no rule says how conflicts between members are resolved", at: anchor,
                       help: "add a rule `about conflict_resolution`")
    }
    if !topics.contains(.exit) {
        context.report(Catalog.noExitRule, "no rule says how a member leaves the alliance", at: anchor,
                       help: "add a rule `about exit`")
    }
    if !topics.contains(.reporting) {
        let open = model.values.filter { value in
            context.upheldValues.contains(value.name)
                && (words(value.name) + words(value.meaning)).contains { word in
                    ["transparen", "open", "report", "disclos", "accountab"].contains { word.hasPrefix($0) }
                }
        }
        if open.isEmpty {
            context.report(Catalog.noTransparency,
                           "nothing commits the members to transparency: no principle upholds openness and no rule is about reporting",
                           at: anchor, help: "declare a transparency value with a principle that upholds it, or a rule `about reporting`")
        }
    }
}
