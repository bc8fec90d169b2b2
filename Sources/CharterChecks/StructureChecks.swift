// Structure: what the resolver cannot see because it needs evaluation —
// members outside every body, channels and blocs whose selection is empty,
// vetoes held by members a body's query leaves out — or because an edit
// brought it about (the REPL's `remove`, a scenario's): a bloc emptied, a
// veto whose holder no longer sits in the body.

import CharterDiagnostics
import CharterModel

func checkStructure(_ context: CheckContext) {
    let model = context.model
    if context.isEnabled(Catalog.memberWithoutVoice) && !model.bodies.isEmpty
        && !context.bodyMembers.values.contains(where: context.isEveryone) {
        let seated = Set(context.bodyMembers.values.flatMap { $0.map(\.name) })
        // Associates, partners and observers belong without a vote of their own.
        for member in model.members where !seated.contains(member.name) && member.membershipClass.votes {
            context.report(Catalog.memberWithoutVoice,
                           "member `\(member.name)` sits in no decision-making body", at: member.origin.nameSpan,
                           notes: ["the bodies are " + list(model.bodies.map(\.name))],
                           help: "add it to a body; if it is meant to have no vote, say so: `class associate`, `class partner` or `class observer`")
        }
    }
    if context.isEnabled(Catalog.channelReachesNobody) && !model.members.isEmpty {
        for channel in model.channels {
            guard let reached = context.members(of: channel), reached.isEmpty else { continue }
            context.report(Catalog.channelReachesNobody, "channel `\(channel.name)` reaches no member",
                           at: channel.origin.nameSpan, help: "check its `reaches` selection")
        }
    }
    if context.isEnabled(Catalog.emptyBloc) && !model.members.isEmpty {
        for bloc in model.blocs {
            guard let selected = context.members(of: bloc.members), selected.isEmpty else { continue }
            context.report(Catalog.emptyBloc, "bloc `\(bloc.name)` has no members", at: bloc.origin.nameSpan,
                           help: "correct its selection, or remove the bloc")
        }
    }
    if context.isEnabled(Catalog.vetoOutsideQuery) {
        for body in model.bodies {
            guard !body.vetoes.isEmpty, let members = context.bodyMembers[body.name] else { continue }
            let seated = Set(members.map(\.name))
            // A listed body's veto by an outsider, as written, is an error
            // (E405); here only after an edit unseated its holder.
            let query = if case .query = body.members { true } else { false }
            for veto in body.vetoes where !seated.contains(veto.member) {
                context.report(Catalog.vetoOutsideQuery,
                               query ? "`\(veto.member)` holds a veto in body `\(body.name)`, but the body's query does not select it"
                                   : "`\(veto.member)` holds a veto in body `\(body.name)`, but is not one of its members",
                               at: veto.span,
                               help: query ? "widen the query so that it selects the member, or list the body's members"
                                   : "add `\(veto.member)` to the body's members, or drop the veto")
            }
        }
    }
}
