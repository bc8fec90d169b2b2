// The one canonical layout of Charter source, as gofmt is Go's: the REPL's
// `:show` and `:save` print declarations with it, and `charter fmt` will
// rewrite files with it. The layout is a function of the syntax tree, the
// literals as written and the comments; nothing else of the input's layout
// survives, so any two spellings of one tree format alike.
//
// The layout:
//
// - Two spaces per level of indentation. No line is wrapped, however long,
//   and no line ends in whitespace.
// - A block (alliance, member, goal, body, rule, check, scenario, amend and
//   the declarations a scenario adds) opens with `{` at the end of its header
//   line, has one item, statement, expression or step per line, and closes
//   with `}` on a line of its own. A block with nothing in it is `{}` on the
//   header line, except a goal's, which is left out, as the grammar allows.
// - A header is the keyword, the name, the optional title, then the rest in
//   the grammar's order: `goal g "t" social serves a, b {`,
//   `rule r "t" about exit, review {`, `tension a vs b "note"`.
// - Items are spelt as in the grammar, names listed as `a, b, c`. A matter's
//   own rule stays on its `decides` line, which is where it belongs anyway.
// - Numbers, percentages and quoted texts are copied as written, so `2.5`,
//   `0.60` and escapes survive; a ratio too, without the spaces that may
//   have stood around its `/`. A rule's phrase is its quoted text as
//   written, or else its words joined by single spaces.
// - An expression is one line, with one space around binary operators and
//   after commas, and the fewest parentheses that parse back to the same
//   tree (see Expressions.swift).
// - A blank line stands wherever the source had one or more between two
//   declarations, comments, items or steps, at any depth; never after a `{`,
//   before a `}` or at the ends of the file.
// - Comments keep their order and text (right-trimmed). A comment on a line
//   of its own stays on a line of its own, before the code it preceded and at
//   its indentation; one before a `}` at the indentation of the block's
//   contents. A trailing comment stays at the end of the line of the code it
//   followed, after one space. A comment inside what becomes one line (an
//   expression that spanned lines, say) goes on a line of its own above it.
// - A declaration with a syntax error is copied as it was written, its lines
//   right-trimmed, since the tree lacks what the parser skipped. Callers
//   format only files without syntax errors; this keeps the others whole.

import CharterDiagnostics
import CharterSyntax

/// Lays out the declarations of one parsed file in Charter's canonical layout.
public struct Formatter {
    private let source: SourceFile
    private let syntax: SourceFileSyntax
    /// The file's tokens, for literals as written and for the braces, which
    /// the tree does not record.
    private let tokens: [Token]

    /// `source` is the file the syntax came from (for literals as written and comments).
    public init(source: SourceFile, syntax: SourceFileSyntax) {
        self.source = source
        self.syntax = syntax
        tokens = Lexer.tokenize(source).tokens
    }

    /// The whole file in canonical layout, ending in exactly one newline (empty string for a file with no declarations and no comments).
    public func format() -> String {
        var writer = LayoutWriter(source: source, comments: syntax.comments[...])
        for declaration in syntax.declarations {
            write(declaration, to: &writer)
        }
        writer.finish()
        return writer.lines.isEmpty ? "" : writer.lines.joined(separator: "\n") + "\n"
    }

    /// One declaration in canonical layout, no trailing newline. With `leadingComments`, the own-line comments directly above it
    /// (no blank line between them and it) come first; comments inside its span are always kept, and its trailing comment on its last line.
    public func format(_ declaration: Declaration, leadingComments: Bool = false) -> String {
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
        var writer = LayoutWriter(source: source, comments: comments[first..<end])
        write(declaration, to: &writer)
        writer.finish()
        return writer.lines.joined(separator: "\n")
    }

    // MARK: - Declarations

    /// Writes a declaration; a scenario's `add` step passes its `add` as
    /// `lead` and where the step starts as `start`.
    private func write(_ declaration: Declaration, to writer: inout LayoutWriter, lead: String = "", from start: Int? = nil) {
        let range = (start ?? declaration.span.start)..<declaration.span.end
        if syntax.recoveries.contains(where: { range.contains($0.start) }) {
            // The parser skipped some of it, which only the source still holds.
            writer.verbatim(range)
            return
        }
        switch declaration {
        case .alliance(let alliance):
            writeItems(lead + header("alliance", alliance.name, alliance.title), alliance.items, range, to: &writer)
        case .value(let value):
            writer.code(lead + "value \(value.name) \(written(value.meaning.span))", covering: range)
        case .principle(let principle):
            let clauses = principle.clauses.map { clause in
                "\(clause.stance == .upholds ? "upholds" : "opposes") \(list(clause.values))"
            }
            writer.code(lead + header("principle", principle.name, principle.title) + " " + clauses.joined(separator: " "),
                        covering: range)
        case .tension(let tension):
            writer.code(lead + "tension \(tension.left) vs \(tension.right)" + titled(tension.note), covering: range)
        case .member(let member):
            writeItems(lead + header("member", member.name, member.title), member.items, range, to: &writer)
        case .bloc(let bloc):
            writer.code(lead + "bloc \(bloc.name) = \(selector(bloc.selector))", covering: range)
        case .goal(let goal):
            let kind = goal.kind == .social ? "social" : "business"
            writeItems(lead + header("goal", goal.name, goal.title) + " \(kind) serves \(list(goal.serves))",
                       goal.items, range, emptyBlock: "", to: &writer)
        case .body(let body):
            writeItems(lead + header("body", body.name, body.title), body.items, range, to: &writer)
        case .rule(let rule):
            let topics = rule.topics.isEmpty ? "" : " about \(list(rule.topics))"
            writeBlock(lead + header("rule", rule.name, rule.title) + topics, range, isEmpty: false, to: &writer) { writer in
                writer.code(statement(rule.statement), covering: rule.statement.span.start..<rule.statement.span.end)
            }
        case .channel(let channel):
            let frequency = channel.frequency.map { " \($0)" } ?? ""
            writer.code(lead + header("channel", channel.name, channel.title)
                        + " reaches \(selector(channel.reaches))" + frequency, covering: range)
        case .check(let check):
            writeBlock(lead + "check \(written(check.title.span))", range, isEmpty: false, to: &writer) { writer in
                writer.code(expression(check.condition), covering: check.condition.span.start..<check.condition.span.end)
            }
        case .scenario(let scenario):
            writeBlock(lead + "scenario \(written(scenario.title.span))", range, isEmpty: scenario.steps.isEmpty,
                       to: &writer) { writer in
                for step in scenario.steps {
                    write(step, to: &writer)
                }
            }
        case .import(let declaration):
            writer.code(lead + "import \(written(declaration.path.span))", covering: range)
        case .let(let binding):
            writer.code(lead + "let \(binding.name) = \(expression(binding.value))", covering: range)
        case .show(let show):
            writer.code(lead + "show \(expression(show.value))", covering: range)
        case .assert(let assert):
            writer.code(lead + "assert \(expression(assert.condition))" + titled(assert.message), covering: range)
        case .bad(let span, _):
            writer.verbatim(span.start..<span.end)
        }
    }

    private func write(_ step: ScenarioStep, to writer: inout LayoutWriter) {
        switch step {
        case .add(let declaration, let span):
            write(declaration, to: &writer, lead: "add ", from: span.start)
        case .remove(let names, let span):
            writer.code("remove \(list(names))", covering: span.start..<span.end)
        case .amend(let target, let items, let span):
            writeItems("amend \(target)", items, span.start..<span.end, to: &writer)
        case .expectCheck(let title, let passes, let span):
            writer.code("expect check \(written(title.span)) \(passes ? "passes" : "fails")", covering: span.start..<span.end)
        case .expect(let condition, let span):
            writer.code("expect \(expression(condition))", covering: span.start..<span.end)
        case .let(let binding):
            write(Declaration.let(binding), to: &writer)
        case .show(let show):
            write(Declaration.show(show), to: &writer)
        case .assert(let assert):
            write(Declaration.assert(assert), to: &writer)
        }
    }

    /// `keyword name "title"`, the start every named block shares.
    private func header(_ keyword: String, _ name: Name, _ title: StringLiteral?) -> String {
        "\(keyword) \(name)" + titled(title)
    }

    private func titled(_ title: StringLiteral?) -> String {
        title.map { " " + written($0.span) } ?? ""
    }

    /// A block of items. `emptyBlock` is what follows the header when there
    /// is nothing inside: `{}`, or nothing for a goal, whose block is optional.
    private func writeItems(_ header: String, _ items: [Item], _ range: Range<Int>, emptyBlock: String = " {}",
                            to writer: inout LayoutWriter) {
        writeBlock(header, range, isEmpty: items.isEmpty, emptyBlock: emptyBlock, to: &writer) { writer in
            for item in items {
                writer.code(self.item(item), covering: item.span.start..<item.span.end)
            }
        }
    }

    /// A header, `{`, the contents and `}`; the header alone, followed by
    /// `emptyBlock`, when the block holds neither contents nor comments.
    private func writeBlock(_ header: String, _ range: Range<Int>, isEmpty: Bool, emptyBlock: String = " {}",
                            to writer: inout LayoutWriter, contents: (inout LayoutWriter) -> Void) {
        guard let open = firstToken(.leftBrace, in: range) else {
            writer.code(header, covering: range)
            return
        }
        // The declaration ends with its `}`.
        let close = max(open.upperBound, range.upperBound - 1)..<range.upperBound
        if isEmpty && !writer.hasComment(in: open.upperBound..<close.lowerBound) {
            writer.code(header + emptyBlock, covering: range)
            return
        }
        writer.open(header, covering: range.lowerBound..<open.upperBound)
        contents(&writer)
        writer.close(brace: close)
    }

    // MARK: - Items and rules

    private func item(_ item: Item) -> String {
        switch item.kind {
        case .mission(let mission): "mission \(written(mission.span))"
        case .stage(let stage): "stage \(stage)"
        case .balance(let share): "balance social >= \(written(share.span))"
        case .kind(let kind): "kind \(kind)"
        case .motivation(let motivation): "motivation \(motivation)"
        case .weight(let weight): "weight \(written(weight.span))"
        case .holds(let values): "holds \(list(values))"
        case .joined(let stage): "joined \(stage)"
        case .contribution(.amount(let amount)): "contribution \(written(amount.span))"
        case .contribution(.description(let description)): "contribution \(written(description.span))"
        case .target(let target): "target \(written(target.span))"
        case .members(.filter(let condition, _)): "members where \(expression(condition))"
        case .members(let members): "members \(selector(members))"
        case .decides(let matters, let rule): "decides \(list(matters))" + (rule.map { " " + decisionRule($0) } ?? "")
        case .decision(let rule): decisionRule(rule)
        case .quorum(let share): "quorum \(written(share.span))"
        case .veto(let members, let matters): "veto \(list(members))" + (matters.isEmpty ? "" : " on \(list(matters))")
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

    private func selector(_ selector: Selector) -> String {
        switch selector {
        case .all: "all"
        case .filter(let condition, _): "members where \(expression(condition))"
        case .names(let names): list(names)
        }
    }

    private func statement(_ statement: Statement) -> String {
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

    private func list(_ names: [Name]) -> String {
        names.map(\.text).joined(separator: ", ")
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

    private func firstToken(_ kind: TokenKind, in range: Range<Int>) -> Range<Int>? {
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
}

// MARK: - Lines and comments

/// Collects the lines of a layout and puts each comment back beside the
/// code it was written with: the formatter hands it the code one line at a
/// time, in source order, with the source range the line stands for.
struct LayoutWriter {
    private let source: SourceFile
    /// The comments not yet written, in source order.
    private var comments: ArraySlice<Comment>
    private(set) var lines: [String] = []
    private var depth = 0
    /// The line of the last code written: a trailing comment after that code belongs at its end.
    private var lastCodeLine: Int?
    /// Where the last code or comment written ends in the source, to tell whether a blank line follows it.
    private var previousEnd: Int?
    /// Whether a block has just opened, so that no blank line starts it.
    private var atBlockStart = false

    init(source: SourceFile, comments: ArraySlice<Comment>) {
        self.source = source
        self.comments = comments
    }

    /// One line of code, standing for `range` of the source.
    mutating func code(_ text: String, covering range: Range<Int>) {
        comments(before: range.lowerBound)
        separateParagraph(at: range.lowerBound)
        // A comment inside the range interrupted code that is now one line.
        while let comment = comments.first, comment.span.start < range.upperBound {
            comments.removeFirst()
            append(self.text(of: comment))
        }
        lastCodeLine = lines.count
        append(text)
        previousEnd = range.upperBound
    }

    /// A header line ending in `{`; what follows is indented until `close`.
    mutating func open(_ header: String, covering range: Range<Int>) {
        code(header + " {", covering: range)
        depth += 1
        atBlockStart = true
    }

    /// The `}` of the innermost open block, after the comments that precede it.
    mutating func close(brace range: Range<Int>) {
        comments(before: range.lowerBound)
        depth -= 1
        atBlockStart = false
        lastCodeLine = lines.count
        append("}")
        previousEnd = range.upperBound
    }

    /// Source copied as it is, comments within it included, lines right-trimmed.
    mutating func verbatim(_ range: Range<Int>) {
        comments(before: range.lowerBound)
        separateParagraph(at: range.lowerBound)
        while let comment = comments.first, comment.span.start < range.upperBound {
            comments.removeFirst()
        }
        for line in source.text(range).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            append(line.trimmingTrailingWhitespace())
        }
        lastCodeLine = lines.count - 1
        previousEnd = range.upperBound
    }

    func hasComment(in range: Range<Int>) -> Bool {
        // The comments before the range are about to be written, so this
        // looks at few of them.
        comments.first { $0.span.start >= range.lowerBound }.map { $0.span.start < range.upperBound } ?? false
    }

    /// Writes the comments after the last code.
    mutating func finish() {
        comments(before: Int.max)
    }

    private mutating func comments(before offset: Int) {
        while let comment = comments.first, comment.span.start < offset {
            comments.removeFirst()
            if comment.isTrailing, let line = lastCodeLine {
                lines[line] += " " + text(of: comment)
            } else {
                separateParagraph(at: comment.span.start)
                append(text(of: comment))
                previousEnd = comment.span.end
            }
        }
    }

    /// A blank line before what starts at `offset`, if the source had one
    /// since the last thing written. Between consecutive things the source
    /// holds only spaces, so a line between them is a blank one.
    private mutating func separateParagraph(at offset: Int) {
        if !atBlockStart, let previousEnd, source.lineIndex(of: offset) - source.lineIndex(of: previousEnd) > 1 {
            lines.append("")
        }
        atBlockStart = false
    }

    private func text(of comment: Comment) -> String {
        source.text(comment.span.start..<comment.span.end).trimmingTrailingWhitespace()
    }

    private mutating func append(_ text: String) {
        lines.append(String(repeating: "  ", count: depth) + text)
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
    fileprivate func partitionPoint(_ isAfter: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
