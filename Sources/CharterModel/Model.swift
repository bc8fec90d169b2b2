// The model: what an alliance's files mean, once every name is bound. It is
// what the checks, the interpreter and the REPL work on. Things refer to each
// other by name (names are unique across kinds), so a scenario can copy the
// model, remove a member and still have a consistent whole. Every entity
// keeps the spans of its declaration and name for diagnostics.

import CharterDiagnostics
import CharterNumbers
import CharterSyntax

/// The four life stages of an alliance, in order.
public enum Stage: String, CaseIterable, Comparable, Sendable {
    case forming, building, developing, evolving

    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What kind of organisation or person a member is.
public enum MemberKind: String, CaseIterable, Sendable {
    case company, cooperative
    case socialEnterprise = "social_enterprise"
    case government
    case publicInstitution = "public_institution"
    case ngo
    case civilSociety = "civil_society"
    case knowledgeInstitution = "knowledge_institution"
    case financier, individual
}

/// A member's membership class. Full members vote; the others belong to the
/// alliance without a vote of their own, so they need no seat in a body.
public enum MembershipClass: String, CaseIterable, Sendable {
    case full, associate, partner, observer

    /// Whether members of this class are meant to vote.
    public var votes: Bool { self == .full }
}

/// Why a member is in the alliance.
public enum Motivation: String, CaseIterable, Sendable {
    case valuesDriven = "values_driven"
    case business, power, mixed
}

/// Whether a goal serves society or the members' business.
public enum GoalKind: String, CaseIterable, Sendable {
    case social, business
}

/// How often a channel reaches its members.
public enum Frequency: String, CaseIterable, Sendable {
    case daily, weekly, monthly, quarterly, yearly
    case adHoc = "ad_hoc"
}

/// What a rule governs, so checks can find the alliance's exit rule, its
/// admission rule and so on.
public enum RuleTopic: String, CaseIterable, Sendable {
    case admission, exit
    case conflictResolution = "conflict_resolution"
    case review, reporting, finance
    case decisionMaking = "decision_making"
    case communication, conduct, membership
}

/// What a matter a body decides is about, for the checks that look for
/// the core ones: `decides charter_amendment about statutes`. A matter
/// without `about` means what its name says (`Body.Matter.meaning`).
public enum MatterTopic: String, CaseIterable, Sendable {
    case admission, exit, statutes, strategy, finance

    /// The topic a matter of this name is about when it does not say:
    /// today's common names for the core matters.
    public init?(named name: String) {
        switch name {
        case "statutes", "charter", "constitution", "governance", "decision_making", "rules", "amendments",
             "amendment", "rule_changes": self = .statutes
        case "admission", "admissions": self = .admission
        case "exit", "exclusion", "expulsion": self = .exit
        case "strategy", "work_programme", "work_program", "programme": self = .strategy
        case "budget", "finance", "finances", "fees", "membership_fees": self = .finance
        default: return nil
        }
    }

    /// The matters where the alliance's direction and membership are
    /// decided, that no small or self-interested group should be able to
    /// block: admission, exit, the statutes and the strategy.
    public var isCore: Bool { self != .finance }

    /// "admission", "a change of the statutes"
    public var described: String {
        switch self {
        case .admission: "admission"
        case .exit: "exit"
        case .statutes: "changing the statutes"
        case .strategy: "the strategy"
        case .finance: "finance"
        }
    }
}

/// What a value is about, for the checks that look for one
/// (`value candour "We publish everything" about transparency`). A value
/// without `about` is about transparency when its name or meaning says so.
public enum ValueTopic: String, CaseIterable, Sendable {
    case transparency
}

/// Where something was declared.
public struct Origin: Hashable, Sendable {
    /// The whole declaration.
    public var span: Span
    /// Its name.
    public var nameSpan: Span
}

public struct Alliance: Sendable {
    public var name: String
    public var title: String?
    public var mission: String?
    public var stage: Stage?
    /// The promised minimum share of social goals, as a fraction of one.
    public var socialBalance: Rational?
    public var origin: Origin
    /// Where the stage and the balance were written, for findings about them.
    public var stageSpan: Span?
    public var balanceSpan: Span?
}

public struct Value: Sendable {
    public var name: String
    public var meaning: String
    /// What it is about, as declared.
    public var topic: ValueTopic?
    public var origin: Origin

    public init(name: String, meaning: String, topic: ValueTopic? = nil, origin: Origin) {
        self.name = name
        self.meaning = meaning
        self.topic = topic
        self.origin = origin
    }
}

public struct Principle: Sendable {
    public var name: String
    public var title: String?
    public var upholds: [String]
    public var opposes: [String]
    public var origin: Origin
}

public struct Tension: Sendable {
    public enum Between: Sendable { case values, principles }
    public var left: String
    public var right: String
    public var between: Between
    public var note: String?
    public var span: Span
}

public struct Member: Sendable {
    public var name: String
    public var title: String?
    public var kind: MemberKind?
    /// The membership class; full unless declared.
    public var membershipClass: MembershipClass = .full
    public var motivation: Motivation?
    /// The vote weight in weighted decisions; 1 unless declared.
    public var weight: Int64
    public var holds: [String]
    public var joined: Stage?
    /// Where the `joined` stage is written, for the resolver's diagnostics.
    public var joinedSpan: Span?
    public var contribution: Contribution?
    public var origin: Origin

    public enum Contribution: Sendable {
        case amount(Rational)
        case description(String)
    }
}

/// A set of members as declared. Names and `all` are known without
/// evaluating anything; a query is kept, bound, for the interpreter.
public enum MemberSet: Sendable {
    case all
    /// Member and bloc names, as written.
    case named([String])
    /// `members where …`: the bound condition, which sees each member's fields.
    case query(BoundExpr)
}

public struct Bloc: Sendable {
    public var name: String
    public var members: MemberSet
    public var origin: Origin
}

public struct Goal: Sendable {
    public var name: String
    public var title: String?
    public var kind: GoalKind
    public var serves: [String]
    public var target: String?
    /// The goal's weight in the balance; 1 unless declared.
    public var weight: Int64
    public var origin: Origin
}

/// How a body decides.
public enum DecisionRule: Hashable, Sendable {
    case unanimity
    case consensus
    case majority(Basis, Threshold)

    /// What is counted: one vote each, or the members' weights.
    public enum Basis: Hashable, Sendable { case heads, weight }

    public enum Threshold: Hashable, Sendable {
        /// More than half.
        case moreThanHalf
        /// At least this share, as a fraction of one.
        case atLeast(Rational)
        /// At least this total weight.
        case quota(Int64)
    }
}

public struct Body: Sendable {
    public var name: String
    public var title: String?
    public var members: MemberSet
    /// The rule for matters without a rule of their own.
    public var defaultRule: DecisionRule?
    /// Where the default rule was written (even if it was written wrongly).
    public var defaultRuleSpan: Span?
    public var matters: [Matter]
    /// The share that must take part, as a fraction of one.
    public var quorum: Rational?
    /// Where the quorum was written.
    public var quorumSpan: Span?
    public var vetoes: [Veto]
    public var origin: Origin

    public struct Matter: Sendable {
        public var name: String
        /// nil: decided by the body's default rule.
        public var rule: DecisionRule?
        /// Where the matter's own rule was written, if it has one.
        public var ruleSpan: Span?
        public var span: Span
        /// What it is about, as declared with `about`.
        public var topic: MatterTopic?

        public init(name: String, rule: DecisionRule?, ruleSpan: Span?, span: Span, topic: MatterTopic? = nil) {
            self.name = name
            self.rule = rule
            self.ruleSpan = ruleSpan
            self.span = span
            self.topic = topic
        }

        /// What it is about: as declared, or as its name says.
        public var meaning: MatterTopic? { topic ?? MatterTopic(named: name) }
    }

    /// The matters about a topic, as declared or as their names say.
    public func matters(about topic: MatterTopic) -> [Matter] { matters.filter { $0.meaning == topic } }

    public struct Veto: Sendable {
        public var member: String
        /// Empty: a veto on every matter.
        public var matters: [String]
        public var matterSpans: [Span]
        public var span: Span
    }

    /// The rule that decides a matter.
    public func rule(for matter: String) -> DecisionRule? {
        matters.first { $0.name == matter }?.rule ?? defaultRule
    }
}

public struct Rule: Sendable {
    public enum Actor: Sendable {
        /// Every member, or every member of a bloc or body.
        case everyMember(of: String?)
        /// One named member, bloc or body.
        case named(String)
    }
    public var name: String
    public var title: String?
    public var topics: [RuleTopic]
    public var actor: Actor
    public var deontic: Statement.Deontic
    public var aim: String
    public var condition: String?
    public var sanction: String?
    public var origin: Origin
    /// Where the statement's parts were written, for findings about them.
    public var spans: Spans

    public struct Spans: Sendable {
        public var deontic: Span
        public var aim: Span
        public var condition: Span?
        public var sanction: Span?
    }
}

public struct Channel: Sendable {
    public var name: String
    public var title: String?
    public var reaches: MemberSet
    public var frequency: Frequency?
    public var origin: Origin
}

public struct UserCheck: Sendable {
    public var title: String
    public var condition: BoundExpr
    public var span: Span
}

public struct LetBinding: Sendable {
    public var name: String
    public var value: BoundExpr
    public var origin: Origin
}

/// A `show` or `assert` statement, for the interpreter.
public enum RunStatement: Sendable {
    case show(BoundExpr, span: Span)
    case assert(BoundExpr, message: String?, span: Span)

    /// The whole statement.
    public var span: Span {
        switch self {
        case .show(_, let span), .assert(_, _, let span): span
        }
    }
}

/// A scenario as the resolver checked it: its steps with every name bound
/// and every added or amended thing built, ready to apply to a copy of the
/// model in order.
public struct ScenarioPlan: Sendable {
    public var title: String
    public var span: Span
    public var steps: [Step]

    /// A declared thing, as a scenario adds or replaces it.
    public enum Entity: Sendable {
        case member(Member), value(Value), principle(Principle), goal(Goal), body(Body), rule(Rule)
        case channel(Channel), bloc(Bloc)

        public var kind: EntityKind {
            switch self {
            case .member: .member
            case .value: .value
            case .principle: .principle
            case .goal: .goal
            case .body: .body
            case .rule: .rule
            case .channel: .channel
            case .bloc: .bloc
            }
        }

        public var name: String {
            switch self {
            case .member(let e): e.name
            case .value(let e): e.name
            case .principle(let e): e.name
            case .goal(let e): e.name
            case .body(let e): e.name
            case .rule(let e): e.name
            case .channel(let e): e.name
            case .bloc(let e): e.name
            }
        }
    }

    public enum Step: Sendable {
        case add(Entity, span: Span)
        case remove([String], span: Span)
        /// An `amend`: the thing as it is after the change.
        case replace(Entity, span: Span)
        case replaceAlliance(Alliance, span: Span)
        case expectCheck(title: String, passes: Bool, span: Span)
        /// Whether a built-in check (by ID or name) reports a finding then,
        /// about `on` when given.
        case expectFinding(check: String, on: String?, present: Bool, span: Span)
        case expect(BoundExpr, span: Span)
        case binding(LetBinding)
        case show(BoundExpr, span: Span)
        case assert(BoundExpr, message: String?, span: Span)
    }
}

extension Model {
    /// The model with a scenario step applied (its `edit`, see ModelEdit.swift);
    /// steps that ask rather than change return it as it is.
    public func applying(_ step: ScenarioPlan.Step) -> Model {
        var model = self
        if let edit = step.edit { model.apply(edit) }
        if case .binding(let binding) = step {
            model.bindings.removeAll { $0.name == binding.name }
            model.bindings.append(binding)
            model.symbols[binding.name] = .binding
        }
        return model
    }
}

/// The kinds of thing a name can denote.
public enum EntityKind: String, Sendable, CaseIterable {
    case alliance, value, principle, member, bloc, goal, body, rule, channel
    case binding = "let binding"

    /// "a member", "an alliance"
    public var withArticle: String {
        switch self {
        case .alliance: "an alliance"
        case .binding: "a let binding"
        default: "a \(rawValue)"
        }
    }
}

/// A whole alliance as its files describe it.
public struct Model: Sendable {
    public var alliance: Alliance?
    public var values: [Value] = []
    public var principles: [Principle] = []
    public var tensions: [Tension] = []
    /// Any change to the members lets their table by name go (`memberPositions`).
    public var members: [Member] = [] { didSet { memberTable = nil } }
    public var blocs: [Bloc] = []
    public var goals: [Goal] = []
    public var bodies: [Body] = []
    public var rules: [Rule] = []
    public var channels: [Channel] = []
    public var checks: [UserCheck] = []
    public var scenarios: [ScenarioDecl] = []
    /// Each scenario's steps, resolved, in declaration order.
    public var scenarioPlans: [ScenarioPlan] = []
    public var bindings: [LetBinding] = []
    /// `show` and `assert` statements, in source order, for the interpreter.
    public var statements: [RunStatement] = []
    /// Every declared name and what it denotes.
    public var symbols: [String: EntityKind] = [:]
    /// `members` by name, as the resolver made it to check the bodies, while
    /// the members stay as they were then: the checks, the evaluator and
    /// the games of bodies read it rather than each hashing every name again.
    var memberTable: [String: Int]?

    public init() {}

    /// Where each member stands in `members`, by name (of two with one name,
    /// the first): the resolver's table while the members are as it built
    /// them, made here otherwise.
    public var memberPositions: [String: Int] { memberTable ?? members.byName { $0 } }

    public func member(named name: String) -> Member? { members.first { $0.name == name } }

    /// Adds another model's entities to this one's (the alliance stays).
    mutating func merge(_ other: Model) {
        values += other.values
        principles += other.principles
        tensions += other.tensions
        members += other.members
        blocs += other.blocs
        goals += other.goals
        bodies += other.bodies
        rules += other.rules
        channels += other.channels
    }
    public func body(named name: String) -> Body? { bodies.first { $0.name == name } }


    /// The members of a set in declaration order, where that is known without
    /// evaluation; nil when a query is involved.
    public func resolve(_ set: MemberSet) -> [Member]? {
        guard let selection = MemberExpansion(self).select(set) else { return nil }
        return members.filter { selection.contains($0.name) }
    }
}

/// Which members a set selects: all of them, or some by name.
public enum MemberSelection: Sendable {
    case everyone
    case some(Set<String>)

    public func contains(_ member: String) -> Bool {
        switch self {
        case .everyone: true
        case .some(let names): names.contains(member)
        }
    }
}

extension [Member] {
    /// A table of the members by name, to what `value` makes of each one's
    /// position (of two with one name, as in a model with errors, the
    /// first): sized once, members read in place, last to first with one
    /// look at the table each. The evaluator, the games of bodies and the
    /// expansion of member sets all look members up so.
    @inlinable public func byName<V>(_ value: (Int) -> V) -> [String: V] {
        var table: [String: V] = [:]
        table.reserveCapacity(count)
        for position in indices.reversed() { table[self[position].name] = value(position) }
        return table
    }
}

/// Expands member sets against one model. Build it once and ask it about many
/// sets: its tables make each answer cost the size of the set, not the model.
/// A scenario asks through `changed(adding:blocs:removing:)`, a layer of its
/// own changes over the same tables, so that checking it costs the size of
/// the scenario, not a copy of the model.
public struct MemberExpansion: Sendable {
    private let blocs: [String: MemberSet]
    /// The model's members, and where each stands by name.
    private let members: [Member]
    let positions: [String: Int]
    /// Every member's weight, summed exactly (a scenario takes weights away).
    private var everyoneWeight: Int128
    private var everyoneCount: Int
    /// A scenario's changes, asked before the tables: members and blocs added
    /// or replaced, and names removed.
    private var addedBlocs: [String: MemberSet] = [:]
    private var addedWeights: [String: Int64] = [:]
    private var removed: Set<String> = []

    public init(_ model: Model) {
        // A body named in a set stands for its members, as a bloc does.
        blocs = Dictionary(model.blocs.map { ($0.name, $0.members) } + model.bodies.map { ($0.name, $0.members) },
                           uniquingKeysWith: { first, _ in first })
        members = model.members
        positions = model.memberPositions
        everyoneWeight = positions.values.reduce(0) { [members] in $0 + Int128(members[$1].weight) }
        everyoneCount = positions.count
    }

    /// The tables with a scenario's changes on top: `removing` names gone,
    /// then `members` and `blocs` added, each replacing what had its name.
    /// Costs the size of the changes.
    public func changed(adding members: [Member], blocs added: [Bloc], removing names: Set<String>) -> MemberExpansion {
        var result = self
        result.change(adding: members, blocs: added, removing: names)
        return result
    }

    /// Lays changes over the tables in place, as `changed` does: a scenario's
    /// steps, one at a time, each costing its own size.
    public mutating func change(adding members: [Member] = [], blocs added: [Bloc] = [], removing names: Set<String> = []) {
        for name in names { remove(name) }
        // A name added again stays in `removed`: what was declared under it is
        // gone, and the addition is found first.
        for member in members {
            remove(member.name)
            addedWeights[member.name] = member.weight
            everyoneWeight += Int128(member.weight)
            everyoneCount += 1
        }
        for bloc in added {
            remove(bloc.name)
            addedBlocs[bloc.name] = bloc.members
        }
    }

    private mutating func remove(_ name: String) {
        if let weight = weight(of: name) {
            everyoneWeight -= Int128(weight)
            everyoneCount -= 1
        }
        addedWeights[name] = nil
        addedBlocs[name] = nil
        removed.insert(name)
    }

    /// The weight of the member of this name; nil when no member has it.
    private func weight(of name: String) -> Int64? {
        if let weight = addedWeights[name] { return weight }
        return removed.contains(name) ? nil : positions[name].map { members[$0].weight }
    }

    /// The set the bloc of this name is made of; nil when no bloc has it.
    public func bloc(named name: String) -> MemberSet? {
        if let bloc = addedBlocs[name] { return bloc }
        return removed.contains(name) ? nil : blocs[name]
    }

    /// The members a set selects; nil when a query is involved. Blocs are
    /// expanded, each once, so blocs of blocs of any depth (even in a cycle)
    /// are safe.
    public func select(_ set: MemberSet) -> MemberSelection? {
        var visits = 0
        return select(set, visits: &visits)
    }

    /// `select`, adding to `visits` the names it looked at.
    public func select(_ set: MemberSet, visits: inout Int) -> MemberSelection? {
        var names: Set<String> = []
        var expanded: Set<String> = []
        var pending = [set]
        while let next = pending.popLast() {
            switch next {
            case .all:
                return .everyone
            case .query:
                return nil
            case .named(let list):
                visits += list.count
                for name in list {
                    if let bloc = bloc(named: name) {
                        if expanded.insert(name).inserted { pending.append(bloc) }
                    } else if weight(of: name) != nil {
                        names.insert(name)
                    }
                }
            }
        }
        return .some(names)
    }

    /// How many members a selection holds.
    public func count(_ selection: MemberSelection) -> Int {
        switch selection {
        case .everyone: everyoneCount
        case .some(let names): names.count
        }
    }

    /// The selection's total vote weight; saturates rather than overflows.
    public func totalWeight(_ selection: MemberSelection) -> Int64 {
        switch selection {
        case .everyone: Int64(clamping: everyoneWeight)
        case .some(let names): Self.sum(names.compactMap { weight(of: $0) })
        }
    }

    private static func sum(_ weights: [Int64]) -> Int64 {
        weights.reduce(0) { total, weight in
            let (sum, overflow) = total.addingReportingOverflow(weight)
            return overflow ? Int64.max : sum
        }
    }
}
