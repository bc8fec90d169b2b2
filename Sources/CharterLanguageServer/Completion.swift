// Completion from where the cursor stands, read off the tokens before it:
// the declaration keywords where a declaration starts; a block's item words
// at the start of a line inside it; names of the kind an item takes
// (members after `members`, values after `holds`); a declared thing's
// fields after a dot; the enumerated words after `kind`, `motivation`,
// `stage`, `class`, `about`, `joined`, and after `==` beside such a field;
// elsewhere, in expressions, the names, functions and words of expressions.

import Charter

extension LanguageServer {
    func completion(_ params: PositionParams) throws(ResponseError) -> CompletionList {
        let document = try document(params.textDocument.uri)
        let file = document.text
        let offset = file.offset(of: params.position, encoding)
        // Names come from the last analysis when there is one: completing
        // should not wait for the checks of the half-typed text.
        let model = (analyses[params.textDocument.uri] ?? (try? analysis(params.textDocument.uri)))?.program.model ?? Model()
        let items = CompletionContext(file: file, offset: offset).items(model: model)
        return CompletionList(isIncomplete: false, items: items)
    }
}

/// Where a completion is asked, from the tokens before the cursor.
struct CompletionContext {
    enum Place: Equatable {
        case none
        case declarationStart
        case itemStart(opener: String)
        case fields(of: String)
        case words([String])
        case names(Set<EntityKind>)
        case expression
    }

    let place: Place

    init(file: SourceFile, offset: Int) {
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
        var previousLine = -1
        for (index, token) in before.enumerated() {
            let line = file.lineIndex(of: token.span.start)
            if openers.isEmpty, line != previousLine || index == 0, TokenKind.keywords[text(token)]?.startsDeclaration == true {
                statement = text(token)
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
        guard let previous = before.last else {
            place = .declarationStart
            return
        }
        let startsLine = file.lineIndex(of: previous.span.end) < file.lineIndex(of: offset)
        if previous.kind == .dot, before.count >= 2 {
            place = .fields(of: text(before[before.index(before.endIndex, offsetBy: -2)]))
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
            place = Self.enumerated(field, statement: statement).map { .words($0) } ?? .expression
            return
        }
        if let values = Self.enumerated(text(previous), statement: statement) {
            place = .words(values)
            return
        }
        // A list being written: back over `a, b,` to the word that heads it.
        var index = before.index(before.endIndex, offsetBy: -1)
        if previous.kind == .comma {
            while index > before.startIndex, before[index].kind == .comma, before[index - 1].kind == .identifier,
                  index - 1 > before.startIndex {
                index -= 2
            }
        }
        if let kinds = Self.listHeads[text(before[index])], before[index].kind != .comma {
            place = .names(kinds)
            return
        }
        // After a whole item on the line of a block: the next item.
        if let opener = openers.last, Parser.itemWords(in: opener) != nil, previous.kind != .comma,
           [.identifier, .number, .percent, .string, .rightBrace].contains(previous.kind) {
            place = .itemStart(opener: opener)
            return
        }
        place = .expression
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
    static let expressionWords = ["and", "or", "not", "in", "all", "any", "every", "where", "true", "false", "union",
                                  "intersect", "except", "sum", "min", "max"]

    func items(model: Model) -> [CompletionItem] {
        func item(_ label: String, _ kind: Int, _ detail: String?) -> CompletionItem {
            CompletionItem(label: label, kind: kind, detail: detail, sortText: nil)
        }
        func names(_ kinds: Set<EntityKind>) -> [CompletionItem] {
            model.symbols.filter { kinds.contains($0.value) }.map { item($0.key, Self.completionKind($0.value), $0.value.rawValue) }
        }
        let items: [CompletionItem]
        switch place {
        case .none: items = []
        case .declarationStart:
            items = TokenKind.keywords.filter { $0.value.startsDeclaration }.keys.map { item($0, CompletionKind.keyword, "declaration") }
        case .itemStart(let opener):
            items = (Parser.itemWords(in: opener) ?? []).map { item($0, CompletionKind.keyword, "\(opener) item") }
        case .fields(let owner):
            let fields = model.symbols[owner].map { ExpressionBinder.fieldNames(of: $0) }
                ?? Set(EntityKind.allCases.flatMap { ExpressionBinder.fieldNames(of: $0) })
            items = fields.map { item($0, CompletionKind.field, "field") }
        case .words(let words): items = words.map { item($0, CompletionKind.enumMember, nil) }
        case .names(let kinds): items = names(kinds)
        case .expression:
            items = names(Set(EntityKind.allCases))
                + Resolver.builtinCollections.keys.map { item($0, CompletionKind.variable, "built-in set") }
                + Builtin.allCases.map { item($0.rawValue, CompletionKind.function, $0.usage) }
                + Self.expressionWords.map { item($0, CompletionKind.keyword, nil) }
        }
        return Array(Set(items)).sorted { $0.label < $1.label }
    }

    static func completionKind(_ kind: EntityKind) -> Int {
        switch kind {
        case .member: CompletionKind.reference
        case .value, .principle: CompletionKind.constant
        case .body: CompletionKind.class
        case .bloc: CompletionKind.struct
        case .binding: CompletionKind.variable
        case .goal, .channel: CompletionKind.event
        case .rule: CompletionKind.function
        case .alliance: CompletionKind.module
        }
    }
}
