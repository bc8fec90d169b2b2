// The one canonical layout of Charter source: `charter fmt` rewrites files
// with it, the REPL's `:show` and `:save` print declarations with it. It is
// width-aware, in the manner of Prettier and rustfmt: the formatter builds a
// document of groups (Document.swift), and a group is printed on one line
// when it fits in the line width, and broken otherwise. So the layout people
// write — a short member on one line, a long body one item per line — is
// the layout it keeps.
//
// The layout:
//
// - The line width is 100 columns unless charter.toml's `[format]
//   line-width` says otherwise. Two spaces per level of indentation; no line
//   ends in whitespace. Text that cannot break (a quoted text, a rule's
//   statement, a comment) may go past the width.
// - A block (alliance, member, goal, body, rule, check, scenario, amend and
//   the declarations a scenario adds) is `header { a b c }` on one line when
//   that fits; otherwise `{` ends the header line, each item, statement,
//   expression or step has a line of its own, one level in, and `}` a line
//   of its own. A block written with a line break after its `{` stays broken,
//   as Prettier keeps an object: its author laid it out that way. A block
//   with nothing in it is `{}`, except a goal's, which is left out.
// - A list of names (`holds`, `decides`, `members`, `veto`, `serves`,
//   `about`, `remove`, a bloc's or a channel's) is `a, b, c` after its word
//   when that fits, else one name per line, one level in. A matter's own
//   rule (`decides a, b by consensus`) stays after its last name: on a line
//   of its own it would read as the body's rule. A principle's clauses go
//   one per line when the principle does not fit.
// - An expression is one line when it fits; else it breaks after a
//   quantifier's `:`, after a `where`, after a comparison's operator,
//   after each `and`, `or`, `+` … of a chain, and inside brackets and
//   parentheses, one level in each time; with the fewest parentheses that
//   parse back to the same tree (Expressions.swift). A rule's statement is
//   never broken: a line break inside it could change how it reads.
// - Numbers, percentages and quoted texts are copied as written, so `2.5`,
//   `0.60` and escapes survive; a ratio too, without the spaces that may
//   have stood around its `/`. A rule's phrase is its quoted text as
//   written, or else its words joined by single spaces.
// - One blank line stands wherever the source had one or more between two
//   declarations, comments, items or steps, at any depth (breaking the
//   block it is in); never after a `{`, before a `}` or at the ends of the file.
// - Comments keep their order and text (right-trimmed). A comment on a line
//   of its own stays on a line of its own, before the code it preceded and at
//   its indentation; one before a `}` at the indentation of the block's
//   contents. A trailing comment stays at the end of the line of the code it
//   followed, after one space. A comment inside a header, an item, a step or
//   an expression goes on a line of its own above it. A comment breaks the
//   block it is in.
// - A declaration with a syntax error is copied as it was written, its lines
//   right-trimmed, since the tree lacks what the parser skipped. Callers
//   format only files without syntax errors; this keeps the others whole.

import CharterDiagnostics
import CharterSyntax

/// Lays out the declarations of one parsed file in Charter's canonical layout.
public struct Formatter {
    let source: SourceFile
    private let syntax: SourceFileSyntax
    /// The file's tokens, for literals as written and for the braces, which
    /// the tree does not record.
    let tokens: [Token]
    /// The columns a line may take before a group breaks.
    public let lineWidth: Int

    /// `source` is the file the syntax came from (for literals as written
    /// and comments); `lineWidth` is charter.toml's `[format] line-width`.
    public init(source: SourceFile, syntax: SourceFileSyntax, lineWidth: Int = LineWidth.standard) {
        self.source = source
        self.syntax = syntax
        self.lineWidth = lineWidth
        tokens = Lexer.tokenize(source).tokens
    }

    /// The whole file in canonical layout, ending in exactly one newline
    /// (empty for a file with no declarations and no comments).
    public func format() -> String {
        var builder = DocumentBuilder(formatter: self, comments: syntax.comments[...])
        var parts: [Document] = []
        for declaration in syntax.declarations {
            parts.append(builder.declaration(declaration, after: parts.isEmpty ? .empty : .hardLine))
        }
        parts.append(builder.closingComments(before: Int.max))
        let text = DocumentPrinter.print(.join(parts), width: lineWidth)
        return text.isEmpty ? "" : text + "\n"
    }

    /// One declaration in canonical layout, without a final newline. With
    /// `leadingComments`, the comments on lines of their own directly above
    /// it (no blank line between them and it) come first; comments inside
    /// its span are always kept, and its trailing comment on its last line.
    /// With `itemPerLine`, every block is broken, one item a line, and
    /// nothing else is, however long: the layout the REPL edits an entry in.
    public func format(_ declaration: Declaration, leadingComments: Bool = false, itemPerLine: Bool = false) -> String {
        let span = declaration.span
        let comments = syntax.comments
        var first = comments.partitionPoint { $0.span.start >= span.start }
        var end = comments.partitionPoint { $0.span.start >= span.end }
        if end < comments.count && comments[end].isTrailing && !hasToken(from: span.end, before: comments[end].span.start) {
            end += 1
        }
        if leadingComments {
            var next = span.start
            while first > 0 {
                let comment = comments[first - 1]
                guard !comment.isTrailing, source.lineIndex(of: comment.span.start) + 1 == source.lineIndex(of: next),
                      !hasToken(from: comment.span.end, before: next) else { break }
                first -= 1
                next = comment.span.start
            }
        }
        return print(declaration, comments: comments[first..<end], itemPerLine: itemPerLine)
    }

    /// A declaration's text with no comments and one item a line: the same
    /// for any two spellings of it, so that comparing versions of a file
    /// (`charter diff`) sees what changed, not how it was laid out.
    public func canonicalText(of declaration: Declaration) -> String {
        print(declaration, comments: [], itemPerLine: true)
    }

    private func print(_ declaration: Declaration, comments: ArraySlice<Comment>, itemPerLine: Bool) -> String {
        var builder = DocumentBuilder(formatter: self, comments: comments, itemPerLine: itemPerLine)
        let document = Document.join([builder.declaration(declaration, after: .empty), builder.closingComments(before: Int.max)])
        // Nothing is too long when only blocks break.
        return DocumentPrinter.print(document, width: itemPerLine ? Int.max / 4 : lineWidth)
    }

    // MARK: - Pieces without comments

    /// `keyword a, b, c`, or the names one a line below the keyword; `tail`
    /// follows the last name (a matter's rule, a channel's frequency).
    func listed(_ keyword: String, _ names: [String], then tail: String = "") -> Document {
        var parts: [Document] = []
        for (index, name) in names.enumerated() {
            parts.append(.line)
            parts.append(.text(name + (index < names.count - 1 ? "," : tail)))
        }
        return .join([.text(keyword), .group([.indent(.join(parts))])])
    }

    func listed(_ keyword: String, _ names: [Name], then tail: String = "") -> Document {
        listed(keyword, names.map(\.text), then: tail)
    }

    /// `keyword` and an expression after it, or the expression on the next
    /// line, one level in, when the two do not fit on one. A set or a call
    /// stays beside its keyword and breaks inside its brackets instead.
    func introduced(_ keyword: String, _ expression: Expr, then tail: String = "") -> Document {
        switch expression.kind {
        case .set, .call:
            return .join([.text(keyword + " "), self.expression(expression), .text(tail)])
        default:
            return .join([.text(keyword), .group([.indent(.join([.line, self.expression(expression)]))]), .text(tail)])
        }
    }

    /// `keyword name "title"`, the start every named block shares.
    func header(_ keyword: String, _ name: Name, _ title: StringLiteral?) -> String {
        "\(keyword) \(name)" + titled(title)
    }

    func titled(_ title: StringLiteral?) -> String {
        title.map { " " + written($0.span) } ?? ""
    }

    /// `prefix` and what a selector selects: `all`, a query or a list of names.
    func selected(_ prefix: String, _ selector: Selector, then tail: String = "") -> Document {
        switch selector {
        case .all: .text(prefix + " all" + tail)
        case .filter(let condition, _): introduced(prefix + " members where", condition, then: tail)
        case .names(let names): listed(prefix, names, then: tail)
        }
    }

    func item(_ item: Item) -> Document {
        switch item.kind {
        case .mission(let mission): .text("mission \(written(mission.span))")
        case .stage(let stage): .text("stage \(stage)")
        case .balance(let share): .text("balance social >= \(written(share.span))")
        case .kind(let kind): .text("kind \(kind)")
        case .motivation(let motivation): .text("motivation \(motivation)")
        case .weight(let weight): .text("weight \(written(weight.span))")
        case .holds(let values): listed("holds", values)
        case .joined(let stage): .text("joined \(stage)")
        case .contribution(.amount(let amount)): .text("contribution \(written(amount.span))")
        case .contribution(.description(let description)): .text("contribution \(written(description.span))")
        case .target(let target): .text("target \(written(target.span))")
        case .members(.filter(let condition, _)): introduced("members where", condition)
        case .members(let members): selected("members", members)
        case .decides(let matters, let rule): listed("decides", matters, then: rule.map { " " + decisionRule($0) } ?? "")
        case .decision(let rule): .text(decisionRule(rule))
        case .quorum(let share): .text("quorum \(written(share.span))")
        case .veto(let members, let matters):
            matters.isEmpty ? listed("veto", members) : .join([listed("veto", members), listed(" on", matters)])
        }
    }

    private func decisionRule(_ rule: DecisionRule) -> String {
        switch rule.kind {
        case .unanimity:
            return "by unanimity"
        case .consensus:
            return "by consensus"
        case .majority(let majority, let threshold):
            let word = switch majority {
            case .plain: ""
            case .simple: "simple "
            case .qualified: "qualified "
            case .weighted: "weighted "
            }
            let share = switch threshold {
            case .ratio(let ratio)?: " " + written(ratio.span)
            case .quota(let quota)?: " quota " + written(quota.span)
            case nil: ""
            }
            return "by \(word)majority\(share)"
        }
    }

    /// A rule's statement, on one line: a line break inside a phrase can
    /// change where it ends.
    func statement(_ statement: Statement) -> String {
        var words: [String]
        switch statement.actor {
        case .everyMember(let group, _): words = ["every member"] + (group.map { ["of \($0)"] } ?? [])
        case .named(let name): words = [name.text]
        }
        switch statement.deontic {
        case .must: words.append("must")
        case .mustNot: words.append("must not")
        case .may: words.append("may")
        }
        words.append(phrase(statement.aim))
        if let condition = statement.condition { words.append("when " + phrase(condition)) }
        if let sanction = statement.sanction { words.append("or else " + phrase(sanction)) }
        return words.joined(separator: " ")
    }

    /// A quoted phrase as written; the tree holds only its decoded text.
    private func phrase(_ phrase: Phrase) -> String {
        firstToken(.string, in: phrase.span.start..<phrase.span.end) != nil ? written(phrase.span) : phrase.text
    }

    // MARK: - Tokens

    /// A literal as written: the text of the tokens in its span, without the
    /// spaces between them (`2 / 3` is `2/3`) and without the parentheses an
    /// expression's span includes when it was written in them.
    func written(_ span: Span) -> String {
        var text = ""
        var index = tokens.partitionPoint { $0.span.start >= span.start }
        while index < tokens.count && tokens[index].span.start < span.end {
            let token = tokens[index]
            if token.kind != .leftParen && token.kind != .rightParen {
                text += source.text(token.span.start..<token.span.end)
            }
            index += 1
        }
        return text
    }

    func firstToken(_ kind: TokenKind, in range: Range<Int>) -> Range<Int>? {
        var index = tokens.partitionPoint { $0.span.start >= range.lowerBound }
        while index < tokens.count && tokens[index].span.start < range.upperBound {
            if tokens[index].kind == kind { return tokens[index].span.start..<tokens[index].span.end }
            index += 1
        }
        return nil
    }

    private func hasToken(from start: Int, before end: Int) -> Bool {
        let index = tokens.partitionPoint { $0.span.start >= start }
        return index < tokens.count && tokens[index].span.start < end
    }

    /// Whether the parser skipped some of `range`, which only the source still holds.
    func wasRecovered(_ range: Range<Int>) -> Bool {
        syntax.recoveries.contains { range.contains($0.start) }
    }
}

// MARK: - Declarations, and the comments between them

/// Builds the document of declarations in source order, and puts each
/// comment back beside the code it was written with: each piece of code is
/// handed over with the source range it stands for, and the comments before
/// it are placed first.
struct DocumentBuilder {
    let formatter: Formatter
    /// The comments not yet placed, in source order.
    private var comments: ArraySlice<Comment>
    /// Every block broken, one item a line (the REPL's `amend` edits that).
    private let itemPerLine: Bool
    /// Where the last code or comment placed ends in the source, to tell
    /// whether a blank line follows it; nil before anything is.
    private var previousEnd: Int?
    /// Whether a block has just opened, so that no blank line starts it.
    private var atBlockStart = false

    init(formatter: Formatter, comments: ArraySlice<Comment>, itemPerLine: Bool = false) {
        self.formatter = formatter
        self.comments = comments
        self.itemPerLine = itemPerLine
    }

    private var source: SourceFile { formatter.source }

    /// A declaration after `separator` (a line break between declarations,
    /// a line in a scenario's block); a scenario's `add` step passes its
    /// `add` as `lead` and where the step starts as `start`.
    mutating func declaration(_ declaration: Declaration, after separator: Document, lead: String = "",
                              from start: Int? = nil) -> Document {
        let range = (start ?? declaration.span.start)..<declaration.span.end
        let f = formatter
        if formatter.wasRecovered(range) { return verbatim(range, after: separator) }
        switch declaration {
        case .alliance(let alliance):
            return block(after: separator, range, header: .text(lead + f.header("alliance", alliance.name, alliance.title)),
                         items: alliance.items)
        case .value(let value):
            return unit(after: separator, range, .text(lead + "value \(value.name) \(f.written(value.meaning.span))"))
        case .principle(let principle):
            var clauses: [Document] = []
            for clause in principle.clauses {
                clauses.append(.line)
                clauses.append(f.listed(clause.stance == .upholds ? "upholds" : "opposes", clause.values))
            }
            let header = Document.text(lead + f.header("principle", principle.name, principle.title))
            return unit(after: separator, range, .group([header, .indent(.join(clauses))]))
        case .tension(let tension):
            return unit(after: separator, range, .text(lead + "tension \(tension.left) vs \(tension.right)" + f.titled(tension.note)))
        case .member(let member):
            return block(after: separator, range, header: .text(lead + f.header("member", member.name, member.title)),
                         items: member.items)
        case .bloc(let bloc):
            return unit(after: separator, range, f.selected(lead + "bloc \(bloc.name) =", bloc.selector))
        case .goal(let goal):
            let kind = goal.kind == .social ? "social" : "business"
            let header = f.listed(lead + f.header("goal", goal.name, goal.title) + " \(kind) serves", goal.serves)
            return block(after: separator, range, header: header, items: goal.items, emptyBlock: "")
        case .body(let body):
            return block(after: separator, range, header: .text(lead + f.header("body", body.name, body.title)), items: body.items)
        case .rule(let rule):
            let start = lead + f.header("rule", rule.name, rule.title)
            let header = rule.topics.isEmpty ? Document.text(start) : f.listed(start + " about", rule.topics)
            let statement = rule.statement
            return block(after: separator, range, header: header, contents: [{ builder, separator in
                builder.unit(after: separator, statement.span.start..<statement.span.end, .text(f.statement(statement)))
            }])
        case .channel(let channel):
            let frequency = channel.frequency.map { " \($0)" } ?? ""
            let start = lead + f.header("channel", channel.name, channel.title) + " reaches"
            return unit(after: separator, range, f.selected(start, channel.reaches, then: frequency))
        case .check(let check):
            let condition = check.condition
            return block(after: separator, range, header: .text(lead + "check \(f.written(check.title.span))"), contents: [{ builder, separator in
                builder.unit(after: separator, condition.span.start..<condition.span.end, f.expression(condition))
            }])
        case .scenario(let scenario):
            return block(after: separator, range, header: .text(lead + "scenario \(f.written(scenario.title.span))"),
                         contents: scenario.steps.map { step in { builder, separator in builder.step(step, after: separator) } })
        case .import(let declaration):
            return unit(after: separator, range, .text(lead + "import \(f.written(declaration.path.span))"))
        case .let(let binding):
            return unit(after: separator, range, f.introduced(lead + "let \(binding.name) =", binding.value))
        case .show(let show):
            return unit(after: separator, range, f.introduced(lead + "show", show.value))
        case .assert(let assert):
            return unit(after: separator, range, f.introduced(lead + "assert", assert.condition, then: f.titled(assert.message)))
        case .bad(let span, _):
            return verbatim(span.start..<span.end, after: separator)
        }
    }

    private mutating func step(_ step: ScenarioStep, after separator: Document) -> Document {
        let f = formatter
        switch step {
        case .add(let declaration, let span):
            return self.declaration(declaration, after: separator, lead: "add ", from: span.start)
        case .remove(let names, let span):
            return unit(after: separator, span.start..<span.end, f.listed("remove", names))
        case .amend(let target, let items, let span):
            return block(after: separator, span.start..<span.end, header: .text("amend \(target)"), items: items)
        case .expectCheck(let title, let passes, let span):
            return unit(after: separator, span.start..<span.end,
                        .text("expect check \(f.written(title.span)) \(passes ? "passes" : "fails")"))
        case .expect(let condition, let span):
            return unit(after: separator, span.start..<span.end, f.introduced("expect", condition))
        case .let(let binding):
            return declaration(.let(binding), after: separator)
        case .show(let show):
            return declaration(.show(show), after: separator)
        case .assert(let assert):
            return declaration(.assert(assert), after: separator)
        }
    }

    /// A piece of code standing for `range` of the source, after `separator`
    /// and the comments before it; a comment inside it goes above it.
    mutating func unit(after separator: Document, _ range: Range<Int>, _ code: Document) -> Document {
        let led = lead(separator, to: range.lowerBound)
        let hoisted = hoist(before: range.upperBound)
        previousEnd = range.upperBound
        return .join([led, hoisted, code])
    }

    private mutating func block(after separator: Document, _ range: Range<Int>, header: Document, items: [Item],
                                emptyBlock: String = " {}") -> Document {
        let f = formatter
        return block(after: separator, range, header: header, emptyBlock: emptyBlock, contents: items.map { item in
            { builder, separator in builder.unit(after: separator, item.span.start..<item.span.end, f.item(item)) }
        })
    }

    /// A header, `{`, the contents and `}`, as a group; the header alone,
    /// followed by `emptyBlock`, when the block holds neither contents nor
    /// comments. Each of `contents` builds its piece after the separator given.
    private mutating func block(after separator: Document, _ range: Range<Int>, header: Document, emptyBlock: String = " {}",
                                contents: [(inout DocumentBuilder, Document) -> Document]) -> Document {
        guard let open = formatter.firstToken(.leftBrace, in: range) else {
            return unit(after: separator, range, header)
        }
        // The declaration ends with its `}`.
        let close = max(open.upperBound, range.upperBound - 1)..<range.upperBound
        let led = lead(separator, to: range.lowerBound)
        let hoisted = hoist(before: open.upperBound)
        previousEnd = open.upperBound
        let nextComment = comments.first?.span.start ?? Int.max
        if contents.isEmpty && nextComment >= close.lowerBound {
            previousEnd = range.upperBound
            return .join([led, hoisted, header, .text(emptyBlock)])
        }
        // A block written with a line break after its `{` stays broken.
        let firstInside = min(nextComment, formatter.firstTokenStart(after: open.upperBound) ?? close.lowerBound)
        let keepBroken = itemPerLine || source.lineIndex(of: open.lowerBound) != source.lineIndex(of: firstInside)
        atBlockStart = true
        var inside: [Document] = []
        for piece in contents { inside.append(piece(&self, .line)) }
        inside.append(closingComments(before: close.lowerBound))
        atBlockStart = false
        previousEnd = range.upperBound
        return .join([led, hoisted, .group([header, .text(" {"), .indent(.join(inside)), .line, .text("}")], keepBroken: keepBroken)])
    }

    /// Source copied as it is, comments within it included, lines right-trimmed.
    private mutating func verbatim(_ range: Range<Int>, after separator: Document) -> Document {
        let led = lead(separator, to: range.lowerBound)
        while let comment = comments.first, comment.span.start < range.upperBound { comments.removeFirst() }
        previousEnd = range.upperBound
        var lines: [Document] = []
        for line in source.text(range).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if !lines.isEmpty { lines.append(.hardLine) }
            lines.append(.text(line.trimmingTrailingWhitespace()))
        }
        return .join([led] + lines)
    }

    // MARK: Comments

    /// The separator before code that starts at `start`, with the comments
    /// before that code: one that trailed the code before stays at the end of
    /// its line (before the separator), the others go on lines of their own
    /// after it; blank lines where the source had them.
    private mutating func lead(_ separator: Document, to start: Int) -> Document {
        var trailing: [Document] = []
        var above: [Document] = []
        while let comment = nextComment(before: start) {
            if comment.isTrailing {
                trailing.append(.lineSuffix(" " + comment.text))
            } else {
                above += (comment.blankBefore ? [.hardLine] : []) + [.text(comment.text), .hardLine]
            }
        }
        if blankLine(before: start) { above.append(.hardLine) }
        atBlockStart = false
        return .join(trailing + [separator] + above)
    }

    /// The next comment if it starts before `end`, taken from those to place:
    /// its text, whether anything was placed before it, whether it trails
    /// code placed before it, and whether a blank line stands before it.
    private mutating func nextComment(before end: Int)
        -> (text: String, follows: Bool, isTrailing: Bool, blankBefore: Bool)? {
        guard let comment = comments.first, comment.span.start < end else { return nil }
        comments.removeFirst()
        let follows = previousEnd != nil
        let isTrailing = comment.isTrailing && follows
        let blankBefore = !isTrailing && blankLine(before: comment.span.start)
        if !isTrailing { atBlockStart = false }
        previousEnd = comment.span.end
        return (text(of: comment), follows, isTrailing, blankBefore)
    }

    /// The comments that start before `end`, inside a piece of code that is
    /// laid out anew, each on a line of its own above it.
    private mutating func hoist(before end: Int) -> Document {
        var above: [Document] = []
        while let comment = comments.first, comment.span.start < end {
            comments.removeFirst()
            above += [.text(text(of: comment)), .hardLine]
        }
        return .join(above)
    }

    /// The comments before `end` after everything else of a block (its `}`
    /// at `end`) or of the file: a trailing one at the end of its line, the
    /// others each on a line of its own.
    mutating func closingComments(before end: Int) -> Document {
        var parts: [Document] = []
        while let comment = nextComment(before: end) {
            if comment.isTrailing {
                parts.append(.lineSuffix(" " + comment.text))
            } else {
                // On a line of its own: after what was placed before it, if anything was.
                if comment.follows { parts.append(.hardLine) }
                if comment.blankBefore { parts.append(.hardLine) }
                parts.append(.text(comment.text))
            }
        }
        return .join(parts)
    }

    /// Whether the source has a blank line between what was placed last and
    /// `offset`. Between consecutive things the source holds only spaces, so
    /// a line between them is a blank one.
    private func blankLine(before offset: Int) -> Bool {
        guard !atBlockStart, let previousEnd else { return false }
        return source.lineIndex(of: offset) - source.lineIndex(of: previousEnd) > 1
    }

    private func text(of comment: Comment) -> String {
        source.text(comment.span.start..<comment.span.end).trimmingTrailingWhitespace()
    }
}

extension Formatter {
    /// Where the first token at or after `offset` starts, if one does.
    func firstTokenStart(after offset: Int) -> Int? {
        let index = tokens.partitionPoint { $0.span.start >= offset }
        return index < tokens.count ? tokens[index].span.start : nil
    }
}

extension SourceFile {
    /// The text of a byte range, clamped to the file.
    fileprivate func text(_ range: Range<Int>) -> String {
        let start = min(max(0, range.lowerBound), bytes.count)
        let end = min(max(start, range.upperBound), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

extension StringProtocol {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace {
            text.removeLast()
        }
        return String(text)
    }
}

extension Array {
    /// The index of the first element for which `isAfter` holds, when it
    /// holds for every element after that one too (a binary search).
    func partitionPoint(_ isAfter: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
