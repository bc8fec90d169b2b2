// Structure: what the resolver cannot see because it needs evaluation —
// members outside every body, channels whose selection is empty, vetoes held
// by members a body's query leaves out.

import CharterDiagnostics
import CharterModel

func checkStructure(_ context: CheckContext) {
    let model = context.model
    if context.isEnabled(Catalog.memberWithoutVoice) && !model.bodies.isEmpty {
        let seated = Set(context.bodyMembers.values.flatMap { $0.map(\.name) })
        for member in model.members where !seated.contains(member.name) {
            context.report(Catalog.memberWithoutVoice,
                           "member `\(member.name)` sits in no decision-making body", at: member.origin.nameSpan,
                           notes: ["the bodies are " + list(model.bodies.map(\.name))],
                           help: "add it to a body, or suppress this finding here if it is meant to have no vote")
        }
    }
    if context.isEnabled(Catalog.channelReachesNobody) && !model.members.isEmpty {
        for channel in model.channels {
            guard let reached = context.members(of: channel), reached.isEmpty else { continue }
            context.report(Catalog.channelReachesNobody, "channel `\(channel.name)` reaches no member",
                           at: channel.origin.nameSpan, help: "check its `reaches` selection")
        }
    }
    if context.isEnabled(Catalog.vetoOutsideQuery) {
        for body in model.bodies {
            guard case .query = body.members, let members = context.bodyMembers[body.name] else { continue }
            let seated = Set(members.map(\.name))
            for veto in body.vetoes where !seated.contains(veto.member) {
                context.report(Catalog.vetoOutsideQuery,
                               "`\(veto.member)` holds a veto in body `\(body.name)`, but the body's query does not select it",
                               at: veto.span, help: "widen the query so that it selects the member, or list the body's members")
            }
        }
    }
}
