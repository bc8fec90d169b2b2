// The live model as Charter source, for `:show` and `:save`: each
// declaration in the formatter's one layout, with the comments it had; and
// `amend`, which is an edit of that text.

import Charter

extension Session {
    /// The formatters of the files the entries come from, each made once
    /// (a formatter reads its whole file).
    private func formatters(for entries: [Entry]) -> [FileID: Formatter] {
        var declarations: [FileID: [Declaration]] = [:]
        for entry in entries { declarations[entry.declaration.span.file, default: []].append(entry.declaration) }
        return declarations.mapValues { list in
            let file = list[0].span.file
            let syntax = SourceFileSyntax(file: file, declarations: list, comments: commentsByFile[file] ?? AttachedComments(),
                                          recoveries: [])
            return Formatter(source: sources[file], syntax: syntax, lineWidth: configuration.lineWidth)
        }
    }

    /// The formatter of one entry's declaration, which reads only its text.
    private func formatter(for entry: Entry) -> Formatter {
        let span = entry.declaration.span
        let syntax = SourceFileSyntax(file: span.file, declarations: [entry.declaration],
                                      comments: commentsByFile[span.file] ?? AttachedComments(), recoveries: [])
        return Formatter(source: sources[span.file], syntax: syntax, lineWidth: configuration.lineWidth,
                         within: span.start..<span.end)
    }

    /// One declaration, formatted.
    func formatted(_ entry: Entry) -> String {
        formatter(for: entry).format(entry.declaration)
    }

    /// The whole model as one file. Declarations are kept in their order,
    /// each with the comments the parser attached to it (those above it,
    /// inside it and ending its last line), so a loaded file saves with its
    /// comments, and a removed or redefined declaration takes its own away.
    /// A file's opening comments come before the first of its declarations
    /// still in the model, its closing ones after the last, so that removing
    /// either keeps them. One-line declarations of a kind stay together, and
    /// a blank line separates the rest, as people lay out Charter files.
    func sourceText() -> String {
        let formatters = formatters(for: entries)
        // A file's opening comments go above the first declaration written
        // in it, and its closing ones below the last, by where they stand
        // in the model, amended or not.
        let firstOfFile = Dictionary(entries.indices.map { (entries[$0].home, $0) }, uniquingKeysWith: min)
        let lastOfFile = Dictionary(entries.indices.map { (entries[$0].home, $0) }, uniquingKeysWith: max)
        var text = ""
        var previous: (kind: String, multiline: Bool)?
        for (index, entry) in entries.enumerated() {
            let span = entry.declaration.span
            let file = commentsByFile[entry.home]?.file ?? Comments()
            var formatted = ""
            if firstOfFile[entry.home] == index, !file.before.isEmpty {
                formatted += commentLines(file.before, in: entry.home) + "\n\n"
            }
            formatted += formatters[span.file]?.format(entry.declaration, leadingComments: true) ?? ""
            if lastOfFile[entry.home] == index, !file.after.isEmpty {
                formatted += "\n\n" + commentLines(file.after, in: entry.home)
            }
            let multiline = formatted.contains("\n")
            if let previous, previous.kind != entry.kind || previous.multiline || multiline { text += "\n" }
            text += formatted + "\n"
            previous = (entry.kind, multiline)
        }
        return text
    }

    /// Comments as lines of their own, right-trimmed, with a blank line
    /// wherever the source had one between them.
    private func commentLines(_ comments: [Comment], in file: FileID) -> String {
        let source = sources[file]
        var text = ""
        for (index, comment) in comments.enumerated() {
            if index > 0 {
                let gap = source.lineIndex(of: comment.span.start) - source.lineIndex(of: comments[index - 1].span.end)
                text += gap > 1 ? "\n\n" : "\n"
            }
            let written = String(decoding: source.bytes[comment.span.start..<comment.span.end], as: UTF8.self)
            text += String(written.reversed().drop { $0.isWhitespace }.reversed())
        }
        return text
    }

    /// The text of `entry`, with the comments just above it, and with
    /// `items` applied as a scenario's `amend` applies them: each replaces
    /// the declared item that opens with the same word, except `decides` and
    /// `veto`, which add to what a body has. The declaration is laid out one
    /// item a line for this, so items are lines here; the new ones are
    /// written as they were typed, on one line each. Two items of one kind in
    /// the amendment both stay, for the resolver to report. A declaration
    /// that was on one line is put back on one (below the comments above
    /// it), so that it keeps its layout, unless a typed item holds a comment.
    /// `typed` are the byte ranges of the typed items in the text.
    func amendedText(of entry: Entry, with items: [Item]) -> (text: String, typed: [Range<Int>]) {
        let file = entry.declaration.span.file
        let formatter = formatter(for: entry)
        // A typed `decides` of a matter the body decides already gives it a
        // new rule: the matter leaves its declared line (keeping what it is
        // about, which the typed line takes on unless it says it anew).
        var declaration = entry.declaration
        var aboutOf: [String: String] = [:]
        if case .body(var body) = declaration {
            let amended = Set(items.flatMap { item -> [String] in
                if case .decides(let matters, _, _) = item.kind { matters.map(\.text) } else { [] }
            })
            body.items = body.items.compactMap { item in
                guard case .decides(let matters, let about, let rule) = item.kind else { return item }
                for matter in matters where amended.contains(matter.text) { aboutOf[matter.text] = about?.text }
                let kept = matters.filter { !amended.contains($0.text) }
                guard !kept.isEmpty else { return nil }
                var item = item
                item.kind = .decides(kept, about: about, rule)
                return item
            }
            declaration = .body(body)
        }
        var wasOneLine = !formatter.format(declaration).contains("\n")
        var lines = formatter.format(declaration, leadingComments: true, itemPerLine: true)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The comments above it are lines of their own before its header, at
        // no indentation, with the blank lines between them.
        let above = lines.prefix { $0.hasPrefix("#") || $0.isEmpty }.count
        // A comment after the declaration is set aside while its block is edited.
        let source = sources[file]
        var trailing = ""
        if let comment = commentsByFile[file]?.of(entry.declaration.span).suffix {
            let written = " " + String(decoding: source.bytes[comment.span.start..<comment.span.end], as: UTF8.self).trimmingWhitespace()
            if lines[lines.count - 1].hasSuffix(written) {
                trailing = written
                lines[lines.count - 1].removeLast(written.count)
            }
        }
        // `member x {}`, or a goal without a block, gets one.
        if let last = lines.last, !last.hasPrefix("}") {
            lines[lines.count - 1] = (last.hasSuffix(" {}") ? String(last.dropLast(3)) : last) + " {"
            lines.append("}")
        }
        lines[lines.count - 1] += trailing
        var declared = Set(lines.indices.filter { lines[$0].hasPrefix("  ") && !lines[$0].hasPrefix("  #") })
        var isTyped = Array(repeating: false, count: lines.count)
        for item in items {
            let word = item.keyword.text
            let typed = String(decoding: sources[item.span.file].bytes[item.span.start..<item.span.end], as: UTF8.self)
            var line: String
            let comments = commentsByFile[item.span.file]?.of(item.span)
            if !(comments?.inside.isEmpty ?? true) {
                // A comment ends its line: the item keeps its lines, each one level in.
                line = typed.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "  " + String($0).trimmingWhitespace() }.joined(separator: "\n")
                wasOneLine = false
            } else {
                line = "  " + sources[item.span.file].oneLine(item.span, leavingOut: [])
                // What an amended matter was about stays with it.
                if case .decides(let matters, nil, _) = item.kind, let last = matters.last,
                   let about = Set(matters.compactMap { aboutOf[$0.text] }).first {
                    let listed = sources[item.span.file].oneLine(Span(file: item.span.file, start: item.span.start, end: last.span.end), leavingOut: [])
                    line = "  " + listed + " about " + about + String(line.dropFirst(2 + listed.count))
                }
            }
            if let suffix = comments?.suffix {
                // The comment after it stays after it, and ends its line.
                let source = sources[suffix.span.file]
                line += " " + String(decoding: source.bytes[suffix.span.start..<suffix.span.end], as: UTF8.self).trimmingWhitespace()
                wasOneLine = false
            }
            let replaced = declared.sorted().first { lines[$0].split(separator: " ").first.map(String.init) == word }
            if let replaced, word != "decides" && word != "veto" {
                lines[replaced] = line
                isTyped[replaced] = true
                declared.remove(replaced)
            } else {
                // A new `decides` or `veto` goes last; anything else before the
                // first of those, so that a `by` is not read as a matter's rule.
                let matters = word == "decides" || word == "veto" ? nil : lines.indices.first { index in
                    index > above && !isTyped[index] && ["decides", "veto"].contains(lines[index].split(separator: " ").first.map(String.init) ?? "")
                }
                let at = matters ?? lines.count - 1
                lines.insert(line, at: at)
                isTyped.insert(true, at: at)
                // What was declared below moves down a line.
                declared = Set(declared.map { $0 >= at ? $0 + 1 : $0 })
            }
        }
        // On one line, it had no comment inside it: the one after it still ends the line.
        let separator = wasOneLine ? " " : "\n"
        if wasOneLine { lines = Array(lines[..<above]) + lines[above...].map { $0.trimmingWhitespace() } }
        var text = ""
        var ranges: [Range<Int>] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { text += index > above || !wasOneLine ? separator : "\n" }
            let start = text.utf8.count
            text += line
            if isTyped[index] { ranges.append(start..<text.utf8.count) }
        }
        return (text, ranges)
    }
}
