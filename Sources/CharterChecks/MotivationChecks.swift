// Motivation: members who share none of the alliance's values, an alliance
// founded mostly for business or power, members whose motivation is unknown.

import CharterDiagnostics
import CharterModel

func checkMotivation(_ context: CheckContext) {
    let model = context.model
    if context.isEnabled(Catalog.noSharedValue) && !context.upheldValues.isEmpty {
        let upheld = "the principles uphold " + list(model.values.map(\.name).filter(context.upheldValues.contains))
        for member in model.members where !member.holds.contains(where: context.upheldValues.contains) {
            let holding = member.holds.isEmpty ? "holds no value" : "holds only " + list(member.holds)
            context.report(Catalog.noSharedValue,
                           "member `\(member.name)` \(holding), none of the values the principles uphold",
                           at: member.origin.nameSpan, notes: [upheld],
                           help: "record which of the alliance's values the member holds, or reconsider its membership")
        }
    }
    if context.isEnabled(Catalog.businessFounders) {
        let founders = model.members.filter { $0.joined == .forming }
        let commercial = founders.filter { $0.motivation == .business || $0.motivation == .power }
        if !founders.isEmpty && commercial.count * 2 > founders.count, let anchor = context.anchor {
            context.report(Catalog.businessFounders,
                           founders.count == 1 ? "the only founding member, `\(founders[0].name)`, is motivated by \(founders[0].motivation!.rawValue)"
                               : "\(commercial.count) of the \(founders.count) founding members are motivated by business or power",
                           at: anchor,
                           labels: commercial.prefix(8).map { Label($0.origin.nameSpan, "motivation \($0.motivation!.rawValue)") },
                           help: "bring values-driven founding partners on board")
        }
    }
    if context.isEnabled(Catalog.motivationUnknown) {
        for member in model.members where member.motivation == nil {
            context.report(Catalog.motivationUnknown, "member `\(member.name)` declares no motivation",
                           at: member.origin.nameSpan,
                           help: "add `motivation values_driven`, `business`, `power` or `mixed`")
        }
    }
}
