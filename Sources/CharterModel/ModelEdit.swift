// One edit of a model, and what it does: the one meaning of `add`, `remove`
// and `amend`, for a scenario's steps (the interpreter applies them to a copy
// of the model) and for the REPL's changes (the session edits the syntax it
// keeps for `:save` as `Declaration.edited(by:)` says, and its model is the
// model of that syntax: `EditTests` holds the two to one result).
//
// An edit is taken when its result is a model the language can say. What it
// brings about — a quota no coalition can reach any more, a bloc or a channel
// that selects nobody, a veto whose holder no longer sits in the body, a
// member that joined in a stage the alliance is no longer in — is not a
// refusal but a finding of the edited model, which the built-in checks
// report (C804, C104, C102, C103, C907): a what-if exists to show
// consequences. A check, `let` or rule that names what a `remove` took away
// still names it, and says so, located, when it is evaluated (E609). The one
// edit refused is a `remove` that leaves a goal or principle with no value,
// which the language cannot write (E802): `Model.emptied(removing:)`.

import CharterDiagnostics

public enum EditDiagnostic {
    public static let emptiedList = DiagnosticCode("E802", "emptied-by-remove")

    public static let all: [DiagnosticCode] = [emptiedList]
}

/// A change to a model.
public enum ModelEdit: Sendable {
    /// A new thing; one of the same name and kind is replaced where it stands
    /// (a thing of another kind under the name is the caller's to remove first:
    /// a scenario cannot add a name that is declared, and the REPL removes it).
    case add(ScenarioPlan.Entity)
    /// The things of these names go, and so does every mention of them in
    /// another thing's lists: see `Model.apply(_:)`.
    case remove(Set<String>)
    /// An `amend`: the thing as it is after the change, in its place.
    case replace(ScenarioPlan.Entity)
    /// An `amend` of the alliance.
    case replaceAlliance(Alliance)
}

extension ScenarioPlan.Step {
    /// The edit a step makes; nil for a step that asks rather than changes,
    /// and for a `let`, which adds a binding of the scenario's own.
    public var edit: ModelEdit? {
        switch self {
        case .add(let entity, _): .add(entity)
        case .remove(let names, _): .remove(Set(names))
        case .replace(let entity, _): .replace(entity)
        case .replaceAlliance(let alliance, _): .replaceAlliance(alliance)
        default: nil
        }
    }
}

extension Model {
    /// The model with an edit applied.
    public func applying(_ edit: ModelEdit) -> Model {
        var model = self
        model.apply(edit)
        return model
    }

    /// Applies an edit.
    ///
    /// `remove` takes out the members, values, principles, goals, bodies,
    /// rules, channels and blocs of its names, and every mention of them in
    /// the lists of what stays, all in one pass over the model:
    /// - a body's, bloc's or channel's list of members and blocs (a seat);
    /// - a body's vetoes (the veto of a removed member goes with it);
    /// - the values a member holds, a principle upholds or opposes, a goal serves;
    /// - a tension between a removed value or principle and another (it goes).
    /// A list left with no names selects nobody. A rule's actor, a check, a
    /// `let` or a query that names what went is not a list: it still names
    /// it, and evaluating it says so (E609). A goal or principle cannot be
    /// left with no value: ask `emptied(removing:)` first.
    public mutating func apply(_ edit: ModelEdit) {
        switch edit {
        case .add(let entity), .replace(let entity):
            insert(entity)
        case .remove(let names):
            remove(names)
        case .replaceAlliance(let alliance):
            self.alliance = alliance
        }
    }

    private mutating func remove(_ names: Set<String>) {
        guard !names.isEmpty else { return }
        func kept(_ list: [String]) -> [String] { list.filter { !names.contains($0) } }
        func kept(_ set: MemberSet) -> MemberSet {
            if case .named(let list) = set { return .named(kept(list)) }
            return set
        }
        members.removeAll { names.contains($0.name) }
        values.removeAll { names.contains($0.name) }
        principles.removeAll { names.contains($0.name) }
        goals.removeAll { names.contains($0.name) }
        bodies.removeAll { names.contains($0.name) }
        rules.removeAll { names.contains($0.name) }
        channels.removeAll { names.contains($0.name) }
        blocs.removeAll { names.contains($0.name) }
        tensions.removeAll { names.contains($0.left) || names.contains($0.right) }
        for index in members.indices { members[index].holds = kept(members[index].holds) }
        for index in principles.indices {
            principles[index].upholds = kept(principles[index].upholds)
            principles[index].opposes = kept(principles[index].opposes)
        }
        for index in goals.indices { goals[index].serves = kept(goals[index].serves) }
        for index in blocs.indices { blocs[index].members = kept(blocs[index].members) }
        for index in channels.indices { channels[index].reaches = kept(channels[index].reaches) }
        for index in bodies.indices {
            bodies[index].members = kept(bodies[index].members)
            bodies[index].vetoes.removeAll { names.contains($0.member) }
        }
        for name in names { symbols[name] = nil }
    }

    /// Why removing `names` cannot be done: a goal or principle that names
    /// values, all of them among `names`, would be left with none, which the
    /// language cannot write. `span` locates the removal of a name; nil when
    /// the removal can be done.
    public func emptied(removing names: Set<String>, at span: (String) -> Span) -> Diagnostic? {
        func problem(_ values: [String], _ leaving: String, _ origin: Origin) -> Diagnostic? {
            guard let removed = values.first, values.allSatisfy(names.contains) else { return nil }
            return Diagnostic(
                EditDiagnostic.emptiedList, "removing `\(removed)` would leave \(leaving)", at: span(removed),
                labels: [Label(origin.nameSpan, "declared here")],
                help: "a goal or principle names at least one value: remove it together with `\(removed)`, or give it another value first")
        }
        for principle in principles where !names.contains(principle.name) {
            if let found = problem(principle.upholds + principle.opposes, "principle `\(principle.name)` about no value", principle.origin) {
                return found
            }
        }
        for goal in goals where !names.contains(goal.name) {
            if let found = problem(goal.serves, "goal `\(goal.name)` serving no value", goal.origin) { return found }
        }
        return nil
    }

    /// Adds a thing, or replaces the one of the same name where it stands.
    private mutating func insert(_ entity: ScenarioPlan.Entity) {
        func put<T>(_ value: T, _ array: inout [T], _ name: (T) -> String) {
            if let index = array.firstIndex(where: { name($0) == name(value) }) { array[index] = value } else { array.append(value) }
        }
        switch entity {
        case .member(let e): put(e, &members, \.name)
        case .value(let e): put(e, &values, \.name)
        case .principle(let e): put(e, &principles, \.name)
        case .goal(let e): put(e, &goals, \.name)
        case .body(let e): put(e, &bodies, \.name)
        case .rule(let e): put(e, &rules, \.name)
        case .channel(let e): put(e, &channels, \.name)
        case .bloc(let e): put(e, &blocs, \.name)
        }
        symbols[entity.name] = entity.kind
    }
}
