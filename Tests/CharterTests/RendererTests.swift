// Rendering diagnostics: the layout people know from rustc, carets under the
// exact characters whatever the line holds, and colour only when asked.

import Charter
import Testing

@Suite struct RendererTests {
    private func render(_ text: String, start: Int, end: Int, color: ColorMode = .plain,
                        labels: [(Int, Int, String)] = [], help: String? = nil) -> String {
        var sources = SourceMap()
        let file = sources.add(path: "test.charter", text: text)
        let span = { (start: Int, end: Int) in Span(file: file.id, start: start, end: end) }
        let diagnostic = Diagnostic(ResolverDiagnostic.unknownName, "unknown value `x`", at: span(start, end),
                                    label: "not declared", labels: labels.map { Label(span($0.0, $0.1), $0.2) },
                                    help: help)
        return DiagnosticRenderer(sources: sources, color: color).render(diagnostic)
    }

    @Test("header, location, source line, caret, label and help")
    func layout() {
        let text = "value a \"x\"\nmember m { holds x }\n"
        let output = render(text, start: 29, end: 30, help: "did you mean `a`?")
        #expect(output == """
            error[E301]: unknown value `x`
             --> test.charter:2:18
              |
            2 | member m { holds x }
              |                  ^ not declared
              |
              = help: did you mean `a`?

            """)
    }

    @Test("a secondary label on another line, with a gap marker between distant lines")
    func secondaryLabels() {
        let text = "value a \"x\"\n\n\n\nvalue a \"y\"\n"
        let output = render(text, start: 21, end: 22, labels: [(6, 7, "first declared here")])
        #expect(output.contains("1 | value a \"x\"\n  |       - first declared here\n...\n5 | value a \"y\"\n  |       ^ not declared"))
    }

    @Test("tabs, wide characters and combining accents do not move the caret", arguments: [
        ("\tholds\tx", "    holds    x", 13),
        ("信頼 x", "信頼 x", 5),
        ("e\u{301}e\u{301} x", "e\u{301}e\u{301} x", 3),
        ("🌿 x", "🌿 x", 3),
        ("❤️ x", "❤️ x", 3),
        ("🇳🇱 x", "🇳🇱 x", 3),
        ("👨‍👩‍👧 x", "👨‍👩‍👧 x", 3),
    ])
    func caretPlacement(_ line: String, _ shown: String, _ caretColumn: Int) {
        let text = line + "\n"
        let xOffset = Array(line.utf8).lastIndex(of: UInt8(ascii: "x"))!
        let output = render(text, start: xOffset, end: xOffset + 1)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let sourceRow = lines.first { $0.hasPrefix("1 | ") }!
        let caretRow = lines.first { $0.contains("^") }!
        #expect(sourceRow == "1 | " + shown)
        // The caret sits at the display column where `x` is drawn.
        #expect(caretRow.firstIndex(of: "^")!.utf16Offset(in: caretRow) - 4 == caretColumn)
    }

    @Test("a very long line is cut to the part around the span, with the caret still under it")
    func longLines() {
        let prefix = String(repeating: "a, ", count: 5_000)
        let text = "member m { holds " + prefix + "x }\n"
        let xOffset = Array(text.utf8).lastIndex(of: UInt8(ascii: "x"))!
        let output = render(text, start: xOffset, end: xOffset + 1)
        let lines = output.split(separator: "\n")
        let sourceRow = lines.first { $0.hasPrefix("1 | ") }!
        let caretRow = lines.first { $0.contains("^") }!
        #expect(sourceRow.count < 200)
        #expect(sourceRow.hasPrefix("1 | …"))
        let column = caretRow.distance(from: caretRow.startIndex, to: caretRow.firstIndex(of: "^")!)
        #expect(sourceRow[sourceRow.index(sourceRow.startIndex, offsetBy: column)] == "x")
    }

    @Test("control characters in a line are drawn as visible symbols")
    func controlCharacters() {
        let output = render("value\u{0}a \"x\"\n", start: 5, end: 6)
        #expect(output.contains("1 | value\u{2400}a"))
        #expect(!output.contains("\u{0}"))
        // C1 controls can start terminal escapes; bidi controls reorder the line.
        let escapes = render("let s = \"\u{9B}31m\u{202E}\" + x\n", start: 21, end: 22)
        #expect(!escapes.contains("\u{9B}") && !escapes.contains("\u{202E}"))
        // Each drawn as its code point, and the caret still under the `x`.
        #expect(escapes.contains("1 | let s = \"\\u{009B}31m\\u{202E}\" + x\n  |" + String(repeating: " ", count: 33) + "^"))
    }

    @Test("colour is ANSI when asked for, and absent otherwise")
    func colour() {
        let plain = render("value a \"x\"\n", start: 6, end: 7)
        let ansi = render("value a \"x\"\n", start: 6, end: 7, color: .ansi)
        #expect(!plain.contains("\u{1B}["))
        #expect(ansi.contains("\u{1B}[1;31merror[E301]\u{1B}[0m"))
    }

    @Test("the summary counts by severity and files")
    func summary() {
        var sources = SourceMap()
        let file = sources.add(path: "a", text: "x")
        let span = Span(file: file.id, start: 0, end: 1)
        let diagnostics = [
            Diagnostic(ResolverDiagnostic.unknownName, "a", at: span),
            Diagnostic(ResolverDiagnostic.repeatedReference, "b", at: span),
            Diagnostic(ResolverDiagnostic.repeatedReference, "c", at: span),
        ]
        #expect(DiagnosticRenderer.summary(of: diagnostics, files: 1) == "checked 1 file: 1 error, 2 warnings")
        #expect(DiagnosticRenderer.summary(of: [], files: 3) == "checked 3 files: 0 errors, 0 warnings")
    }

    @Test("line and column are computed from byte offsets, counting characters, over CRLF too")
    func locations() {
        let file = SourceFile(id: FileID(0), path: "a", text: "ab\r\nñx\r\n")
        #expect(file.location(of: 0) == LineColumn(line: 1, column: 1))
        #expect(file.location(of: 4) == LineColumn(line: 2, column: 1))
        #expect(file.location(of: 6) == LineColumn(line: 2, column: 2), "ñ is two bytes but one column")
        #expect(file.lineText(0) == "ab", "the \\r belongs to the line break")
    }

    @Test("two lists of findings differ as counting them says, whatever they share at their ends")
    func findingsDiffer() {
        // What `difference` promised before it set aside the runs both lists
        // begin and end with: for each finding, its first occurrences are
        // matched, and the rest are kept, in order.
        func counted(_ left: [Diagnostic], _ right: [Diagnostic]) -> [Diagnostic] {
            var remaining: [String: Int] = [:]
            for finding in right { remaining[finding.code.id + "\u{0}" + finding.message, default: 0] += 1 }
            return left.filter { finding in
                let key = finding.code.id + "\u{0}" + finding.message
                guard let count = remaining[key], count > 0 else { return true }
                remaining[key] = count - 1
                return false
            }
        }
        let codes = [ResolverDiagnostic.unknownName, ResolverDiagnostic.repeatedReference]
        var generator = SystemRandomNumberGenerator()
        var places = 0
        func finding(_ pool: Int) -> Diagnostic {
            places += 1
            let which = Int.random(in: 0..<pool, using: &generator)
            return Diagnostic(codes[which % 2], "finding \(which / 2)", at: Span(file: FileID(0), start: places, end: places + 1))
        }
        for _ in 0..<2_000 {
            let pool = Int.random(in: 1...6, using: &generator)
            let shared = (0..<Int.random(in: 0...4, using: &generator)).map { _ in finding(pool) }
            let before = shared + (0..<Int.random(in: 0...4, using: &generator)).map { _ in finding(pool) }
                + (0..<Int.random(in: 0...4, using: &generator)).map { _ in finding(pool) }
            var after = before
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: after.insert(finding(pool), at: Int.random(in: 0...after.count, using: &generator))
                case 1 where !after.isEmpty: after.remove(at: Int.random(in: 0..<after.count, using: &generator))
                case _ where !after.isEmpty: after[Int.random(in: 0..<after.count, using: &generator)] = finding(pool)
                default: break
                }
            }
            let (appeared, went) = Diagnostic.difference(before, after)
            let describe = { (list: [Diagnostic]) in list.map { "\($0.span.start) \($0.code.id) \($0.message)" } }
            #expect(describe(appeared) == describe(counted(after, before)), "\(describe(before)) → \(describe(after))")
            #expect(describe(went) == describe(counted(before, after)), "\(describe(before)) → \(describe(after))")
        }
    }

    @Test("findings are shown by file, place and code, in the order found where those agree, the notice of more last")
    func displayOrder() {
        let codes = [ResolverDiagnostic.unknownName, ResolverDiagnostic.repeatedReference, DiagnosticLimit.tooMany]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let list = (0..<Int.random(in: 0...40, using: &generator)).map { index in
                let start = Int.random(in: 0...5, using: &generator)
                return Diagnostic(codes.randomElement(using: &generator)!, "finding \(index)",
                                  at: Span(file: FileID(Int.random(in: 0...2, using: &generator)), start: start, end: start + 1))
            }
            // What the order means, said directly: notices last, then file, place, code, and the order found.
            let expected = list.enumerated().sorted { lhs, rhs in
                let (l, r) = (lhs.element, rhs.element)
                let (lNotice, rNotice) = (l.code == DiagnosticLimit.tooMany, r.code == DiagnosticLimit.tooMany)
                if lNotice != rNotice { return rNotice }
                if l.span.file != r.span.file { return l.span.file < r.span.file }
                if l.span.start != r.span.start { return l.span.start < r.span.start }
                if l.code.id != r.code.id { return l.code.id < r.code.id }
                return lhs.offset < rhs.offset
            }.map(\.element.message)
            #expect(list.sortedForDisplay().map(\.message) == expected)
            // In place, by moves along each cycle, as a copy in order.
            var moved = list
            moved.sortForDisplay()
            #expect(moved.map(\.message) == expected)
        }
    }
}

@Suite struct LineStartTests {
    /// Where lines start, a byte at a time: what the eight-at-a-time reading must give.
    static func plainLineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n")
                || (byte == UInt8(ascii: "\r") && (offset + 1 == bytes.count || bytes[offset + 1] != UInt8(ascii: "\n"))) {
                starts.append(offset + 1)
            }
        }
        return starts
    }

    @Test("lines start where a byte-by-byte reading says, for every mix of line breaks, control and high bytes")
    func lineStarts() {
        var random = SeededGenerator(seed: 9)
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x09, 0x00, 0x0C, 0x0E, 0x20, 0x61, 0x7F, 0x80, 0x8A, 0x8D, 0xE2, 0xFF]
        for length in Array(0...70) + [255, 1_000, 4_097] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in
                    random.next() % 3 == 0 ? alphabet[Int(random.next() % UInt64(alphabet.count))] : UInt8(0x61 + random.next() % 26)
                }
                let file = SourceFile(id: FileID(0), path: "a", bytes: bytes)
                #expect(file.lineStarts == Self.plainLineStarts(bytes), "\(bytes)")
            }
        }
    }
}
