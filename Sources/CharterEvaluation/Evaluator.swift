// Evaluation of expressions over a model: the queries that select members
// (`members where weight > 0`), the conditions of user checks, and the
// built-in functions over the model (`banzhaf`, `winning`, `holds`, …).
//
// Design. Evaluation is total: every expression terminates, because the
// language has no loops or recursion, every quantifier ranges over a finite
// set, and `let` bindings and blocs are evaluated at most once each (cached),
// with cycles and over-deep chains reported instead of followed. A step
// counter bounds the work of one evaluator. Errors are values: every
// evaluation returns a value or an `EvaluationError` carrying a located
// diagnostic, and nothing traps on user input; arithmetic is exact and
// checked.
//
// It evaluates expressions in the form the resolver bound them
// (BoundExpr.swift): what each name is was decided there, once, and here a
// declared thing is only looked up by name in the model at hand (a scenario
// may have removed it). The fields of each kind of thing are read as their
// table says (`Field.Read`), so a field is added in one place.

import CharterDiagnostics
import CharterModel
import CharterNumbers
import CharterPower
import CharterSyntax

/// Diagnostics of evaluation.
public enum EvaluationDiagnostic {
    public static let typeMismatch = DiagnosticCode("E601", "type-mismatch")
    public static let divisionByZero = DiagnosticCode("E602", "division-by-zero")
    /// A body's weights add up past 2^63 - 1, which its weighted game counts
    /// in: arithmetic on numbers is exact at any size and never overflows.
    public static let arithmeticOverflow = DiagnosticCode("E603", "arithmetic-overflow")
    public static let emptyAggregate = DiagnosticCode("E604", "empty-aggregate")
    public static let powerUnavailable = DiagnosticCode("E605", "power-unavailable")
    public static let stepLimit = DiagnosticCode("E606", "step-limit")
    public static let cyclicDefinition = DiagnosticCode("E607", "cyclic-definition")
    public static let nestedTooDeeply = DiagnosticCode("E608", "definitions-nested-too-deeply")
    public static let notInModel = DiagnosticCode("E609", "not-in-model")
    public static let interrupted = DiagnosticCode("E610", "interrupted")
    public static let valueTooLarge = DiagnosticCode("E611", "value-too-large")

    public static let all: [DiagnosticCode] = [
        typeMismatch, divisionByZero, arithmeticOverflow, emptyAggregate, powerUnavailable, stepLimit,
        cyclicDefinition, nestedTooDeeply, notInModel, interrupted, valueTooLarge,
    ]
}

/// The work all the evaluators of one run may do together: steps, and table
/// cells of power computations. Shared, so that a run of many scenarios —
/// each with an evaluator of its own model — is bounded as a whole.
public final class EvaluationBudget: @unchecked Sendable {
    /// Steps taken, by every evaluator sharing the budget. Work on whole
    /// sets (looking inside one, comparing two) costs a step per element.
    public internal(set) var steps = 0
    /// The most steps they take together before evaluation stops with E606.
    public let stepLimit: Int
    /// Power-computation work done, in table cells (`PowerAnalysis.work`).
    public internal(set) var powerWork = 0.0
    /// Asked now and then during evaluation; when it says yes, evaluation
    /// stops with E610. The REPL answers from its Ctrl-C flag.
    let isInterrupted: @Sendable () -> Bool
    /// Power analyses of earlier runs, when the caller keeps them.
    let powerMemory: PowerMemory?
    /// Told how far long power computations are, for the shell to show.
    let progress: WorkProgress?
    /// The most values one value may hold, counting every element of every
    /// set inside it, and how deeply its sets may nest (E611).
    public let valueSize: Int
    public let valueDepth: Int

    public init(stepLimit: Int = Limits().evaluationSteps, isInterrupted: @escaping @Sendable () -> Bool = { false },
                powerMemory: PowerMemory? = nil, limits: Limits = Limits(), progress: WorkProgress? = nil) {
        self.stepLimit = stepLimit
        self.isInterrupted = isInterrupted
        self.powerMemory = powerMemory
        self.progress = progress
        valueSize = limits.valueSize
        valueDepth = limits.nestingDepth
    }
}

/// Where and why a condition is false.
public struct ConditionFailure: Sendable {
    /// The innermost part that fails.
    public var span: Span
    /// The values that make it fail, outermost first.
    public var notes: [String]
}

/// Why an expression has no value.
public struct EvaluationError: Error, Sendable {
    public var diagnostic: Diagnostic

    init(_ code: DiagnosticCode, _ message: String, at span: Span, help: String? = nil) {
        diagnostic = Diagnostic(code, message, at: span, help: help)
    }

    /// An error already made into a diagnostic.
    public init(_ diagnostic: Diagnostic) {
        self.diagnostic = diagnostic
    }
}

/// Evaluates expressions over one model, caching what it computes (bindings,
/// blocs, bodies' members and power). Use one evaluator per model.
public final class Evaluator {
    public let model: Model
    /// The work limit for each power computation (see `PowerAnalysis`).
    public let powerWorkLimit: Double
    /// How many definitions (blocs, `let`s) may wait on one another at once.
    public static let maximumNesting = 200

    private let budget: EvaluationBudget
    /// Values fixed before this evaluator's model came to be: a scenario's
    /// `let`s, each worked out at its step, so later changes do not alter it.
    private let constants: [String: EvaluatedValue]
    /// How deep evaluation is nested now: expressions within expressions,
    /// and definitions evaluated on the way.
    private var depth = 0
    /// The deepest evaluation may nest before it stops with E608: well within
    /// any thread's stack, and far beyond what a readable alliance needs.
    public static let maximumDepth = 400
    private var bindingValues: [String: Result<EvaluatedValue, EvaluationError>] = [:]
    private var setMembers: [String: Result<[Member], EvaluationError>] = [:]
    private var inProgress: [String] = []
    private var games: [String: Result<[BodyGame], EvaluationError>] = [:]
    private var analyses: [WeightedGame: PowerAnalysis] = [:]
    private let bindings: [String: LetBinding]
    private let blocs: [String: Bloc]
    private let bodies: [String: Body]
    /// Where each member stands in `model.members`: positions, not copies,
    /// since members are the many (100,000 copies of a member took 34 MB).
    /// Made on first use: a REPL entry makes several evaluators, and most
    /// never look a member up by name.
    private lazy var memberPositions: [String: Int] = model.memberPositions
    // Looked up by name as fields are read; made on first use, since most
    // evaluators never read them.
    private lazy var valuesByName = Self.index(model.values, by: \.name)
    private lazy var principlesByName = Self.index(model.principles, by: \.name)
    private lazy var goalsByName = Self.index(model.goals, by: \.name)
    private lazy var rulesByName = Self.index(model.rules, by: \.name)
    private lazy var channelsByName = Self.index(model.channels, by: \.name)
    private lazy var upheldValues = Set(model.principles.flatMap(\.upholds))
    private var collections: [EntityKind: [EvaluatedValue]] = [:]

    public init(model: Model, powerWorkLimit: Double = PowerAnalysis.defaultWorkLimit,
                constants: [String: EvaluatedValue] = [:], budget: EvaluationBudget = EvaluationBudget()) {
        self.model = model
        self.powerWorkLimit = powerWorkLimit
        self.constants = constants
        self.budget = budget
        bindings = Dictionary(model.bindings.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        blocs = Dictionary(model.blocs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        bodies = Dictionary(model.bodies.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A member by name; of two with one name (an error the resolver reports), the first.
    public func member(named name: String) -> Member? {
        memberPositions[name].map { model.members[$0] }
    }

    /// Things by name; of two with one name (an error the resolver reports), the first.
    private static func index<T>(_ things: [T], by name: KeyPath<T, String>) -> [String: T] {
        Dictionary(things.lazy.map { ($0[keyPath: name], $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Entry points

    /// The value of an expression at the top level of the model.
    public func evaluate(_ expr: BoundExpr) throws(EvaluationError) -> EvaluatedValue {
        try value(expr, Environment())
    }

    /// The value of a `let` binding, by name.
    public func value(of binding: String) throws(EvaluationError) -> EvaluatedValue {
        guard let declared = bindings[binding] else { return .nothing }
        return try bindingValue(binding, at: declared.origin.nameSpan)
    }

    /// Whether a condition holds.
    public func holds(_ condition: BoundExpr) throws(EvaluationError) -> Bool {
        try truth(condition, Environment(), "a condition")
    }

    /// The members a set selects, in declaration order. `span` locates errors
    /// in a query.
    public func members(of set: MemberSet) throws(EvaluationError) -> [Member] {
        switch set {
        case .all:
            return model.members
        case .query(let condition):
            var selected: [Member] = []
            for member in model.members {
                var environment = Environment()
                environment.element = .entity(.member, member.name)
                if try truth(condition, environment, "a filter") { selected.append(member) }
            }
            return selected
        case .named(let names):
            var selected: Set<String> = []
            for name in names {
                if memberPositions[name] != nil {
                    selected.insert(name)
                } else if blocs[name] != nil {
                    selected.formUnion(try blocMembers(name).map(\.name))
                } else if let body = bodies[name] {
                    // A body stands for its members.
                    selected.formUnion(try bodyMembers(body).map(\.name))
                }
            }
            // Each name one member (as in any model without errors): those
            // named are found by name, not by a look at every member.
            if memberPositions.count == model.members.count {
                return selected.compactMap { memberPositions[$0] }.sorted().map { model.members[$0] }
            }
            return model.members.filter { selected.contains($0.name) }
        }
    }

    /// The members of a bloc, evaluated once.
    public func blocMembers(_ name: String) throws(EvaluationError) -> [Member] {
        guard let bloc = blocs[name] else { return [] }
        return try cached(name, in: \.setMembers, at: bloc.origin.nameSpan) { () throws(EvaluationError) in
            try members(of: bloc.members)
        }
    }

    /// The members of a body, evaluated once.
    public func bodyMembers(_ body: Body) throws(EvaluationError) -> [Member] {
        try cached("body " + body.name, in: \.setMembers, at: body.origin.nameSpan) { () throws(EvaluationError) in
            try members(of: body.members)
        }
    }

    /// Evaluates every bloc, body, channel and `let` binding, each after the
    /// definitions it mentions, so that evaluation never nests deeper than
    /// one definition's own expression, whatever order they are declared in.
    /// Returns the errors of the blocs, bodies and channels, each once.
    public func evaluateSelections() -> [Diagnostic] {
        var definitions: [String: [BoundExpr]] = [:]
        var named: [String: [String]] = [:]
        func members(_ set: MemberSet) -> ([BoundExpr], [String]) {
            switch set {
            case .all: ([], [])
            case .query(let condition): ([condition], [])
            case .named(let names): ([], names)
            }
        }
        for bloc in model.blocs { (definitions[bloc.name], named[bloc.name]) = members(bloc.members) }
        for body in model.bodies { (definitions[body.name], named[body.name]) = members(body.members) }
        for channel in model.channels { (definitions[channel.name], named[channel.name]) = members(channel.reaches) }
        for binding in model.bindings { definitions[binding.name] = [binding.value] }
        let nodes = model.bindings.map(\.name) + model.blocs.map(\.name) + model.bodies.map(\.name) + model.channels.map(\.name)
        var dependencies: [String: [String]] = [:]
        for node in nodes { dependencies[node] = (definitions[node] ?? []).flatMap(\.definitionsUsed) + (named[node] ?? []) }
        var errors: [Diagnostic] = []
        var seen: Set<Span> = []
        func attempt(_ evaluate: () throws(EvaluationError) -> Void) {
            do { try evaluate() } catch {
                if seen.insert(error.diagnostic.span).inserted { errors.append(error.diagnostic) }
            }
        }
        for node in DependencyGraph(nodes: nodes, dependencies: dependencies).sorted().order {
            if let binding = bindings[node] {
                // A binding's own errors are the interpreter's to report; evaluating it
                // here only spares its dependents a deep evaluation.
                _ = try? bindingValue(node, at: binding.origin.nameSpan)
            } else if blocs[node] != nil {
                attempt { () throws(EvaluationError) in _ = try blocMembers(node) }
            } else if let body = bodies[node] {
                attempt { () throws(EvaluationError) in _ = try bodyMembers(body); _ = try games(of: body) }
            } else if let channel = channelsByName[node] {
                attempt { () throws(EvaluationError) in _ = try channelMembers(channel) }
            }
        }
        return errors
    }

    /// The members a channel reaches, evaluated once.
    public func channelMembers(_ channel: Channel) throws(EvaluationError) -> [Member] {
        try cached("channel " + channel.name, in: \.setMembers, at: channel.origin.nameSpan) { () throws(EvaluationError) in
            try members(of: channel.reaches)
        }
    }

    /// The game the power functions use for a body: its default rule's, or,
    /// when every matter has a rule of its own, the first matter's.
    public func mainGame(of body: Body) throws(EvaluationError) -> BodyGame? {
        let games = try games(of: body)
        return games.first { $0.rule == body.defaultRule && $0.vetoHolders.isEmpty } ?? games.first { $0.rule == body.defaultRule }
            ?? games.first
    }

    /// The decision games of a body: one per distinct rule and set of vetoes.
    public func games(of body: Body) throws(EvaluationError) -> [BodyGame] {
        if let known = games[body.name] { return try known.get() }
        let result: Result<[BodyGame], EvaluationError>
        do throws(EvaluationError) {
            let members = try bodyMembers(body)
            let (_, overflow) = members.reduce((Int64(0), false)) { partial, member in
                let (sum, overflow) = partial.0.addingReportingOverflow(max(member.weight, 0))
                return (sum, partial.1 || overflow)
            }
            let weighted = ([body.defaultRule] + body.matters.map(\.rule)).contains { rule in
                if case .majority(.weight, _)? = rule { true } else { false }
            }
            guard !(overflow && weighted) else {
                throw EvaluationError(EvaluationDiagnostic.arithmeticOverflow,
                                      "the weights of body `\(body.name)`'s members add up to more than Charter can count (2^63 - 1)",
                                      at: body.origin.nameSpan, help: "weigh the members in smaller units")
            }
            // A body of every member seats them as the model lists them.
            let seats = if case .all = body.members { memberPositions } else { members.byName { $0 } }
            result = .success(BodyGame.games(of: body, members: members, seats: seats))
        } catch {
            result = .failure(error)
        }
        games[body.name] = result
        return try result.get()
    }

    /// The power analysis of a game, computed once. All the games of one
    /// evaluator share a budget of `powerBudgetFactor` times the work limit of
    /// one, so an alliance of many large bodies is answered in seconds; a game
    /// met once the budget is spent is refused with that reason.
    public func power(_ game: BodyGame) -> PowerAnalysis {
        if let known = analyses[game.game] { return known }
        let budget = powerWorkLimit * Self.powerBudgetFactor
        let matters = game.matters.isEmpty ? "" : " on " + game.matters.joined(separator: ", ")
        self.budget.progress?.begin("power in \(game.body)\(matters) (\(game.members.count) members)")
        defer { self.budget.progress?.end() }
        var analysis = self.budget.powerWork >= budget
            ? PowerAnalysis(game.game, refusedBecause: .budgetSpent(budget: budget))
            : analysis(of: game.game, workLimit: min(powerWorkLimit, budget - self.budget.powerWork))
        // Work within one computation's limit that was refused only because
        // the budget is nearly spent is refused for the budget, and says so.
        func blame(_ reason: PowerUnavailable) -> PowerUnavailable {
            if case .tooLarge(let work, _, _) = reason, work <= powerWorkLimit { return .budgetSpent(budget: budget) }
            return reason
        }
        analysis.banzhaf = analysis.banzhaf.mapError(blame)
        analysis.shapley = analysis.shapley.mapError(blame)
        self.budget.powerWork += analysis.work
        analyses[game.game] = analysis
        return analysis
    }

    private func analysis(of game: WeightedGame, workLimit: Double) -> PowerAnalysis {
        budget.powerMemory?.analysis(of: game, workLimit: workLimit, shouldStop: budget.isInterrupted, progress: budget.progress)
            ?? PowerAnalysis(game, workLimit: workLimit, shouldStop: budget.isInterrupted, progress: budget.progress)
    }

    /// The power-computation work done by every evaluator sharing this one's budget.
    public var powerWork: Double { budget.powerWork }

    /// How many computations' worth of work all the games of one evaluator may take.
    public static let powerBudgetFactor = 2.0

    /// Why a condition is false: the innermost part that fails, and the
    /// values that make it fail (the element an `all` fails on, both sides of
    /// a comparison). Nil when the condition holds.
    public func failure(of condition: BoundExpr) throws(EvaluationError) -> ConditionFailure? {
        guard try !truth(condition, Environment(), "a condition") else { return nil }
        return try explain(condition, Environment(), bound: [])
    }

    private func explain(_ expr: BoundExpr, _ environment: Environment, bound: [String]) throws(EvaluationError) -> ConditionFailure {
        switch expr.kind {
        case .quantified(.all, let variable, let domain, let body):
            let elements = try quantifierDomain(variable, domain, environment)
            var inner = environment
            for element in elements {
                inner.locals[variable] = element
                if try !truth(body, inner, "the condition of `all`") {
                    return try explain(body, inner, bound: bound + ["`\(variable)` is \(Self.quoted(element))"])
                }
            }
        case .quantified(.any, let variable, let domain, _):
            let count = try quantifierDomain(variable, domain, environment).count
            let none = count == 0 ? "there is nothing to look at" : count == 1 ? "its one element does not satisfy it"
                : "none of its \(count) elements satisfies it"
            return ConditionFailure(span: expr.span, notes: bound + [none])
        case .binary(.and, let left, let right):
            let failing = try truth(left, environment, "the left side of `and`") ? right : left
            return try explain(failing, environment, bound: bound)
        case .binary(let op, let left, let right)
            where [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in, .notIn].contains(op):
            let (l, r) = (try value(left, environment), try value(right, environment))
            return ConditionFailure(span: expr.span, notes: bound + ["the left side is \(Self.quoted(l)), the right side \(Self.quoted(r))"])
        case .unary(.not, _):
            return ConditionFailure(span: expr.span, notes: bound + ["what `not` negates holds"])
        default:
            break
        }
        return ConditionFailure(span: expr.span, notes: bound)
    }

    /// A value in a message: declared things and words in backticks, as names are.
    static func quoted(_ value: EvaluatedValue) -> String {
        switch value {
        case .entity(_, let name), .word(let name): "`\(name)`"
        default: value.description
        }
    }

    /// The elements a quantifier ranges over, its domain's own filter applied.
    private func quantifierDomain(_ variable: String, _ domain: BoundExpr, _ environment: Environment) throws(EvaluationError) -> [EvaluatedValue] {
        guard case .filter(let set, let condition, let fields) = domain.kind else {
            return try setElements(try value(domain, environment), at: domain.span, "a quantifier ranges over")
        }
        var elements: [EvaluatedValue] = []
        for element in try setElements(try value(set, environment), at: set.span, "a quantifier ranges over") {
            var inner = environment
            if fields { inner.element = element }
            inner.locals[variable] = element
            if try truth(condition, inner, "a filter") { elements.append(element) }
        }
        return elements
    }

    // MARK: Caching definitions

    /// Evaluates a definition once, reporting a definition that waits on
    /// itself and chains deeper than `maximumNesting`.
    private func cached<T>(_ key: String, in table: ReferenceWritableKeyPath<Evaluator, [String: Result<T, EvaluationError>]>,
                           at span: Span, _ compute: () throws(EvaluationError) -> T) throws(EvaluationError) -> T {
        if let known = self[keyPath: table][key] { return try known.get() }
        if let start = inProgress.firstIndex(of: key) {
            let chain = describeChain(inProgress[start...].map(Self.displayName) + [Self.displayName(key)])
            throw EvaluationError(EvaluationDiagnostic.cyclicDefinition,
                                  "`\(Self.displayName(key))` is defined in terms of itself: \(chain)", at: span,
                                  help: "define it from members and other blocs or bodies without going round in a circle")
        }
        guard inProgress.count < Self.maximumNesting else {
            throw EvaluationError(EvaluationDiagnostic.nestedTooDeeply,
                                  "definitions wait on more than \(Self.maximumNesting) others to be evaluated", at: span,
                                  help: "define this one directly instead of through a long chain of blocs or bindings")
        }
        inProgress.append(key)
        let result: Result<T, EvaluationError>
        do { result = .success(try compute()) } catch { result = .failure(error) }
        inProgress.removeLast()
        self[keyPath: table][key] = result
        return try result.get()
    }

    private static func displayName(_ key: String) -> String {
        key.hasPrefix("body ") ? String(key.dropFirst(5)) : key
    }

    // MARK: Expressions

    struct Environment {
        var locals: [String: EvaluatedValue] = [:]
        /// The element whose fields a `where` puts in scope.
        var element: EvaluatedValue?
    }

    private func step(_ span: Span) throws(EvaluationError) {
        try charge(1, at: span)
    }

    /// Counts `steps` more against the budget: one per expression evaluated,
    /// and one per element of a set looked through whole, so that no
    /// expression does unbounded work between two checks of the limit.
    private func charge(_ steps: Int, at span: Span) throws(EvaluationError) {
        let before = budget.steps
        // Compared before adding, so that no limit, however high, overflows.
        guard steps <= budget.stepLimit - before else {
            budget.steps = budget.stepLimit
            throw EvaluationError(EvaluationDiagnostic.stepLimit,
                                  "evaluation took more than \(budget.stepLimit) steps", at: span,
                                  help: "simplify the expression, as nested quantifiers over large sets multiply their sizes; "
                                      + Limits.raising("evaluation-steps", from: budget.stepLimit))
        }
        budget.steps = before + steps
        // Asking costs a call, so only every few thousand steps: still
        // thousands of times a second.
        if before / 4096 != budget.steps / 4096 && budget.isInterrupted() {
            throw EvaluationError(EvaluationDiagnostic.interrupted, "evaluation interrupted", at: span)
        }
    }

    private func value(_ expr: BoundExpr, _ environment: Environment) throws(EvaluationError) -> EvaluatedValue {
        // A word is as written: it costs no step, as a bare word never did.
        if case .word(let word) = expr.kind { return .word(word) }
        try step(expr.span)
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw EvaluationError(EvaluationDiagnostic.nestedTooDeeply,
                                  "evaluation is nested more than \(Self.maximumDepth) deep here", at: expr.span,
                                  help: "define this directly instead of through a long chain of blocs or bindings that use one another")
        }
        switch expr.kind {
        case .number(let number):
            guard let number else {
                // The parser has reported it; a tree built by hand may still hold one.
                throw EvaluationError(EvaluationDiagnostic.arithmeticOverflow,
                                      "this number has more than the \(Rational.maximumDigits) digits Charter reads", at: expr.span)
            }
            return .number(number)
        case .string(let text):
            return .string(text)
        case .bool(let truth):
            return .bool(truth)
        case .word(let word):
            return .word(word)
        case .local(let name):
            guard let local = environment.locals[name] else { throw Self.notInModel(name, at: expr.span) }
            return local
        case .elementField(let field):
            guard let element = environment.element else { throw Self.notInModel(field.name, at: expr.span) }
            return try fieldValue(element, field, at: expr.span)
        case .entity(let kind, let name):
            guard model.symbols[name] == kind else { throw Self.notInModel(name, at: expr.span) }
            return .entity(kind, name)
        case .bloc(let name):
            guard model.symbols[name] == .bloc else { throw Self.notInModel(name, at: expr.span) }
            let members = try blocMembers(name)
            try charge(members.count, at: expr.span)
            return .set(members.map { .entity(.member, $0.name) })
        case .binding(let name):
            return try bindingValue(name, at: expr.span)
        case .collection(let kind):
            if let known = collections[kind] { return .set(known) }
            let made = collection(kind)
            collections[kind] = made
            return .set(made)
        case .set(let elements):
            var values: [EvaluatedValue] = []
            for element in elements { values.append(try value(element, environment)) }
            // Sets nest only here, and a set may hold one twice over at no
            // cost (`[s, [s]]`): what it holds is measured, and its hashing
            // and any later look at it charged, by its whole size.
            try checkShape(values, at: expr.span)
            return .set(Self.distinct(values))
        case .unary(.not, let operand):
            return .bool(!(try truth(operand, environment, "the operand of `not`")))
        case .unary(.negate, let operand):
            return try arithmetic(.subtract, .number(.zero), try value(operand, environment), expr.span)
        case .binary(let op, let left, let right):
            return try binary(op, left, right, expr.span, environment)
        case .field(let base, let field, let name):
            return try fieldValue(try value(base, environment), field, at: name)
        case .anyField(let base, let name):
            let thing = try value(base, environment)
            guard case .entity(let kind, _) = thing else {
                throw EvaluationError(EvaluationDiagnostic.typeMismatch,
                                      "only declared things have fields, but this is \(thing.kindDescription)", at: name.span)
            }
            guard let field = Field.named(name.text, of: kind) else {
                throw EvaluationError(EvaluationDiagnostic.typeMismatch, "\(kind.withArticle) has no field `\(name)`", at: name.span)
            }
            return try fieldValue(thing, field, at: name.span)
        case .call(let function, let arguments):
            var values: [EvaluatedValue] = []
            for argument in arguments { values.append(try value(argument, environment)) }
            return try call(function, values, arguments, expr.span)
        case .filter(let set, let condition, let fields):
            let elements = try setElements(try value(set, environment), at: set.span, "`where` filters")
            var kept: [EvaluatedValue] = []
            var inner = environment
            for element in elements {
                if fields { inner.element = element }
                if try truth(condition, inner, "a filter") { kept.append(element) }
            }
            return .set(kept)
        case .quantified(let quantifier, let variable, let domain, let body):
            return try quantified(quantifier, variable, domain, body, expr.span, environment)
        case .invalid:
            throw EvaluationError(EvaluationDiagnostic.typeMismatch, "this could not be resolved", at: expr.span,
                                  help: "`charter check` says why")
        }
    }

    private func truth(_ expr: BoundExpr, _ environment: Environment, _ what: String) throws(EvaluationError) -> Bool {
        let result = try value(expr, environment)
        guard case .bool(let truth) = result else {
            throw EvaluationError(EvaluationDiagnostic.typeMismatch,
                                  "\(what) must be true or false, but this is \(result.kindDescription)", at: expr.span)
        }
        return truth
    }

    /// A name the resolver bound that the model at hand does not have: one a
    /// scenario or the REPL removed, still used by a check, `let` or rule.
    private static func notInModel(_ name: String, at span: Span) -> EvaluationError {
        EvaluationError(EvaluationDiagnostic.notInModel, "`\(name)` is not in the model here", at: span,
                        help: "a `remove` (in a scenario or the REPL) took it out; ask before the removal, or do not remove what this needs")
    }

    /// The value of a `let`: a scenario's, fixed at its step, or the model's, evaluated once.
    private func bindingValue(_ name: String, at span: Span) throws(EvaluationError) -> EvaluatedValue {
        if let constant = constants[name] { return constant }
        guard let binding = bindings[name] else { throw Self.notInModel(name, at: span) }
        return try cached(name, in: \.bindingValues, at: span) { () throws(EvaluationError) in
            try value(binding.value, Environment())
        }
    }

    private func collection(_ kind: EntityKind) -> [EvaluatedValue] {
        let names: [String] = switch kind {
        case .member: model.members.map(\.name)
        case .value: model.values.map(\.name)
        case .principle: model.principles.map(\.name)
        case .goal: model.goals.map(\.name)
        case .body: model.bodies.map(\.name)
        case .rule: model.rules.map(\.name)
        case .channel: model.channels.map(\.name)
        case .bloc: model.blocs.map(\.name)
        case .alliance: model.alliance.map { [$0.name] } ?? []
        case .binding: model.bindings.map(\.name)
        }
        return names.map { .entity(kind, $0) }
    }

    private func binary(_ op: BinaryOperator, _ left: BoundExpr, _ right: BoundExpr, _ span: Span,
                        _ environment: Environment) throws(EvaluationError) -> EvaluatedValue {
        switch op {
        case .and:
            guard try truth(left, environment, "the left side of `and`") else { return .bool(false) }
            return .bool(try truth(right, environment, "the right side of `and`"))
        case .or:
            if try truth(left, environment, "the left side of `or`") { return .bool(true) }
            return .bool(try truth(right, environment, "the right side of `or`"))
        case .add, .subtract, .multiply, .divide:
            return try arithmetic(op, try value(left, environment), try value(right, environment), span,
                                  leftSpan: left.span, rightSpan: right.span)
        case .union, .intersect, .except:
            return try setOperation(op, left, right, span, environment)
        case .equal, .notEqual:
            let (l, r) = (try value(left, environment), try value(right, environment))
            // Comparing sets looks, at worst, at every value inside both.
            if case .set = l, case .set = r { try charge(Self.size(of: l) + Self.size(of: r), at: span) }
            try chargeNumbers(l, r, at: span)
            return .bool(Self.equal(l, r) == (op == .equal))
        case .less, .lessEqual, .greater, .greaterEqual:
            let (l, r) = (try value(left, environment), try value(right, environment))
            let order = try compare(l, r, left.span, right.span, op)
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .in, .notIn:
            let element = try value(left, environment)
            let set: [EvaluatedValue]
            if case .set(let items) = right.kind, case .set(of: .word) = right.type {
                // A list of words beside an enumerated field, looked through as written.
                var values: [EvaluatedValue] = []
                for item in items { values.append(try value(item, environment)) }
                set = values
            } else {
                set = try setElements(try value(right, environment), at: right.span, "`\(op.rawValue)` looks inside")
            }
            // A step an element; an element that is a set, a step for each value inside it.
            try charge(set.reduce(0) { $0 + Self.size(of: $1) }, at: span)
            if case .number = element {
                for item in set { try chargeNumbers(element, item, at: span) }
            }
            return .bool(set.contains { Self.equal($0, element) } == (op == .in))
        }
    }

    static func equal(_ a: EvaluatedValue, _ b: EvaluatedValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue {
            if case .number(let p) = a, case .number(let q) = b { return p == q }
            return x == y
        }
        return a == b
    }

    /// -1, 0 or 1; numbers compare by value and life stages in order.
    private func compare(_ a: EvaluatedValue, _ b: EvaluatedValue, _ leftSpan: Span, _ rightSpan: Span,
                         _ op: BinaryOperator) throws(EvaluationError) -> Int {
        if case .number(let p) = a, case .number(let q) = b {
            try chargeNumbers(a, b, at: leftSpan)
            return p < q ? -1 : (p == q ? 0 : 1)
        }
        if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x == y ? 0 : 1) }
        if case .word(let x) = a, case .word(let y) = b, let p = Stage(rawValue: x), let q = Stage(rawValue: y) {
            return p < q ? -1 : (p == q ? 0 : 1)
        }
        let (bad, span) = a.doubleValue == nil && Stage(rawValue: "\(a)") == nil ? (a, leftSpan) : (b, rightSpan)
        throw EvaluationError(EvaluationDiagnostic.typeMismatch,
                              "`\(op.rawValue)` compares numbers or life stages, but this is \(bad.kindDescription)",
                              at: span)
    }

    /// Comparing numbers past 64 bits costs steps by their size, as
    /// arithmetic on them does, so that no loop of comparisons of huge
    /// numbers runs past the limit.
    /// Charges the work of comparing or computing with two numbers: nothing
    /// while they fit 64 bits, their size past that (`Rational.cost`), so no
    /// program grows numbers or compares big ones faster than the limit allows.
    private func chargeNumbers(_ a: EvaluatedValue, _ b: EvaluatedValue, at span: Span) throws(EvaluationError) {
        guard case .number(let p) = a, case .number(let q) = b else { return }
        let cost = Rational.cost(of: p, q)
        if cost > 0 { try charge(cost, at: span) }
    }

    private func arithmetic(_ op: BinaryOperator, _ a: EvaluatedValue, _ b: EvaluatedValue, _ span: Span,
                            leftSpan: Span? = nil, rightSpan: Span? = nil) throws(EvaluationError) -> EvaluatedValue {
        for (side, sideSpan) in [(a, leftSpan ?? span), (b, rightSpan ?? span)] where side.doubleValue == nil {
            throw EvaluationError(EvaluationDiagnostic.typeMismatch,
                                  "`\(op.rawValue)` needs numbers, but this is \(side.kindDescription)", at: sideSpan)
        }
        if case .number(let p) = a, case .number(let q) = b {
            // Exact at any size, charged by size.
            try chargeNumbers(a, b, at: span)
            let result: Rational? = switch op {
            case .add: p.adding(q)
            case .subtract: p.subtracting(q)
            case .multiply: p.multiplied(by: q)
            default: p.divided(by: q)
            }
            guard let result else {
                throw EvaluationError(EvaluationDiagnostic.divisionByZero, "division by zero", at: rightSpan ?? span)
            }
            return .number(result)
        }
        let (x, y) = (a.doubleValue!, b.doubleValue!)
        if op == .divide && y == 0 {
            throw EvaluationError(EvaluationDiagnostic.divisionByZero, "division by zero", at: rightSpan ?? span)
        }
        let result: Double = switch op {
        case .add: x + y
        case .subtract: x - y
        case .multiply: x * y
        default: x / y
        }
        return .approximate(result)
    }

    /// `union`, `intersect` and `except`, in the order of the left set (then
    /// the right one's new elements). Elements are found by hashing, one
    /// step each; numbers, which compare by value across their forms, one
    /// step for each pair.
    private func setOperation(_ op: BinaryOperator, _ left: BoundExpr, _ right: BoundExpr, _ span: Span,
                              _ environment: Environment) throws(EvaluationError) -> EvaluatedValue {
        let a = try setElements(try value(left, environment), at: left.span, "`\(op.rawValue)` takes")
        let b = try setElements(try value(right, environment), at: right.span, "`\(op.rawValue)` takes")
        try charge(Self.size(of: .set(a)) + Self.size(of: .set(b)), at: span)
        let numeric = a.contains { $0.doubleValue != nil } || b.contains { $0.doubleValue != nil }
        if numeric { try charge(a.count.multipliedReportingOverflow(by: b.count).overflow ? .max : a.count * b.count, at: span) }
        let inRight = Set(b)
        func inB(_ element: EvaluatedValue) -> Bool { numeric ? b.contains { Self.equal($0, element) } : inRight.contains(element) }
        var result: [EvaluatedValue]
        switch op {
        case .intersect: result = a.filter(inB)
        case .except: result = a.filter { !inB($0) }
        default:
            result = a
            let inLeft = Set(a)
            for element in b where !(numeric ? a.contains { Self.equal($0, element) } : inLeft.contains(element)) {
                result.append(element)
            }
        }
        try checkShape(result, at: span)
        return .set(result)
    }

    private func setElements(_ value: EvaluatedValue, at span: Span, _ what: String) throws(EvaluationError) -> [EvaluatedValue] {
        guard case .set(let elements) = value else {
            throw EvaluationError(EvaluationDiagnostic.typeMismatch, "\(what) a set, but this is \(value.kindDescription)", at: span)
        }
        return elements
    }

    private func quantified(_ quantifier: Quantifier, _ variable: String, _ domain: BoundExpr, _ body: BoundExpr, _ span: Span,
                            _ environment: Environment) throws(EvaluationError) -> EvaluatedValue {
        // The variable also names the element inside the domain's own filter.
        let elements = try quantifierDomain(variable, domain, environment)
        var inner = environment
        switch quantifier {
        case .all, .any:
            for element in elements {
                inner.locals[variable] = element
                let truth = try truth(body, inner, "the condition of `\(quantifier.rawValue)`")
                if truth != (quantifier == .all) { return .bool(truth) }
            }
            return .bool(quantifier == .all)
        case .count:
            var count: Int64 = 0
            for element in elements {
                inner.locals[variable] = element
                if try truth(body, inner, "the condition of `count`") { count += 1 }
            }
            return .number(Rational(count))
        case .sum:
            var total: EvaluatedValue = .number(.zero)
            for element in elements {
                inner.locals[variable] = element
                total = try arithmetic(.add, total, try value(body, inner), body.span, rightSpan: body.span)
            }
            return total
        case .min, .max:
            var best: EvaluatedValue?
            for element in elements {
                inner.locals[variable] = element
                let candidate = try value(body, inner)
                guard let current = best else {
                    guard candidate.doubleValue != nil else {
                        throw EvaluationError(EvaluationDiagnostic.typeMismatch,
                                              "`\(quantifier.rawValue)` takes numbers, but this is \(candidate.kindDescription)",
                                              at: body.span)
                    }
                    best = candidate
                    continue
                }
                let order = try compare(candidate, current, body.span, body.span, quantifier == .min ? .less : .greater)
                if (quantifier == .min && order < 0) || (quantifier == .max && order > 0) { best = candidate }
            }
            guard let best else {
                throw EvaluationError(EvaluationDiagnostic.emptyAggregate,
                                      "`\(quantifier.rawValue)` of an empty set has no value", at: domain.span,
                                      help: "a `min` or `max` needs at least one element: test that first, as in `count(set) > 0 and …`")
            }
            return best
        }
    }

    // MARK: Fields and functions

    /// A field of a declared thing, read as the field's table entry says.
    /// `span` is where the field is named.
    private func fieldValue(_ base: EvaluatedValue, _ field: Field, at span: Span) throws(EvaluationError) -> EvaluatedValue {
        guard case .entity(let kind, let name) = base else {
            throw EvaluationError(EvaluationDiagnostic.typeMismatch,
                                  "only declared things have fields, but this is \(base.kindDescription)", at: span)
        }
        guard kind == field.kind else {
            throw EvaluationError(EvaluationDiagnostic.typeMismatch, "\(kind.withArticle) has no field `\(field.name)`", at: span)
        }
        // A thing a scenario removed, still held by a `let` from before.
        guard kind == .alliance || model.symbols[name] != nil else {
            throw EvaluationError(EvaluationDiagnostic.notInModel, "`\(name)` is not in the model here", at: span,
                                  help: "a scenario removed it after it was bound; ask about it before the removal")
        }
        switch field.read {
        case .name:
            return .string(name)
        case .members:
            let members: [Member]
            switch kind {
            case .bloc: members = try blocMembers(name)
            case .body:
                guard let body = bodies[name] else { return .nothing }
                members = try bodyMembers(body)
            case .channel:
                guard let channel = channelsByName[name] else { return .nothing }
                members = try channelMembers(channel)
            default: members = []
            }
            try charge(members.count, at: span)
            return .set(members.map { .entity(.member, $0.name) })
        default:
            break
        }
        guard let thing = declared(kind, name) else { return .nothing }
        switch field.read {
        case .text(let read): return read(thing).map(EvaluatedValue.string) ?? .nothing
        case .word(let read): return read(thing).map(EvaluatedValue.word) ?? .nothing
        case .number(let read): return read(thing).map(EvaluatedValue.number) ?? .nothing
        case .contribution(let read):
            switch read(thing) {
            case .amount(let amount)?: return .number(amount)
            case .description(let description)?: return .string(description)
            case nil: return .nothing
            }
        case .values(let read):
            // Values a scenario removed are gone from every list that held them.
            // Lists a declaration holds cost a step an element, as sets do.
            let names = read(thing)
            try charge(names.count, at: span)
            return .set(names.filter { self.model.symbols[$0] == .value }.map { .entity(.value, $0) })
        case .texts(let read):
            let texts = read(thing)
            try charge(texts.count, at: span)
            return .set(texts.map(EvaluatedValue.string))
        case .words(let read):
            return .set(read(thing).map(EvaluatedValue.word))
        case .name, .members:
            return .nothing
        }
    }

    /// The declared thing of a kind and name in this model.
    private func declared(_ kind: EntityKind, _ name: String) -> Declared? {
        switch kind {
        case .alliance: model.alliance.map(Declared.alliance)
        case .value: valuesByName[name].map(Declared.value)
        case .principle: principlesByName[name].map(Declared.principle)
        case .member: member(named: name).map(Declared.member)
        case .bloc: blocs[name].map(Declared.bloc)
        case .goal: goalsByName[name].map(Declared.goal)
        case .body: bodies[name].map(Declared.body)
        case .rule: rulesByName[name].map(Declared.rule)
        case .channel: channelsByName[name].map(Declared.channel)
        case .binding: nil
        }
    }

    /// A built-in function applied: its arguments are checked against the
    /// parameters `Builtin` declares (the one table of their types, which the
    /// binder types calls by), each one a thing of the declared kind (by
    /// name) or a set; then the function's own work.
    private func call(_ function: Builtin, _ arguments: [EvaluatedValue], _ argumentExprs: [BoundExpr],
                      _ span: Span) throws(EvaluationError) -> EvaluatedValue {
        var names: [String] = []
        var sets: [[EvaluatedValue]] = []
        var body: Body?
        // The matter after the body, when one is named: its rule and vetoes are asked about.
        var matter: String?
        if function.takesMatter, arguments.count == function.parameters.count + 1,
           case .string(let named) = arguments[function.parameters.count] {
            matter = named
        }
        /// The game the question is about: the matter's, or the body's default.
        func game(of body: Body) throws(EvaluationError) -> BodyGame? {
            guard let matter else { return try mainGame(of: body) }
            guard let found = try games(of: body).first(where: { $0.matters.contains(matter) }) else {
                let at = argumentExprs.indices.contains(2) ? argumentExprs[2].span : span
                throw EvaluationError(EvaluationDiagnostic.typeMismatch, "body `\(body.name)` does not decide `\(matter)`", at: at)
            }
            return found
        }
        for (index, parameter) in function.parameters.enumerated() {
            guard index < arguments.count else {
                throw EvaluationError(EvaluationDiagnostic.typeMismatch, "`\(function.rawValue)` is missing argument \(index + 1)", at: span)
            }
            let at = argumentExprs.indices.contains(index) ? argumentExprs[index].span : span
            switch parameter {
            case .entity(let kind):
                guard case .entity(kind, let name) = arguments[index] else {
                    throw EvaluationError(EvaluationDiagnostic.typeMismatch,
                                          "argument \(index + 1) of `\(function.rawValue)` must be \(kind.withArticle), but this is \(arguments[index].kindDescription)",
                                          at: at)
                }
                if kind == .body {
                    guard let found = bodies[name] else { throw EvaluationError(EvaluationDiagnostic.typeMismatch, "no body `\(name)`", at: at) }
                    body = found
                }
                names.append(name)
            default:
                sets.append(try setElements(arguments[index], at: at, "`\(function.rawValue)` takes"))
                names.append("")
            }
        }
        switch function {
        case .banzhaf, .shapley, .share:
            let member = names[0]
            guard let body, let game = try (function == .share ? mainGame(of: body) : game(of: body)),
                  let player = game.seats[member] else { return .number(.zero) }
            if function == .share { return game.weightShare(of: player) }
            let analysis = power(game)
            let index: Result<PowerIndex, PowerUnavailable> = function == .banzhaf
                ? analysis.banzhaf.map(\.index) : analysis.shapley
            switch index {
            case .success(let index):
                if let exact = index.exactShares?[player] { return .number(exact.rational) }
                return .approximate(index.shares[player])
            case .failure(let reason):
                throw EvaluationError(EvaluationDiagnostic.powerUnavailable,
                                      "the \(function == .banzhaf ? "Banzhaf" : "Shapley–Shubik") index in body `\(body.name)` is not available: \(reason.explanation)",
                                      at: span)
            }
        case .winning, .blocks:
            let coalition = Set(sets[0].compactMap { value -> String? in if case .entity(.member, let name) = value { name } else { nil } })
            guard let body, let game = try game(of: body) else { return .bool(false) }
            try charge(coalition.count + (function == .blocks ? game.members.count : 0), at: span)
            let seats = Set(coalition.compactMap { game.seats[$0] })
            return .bool(function == .winning ? game.game.isWinning(seats) : game.game.isBlocking(seats))
        case .holds:
            let held = member(named: names[0])?.holds ?? []
            try charge(held.count, at: span)
            return .bool(held.contains(names[1]))
        case .upheld:
            return .bool(upheldValues.contains(names[0]))
        case .count:
            return .number(Rational(Int64(sets[0].count)))
        }
    }

    /// How many values a value holds, itself included: one, or for a set
    /// one more than all its elements hold. Values within the limits are at
    /// most `valueDepth` deep, so the walk stays shallow.
    static func size(of value: EvaluatedValue) -> Int {
        guard case .set(let elements) = value else { return 1 }
        return elements.reduce(1) { $0 + size(of: $1) }
    }

    /// Checks the elements of a new set against the value limits, and
    /// charges a step for every value they hold (hashing them costs that).
    /// Each element is within the limits already, so a walk stops at the
    /// first element that takes the set past one.
    private func checkShape(_ elements: [EvaluatedValue], at span: Span) throws(EvaluationError) {
        var total = 1
        var deepest = 0
        for element in elements {
            guard case .set = element else {
                total += 1
                continue
            }
            let (size, depth) = Self.shape(of: element)
            total += size
            deepest = max(deepest, depth)
            if total > budget.valueSize {
                try charge(total, at: span)
                throw EvaluationError(EvaluationDiagnostic.valueTooLarge,
                                      "this set would hold more than \(budget.valueSize) values, counting the elements of the sets inside it",
                                      at: span, help: Limits.raising("value-size", from: budget.valueSize))
            }
            if deepest + 1 > budget.valueDepth {
                throw EvaluationError(EvaluationDiagnostic.valueTooLarge,
                                      "this set would nest sets more than \(budget.valueDepth) levels deep", at: span,
                                      help: Limits.raising("nesting-depth", from: budget.valueDepth))
            }
        }
        try charge(total, at: span)
    }

    /// The values a value holds, itself included, and how many levels of sets it is.
    static func shape(of value: EvaluatedValue) -> (size: Int, depth: Int) {
        guard case .set(let elements) = value else { return (1, 0) }
        var size = 1
        var depth = 0
        for element in elements {
            let inner = shape(of: element)
            size += inner.size
            depth = max(depth, inner.depth)
        }
        return (size, depth + 1)
    }

    static func distinct(_ values: [EvaluatedValue]) -> [EvaluatedValue] {
        var seen: Set<EvaluatedValue> = []
        return values.filter { seen.insert($0).inserted }
    }
}

extension Fraction {
    /// The fraction as Charter's exact number, without loss at any size.
    var rational: Rational {
        // A fraction's denominator is never zero.
        Rational(numerator: numerator, denominator: denominator) ?? .zero
    }
}

extension PowerUnavailable {
    /// Why, in words.
    public var explanation: String {
        switch self {
        case .degenerate(.noWinningCoalition): "no coalition reaches the quota, so nobody has any power"
        case .degenerate(.everyCoalitionWins): "every coalition wins, even the empty one, so no vote changes anything"
        case .tooLarge(let work, let limit, let tables):
            "computing it would take the work of visiting about \(Self.count(work)) table cells"
                + (tables.map { " (its tables hold \($0.kind), each cell worth \(Self.worth($0.worth)))" } ?? "")
                + ", over the limit of \(Self.count(limit))"
        case .tableTooLarge(let cells, let limit):
            "its table of coalitions by weight would hold \(Self.count(cells)) cells, over the limit of \(Self.count(limit))"
        case .memoryTooLarge(let bytes, let limit, let tables):
            "its tables would hold \(Self.bytes(bytes)) at once (\(tables.count) tables of \(Self.count(tables.cells)) cells of \(tables.kind)), over the limit of \(Self.bytes(limit))"
        case .beyondPrecision: "every swing is too rare to tell apart from none in floating point"
        case .budgetSpent(let budget):
            "the budget for power computations in one run (\(Self.count(budget)) table cells) went to other bodies"
        case .interrupted: "the computation was interrupted"
        }
    }

    /// A count as people read it: `2000000000` up to a trillion, `6.0e12` beyond.
    static func count(_ value: Double) -> String {
        value < 1e12 ? String(Int64(value.rounded())) : String(format: "%.1e", value)
    }

    /// What a cell is worth: `6`, or `0.5`.
    private static func worth(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(format: "%.2g", value)
    }

    /// Bytes in mebibytes: `512 MiB`.
    private static func bytes(_ value: Double) -> String {
        "\(Int64((value / 1_048_576).rounded(.up))) MiB"
    }
}
