// The bound form of an expression: what the binder (ExpressionBinder.swift)
// makes of the syntax, and all that the evaluator reads. Every name is
// classified once, here — a quantifier variable, a field of the element a
// `where` filters, a declared thing, a bloc, a `let`, a built-in collection,
// an enumerated word — every call points at its built-in and every field
// access at its field, and every node carries its static type and the span
// of the syntax it was bound from, so errors found when it is evaluated are
// located as the source was written, and the source text of a `show` can be
// shown as written.
//
// The built-in functions and the fields of each kind of entity are tables
// here, each entry with its type and how it is read: the binder types with
// them and the evaluator evaluates with them, so a field is added in one
// place.

import CharterDiagnostics
import CharterNumbers
import CharterSyntax

/// An expression with its names bound. A node is shared, never changed.
public final class BoundExpr: Sendable {
    public enum Kind: Sendable {
        /// A number as written; nil when it does not fit (E603 when evaluated).
        case number(Rational?)
        case string(String)
        case bool(Bool)
        /// One of an enumerated field's words, beside that field (`motivation == business`).
        case word(String)
        /// A quantifier variable, or `m` in `all m in members where m.weight > 0`.
        case local(String)
        /// A field of the element a `where` filters (`members where weight > 2`).
        case elementField(Field)
        /// A declared thing of a kind, by name.
        case entity(EntityKind, String)
        /// A bloc: the set of its members.
        case bloc(String)
        /// A `let` binding, declared or a scenario's.
        case binding(String)
        /// A built-in collection: `members`, `values`, …
        case collection(EntityKind)
        case set([BoundExpr])
        case unary(UnaryOperator, BoundExpr)
        case binary(BinaryOperator, BoundExpr, BoundExpr)
        /// A field of a thing of a kind known when the file is checked;
        /// `name` is where the field's name is written.
        case field(BoundExpr, Field, name: Span)
        /// A field of a thing whose kind is known only when it is evaluated
        /// (an element of a set of things of several kinds).
        case anyField(BoundExpr, Name)
        case call(Builtin, [BoundExpr])
        /// `set where condition`; `element` says whether the condition sees
        /// the fields of each element (their kind is known), or those of an
        /// enclosing `where`.
        case filter(BoundExpr, BoundExpr, element: Bool)
        /// A quantifier; a `where` right after its domain is the domain's
        /// `.filter`, whose condition also sees the variable.
        case quantified(Quantifier, variable: String, domain: BoundExpr, body: BoundExpr)
        /// What the resolver reported it could not bind; a model with errors
        /// is never evaluated, and if it were this would be an error.
        case invalid
    }

    public let kind: Kind
    /// The static type, as far as the resolver can tell.
    public let type: ExprType
    /// The syntax it was bound from.
    public let span: Span

    public init(_ kind: Kind, _ type: ExprType, span: Span) {
        self.kind = kind
        self.type = type
        self.span = span
    }

    /// What stands in the model for an expression until it is bound.
    static func unbound(_ span: Span) -> BoundExpr { BoundExpr(.invalid, .unknown, span: span) }

    /// The names of the definitions an expression uses — `let`s, blocs and
    /// declared things — each as often as it appears: enough to evaluate
    /// definitions after those they use.
    public var definitionsUsed: [String] {
        var names: [String] = []
        var pending = [self]
        while let next = pending.popLast() {
            switch next.kind {
            case .number, .string, .bool, .word, .local, .elementField, .collection, .invalid: break
            case .entity(_, let name), .bloc(let name), .binding(let name): names.append(name)
            case .set(let elements), .call(_, let elements): pending += elements
            case .unary(_, let operand), .field(let operand, _, _), .anyField(let operand, _): pending.append(operand)
            case .binary(_, let left, let right), .filter(let left, let right, _): pending += [left, right]
            case .quantified(_, _, let domain, let body): pending += [domain, body]
            }
        }
        return names
    }
}

/// The words an enumerated field takes.
public enum WordList: Equatable, Sendable {
    case memberKind, membershipClass, motivation, stage, goalKind, frequency, topic

    public var options: [String] {
        switch self {
        case .memberKind: MemberKind.allCases.map(\.rawValue)
        case .membershipClass: MembershipClass.allCases.map(\.rawValue)
        case .motivation: Motivation.allCases.map(\.rawValue)
        case .stage: Stage.allCases.map(\.rawValue)
        case .goalKind: GoalKind.allCases.map(\.rawValue)
        case .frequency: Frequency.allCases.map(\.rawValue)
        case .topic: RuleTopic.allCases.map(\.rawValue)
        }
    }

    public var name: String {
        switch self {
        case .memberKind: "member kind"
        case .membershipClass: "membership class"
        case .motivation: "motivation"
        case .stage: "life stage"
        case .goalKind: "goal kind"
        case .frequency: "frequency"
        case .topic: "rule topic"
        }
    }
}

/// The static type of an expression, as far as the resolver can tell.
public indirect enum ExprType: Equatable, Sendable {
    case entity(EntityKind)
    case set(of: ExprType)
    case number, string, bool
    case word(WordList)
    case unknown

    /// How many levels of sets this is: 0 for anything but a set.
    var setDepth: Int {
        guard case .set(let element) = self else { return 0 }
        return 1 + element.setDepth
    }

    public var description: String {
        switch self {
        case .entity(let kind): kind.withArticle
        case .set: "a set"
        case .number: "a number"
        case .string: "a text"
        case .bool: "true or false"
        case .word(let list): "a \(list.name)"
        case .unknown: "a value"
        }
    }

    /// The type in a message about kinds: "a set of members" rather than "a set".
    var kindName: String {
        guard case .set(let element) = self, element != .unknown else { return description }
        return "a set of \(element.plural)"
    }

    /// Things of this type: "members", "numbers", "life stages".
    var plural: String {
        switch self {
        case .entity(let kind): kind.plural
        case .set: "sets"
        case .number: "numbers"
        case .string: "texts"
        case .bool: "truths"
        case .word(let list): list.name + "s"
        case .unknown: "values"
        }
    }

    /// Whether a value of this type may be a number.
    var canBeNumber: Bool { self == .number || self == .unknown }

    /// Whether values of the two types can be equal: false when both are
    /// known and of different kinds (a text and a member, a set of members
    /// and a member), whose comparison would always be false.
    static func comparable(_ a: ExprType, _ b: ExprType) -> Bool {
        switch (a, b) {
        case (.unknown, _), (_, .unknown): true
        case (.set(let x), .set(let y)): comparable(x, y)
        // Words of two lists are equal where the lists share a word (a
        // motivation and a goal kind may both be `business`).
        case (.word(let x), .word(let y)): x == y || !Set(x.options).isDisjoint(with: y.options)
        default: a == b
        }
    }
}

/// A thing declared in the model, as a field is read from it.
public enum Declared: Sendable {
    case alliance(Alliance), value(Value), principle(Principle), member(Member), bloc(Bloc), goal(Goal)
    case body(Body), rule(Rule), channel(Channel)

    var alliance: Alliance? { if case .alliance(let x) = self { x } else { nil } }
    var value: Value? { if case .value(let x) = self { x } else { nil } }
    var principle: Principle? { if case .principle(let x) = self { x } else { nil } }
    var member: Member? { if case .member(let x) = self { x } else { nil } }
    var goal: Goal? { if case .goal(let x) = self { x } else { nil } }
    var body: Body? { if case .body(let x) = self { x } else { nil } }
    var rule: Rule? { if case .rule(let x) = self { x } else { nil } }
    var channel: Channel? { if case .channel(let x) = self { x } else { nil } }
}

/// A field of a kind of entity: its name, its type and how it is read.
public struct Field: Sendable {
    public let kind: EntityKind
    public let name: String
    public let type: ExprType
    public let read: Read

    /// How a field's value is read from the thing: the evaluator makes a
    /// value of each shape one way. A field that was not given reads as nil
    /// (the value `nothing`).
    public enum Read: Sendable {
        /// The thing's name.
        case name
        case text(@Sendable (Declared) -> String?)
        case word(@Sendable (Declared) -> String?)
        case number(@Sendable (Declared) -> Rational?)
        /// A number or a text: a member's contribution.
        case contribution(@Sendable (Declared) -> Member.Contribution?)
        /// Names of values; those a scenario removed are left out. A step each.
        case values(@Sendable (Declared) -> [String])
        /// Texts, a step each.
        case texts(@Sendable (Declared) -> [String])
        /// Words of one list.
        case words(@Sendable (Declared) -> [String])
        /// The members a bloc, body or channel selects, evaluated.
        case members
    }

    init(_ kind: EntityKind, _ name: String, _ type: ExprType, _ read: Read) {
        self.kind = kind
        self.name = name
        self.type = type
        self.read = read
    }

    /// The fields of every kind of entity.
    static let table: [EntityKind: [String: Field]] = {
        var table: [EntityKind: [String: Field]] = [:]
        let fields: [Field] = [
            Field(.alliance, "title", .string, .text { $0.alliance?.title }),
            Field(.alliance, "mission", .string, .text { $0.alliance?.mission }),
            Field(.alliance, "stage", .word(.stage), .word { $0.alliance?.stage?.rawValue }),
            Field(.alliance, "balance", .number, .number { $0.alliance?.socialBalance }),
            Field(.value, "meaning", .string, .text { $0.value?.meaning }),
            Field(.principle, "title", .string, .text { $0.principle?.title }),
            Field(.principle, "upholds", .set(of: .entity(.value)), .values { $0.principle?.upholds ?? [] }),
            Field(.principle, "opposes", .set(of: .entity(.value)), .values { $0.principle?.opposes ?? [] }),
            Field(.member, "title", .string, .text { $0.member?.title }),
            Field(.member, "kind", .word(.memberKind), .word { $0.member?.kind?.rawValue }),
            Field(.member, "motivation", .word(.motivation), .word { $0.member?.motivation?.rawValue }),
            Field(.member, "class", .word(.membershipClass), .word { $0.member?.membershipClass.rawValue }),
            Field(.member, "weight", .number, .number { $0.member.map { Rational($0.weight) } }),
            Field(.member, "holds", .set(of: .entity(.value)), .values { $0.member?.holds ?? [] }),
            Field(.member, "joined", .word(.stage), .word { $0.member?.joined?.rawValue }),
            Field(.member, "contribution", .unknown, .contribution { $0.member?.contribution }),
            Field(.bloc, "members", .set(of: .entity(.member)), .members),
            Field(.goal, "title", .string, .text { $0.goal?.title }),
            Field(.goal, "kind", .word(.goalKind), .word { $0.goal?.kind.rawValue }),
            Field(.goal, "serves", .set(of: .entity(.value)), .values { $0.goal?.serves ?? [] }),
            Field(.goal, "target", .string, .text { $0.goal?.target }),
            Field(.goal, "weight", .number, .number { $0.goal.map { Rational($0.weight) } }),
            Field(.body, "title", .string, .text { $0.body?.title }),
            Field(.body, "members", .set(of: .entity(.member)), .members),
            Field(.body, "quorum", .number, .number { $0.body?.quorum }),
            Field(.body, "matters", .set(of: .string), .texts { $0.body?.matters.map(\.name) ?? [] }),
            Field(.rule, "title", .string, .text { $0.rule?.title }),
            Field(.rule, "topics", .set(of: .word(.topic)), .words { $0.rule?.topics.map(\.rawValue) ?? [] }),
            Field(.rule, "aim", .string, .text { $0.rule?.aim }),
            Field(.rule, "condition", .string, .text { $0.rule?.condition }),
            Field(.rule, "sanction", .string, .text { $0.rule?.sanction }),
            Field(.channel, "title", .string, .text { $0.channel?.title }),
            Field(.channel, "reaches", .set(of: .entity(.member)), .members),
            Field(.channel, "frequency", .word(.frequency), .word { $0.channel?.frequency?.rawValue }),
        ]
        // Every declared thing has a name.
        for kind in EntityKind.allCases where kind != .binding { table[kind] = ["name": Field(kind, "name", .string, .name)] }
        for field in fields { table[field.kind, default: [:]][field.name] = field }
        return table
    }()

    /// The fields of a kind of entity, by name.
    public static func of(_ kind: EntityKind) -> [String: Field] { table[kind] ?? [:] }

    /// A field by kind and name.
    public static func named(_ name: String, of kind: EntityKind) -> Field? { table[kind]?[name] }

    /// Every field name of every kind of entity.
    static let allNames: Set<String> = Set(table.values.flatMap(\.keys))
}

/// The built-in functions: their parameters, result and usage. The
/// evaluator evaluates each (`Evaluator.call`), over a switch the compiler
/// holds complete.
public enum Builtin: String, CaseIterable, Sendable {
    case banzhaf, shapley, share, winning, blocks, holds, upheld, count

    public var parameters: [ExprType] {
        switch self {
        case .banzhaf, .shapley, .share: [.entity(.member), .entity(.body)]
        case .winning, .blocks: [.set(of: .entity(.member)), .entity(.body)]
        case .holds: [.entity(.member), .entity(.value)]
        case .upheld: [.entity(.value)]
        case .count: [.set(of: .unknown)]
        }
    }

    /// Whether a matter the body decides may follow the parameters, naming
    /// the rule (and vetoes) to ask about: `winning(founders, assembly, statutes)`.
    /// Without one, the body's default rule (or its first matter's).
    public var takesMatter: Bool {
        switch self {
        case .banzhaf, .shapley, .winning, .blocks: true
        case .share, .holds, .upheld, .count: false
        }
    }

    public var result: ExprType {
        switch self {
        case .banzhaf, .shapley, .share, .count: .number
        case .winning, .blocks, .holds, .upheld: .bool
        }
    }

    /// What the function answers, in a sentence (an editor's hover shows it).
    public var summary: String {
        switch self {
        case .banzhaf: "The member's normalized Banzhaf index in the body: its share of the swings, the coalitions its vote turns from losing into winning."
        case .shapley: "The member's Shapley–Shubik index in the body: the share of the orders of voting in which its vote decides."
        case .share: "The member's share of the body's votes (its weight over the total)."
        case .winning: "Whether the members together can carry a decision of the body on their own."
        case .blocks: "Whether the members together can stop any decision of the body: without them, nothing passes."
        case .holds: "Whether the member holds the value."
        case .upheld: "Whether some principle upholds the value."
        case .count: "How many elements the set has."
        }
    }

    public var usage: String {
        switch self {
        case .banzhaf, .shapley: "\(rawValue)(member, body) or \(rawValue)(member, body, matter)"
        case .share: "share(member, body)"
        case .winning, .blocks: "\(rawValue)(set of members, body) or \(rawValue)(set of members, body, matter)"
        case .holds: "holds(member, value)"
        case .upheld: "upheld(value)"
        case .count: "count(set)"
        }
    }
}

extension EntityKind {
    /// "members", "bodies"
    var plural: String {
        switch self {
        case .body: "bodies"
        case .binding: "let bindings"
        case .alliance: "alliances"
        default: rawValue + "s"
        }
    }
}
