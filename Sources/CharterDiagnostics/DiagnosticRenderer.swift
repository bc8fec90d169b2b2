// Turns diagnostics into the text people know from rustc and Elm:
//
//   error[E301]: unknown value `transparncy`
//     --> banking.charter:12:24
//      |
//   12 | member triodos { holds transparncy }
//      |                        ^^^^^^^^^^^ not declared
//      |
//      = help: did you mean `transparency`?
//
// Rendering is a pure function of the diagnostics and the sources; colour is
// a parameter, decided by the caller at the edge (terminal, NO_COLOR, flags).

/// Whether to draw with ANSI colours.
public enum ColorMode: Sendable {
    case plain
    case ansi
}

/// Renders diagnostics against the files they point into.
public struct DiagnosticRenderer: Sendable {
    public let sources: SourceMap
    public let color: ColorMode

    public init(sources: SourceMap, color: ColorMode = .plain) {
        self.sources = sources
        self.color = color
    }

    /// All diagnostics, in display order, each followed by a blank line.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.sortedForDisplay().map { render($0) + "\n" }.joined()
    }

    /// The first `limit` diagnostics in display order (all, when `limit` is
    /// 0), then a note — never more severe than that — of how many more there
    /// are, by severity, and how to see them.
    public func render(_ diagnostics: [Diagnostic], atMost limit: Int) -> String {
        let sorted = diagnostics.sortedForDisplay()
        guard limit > 0, sorted.count > limit else { return render(sorted) }
        let hidden = sorted.dropFirst(limit)
        let counts = [Severity.error, .warning, .info].compactMap { severity -> String? in
            let count = hidden.count { $0.severity == severity }
            return count == 0 ? nil : "\(count) \(severity)\(count == 1 ? "" : "s")"
        }
        return render(Array(sorted.prefix(limit)))
            + "note: \(hidden.count) more finding\(hidden.count == 1 ? "" : "s") (\(counts.joined(separator: ", "))) "
            + "\(hidden.count == 1 ? "is" : "are") not shown; `--max-findings 0` shows them all\n"
    }

    /// One diagnostic, ending with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        let primary = Annotation(span: diagnostic.span, label: diagnostic.spanLabel ?? "", isPrimary: true)
        let secondary = diagnostic.labels.map { Annotation(span: $0.span, label: $0.message, isPrimary: false) }
        let annotations = [primary] + secondary

        // The gutter is as wide as the largest line number shown.
        let largestLine = annotations.map { sources[$0.span.file].location(of: $0.span.start).line }.max() ?? 1
        let gutter = String(repeating: " ", count: String(largestLine).count)

        let severityStyle = style(for: diagnostic.severity)
        var out = paint("\(diagnostic.severity)[\(diagnostic.code.id)]", severityStyle)
        // Messages quote the user's text, which may hold control characters.
        out += paint(": \(Escaping.terminal(diagnostic.message))", .bold) + "\n"

        // The primary file first, then each other file a label points into.
        var fileOrder = [diagnostic.span.file]
        for annotation in secondary where !fileOrder.contains(annotation.span.file) {
            fileOrder.append(annotation.span.file)
        }
        for (index, fileID) in fileOrder.enumerated() {
            let file = sources[fileID]
            let inFile = annotations.filter { $0.span.file == fileID }
            let first = inFile[0]
            let arrow = index == 0 ? "-->" : ":::"
            out += gutter + paint(arrow, .gutter) + " \(Escaping.terminal(file.path)):\(file.location(of: first.span.start))\n"
            out += gutter + " " + paint("|", .gutter) + "\n"
            out += snippet(file: file, annotations: inFile, gutter: gutter, severity: severityStyle)
        }

        if !diagnostic.notes.isEmpty || diagnostic.help != nil {
            out += gutter + " " + paint("|", .gutter) + "\n"
        }
        for note in diagnostic.notes {
            out += gutter + " " + paint("=", .gutter) + paint(" note:", .bold) + " \(Escaping.terminal(note))\n"
        }
        if let help = diagnostic.help {
            out += gutter + " " + paint("=", .gutter) + paint(" help:", .bold) + " \(Escaping.terminal(help))\n"
        }
        return out
    }

    /// A one-line summary such as `checked 3 files: 2 errors, 1 warning`.
    public static func summary(of diagnostics: [Diagnostic], files: Int) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        let errors = diagnostics.count(of: .error)
        let warnings = diagnostics.count(of: .warning)
        let infos = diagnostics.count(of: .info)
        var parts = [plural(errors, "error"), plural(warnings, "warning")]
        if infos > 0 { parts.append(plural(infos, "info")) }
        return "checked \(plural(files, "file")): " + parts.joined(separator: ", ")
    }

    // MARK: - Snippets

    private struct Annotation {
        var span: Span
        var label: String
        var isPrimary: Bool
    }

    private func snippet(file: SourceFile, annotations: [Annotation], gutter: String, severity: Paint) -> String {
        // Lines to show, in order, each with the annotations that start on it.
        var byLine: [Int: [Annotation]] = [:]
        for annotation in annotations {
            byLine[file.lineIndex(of: annotation.span.start), default: []].append(annotation)
        }
        var out = ""
        var previous: Int?
        for lineIndex in byLine.keys.sorted() {
            if let previous, lineIndex > previous + 1 {
                out += paint("...", .gutter) + "\n"
            }
            previous = lineIndex
            // Primary first, then secondaries left to right; each on its own row.
            let rows = byLine[lineIndex]!.sorted { lhs, rhs in
                if lhs.isPrimary != rhs.isPrimary { return lhs.isPrimary }
                return lhs.span.start < rhs.span.start
            }
            let (shown, cutBefore, cutAfter) = visiblePart(of: file, line: lineIndex, around: rows.map(\.span))
            let text = String(decoding: file.bytes[shown], as: UTF8.self)
            let number = String(lineIndex + file.firstLine)
            let pad = String(repeating: " ", count: gutter.count - number.count)
            out += paint(pad + number + " |", .gutter) + " " + (cutBefore ? "…" : "")
                + Escaping.terminal(text) + (cutAfter ? "…" : "") + "\n"

            for annotation in rows {
                let start = min(max(annotation.span.start, shown.lowerBound), shown.upperBound)
                let end = min(max(annotation.span.end, start), shown.upperBound)
                let before = String(decoding: file.bytes[shown.lowerBound..<start], as: UTF8.self)
                let covered = String(decoding: file.bytes[start..<end], as: UTF8.self)
                // Counted as drawn: a control shown as `\u{202E}` takes eight columns.
                let indent = TextWidth.columns(of: Substring(Escaping.terminal(before))) + (cutBefore ? 1 : 0)
                let width = max(1, TextWidth.columns(of: Substring(Escaping.terminal(covered))))
                let marker = String(repeating: annotation.isPrimary ? "^" : "-", count: width)
                let label = annotation.label.isEmpty ? "" : " " + Escaping.terminal(annotation.label)
                out += gutter + " " + paint("|", .gutter) + " " + String(repeating: " ", count: indent)
                out += paint(marker + label, annotation.isPrimary ? severity : .secondary) + "\n"
            }
        }
        return out
    }

    /// The bytes of a line to show. A long line (minified, generated, or a
    /// 100,000-name list) is cut to some context around what is annotated,
    /// at character boundaries, with `…` where it was cut.
    private func visiblePart(of file: SourceFile, line: Int, around spans: [Span])
        -> (range: Range<Int>, cutBefore: Bool, cutAfter: Bool) {
        let whole = file.lineRange(line)
        let longest = 240
        let context = 60
        guard whole.count > longest, let first = spans.map(\.start).min(), let last = spans.map(\.end).max() else {
            return (whole, false, false)
        }
        let isContinuation = { (offset: Int) in offset < file.bytes.count && file.bytes[offset] & 0xC0 == 0x80 }
        var start = max(whole.lowerBound, min(first, whole.upperBound) - context)
        while start > whole.lowerBound && isContinuation(start) { start -= 1 }
        var end = min(whole.upperBound, max(min(last, first + longest), start) + context)
        while end < whole.upperBound && isContinuation(end) { end += 1 }
        return (start..<end, start > whole.lowerBound, end < whole.upperBound)
    }

    // MARK: - Colour

    private enum Paint {
        case bold, gutter, secondary, error, warning, info
    }

    private func style(for severity: Severity) -> Paint {
        switch severity {
        case .error: .error
        case .warning: .warning
        case .info: .info
        }
    }

    private func paint(_ text: String, _ paint: Paint) -> String {
        guard color == .ansi else { return text }
        let code = switch paint {
        case .bold: "1"
        case .gutter, .secondary: "1;34"
        case .error: "1;31"
        case .warning: "1;33"
        case .info: "1;36"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
