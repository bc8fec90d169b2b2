// The one canonical layout of Charter source: `charter fmt` rewrites files
// with it, the REPL's `:show` and `:save` print declarations with it. It is
// width-aware, in the manner of Prettier and rustfmt: the formatter writes a
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
    /// `within`: the part of the file (a declaration's span) that is all
    /// this formatter will be asked to lay out, so that it reads only that.
    public init(source: SourceFile, syntax: SourceFileSyntax, lineWidth: Int = LineWidth.standard, within: Range<Int>? = nil) {
        self.source = source
        self.syntax = syntax
        self.lineWidth = lineWidth
        tokens = within.map { Lexer.tokens(of: source, in: $0) } ?? Lexer.tokenize(source).tokens
    }

    /// The whole file in canonical layout, ending in exactly one newline
    /// (empty for a file with no declarations and no comments).
    public func format() -> String {
        var writer = DocumentWriter(formatter: self, comments: syntax.comments[...])
        for (index, declaration) in syntax.declarations.enumerated() {
            writer.declaration(declaration, after: index == 0 ? .nothing : .hardLine)
        }
        writer.closingComments(before: Int.max)
        let text = writer.document.print(width: lineWidth)
        return text.isEmpty ? "" : text + "\n"
    }

    /// One declaration in canonical layout, without a final newline, with
    /// the comments the parser attached to it, its items and its steps
    /// (Comments.swift): those inside it and the one ending its last line;
    /// with `leadingComments`, those above it too, blank lines between them
    /// kept. With `itemPerLine`, every block is broken, one item a line, and
    /// nothing else is, however long: the layout the REPL edits an entry in.
    public func format(_ declaration: Declaration, leadingComments: Bool = false, itemPerLine: Bool = false) -> String {
        let comments = syntax.attached.comments(of: declaration, before: leadingComments)
        return print(declaration, comments: comments[...], itemPerLine: itemPerLine)
    }

    /// A declaration's text with no comments or blank lines and one item a
    /// line: the same for any two spellings of it, so that comparing versions
    /// of a file (`charter diff`) sees what changed, not how it was laid out.
    public func canonicalText(of declaration: Declaration) -> String {
        print(declaration, comments: [], itemPerLine: true, blankLines: false)
    }

    private func print(_ declaration: Declaration, comments: ArraySlice<Comment>, itemPerLine: Bool, blankLines: Bool = true) -> String {
        var writer = DocumentWriter(formatter: self, comments: comments, itemPerLine: itemPerLine, blankLines: blankLines)
        writer.declaration(declaration, after: .nothing)
        writer.closingComments(before: Int.max)
        // Nothing is too long when only blocks break.
        return writer.document.print(width: itemPerLine ? Int.max / 4 : lineWidth)
    }

    // MARK: - Pieces without comments

    /// `keyword a, b, c`, or the names one a line below the keyword; `tail`
    /// follows the last name (a matter's rule, a channel's frequency).
    func listed(_ keyword: String, _ names: [Name], then tail: String = "", into out: inout Document) {
        out.text(keyword)
        out.beginGroup()
        out.indent()
        for (index, name) in names.enumerated() {
            out.line()
            out.text(name.text + (index < names.count - 1 ? "," : tail))
        }
        out.dedent()
        out.endGroup()
    }

    /// `keyword` and an expression after it, or the expression on the next
    /// line, one level in, when the two do not fit on one. A set or a call
    /// stays beside its keyword and breaks inside its brackets instead.
    func introduced(_ keyword: String, _ expression: Expr, then tail: String = "", into out: inout Document) {
        switch expression.kind {
        case .set, .call:
            out.text(keyword + " ")
            self.expression(expression, into: &out)
        default:
            out.text(keyword)
            out.beginGroup()
            out.indent()
            out.line()
            self.expression(expression, into: &out)
            out.dedent()
            out.endGroup()
        }
        if !tail.isEmpty { out.text(tail) }
    }

    /// `keyword name "title"`, the start every named block shares.
    func header(_ keyword: String, _ name: Name, _ title: StringLiteral?) -> String {
        "\(keyword) \(name)" + titled(title)
    }

    func titled(_ title: StringLiteral?) -> String {
        title.map { " " + written($0.span) } ?? ""
    }

    /// `prefix` and what a selector selects: `all`, a query or a list of names.
    func selected(_ prefix: String, _ selector: Selector, then tail: String = "", into out: inout Document) {
        switch selector {
        case .all: out.text(prefix + " all" + tail)
        case .filter(let condition, _): introduced(prefix + " members where", condition, then: tail, into: &out)
        // A list the REPL's `remove` emptied selects nobody; written so that it reads back so.
        case .names(let names) where names.isEmpty: out.text(prefix + " members where false" + tail)
        case .names(let names): listed(prefix, names, then: tail, into: &out)
        }
    }

    func item(_ item: Item, into out: inout Document) {
        switch item.kind {
        case .mission(let mission): out.text("mission \(written(mission.span))")
        case .stage(let stage): out.text("stage \(stage)")
        case .balance(let share): out.text("balance social >= \(written(share.span))")
        case .kind(let kind): out.text("kind \(kind)")
        case .membershipClass(let word): out.text("class \(word)")
        case .motivation(let motivation): out.text("motivation \(motivation)")
        case .weight(let weight): out.text("weight \(written(weight.span))")
        case .holds(let values): listed("holds", values, into: &out)
        case .joined(let stage): out.text("joined \(stage)")
        case .contribution(.amount(let amount)): out.text("contribution \(written(amount.span))")
        case .contribution(.description(let description)): out.text("contribution \(written(description.span))")
        case .target(let target): out.text("target \(written(target.span))")
        case .members(.filter(let condition, _)): introduced("members where", condition, into: &out)
        case .members(let members): selected("members", members, into: &out)
        case .decides(let matters, let about, let rule):
            listed("decides", matters, then: (about.map { " about \($0)" } ?? "") + (rule.map { " " + decisionRule($0) } ?? ""), into: &out)
        case .decision(let rule): out.text(decisionRule(rule))
        case .quorum(let share): out.text("quorum \(written(share.span))")
        case .veto(let members, let matters):
            listed("veto", members, into: &out)
            if !matters.isEmpty { listed(" on", matters, into: &out) }
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

    /// Whether the parser skipped some of `range`, which only the source still holds.
    func wasRecovered(_ range: Range<Int>) -> Bool {
        syntax.recoveries.contains { range.contains($0.start) }
    }
}

// MARK: - Declarations, and the comments between them

/// Writes the document of declarations in source order, and puts each
/// comment back beside the code it was written with: each piece of code is
/// written with the source range it stands for, and the comments before it
/// are placed first.
struct DocumentWriter {
    let formatter: Formatter
    private(set) var document = Document()
    /// The comments not yet placed, in source order.
    private var comments: ArraySlice<Comment>
    /// Every block broken, one item a line (the REPL's `amend` edits that).
    private let itemPerLine: Bool
    /// Whether blank lines are kept where the source had them.
    private let blankLines: Bool
    /// Where the last code or comment placed ends in the source, to tell
    /// whether a blank line follows it; nil before anything is.
    private var previousEnd: Int?
    /// Whether a block has just opened, so that no blank line starts it.
    private var atBlockStart = false

    /// What stands between a piece of code and the one before it.
    enum Separator {
        case nothing, line, hardLine
    }

    init(formatter: Formatter, comments: ArraySlice<Comment>, itemPerLine: Bool = false, blankLines: Bool = true) {
        self.formatter = formatter
        self.comments = comments
        self.itemPerLine = itemPerLine
        self.blankLines = blankLines
    }

    private var source: SourceFile { formatter.source }

    /// A declaration after `separator` (a line break between declarations,
    /// a line in a scenario's block); a scenario's `add` step passes its
    /// `add` as `lead` and where the step starts as `start`.
    mutating func declaration(_ declaration: Declaration, after separator: Separator, lead: String = "", from start: Int? = nil) {
        let range = (start ?? declaration.span.start)..<declaration.span.end
        let f = formatter
        if formatter.wasRecovered(range) { return verbatim(range, after: separator) }
        switch declaration {
        case .alliance(let alliance):
            block(after: separator, range, header: { $0.text(lead + f.header("alliance", alliance.name, alliance.title)) },
                  items: alliance.items)
        case .value(let value):
            unit(after: separator, range) {
                $0.text(lead + "value \(value.name) \(f.written(value.meaning.span))" + (value.about.map { " about \($0)" } ?? ""))
            }
        case .principle(let principle):
            unit(after: separator, range) { out in
                out.beginGroup()
                out.text(lead + f.header("principle", principle.name, principle.title))
                out.indent()
                for clause in principle.clauses {
                    out.line()
                    f.listed(clause.stance == .upholds ? "upholds" : "opposes", clause.values, into: &out)
                }
                out.dedent()
                out.endGroup()
            }
        case .tension(let tension):
            unit(after: separator, range) { $0.text(lead + "tension \(tension.left) vs \(tension.right)" + f.titled(tension.note)) }
        case .member(let member):
            block(after: separator, range, header: { $0.text(lead + f.header("member", member.name, member.title)) },
                  items: member.items)
        case .bloc(let bloc):
            unit(after: separator, range) { f.selected(lead + "bloc \(bloc.name) =", bloc.selector, into: &$0) }
        case .goal(let goal):
            let kind = goal.kind == .social ? "social" : "business"
            block(after: separator, range, header: {
                f.listed(lead + f.header("goal", goal.name, goal.title) + " \(kind) serves", goal.serves, into: &$0)
            }, items: goal.items, emptyBlock: "")
        case .body(let body):
            block(after: separator, range, header: { $0.text(lead + f.header("body", body.name, body.title)) }, items: body.items)
        case .rule(let rule):
            let start = lead + f.header("rule", rule.name, rule.title)
            let statement = rule.statement
            block(after: separator, range, header: { out in
                if rule.topics.isEmpty { out.text(start) } else { f.listed(start + " about", rule.topics, into: &out) }
            }, isEmpty: false) { writer in
                writer.unit(after: .line, statement.span.start..<statement.span.end) { $0.text(f.statement(statement)) }
            }
        case .channel(let channel):
            let frequency = channel.frequency.map { " \($0)" } ?? ""
            let start = lead + f.header("channel", channel.name, channel.title) + " reaches"
            unit(after: separator, range) { f.selected(start, channel.reaches, then: frequency, into: &$0) }
        case .check(let check):
            let condition = check.condition
            block(after: separator, range, header: { $0.text(lead + "check \(f.written(check.title.span))") }, isEmpty: false) { writer in
                writer.unit(after: .line, condition.span.start..<condition.span.end) { f.expression(condition, into: &$0) }
            }
        case .scenario(let scenario):
            block(after: separator, range, header: { $0.text(lead + "scenario \(f.written(scenario.title.span))") },
                  isEmpty: scenario.steps.isEmpty) { writer in
                for step in scenario.steps { writer.step(step, after: .line) }
            }
        case .import(let declaration):
            unit(after: separator, range) { $0.text(lead + "import \(f.written(declaration.path.span))") }
        case .let(let binding):
            unit(after: separator, range) { f.introduced(lead + "let \(binding.name) =", binding.value, into: &$0) }
        case .show(let show):
            unit(after: separator, range) { f.introduced(lead + "show", show.value, into: &$0) }
        case .assert(let assert):
            unit(after: separator, range) { f.introduced(lead + "assert", assert.condition, then: f.titled(assert.message), into: &$0) }
        case .bad(let span, _):
            verbatim(span.start..<span.end, after: separator)
        }
    }

    private mutating func step(_ step: ScenarioStep, after separator: Separator) {
        let f = formatter
        switch step {
        case .add(let declaration, let span):
            self.declaration(declaration, after: separator, lead: "add ", from: span.start)
        case .remove(let names, let span):
            unit(after: separator, span.start..<span.end) { f.listed("remove", names, into: &$0) }
        case .amend(let target, let items, let span):
            block(after: separator, span.start..<span.end, header: { $0.text("amend \(target)") }, items: items)
        case .expectCheck(let title, let passes, let span):
            unit(after: separator, span.start..<span.end) {
                $0.text("expect check \(f.written(title.span)) \(passes ? "passes" : "fails")")
            }
        case .expect(let condition, let span):
            unit(after: separator, span.start..<span.end) { f.introduced("expect", condition, into: &$0) }
        case .expectFinding(let check, let checkSpan, let subject, let present, let span):
            unit(after: separator, span.start..<span.end) {
                // A quoted name as written (its escapes kept); a bare one as its parts joined.
                let written = f.written(checkSpan)
                $0.text("expect \(present ? "" : "no ")finding \(written.hasPrefix("\"") ? written : check)"
                        + (subject.map { " on \($0)" } ?? ""))
            }
        case .let(let binding):
            declaration(.let(binding), after: separator)
        case .show(let show):
            declaration(.show(show), after: separator)
        case .assert(let assert):
            declaration(.assert(assert), after: separator)
        }
    }

    /// A piece of code standing for `range` of the source, after `separator`
    /// and the comments before it; a comment inside it goes above it.
    mutating func unit(after separator: Separator, _ range: Range<Int>, _ code: (inout Document) -> Void) {
        lead(separator, to: range.lowerBound)
        hoist(before: range.upperBound)
        previousEnd = range.upperBound
        code(&document)
    }

    private mutating func block(after separator: Separator, _ range: Range<Int>, header: (inout Document) -> Void,
                                items: [Item], emptyBlock: String = " {}") {
        block(after: separator, range, header: header, emptyBlock: emptyBlock, isEmpty: items.isEmpty) { writer in
            let f = writer.formatter
            for item in items {
                writer.unit(after: .line, item.span.start..<item.span.end) { f.item(item, into: &$0) }
            }
        }
    }

    /// A header, `{`, the contents and `}`, as a group; the header alone,
    /// followed by `emptyBlock`, when the block holds neither contents nor
    /// comments. `contents` writes each piece after a line.
    private mutating func block(after separator: Separator, _ range: Range<Int>, header: (inout Document) -> Void,
                                emptyBlock: String = " {}", isEmpty: Bool, contents: (inout DocumentWriter) -> Void) {
        guard let open = formatter.firstToken(.leftBrace, in: range) else {
            return unit(after: separator, range, header)
        }
        // The declaration ends with its `}`.
        let close = max(open.upperBound, range.upperBound - 1)..<range.upperBound
        lead(separator, to: range.lowerBound)
        hoist(before: open.upperBound)
        previousEnd = open.upperBound
        let nextComment = comments.first?.span.start ?? Int.max
        if isEmpty && nextComment >= close.lowerBound {
            previousEnd = range.upperBound
            header(&document)
            if !emptyBlock.isEmpty { document.text(emptyBlock) }
            return
        }
        // A block written with a line break after its `{` stays broken.
        let firstInside = min(nextComment, formatter.firstTokenStart(after: open.upperBound) ?? close.lowerBound)
        let keepBroken = itemPerLine || source.lineIndex(of: open.lowerBound) != source.lineIndex(of: firstInside)
        document.beginGroup(keepBroken: keepBroken)
        header(&document)
        document.text(" {")
        document.indent()
        atBlockStart = true
        contents(&self)
        closingComments(before: close.lowerBound)
        atBlockStart = false
        document.dedent()
        document.line()
        document.text("}")
        document.endGroup()
        previousEnd = range.upperBound
    }

    /// Source copied as it is, comments within it included, lines right-trimmed.
    private mutating func verbatim(_ range: Range<Int>, after separator: Separator) {
        lead(separator, to: range.lowerBound)
        while let comment = comments.first, comment.span.start < range.upperBound { comments.removeFirst() }
        previousEnd = range.upperBound
        for (index, line) in source.text(range).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if index > 0 { document.hardLine() }
            document.text(line.trimmingTrailingWhitespace())
        }
    }

    // MARK: Comments

    /// The separator before code that starts at `start`, with the comments
    /// before that code: one that trailed the code before stays at the end of
    /// its line (before the separator), the others go on lines of their own
    /// after it; blank lines where the source had them.
    private mutating func lead(_ separator: Separator, to start: Int) {
        var above: [(text: String, blankBefore: Bool)] = []
        while let comment = nextComment(before: start) {
            if comment.isTrailing {
                document.lineSuffix(" " + comment.text)
            } else {
                above.append((comment.text, comment.blankBefore))
            }
        }
        switch separator {
        case .nothing: break
        case .line: document.line()
        case .hardLine: document.hardLine()
        }
        for comment in above {
            if comment.blankBefore { document.hardLine() }
            document.text(comment.text)
            document.hardLine()
        }
        if blankLine(before: start) { document.hardLine() }
        atBlockStart = false
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
    private mutating func hoist(before end: Int) {
        while let comment = comments.first, comment.span.start < end {
            comments.removeFirst()
            document.text(text(of: comment))
            document.hardLine()
        }
    }

    /// The comments before `end` after everything else of a block (its `}`
    /// at `end`) or of the file: a trailing one at the end of its line, the
    /// others each on a line of its own.
    mutating func closingComments(before end: Int) {
        while let comment = nextComment(before: end) {
            if comment.isTrailing {
                document.lineSuffix(" " + comment.text)
            } else {
                // On a line of its own: after what was placed before it, if anything was.
                if comment.follows { document.hardLine() }
                if comment.blankBefore { document.hardLine() }
                document.text(comment.text)
            }
        }
    }

    /// Whether the source has a blank line between what was placed last and
    /// `offset`. Between consecutive things the source holds only spaces, so
    /// a line between them is a blank one.
    private func blankLine(before offset: Int) -> Bool {
        guard blankLines, !atBlockStart, let previousEnd else { return false }
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
