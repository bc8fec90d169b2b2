// Which suppression decides a finding: the first, in the order written, that
// covers its line and names its check, found by one sweep per file and check.

import struct Charter.SeededGenerator
import CharterChecks
import CharterDiagnostics
@testable import CharterProject
import Testing

@Suite struct SuppressionIndexTests {
    @Test("the sweep finds the suppression a look through every suppression for every finding finds")
    func againstEveryPair() {
        var generator = SeededGenerator(seed: 4_404)
        var sources = SourceMap()
        let files = (0..<2).map { sources.add(path: "s\($0).charter", text: String(repeating: "x\n", count: 200)) }
        let checks = Array(Catalog.all.prefix(3))
        var decided = 0
        for _ in 0..<80 {
            let suppressions = (0..<Int(generator.next() % 30)).map { _ -> Suppression in
                let file = files[Int(generator.next() % 2)]
                let start = Int(generator.next() % 200)
                let last = min(199, start + Int(generator.next() % 20))
                let named = checks.filter { _ in generator.next() % 2 == 0 }
                return Suppression(waiver: nil, checks: named.isEmpty ? [checks[0]] : named, lines: start...last, file: file.id,
                                   span: Span(file: file.id, start: 2 * start, end: 2 * start + 1))
            }
            let diagnostics = (0..<40).map { _ -> Diagnostic in
                let file = files[Int(generator.next() % 2)]
                let line = Int(generator.next() % 200)
                return Diagnostic(checks[Int(generator.next() % 3)].code, "finding", at: Span(file: file.id, start: 2 * line, end: 2 * line + 1))
            }
            let found = Suppressions.firstCovering(suppressions, of: diagnostics, sources: sources)
            let expected = diagnostics.map { diagnostic in
                suppressions.indices.first { index in
                    suppressions[index].file == diagnostic.span.file
                        && suppressions[index].lines.contains(sources[diagnostic.span.file].lineIndex(of: diagnostic.span.start))
                        && suppressions[index].checks.contains { $0.id == diagnostic.code.id }
                }
            }
            #expect(found == expected)
            decided += expected.count { $0 != nil }
        }
        #expect(decided > 200, "suppressions decided \(decided) findings")
    }

    /// The first line after `line` that is neither blank nor only a comment,
    /// found by reading on from it: what `NextCodeLine` answers.
    private static func naiveNextCodeLine(after line: Int, in lines: [String]) -> Int {
        for index in (line + 1)..<max(line + 1, lines.count) {
            let text = lines[index].trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if !text.isEmpty && !text.hasPrefix("#") { return index }
        }
        return line + 1
    }

    @Test("the next line of code after each comment is the one a search from it finds, each line read once")
    func nextCodeLine() {
        var generator = SeededGenerator(seed: 2_712)
        for round in 0..<200 {
            let kinds = ["", "  ", "# a note", "  # charter: allow power.dummy", "member m { kind ngo }", "\t}"]
            let lines = (0..<Int(generator.next() % 60)).map { _ in kinds[Int(generator.next() % UInt64(kinds.count))] }
            let source = SourceFile(id: FileID(0), path: "r\(round).charter", text: lines.joined(separator: "\n"))
            var finder = NextCodeLine(source)
            for line in lines.indices where lines[line].contains("#") {
                #expect(finder.after(line) == Self.naiveNextCodeLine(after: line, in: lines), "round \(round), line \(line)")
            }
            #expect(finder.linesRead <= lines.count)
        }
        // A run of suppressions, then code: reading grows with the run, not its square.
        func linesRead(_ count: Int) -> Int {
            let text = String(repeating: "# charter: allow structure.member-without-voice\n", count: count) + "member m { kind ngo }\n"
            let source = SourceFile(id: FileID(0), path: "run.charter", text: text)
            var finder = NextCodeLine(source)
            for line in 0..<count { #expect(finder.after(line) == count) }
            return finder.linesRead
        }
        #expect(linesRead(4_000) <= 4 * linesRead(1_000) + 4)
    }
}
