// The parser: a hand-written recursive descent over the lexer's tokens, one
// function per production of grammar/charter.ebnf, with one function per
// precedence level for expressions. Every production is quoted, as the
// grammar writes it, in a `/* … */` above the function that parses it; where
// one function parses several (`parseItem` the items of every block,
// `parsePhrase` its words), it carries each of their quotes. GrammarTests
// compares each quote with the grammar's text, so neither changes alone.
// When the file is parsed, each comment is attached to the declaration,
// item or step it belongs to (Comments.swift).
//
// Parsing never fails: it returns a tree and a list of diagnostics. On an
// error the parser reports "expected X, found Y", throws `Recovery` to the
// nearest loop that can resume — the item loop of a block, or the program's
// declaration loop — and that loop skips to where the input makes sense
// again. At most one syntax error is reported per line, every loop makes
// progress, and expressions nest at most `maximumDepth` deep (a limit the
// caller may raise, up to `Limits.deepestNesting`), so no input can make it
// loop forever or overflow the stack.

import CharterDiagnostics
import CharterNumbers

/// Diagnostics of the parser.
public enum ParserDiagnostic {
    public static let unexpectedToken = DiagnosticCode("E201", "unexpected-token")
    /// Distinct from `expected` so a REPL can tell "incomplete, read another
    /// line" from "wrong".
    public static let unexpectedEnd = DiagnosticCode("E202", "unexpected-end-of-file")
    public static let tooDeep = DiagnosticCode("E203", "nesting-too-deep")
    public static let misplacedItem = DiagnosticCode("E204", "misplaced-item")
    public static let numberTooLarge = DiagnosticCode("E205", "number-too-large")
    public static let chainedComparison = DiagnosticCode("E206", "chained-comparison")
    public static let emptyFile = DiagnosticCode("E208", "empty-file")
    public static let zeroDenominator = DiagnosticCode("E209", "zero-denominator")
    public static let matterRuleOnNextLine = DiagnosticCode("E210", "matter-rule-on-next-line", .warning)
    public static let negativeNumber = DiagnosticCode("E211", "negative-number")
    public static let decimalFraction = DiagnosticCode("E212", "decimal-fraction")

    /// Every code this stage can emit.
    public static let all: [DiagnosticCode] = [
        unexpectedToken, unexpectedEnd, tooDeep, misplacedItem, numberTooLarge, chainedComparison,
        emptyFile, zeroDenominator, matterRuleOnNextLine, negativeNumber, decimalFraction,
    ]
}

/// The productions of grammar/charter.ebnf, named as there. The parser
/// records the ones it exercises so a test can hold grammar and parser in
/// lock-step.
public enum Production: String, CaseIterable, Sendable {
    case program, declaration
    case allianceDecl = "alliance_decl", allianceItem = "alliance_item", missionItem = "mission_item"
    case stageItem = "stage_item", balanceItem = "balance_item"
    case valueDecl = "value_decl", principleDecl = "principle_decl", principleClause = "principle_clause"
    case tensionDecl = "tension_decl"
    case memberDecl = "member_decl", memberItem = "member_item", kindItem = "kind_item", classItem = "class_item"
    case motivationItem = "motivation_item", weightItem = "weight_item", holdsItem = "holds_item"
    case joinedItem = "joined_item", contributionItem = "contribution_item"
    case blocDecl = "bloc_decl", selector
    case goalDecl = "goal_decl", goalKind = "goal_kind", goalItem = "goal_item", targetItem = "target_item"
    case bodyDecl = "body_decl", bodyItem = "body_item", bodyMembersItem = "body_members_item"
    case decidesItem = "decides_item", decisionItem = "decision_item", decisionRule = "decision_rule"
    case majorityRule = "majority_rule", quorumItem = "quorum_item", vetoItem = "veto_item", ratio
    case ruleDecl = "rule_decl", statement, actor, deontic, phrase, word
    case channelDecl = "channel_decl", checkDecl = "check_decl"
    case scenarioDecl = "scenario_decl", scenarioStep = "scenario_step", addStep = "add_step"
    case removeStep = "remove_step", amendStep = "amend_step", amendItem = "amend_item"
    case expectStep = "expect_step", findingExpectation = "finding_expectation", checkName = "check_name"
    case importDecl = "import_decl", letDecl = "let_decl", showStmt = "show_stmt", assertStmt = "assert_stmt"
    case replInput = "repl_input"
    case expression, quantified, filter, disjunction, conjunction, negation, comparison
    case comparisonOp = "comparison_op", setExpr = "set_expr", sum, product, unary, postfix, callArgs = "call_args"
    case primary, setLiteral = "set_literal", nameList = "name_list"
}

/// The result of parsing one file.
public struct ParseResult: Sendable {
    public var syntax: SourceFileSyntax
    /// The lexer's and the parser's diagnostics, in source order.
    public var diagnostics: [Diagnostic]
    /// The productions used; empty unless tracing was asked for.
    public var exercised: Set<Production>
}

/// What one entry typed at the REPL says.
public enum ReplInput: Sendable {
    /// Declarations and statements, as a file would hold them.
    case declarations([Declaration])
    /// A `remove` or an `amend`: a change to the live model.
    case change(ScenarioStep)
    /// `remove "title"`: a check or scenario, which have titles, not names.
    case removeTitled(StringLiteral)
    /// An expression to evaluate and show.
    case expression(Expr)
}

/// The result of parsing one REPL entry.
public struct ReplParseResult: Sendable {
    /// nil when the entry has syntax errors.
    public var input: ReplInput?
    /// The entry as a file: its declarations (for `.declarations`) and comments.
    public var syntax: SourceFileSyntax
    public var diagnostics: [Diagnostic]
    public var exercised: Set<Production>
}

public struct Parser {
    /// A file at least this large is lexed on a thread of its own as it is
    /// parsed (`LexerFeed`): below it, starting a thread costs more than the
    /// two cores save.
    static let largeFile = 256 * 1024

    /// Parses one file. With `trace`, records the productions it exercised.
    /// Expressions deeper than `maximumDepth` are refused (E203).
    public static func parse(_ file: SourceFile, maximumDepth: Int = Limits().nestingDepth, trace: Bool = false) -> ParseResult {
        parse(file, maximumDepth: maximumDepth, trace: trace, tokensAtOnce: batch)
    }

    /// `parse`, handing each top-level declaration to `take` as soon as it
    /// is read, in order, and keeping what `take` returns in its place: a
    /// lint run resolves as it parses, and lets a member's block go once
    /// its member is built (`Resolver.Stream`). `take` is told whether the
    /// declaration is `replaceable`: no comment is written inside it, so
    /// something else of the same span takes its comments as it would.
    public static func parse(_ file: SourceFile, maximumDepth: Int = Limits().nestingDepth,
                             handingOver take: (consuming Declaration, _ replaceable: Bool) -> Declaration) -> ParseResult {
        parse(file, maximumDepth: maximumDepth, tokensAtOnce: batch, handingOver: take)
    }

    /// `parse`, scanning `tokensAtOnce` tokens at a time (tests hold every
    /// size to give the same tree). A large file is lexed on another thread
    /// as it is parsed (`LexerFeed`); `lexingApart` says whether, for tests
    /// that hold both ways to give the same result.
    static func parse(_ file: SourceFile, maximumDepth: Int = Limits().nestingDepth, trace: Bool = false,
                      tokensAtOnce: Int, lexingApart: Bool? = nil,
                      handingOver take: (consuming Declaration, _ replaceable: Bool) -> Declaration = { declaration, _ in declaration })
        -> ParseResult {
        var parser = Parser(file: file, maximumDepth: maximumDepth, tracing: trace, tokensAtOnce: tokensAtOnce,
                            lexingApart: lexingApart ?? (file.bytes.count >= largeFile))
        let declarations = parser.parseProgram(handingOver: take)
        // The comments and problems of what the parser did not read (it
        // stops after too many errors) are the file's all the same.
        parser.lexer.finish()
        let lexed = parser.lexer.lexed
        let comments = CommentAttacher.attach(lexed.comments, to: declarations.lazy.map(CommentOwner.declaration), in: file)
        let syntax = SourceFileSyntax(parsed: file.id, declarations: declarations, comments: lexed.comments, attached: comments,
                                      recoveries: parser.recoveries)
        // The parser gives up only on syntax errors, which are errors.
        let unlisted = [lexed.unlisted, parser.gaveUp ? .error : nil].compactMap { $0 }.max()
        var diagnostics = DiagnosticLimit.apply(lexed.diagnostics + parser.diagnostics, unlisted: unlisted,
                                                what: "there are too many problems in this file")
        if declarations.isEmpty && diagnostics.isEmpty {
            diagnostics.append(Diagnostic(
                ParserDiagnostic.emptyFile, "this file declares nothing",
                at: Span(file: file.id, start: 0, end: 0),
                help: "a Charter file describes an alliance; start with `alliance name \"Full name\" { … }`"))
        }
        return ParseResult(syntax: syntax, diagnostics: diagnostics.sortedForDisplay(), exercised: parser.exercised)
    }

    /// Parses one REPL entry: declarations as in a file, a change to the
    /// live model, or an expression to show.
    public static func parseInput(_ file: SourceFile, maximumDepth: Int = Limits().nestingDepth,
                                  trace: Bool = false) -> ReplParseResult {
        var parser = Parser(file: file, maximumDepth: maximumDepth, tracing: trace, tokensAtOnce: batch)
        let input = parser.parseReplInput()
        parser.lexer.finish()
        let lexed = parser.lexer.lexed
        let declarations: [Declaration]
        if case .declarations(let parsed) = input { declarations = parsed } else { declarations = [] }
        // A change's items have comments as a declaration's do (`amend x { holds a, # why …`).
        let owners = if case .change(let step) = input { [CommentOwner.step(step)] } else { declarations.map(CommentOwner.declaration) }
        let comments = CommentAttacher.attach(lexed.comments, to: owners, in: file)
        let syntax = SourceFileSyntax(file: file.id, declarations: declarations, comments: comments,
                                      recoveries: parser.recoveries)
        let unlisted = [lexed.unlisted, parser.gaveUp ? .error : nil].compactMap { $0 }.max()
        let diagnostics = DiagnosticLimit.apply(lexed.diagnostics + parser.diagnostics, unlisted: unlisted,
                                                what: "there are too many problems in this entry")
        let failed = diagnostics.contains { $0.severity == .error }
        return ReplParseResult(input: failed ? nil : input, syntax: syntax, diagnostics: diagnostics.sortedForDisplay(),
                               exercised: parser.exercised)
    }

    // MARK: - State

    private struct Recovery: Error {}

    private let file: SourceFile
    /// The tokens, scanned a little ahead of `index` (`advance`) and dropped
    /// between declarations (`parseProgram`): a large file's tokens are never
    /// all held at once. Read at most `lookahead` tokens past `index`.
    private var lexer: Lexer
    private var index = 0
    private static let lookahead = 4
    /// How many tokens are scanned at a time, and how many read tokens are
    /// let pile up before they are dropped.
    private static let batch = 1_024
    private let tokensAtOnce: Int
    /// How many read tokens pile up before they are dropped: those held past
    /// them are moved each time.
    private let dropAfter: Int
    private var depth = 0
    /// How deep an expression tree may grow before the parser refuses it.
    private let maximumDepth: Int
    private var diagnostics: [Diagnostic] = []
    /// Where the parser gave up on an item of a block or a scenario step and
    /// skipped ahead, keeping the rest of the declaration.
    private(set) var recoveries: [Span] = []
    private var lastErrorLine = -1
    private var errorCount = 0
    /// Set when the parser has reported as many errors as it lists, and stops.
    private(set) var gaveUp = false
    /// Open `{` tokens with what they open, for "to close …" labels.
    private var openBlocks: [(brace: Token, what: Opener)] = []
    private let tracing: Bool
    private(set) var exercised: Set<Production> = []
    private var words = WordTable()
    /// The comments before the last declaration asked about (`hasComment`).
    private var commentsBefore = 0
    /// Room for the items of a block while it is parsed (see `parseBlock`).
    private let itemRoom = ItemRoom()
    /// Room for a list of names while it is parsed (see `parseNameList`).
    private var nameRoom: [Name] = []

    private init(file: SourceFile, maximumDepth: Int, tracing: Bool, tokensAtOnce: Int, lexingApart: Bool = false) {
        self.file = file
        self.lexer = lexingApart ? Lexer(scanningApart: file) : Lexer(file)
        self.tokensAtOnce = max(tokensAtOnce, 1)
        // Lexed apart, the tokens come a batch at a time, and a batch's worth
        // are read before they are let go: those held past them (at most a
        // batch) are moved each time.
        dropAfter = lexingApart ? LexerFeed.tokensPerBatch : self.tokensAtOnce
        lexer.scan(until: self.tokensAtOnce + Self.lookahead + 1)
        self.maximumDepth = min(max(maximumDepth, 1), Limits.deepestNesting)
        self.tracing = tracing
    }

    /// What an open bracket belongs to, put into words only when a message
    /// needs it: most files never do, and every member opens a block.
    private enum Opener {
        /// Already words: "the check", "`(`".
        case words(String)
        /// `member `x``, `rule `x``: the keyword token and the name.
        case declaration(Token, Name)
        /// `amend x`.
        case amendment(Name)

        func words(in file: SourceFile) -> String {
            switch self {
            case .words(let words): words
            case .declaration(let keyword, let name): "\(file.text(keyword.span)) `\(name)`"
            case .amendment(let name): "`amend \(name)`"
            }
        }
    }

    // MARK: - Program

    /* program = { declaration } ; */
    private mutating func parseProgram(handingOver take: (consuming Declaration, Bool) -> Declaration = { declaration, _ in declaration })
        -> [Declaration] {
        enter(.program)
        var declarations: [Declaration] = []
        while !check(.endOfFile) && !gaveUp {
            // Between declarations no position is held: the tokens read are
            // dropped, but for the one before (`previous`).
            if index > dropAfter {
                lexer.drop(index - 1)
                index = 1
            }
            let start = index
            // Errors in a new declaration are never echoes of the last one.
            lastErrorLine = -1
            let declaration: Declaration
            do {
                declaration = try parseDeclaration()
            } catch {
                // The whole declaration is lost as `.bad`; only its name, if
                // it got that far, reaches the resolver.
                synchronize()
                declaration = .bad(lexer.tokens[start].span.to(previous.span), name: nameOfBrokenDeclaration(at: start))
            }
            // Handed over, not copied: a copy of each was dropped once taken.
            let replaceable = !hasComment(inside: declaration.span)
            declarations.append(take(declaration, replaceable))
            if index == start { advance() } // The guard that guarantees progress.
        }
        return declarations
    }

    /// Whether a comment starts inside `span`, the declaration just parsed
    /// (whose comments are all scanned by then). Asked in order, so the
    /// comments before it are passed over once.
    private mutating func hasComment(inside span: Span) -> Bool {
        let comments = lexer.comments
        while commentsBefore < comments.count && comments[commentsBefore].span.start < span.start { commentsBefore += 1 }
        return commentsBefore < comments.count && comments[commentsBefore].span.start < span.end
    }

    /* repl_input = remove_step | 'remove' STRING | amend_step | expression | program ; */
    private mutating func parseReplInput() -> ReplInput {
        enter(.replInput)
        let startsChange = (checkWord("remove") || checkWord("amend")) && peekNext.kind == .identifier
        let removesTitled = checkWord("remove") && peekNext.kind == .string
        if startsChange || removesTitled || !(startsDeclaration(peek) || check(.endOfFile)) {
            do {
                let input: ReplInput
                if removesTitled {
                    advance()
                    input = .removeTitled(parseString())
                } else if startsChange {
                    input = .change(checkWord("remove") ? try parseRemoveStep() : try parseAmendStep())
                } else {
                    input = .expression(try parseExpression())
                }
                if !check(.endOfFile) {
                    throw fail("expected the end of the entry, found \(describe(peek))",
                               help: "enter one expression, change or set of declarations at a time", missing: false)
                }
                return input
            } catch {
                return .declarations([])
            }
        }
        return .declarations(parseProgram())
    }

    /* declaration  = alliance_decl | value_decl | principle_decl | tension_decl
                    | member_decl | bloc_decl | goal_decl | body_decl | rule_decl
                    | channel_decl | check_decl | scenario_decl | import_decl
                    | let_decl | show_stmt | assert_stmt ; */
    private mutating func parseDeclaration() throws(Recovery) -> Declaration {
        enter(.declaration)
        switch peek.kind {
        case .kwAlliance: return .alliance(try parseAllianceDecl())
        case .kwValue: return .value(try parseValueDecl())
        case .kwPrinciple: return .principle(try parsePrincipleDecl())
        case .kwTension: return .tension(try parseTensionDecl())
        case .kwMember: return .member(try parseMemberDecl())
        case .kwBloc: return .bloc(try parseBlocDecl())
        case .kwGoal: return .goal(try parseGoalDecl())
        case .kwBody: return .body(try parseBodyDecl())
        case .kwRule: return .rule(try parseRuleDecl())
        case .kwChannel: return .channel(try parseChannelDecl())
        case .kwCheck: return .check(try parseCheckDecl())
        case .kwScenario: return .scenario(try parseScenarioDecl())
        case .kwImport: return .import(try parseImportDecl())
        case .kwLet: return .let(try parseLetDecl())
        case .kwShow: return .show(try parseShowStmt())
        case .kwAssert: return .assert(try parseAssertStmt())
        default:
            var fix: Fix?
            var help = "a Charter file is a list of declarations: alliance, value, principle, tension, member, bloc, goal, body, rule, channel, check, scenario, import, let, show or assert"
            if peek.kind == .identifier, let keyword = Spelling.suggestion(
                for: text(peek), among: TokenKind.keywords.filter { $0.value.startsDeclaration }.keys) {
                help = "did you mean `\(keyword)`?"
                fix = Fix(peek.span, keyword)
            }
            throw fail("expected a declaration, found \(describe(peek))", help: help, fix: fix, missing: false)
        }
    }

    // MARK: - Alliance

    /* alliance_decl = "alliance" IDENT [ STRING ] "{" { alliance_item } "}" ; */
    private mutating func parseAllianceDecl() throws(Recovery) -> AllianceDecl {
        enter(.allianceDecl)
        let (name, title, items, span) = try parseNamedBlock(.alliance)
        return AllianceDecl(name: name, title: title, items: items, span: span)
    }

    /// `keyword IDENT [ STRING ] "{" { item } "}"`: the shape alliances,
    /// members and bodies share.
    private mutating func parseNamedBlock(_ kind: BlockKind) throws(Recovery)
        -> (name: Name, title: StringLiteral?, items: [Item], span: Span) {
        let keyword = advance()
        let file = file
        let name = try expectName("a name for the \(file.text(keyword.span))", after: file.text(keyword.span))
        let title = parseOptionalString()
        let items = try parseBlock(kind, owner: .declaration(keyword, name))
        return (name, title, items, keyword.span.to(previous.span))
    }

    // MARK: - Values and principles

    /* value_decl = "value" IDENT STRING [ 'about' IDENT ] ; */
    private mutating func parseValueDecl() throws(Recovery) -> ValueDecl {
        enter(.valueDecl)
        let keyword = advance()
        let name = try expectName("a name for the value", after: "value")
        guard check(.string) else {
            throw fail("expected the meaning of value `\(name)` as quoted text, found \(describe(peek))",
                       help: "say what the value means to this alliance: `value \(name) \"…\"`")
        }
        let meaning = parseString()
        let about = matchWord("about") ? try expectName("what the value is about", after: "about") : nil
        return ValueDecl(name: name, meaning: meaning, about: about, span: keyword.span.to(previous.span))
    }

    /* principle_decl = "principle" IDENT [ STRING ] principle_clause { principle_clause } ; */
    private mutating func parsePrincipleDecl() throws(Recovery) -> PrincipleDecl {
        enter(.principleDecl)
        let keyword = advance()
        let name = try expectName("a name for the principle", after: "principle")
        let title = parseOptionalString()
        var clauses: [PrincipleDecl.Clause] = []
        repeat {
            guard checkWord("upholds") || checkWord("opposes") else {
                throw fail("expected `upholds` or `opposes` after principle `\(name)`, found \(describe(peek))",
                           help: "a principle upholds (or opposes) values: `principle \(name) upholds transparency`")
            }
            clauses.append(try parsePrincipleClause())
        } while checkWord("upholds") || checkWord("opposes")
        return PrincipleDecl(name: name, title: title, clauses: clauses, span: keyword.span.to(previous.span))
    }

    /* principle_clause = ( 'upholds' | 'opposes' ) name_list ; */
    private mutating func parsePrincipleClause() throws(Recovery) -> PrincipleDecl.Clause {
        enter(.principleClause)
        let word = advance()
        let file = file
        let values = try parseNameList("a value name", after: file.text(word.span))
        return PrincipleDecl.Clause(stance: text(word) == "upholds" ? .upholds : .opposes,
                                    values: values, span: word.span.to(previous.span))
    }

    /* tension_decl = "tension" IDENT "vs" IDENT [ STRING ] ; */
    private mutating func parseTensionDecl() throws(Recovery) -> TensionDecl {
        enter(.tensionDecl)
        let keyword = advance()
        let left = try expectName("a value or principle name", after: "tension")
        guard match(.kwVs) else {
            throw fail("expected `vs` after `tension \(left)`, found \(describe(peek))",
                       help: "name the two sides: `tension \(left) vs other`")
        }
        let right = try expectName("a value or principle name", after: "vs")
        let note = parseOptionalString()
        return TensionDecl(left: left, right: right, note: note, span: keyword.span.to(previous.span))
    }

    // MARK: - Members and blocs

    /* member_decl = "member" IDENT [ STRING ] "{" { member_item } "}" ; */
    private mutating func parseMemberDecl() throws(Recovery) -> MemberDecl {
        enter(.memberDecl)
        let (name, title, items, span) = try parseNamedBlock(.member)
        return MemberDecl(name: name, title: title, items: items, span: span)
    }

    /* bloc_decl = "bloc" IDENT "=" selector ; */
    private mutating func parseBlocDecl() throws(Recovery) -> BlocDecl {
        enter(.blocDecl)
        let keyword = advance()
        let name = try expectName("a name for the bloc", after: "bloc")
        guard match(.assign) else {
            throw fail("expected `=` after `bloc \(name)`, found \(describe(peek))",
                       help: "a bloc is a list or a query: `bloc \(name) = a, b` or `bloc \(name) = members where …`")
        }
        let selector = try parseSelector(after: "=")
        return BlocDecl(name: name, selector: selector, span: keyword.span.to(previous.span))
    }

    /* selector = "all" | 'members' filter | name_list ; */
    private mutating func parseSelector(after: String) throws(Recovery) -> Selector {
        enter(.selector)
        if check(.kwAll) { return .all(advance().span) }
        if checkWord("members") && peekNext.kind == .kwWhere {
            let start = advance()
            let condition = try parseFilter()
            return .filter(condition, span: start.span.to(condition.span))
        }
        return .names(try parseNameList("a member or bloc name", after: after))
    }

    /* filter = "where" expression ; */
    private mutating func parseFilter() throws(Recovery) -> Expr {
        enter(.filter)
        advance()
        return try parseExpression()
    }

    // MARK: - Goals

    /* goal_decl = "goal" IDENT [ STRING ] goal_kind 'serves' name_list [ "{" { goal_item } "}" ] ; */
    private mutating func parseGoalDecl() throws(Recovery) -> GoalDecl {
        enter(.goalDecl)
        let keyword = advance()
        let name = try expectName("a name for the goal", after: "goal")
        let title = parseOptionalString()
        let (kind, kindSpan) = try parseGoalKind(goal: name)
        guard matchWord("serves") else {
            throw fail("expected `serves` after `\(kind == .social ? "social" : "business")`, found \(describe(peek))",
                       help: "say which values the goal serves: `goal \(name) social serves transparency`")
        }
        let serves = try parseNameList("a value name", after: "serves")
        let items = check(.leftBrace) ? try parseBlock(.goal, owner: .declaration(keyword, name)) : []
        return GoalDecl(name: name, title: title, kind: kind, kindSpan: kindSpan, serves: serves, items: items,
                        span: keyword.span.to(previous.span))
    }

    /* goal_kind = 'social' | 'business' ; */
    private mutating func parseGoalKind(goal: Name) throws(Recovery) -> (GoalDecl.Kind, Span) {
        enter(.goalKind)
        if matchWord("social") { return (.social, previous.span) }
        if matchWord("business") { return (.business, previous.span) }
        throw fail("expected `social` or `business` after goal `\(goal)`, found \(describe(peek))",
                   help: "say what kind of goal it is: `goal \(goal) social serves …`")
    }

    // MARK: - Governance

    /* body_decl = "body" IDENT [ STRING ] "{" { body_item } "}" ; */
    private mutating func parseBodyDecl() throws(Recovery) -> BodyDecl {
        enter(.bodyDecl)
        let (name, title, items, span) = try parseNamedBlock(.body)
        return BodyDecl(name: name, title: title, items: items, span: span)
    }

    /* decision_rule = 'by' ( 'unanimity' | 'consensus' | majority_rule ) ; */
    private mutating func parseDecisionRule() throws(Recovery) -> DecisionRule {
        enter(.decisionRule)
        let by = advance()
        if matchWord("unanimity") { return DecisionRule(kind: .unanimity, span: by.span.to(previous.span)) }
        if matchWord("consensus") { return DecisionRule(kind: .consensus, span: by.span.to(previous.span)) }
        if ["simple", "qualified", "weighted", "majority"].contains(where: checkWord) {
            let kind = try parseMajorityRule()
            return DecisionRule(kind: kind, span: by.span.to(previous.span))
        }
        var fix: Fix?
        var help = "a body decides `by unanimity`, `by consensus`, `by simple majority`, `by qualified majority 2/3`, `by weighted majority 60%` or `by weighted majority quota 12`"
        if check(.identifier), let word = Spelling.suggestion(
            for: text(peek), among: ["unanimity", "consensus", "simple", "qualified", "weighted", "majority"]) {
            help = "did you mean `\(word)`?"
            fix = Fix(peek.span, word)
        }
        throw fail("expected a decision rule after `by`, found \(describe(peek))", help: help, fix: fix)
    }

    /* majority_rule = [ 'simple' | 'qualified' | 'weighted' ] 'majority' [ ratio | 'quota' NUMBER ] ; */
    private mutating func parseMajorityRule() throws(Recovery) -> DecisionRule.Kind {
        enter(.majorityRule)
        var majority = DecisionRule.Majority.plain
        if matchWord("simple") { majority = .simple }
        else if matchWord("qualified") { majority = .qualified }
        else if matchWord("weighted") { majority = .weighted }
        if majority != .plain && !checkWord("majority") {
            throw fail("expected `majority` after `\(text(previous))`, found \(describe(peek))")
        }
        if majority == .plain || checkWord("majority") { advance() }
        var threshold: DecisionRule.Threshold?
        if check(.number) || check(.percent) || check(.minus) {
            threshold = .ratio(try parseRatio(after: "majority"))
        } else if matchWord("quota") {
            threshold = .quota(try expectNumber("the quota, a total weight", after: "quota", within64Bits: true))
        }
        return .majority(majority, threshold)
    }

    /* ratio = PERCENT | NUMBER [ "/" NUMBER ] ; */
    private mutating func parseRatio(after: String) throws(Recovery) -> Ratio {
        enter(.ratio)
        if rejectMinus("a share", help: "a share lies between 0 and 1, as in `60%` or `2/3`") {
            var ratio = try parseRatio(after: "-")
            ratio.value = nil
            return ratio
        }
        if check(.percent) {
            let token = advance()
            return Ratio(form: .percent, value: percentValue(token), span: token.span)
        }
        guard check(.number) else {
            throw fail("expected a share after `\(after)`, found \(describe(peek))",
                       help: "write a share as a percentage (`60%`), a fraction (`2/3`) or a decimal (`0.6`)")
        }
        let first = advance()
        let numerator = checkedNumber(text(first)[...], at: first.span)
        guard match(.slash) else {
            return Ratio(form: .decimal, value: numerator, span: first.span)
        }
        let denominatorToken = try expectToken(.number, "a whole number", after: "/")
        let denominator = checkedNumber(text(denominatorToken)[...], at: denominatorToken.span)
        if text(first).contains(".") || text(denominatorToken).contains(".") {
            report(ParserDiagnostic.decimalFraction, "a fraction is two whole numbers", at: first.span.to(denominatorToken.span),
                   help: "write it as `2/3`, or as a decimal such as `0.5`")
            return Ratio(form: .fraction, value: nil, span: first.span.to(denominatorToken.span))
        }
        var value: Rational?
        if let numerator, let denominator {
            value = numerator.divided(by: denominator)
            if denominator == .zero {
                report(ParserDiagnostic.zeroDenominator, "a fraction cannot have zero below the line",
                       at: denominatorToken.span, help: "write a share between 0 and 1, such as `2/3`")
            }
        }
        return Ratio(form: .fraction, value: value, span: first.span.to(denominatorToken.span))
    }

    // MARK: - Rules

    /* rule_decl = "rule" IDENT [ STRING ] [ 'about' name_list ] "{" statement "}" ; */
    private mutating func parseRuleDecl() throws(Recovery) -> RuleDecl {
        enter(.ruleDecl)
        let keyword = advance()
        let name = try expectName("a name for the rule", after: "rule")
        let title = parseOptionalString()
        var topics: [Name] = []
        if matchWord("about") {
            topics = try parseNameList("a topic such as `admission` or `exit`", after: "about")
        }
        let brace = try expectToken(.leftBrace, "`{`", after: "rule `\(name)`")
        openBlocks.append((brace, .words("rule `\(name)`")))
        defer { openBlocks.removeLast() }
        let statement = try parseStatement()
        try expectClosingBrace()
        return RuleDecl(name: name, title: title, topics: topics, statement: statement,
                        span: keyword.span.to(previous.span))
    }

    /* statement = actor deontic phrase [ 'when' phrase ] [ "or" 'else' phrase ] ; */
    private mutating func parseStatement() throws(Recovery) -> Statement {
        enter(.statement)
        let start = peek
        let actor = try parseActor()
        let (deontic, deonticSpan) = try parseDeontic()
        let deonticWords = switch deontic {
        case .must: "must"
        case .mustNot: "must not"
        case .may: "may"
        }
        let aim = try parsePhrase("what the actor \(deonticWords) do", after: deonticWords)
        var condition: Phrase?
        if matchWord("when") {
            condition = try parsePhrase("a condition", after: "when")
        }
        var sanction: Phrase?
        if match(.kwOr) {
            // A phrase stops at `or` only before `else`, so this `or` ends a quoted text.
            guard matchWord("else") else {
                throw fail("expected `else` after `or`, found \(describe(peek))",
                           help: "a sanction follows `or else`: `… or else suspension`")
            }
            sanction = try parsePhrase("a sanction", after: "or else")
        } else if checkWord("or_else") {
            // The brief's early sketch spelt it so; read it as meant, and say how to write it.
            report(ParserDiagnostic.unexpectedToken, "`or_else` is written as two words, `or else`", at: peek.span,
                   help: "write `or else \(lexer.tokens[index + 1].kind == .identifier ? text(lexer.tokens[index + 1]) : "…")`")
            advance()
            sanction = try parsePhrase("a sanction", after: "or_else")
        }
        return Statement(actor: actor, deontic: deontic, deonticSpan: deonticSpan, aim: aim,
                         condition: condition, sanction: sanction, span: start.span.to(previous.span))
    }

    /* actor = "every" "member" [ 'of' IDENT ] | IDENT ; */
    private mutating func parseActor() throws(Recovery) -> Statement.Actor {
        enter(.actor)
        if match(.kwEvery) {
            let every = previous
            _ = try expectToken(.kwMember, "`member`", after: "every")
            var group: Name?
            if matchWord("of") {
                group = try expectName("a bloc or body name", after: "of")
            }
            return .everyMember(of: group, span: every.span.to(previous.span))
        }
        guard check(.identifier) else {
            throw fail("expected who the rule binds, found \(describe(peek))",
                       help: "a rule starts with its actor: `every member`, `every member of board`, or a member, bloc or body name")
        }
        return .named(name(advance()))
    }

    /* deontic = "must" [ "not" ] | "may" ; */
    private mutating func parseDeontic() throws(Recovery) -> (Statement.Deontic, Span) {
        enter(.deontic)
        if match(.kwMust) {
            let must = previous
            if match(.kwNot) { return (.mustNot, must.span.to(previous.span)) }
            return (.must, must.span)
        }
        if match(.kwMay) { return (.may, previous.span) }
        if checkWord("must_not") || checkWord("mustnot") {
            // Read it as meant, and say how to write it.
            report(ParserDiagnostic.unexpectedToken, "`\(text(peek))` is written as two words, `must not`",
                   at: peek.span, help: "write `must not`")
            return (.mustNot, advance().span)
        }
        var help = "say what the actor must, must not or may do: `every member must publish impact_report`"
        if check(.identifier) && ["shall", "should", "can", "will"].contains(text(peek)) {
            help = "write `must`, `must not` or `may`"
        }
        throw fail("expected `must`, `must not` or `may`, found \(describe(peek))", help: help)
    }

    /* phrase = STRING | word { word } ; */
    /* word = IDENT | NUMBER | PERCENT | KEYWORD ; */
    private mutating func parsePhrase(_ what: String, after: String) throws(Recovery) -> Phrase {
        enter(.phrase)
        if check(.string) {
            let literal = parseString()
            return Phrase(text: literal.value, span: literal.span)
        }
        guard isPhraseWord(at: index) else {
            throw fail("expected \(what) after `\(after)`, found \(describe(peek))",
                       help: "write a few words (`publish impact_report`), or a sentence in quotes when it needs punctuation")
        }
        let first = peek
        var words: [String] = []
        while isPhraseWord(at: index) {
            enter(.word)
            words.append(text(advance()))
        }
        return Phrase(text: words.joined(separator: " "), span: first.span.to(previous.span))
    }

    /// Whether the token at `position` continues a phrase. A rule reads as a
    /// sentence, so names, numbers and reserved words all count (`report to
    /// the body`, `check every member`). A phrase stops at `when`, at `or
    /// else` (and `or_else`), at punctuation, and at a reserved word that
    /// starts both a line and a declaration: there the `}` was forgotten.
    private func isPhraseWord(at position: Int) -> Bool {
        let token = lexer.tokens[position]
        switch token.kind {
        case .identifier:
            return !["when", "or_else"].contains(text(token))
        case .number, .percent:
            return true
        case .kwOr:
            let next = lexer.tokens[min(position + 1, lexer.tokens.count - 1)]
            return !(next.kind == .identifier && text(next) == "else")
        default:
            guard token.kind.isKeyword else { return false }
            let startsLine = position == 0
                || file.lineIndex(of: lexer.tokens[position - 1].span.end) != file.lineIndex(of: token.span.start)
            return !(token.kind.startsDeclaration && startsLine)
        }
    }

    // MARK: - Channels

    /* channel_decl = "channel" IDENT [ STRING ] 'reaches' selector [ IDENT ] ; */
    private mutating func parseChannelDecl() throws(Recovery) -> ChannelDecl {
        enter(.channelDecl)
        let keyword = advance()
        let name = try expectName("a name for the channel", after: "channel")
        let title = parseOptionalString()
        guard matchWord("reaches") else {
            throw fail("expected `reaches` after channel `\(name)`, found \(describe(peek))",
                       help: "say whom the channel reaches: `channel \(name) reaches all monthly`")
        }
        let reaches = try parseSelector(after: "reaches")
        let frequency = check(.identifier) ? self.name(advance()) : nil
        return ChannelDecl(name: name, title: title, reaches: reaches, frequency: frequency,
                           span: keyword.span.to(previous.span))
    }

    // MARK: - Scripting

    /* check_decl = "check" STRING "{" expression "}" ; */
    private mutating func parseCheckDecl() throws(Recovery) -> CheckDecl {
        enter(.checkDecl)
        let keyword = advance()
        guard check(.string) else {
            throw fail("expected the check's description as quoted text after `check`, found \(describe(peek))",
                       help: "a check reads as a sentence: `check \"no member holds a quarter of the power\" { … }`")
        }
        let title = parseString()
        let brace = try expectToken(.leftBrace, "`{`", after: "the check's description")
        openBlocks.append((brace, .words("the check")))
        defer { openBlocks.removeLast() }
        let condition = try parseExpression()
        try expectClosingBrace()
        return CheckDecl(title: title, condition: condition, span: keyword.span.to(previous.span))
    }

    /* scenario_decl = "scenario" STRING "{" { scenario_step } "}" ; */
    private mutating func parseScenarioDecl() throws(Recovery) -> ScenarioDecl {
        enter(.scenarioDecl)
        let keyword = advance()
        guard check(.string) else {
            throw fail("expected the scenario's name as quoted text after `scenario`, found \(describe(peek))",
                       help: "name the what-if: `scenario \"the largest bank leaves\" { … }`")
        }
        let title = parseString()
        let brace = try expectToken(.leftBrace, "`{`", after: "the scenario's name")
        openBlocks.append((brace, .words("the scenario")))
        defer { openBlocks.removeLast() }
        var steps: [ScenarioStep] = []
        while !check(.rightBrace) && !check(.endOfFile) && !gaveUp {
            // `let`, `show` and `assert` are steps here; other declarations end the scenario.
            if startsDeclaration(peek) && ![.kwLet, .kwShow, .kwAssert].contains(peek.kind) { break }
            let start = index
            lastErrorLine = -1 // errors in a new step are not echoes of the last one
            do {
                steps.append(try parseScenarioStep())
            } catch {
                recoveries.append(peek.span)
                skip { parser in parser.check(.identifier) && Self.stepWords.contains(parser.text(parser.peek)) }
            }
            if index == start { advance() }
        }
        try expectClosingBrace()
        return ScenarioDecl(title: title, steps: steps, span: keyword.span.to(previous.span))
    }

    /// The contextual words that start a scenario step (`let`, `show` and
    /// `assert` are reserved words).
    private static let stepWords = ["add", "remove", "amend", "expect"]

    /* scenario_step = add_step | remove_step | amend_step | expect_step | let_decl | show_stmt | assert_stmt ; */
    private mutating func parseScenarioStep() throws(Recovery) -> ScenarioStep {
        enter(.scenarioStep)
        if check(.kwLet) { return .let(try parseLetDecl()) }
        if check(.kwShow) { return .show(try parseShowStmt()) }
        if check(.kwAssert) { return .assert(try parseAssertStmt()) }
        if checkWord("add") { return try parseAddStep() }
        if checkWord("remove") { return try parseRemoveStep() }
        if checkWord("amend") { return try parseAmendStep() }
        if checkWord("expect") { return try parseExpectStep() }
        var fix: Fix?
        var help = "a scenario changes the model with `add`, `remove` and `amend`, then asks with `expect`, `show`, `assert` or `let`"
        if check(.identifier), let word = Spelling.suggestion(
            for: text(peek), among: Self.stepWords + ["let", "show", "assert"]) {
            help = "did you mean `\(word)`?"
            fix = Fix(peek.span, word)
        }
        throw fail("expected a scenario step, found \(describe(peek))", help: help, fix: fix, missing: false)
    }

    /* add_step = 'add' ( member_decl | value_decl | principle_decl | goal_decl
                        | body_decl | rule_decl | channel_decl | bloc_decl ) ; */
    private mutating func parseAddStep() throws(Recovery) -> ScenarioStep {
        enter(.addStep)
        let add = advance()
        let declaration: Declaration
        switch peek.kind {
        case .kwMember: declaration = .member(try parseMemberDecl())
        case .kwValue: declaration = .value(try parseValueDecl())
        case .kwPrinciple: declaration = .principle(try parsePrincipleDecl())
        case .kwGoal: declaration = .goal(try parseGoalDecl())
        case .kwBody: declaration = .body(try parseBodyDecl())
        case .kwRule: declaration = .rule(try parseRuleDecl())
        case .kwChannel: declaration = .channel(try parseChannelDecl())
        case .kwBloc: declaration = .bloc(try parseBlocDecl())
        default:
            throw fail("expected what to add after `add`, found \(describe(peek))",
                       help: "a scenario can add a member, value, principle, goal, body, rule, channel or bloc: `add member newbank { … }`")
        }
        return .add(declaration, span: add.span.to(previous.span))
    }

    /* remove_step = 'remove' name_list ; */
    private mutating func parseRemoveStep() throws(Recovery) -> ScenarioStep {
        enter(.removeStep)
        let remove = advance()
        let names = try parseNameList("the name of what to remove", after: "remove")
        return .remove(names, span: remove.span.to(previous.span))
    }

    /* amend_step = 'amend' IDENT "{" { amend_item } "}" ; */
    private mutating func parseAmendStep() throws(Recovery) -> ScenarioStep {
        enter(.amendStep)
        let amend = advance()
        let target = try expectName("the name of what to change", after: "amend")
        let items = try parseBlock(.amend, owner: .amendment(target))
        return .amend(target, items, span: amend.span.to(previous.span))
    }

    /* expect_step = 'expect' ( "check" STRING ( 'passes' | 'fails' ) | finding_expectation | expression ) ; */
    private mutating func parseExpectStep() throws(Recovery) -> ScenarioStep {
        enter(.expectStep)
        let expect = advance()
        if startsFindingExpectation() { return try parseFindingExpectation(after: expect) }
        if match(.kwCheck) {
            guard check(.string) else {
                throw fail("expected the check's description as quoted text after `expect check`, found \(describe(peek))")
            }
            let title = parseString()
            let passes: Bool
            if matchWord("passes") { passes = true }
            else if matchWord("fails") { passes = false }
            else {
                throw fail("expected `passes` or `fails` after the check's description, found \(describe(peek))",
                           help: "say what the check should do in this scenario: `expect check \"…\" passes`")
            }
            return .expectCheck(title, passes: passes, span: expect.span.to(previous.span))
        }
        let condition = try parseExpression()
        return .expect(condition, span: expect.span.to(condition.span))
    }

    /// Whether the words after `expect` ask about a built-in finding:
    /// `finding` or `no finding` before a check's ID (`C302`), its name
    /// (`power.hidden-veto`) or either quoted. Anything else is an
    /// expression, even one that names a binding called `finding`.
    private func startsFindingExpectation() -> Bool {
        let negated = peek.kind == .identifier && text(peek) == "no"
        let finding = token(after: negated ? 1 : 0)
        let word = token(after: negated ? 2 : 1)
        guard finding.kind == .identifier, text(finding) == "finding" else { return false }
        if word.kind == .string { return true }
        // Two names in a row are no expression, so `finding` and a name ask
        // about a finding — unless the name starts the next step (a binding
        // called `finding`, expected true, then `remove x`).
        return word.kind == .identifier && !Self.stepWords.contains(text(word))
    }

    /* finding_expectation = [ 'no' ] 'finding' ( STRING | check_name ) [ 'on' IDENT ] ; */
    private mutating func parseFindingExpectation(after expect: Token) throws(Recovery) -> ScenarioStep {
        enter(.findingExpectation)
        let present = !matchWord("no")
        advance() // finding
        let named: String
        let namedSpan: Span
        if check(.string) {
            let literal = parseString()
            (named, namedSpan) = (literal.value, literal.span)
        } else {
            (named, namedSpan) = parseCheckName()
        }
        let subject = matchWord("on") ? try expectName("the name the finding is about", after: "on") : nil
        return .expectFinding(check: named, checkSpan: namedSpan, on: subject, present: present, span: expect.span.to(previous.span))
    }

    /* check_name = IDENT { ( "." | "-" ) ( IDENT | KEYWORD ) } ; */
    private mutating func parseCheckName() -> (String, Span) {
        enter(.checkName)
        // A name such as `power.hidden-veto`: words joined by `.` and `-`;
        // a part may be a reserved word (`power.bloc-can-block`). No step
        // starts with `.` or `-`, so the name ends at the first other token.
        let first = advance()
        var name = text(first)
        var span = first.span
        while (check(.dot) || check(.minus)) && (peekNext.kind == .identifier || TokenKind.keywords[text(peekNext)] != nil) {
            name += text(advance())
            let part = advance()
            name += text(part)
            span = span.to(part.span)
        }
        return (name, span)
    }

    /* import_decl = "import" STRING ; */
    private mutating func parseImportDecl() throws(Recovery) -> ImportDecl {
        enter(.importDecl)
        let keyword = advance()
        guard check(.string) else {
            throw fail("expected a file path in quotes after `import`, found \(describe(peek))",
                       help: "paths are relative to this file: `import \"members.charter\"`")
        }
        let path = parseString()
        return ImportDecl(path: path, span: keyword.span.to(path.span))
    }

    /* let_decl = "let" IDENT "=" expression ; */
    private mutating func parseLetDecl() throws(Recovery) -> LetDecl {
        enter(.letDecl)
        let keyword = advance()
        let name = try expectName("a name", after: "let")
        _ = try expectToken(.assign, "`=`", after: "let \(name)")
        let value = try parseExpression()
        return LetDecl(name: name, value: value, span: keyword.span.to(value.span))
    }

    /* show_stmt = "show" expression ; */
    private mutating func parseShowStmt() throws(Recovery) -> ShowStmt {
        enter(.showStmt)
        let keyword = advance()
        let value = try parseExpression()
        return ShowStmt(value: value, span: keyword.span.to(value.span))
    }

    /* assert_stmt = "assert" expression [ STRING ] ; */
    private mutating func parseAssertStmt() throws(Recovery) -> AssertStmt {
        enter(.assertStmt)
        let keyword = advance()
        let condition = try parseExpression()
        let message = parseOptionalString()
        return AssertStmt(condition: condition, message: message, span: keyword.span.to(previous.span))
    }

    // MARK: - Blocks and their items

    /// The kinds of `{ … }` block whose contents are items.
    private enum BlockKind {
        case alliance, member, goal, body, amend

        /// Whether an item opened by `word` belongs in this block.
        func allows(_ word: ItemWord) -> Bool { mask & 1 << word.rawValue != 0 }

        private var mask: Int {
            switch self {
            case .alliance: Self.allianceMask
            case .member: Self.memberMask
            case .goal: Self.goalMask
            case .body: Self.bodyMask
            case .amend: Self.amendMask
            }
        }

        private static func mask(_ words: [String]) -> Int {
            words.reduce(0) { mask, word in mask | 1 << ItemWord.allCases.first { $0.spelling == word }!.rawValue }
        }
        private static let allianceMask = mask(allianceWords)
        private static let memberMask = mask(memberWords)
        private static let goalMask = mask(goalWords)
        private static let bodyMask = mask(bodyWords)
        private static let amendMask = mask(amendWords)

        var words: [String] {
            switch self {
            case .alliance: Self.allianceWords
            case .member: Self.memberWords
            case .goal: Self.goalWords
            case .body: Self.bodyWords
            case .amend: Self.amendWords
            }
        }

        private static let allianceWords = ["mission", "stage", "balance"]
        private static let memberWords = ["kind", "class", "motivation", "weight", "holds", "joined", "contribution"]
        private static let goalWords = ["target", "weight"]
        private static let bodyWords = ["members", "decides", "by", "quorum", "veto"]
        private static let amendWords = Array(Set(allianceWords + memberWords + goalWords + bodyWords)).sorted()

        var itemName: String {
            switch self {
            case .amend: "an item to change"
            default: "\(noun) item"
            }
        }

        var noun: String {
            switch self {
            case .alliance: "an alliance"
            case .member: "a member"
            case .goal: "a goal"
            case .body: "a body"
            case .amend: "an amendment"
            }
        }
    }

    /// The words that open the items of a block, by the word that opens the
    /// block (`member`, `body`, `amend`, `scenario` …): what an editor
    /// completes at the start of a line inside it. nil for other words.
    public static func itemWords(in opener: String) -> [String]? {
        switch opener {
        case "alliance": BlockKind.alliance.words
        case "member": BlockKind.member.words
        case "goal": BlockKind.goal.words
        case "body": BlockKind.body.words
        case "amend": BlockKind.amend.words
        case "scenario": stepWords + ["let", "show", "assert"]
        default: nil
        }
    }

    /// `"{" { item } "}"` for the block kinds that hold items.
    private mutating func parseBlock(_ kind: BlockKind, owner: Opener) throws(Recovery) -> [Item] {
        let file = file
        let brace = try expectToken(.leftBrace, "`{`", after: owner.words(in: file))
        openBlocks.append((brace, owner))
        defer { openBlocks.removeLast() }
        // Gathered in room kept from block to block, then moved to an array
        // of just their number: a member's six items would otherwise sit in
        // room for eight, a fifth of the tree. A block inside another's item
        // gathers after the outer block's items, and takes only its own.
        let first = itemRoom.count
        defer { itemRoom.truncate(to: first) }
        while !check(.rightBrace) && !check(.endOfFile) && !startsDeclaration(peek) && !gaveUp {
            let start = index
            lastErrorLine = -1 // errors in a new item are not echoes of the last one
            do {
                let item = try parseItem(kind, owner: owner)
                itemRoom.append(item)
            } catch {
                recoveries.append(peek.span)
                skip { parser in parser.check(.identifier) && kind.words.contains(parser.text(parser.peek)) }
            }
            if index == start { advance() }
        }
        try expectClosingBrace()
        return itemRoom.take(from: first)
    }

    /// One item, dispatched on its opening word: the item productions of
    /// every kind of block, and each item but `balance` and `members`
    /// (quoted on the functions that parse those).
    /* alliance_item = mission_item | stage_item | balance_item ; */
    /* member_item = kind_item | class_item | motivation_item | weight_item | holds_item
                   | joined_item | contribution_item ; */
    /* goal_item = target_item | weight_item ; */
    /* body_item = body_members_item | decides_item | decision_item | quorum_item
                 | veto_item ; */
    /* amend_item = alliance_item | member_item | goal_item | body_item ; */
    /* mission_item = 'mission' STRING ; */
    /* stage_item = 'stage' IDENT ; */
    /* kind_item = 'kind' IDENT ; */
    /* class_item = 'class' IDENT ; */
    /* motivation_item = 'motivation' IDENT ; */
    /* weight_item = 'weight' NUMBER ; */
    /* holds_item = 'holds' name_list ; */
    /* joined_item = 'joined' IDENT ; */
    /* contribution_item = 'contribution' ( NUMBER | STRING ) ; */
    /* target_item = 'target' STRING ; */
    /* decides_item = 'decides' name_list [ 'about' IDENT ] [ decision_rule ] ; */
    /* decision_item = decision_rule ; */
    /* quorum_item = 'quorum' ratio ; */
    /* veto_item = 'veto' name_list [ 'on' name_list ] ; */
    private mutating func parseItem(_ kind: BlockKind, owner opener: Opener) throws(Recovery) -> Item {
        enter(.amendItem, when: kind == .amend)
        guard check(.identifier), let itemWord = peek.itemWord, kind.allows(itemWord) else {
            let word = check(.identifier) ? self.word(peek) : ""
            let owner = opener.words(in: file)
            if let home = [BlockKind.alliance, .member, .goal, .body].first(where: { $0.words.contains(word) }) {
                report(ParserDiagnostic.misplacedItem, "`\(word)` is not an item of \(owner)", at: peek.span,
                       help: "`\(word)` belongs in \(home.noun); \(owner) takes \(listing(kind.words))")
                throw Recovery()
            }
            var help = "\(owner) takes \(listing(kind.words))"
            var fix: Fix?
            if !word.isEmpty, let suggestion = Spelling.suggestion(for: word, among: kind.words) {
                help = "did you mean `\(suggestion)`?"
                fix = Fix(peek.span, suggestion)
            }
            throw fail("expected \(kind.itemName) or `}`, found \(describe(peek))", help: help, fix: fix, missing: false)
        }
        switch kind {
        case .alliance: enter(.allianceItem)
        case .member: enter(.memberItem)
        case .goal: enter(.goalItem)
        case .body: enter(.bodyItem)
        case .amend: break
        }
        let keywordSpan = peek.span
        let itemKind: Item.Kind
        switch itemWord {
        case .mission:
            enter(.missionItem)
            advance()
            guard check(.string) else {
                throw fail("expected the mission as quoted text after `mission`, found \(describe(peek))")
            }
            itemKind = .mission(parseString())
        case .stage:
            enter(.stageItem)
            advance()
            itemKind = .stage(try expectName("a life stage (forming, building, developing or evolving)", after: "stage"))
        case .balance:
            enter(.balanceItem)
            itemKind = .balance(try parseBalanceItem())
        case .kind:
            enter(.kindItem)
            advance()
            itemKind = .kind(try expectName("the kind of member, such as `company` or `ngo`", after: "kind"))
        case .membershipClass:
            enter(.classItem)
            advance()
            itemKind = .membershipClass(try expectName("a membership class (full, associate, partner or observer)", after: "class"))
        case .motivation:
            enter(.motivationItem)
            advance()
            itemKind = .motivation(try expectName(
                "a motivation (values_driven, business, power or mixed)", after: "motivation"))
        case .weight:
            enter(.weightItem)
            advance()
            let negative = rejectMinus("a weight", help: "weights are whole numbers of 0 or more")
            let number = try expectNumber("a whole number", after: "weight", within64Bits: true)
            itemKind = .weight(negative ? NumberLiteral(value: nil, span: number.span) : number)
        case .holds:
            enter(.holdsItem)
            advance()
            itemKind = .holds(try parseNameList("a value name", after: "holds"))
        case .joined:
            enter(.joinedItem)
            advance()
            itemKind = .joined(try expectName("the life stage in which the member joined", after: "joined"))
        case .contribution:
            enter(.contributionItem)
            advance()
            if check(.string) {
                itemKind = .contribution(.description(parseString()))
            } else {
                _ = rejectMinus("a contribution",
                                help: "a contribution is an amount of 0 or more, or quoted text for what the member brings in kind")
                itemKind = .contribution(.amount(try expectNumber("an amount or a quoted description",
                                                                  after: "contribution")))
            }
        case .target:
            enter(.targetItem)
            advance()
            guard check(.string) else {
                throw fail("expected the target as quoted text after `target`, found \(describe(peek))",
                           help: "make it measurable: `target \"30% of loans to renewable energy by 2030\"`")
            }
            itemKind = .target(parseString())
        case .members:
            enter(.bodyMembersItem)
            itemKind = .members(try parseBodyMembersItem())
        case .decides:
            enter(.decidesItem)
            advance()
            let matters = try parseNameList("a matter", after: "decides")
            let about = matchWord("about") ? try expectName("what the matters are about", after: "about") : nil
            var rule: DecisionRule?
            if checkWord("by") {
                let lastMatter = about ?? matters[matters.count - 1]
                let onNextLine = file.lineIndex(of: peek.span.start) != file.lineIndex(of: lastMatter.span.end)
                let parsed = try parseDecisionRule()
                if onNextLine {
                    // Layout means nothing, so this `by` belongs to the matters
                    // before it; a reader may well take it for the body's rule.
                    diagnostics.append(Diagnostic(
                        ParserDiagnostic.matterRuleOnNextLine,
                        "this rule decides only \(matters.map { "`\($0)`" }.joined(separator: ", ")), not the whole body",
                        at: parsed.span, labels: [Label(lastMatter.span, "it follows this matter")],
                        help: "put it on the line of `decides` if it is meant for these matters; write the body's own rule before the `decides` lines"))
                }
                rule = parsed
            }
            itemKind = .decides(matters, about: about, rule)
        case .by:
            enter(.decisionItem)
            itemKind = .decision(try parseDecisionRule())
        case .quorum:
            enter(.quorumItem)
            advance()
            itemKind = .quorum(try parseRatio(after: "quorum"))
        case .veto:
            enter(.vetoItem)
            advance()
            let members = try parseNameList("a member name", after: "veto")
            let matters = matchWord("on") ? try parseNameList("a matter", after: "on") : []
            itemKind = .veto(members, on: matters)
        }
        return Item(kind: itemKind, word: itemWord, span: keywordSpan.to(previous.span))
    }

    /* balance_item = 'balance' 'social' ">=" ratio ; */
    private mutating func parseBalanceItem() throws(Recovery) -> Ratio {
        advance()
        guard matchWord("social") else {
            throw fail("expected `social` after `balance`, found \(describe(peek))",
                       help: "promise a share of social goals: `balance social >= 60%`")
        }
        _ = try expectToken(.greaterEqual, "`>=`", after: "balance social")
        return try parseRatio(after: ">=")
    }

    /* body_members_item = 'members' ( "all" | filter | name_list ) ; */
    private mutating func parseBodyMembersItem() throws(Recovery) -> Selector {
        let keyword = advance()
        if check(.kwAll) { return .all(advance().span) }
        if check(.kwWhere) {
            let condition = try parseFilter()
            return .filter(condition, span: keyword.span.to(condition.span))
        }
        return .names(try parseNameList("a member or bloc name", after: "members"))
    }

    /* name_list = IDENT { "," IDENT } ; */
    private mutating func parseNameList(_ what: @autoclosure () -> String, after: @autoclosure () -> String) throws(Recovery) -> [Name] {
        enter(.nameList)
        // Gathered in room kept from list to list, then copied to an array of
        // their number: grown name by name, a member's values were allocated
        // two and three times over.
        let first = try expectName(what(), after: after())
        guard check(.comma) else { return [first] }
        var names = nameRoom
        nameRoom = []
        defer {
            names.removeAll(keepingCapacity: true)
            nameRoom = names
        }
        names.append(first)
        while match(.comma) {
            guard check(.identifier) else {
                throw fail("expected \(what()) after `,`, found \(describe(peek))",
                           help: "remove the last `,` or name another after it")
            }
            names.append(name(advance()))
        }
        return names.withUnsafeBufferPointer { Array($0) }
    }

    // MARK: - Expressions

    /* expression = quantified | disjunction ; */
    private mutating func parseExpression() throws(Recovery) -> Expr {
        enter(.expression)
        try descend()
        defer { depth -= 1 }
        if isQuantifierStart() { return try parseQuantified() }
        return try parseDisjunction()
    }

    private func isQuantifierStart() -> Bool {
        let isWord = peek.kind == .kwAll || peek.kind == .kwAny
            || (peek.kind == .identifier && ["sum", "count", "min", "max"].contains(text(peek)))
        return isWord && peekNext.kind == .identifier && lexer.tokens[min(index + 2, lexer.tokens.count - 1)].kind == .kwIn
    }

    /* quantified = ( "all" | "any" | 'sum' | 'count' | 'min' | 'max' ) IDENT "in" disjunction ":" expression ; */
    private mutating func parseQuantified() throws(Recovery) -> Expr {
        enter(.quantified)
        let word = advance()
        let quantifier = Quantifier(rawValue: text(word))!
        let variable = name(advance())
        advance() // `in`, checked by isQuantifierStart
        let domain = try parseDisjunction()
        _ = try expectToken(.colon, "`:`", after: "`\(quantifier.rawValue) \(variable) in …`")
        let body = try parseExpression()
        return Expr(.quantified(quantifier, variable, domain: domain, body: body), span: word.span.to(body.span))
    }

    /* disjunction = conjunction { "or" conjunction } ; */
    private mutating func parseDisjunction() throws(Recovery) -> Expr {
        enter(.disjunction)
        return try parseChain([.kwOr: .or]) { parser throws(Recovery) in try parser.parseConjunction() }
    }

    /* conjunction = negation { "and" negation } ; */
    private mutating func parseConjunction() throws(Recovery) -> Expr {
        enter(.conjunction)
        return try parseChain([.kwAnd: .and]) { parser throws(Recovery) in try parser.parseNegation() }
    }

    /* negation = "not" negation | comparison ; */
    private mutating func parseNegation() throws(Recovery) -> Expr {
        enter(.negation)
        guard match(.kwNot) else { return try parseComparison() }
        let not = previous
        try descend()
        defer { depth -= 1 }
        let operand = try parseNegation()
        return Expr(.unary(.not, operand), span: not.span.to(operand.span))
    }

    /* comparison = set_expr [ comparison_op set_expr ] ; */
    private mutating func parseComparison() throws(Recovery) -> Expr {
        enter(.comparison)
        let left = try parseSetExpr()
        guard let op = parseComparisonOp() else { return left }
        let right = try parseSetExpr()
        let comparison = Expr(.binary(op, left, right), span: left.span.to(right.span))
        if let second = peekComparisonOp() {
            report(ParserDiagnostic.chainedComparison, "comparisons cannot be chained", at: second,
                   labels: [Label(comparison.span, "this comparison is complete")],
                   help: "combine two comparisons with `and`: `a < b and b < c`")
            throw Recovery()
        }
        return comparison
    }

    /* comparison_op = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in" ; */
    private mutating func parseComparisonOp() -> BinaryOperator? {
        guard peekComparisonOp() != nil else { return nil }
        enter(.comparisonOp)
        let token = advance()
        switch token.kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .kwIn: return .in
        default: // `not`, followed by `in` as peekComparisonOp checked
            advance()
            return .notIn
        }
    }

    /// The span of a comparison operator at the current token, if there is one.
    private func peekComparisonOp() -> Span? {
        switch peek.kind {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .kwIn: return peek.span
        case .kwNot where peekNext.kind == .kwIn: return peek.span.to(peekNext.span)
        default: return nil
        }
    }

    /* set_expr = sum { ( 'union' | 'intersect' | 'except' ) sum } ; */
    private mutating func parseSetExpr() throws(Recovery) -> Expr {
        enter(.setExpr)
        var left = try parseSum()
        var chain = 0
        defer { depth -= chain }
        while check(.identifier), let op = BinaryOperator(rawValue: text(peek)), [.union, .intersect, .except].contains(op) {
            advance()
            try descend()
            chain += 1
            let right = try parseSum()
            left = Expr(.binary(op, left, right), span: left.span.to(right.span))
        }
        return left
    }

    /* sum = product { ( "+" | "-" ) product } ; */
    private mutating func parseSum() throws(Recovery) -> Expr {
        enter(.sum)
        return try parseChain([.plus: .add, .minus: .subtract]) { parser throws(Recovery) in try parser.parseProduct() }
    }

    /* product = unary { ( "*" | "/" ) unary } ; */
    private mutating func parseProduct() throws(Recovery) -> Expr {
        enter(.product)
        return try parseChain([.star: .multiply, .slash: .divide]) { parser throws(Recovery) in try parser.parseUnary() }
    }

    /// `operand { operator operand }`, grouped to the left. Each operator in a
    /// row deepens the tree by one, so it counts against the depth limit.
    private mutating func parseChain(
        _ operators: [TokenKind: BinaryOperator], operand: (inout Parser) throws(Recovery) -> Expr
    ) throws(Recovery) -> Expr {
        var left = try operand(&self)
        var chain = 0
        defer { depth -= chain }
        while let op = operators[peek.kind] {
            advance()
            try descend()
            chain += 1
            let right = try operand(&self)
            left = Expr(.binary(op, left, right), span: left.span.to(right.span))
        }
        return left
    }

    /* unary = "-" unary | postfix ; */
    private mutating func parseUnary() throws(Recovery) -> Expr {
        enter(.unary)
        guard match(.minus) else { return try parsePostfix() }
        let minus = previous
        try descend()
        defer { depth -= 1 }
        let operand = try parseUnary()
        return Expr(.unary(.negate, operand), span: minus.span.to(operand.span))
    }

    /* postfix = primary { "." IDENT | call_args } [ filter ] ; */
    private mutating func parsePostfix() throws(Recovery) -> Expr {
        enter(.postfix)
        var expr = try parsePrimary()
        var chain = 0
        defer { depth -= chain }
        while check(.dot) || check(.leftParen) {
            try descend()
            chain += 1
            if case .number = expr.kind, check(.dot) {
                throw fail("a number has no fields", help: "decimals follow the point directly, as in `1.5`", missing: false)
            }
            if match(.dot) {
                let field = try expectName("a field name", after: ".")
                expr = Expr(.field(expr, field), span: expr.span.to(field.span))
            } else {
                let (arguments, end) = try parseCallArgs()
                expr = Expr(.call(expr, arguments), span: expr.span.to(end))
            }
        }
        // The filter takes the set just before it, and a condition that runs
        // to the end: `m in members where kind == ngo and weight > 2`.
        guard check(.kwWhere) else { return expr }
        let condition = try parseFilter()
        return Expr(.filter(expr, condition), span: expr.span.to(condition.span))
    }

    /* call_args = "(" [ expression { "," expression } ] ")" ; */
    private mutating func parseCallArgs() throws(Recovery) -> ([Expr], Span) {
        enter(.callArgs)
        let open = advance()
        let arguments = try parseExpressionList(until: .rightParen, open: open)
        return (arguments, previous.span)
    }

    /* primary = NUMBER | PERCENT | STRING | "true" | "false" | IDENT | set_literal | "(" expression ")" ; */
    private mutating func parsePrimary() throws(Recovery) -> Expr {
        enter(.primary)
        let token = peek
        switch token.kind {
        case .number:
            advance()
            return Expr(.number(checkedNumber(text(token)[...], at: token.span)), span: token.span)
        case .percent:
            advance()
            return Expr(.percent(percentValue(token)), span: token.span)
        case .string:
            let literal = parseString()
            return Expr(.string(literal.value), span: literal.span)
        case .kwTrue, .kwFalse:
            advance()
            return Expr(.bool(token.kind == .kwTrue), span: token.span)
        case .identifier:
            advance()
            return Expr(.name(name(token)), span: token.span)
        case .leftBracket:
            return try parseSetLiteral()
        case .leftParen:
            advance()
            openBlocks.append((token, .words("`(`")))
            defer { openBlocks.removeLast() }
            var inner = try parseExpression()
            let close = try expectToken(.rightParen, "`)`", after: "the expression")
            inner.span = token.span.to(close.span)
            return inner
        default:
            let help = check(.dot) && peekNext.kind == .number
                ? "write a zero before the point: `0\(text(peekNext).isEmpty ? "" : "." + text(peekNext))`"
                : "an expression is a name, a number, a percentage, a quoted text, `true`, `false`, a list in `[ ]` or a call such as `count(members)`"
            throw fail("expected an expression, found \(describe(token))", help: help)
        }
    }

    /* set_literal = "[" [ expression { "," expression } ] "]" ; */
    private mutating func parseSetLiteral() throws(Recovery) -> Expr {
        enter(.setLiteral)
        let open = advance()
        let elements = try parseExpressionList(until: .rightBracket, open: open)
        return Expr(.set(elements), span: open.span.to(previous.span))
    }

    /// `[ expression { "," expression } ] close`, after the opening token.
    private mutating func parseExpressionList(until close: TokenKind, open: Token) throws(Recovery) -> [Expr] {
        openBlocks.append((open, .words(open.kind.displayName)))
        defer { openBlocks.removeLast() }
        var elements: [Expr] = []
        if !check(close) {
            repeat {
                elements.append(try parseExpression())
            } while match(.comma)
        }
        _ = try expectToken(close, close.displayName, after: elements.isEmpty ? open.kind.displayName : "the list")
        return elements
    }

    // MARK: - Vocabulary: peek, check, match, advance, expect

    private var peek: Token { lexer.tokens[index] }
    private var peekNext: Token { lexer.tokens[min(index + 1, lexer.tokens.count - 1)] }
    /// The token `offset` places after the current one (the last, at the end).
    private func token(after offset: Int) -> Token { lexer.tokens[min(index + offset, lexer.tokens.count - 1)] }
    private var previous: Token { lexer.tokens[max(index - 1, 0)] }

    private func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

    /// Whether the current token is the contextual word `word`.
    private func checkWord(_ word: StaticString) -> Bool {
        peek.kind == .identifier && spells(peek, word)
    }

    /// Whether `token` is spelled `word`, without making a `String` of it.
    private func spells(_ token: Token, _ word: StaticString) -> Bool {
        let spelling = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        return file.bytes.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[token.span.start..<token.span.end]).spells(spelling) }
    }

    private mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    private mutating func matchWord(_ word: StaticString) -> Bool {
        guard checkWord(word) else { return false }
        advance()
        return true
    }

    /// Inlined: a token's step, where the scanning of more is not.
    @discardableResult @inline(__always)
    private mutating func advance() -> Token {
        let token = lexer.tokens[index]
        if index < lexer.tokens.count - 1 { index += 1 }
        if index + Self.lookahead >= lexer.tokens.count && !lexer.finished { scanMore() }
        return token
    }

    @inline(never)
    private mutating func scanMore() {
        lexer.scan(until: lexer.tokens.count + tokensAtOnce)
    }

    /// `after` is quoted as code unless it is already prose (`the list`,
    /// member `x`).
    private mutating func expectToken(_ kind: TokenKind, _ what: String, after: @autoclosure () -> String) throws(Recovery) -> Token {
        if check(kind) { return advance() }
        let after = after()
        let place = after.contains("`") || after.hasPrefix("the ") ? after : "`\(after)`"
        throw fail("expected \(what) after \(place), found \(describe(peek))")
    }

    /// `what` and `after` are words for the error, made only when there is one.
    private mutating func expectName(_ what: @autoclosure () -> String, after: @autoclosure () -> String) throws(Recovery) -> Name {
        if check(.identifier) { return name(advance()) }
        let (what, after) = (what(), after())
        var help: String?
        if TokenKind.keywords[text(peek)] != nil {
            help = "`\(text(peek))` is a reserved word; choose another name, such as `\(text(peek))_`"
        } else if check(.colon) || check(.assign) {
            help = "no `\(text(peek))` is needed: write the name right after `\(after)`"
        }
        throw fail("expected \(what) after `\(after)`, found \(describe(peek))", help: help)
    }

    /// A number literal; `within64Bits` for a weight or a quota, which the
    /// model counts in 64 bits.
    private mutating func expectNumber(_ what: @autoclosure () -> String, after: @autoclosure () -> String,
                                       within64Bits: Bool = false) throws(Recovery) -> NumberLiteral {
        guard check(.number) else {
            let (what, after) = (what(), after())
            throw fail("expected \(what) after `\(after)`, found \(describe(peek))",
                       help: check(.identifier) ? "write the number in digits, as in `\(after) 3`" : nil)
        }
        let token = advance()
        let value = wholeNumber(token) ?? checkedNumber(text(token)[...], at: token.span)
        if within64Bits, let value, value.isInteger, value.int64 == nil {
            report(ParserDiagnostic.numberTooLarge, "number `\(Self.quoted(text(token)[...]))` is too large for a weight or a quota",
                   at: token.span, help: "a weight or a quota is at most 9223372036854775807 (2^63 - 1): weigh in smaller units")
            return NumberLiteral(value: nil, span: token.span)
        }
        return NumberLiteral(value: value, span: token.span)
    }

    /// Expects the `}` of the innermost open block. When a declaration or
    /// the end of the file comes instead, the block is kept and the parser
    /// goes on from there: the `}` is all that is missing.
    private mutating func expectClosingBrace() throws(Recovery) {
        if match(.rightBrace) { return }
        let open = openBlocks.last!
        let label = check(.endOfFile) ? "this `{` is never closed" : "the block opened here"
        let error = fail("expected `}` to close \(open.what.words(in: file)), found \(describe(peek))",
                         labels: [Label(open.brace.span, label)])
        if check(.endOfFile) || startsDeclaration(peek) { return }
        throw error
    }

    private mutating func parseOptionalString() -> StringLiteral? {
        check(.string) ? parseString() : nil
    }

    /// The current string token, its escapes decoded (the lexer has
    /// already reported malformed ones).
    private mutating func parseString() -> StringLiteral {
        let token = advance()
        let bytes = file.bytes
        var scalars = String.UnicodeScalarView()
        var position = token.span.start + 1
        var end = token.span.end
        if end > position && bytes[end - 1] == UInt8(ascii: "\"") { end -= 1 }
        while position < end {
            guard bytes[position] == UInt8(ascii: "\\"), position + 1 < end else {
                let (scalar, length) = Lexer.decodeScalar(bytes, at: position) ?? ("\u{FFFD}", 1)
                scalars.append(scalar)
                position += length
                continue
            }
            switch bytes[position + 1] {
            case UInt8(ascii: "n"): scalars.append("\n"); position += 2
            case UInt8(ascii: "t"): scalars.append("\t"); position += 2
            case UInt8(ascii: "u"):
                if let scalar = Lexer.unicodeEscapeValue(bytes, at: position) {
                    scalars.append(scalar)
                    while bytes[position] != UInt8(ascii: "}") { position += 1 }
                    position += 1
                } else {
                    position += 2
                }
            default: // \" \\ and unknown escapes, which stand for the character itself
                let (scalar, length) = Lexer.decodeScalar(bytes, at: position + 1) ?? ("\u{FFFD}", 1)
                scalars.append(scalar)
                position += 1 + length
            }
        }
        return StringLiteral(value: String(scalars), span: token.span)
    }

    /// A literal of at most 18 digits and nothing else, the weights and
    /// amounts files hold by the thousand, read from its bytes; nil for any
    /// other, which `checkedNumber` reads.
    private func wholeNumber(_ token: Token) -> Rational? {
        let count = token.span.end - token.span.start
        guard count > 0, count <= 18 else { return nil }
        return file.bytes.withUnsafeBufferPointer { bytes -> Rational? in
            var value: Int64 = 0
            for byte in bytes[token.span.start..<token.span.end] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return Rational(value)
        }
    }

    /// A number literal's exact value, or nil with a diagnostic when it has
    /// more digits than Charter reads (`Rational.maximumDigits`).
    private mutating func checkedNumber(_ digits: Substring, at span: Span) -> Rational? {
        if let value = Rational(decimal: digits) { return value }
        let count = digits.utf8.count { $0 != UInt8(ascii: ".") }
        report(ParserDiagnostic.numberTooLarge,
               "number `\(Self.quoted(digits))` has \(count) digits, more than the \(Rational.maximumDigits) Charter reads", at: span,
               help: "numbers in Charter have at most \(Rational.maximumDigits) digits")
        return nil
    }

    /// A long number as a message quotes it: its first and last digits.
    private static func quoted(_ digits: Substring) -> String {
        digits.count <= 40 ? String(digits) : digits.prefix(20) + "…" + digits.suffix(10)
    }

    /// A percentage token's value as a fraction of one: `60%` is 3/5.
    private mutating func percentValue(_ token: Token) -> Rational? {
        checkedNumber(text(token).dropLast(), at: token.span).flatMap { $0.divided(by: Rational(100)) }
    }

    private func text(_ token: Token) -> String { file.text(token.span) }

    /// A name, its text shared with every earlier use of the same spelling:
    /// an alliance names the same values, kinds and stages thousands of
    /// times, and one string for each costs less time and memory.
    private mutating func name(_ token: Token) -> Name { Name(words.text(of: token.span, in: file), span: token.span) }

    /// `text(_:)` of words, through `words`.
    private mutating func word(_ token: Token) -> String { words.text(of: token.span, in: file) }

    /// How a token is named in "found …".
    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .identifier: "`\(text(token))`"
        case .number, .percent: "`\(text(token))`"
        case .string: "the text \(text(token).count > 30 ? "\"…\"" : text(token))"
        default: token.kind.displayName
        }
    }

    private func listing(_ words: [String]) -> String {
        let quoted = words.map { "`\($0)`" }
        return quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
    }

    // MARK: - Errors and recovery

    private mutating func enter(_ production: Production, when condition: Bool = true) {
        if tracing && condition { exercised.insert(production) }
    }

    /// Counts one more level of expression tree, refusing to go past the
    /// limit. Operators in a row count too: `1 + 1 + …` builds a tree as deep
    /// as it is long, and every later stage walks it recursively.
    private mutating func descend() throws(Recovery) {
        guard depth < maximumDepth else {
            report(ParserDiagnostic.tooDeep,
                   "this expression is more than \(maximumDepth) levels deep", at: peek.span,
                   help: "split it up with `let` bindings (brackets and operators in a row each count as a level); "
                       + Limits.raising("nesting-depth", from: maximumDepth))
            throw Recovery()
        }
        depth += 1
    }

    /// Reports an "expected …" error at the current token and returns the
    /// error to throw.
    ///
    /// When something is `missing` (the usual case: "expected X after Y")
    /// and what was found is on a later line, the error points just after Y,
    /// where the thing is missing, not at the next line's first word.
    private mutating func fail(_ message: String, labels: [Label] = [], help: String? = nil, fix: Fix? = nil,
                               missing: Bool = true) -> Recovery {
        // The lexer has said what is wrong with an invalid token or an
        // unterminated text; a second error about it would be an echo.
        if peek.kind == .invalid || isUnterminatedText(previous) { return Recovery() }
        if peek.kind == .endOfFile {
            var labels = labels
            if labels.isEmpty, let open = openBlocks.last {
                labels.append(Label(open.brace.span, "this `\(text(open.brace))` is never closed"))
            }
            // Point just after the last token, where something is missing,
            // rather than at the empty line after it.
            let at = index > 0 ? previous.span.endPoint : peek.span
            report(ParserDiagnostic.unexpectedEnd, message, at: at, labels: labels, help: help)
        } else {
            let onLaterLine = index > 0 && file.lineIndex(of: previous.span.end) < file.lineIndex(of: peek.span.start)
            let at = missing && onLaterLine ? previous.span.endPoint : peek.span
            if let slip = slipHelp() {
                report(ParserDiagnostic.unexpectedToken, message, at: at, labels: labels, help: slip.help, fix: slip.fix)
            } else {
                report(ParserDiagnostic.unexpectedToken, message, at: at, labels: labels, help: help, fix: at == peek.span ? fix : nil)
            }
        }
        return Recovery()
    }

    /// The exact fix for a newcomer's slip at the current token, which the
    /// grammar alone would only call unexpected: `.6` for `0.6`, and
    /// `values-driven` for `values_driven`.
    private func slipHelp() -> (help: String, fix: Fix)? {
        let adjacent = peekNext.span.start == peek.span.end
        if peek.kind == .dot, peekNext.kind == .number || peekNext.kind == .percent, adjacent {
            let number = "0\(text(peek))\(text(peekNext))"
            return ("a number starts with a digit: write `\(number)`", Fix(peek.span.to(peekNext.span), number))
        }
        if peek.kind == .minus, index > 0, previous.span.end == peek.span.start, previous.kind == .identifier,
           peekNext.kind == .identifier || TokenKind.keywords[text(peekNext)] != nil, adjacent {
            let name = "\(text(previous))_\(text(peekNext))"
            return ("a name joins its words with `_`, not `-`: write `\(name)`", Fix(previous.span.to(peekNext.span), name))
        }
        return nil
    }

    /// Reports and skips a `-` where only a number of 0 or more can stand; the
    /// number after it is still read, so the parser goes on undisturbed.
    private mutating func rejectMinus(_ what: String, help: String) -> Bool {
        guard check(.minus) else { return false }
        let minus = advance()
        report(ParserDiagnostic.negativeNumber, "\(what) cannot be negative", at: minus.span.to(peek.span), help: help)
        return true
    }

    private func isUnterminatedText(_ token: Token) -> Bool {
        token.kind == .string && (token.span.end - token.span.start < 2 || file.bytes[token.span.end - 1] != UInt8(ascii: "\""))
    }

    private mutating func report(_ code: DiagnosticCode, _ message: String, at span: Span,
                                 labels: [Label] = [], help: String? = nil, fix: Fix? = nil) {
        // One syntax error per line: the rest are usually echoes of the first.
        let line = file.lineIndex(of: span.start)
        guard line != lastErrorLine, !gaveUp else { return }
        lastErrorLine = line
        errorCount += 1
        if errorCount > DiagnosticLimit.count {
            gaveUp = true
            return
        }
        diagnostics.append(Diagnostic(code, message, at: span, labels: labels, help: help, fix: fix))
    }

    /// The name a declaration that could not be parsed was giving, so that
    /// later references to it are not reported as unknown too: `value x …`,
    /// or `membr x …` where a declaration keyword was misspelt.
    private mutating func nameOfBrokenDeclaration(at start: Int) -> Name? {
        guard start + 1 < lexer.tokens.count, lexer.tokens[start + 1].kind == .identifier else { return nil }
        let first = lexer.tokens[start].kind
        let named: Set<TokenKind> = [.kwAlliance, .kwValue, .kwPrinciple, .kwMember, .kwBloc, .kwGoal, .kwBody,
                                     .kwRule, .kwChannel, .kwLet]
        guard named.contains(first) || first == .identifier else { return nil }
        return name(lexer.tokens[start + 1])
    }

    /// Skips to the next declaration: a reserved word that starts one
    /// (but not the `member` of `every member`).
    private mutating func synchronize() {
        while !check(.endOfFile) && !startsDeclaration(peek) {
            advance()
        }
    }

    /// Whether the current token starts a declaration (the `member` of
    /// `every member` does not).
    private func startsDeclaration(_ token: Token) -> Bool {
        token.kind.startsDeclaration && !(token.kind == .kwMember && previous.kind == .kwEvery)
    }

    /// Skips, within a block, to where `resume` holds at this nesting level,
    /// to the block's `}`, or to the next declaration.
    private mutating func skip(until resume: (Parser) -> Bool) {
        var nesting = 0
        while !check(.endOfFile) {
            switch peek.kind {
            case .leftBrace, .leftParen, .leftBracket:
                nesting += 1
            case .rightBrace, .rightParen, .rightBracket:
                if nesting == 0 && peek.kind == .rightBrace { return }
                nesting = max(0, nesting - 1)
            default:
                if startsDeclaration(peek) { return }
                if nesting == 0 && resume(self) { return }
            }
            advance()
        }
    }
}

/// The strings of the names a parser has met, by spelling: a small
/// direct-mapped cache, where a spelling that collides with another simply
/// replaces it. Only for names too long to be stored inside a `String`
/// (over 15 bytes): a shorter one is made as cheaply as it is looked up,
/// and shares no memory when found.
private struct WordTable {
    private var slots = [String?](repeating: nil, count: 4096)

    mutating func text(of span: Span, in file: SourceFile) -> String {
        file.bytes.withUnsafeBufferPointer { buffer in
            let spelling = UnsafeBufferPointer(rebasing: buffer[span.start..<span.end])
            guard spelling.count > 15 else { return String(decoding: spelling, as: UTF8.self) }
            // FNV-1a over the spelling, folded to a slot.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in spelling { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            let slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & (slots.count - 1)
            if let known = slots[slot],
               known.utf8.withContiguousStorageIfAvailable({ UnsafeBufferPointer(rebasing: $0[...]).spells(spelling) }) == true {
                return known
            }
            let text = String(decoding: spelling, as: UTF8.self)
            slots[slot] = text
            return text
        }
    }
}

/// Room for the items of the blocks being parsed, kept from block to block:
/// a block's items are moved out of it into an array of their number, where
/// copying them (and dropping the copies left behind) was a tenth of parsing
/// a member. Items are appended and taken as a stack: a block takes those
/// from where it started.
private final class ItemRoom {
    private var base: UnsafeMutablePointer<Item>
    private var capacity = 16
    private(set) var count = 0

    init() { base = .allocate(capacity: capacity) }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func append(_ item: consuming Item) {
        if count == capacity {
            let larger = UnsafeMutablePointer<Item>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = larger
            capacity *= 2
        }
        (base + count).initialize(to: item)
        count += 1
    }

    /// The items from `start` on, moved out.
    func take(from start: Int) -> [Item] {
        let taken = count - start
        guard taken > 0 else { return [] }
        count = start
        return [Item](unsafeUninitializedCapacity: taken) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: base + start, count: taken)
            initialized = taken
        }
    }

    /// Drops the items from `start` on, if any are left (a block given up).
    func truncate(to start: Int) {
        guard count > start else { return }
        (base + start).deinitialize(count: count - start)
        count = start
    }
}
