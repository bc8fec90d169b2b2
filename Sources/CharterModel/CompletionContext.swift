// Completion from where the cursor stands, read off the tokens before it,
// for the language server and the REPL alike: the declaration keywords
// where a declaration starts; a block's item words at the start of a line
// inside it; names of the kind an item takes (members after `members`,
// values after `holds`); a declared thing's fields after a dot; the
// enumerated words after `kind`, `motivation`, `stage`, `class`, `about`,
// `joined`, and after `==` beside such a field; elsewhere, in expressions,
// the names, built-in sets and functions, and the words of expressions.
// Inside a comment or a text, nothing.

import CharterDiagnostics
import CharterSyntax

/// Where a completion is asked, from the tokens before the cursor.
public struct CompletionContext: Sendable {
    /// What kind of thing may stand at the cursor.
    public enum Place: Equatable, Sendable {
        case none
        case declarationStart
        case itemStart(opener: String)
        case fields(of: String)
        case words([String])
        /// Names of these kinds, and words that may stand among them (`all`, `where`).
        case names(Set<EntityKind>, words: [String])
        case expression
        /// After `==` or `!=` beside something that is not a known field:
        /// an expression, or any enumerated word.
        case comparison
    }

    public let place: Place
    /// The variables of the quantifiers the cursor is inside (or after, in
    /// the same declaration): `m` in `all m in members: …`.
    public private(set) var locals: [String] = []

    /// The place at byte `offset` of `file`, read from the tokens before it.
    public init(file: SourceFile, offset: Int) {
        let lexed = Lexer.tokenize(file)
        let text = { (token: Token) in file.text(token.span) }
        // Inside a comment or a text, nothing is completed.
        if lexed.comments.contains(where: { $0.span.start < offset && offset <= $0.span.end })
            || lexed.tokens.contains(where: { $0.kind == .string && $0.span.start < offset && offset < $0.span.end
                || $0.kind == .string && $0.span.start < offset && offset == $0.span.end && !Self.isClosed($0, file) }) {
            place = .none
            return
        }
        // The tokens before the word being typed.
        var before = lexed.tokens.prefix { $0.span.end <= offset && $0.kind != .endOfFile }
        if let last = before.last, last.span.end == offset, last.kind == .identifier || TokenKind.keywords[text(last)] != nil {
            before = before.dropLast()
        }
        // The blocks open at the cursor, each with the word that opened it,
        // and the word that opened the current declaration.
        var openers: [String] = []
        var statement: String?
        var statementStart = before.startIndex
        var previousLine = -1
        for (index, token) in before.enumerated() {
            let line = file.lineIndex(of: token.span.start)
            if openers.isEmpty, line != previousLine || index == 0, TokenKind.keywords[text(token)]?.startsDeclaration == true {
                statement = text(token)
                statementStart = before.startIndex + index
            }
            previousLine = line
            switch token.kind {
            case .leftBrace:
                // The block's opener: the nearest word before it that opens blocks.
                let opener = before[..<index].reversed().lazy.map(text).first { Parser.itemWords(in: $0) != nil
                    || TokenKind.keywords[$0]?.startsDeclaration == true } ?? ""
                openers.append(opener)
            case .rightBrace:
                if !openers.isEmpty { openers.removeLast() }
            default: break
            }
        }
        // The variables of the quantifiers before the cursor in this declaration: `all m in …`.
        locals = Self.variables(in: before[statementStart...], text: text)
        guard let previous = before.last else {
            place = .declarationStart
            return
        }
        let startsLine = file.lineIndex(of: previous.span.end) < file.lineIndex(of: offset)
        if previous.kind == .dot, before.count >= 2 {
            place = .fields(of: text(before[before.index(before.endIndex, offsetBy: -2)]))
            return
        }
        // A list being written, on this line or continued on the next one:
        // back over `a, b,` to the word that heads it.
        var index = before.index(before.endIndex, offsetBy: -1)
        if previous.kind == .comma {
            while index > before.startIndex, before[index].kind == .comma, before[index - 1].kind == .identifier,
                  index - 1 > before.startIndex {
                index -= 2
            }
        }
        if let kinds = Self.listHeads[text(before[index])], before[index].kind != .comma {
            // Right after `members` or `reaches`, the set may be `all` or a query too.
            let opensSet = index == before.index(before.endIndex, offsetBy: -1) && Self.setHeads.contains(text(before[index]))
            place = .names(kinds, words: opensSet ? ["all", "where"] : [])
            return
        }
        if previous.kind == .comma {
            place = .expression
            return
        }
        if openers.isEmpty && (startsLine || previous.kind == .rightBrace) {
            place = .declarationStart
            return
        }
        if let opener = openers.last, Parser.itemWords(in: opener) != nil, startsLine || previous.kind == .leftBrace {
            place = .itemStart(opener: opener)
            return
        }
        if previous.kind == .equal || previous.kind == .notEqual, before.count >= 2 {
            let field = text(before[before.index(before.endIndex, offsetBy: -2)])
            place = Self.enumerated(field, statement: statement).map { .words($0) } ?? .comparison
            return
        }
        if let values = Self.enumerated(text(previous), statement: statement) {
            place = .words(values)
            return
        }
        // The words of a decision rule: `by weighted majority`.
        if let words = Self.ruleWords[text(previous)] {
            place = .words(words)
            return
        }
        // `goal g "title" social`: the goal's kind after its name (and title).
        let declared = before[statementStart...]
        if statement == "goal", declared.count <= 3, previous.kind == .identifier || previous.kind == .string,
           !declared.contains(where: { ["social", "business"].contains(text($0)) }) {
            place = .words(["social", "business"])
            return
        }
        // `channel c reaches all monthly`: the frequency after whom it reaches.
        if statement == "channel", declared.contains(where: { text($0) == "reaches" }), text(previous) != "reaches",
           !Frequency.allCases.contains(where: { $0.rawValue == text(previous) }) {
            place = .words(Frequency.allCases.map(\.rawValue))
            return
        }
        // After a whole item on the line of a block: the next item.
        if let opener = openers.last, Parser.itemWords(in: opener) != nil,
           [.identifier, .number, .percent, .string, .rightBrace].contains(previous.kind) {
            place = .itemStart(opener: opener)
            return
        }
        place = .expression
    }

    /// The words after a word of a decision rule.
    static let ruleWords: [String: [String]] = [
        "by": ["unanimity", "consensus", "simple", "qualified", "weighted", "majority"],
        "simple": ["majority"], "qualified": ["majority"], "weighted": ["majority"],
    ]

    /// The variables quantifiers introduce (`all m in`, `sum x in`) among `tokens`.
    static func variables(in tokens: ArraySlice<Token>, text: (Token) -> String) -> [String] {
        var found: [String] = []
        for index in tokens.indices.dropLast(2)
        where ["all", "any", "sum", "count", "min", "max"].contains(text(tokens[index]))
            && tokens[index + 1].kind == .identifier && tokens[index + 2].kind == .kwIn {
            found.append(text(tokens[index + 1]))
        }
        return found
    }

    private static func isClosed(_ token: Token, _ file: SourceFile) -> Bool {
        token.span.end - token.span.start >= 2 && file.bytes[token.span.end - 1] == UInt8(ascii: "\"")
    }

    /// The words that head a list of names, and the kinds they take.
    static let listHeads: [String: Set<EntityKind>] = [
        "members": [.member, .bloc, .body], "reaches": [.member, .bloc, .body], "holds": [.value], "serves": [.value],
        "upholds": [.value], "opposes": [.value], "veto": [.member], "remove": Set(EntityKind.allCases),
        "amend": [.member, .body, .goal, .alliance], "vs": [.value, .principle], "tension": [.value, .principle],
    ]

    /// The words after which a set is written: names, `all` or a query.
    static let setHeads: Set<String> = ["members", "reaches"]

    /// The fields and items whose values are enumerated words.
    static let enumeratedFields = ["kind", "motivation", "stage", "class", "frequency", "topics", "about"]

    /// The enumerated words after `word` (a field or an item's word).
    static func enumerated(_ word: String, statement: String?) -> [String]? {
        switch word {
        case "kind": MemberKind.allCases.map(\.rawValue)
        case "motivation": Motivation.allCases.map(\.rawValue)
        case "stage", "joined": Stage.allCases.map(\.rawValue)
        case "class": MembershipClass.allCases.map(\.rawValue)
        case "frequency": Frequency.allCases.map(\.rawValue)
        case "topics": RuleTopic.allCases.map(\.rawValue)
        case "about":
            switch statement {
            case "value": ValueTopic.allCases.map(\.rawValue)
            case "rule": RuleTopic.allCases.map(\.rawValue)
            default: MatterTopic.allCases.map(\.rawValue)
            }
        default: nil
        }
    }

    /// The words of expressions besides names.
    static let expressionWords = ["and", "or", "not", "in", "all", "any", "where", "true", "false", "union",
                                  "intersect", "except", "sum", "min", "max"]

    /// What may be written here, given the declared names of `model`.
    /// `entry`: at the start of a REPL entry, where an expression or an edit
    /// may stand as well as a declaration.
    public func candidates(model: Model, entry: Bool = false) -> [CompletionCandidate] {
        func names(_ kinds: Set<EntityKind>) -> [CompletionCandidate] {
            model.symbols.filter { kinds.contains($0.value) }.map { CompletionCandidate($0.key, .name($0.value)) }
        }
        let expression = names(Set(EntityKind.allCases)) + locals.map { CompletionCandidate($0, .variable) }
            + Resolver.builtinCollections.keys.map { CompletionCandidate($0, .collection) }
            + Builtin.allCases.map { CompletionCandidate($0.rawValue, .function, detail: $0.usage) }
            + Self.expressionWords.map { CompletionCandidate($0, .keyword) }
        let declarations = TokenKind.keywords.filter { $0.value.startsDeclaration }.keys.map { CompletionCandidate($0, .keyword) }
        let candidates: [CompletionCandidate]
        switch place {
        case .none: candidates = []
        case .declarationStart:
            candidates = entry ? declarations + expression + ["remove", "amend"].map { CompletionCandidate($0, .keyword) } : declarations
        case .itemStart(let opener):
            candidates = (Parser.itemWords(in: opener) ?? []).map { CompletionCandidate($0, .keyword) }
        case .fields(let owner):
            let fields = model.symbols[owner].map { ExpressionBinder.fieldNames(of: $0) }
                ?? Set(EntityKind.allCases.flatMap { ExpressionBinder.fieldNames(of: $0) })
            candidates = fields.map { CompletionCandidate($0, .field) }
        case .words(let words): candidates = words.map { CompletionCandidate($0, .word) }
        case .names(let kinds, let words): candidates = names(kinds) + words.map { CompletionCandidate($0, .keyword) }
        case .expression: candidates = expression
        case .comparison:
            candidates = expression + Self.enumeratedFields.flatMap { Self.enumerated($0, statement: nil) ?? [] }.map { CompletionCandidate($0, .word) }
        }
        // One of each, the keyword and the function `count` told apart by kind.
        return Array(Set(candidates)).sorted { ($0.text, $0.kind.order) < ($1.text, $1.kind.order) }
    }
}

/// Something completion offers: the text, and what it is.
public struct CompletionCandidate: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case keyword
        case name(EntityKind)
        case field
        /// An enumerated word: a member kind, a motivation, a life stage …
        case word
        case function
        /// A built-in set: `members`, `values` …
        case collection
        /// A quantifier's variable.
        case variable

        var order: Int {
            switch self {
            case .keyword: 0
            case .name: 1
            case .field: 2
            case .word: 3
            case .function: 4
            case .collection: 5
            case .variable: 6
            }
        }
    }

    public var text: String
    public var kind: Kind
    /// A function's usage, for an editor to show beside it.
    public var detail: String?

    public init(_ text: String, _ kind: Kind, detail: String? = nil) {
        self.text = text
        self.kind = kind
        self.detail = detail
    }
}
