// The syntax tree. It mirrors grammar/charter.ebnf: one type per construct,
// every node with the span of the source it came from. The tree records what
// was written, not what it means: names are unbound text here, and the
// resolver (CharterModel) gives them meaning.

import CharterDiagnostics
import CharterNumbers

/// An identifier as written, with its place.
public struct Name: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var span: Span
    public init(_ text: String, span: Span) {
        self.text = text
        self.span = span
    }
    public var description: String { text }
}

/// A quoted text, with its escapes decoded.
public struct StringLiteral: Hashable, Sendable {
    public var value: String
    public var span: Span
    public init(value: String, span: Span) {
        self.value = value
        self.span = span
    }
}

/// A number as written. `value` is nil when it did not fit (already reported).
public struct NumberLiteral: Hashable, Sendable {
    public var value: Rational?
    public var span: Span
}

/// A share: `60%`, `2/3` or `0.5`, always stored as a fraction of one.
public struct Ratio: Hashable, Sendable {
    public enum Form: Hashable, Sendable { case percent, fraction, decimal }
    public var form: Form
    /// nil when the ratio could not be computed (already reported).
    public var value: Rational?
    public var span: Span
}

/// A parsed file: its declarations, and its comments attached to them
/// (Comments.swift).
public struct SourceFileSyntax: Sendable {
    public var file: FileID
    public var declarations: [Declaration] {
        didSet { parsedComments = nil }
    }
    /// Every comment of a file as the parser read it, in source order, so
    /// that `comments` need not gather them again; nil once the file is
    /// made of some of its declarations only.
    var parsedComments: [Comment]?
    /// The comments, each with the declaration, item or step it belongs to.
    /// A file made of some declarations of a parsed one (the REPL's model)
    /// shares the parsed file's: `comments` gives those of its declarations.
    public var attached: AttachedComments
    /// Where the parser skipped input after a syntax error: a declaration
    /// that holds one is incomplete, and what later stages say about it is
    /// likely an echo of that error.
    public var recoveries: [Span]

    public init(file: FileID, declarations: [Declaration], comments: AttachedComments = AttachedComments(), recoveries: [Span]) {
        self.file = file
        self.declarations = declarations
        self.attached = comments
        self.recoveries = recoveries
    }

    /// A parsed file: its declarations and every comment the lexer read.
    init(parsed file: FileID, declarations: [Declaration], comments: [Comment], attached: AttachedComments, recoveries: [Span]) {
        self.init(file: file, declarations: declarations, comments: attached, recoveries: recoveries)
        parsedComments = comments
    }
}

// MARK: - Declarations

/// One top-level declaration or statement.
/// The declarations an alliance has by the thousand (members, values) are
/// stored inline; the rest are boxed, so that a list of declarations is as
/// large as its members, not as its largest scenario.
public enum Declaration: Hashable, Sendable {
    indirect case alliance(AllianceDecl)
    case value(ValueDecl)
    indirect case principle(PrincipleDecl)
    indirect case tension(TensionDecl)
    case member(MemberDecl)
    indirect case bloc(BlocDecl)
    indirect case goal(GoalDecl)
    indirect case body(BodyDecl)
    indirect case rule(RuleDecl)
    indirect case channel(ChannelDecl)
    indirect case check(CheckDecl)
    indirect case scenario(ScenarioDecl)
    case `import`(ImportDecl)
    indirect case `let`(LetDecl)
    indirect case show(ShowStmt)
    indirect case assert(AssertStmt)
    /// Source the parser could not make sense of (already reported), with
    /// the name it was declaring when that much was read.
    case bad(Span, name: Name?)

    public var span: Span {
        switch self {
        case .alliance(let d): d.span
        case .value(let d): d.span
        case .principle(let d): d.span
        case .tension(let d): d.span
        case .member(let d): d.span
        case .bloc(let d): d.span
        case .goal(let d): d.span
        case .body(let d): d.span
        case .rule(let d): d.span
        case .channel(let d): d.span
        case .check(let d): d.span
        case .scenario(let d): d.span
        case .import(let d): d.span
        case .let(let d): d.span
        case .show(let d): d.span
        case .assert(let d): d.span
        case .bad(let span, _): span
        }
    }

    /// The name the declaration brings into the alliance, if it brings one.
    public var declaredName: Name? {
        switch self {
        case .alliance(let d): d.name
        case .value(let d): d.name
        case .principle(let d): d.name
        case .member(let d): d.name
        case .bloc(let d): d.name
        case .goal(let d): d.name
        case .body(let d): d.name
        case .rule(let d): d.name
        case .channel(let d): d.name
        case .let(let d): d.name
        case .tension, .check, .scenario, .import, .show, .assert, .bad: nil
        }
    }
}

public struct AllianceDecl: Hashable, Sendable {
    public var name: Name
    public var title: StringLiteral?
    public var items: [Item]
    public var span: Span
}

public struct ValueDecl: Hashable, Sendable {
    public var name: Name
    public var meaning: StringLiteral
    /// What the value is about, for the checks that look for one (`about transparency`).
    public var about: Name?
    public var span: Span
}

public struct PrincipleDecl: Hashable, Sendable {
    public struct Clause: Hashable, Sendable {
        public enum Stance: Hashable, Sendable { case upholds, opposes }
        public var stance: Stance
        public var values: [Name]
        public var span: Span
    }
    public var name: Name
    public var title: StringLiteral?
    public var clauses: [Clause]
    public var span: Span
}

public struct TensionDecl: Hashable, Sendable {
    public var left: Name
    public var right: Name
    public var note: StringLiteral?
    public var span: Span
}

public struct MemberDecl: Hashable, Sendable {
    public var name: Name
    public var title: StringLiteral?
    public var items: [Item]
    public var span: Span
}

public struct BlocDecl: Hashable, Sendable {
    public var name: Name
    public var selector: Selector
    public var span: Span
}

public struct GoalDecl: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case social, business }
    public var name: Name
    public var title: StringLiteral?
    public var kind: Kind
    public var kindSpan: Span
    public var serves: [Name]
    public var items: [Item]
    public var span: Span
}

public struct BodyDecl: Hashable, Sendable {
    public var name: Name
    public var title: StringLiteral?
    public var items: [Item]
    public var span: Span
}

public struct RuleDecl: Hashable, Sendable {
    public var name: Name
    public var title: StringLiteral?
    public var topics: [Name]
    public var statement: Statement
    public var span: Span
}

public struct ChannelDecl: Hashable, Sendable {
    public var name: Name
    public var title: StringLiteral?
    public var reaches: Selector
    public var frequency: Name?
    public var span: Span
}

public struct CheckDecl: Hashable, Sendable {
    public var title: StringLiteral
    public var condition: Expr
    public var span: Span
}

public struct ScenarioDecl: Hashable, Sendable {
    public var title: StringLiteral
    public var steps: [ScenarioStep]
    public var span: Span
    public init(title: StringLiteral, steps: [ScenarioStep], span: Span) {
        self.title = title
        self.steps = steps
        self.span = span
    }
}

public struct ImportDecl: Hashable, Sendable {
    public var path: StringLiteral
    public var span: Span
}

public struct LetDecl: Hashable, Sendable {
    public var name: Name
    public var value: Expr
    public var span: Span
}

public struct ShowStmt: Hashable, Sendable {
    public var value: Expr
    public var span: Span

    public init(value: Expr, span: Span) {
        self.value = value
        self.span = span
    }
}

public struct AssertStmt: Hashable, Sendable {
    public var condition: Expr
    public var message: StringLiteral?
    public var span: Span
}

// MARK: - Items of blocks

/// One item of an alliance, member, goal or body block (or of an `amend`).
/// Blocks share one item grammar so that `amend` can change any of them.
public struct Item: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case mission(StringLiteral)
        case stage(Name)
        // Boxed, as the rules below: a share is the largest of the small
        // payloads, and inline it made every item of every member as large.
        indirect case balance(Ratio)
        case kind(Name)
        case motivation(Name)
        /// `class associate`: the member's membership class.
        case membershipClass(Name)
        case weight(NumberLiteral)
        case holds([Name])
        case joined(Name)
        case contribution(Contribution)
        case target(StringLiteral)
        case members(Selector)
        // Boxed: a rule is several times the size of any other item, and
        // inline it would make every item of every member as large.
        /// The matters, what they are about, and their own rule.
        indirect case decides([Name], about: Name?, DecisionRule?)
        indirect case decision(DecisionRule)
        indirect case quorum(Ratio)
        case veto([Name], on: [Name])
    }
    public var kind: Kind
    /// The opening word, as one of a few: items are the most numerous nodes
    /// of a tree, and a `Name` of their own was a third of each. It is
    /// written where the item starts, so its place is not kept either (an
    /// item is 48 bytes, where it was 88); stored before `span`, it takes
    /// the room the kind leaves.
    public let word: ItemWord
    public var span: Span
    /// The word that opens the item (`weight`, `holds`, `by` …).
    public var keyword: Name { Name(word.spelling, span: keywordSpan) }
    var keywordSpan: Span { span.prefix(word.length) }

    /// An item opened by `word` at the start of `span`.
    init(kind: Kind, word: ItemWord, span: Span) {
        self.kind = kind
        self.word = word
        self.span = span
    }
}

/// The words that open items, told apart by the lexer as it tells reserved
/// words (`Token.itemWord`): an item's word was a `String`, compared with
/// each word of its block and then with each case of a `switch`, a tenth
/// of parsing a member.
public enum ItemWord: UInt8, CaseIterable, Sendable {
    case mission, stage, balance, kind, membershipClass, motivation, weight, holds, joined, contribution
    case target, members, decides, by, quorum, veto

    public var spelling: String {
        switch self {
        case .mission: "mission"
        case .stage: "stage"
        case .balance: "balance"
        case .kind: "kind"
        case .membershipClass: "class"
        case .motivation: "motivation"
        case .weight: "weight"
        case .holds: "holds"
        case .joined: "joined"
        case .contribution: "contribution"
        case .target: "target"
        case .members: "members"
        case .decides: "decides"
        case .by: "by"
        case .quorum: "quorum"
        case .veto: "veto"
        }
    }

    /// How many bytes the word is (a test holds it to the spelling's).
    var length: Int {
        switch self {
        case .by: 2
        case .kind, .veto: 4
        case .stage, .membershipClass, .holds: 5
        case .weight, .joined, .target, .quorum: 6
        case .mission, .balance, .members, .decides: 7
        case .motivation: 10
        case .contribution: 12
        }
    }
}



public enum Contribution: Hashable, Sendable {
    case amount(NumberLiteral)
    case description(StringLiteral)
}

/// Which members: all, a query, or a list of member and bloc names.
public enum Selector: Hashable, Sendable {
    case all(Span)
    case filter(Expr, span: Span)
    case names([Name])

    public var span: Span {
        switch self {
        case .all(let span): span
        case .filter(_, let span): span
        case .names(let names): names[0].span.to(names[names.count - 1].span)
        }
    }
}

/// How a body decides.
public struct DecisionRule: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case unanimity
        case consensus
        case majority(Majority, Threshold?)
    }
    /// The word before `majority`, if any.
    public enum Majority: Hashable, Sendable { case plain, simple, qualified, weighted }
    public enum Threshold: Hashable, Sendable {
        case ratio(Ratio)
        case quota(NumberLiteral)
    }
    public var kind: Kind
    public var span: Span
}

// MARK: - Rules

/// An institutional statement: actor, deontic, aim, condition, sanction.
public struct Statement: Hashable, Sendable {
    public enum Actor: Hashable, Sendable {
        /// `every member`, optionally `of` a bloc or body.
        case everyMember(of: Name?, span: Span)
        /// A named member, bloc or body.
        case named(Name)
    }
    public enum Deontic: Hashable, Sendable { case must, mustNot, may }
    public var actor: Actor
    public var deontic: Deontic
    public var deonticSpan: Span
    public var aim: Phrase
    public var condition: Phrase?
    public var sanction: Phrase?
    public var span: Span
}

/// A few words or a quoted sentence in a rule.
public struct Phrase: Hashable, Sendable {
    /// The words, joined by single spaces, or the quoted text.
    public var text: String
    public var span: Span
}

// MARK: - Scenarios

public enum ScenarioStep: Hashable, Sendable {
    case add(Declaration, span: Span)
    case remove([Name], span: Span)
    case amend(Name, [Item], span: Span)
    case expectCheck(StringLiteral, passes: Bool, span: Span)
    /// `expect finding C302 on megabank`, `expect no finding power.hidden-veto`:
    /// a built-in check by ID or name (as written, with where), the name its
    /// finding should be about, and whether one is expected.
    case expectFinding(check: String, checkSpan: Span, on: Name?, present: Bool, span: Span)
    case expect(Expr, span: Span)
    case `let`(LetDecl)
    case show(ShowStmt)
    case assert(AssertStmt)
}

// MARK: - Expressions

/// An expression: a kind and a span.
public struct Expr: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case number(Rational?)
        case percent(Rational?)
        case string(String)
        case bool(Bool)
        case name(Name)
        case set([Expr])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case field(Expr, Name)
        case call(Expr, [Expr])
        case filter(Expr, Expr)
        case quantified(Quantifier, Name, domain: Expr, body: Expr)
    }
    public var kind: Kind
    public var span: Span
    public init(_ kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
    }
}

public enum UnaryOperator: String, Hashable, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Hashable, Sendable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in`, notIn = "not in"
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    /// On sets: the elements of either, of both, or of the first and not the second.
    case union, intersect, except
}

public enum Quantifier: String, Hashable, Sendable, CaseIterable {
    case all, any, sum, count, min, max
}
