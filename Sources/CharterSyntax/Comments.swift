// Comments, attached once, by the parser, to what they belong to, as
// starlark-go's syntax tree does (`Comments{Before, Suffix, After}`). The
// lexer keeps every comment; the parser gives each one an owner, and the
// formatter, the REPL's `:show` and `:save`, and the suppressions read the
// comments from their owners instead of working ownership out again.
//
// The owners are the declarations of a file, the items of a block and the
// steps of a scenario (an `add` step's declaration is its step); the file
// itself owns what belongs to none of them. Among the things of one list
// (a file's declarations, a block's items, a scenario's steps):
//
// - a comment on a line of its own goes `before` the next thing of the list;
// - a comment after code on the line where a thing ends is that thing's `suffix`;
// - a comment after the last thing of a block, before its `}`, goes `after`
//   the block's owner; after a file's last declaration, `after` the file;
// - a comment inside a thing but in none of its items or steps (in its
//   header, in an expression, between the words of an item, after its `{`)
//   is `inside` it.
//
// A file's opening comments are its own (`before` the file) up to the last
// blank line above its first declaration: a comment directly above the first
// declaration is about that declaration, as anywhere else in the file.
//
// The attached comments sit in a table beside the tree, keyed by the span of
// their owner, rather than in the nodes: a member and its items stay as small
// as they are (files hold them by the thousand, comments by the few), and two
// declarations that say the same thing stay equal.

import CharterDiagnostics

/// The comments that belong to one declaration, item or scenario step, or
/// to a file; each list in source order.
public struct Comments: Hashable, Sendable {
    /// On lines of their own, between the thing before it (or the start of
    /// its block or file) and it.
    public var before: [Comment] = []
    /// Inside it but in none of its items or steps: in its header, in an
    /// expression, between the words of an item, after its `{` on that line.
    public var inside: [Comment] = []
    /// The comment that ends the line its last token is on.
    public var suffix: Comment?
    /// After its last item or step, before its `}`; a file's, after its last declaration.
    public var after: [Comment] = []

    public init() {}

    public var isEmpty: Bool { before.isEmpty && inside.isEmpty && suffix == nil && after.isEmpty }

    /// All of them, in source order.
    public var all: [Comment] { (before + inside + (suffix.map { [$0] } ?? []) + after).sorted { $0.span.start < $1.span.start } }
}

/// The comments of one parsed file, each attached to its owner.
public struct AttachedComments: Sendable {
    /// The file's own: `before`, its opening comments that a blank line
    /// separates from its first declaration; `after`, those after its last.
    public var file = Comments()
    /// The comments of each declaration, item and step that has any, by its span.
    private var owners: [Span: Comments] = [:]
    /// Where each owner starts, sorted: a declaration without a comment in
    /// it is told by one search, not by walking its items.
    private var starts: [Int] = []

    public init() {}

    /// Sorts `starts` again, once the owners are all in place.
    fileprivate mutating func reindex() { starts = owners.keys.map(\.start).sorted() }

    /// Whether an owner starts inside `span`: the only way a thing there
    /// has comments, its own or its items'.
    private func hasOwner(in span: Span) -> Bool {
        var (low, high) = (0, starts.count)
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] < span.start { low = middle + 1 } else { high = middle }
        }
        return low < starts.count && starts[low] <= span.end
    }

    /// The comments that `span`'s owner has, not those of its items or steps.
    public func of(_ span: Span) -> Comments { owners[span] ?? Comments() }

    /// The comments of a declaration, its items' and steps' included, in
    /// source order; with `before`, those above it too.
    public func comments(of declaration: Declaration, before: Bool = true) -> [Comment] {
        // Most declarations have none: told by one search, with nothing made.
        guard hasOwner(in: declaration.span) else { return [] }
        var found: [Comment] = []
        collect(CommentOwner.declaration(declaration), into: &found, before: before)
        return found.sorted { $0.span.start < $1.span.start }
    }

    /// The comments of `owner` and of what it holds.
    private func collect(_ owner: CommentOwner, into found: inout [Comment], before: Bool) {
        guard hasOwner(in: owner.span) else { return }
        if let own = owners[owner.span] {
            if before { found += own.before }
            found += own.inside
            found += own.after
            if let suffix = own.suffix { found.append(suffix) }
        }
        guard !owners.isEmpty else { return }
        for part in owner.parts { collect(part, into: &found, before: true) }
    }

    fileprivate mutating func update(_ span: Span, _ change: (inout Comments) -> Void) {
        change(&owners[span, default: Comments()])
    }

    /// Gives the comments of `span`'s owner (a declaration that is not
    /// kept, such as an import in the REPL) to `heir`, above it, or to the
    /// end of the file when no declaration follows.
    public mutating func handOver(from span: Span, to heir: Span?) {
        guard let own = owners.removeValue(forKey: span) else { return }
        // On lines of their own now: what they trailed is gone.
        let comments = own.all.map { Comment(span: $0.span, isTrailing: false) }
        if let heir {
            update(heir) { $0.before = ($0.before + comments).sorted { $0.span.start < $1.span.start } }
        } else {
            file.after = (comments + file.after).sorted { $0.span.start < $1.span.start }
        }
        reindex()
    }
}

extension SourceFileSyntax {
    /// Every comment of the file's declarations and the file's own, in
    /// source order: the declarations', their items' and steps', and the
    /// file's opening and closing ones.
    public var comments: [Comment] {
        if let parsedComments { return parsedComments }
        var all = attached.file.before
        if !attached.isEmpty {
            for declaration in declarations { all += attached.comments(of: declaration) }
        }
        all += attached.file.after
        all.sort { $0.span.start < $1.span.start }
        // Two owners at one place (declarations the parser gave up on, say)
        // would give their comments twice.
        var unique: [Comment] = []
        unique.reserveCapacity(all.count)
        for comment in all where unique.last?.span != comment.span { unique.append(comment) }
        return unique
    }
}

extension AttachedComments {
    /// Whether no declaration, item or step has a comment.
    var isEmpty: Bool { owners.isEmpty }
}

/// What comments can belong to: a declaration, an item, a scenario step.
enum CommentOwner {
    case declaration(Declaration)
    case item(Item)
    case step(ScenarioStep)

    var span: Span {
        switch self {
        case .declaration(let declaration): declaration.span
        case .item(let item): item.span
        case .step(let step): step.span
        }
    }

    /// The owners inside it, in order: a block's items, a scenario's steps;
    /// an `add` step's are those of the declaration it adds.
    var parts: [CommentOwner] {
        switch self {
        case .declaration(let declaration):
            switch declaration {
            case .alliance(let d): d.items.map(CommentOwner.item)
            case .member(let d): d.items.map(CommentOwner.item)
            case .goal(let d): d.items.map(CommentOwner.item)
            case .body(let d): d.items.map(CommentOwner.item)
            case .scenario(let d): d.steps.map(CommentOwner.step)
            default: []
            }
        case .item: []
        case .step(.add(let declaration, _)): CommentOwner.declaration(declaration).parts
        case .step(.amend(_, let items, _)): items.map(CommentOwner.item)
        case .step: []
        }
    }
}

extension ScenarioStep {
    /// Where the step is written, from its first word.
    public var span: Span {
        switch self {
        case .add(_, let span), .remove(_, let span), .amend(_, _, let span), .expectCheck(_, _, let span),
             .expectFinding(_, _, _, _, let span), .expect(_, let span): span
        case .let(let d): d.span
        case .show(let d): d.span
        case .assert(let d): d.span
        }
    }
}

/// The parser's last step: gives each comment of a file its owner.
struct CommentAttacher {
    private let comments: [Comment]
    private let source: SourceFile
    private var next = 0
    private var attached = AttachedComments()

    /// Attaches `comments` (in source order) to `owners`, the file's
    /// declarations (or, for a REPL entry, the change it makes).
    /// The owners may be a lazy view of the declarations: a list of them,
    /// each a copy of its declaration, was a tenth of a large file's memory.
    static func attach(_ comments: [Comment], to owners: some Collection<CommentOwner>, in source: SourceFile) -> AttachedComments {
        guard !comments.isEmpty else { return AttachedComments() }
        var attacher = CommentAttacher(comments: comments, source: source)
        let (loose, after) = attacher.list(owners, end: Int.max)
        var attached = attacher.attached
        // The opening comments up to the last blank line above the first
        // declaration are the file's; the rest are the declaration's.
        if let first = owners.first {
            let above = attached.of(first.span).before
            var split = 0
            for (index, comment) in above.enumerated() {
                let nextStart = index + 1 < above.count ? above[index + 1].span.start : first.span.start
                if source.lineIndex(of: nextStart) - source.lineIndex(of: comment.span.end) > 1 { split = index + 1 }
            }
            if split > 0 {
                attached.file.before = Array(above[..<split])
                attached.update(first.span) { $0.before.removeFirst(split) }
            }
        }
        // Before the first declaration nothing trails code; after skipped
        // input something may: the file keeps it.
        attached.file.after = (loose + after).sorted { $0.span.start < $1.span.start }
        attached.reindex()
        return attached
    }

    /// Attaches the comments from `next` up to `end` to the owners of one
    /// list and what they hold. Returns those that trail code but no owner
    /// (after a block's `{`, say), for the owner of the list, and those
    /// after the last owner.
    private mutating func list(_ owners: some Collection<CommentOwner>, end: Int) -> (loose: [Comment], after: [Comment]) {
        var loose: [Comment] = []
        var previous: Span?
        for owner in owners {
            // Past the last comment, the owners left have none.
            guard next < comments.count else { break }
            let span = owner.span
            var before: [Comment] = []
            while next < comments.count, comments[next].span.start < span.start {
                let comment = comments[next]
                next += 1
                if comment.isTrailing {
                    if !trails(comment, previous) { loose.append(comment) }
                } else {
                    before.append(comment)
                }
            }
            if !before.isEmpty { attached.update(span) { $0.before += before } }
            if next < comments.count, comments[next].span.start < span.end {
                let (inside, after) = list(owner.parts, end: span.end)
                // Within an owner without parts, every comment is inside it.
                let (ownInside, ownAfter) = owner.parts.isEmpty ? (inside + after, []) : (inside, after)
                if !ownInside.isEmpty || !ownAfter.isEmpty {
                    attached.update(span) {
                        $0.inside += ownInside
                        $0.after += ownAfter
                    }
                }
            }
            previous = span
        }
        var after: [Comment] = []
        while next < comments.count, comments[next].span.start < end {
            let comment = comments[next]
            next += 1
            if comment.isTrailing {
                if !trails(comment, previous) { loose.append(comment) }
            } else {
                after.append(comment)
            }
        }
        return (loose, after)
    }

    /// Makes `comment` the suffix of the owner at `span` if it ends that
    /// owner's last line; whether it did.
    private mutating func trails(_ comment: Comment, _ span: Span?) -> Bool {
        guard let span, source.lineIndex(of: comment.span.start) == source.lineIndex(of: span.end),
              attached.of(span).suffix == nil else { return false }
        attached.update(span) { $0.suffix = comment }
        return true
    }
}
