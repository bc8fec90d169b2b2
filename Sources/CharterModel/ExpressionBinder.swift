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
// Binding makes the bound form of every expression (BoundExpr.swift), which
// the model stores and the evaluator evaluates: what each name is, is
// decided here and only here. It infers a static type as far as it can —
// enough to check field names, function arguments, that conditions are
// true-or-false and that the two sides of a comparison are of one kind — and
// stays silent where it cannot tell; the evaluator checks the rest.

import CharterDiagnostics
import CharterSyntax

/// The names of the built-in functions and of the fields of each kind of entity.
public enum ExpressionBinder {
    /// The names of the built-in functions.
    public static var functionNames: [String] { Builtin.allCases.map(\.rawValue).sorted() }

    /// The field names of a kind of entity.
    public static func fieldNames(of kind: EntityKind) -> Set<String> { Set(Field.of(kind).keys) }
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
        var next = Positions()
        for declaration in declarations { bindExpressions(in: declaration, next: &next) }
        for scenario in model.scenarios { bindScenario(scenario) }
    }

    /// Where the next bloc, body, channel, check and statement built from a
    /// declaration stands in the model: the build pass appended one of each
    /// for each declaration, in the order they are walked again here.
    struct Positions {
        var blocs = 0, bodies = 0, channels = 0, checks = 0, statements = 0
    }

    /// Binds the expressions a declaration holds into the model (`let`
    /// bindings aside, which are typed on demand so their order does not matter).
    private mutating func bindExpressions(in declaration: Declaration, next: inout Positions) {
        work += 1
        switch declaration {
        case .bloc(let d):
            let query = bindSelector(d.selector)
            if let query, next.blocs < model.blocs.count { model.blocs[next.blocs].members = .query(query) }
            next.blocs += 1
        case .body(let d):
            let query = bindItems(d.items)
            if let query, next.bodies < model.bodies.count { model.bodies[next.bodies].members = .query(query) }
            next.bodies += 1
        case .channel(let d):
            let query = bindSelector(d.reaches)
            if let query, next.channels < model.channels.count { model.channels[next.channels].reaches = .query(query) }
            next.channels += 1
        case .check(let d):
            let condition = bindCondition(d.condition, Scope(), "a check's condition")
            if next.checks < model.checks.count { model.checks[next.checks].condition = condition }
            next.checks += 1
        case .show(let d):
            let value = bind(d.value, Scope())
            if next.statements < model.statements.count { model.statements[next.statements] = .show(value, span: d.span) }
            next.statements += 1
        case .assert(let d):
            let condition = bindCondition(d.condition, Scope(), "an assertion")
            if next.statements < model.statements.count {
                model.statements[next.statements] = .assert(condition, message: d.message?.value, span: d.span)
            }
            next.statements += 1
        default: break
        }
    }

    /// Binds every `members where …` of a block; returns the last one's
    /// condition when the last `members` item is a query (the model takes the last).
    private mutating func bindItems(_ items: [Item]) -> BoundExpr? {
        var last: BoundExpr?
        for item in items {
            if case .members(let selector) = item.kind { last = bindSelector(selector) }
        }
        return last
    }

    /// The bound condition of a query; nil for names and `all`.
    private mutating func bindSelector(_ selector: Selector) -> BoundExpr? {
        guard case .filter(let condition, _) = selector else { return nil }
        return bindCondition(condition, Scope(element: .member), "a filter")
    }

    /// The bound query of a bloc, body or channel a scenario adds, laid into
    /// what was built of it in `additions`.
    private mutating func bindAdded(_ declaration: Declaration, into additions: inout ScenarioAdditions) {
        switch declaration {
        case .bloc(let d):
            if let query = bindSelector(d.selector), !additions.model.blocs.isEmpty {
                additions.model.blocs[additions.model.blocs.count - 1].members = .query(query)
            }
        case .body(let d):
            if let query = bindItems(d.items), !additions.model.bodies.isEmpty {
                additions.model.bodies[additions.model.bodies.count - 1].members = .query(query)
            }
        case .channel(let d):
            if let query = bindSelector(d.reaches), !additions.model.channels.isEmpty {
                additions.model.channels[additions.model.channels.count - 1].reaches = .query(query)
            }
        default: break
        }
    }

    /// Types and binds every `let` binding, each after the bindings it is
    /// defined by, and reports bindings that depend on themselves. The order
    /// comes from the dependency graph, so typing never recurses from one
    /// binding into another and a chain of any length is safe.
    private mutating func typeBindings() {
        var dependencies: [String: [String]] = [:]
        var positions: [String: Int] = [:]
        work += model.bindings.count
        for (index, binding) in model.bindings.enumerated() {
            positions[binding.name] = index
            dependencies[binding.name] = freeNames(bindingSyntax[index], bound: []).map(\.text)
                .filter { symbols[$0]?.kind == .binding }
        }
        let graph = DependencyGraph(nodes: model.bindings.map(\.name), dependencies: dependencies)
        let (order, cycles) = graph.sorted()
        for cycle in cycles {
            for name in cycle { bindingTypes[name] = .unknown }
            let chain = describeChain(cycle + [cycle[0]])
            report(ResolverDiagnostic.cycle, "`\(cycle[0])` is defined in terms of itself: \(chain)",
                   at: model.bindings[positions[cycle[0]]!].origin.nameSpan,
                   help: "a `let` binding cannot depend on itself, directly or through others")
        }
        for name in order {
            let index = positions[name]!
            let bound = bind(bindingSyntax[index], Scope())
            model.bindings[index].value = bound
            if bindingTypes[name] == nil { bindingTypes[name] = bound.type }
        }
        bindingSyntax = []
    }

    /// The names an expression uses that it does not bind itself: not its
    /// quantifier variables, nor a field name inside a `where` (fields come
    /// first there). The one walk of free names, for the order of `let`s.
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
            return freeNames(set, bound: bound) + freeNames(condition, bound: bound.union(Field.allNames))
        case .quantified(_, let variable, let domain, let body):
            let inner = bound.union([variable.text])
            return freeNames(domain, bound: inner) + freeNames(body, bound: inner)
        }
    }

    // MARK: - Expressions

    mutating func bind(_ expr: Expr, _ scope: Scope) -> BoundExpr {
        work += 1
        let span = expr.span
        switch expr.kind {
        case .number(let number), .percent(let number): return BoundExpr(.number(number), .number, span: span)
        case .string(let text): return BoundExpr(.string(text), .string, span: span)
        case .bool(let truth): return BoundExpr(.bool(truth), .bool, span: span)
        case .name(let name):
            if let bound = lookup(name, scope) { return bound }
            guard hasRoomToReport() else { return .unbound(span) }
            reportUnknown(name, what: "name", kinds: .every, adding: namesInScope(scope))
            return .unbound(span)
        case .set(let elements):
            let bound = elements.map { bind($0, scope) }
            return BoundExpr(.set(bound), Self.setType(of: bound), span: span)
        case .unary(.not, let operand):
            return BoundExpr(.unary(.not, bindCondition(operand, scope, "the operand of `not`")), .bool, span: span)
        case .unary(.negate, let operand):
            return BoundExpr(.unary(.negate, bindNumber(operand, scope, "the operand of `-`")), .number, span: span)
        case .binary(let op, let left, let right):
            return bindBinary(op, left, right, span, scope)
        case .field(let base, let field):
            return bindField(base, field, span, scope)
        case .call(let callee, let arguments):
            return bindCall(callee, arguments, span, scope)
        case .filter(let set, let condition):
            let boundSet = asSet(bind(set, scope))
            expectSet(boundSet.type, at: set.span, "`where` filters")
            var inner = scope
            let kind = elementKind(of: boundSet.type)
            inner.element = kind ?? scope.element
            let bound = bindCondition(condition, inner, "a filter")
            // What filters no set was reported; its result is not known, rather than wrong again.
            let type: ExprType = if case .set = boundSet.type { boundSet.type } else { .unknown }
            return BoundExpr(.filter(boundSet, bound, element: kind != nil), type, span: span)
        case .quantified(let quantifier, let variable, let domain, let body):
            // `all m in members where m.weight > 0: …`: the variable also
            // names the element inside the domain's own filter.
            let boundDomain: BoundExpr
            if case .filter(let set, let condition) = domain.kind {
                let boundSet = asSet(bind(set, scope))
                var filterScope = scope
                let kind = elementKind(of: boundSet.type)
                filterScope.element = kind ?? scope.element
                filterScope.locals[variable.text] = element(of: boundSet.type)
                let bound = bindCondition(condition, filterScope, "a filter")
                boundDomain = BoundExpr(.filter(boundSet, bound, element: kind != nil), boundSet.type, span: domain.span)
            } else {
                boundDomain = asSet(bind(domain, scope))
            }
            var inner = scope
            inner.locals[variable.text] = element(of: boundDomain.type)
            let boundBody: BoundExpr
            let type: ExprType
            switch quantifier {
            case .all, .any:
                boundBody = bindCondition(body, inner, "the condition of `\(quantifier.rawValue)`")
                type = .bool
            case .count:
                boundBody = bindCondition(body, inner, "the condition of `count`")
                type = .number
            case .sum, .min, .max:
                boundBody = bind(body, inner)
                if boundBody.type == .bool {
                    report(ResolverDiagnostic.notNumber,
                           "`\(quantifier.rawValue)` takes numbers, but this is true or false", at: body.span,
                           help: "a quantifier reaches to the end of the expression: put it in parentheses, as in `(sum m in members: m.weight) > 10`, or count with `count m in members: …`")
                } else if !boundBody.type.canBeNumber {
                    report(ResolverDiagnostic.notNumber,
                           "`\(quantifier.rawValue)` takes numbers, but this is \(boundBody.type.description)", at: body.span,
                           help: "take a number of each element, such as `m.weight`")
                }
                type = .number
            }
            return BoundExpr(.quantified(quantifier, variable: variable.text, domain: boundDomain, body: boundBody),
                             type, span: span)
        }
    }

    /// The type of a set of these elements: of their type when they share one.
    private static func setType(of elements: [BoundExpr]) -> ExprType {
        let first = elements.first?.type
        let element = first.flatMap { first in elements.dropFirst().allSatisfy { $0.type == first } ? first : nil } ?? .unknown
        // A chain of `let`s can nest sets without end; past the deepest
        // any value may be (evaluation stops there, E611), the type stops
        // growing, so comparing types costs no more than that.
        return .set(of: element.setDepth < Limits.deepestNesting ? element : .unknown)
    }

    private mutating func bindBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ span: Span,
                                     _ scope: Scope) -> BoundExpr {
        func made(_ l: BoundExpr, _ r: BoundExpr, _ type: ExprType) -> BoundExpr {
            BoundExpr(.binary(op, l, r), type, span: span)
        }
        switch op {
        case .and, .or:
            let l = bindCondition(left, scope, "the left side of `\(op.rawValue)`")
            let r = bindCondition(right, scope, "the right side of `\(op.rawValue)`")
            return made(l, r, .bool)
        case .add, .subtract, .multiply, .divide:
            let l = bindNumber(left, scope, "the left side of `\(op.rawValue)`")
            let r = bindNumber(right, scope, "the right side of `\(op.rawValue)`")
            return made(l, r, .number)
        case .union, .intersect, .except:
            let l = asSet(bind(left, scope))
            let r = asSet(bind(right, scope))
            expectSet(l.type, at: left.span, "`\(op.rawValue)` takes")
            expectSet(r.type, at: right.span, "`\(op.rawValue)` takes")
            guard case .set(let a) = l.type, case .set(let b) = r.type else { return made(l, r, .set(of: .unknown)) }
            if !ExprType.comparable(a, b), hasRoomToReport() {
                report(ResolverDiagnostic.mismatchedKinds,
                       "`\(op.rawValue)` combines a set of \(a.plural) with a set of \(b.plural), which share no element",
                       at: span, labels: [Label(left.span, l.type.kindName), Label(right.span, r.type.kindName)],
                       help: "combine sets of one kind, such as two sets of members")
            }
            return made(l, r, .set(of: a == b ? a : a == .unknown ? b : b == .unknown ? a : .unknown))
        case .less, .lessEqual, .greater, .greaterEqual:
            // Numbers compare, and so do life stages (`joined < developing`).
            let (l, r) = bindComparands(left, right, scope)
            var ordered = true
            for side in [l, r] where !side.type.canBeNumber && side.type != .word(.stage) {
                ordered = false
                report(ResolverDiagnostic.notNumber,
                       "`\(op.rawValue)` compares numbers or life stages, but this is \(side.type.description)", at: side.span,
                       help: "compare a number, such as `m.weight`, or a stage, such as `m.joined`")
            }
            if ordered { checkKinds(op, l, r, left, right, span) }
            return made(l, r, .bool)
        case .equal, .notEqual:
            let (l, r) = bindComparands(left, right, scope)
            checkKinds(op, l, r, left, right, span)
            return made(l, r, .bool)
        case .in, .notIn:
            let l = bind(left, scope)
            let r: BoundExpr
            if case .word(let list) = l.type, case .set(let elements) = right.kind {
                var bound: [BoundExpr] = []
                for element in elements {
                    if let word = bareWord(element, scope) {
                        checkWord(word, in: list)
                        bound.append(BoundExpr(.word(word.text), .word(list), span: word.span))
                    } else {
                        bound.append(bind(element, scope))
                    }
                }
                r = BoundExpr(.set(bound), Self.setType(of: bound), span: right.span)
            } else {
                r = asSet(bind(right, scope))
                expectSet(r.type, at: right.span, "`\(op.rawValue)` looks inside")
            }
            if case .set(let element) = r.type { checkKinds(op, l, BoundExpr(r.kind, element, span: r.span), left, right, span) }
            return made(l, r, .bool)
        }
    }

    /// Binds the two sides of a comparison. A bare word beside an enumerated
    /// field is one of the field's words (`motivation == business`), and
    /// takes the field's type.
    private mutating func bindComparands(_ left: Expr, _ right: Expr, _ scope: Scope) -> (BoundExpr, BoundExpr) {
        let leftWord = bareWord(left, scope)
        let rightWord = bareWord(right, scope)
        let l = leftWord == nil ? bind(left, scope) : nil
        let r = rightWord == nil ? bind(right, scope) : nil
        if let l, case .word(let list) = l.type, let rightWord {
            checkWord(rightWord, in: list)
            return (l, BoundExpr(.word(rightWord.text), .word(list), span: right.span))
        }
        if let r, case .word(let list) = r.type, let leftWord {
            checkWord(leftWord, in: list)
            return (BoundExpr(.word(leftWord.text), .word(list), span: left.span), r)
        }
        return (l ?? bind(left, scope), r ?? bind(right, scope))
    }

    /// Reports a comparison of things of two kinds, which could never be
    /// equal (nor ordered): a text and a member, a number and a body, a set
    /// of members and a member. For `in`, `right` has the type of the set's
    /// elements. Silent where either type is not known.
    private mutating func checkKinds(_ op: BinaryOperator, _ l: BoundExpr, _ r: BoundExpr, _ left: Expr, _ right: Expr,
                                     _ span: Span) {
        guard !ExprType.comparable(l.type, r.type), hasRoomToReport() else { return }
        let message = switch op {
        case .in, .notIn:
            "`\(op.rawValue)` looks for \(l.type.kindName) among \(r.type.plural), where it can never be"
        case .equal, .notEqual:
            if case .set = l.type, case .set = r.type {
                "`\(op.rawValue)` compares \(l.type.kindName) with \(r.type.kindName), which are equal only when both are empty"
            } else {
                "`\(op.rawValue)` compares \(l.type.kindName) with \(r.type.kindName), which are never equal"
            }
        default:
            "`\(op.rawValue)` compares \(l.type.kindName) with \(r.type.kindName); numbers compare with numbers, and life stages with life stages"
        }
        report(ResolverDiagnostic.mismatchedKinds, message, at: span, help: kindHint(op, l.type, r.type, left, right))
    }

    /// What the writer of a comparison of two kinds most likely meant.
    private func kindHint(_ op: BinaryOperator, _ l: ExprType, _ r: ExprType, _ left: Expr, _ right: Expr) -> String {
        let isIn = op == .in || op == .notIn
        for (a, b, aSyntax, bSyntax) in [(l, r, left, right), (r, l, right, left)] {
            let bText = Self.plainText(bSyntax)
            switch (a, b) {
            case (.word(let list), .string):
                if case .string(let text) = bSyntax.kind, list.options.contains(text) {
                    return "a \(list.name) is a word: write it without quotes, `\(text)`"
                }
            case _ where isIn:
                break
            case (.string, .entity(let kind)):
                if case .field(let base, let field) = aSyntax.kind, field.text == "name", let baseText = Self.plainText(base) {
                    return "to compare \(kind.plural), write `\(baseText)` rather than `\(baseText).name`"
                        + (bText.map { "; to compare names, write `\($0).name`" } ?? "")
                }
                return "to compare names, write " + (bText.map { "`\($0).name`" } ?? "its name, `.name`")
            case (.number, .entity(let kind)):
                if let field = Field.of(kind).values.filter({ $0.type == .number }).map(\.name).min(), let bText {
                    return "\(kind.withArticle) is not a number; compare one of its numbers, such as `\(bText).\(field)`"
                }
                return "\(kind.withArticle) is not a number"
            case (.set(of: .entity(let element)), .entity(let kind)):
                if element == kind {
                    return "to ask whether it is one of them, write `\(bText ?? "x") in \(Self.plainText(aSyntax) ?? "the set")`"
                }
                if element == .member, let field = Self.membersField(of: kind), let bText {
                    return "`\(bText)` is \(kind.withArticle); its members are `\(bText).\(field)`"
                }
            case (.entity(let kind), .entity(.member)):
                if let field = Self.membersField(of: kind), let bText, let aText = Self.plainText(aSyntax) {
                    return "to ask whether `\(bText)` is one of its members, write `\(bText) in \(aText).\(field)`"
                }
            default:
                break
            }
        }
        switch op {
        case .in, .notIn: return "look for \(l.kindName) in a set of \(l.plural)"
        case .equal, .notEqual: return "compare things of one kind: numbers with numbers, texts with texts, members with members"
        default: return "compare numbers with numbers, such as `m.weight`, and life stages with life stages, such as `developing`"
        }
    }

    /// The field that holds the members of a body or channel.
    private static func membersField(of kind: EntityKind) -> String? {
        Field.of(kind).values.first { $0.type == .set(of: .entity(.member)) && $0.name != "name" }?.name
    }

    /// A name or a chain of fields as written (`m`, `council.members`), for a help.
    private static func plainText(_ expr: Expr) -> String? {
        switch expr.kind {
        case .name(let name): name.text
        case .field(let base, let field): plainText(base).map { "\($0).\(field.text)" }
        default: nil
        }
    }

    /// Binds an expression that must be a number.
    private mutating func bindNumber(_ expr: Expr, _ scope: Scope, _ what: String) -> BoundExpr {
        let bound = bind(expr, scope)
        guard !bound.type.canBeNumber else { return bound }
        report(ResolverDiagnostic.notNumber, "\(what) must be a number, but this is \(bound.type.description)",
               at: expr.span, help: "use a number here, such as `m.weight` or `60%`")
        return bound
    }

    /// A body where a set is expected stands for its members (`count(council)`,
    /// `m in council`): the same as `council.members`.
    private func asSet(_ bound: BoundExpr) -> BoundExpr {
        guard case .entity(.body) = bound.type, let members = Field.named("members", of: .body) else { return bound }
        return BoundExpr(.field(bound, members, name: bound.span), members.type, span: bound.span)
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

    private mutating func bindField(_ base: Expr, _ field: Name, _ span: Span, _ scope: Scope) -> BoundExpr {
        let boundBase = bind(base, scope)
        if case .set = boundBase.type {
            report(ResolverDiagnostic.unknownField, "a set has no field `\(field)`; its elements may", at: field.span,
                   help: "look at each element with a quantifier, as in `all m in members: m.\(field) > 0`")
            return .unbound(span)
        }
        guard case .entity(let kind) = boundBase.type else {
            return BoundExpr(.anyField(boundBase, field), .unknown, span: span)
        }
        let fields = Field.of(kind)
        if let found = fields[field.text] { return BoundExpr(.field(boundBase, found, name: field.span), found.type, span: span) }
        guard hasRoomToReport() else { return .unbound(span) }
        let suggestion = Spelling.suggestion(for: field.text, among: fields.keys)
        let help = suggestion.map { "did you mean `\($0)`?" }
            ?? "\(kind.withArticle) has " + fields.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
        report(ResolverDiagnostic.unknownField, "\(kind.withArticle) has no field `\(field)`", at: field.span, help: help, fix: suggestion)
        return .unbound(span)
    }

    private mutating func bindCall(_ callee: Expr, _ arguments: [Expr], _ span: Span, _ scope: Scope) -> BoundExpr {
        // A matter after the body is a word of that body's, not a name in scope.
        let builtin: Builtin? = if case .name(let name) = callee.kind { Builtin(rawValue: name.text) } else { nil }
        let matterGiven = builtin.map { $0.takesMatter && arguments.count == $0.parameters.count + 1 } ?? false
        var bound = (matterGiven ? Array(arguments.dropLast()) : arguments).map { bind($0, scope) }
        guard case .name(let name) = callee.kind else {
            report(ResolverDiagnostic.notAFunction, "only a built-in function can be called", at: callee.span,
                   help: "the functions are " + ExpressionBinder.functionNames.map { "`\($0)`" }.joined(separator: ", "))
            return .unbound(span)
        }
        guard let function = Builtin(rawValue: name.text) else {
            guard hasRoomToReport() else { return .unbound(span) }
            let suggestion = Spelling.suggestion(for: name.text, among: ExpressionBinder.functionNames)
            let help = suggestion
                .map { "did you mean `\($0)`?" }
                ?? "the functions are " + ExpressionBinder.functionNames.map { "`\($0)`" }.joined(separator: ", ")
            report(ResolverDiagnostic.notAFunction, "`\(name)` is not a function", at: name.span, help: help, fix: suggestion)
            return .unbound(span)
        }
        guard arguments.count == function.parameters.count || matterGiven else {
            let expected = function.parameters.count
            let takes = function.takesMatter ? "\(expected) or \(expected + 1) arguments" : "\(expected) argument\(expected == 1 ? "" : "s")"
            report(ResolverDiagnostic.wrongArguments,
                   "`\(name)` takes \(takes), but \(arguments.count) \(arguments.count == 1 ? "is" : "are") given",
                   at: span, help: "call it as `\(function.usage)`")
            return BoundExpr(.invalid, function.result, span: span)
        }
        for (index, parameter) in function.parameters.enumerated() where index < bound.count {
            if case .set = parameter { bound[index] = asSet(bound[index]) }
        }
        if matterGiven, let last = arguments.last { bound.append(bindMatter(last, of: bound[1])) }
        for (index, (parameter, argument)) in zip(function.parameters, bound).enumerated() {
            if case .set(let element) = parameter {
                // A set of members where one is expected: a member alone, or a set of values, is not.
                switch argument.type {
                case .set(let actual) where ExprType.comparable(actual, element): continue
                case .unknown: continue
                default:
                    let wanted = element == .unknown ? "a set" : "a set of \(element.plural)"
                    let hint = if case .entity(let kind) = argument.type, case .entity(kind) = element { " (put it in a list: `[\(Self.plainText(arguments[index]) ?? "…")]`)" } else { "" }
                    report(ResolverDiagnostic.wrongKind,
                           "argument \(index + 1) of `\(name)` is \(argument.type.kindName), but \(wanted) is expected\(hint)",
                           at: arguments[index].span, help: "call it as `\(function.usage)`")
                    continue
                }
            }
            guard case .entity(let expected) = parameter, case .entity(let actual) = argument.type, expected != actual else {
                continue
            }
            report(ResolverDiagnostic.wrongKind,
                   "argument \(index + 1) of `\(name)` is \(actual.withArticle), but \(expected.withArticle) is expected",
                   at: arguments[index].span, help: "call it as `\(function.usage)`")
        }
        return BoundExpr(.call(function, bound), function.result, span: span)
    }

    /// A matter named after a body, `statutes` in `winning(founders,
    /// assembly, statutes)`: a word the body decides, kept as text. A body
    /// declared in the files is asked here; one a scenario adds, when the
    /// question is evaluated.
    private mutating func bindMatter(_ expr: Expr, of body: BoundExpr) -> BoundExpr {
        guard case .name(let word) = expr.kind else {
            report(ResolverDiagnostic.wrongArguments, "a matter is named by its word, such as `statutes`", at: expr.span,
                   help: "write the matter the body decides, as in its `decides` item")
            return BoundExpr(.invalid, .string, span: expr.span)
        }
        if case .entity(.body, let name) = body.kind, let declared = model.body(named: name),
           !declared.matters.contains(where: { $0.name == word.text }), hasRoomToReport() {
            let matters = declared.matters.map(\.name)
            let suggestion = Spelling.suggestion(for: word.text, among: matters)
            let help = suggestion.map { "did you mean `\($0)`?" }
                ?? (matters.isEmpty ? "body `\(name)` decides no matter by name; leave the matter out to ask about its rule"
                    : "body `\(name)` decides " + matters.map { "`\($0)`" }.joined(separator: ", "))
            report(ResolverDiagnostic.unknownWord, "body `\(name)` does not decide `\(word)`", at: word.span, help: help, fix: suggestion)
        }
        return BoundExpr(.string(word.text), .string, span: word.span)
    }

    /// A built-in check named in `expect finding`, by ID in any case or by
    /// name; unknown ones are reported with the nearest. Without the list
    /// (a caller that resolves without the checks) nothing is reported.
    private mutating func checkBuiltin(_ check: String, at span: Span) {
        guard !builtinChecks.isEmpty, !builtinChecks.contains(where: { $0.lowercased() == check.lowercased() }),
              !builtinChecks.contains(where: { $0.hasPrefix(check.lowercased() + ".") }),
              hasRoomToReport() else { return }
        work += builtinChecks.count
        let help = Spelling.suggestion(for: check, among: builtinChecks).map { "did you mean `\($0)`?" }
            ?? "`charter explain --list` lists the built-in checks, by ID and name"
        report(ResolverDiagnostic.unknownCheck, "no built-in check is called `\(check)`", at: span, help: help)
    }

    /// Binds an expression that must be true or false.
    mutating func bindCondition(_ expr: Expr, _ scope: Scope, _ what: String) -> BoundExpr {
        let bound = bind(expr, scope)
        switch bound.type {
        case .bool, .unknown: break
        default:
            report(ResolverDiagnostic.notBoolean, "\(what) must be true or false, but this is \(bound.type.description)", at: expr.span,
                   help: "compare it with something, as in `weight > 2` or `motivation == values_driven`")
        }
        return bound
    }

    // MARK: - Names

    /// What a name in scope is, or nil when nothing of that name is.
    private mutating func lookup(_ name: Name, _ scope: Scope) -> BoundExpr? {
        let span = name.span
        if let type = scope.locals[name.text] { return BoundExpr(.local(name.text), type, span: span) }
        if let element = scope.element, let field = Field.named(name.text, of: element) {
            return BoundExpr(.elementField(field), field.type, span: span)
        }
        if let kind = removedKind(of: name) {
            switch kind {
            case .bloc: return BoundExpr(.bloc(name.text), .set(of: .entity(.member)), span: span)
            case .binding: return BoundExpr(.binding(name.text), .unknown, span: span)
            default: return BoundExpr(.entity(kind, name.text), .entity(kind), span: span)
            }
        }
        if let symbol = symbol(name.text) {
            if recordingUses { uses.append(NameUse(span: name.span, declaration: symbol.span, kind: symbol.kind)) }
            switch symbol.kind {
            case .bloc: return BoundExpr(.bloc(name.text), .set(of: .entity(.member)), span: span)
            case .binding: return BoundExpr(.binding(name.text), bindingTypes[name.text] ?? .unknown, span: span)
            default: return BoundExpr(.entity(symbol.kind, name.text), .entity(symbol.kind), span: span)
            }
        }
        if let kind = Self.builtinCollections[name.text] { return BoundExpr(.collection(kind), .set(of: .entity(kind)), span: span) }
        return nil
    }

    /// The names in scope besides those declared: variables, built-in sets, fields.
    private func namesInScope(_ scope: Scope) -> [String] {
        var names = Array(scope.locals.keys) + Array(Self.builtinCollections.keys)
        if let element = scope.element { names += Field.of(element).keys }
        return names
    }

    /// The name an expression is, when it is a bare name that is not a
    /// variable or field in scope: a candidate for an enumerated word.
    private func bareWord(_ expr: Expr, _ scope: Scope) -> Name? {
        guard case .name(let name) = expr.kind, scope.locals[name.text] == nil else { return nil }
        if let element = scope.element, Field.named(name.text, of: element) != nil { return nil }
        return name
    }

    private mutating func checkWord(_ word: Name, in list: WordList) {
        guard !list.options.contains(word.text), hasRoomToReport() else { return }
        let suggestion = Spelling.suggestion(for: word.text, among: list.options)
        let help = suggestion.map { "did you mean `\($0)`?" }
            ?? "a \(list.name) is one of: " + list.options.map { "`\($0)`" }.joined(separator: ", ")
        report(ResolverDiagnostic.unknownWord, "unknown \(list.name) `\(word)`", at: word.span, help: help, fix: suggestion)
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
        var blocsAdded = false
        // The members as they are at each step, for the bodies a step writes:
        // what it wrote is checked as written then, as the REPL checks an
        // entry (a quota out of reach, a veto of a member not seated); what
        // later steps bring about is the scenario's outcome.
        var current = baseExpansion ?? expandingMembers(of: model)
        func checkWritten(_ body: Body, at span: Span) {
            let before = diagnostics.count
            check(body, current)
            let kept = diagnostics[before...].filter { span.contains($0.span) }
            diagnostics.removeSubrange(before...)
            diagnostics += kept
        }
        work += scenario.steps.count
        for (index, step) in scenario.steps.enumerated() {
            switch step {
            case .add(let declaration, let span):
                guard declareInScenario(declaration) else { break }
                swap(&model, &additions.model)
                build(declaration)
                swap(&model, &additions.model)
                work += 1
                bindAdded(declaration, into: &additions)
                if let entity = Self.lastBuilt(declaration, in: additions.model) {
                    plan.steps.append(.add(entity, span: span))
                    additions.appended(entity.kind, entity.name, at: index)
                }
                switch declaration {
                case .body: additions.model.bodies.last.map { checkWritten($0, at: span) }
                case .bloc:
                    blocsAdded = true
                    if let bloc = additions.model.blocs.last { current.change(blocs: [bloc]) }
                case .member:
                    if let member = additions.model.members.last {
                        checkJoined(member, at: member.joinedSpan)
                        current.change(adding: [member])
                    }
                default: break
                }
            case .remove(let names, let span):
                let removable: EntityKinds = [.member, .value, .principle, .goal, .body, .rule, .channel, .bloc]
                let found = references(names, to: removable, as: "member, value, principle, goal, body, rule, channel or bloc")
                for name in found {
                    scenarioSymbols![name.text] = .some(nil)
                    removedInScenario[name.text] = name.span
                }
                // What was added or amended before goes too.
                let gone = Set(found.map(\.text))
                removed.formUnion(gone)
                current.change(removing: gone)
                additions.removed(gone, at: index)
                plan.steps.append(.remove(found.map(\.text), span: span))
            case .amend(let target, let items, let span):
                let (_, amended) = amend(target, items, additions: &additions, at: index)
                if let amended {
                    let step = amended(span)
                    plan.steps.append(step)
                    switch step {
                    case .replace(.member(let member), _): current.change(adding: [member])
                    case .replace(.body(let body), _): checkWritten(body, at: span)
                    default: break
                    }
                }
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
                    let builtin = builtinChecks.contains { $0.lowercased() == title.value.lowercased() }
                    let help = builtin ? "`\(title.value)` is a built-in check: ask whether it reports a finding with `expect finding \(title.value)` (or `expect no finding \(title.value)`)"
                        : checkTitleCandidates!.suggestion(for: title.value, work: &looked).map { "did you mean \"\($0)\"?" }
                        ?? (model.checks.isEmpty ? "no check is declared; declare it with `check \"…\" { … }`" : nil)
                    work += looked
                    suggesting += looked
                    report(ResolverDiagnostic.unknownCheck, "no check is described as \"\(title.value)\"",
                           at: title.span, help: help)
                }
            case .expect(let condition, let span):
                plan.steps.append(.expect(bindCondition(condition, Scope(), "an expectation"), span: span))
            case .expectFinding(let check, let checkSpan, let subject, let present, let span):
                plan.steps.append(.expectFinding(check: check, on: subject?.text, present: present, span: span))
                if let subject { _ = reference(subject, to: .every, as: "declared name") }
                checkBuiltin(check, at: checkSpan)
            case .let(let binding):
                let value = bind(binding.value, Scope())
                if declare(binding.name, as: .binding) {
                    scenarioUndo.append(.bindingType(binding.name.text, bindingTypes[binding.name.text]))
                    bindingTypes[binding.name.text] = value.type
                }
                plan.steps.append(.binding(LetBinding(name: binding.name.text, value: value,
                                                      origin: Origin(span: binding.span, nameSpan: binding.name.span))))
            case .show(let statement):
                plan.steps.append(.show(bind(statement.value, Scope()), span: statement.span))
            case .assert(let statement):
                let condition = bindCondition(statement.condition, Scope(), "an assertion")
                plan.steps.append(.assert(condition, message: statement.message?.value, span: statement.span))
            }
        }
        if blocsAdded { checkBlocs(additions, removing: removed, in: scenario) }
    }

    /// Checks the blocs a scenario added against the declared model with the
    /// scenario's changes laid over it, and keeps what is found in what the
    /// scenario wrote: a bloc that contains itself. The blocs the scenario
    /// did not touch cannot give a finding inside it, so they are not looked at.
    private mutating func checkBlocs(_ additions: ScenarioAdditions, removing removed: Set<String>, in scenario: ScenarioDecl) {
        let before = diagnostics.count
        let (members, blocs, _) = additions.remaining()
        work += additions.model.members.count + additions.model.blocs.count + removed.count
        let expansion = (baseExpansion ?? expandingMembers(of: model)).changed(adding: members, blocs: blocs, removing: removed)
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
            // What the step wrote is checked as written; a stage it left is the edited model's (C907).
            if items.contains(where: { if case .joined = $0.kind { true } else { false } }) {
                checkJoined(member, at: member.joinedSpan)
            }
            let amended = member
            if let added { additions.model.members[added] = amended } else { additions.model.members.append(amended) }
            additions.touched(kind, target.text, at: step)
            return (kind, { .replace(.member(amended), span: $0) })
        case .body:
            guard var body = added.map({ additions.model.bodies[$0] }) ?? amendable?.bodies[target.text].map({ model.bodies[$0] })
            else { return (kind, nil) }
            apply(items, to: &body)
            if let query = bindItems(items) { body.members = .query(query) }
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
