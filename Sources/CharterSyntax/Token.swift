// Tokens are a kind and a span: the text stays in the source file and is
// sliced out only when needed. Comments are not tokens: the lexer keeps them
// aside, and the parser gives each an owner (Comments.swift).

import CharterDiagnostics

/// What a token is.
public enum TokenKind: Hashable, Sendable {
    // Literals and names.
    case identifier
    case number
    case percent
    case string

    // Reserved words (see `TokenKind.keywords`).
    case kwAlliance, kwAll, kwAnd, kwAny, kwAssert, kwBloc, kwBody, kwChannel, kwCheck
    case kwEvery, kwFalse, kwGoal, kwImport, kwIn, kwLet, kwMay, kwMember, kwMust, kwNot
    case kwOr, kwPrinciple, kwRule, kwScenario, kwShow, kwTension, kwTrue, kwValue, kwVs
    case kwWhere

    // Punctuation.
    case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
    case comma, dot, colon, assign, plus, minus, star, slash
    case equal, notEqual, less, lessEqual, greater, greaterEqual

    /// Bytes the lexer could not make a token of; already reported.
    case invalid
    case endOfFile

    /// The reserved words and their kinds.
    public static let keywords: [String: TokenKind] = [
        "alliance": .kwAlliance, "all": .kwAll, "and": .kwAnd, "any": .kwAny,
        "assert": .kwAssert, "bloc": .kwBloc, "body": .kwBody, "channel": .kwChannel,
        "check": .kwCheck, "every": .kwEvery, "false": .kwFalse, "goal": .kwGoal,
        "import": .kwImport, "in": .kwIn, "let": .kwLet, "may": .kwMay, "member": .kwMember,
        "must": .kwMust, "not": .kwNot, "or": .kwOr, "principle": .kwPrinciple, "rule": .kwRule,
        "scenario": .kwScenario, "show": .kwShow, "tension": .kwTension, "true": .kwTrue,
        "value": .kwValue, "vs": .kwVs, "where": .kwWhere,
    ]

    /// The reserved word spelled by `bytes`, if any, without making a
    /// `String` of them: the lexer asks this of every name in the file.
    public static func keyword(spelledBy bytes: UnsafeBufferPointer<UInt8>) -> TokenKind? {
        guard let word = word(spelledBy: bytes), word.kind != .identifier else { return nil }
        return word.kind
    }

    /// What a name spells, if it is a reserved word or a word that opens
    /// items (`weight`, `holds` …; an identifier, which the parser reads as
    /// an item's word where a block has items): both told in one lookup.
    @inline(__always)
    static func word(spelledBy bytes: UnsafeBufferPointer<UInt8>) -> (kind: TokenKind, itemWord: ItemWord?)? {
        guard let first = bytes.first, bytes.count < KeywordTable.longest else { return nil }
        for entry in KeywordTable.buckets[KeywordTable.bucket(length: bytes.count, first: first)]
        where entry.spelling.withUnsafeBufferPointer({ $0.spells(bytes) }) {
            return (entry.kind, entry.itemWord)
        }
        return nil
    }

    /// Whether the kind is a reserved word.
    public var isKeyword: Bool { Self.keywordKinds.contains(self) }

    private static let keywordKinds = Set(keywords.values)

    /// Kinds that begin a declaration: where the parser resumes after an error.
    public var startsDeclaration: Bool {
        switch self {
        case .kwAlliance, .kwValue, .kwPrinciple, .kwTension, .kwMember, .kwBloc, .kwGoal,
             .kwBody, .kwRule, .kwChannel, .kwCheck, .kwScenario, .kwImport, .kwLet, .kwShow,
             .kwAssert:
            true
        default:
            false
        }
    }

    /// How the kind is named in "expected …, found …" messages.
    public var displayName: String {
        if let keyword = Self.keywords.first(where: { $0.value == self })?.key { return "`\(keyword)`" }
        switch self {
        case .identifier: return "a name"
        case .number: return "a number"
        case .percent: return "a percentage"
        case .string: return "a quoted text"
        case .leftBrace: return "`{`"
        case .rightBrace: return "`}`"
        case .leftParen: return "`(`"
        case .rightParen: return "`)`"
        case .leftBracket: return "`[`"
        case .rightBracket: return "`]`"
        case .comma: return "`,`"
        case .dot: return "`.`"
        case .colon: return "`:`"
        case .assign: return "`=`"
        case .plus: return "`+`"
        case .minus: return "`-`"
        case .star: return "`*`"
        case .slash: return "`/`"
        case .equal: return "`==`"
        case .notEqual: return "`!=`"
        case .less: return "`<`"
        case .lessEqual: return "`<=`"
        case .greater: return "`>`"
        case .greaterEqual: return "`>=`"
        case .invalid: return "an invalid character"
        case .endOfFile: return "the end of the file"
        default: return "\(self)"
        }
    }
}

/// One token: its kind and where it is.
public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    /// For a name that opens items, which word it is: the lexer tells it in
    /// the lookup that tells reserved words, where the parser compared each
    /// item's word again. Kept in room the span leaves (a token is 16 bytes).
    let itemWord: ItemWord?
    public var span: Span
    public init(kind: TokenKind, span: Span) {
        self.init(kind: kind, itemWord: nil, span: span)
    }

    init(kind: TokenKind, itemWord: ItemWord?, span: Span) {
        self.kind = kind
        self.itemWord = itemWord
        self.span = span
    }
}

/// A comment. The parser attaches each to the declaration, item or step it
/// belongs to (Comments.swift).
public struct Comment: Hashable, Sendable {
    public var span: Span
    /// Whether code precedes it on its line (a trailing comment).
    public var isTrailing: Bool
}

/// The reserved words and the words that open items, bucketed by length
/// and first letter, so a name is compared with at most a couple of them.
private enum KeywordTable {
    static let longest = 16

    static func bucket(length: Int, first: UInt8) -> Int { length * 32 + Int(first & 31) }

    typealias Entry = (spelling: [UInt8], kind: TokenKind, itemWord: ItemWord?)

    static let buckets: [[Entry]] = {
        var buckets = Array(repeating: [Entry](), count: longest * 32)
        let words = TokenKind.keywords.map { ($0.key, $0.value, ItemWord?.none) }
            + ItemWord.allCases.map { ($0.spelling, TokenKind.identifier, Optional($0)) }
        for (word, kind, itemWord) in words {
            let spelling = Array(word.utf8)
            buckets[bucket(length: spelling.count, first: spelling[0])].append((spelling, kind, itemWord))
        }
        return buckets
    }()
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether both hold the same bytes: the lexer's and parser's test of a
    /// spelling, a plain loop where `elementsEqual` goes through iterators.
    @inline(__always)
    func spells(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        for index in 0..<count where self[index] != other[index] { return false }
        return true
    }
}
