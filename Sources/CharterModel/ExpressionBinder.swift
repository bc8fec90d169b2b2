// The third pass of the resolver: binding the names in expressions and
// checking scenarios.
//
// A name in an expression is looked up, innermost first, among: quantifier
// variables (`all m in …`), the fields of the element a `where` filters
// (`members where weight > 2`), declared names and `let` bindings, and the
// built-in collections (`members`, `values`, …). Enumerated words need no
// declaration: where one side of `==`, `!=` or `in` is a field such as
// `motivation`, a bare word on the other side is read as one of that field's
// words (`motivation == business`), even if a bloc is also called `business`.
//
// Binding infers a static type as far as it can — enough to check field
// names, function arguments and that conditions are true-or-false — and
// stays silent where it cannot tell; the interpreter checks the rest when it
// evaluates.

import CharterDiagnostics
import CharterSyntax

/// The words an enumerated field takes.
enum WordList: Equatable, Sendable {
    case memberKind, motivation, stage, goalKind, frequency, topic

    var options: [String] {
        switch self {
        case .memberKind: MemberKind.allCases.map(\.rawValue)
        case .motivation: Motivation.allCases.map(\.rawValue)
        case .stage: Stage.allCases.map(\.rawValue)
        case .goalKind: GoalKind.allCases.map(\.rawValue)
        case .frequency: Frequency.allCases.map(\.rawValue)
        case .topic: RuleTopic.allCases.map(\.rawValue)
        }
    }

    var name: String {
        switch self {
        case .memberKind: "member kind"
        case .motivation: "motivation"
        case .stage: "life stage"
        case .goalKind: "goal kind"
        case .frequency: "frequency"
        case .topic: "rule topic"
        }
    }
}

/// The static type of an expression, as far as the resolver can tell.
indirect enum ExprType: Equatable, Sendable {
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

    var description: String {
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

    /// Whether a value of this type may be a number.
    var canBeNumber: Bool { self == .number || self == .unknown }
}

/// The built-in functions and the fields of each kind of entity.
public enum ExpressionBinder {
    struct Function: Sendable {
        var parameters: [ExprType]
        var result: ExprType
        var usage: String
    }

    static let functions: [String: Function] = [
        "banzhaf": Function(parameters: [.entity(.member), .entity(.body)], result: .number,
                            usage: "banzhaf(member, body)"),
        "shapley": Function(parameters: [.entity(.member), .entity(.body)], result: .number,
                            usage: "shapley(member, body)"),
        "share": Function(parameters: [.entity(.member), .entity(.body)], result: .number,
                          usage: "share(member, body)"),
        "winning": Function(parameters: [.set(of: .entity(.member)), .entity(.body)], result: .bool,
                            usage: "winning(set of members, body)"),
        "holds": Function(parameters: [.entity(.member), .entity(.value)], result: .bool,
                          usage: "holds(member, value)"),
        "upheld": Function(parameters: [.entity(.value)], result: .bool, usage: "upheld(value)"),
        "count": Function(parameters: [.set(of: .unknown)], result: .number, usage: "count(set)"),
    ]

    /// The names of the built-in functions.
    public static var functionNames: [String] { functions.keys.sorted() }

    /// The field names of a kind of entity.
    public static func fieldNames(of kind: EntityKind) -> Set<String> { fieldNameTable[kind] ?? [] }

    private static let fieldNameTable = Dictionary(uniqueKeysWithValues: EntityKind.allCases.map {
        ($0, Set(fields(of: $0).keys))
    })

    /// Every field name of every kind of entity.
    static let allFieldNames: Set<String> = Set(EntityKind.allCases.flatMap { fields(of: $0).keys })

    static func fields(of kind: EntityKind) -> [String: ExprType] {
        let common: [String: ExprType] = ["name": .string, "title": .string]
        switch kind {
        case .alliance:
            return common.merging(["mission": .string, "stage": .word(.stage), "balance": .number]) { $1 }
        case .value:
            return ["name": .string, "meaning": .string]
        case .principle:
            return common.merging(["upholds": .set(of: .entity(.value)), "opposes": .set(of: .entity(.value))]) { $1 }
        case .member:
            return common.merging([
                "kind": .word(.memberKind), "motivation": .word(.motivation), "weight": .number,
                "holds": .set(of: .entity(.value)), "joined": .word(.stage), "contribution": .unknown,
            ]) { $1 }
        case .bloc:
            return ["name": .string, "members": .set(of: .entity(.member))]
        case .goal:
            return common.merging([
                "kind": .word(.goalKind), "serves": .set(of: .entity(.value)), "target": .string, "weight": .number,
            ]) { $1 }
        case .body:
            return common.merging([
                "members": .set(of: .entity(.member)), "quorum": .number, "matters": .set(of: .string),
            ]) { $1 }
        case .rule:
            return common.merging([
                "topics": .set(of: .word(.topic)), "aim": .string, "condition": .string, "sanction": .string,
            ]) { $1 }
        case .channel:
            return common.merging(["reaches": .set(of: .entity(.member)), "frequency": .word(.frequency)]) { $1 }
        case .binding:
            return [:]
        }
    }
}

/// What is in scope inside an expression.
struct Scope {
    /// Quantifier variables and scenario-local names.
    var locals: [String: ExprType] = [:]
    /// The kind of element a `where` filters, whose fields are in scope.
    var element: EntityKind?
}

extension Resolver {

    // MARK: - The pass

    mutating func bindExpressions(_ declarations: some Sequence<Declaration>) {
        typeBindings()
        for declaration in declarations { bindExpressions(in: declaration) }
        for scenario in model.scenarios { bindScenario(scenario) }
    }

    /// Binds the expressions a declaration holds (`let` bindings aside,
    /// which are typed on demand so their order does not matter).
    private mutating func bindExpressions(in declaration: Declaration) {
        work += 1
        switch declaration {
        case .bloc(let d): bindSelector(d.selector)
        case .body(let d): bindItems(d.items)
        case .channel(let d): bindSelector(d.reaches)
        case .check(let d): bindCondition(d.condition, Scope(), "a check's condition")
        case .show(let d): _ = bind(d.value, Scope())
        case .assert(let d): bindCondition(d.condition, Scope(), "an assertion")
        default: break
        }
    }

    private mutating func bindItems(_ items: [Item]) {
        for item in items {
            if case .members(let selector) = item.kind { bindSelector(selector) }
        }
    }

    private mutating func bindSelector(_ selector: Selector) {
        guard case .filter(let condition, _) = selector else { return }
        bindCondition(condition, Scope(element: .member), "a filter")
    }

    /// Types every `let` binding, each after the bindings it is defined by,
    /// and reports bindings that depend on themselves. The order comes from
    /// the dependency graph, so typing never recurses from one binding into
    /// another and a chain of any length is safe.
    private mutating func typeBindings() {
        var dependencies: [String: [String]] = [:]
        var bindings: [String: LetBinding] = [:]
        work += model.bindings.count
        for binding in model.bindings {
            bindings[binding.name] = binding
            dependencies[binding.name] = freeNames(binding.value, bound: []).map(\.text)
                .filter { model.symbols[$0] == .binding }
        }
        let graph = DependencyGraph(nodes: model.bindings.map(\.name), dependencies: dependencies)
        let (order, cycles) = graph.sorted()
        for cycle in cycles {
            for name in cycle { bindingTypes[name] = .unknown }
            let chain = describeChain(cycle + [cycle[0]])
            report(ResolverDiagnostic.cycle, "`\(cycle[0])` is defined in terms of itself: \(chain)",
                   at: bindings[cycle[0]]!.origin.nameSpan,
                   help: "a `let` binding cannot depend on itself, directly or through others")
        }
        for name in order {
            let type = bind(bindings[name]!.value, Scope())
            if bindingTypes[name] == nil { bindingTypes[name] = type }
        }
    }

    /// The names an expression uses that it does not bind itself: not its
    /// quantifier variables, nor a field name inside a `where` (fields come
    /// first there).
    private func freeNames(_ expr: Expr, bound: Set<String>) -> [Name] {
        switch expr.kind {
        case .number, .percent, .string, .bool:
            return []
        case .name(let name):
            return bound.contains(name.text) ? [] : [name]
        case .set(let elements):
            return elements.flatMap { freeNames($0, bound: bound) }
        case .unary(_, let operand), .field(let operand, _):
            return freeNames(operand, bound: bound)
        case .binary(_, let left, let right):
            return freeNames(left, bound: bound) + freeNames(right, bound: bound)
        case .call(let callee, let arguments):
            return ([callee] + arguments).flatMap { freeNames($0, bound: bound) }
        case .filter(let set, let condition):
            return freeNames(set, bound: bound) + freeNames(condition, bound: bound.union(ExpressionBinder.allFieldNames))
        case .quantified(_, let variable, let domain, let body):
            let inner = bound.union([variable.text])
            return freeNames(domain, bound: inner) + freeNames(body, bound: inner)
        }
    }

    // MARK: - Expressions

    mutating func bind(_ expr: Expr, _ scope: Scope) -> ExprType {
        work += 1
        switch expr.kind {
        case .number, .percent: return .number
        case .string: return .string
        case .bool: return .bool
        case .name(let name):
            if let type = lookup(name, scope) { return type }
            guard hasRoomToReport() else { return .unknown }
            reportUnknown(name, what: "name", kinds: Set(EntityKind.allCases), adding: namesInScope(scope))
            return .unknown
        case .set(let elements):
            let types = elements.map { bind($0, scope) }
            let element = types.first.flatMap { first in types.dropFirst().allSatisfy { $0 == first } ? first : nil } ?? .unknown
            // A chain of `let`s can nest sets without end; past the deepest
            // any value may be (evaluation stops there, E611), the type stops
            // growing, so comparing types costs no more than that.
            return .set(of: element.setDepth < Limits.deepestNesting ? element : .unknown)
        case .unary(.not, let operand):
            bindCondition(operand, scope, "the operand of `not`")
            return .bool
        case .unary(.negate, let operand):
            bindNumber(operand, scope, "the operand of `-`")
            return .number
        case .binary(let op, let left, let right):
            return bindBinary(op, left, right, scope)
        case .field(let base, let field):
            return bindField(base, field, scope)
        case .call(let callee, let arguments):
            return bindCall(callee, arguments, expr.span, scope)
        case .filter(let set, let condition):
            let type = bind(set, scope)
            expectSet(type, at: set.span, "`where` filters")
            var inner = scope
            inner.element = elementKind(of: type) ?? scope.element
            bindCondition(condition, inner, "a filter")
            return type
        case .quantified(let quantifier, let variable, let domain, let body):
            // `all m in members where m.weight > 0: …`: the variable also
            // names the element inside the domain's own filter.
            let domainType: ExprType
            if case .filter(let set, let condition) = domain.kind {
                domainType = bind(set, scope)
                var filterScope = scope
                filterScope.element = elementKind(of: domainType) ?? scope.element
                filterScope.locals[variable.text] = element(of: domainType)
                bindCondition(condition, filterScope, "a filter")
            } else {
                domainType = bind(domain, scope)
            }
            var inner = scope
            inner.locals[variable.text] = element(of: domainType)
            switch quantifier {
            case .all, .any:
                bindCondition(body, inner, "the condition of `\(quantifier.rawValue)`")
                return .bool
            case .count:
                bindCondition(body, inner, "the condition of `count`")
                return .number
            case .sum, .min, .max:
                let type = bind(body, inner)
                if type == .bool {
                    report(ResolverDiagnostic.notNumber,
                           "`\(quantifier.rawValue)` takes numbers, but this is true or false", at: body.span,
                           help: "a quantifier reaches to the end of the expression: put it in parentheses, as in `(sum m in members: m.weight) > 10`, or count with `count m in members: …`")
                } else if !type.canBeNumber {
                    report(ResolverDiagnostic.notNumber,
                           "`\(quantifier.rawValue)` takes numbers, but this is \(type.description)", at: body.span,
                           help: "take a number of each element, such as `m.weight`")
                }
                return .number
            }
        }
    }

    private mutating func bindBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ scope: Scope) -> ExprType {
        switch op {
        case .and, .or:
            bindCondition(left, scope, "the left side of `\(op.rawValue)`")
            bindCondition(right, scope, "the right side of `\(op.rawValue)`")
            return .bool
        case .add, .subtract, .multiply, .divide:
            bindNumber(left, scope, "the left side of `\(op.rawValue)`")
            bindNumber(right, scope, "the right side of `\(op.rawValue)`")
            return .number
        case .less, .lessEqual, .greater, .greaterEqual:
            // Numbers compare, and so do life stages (`joined < developing`).
            for (side, type) in zip([left, right], bindComparands(left, right, scope)) {
                guard !type.canBeNumber && type != .word(.stage) else { continue }
                report(ResolverDiagnostic.notNumber,
                       "`\(op.rawValue)` compares numbers or life stages, but this is \(type.description)", at: side.span,
                       help: "compare a number, such as `m.weight`, or a stage, such as `m.joined`")
            }
            return .bool
        case .equal, .notEqual:
            _ = bindComparands(left, right, scope)
            return .bool
        case .in, .notIn:
            let leftType = bind(left, scope)
            if case .word(let list) = leftType, case .set(let elements) = right.kind {
                for element in elements {
                    if let word = bareWord(element, scope) { checkWord(word, in: list) }
                    else { _ = bind(element, scope) }
                }
            } else {
                expectSet(bind(right, scope), at: right.span, "`\(op.rawValue)` looks inside")
            }
            return .bool
        }
    }

    /// Binds the two sides of a comparison. A bare word beside an enumerated
    /// field is one of the field's words (`motivation == business`), and
    /// takes the field's type.
    private mutating func bindComparands(_ left: Expr, _ right: Expr, _ scope: Scope) -> [ExprType] {
        let leftWord = bareWord(left, scope)
        let rightWord = bareWord(right, scope)
        let leftType = leftWord == nil ? bind(left, scope) : nil
        let rightType = rightWord == nil ? bind(right, scope) : nil
        if case .word(let list)? = leftType, let rightWord {
            checkWord(rightWord, in: list)
            return [.word(list), .word(list)]
        }
        if case .word(let list)? = rightType, let leftWord {
            checkWord(leftWord, in: list)
            return [.word(list), .word(list)]
        }
        return [leftType ?? bind(left, scope), rightType ?? bind(right, scope)]
    }

    /// Binds an expression that must be a number.
    private mutating func bindNumber(_ expr: Expr, _ scope: Scope, _ what: String) {
        let type = bind(expr, scope)
        guard !type.canBeNumber else { return }
        report(ResolverDiagnostic.notNumber, "\(what) must be a number, but this is \(type.description)",
               at: expr.span, help: "use a number here, such as `m.weight` or `60%`")
    }

    /// Reports a type that is known not to be a set where a set is needed.
    private mutating func expectSet(_ type: ExprType, at span: Span, _ what: String) {
        switch type {
        case .set, .unknown: return
        default:
            report(ResolverDiagnostic.notASet, "\(what) a set, but this is \(type.description)", at: span,
                   help: "use a set here, such as `members`, a bloc or a list in `[ ]`")
        }
    }

    private mutating func bindField(_ base: Expr, _ field: Name, _ scope: Scope) -> ExprType {
        let baseType = bind(base, scope)
        if case .set = baseType {
            report(ResolverDiagnostic.unknownField, "a set has no field `\(field)`; its elements may", at: field.span,
                   help: "look at each element with a quantifier, as in `all m in members: m.\(field) > 0`")
            return .unknown
        }
        guard case .entity(let kind) = baseType else { return .unknown }
        let fields = ExpressionBinder.fields(of: kind)
        if let type = fields[field.text] { return type }
        guard hasRoomToReport() else { return .unknown }
        let help = Spelling.suggestion(for: field.text, among: fields.keys).map { "did you mean `\($0)`?" }
            ?? "\(kind.withArticle) has " + fields.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
        report(ResolverDiagnostic.unknownField, "\(kind.withArticle) has no field `\(field)`", at: field.span, help: help)
        return .unknown
    }

    private mutating func bindCall(_ callee: Expr, _ arguments: [Expr], _ span: Span, _ scope: Scope) -> ExprType {
        let types = arguments.map { bind($0, scope) }
        guard case .name(let name) = callee.kind else {
            report(ResolverDiagnostic.notAFunction, "only a built-in function can be called", at: callee.span,
                   help: "the functions are " + ExpressionBinder.functionNames.map { "`\($0)`" }.joined(separator: ", "))
            return .unknown
        }
        guard let function = ExpressionBinder.functions[name.text] else {
            guard hasRoomToReport() else { return .unknown }
            let help = Spelling.suggestion(for: name.text, among: ExpressionBinder.functionNames)
                .map { "did you mean `\($0)`?" }
                ?? "the functions are " + ExpressionBinder.functionNames.map { "`\($0)`" }.joined(separator: ", ")
            report(ResolverDiagnostic.notAFunction, "`\(name)` is not a function", at: name.span, help: help)
            return .unknown
        }
        guard arguments.count == function.parameters.count else {
            let expected = function.parameters.count
            report(ResolverDiagnostic.wrongArguments,
                   "`\(name)` takes \(expected) argument\(expected == 1 ? "" : "s"), but \(arguments.count) \(arguments.count == 1 ? "is" : "are") given",
                   at: span, help: "call it as `\(function.usage)`")
            return function.result
        }
        for (index, (parameter, type)) in zip(function.parameters, types).enumerated() {
            guard case .entity(let expected) = parameter, case .entity(let actual) = type, expected != actual else {
                continue
            }
            report(ResolverDiagnostic.wrongKind,
                   "argument \(index + 1) of `\(name)` is \(actual.withArticle), but \(expected.withArticle) is expected",
                   at: arguments[index].span, help: "call it as `\(function.usage)`")
        }
        return function.result
    }

    /// Binds an expression that must be true or false.
    mutating func bindCondition(_ expr: Expr, _ scope: Scope, _ what: String) {
        let type = bind(expr, scope)
        switch type {
        case .bool, .unknown: break
        default:
            report(ResolverDiagnostic.notBoolean, "\(what) must be true or false, but this is \(type.description)", at: expr.span,
                   help: "compare it with something, as in `weight > 2` or `motivation == values_driven`")
        }
    }

    // MARK: - Names

    /// The type of a name in scope, or nil when nothing of that name is.
    private mutating func lookup(_ name: Name, _ scope: Scope) -> ExprType? {
        if let type = scope.locals[name.text] { return type }
        if let element = scope.element, let type = ExpressionBinder.fields(of: element)[name.text] { return type }
        if let symbol = symbol(name.text) {
            switch symbol.kind {
            case .bloc: return .set(of: .entity(.member))
            case .binding:
                return bindingTypes[name.text] ?? .unknown
            default: return .entity(symbol.kind)
            }
        }
        if let kind = Self.builtinCollections[name.text] { return .set(of: .entity(kind)) }
        return nil
    }

    /// The names in scope besides those declared: variables, built-in sets, fields.
    private func namesInScope(_ scope: Scope) -> [String] {
        var names = Array(scope.locals.keys) + Array(Self.builtinCollections.keys)
        if let element = scope.element { names += ExpressionBinder.fields(of: element).keys }
        return names
    }

    /// The name an expression is, when it is a bare name that is not a
    /// variable or field in scope: a candidate for an enumerated word.
    private func bareWord(_ expr: Expr, _ scope: Scope) -> Name? {
        guard case .name(let name) = expr.kind, scope.locals[name.text] == nil else { return nil }
        if let element = scope.element, ExpressionBinder.fields(of: element)[name.text] != nil { return nil }
        return name
    }

    private mutating func checkWord(_ word: Name, in list: WordList) {
        guard !list.options.contains(word.text), hasRoomToReport() else { return }
        let help = Spelling.suggestion(for: word.text, among: list.options).map { "did you mean `\($0)`?" }
            ?? "a \(list.name) is one of: " + list.options.map { "`\($0)`" }.joined(separator: ", ")
        report(ResolverDiagnostic.unknownWord, "unknown \(list.name) `\(word)`", at: word.span, help: help)
    }

    private func element(of type: ExprType) -> ExprType {
        if case .set(let element) = type { return element }
        return .unknown
    }

    private func elementKind(of type: ExprType) -> EntityKind? {
        if case .set(.entity(let kind)) = type { return kind }
        return nil
    }

    // MARK: - Scenarios

    /// Checks a scenario's steps in order, so that a name added or removed by
    /// one step is seen by the next; the base model is left as it was.
    private mutating func bindScenario(_ scenario: ScenarioDecl) {
        let alliance = model.alliance
        scenarioSymbols = [:]
        scenarioUndo = []
        // The steps as the interpreter will apply them, built as they are checked.
        var plan = ScenarioPlan(title: scenario.title.value, span: scenario.span, steps: [])
        defer {
            model.alliance = alliance
            for change in scenarioUndo.reversed() {
                switch change {
                case .joined(let name, let span): joinedSpans[name] = span
                case .bindingType(let name, let type): bindingTypes[name] = type
                }
            }
            scenarioUndo = []
            scenarioSymbols = nil
            removedInScenario = [:]
            model.scenarioPlans.append(plan)
        }
        // What the steps add, and what they amend, is built into a model of
        // its own, and what they remove is named; the declared model is only
        // read (its alliance aside, one value, which an amend may change), so
        // a scenario costs its own size, not a copy of the whole alliance.
        var additions = ScenarioAdditions()
        var removed: Set<String> = []
        var membershipChanged = false
        work += scenario.steps.count
        for (index, step) in scenario.steps.enumerated() {
            switch step {
            case .add(let declaration, let span):
                guard declareInScenario(declaration) else { break }
                swap(&model, &additions.model)
                build(declaration)
                swap(&model, &additions.model)
                if let entity = Self.lastBuilt(declaration, in: additions.model) {
                    plan.steps.append(.add(entity, span: span))
                    additions.appended(entity.kind, entity.name, at: index)
                }
                bindExpressions(in: declaration)
                switch declaration {
                case .body, .bloc: membershipChanged = true
                case .member(let d): additions.model.members.last.map { checkJoined($0, at: joinedSpans[d.name.text]) }
                default: break
                }
            case .remove(let names, let span):
                let removable: Set<EntityKind> = [.member, .value, .principle, .goal, .body, .rule, .channel, .bloc]
                let found = references(names, to: removable, as: "member, value, principle, goal, body, rule, channel or bloc")
                for name in found {
                    scenarioSymbols![name.text] = .some(nil)
                    removedInScenario[name.text] = name.span
                }
                // What was added or amended before goes too.
                let gone = Set(found.map(\.text))
                removed.formUnion(gone)
                additions.removed(gone, at: index)
                plan.steps.append(.remove(found.map(\.text), span: span))
            case .amend(let target, let items, let span):
                let (kind, amended) = amend(target, items, additions: &additions, at: index)
                if kind == .body { membershipChanged = true }
                if let amended { plan.steps.append(amended(span)) }
            case .expectCheck(let title, let passes, let span):
                plan.steps.append(.expectCheck(title: title.value, passes: passes, span: span))
                if checkTitles == nil {
                    work += model.checks.count
                    checkTitles = Set(model.checks.map(\.title))
                }
                if !checkTitles!.contains(title.value), hasRoomToReport() {
                    if checkTitleCandidates == nil {
                        checkTitleCandidates = Spelling.Candidates(model.checks.lazy.map(\.title))
                        work += checkTitleCandidates!.work
                    }
                    var looked = 0
                    let help = checkTitleCandidates!.suggestion(for: title.value, work: &looked).map { "did you mean \"\($0)\"?" }
                        ?? (model.checks.isEmpty ? "no check is declared; declare it with `check \"…\" { … }`" : nil)
                    work += looked
                    suggesting += looked
                    report(ResolverDiagnostic.unknownCheck, "no check is described as \"\(title.value)\"",
                           at: title.span, help: help)
                }
            case .expect(let condition, let span):
                bindCondition(condition, Scope(), "an expectation")
                plan.steps.append(.expect(condition, span: span))
            case .let(let binding):
                let type = bind(binding.value, Scope())
                if declare(binding.name, as: .binding) {
                    scenarioUndo.append(.bindingType(binding.name.text, bindingTypes[binding.name.text]))
                    bindingTypes[binding.name.text] = type
                }
                plan.steps.append(.binding(LetBinding(name: binding.name.text, value: binding.value,
                                                      origin: Origin(span: binding.span, nameSpan: binding.name.span))))
            case .show(let statement):
                _ = bind(statement.value, Scope())
                plan.steps.append(.show(statement.value, span: statement.span))
            case .assert(let statement):
                bindCondition(statement.condition, Scope(), "an assertion")
                plan.steps.append(.assert(statement.condition, message: statement.message?.value, span: statement.span))
            }
        }
        if membershipChanged { checkMembership(additions, removing: removed, in: scenario) }
    }

    /// Checks the bodies and blocs a scenario added or amended against the
    /// declared model with the scenario's changes laid over it, and keeps
    /// what is found in what the scenario wrote: an added body without a
    /// rule, an amended veto for a member the scenario removed. Findings
    /// about the declared things were reported already, or are the
    /// interpreter's to tell as the scenario's outcome. The bodies and blocs
    /// the scenario did not touch cannot give a finding inside it, so they
    /// are not looked at.
    private mutating func checkMembership(_ additions: ScenarioAdditions, removing removed: Set<String>, in scenario: ScenarioDecl) {
        let before = diagnostics.count
        let (members, blocs, bodies) = additions.remaining()
        work += additions.model.members.count + additions.model.blocs.count + additions.model.bodies.count + removed.count
        let expansion = (baseExpansion ?? expandingMembers(of: model)).changed(adding: members, blocs: blocs, removing: removed)
        for body in bodies { check(body, expansion) }
        checkBlocCycles(added: blocs, expansion)
        let found = diagnostics[before...].filter {
            $0.span.file == scenario.span.file && scenario.span.start <= $0.span.start && $0.span.end <= scenario.span.end
        }
        diagnostics.removeSubrange(before...)
        diagnostics += found
    }

    /// Reports a scenario's bloc that contains itself. A cycle the scenario
    /// makes runs through one of the blocs it added, so the search starts
    /// there and walks only the blocs they lead to.
    private mutating func checkBlocCycles(added: [Bloc], _ expansion: MemberExpansion) {
        guard !added.isEmpty else { return }
        var nodes = added.map(\.name)
        var dependencies: [String: [String]] = [:]
        var queued = Set(nodes)
        var index = 0
        while index < nodes.count {
            let name = nodes[index]
            index += 1
            work += 1
            guard case .named(let names)? = expansion.bloc(named: name) else {
                dependencies[name] = []
                continue
            }
            work += names.count
            let blocs = names.filter { expansion.bloc(named: $0) != nil }
            dependencies[name] = blocs
            for bloc in blocs where queued.insert(bloc).inserted { nodes.append(bloc) }
        }
        let ownSpans = Dictionary(added.map { ($0.name, $0.origin.nameSpan) }, uniquingKeysWith: { first, _ in first })
        for cycle in DependencyGraph(nodes: nodes, dependencies: dependencies).sorted().cycles {
            // Told at the scenario's own bloc: every cycle here runs through one.
            guard let start = cycle.firstIndex(where: { ownSpans[$0] != nil }) else { continue }
            reportBlocCycle(Array(cycle[start...] + cycle[..<start]), at: ownSpans[cycle[start]]!)
        }
    }

    /// The entity a declaration just built into `model`.
    private static func lastBuilt(_ declaration: Declaration, in model: Model) -> ScenarioPlan.Entity? {
        switch declaration {
        case .member: model.members.last.map { .member($0) }
        case .value: model.values.last.map { .value($0) }
        case .principle: model.principles.last.map { .principle($0) }
        case .goal: model.goals.last.map { .goal($0) }
        case .body: model.bodies.last.map { .body($0) }
        case .rule: model.rules.last.map { .rule($0) }
        case .channel: model.channels.last.map { .channel($0) }
        case .bloc: model.blocs.last.map { .bloc($0) }
        default: nil
        }
    }

    private mutating func declareInScenario(_ declaration: Declaration) -> Bool {
        let kinds: [EntityKind: Name]
        switch declaration {
        case .member(let d): kinds = [.member: d.name]
        case .value(let d): kinds = [.value: d.name]
        case .principle(let d): kinds = [.principle: d.name]
        case .goal(let d): kinds = [.goal: d.name]
        case .body(let d): kinds = [.body: d.name]
        case .rule(let d): kinds = [.rule: d.name]
        case .channel(let d): kinds = [.channel: d.name]
        case .bloc(let d): kinds = [.bloc: d.name]
        default: return false
        }
        let (kind, name) = kinds.first!
        return declare(name, as: kind)
    }

    /// Applies an `amend` through the same item functions the declarations
    /// use, so the same mistakes get the same words. The amended member, goal
    /// or body is kept in `additions` (a body's membership is checked at the
    /// end), so a later amend of it builds on this one; the alliance, one
    /// value, is changed in the model, and put back when the scenario ends.
    /// Returns what kind of thing was amended, and the step that replaces it
    /// with its amended self (given the step's span).
    private mutating func amend(_ target: Name, _ items: [Item], additions: inout ScenarioAdditions, at step: Int)
        -> (EntityKind?, ((Span) -> ScenarioPlan.Step)?) {
        guard let kind = reference(target, to: [.member, .body, .goal, .alliance], as: "member, body, goal or alliance")
        else { return (nil, nil) }
        if amendable == nil {
            // A table a kind, each name at its first declaration: a name
            // declared twice (reported already) may stand in two kinds.
            var table = Amendable()
            for (index, member) in model.members.enumerated() where table.members[member.name] == nil { table.members[member.name] = index }
            for (index, goal) in model.goals.enumerated() where table.goals[goal.name] == nil { table.goals[goal.name] = index }
            for (index, body) in model.bodies.enumerated() where table.bodies[body.name] == nil { table.bodies[body.name] = index }
            work += model.members.count + model.goals.count + model.bodies.count
            amendable = table
        }
        let added = additions.position(kind, target.text)
        switch kind {
        case .member:
            guard var member = added.map({ additions.model.members[$0] }) ?? amendable?.members[target.text].map({ model.members[$0] })
            else { return (kind, nil) }
            apply(items, to: &member)
            checkJoined(member, at: joinedSpans[member.name])
            let amended = member
            if let added { additions.model.members[added] = amended } else { additions.model.members.append(amended) }
            additions.touched(kind, target.text, at: step)
            return (kind, { .replace(.member(amended), span: $0) })
        case .body:
            guard var body = added.map({ additions.model.bodies[$0] }) ?? amendable?.bodies[target.text].map({ model.bodies[$0] })
            else { return (kind, nil) }
            apply(items, to: &body)
            bindItems(items)
            let amended = body
            if let added { additions.model.bodies[added] = amended } else { additions.model.bodies.append(amended) }
            additions.touched(kind, target.text, at: step)
            return (kind, { .replace(.body(amended), span: $0) })
        case .goal:
            guard var goal = added.map({ additions.model.goals[$0] }) ?? amendable?.goals[target.text].map({ model.goals[$0] })
            else { return (kind, nil) }
            apply(items, to: &goal)
            let amended = goal
            if let added { additions.model.goals[added] = amended } else { additions.model.goals.append(amended) }
            additions.touched(kind, target.text, at: step)
            return (kind, { .replace(.goal(amended), span: $0) })
        default:
            // The alliance is one value: changing it in the model is cheap,
            // and later steps see its new stage.
            guard var alliance = model.alliance else { return (kind, nil) }
            apply(items, to: &alliance)
            model.alliance = alliance
            return (kind, { .replaceAlliance(alliance, span: $0) })
        }
    }
}

/// What a scenario adds and amends, built into a model of its own as its
/// steps are checked. A `remove` only notes the step it came at, and what it
/// took out is left out of `remaining()` in one pass at the end, so that a
/// scenario of many steps costs its own size.
struct ScenarioAdditions {
    var model = Model()
    private struct Key: Hashable {
        var kind: EntityKind
        var name: String
    }
    /// Where the latest thing of each kind and name stands in `model`.
    private var positions: [Key: Int] = [:]
    /// The step that last added or amended each thing, by kind and position.
    private var steps: [EntityKind: [Int]] = [:]
    /// The step that last removed each name.
    private var removals: [String: Int] = [:]

    /// Notes the thing of `kind` and `name` just appended to `model`, at `step`.
    mutating func appended(_ kind: EntityKind, _ name: String, at step: Int) {
        steps[kind, default: []].append(step)
        positions[Key(kind: kind, name: name)] = steps[kind]!.count - 1
    }

    /// Notes that the thing of `kind` and `name` was amended at `step`: in
    /// its place if it is in `model` already, else just appended there.
    mutating func touched(_ kind: EntityKind, _ name: String, at step: Int) {
        if let position = position(kind, name) {
            steps[kind]![position] = step
        } else {
            appended(kind, name, at: step)
        }
    }

    /// Where the thing of `kind` and `name` stands in `model`, unless it was
    /// removed after it was added or amended.
    func position(_ kind: EntityKind, _ name: String) -> Int? {
        guard let position = positions[Key(kind: kind, name: name)] else { return nil }
        return removals[name, default: -1] < steps[kind]![position] ? position : nil
    }

    mutating func removed(_ names: Set<String>, at step: Int) {
        for name in names { removals[name] = step }
    }

    /// The members, blocs and bodies the scenario added or amended and did not remove after.
    func remaining() -> (members: [Member], blocs: [Bloc], bodies: [Body]) {
        func kept<T>(_ things: [T], _ kind: EntityKind, _ name: (T) -> String) -> [T] {
            things.indices.filter { removals[name(things[$0]), default: -1] < steps[kind, default: []][$0] }.map { things[$0] }
        }
        return (kept(model.members, .member, \.name), kept(model.blocs, .bloc, \.name), kept(model.bodies, .body, \.name))
    }
}
