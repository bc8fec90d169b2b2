// Motivation: members who share none of the alliance's values, an alliance
// founded mostly for business or power, members whose motivation is unknown.

import CharterDiagnostics
import CharterModel

func checkMotivation(_ context: CheckContext) {
    let model = context.model
    if context.isEnabled(Catalog.noSharedValue) && !context.upheldValues.isEmpty {
        // One note for every finding, shared rather than made for each.
        let notes = ["the principles uphold " + list(model.values.map(\.name).filter(context.upheldValues.contains))]
        let upheldValues = context.upheldValues
        // A handful of upheld values are compared with each value held, not
        // hashed: hashing every member's values was a third of this check.
        let few = upheldValues.count <= 8 ? Array(upheldValues) : nil
        let members = model.members
        // By index: a copy of each member was most of the look at those
        // that hold an upheld value.
        for index in members.indices where !members[index].holds.contains(where: { few?.contains($0) ?? upheldValues.contains($0) }) {
            let member = members[index]
            // Written into one string, sized once (thousands of these in a large alliance).
            var message = "member `"
            message.reserveCapacity(member.name.utf8.count + 80)
            message += member.name
            if member.holds.isEmpty {
                message += "` holds no value"
            } else {
                message += "` holds only "
                list(member.holds, into: &message)
            }
            message += ", none of the values the principles uphold"
            context.report(Catalog.noSharedValue, message,
                           at: member.origin.nameSpan, notes: notes,
                           help: "record which of the alliance's values the member holds, or reconsider its membership")
        }
    }
    if context.isEnabled(Catalog.businessFounders) {
        // Counted, and the few named found again: a copy of the founders
        // of 100,000 members was the largest thing a lint run held. Counted
        // field by field, without a copy of each member.
        let members = model.members
        var (foundersCount, commercialCount) = (0, 0)
        for index in members.indices where members[index].joined == .forming {
            foundersCount += 1
            if members[index].motivation == .business || members[index].motivation == .power { commercialCount += 1 }
        }
        let founders = members.lazy.filter { $0.joined == .forming }
        let commercial = founders.filter { $0.motivation == .business || $0.motivation == .power }
        if foundersCount > 0 && commercialCount * 2 > foundersCount, let anchor = context.anchor, let first = founders.first {
            context.report(Catalog.businessFounders,
                           foundersCount == 1 ? "the only founding member, `\(first.name)`, is motivated by \(first.motivation!.rawValue)"
                               : "\(commercialCount) of the \(foundersCount) founding members are motivated by business or power",
                           at: anchor,
                           labels: commercial.prefix(8).map { Label($0.origin.nameSpan, "motivation \($0.motivation!.rawValue)") },
                           help: "bring values-driven founding partners on board")
        }
    }
    if context.isEnabled(Catalog.motivationUnknown) {
        for index in model.members.indices where model.members[index].motivation == nil {
            let member = model.members[index]
            context.report(Catalog.motivationUnknown, "member `\(member.name)` declares no motivation",
                           at: member.origin.nameSpan,
                           help: "add `motivation values_driven`, `business`, `power` or `mixed`")
        }
    }
}
