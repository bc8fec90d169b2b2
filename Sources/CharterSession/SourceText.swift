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
            let syntax = SourceFileSyntax(file: file, declarations: list, comments: commentsByFile[file] ?? [], recoveries: [])
            return Formatter(source: sources[file], syntax: syntax)
        }
    }

    /// One declaration, formatted.
    func formatted(_ entry: Entry) -> String {
        formatters(for: [entry])[entry.declaration.span.file]?.format(entry.declaration) ?? ""
    }

    /// The whole model as one file. Declarations are kept in their order,
    /// each with the comments written between it and the declaration before
    /// it in its file (a file's opening comments come with its first), so a
    /// loaded file saves with its comments. One-line declarations of a kind
    /// stay together, and a blank line separates the rest, as people lay out
    /// Charter files.
    func sourceText() -> String {
        let formatters = formatters(for: entries)
        var text = ""
        var previous: (kind: String, multiline: Bool)?
        // Where the last declaration of each file written so far ends.
        var ends: [FileID: Int] = [:]
        for entry in entries {
            let span = entry.declaration.span
            let comments = commentsBefore(span, after: ends[span.file] ?? 0)
            ends[span.file] = span.end
            let formatted = comments + (formatters[span.file]?.format(entry.declaration) ?? "")
            let multiline = formatted.contains("\n")
            if let previous, previous.kind != entry.kind || previous.multiline || multiline { text += "\n" }
            text += formatted + "\n"
            previous = (entry.kind, multiline)
        }
        return text
    }

    /// The comments in `span`'s file between `start` and `span`, as lines,
    /// with a blank line wherever the source had one; a comment trailing the
    /// code before `start`'s line belongs to that code and is left out.
    private func commentsBefore(_ span: Span, after start: Int) -> String {
        let source = sources[span.file]
        let comments = (commentsByFile[span.file] ?? []).filter {
            $0.span.start >= start && $0.span.end <= span.start && !$0.isTrailing
        }
        var text = ""
        for (index, comment) in comments.enumerated() {
            let line = source.lineIndex(of: comment.span.start)
            let next = index + 1 < comments.count ? source.lineIndex(of: comments[index + 1].span.start) : source.lineIndex(of: span.start)
            let written = String(decoding: source.bytes[comment.span.start..<comment.span.end], as: UTF8.self)
            text += String(written.reversed().drop { $0.isWhitespace }.reversed()) + "\n" + (next > line + 1 ? "\n" : "")
        }
        return text
    }

    /// The text of `entry` with `items` applied as a scenario's `amend`
    /// applies them: each replaces the item that opens with the same word,
    /// except `decides` and `veto`, which add to what a body has. The
    /// formatter puts one item on a line, so items are lines here; the new
    /// ones are written as they were typed, on one line each.
    func amendedText(of entry: Entry, with items: [Item]) -> String {
        var lines = formatted(entry).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count == 1 {
            // `member x {}`, or a goal without a block.
            let header = lines[0].hasSuffix(" {}") ? String(lines[0].dropLast(3)) : lines[0]
            lines = [header + " {", "}"]
        }
        for item in items {
            let word = item.keyword.text
            let typed = String(decoding: sources[item.span.file].bytes[item.span.start..<item.span.end], as: UTF8.self)
            let line = "  " + typed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let replaced = lines.firstIndex { $0.hasPrefix("  ") && $0.split(separator: " ").first.map(String.init) == word }
            if let replaced, word != "decides" && word != "veto" {
                lines[replaced] = line
            } else {
                lines.insert(line, at: lines.count - 1)
            }
        }
        return lines.joined(separator: "\n")
    }
}
