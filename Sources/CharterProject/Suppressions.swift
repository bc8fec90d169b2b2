// Inline suppression of a finding of a built-in check, by a comment that
// names the check (by ID or name) on the finding's line or on its own line
// just above it (other comment lines may come between). Above a
// declaration, or at the end of its last line, it covers the whole
// declaration, so laying a one-line declaration out over several lines
// (as the formatter does) keeps it suppressed:
//
//     # charter: allow structure.member-without-voice -- a research partner, by design
//     member finance_lab { … }
//
// A suppression that suppresses nothing is reported, so that suppressions do
// not outlive the problem they excused; so is one that names no known check.

import CharterChecks
import CharterDiagnostics
import CharterSyntax

public enum SuppressionDiagnostic {
    public static let unused = DiagnosticCode("C001", "suppression.unused", .warning)
    /// A suppression naming no known check, or a `# charter:` comment that is no directive.
    public static let unknownCheck = DiagnosticCode("C002", "suppression.unknown-check", .warning)
    /// A waiver past its day: the finding is reported again, and so is this.
    public static let waiverExpired = DiagnosticCode("C003", "waiver.expired", .warning)

    public static let all: [DiagnosticCode] = [unused, unknownCheck, waiverExpired]
}

/// A finding a waiver accepts, for the summary of `charter check`.
public struct WaivedFinding: Sendable {
    public var waiver: Waiver
    public var finding: Diagnostic

    public init(waiver: Waiver, finding: Diagnostic) {
        self.waiver = waiver
        self.finding = finding
    }
}

/// One `# charter: allow …` comment.
struct Suppression {
    /// Set for `# charter: waive …`: the waiver the comment writes.
    var waiver: Waiver?
    var checks: [Check]
    /// Where each check is named in the comment, when the comment is plain
    /// UTF-8 (for the fix that takes an unused name out).
    var names: [String: Span] = [:]
    /// The lines (indices) whose findings it suppresses: the code line it is
    /// on or above, or the whole of a declaration it stands above or trails.
    var lines: ClosedRange<Int>
    var file: FileID
    var span: Span
}

enum Suppressions {
    static let marker = "charter:"
    /// The names and IDs of the checks, indexed once for "did you mean".
    static let checkNames = Spelling.Candidates(Catalog.all.map(\.name) + Catalog.all.map(\.id))

    /// The comments that are directives (`# charter: …`), each with the
    /// lines of the declaration it was attached to, if any: all that
    /// collecting the suppressions needs of the syntax trees, so that a
    /// caller may let the trees go first and collect only if the checks run.
    static func gather(_ syntax: [SourceFileSyntax], sources: SourceMap) -> Gathered {
        Gathered(files: syntax.map { file in
            let source = sources[file.file]
            let directives = file.comments.filter { isDirective($0, in: source) }
            guard !directives.isEmpty else { return (file.file, []) }
            // A suppression above a declaration or ending its last line (as
            // the parser attached it) covers all of it, so that it keeps
            // working when a one-line declaration is laid out over several
            // lines; any other covers its own line or the next line of code.
            var covered: [Span: ClosedRange<Int>] = [:]
            for declaration in file.declarations {
                let own = file.attached.of(declaration.span)
                for comment in own.before + (own.suffix.map { [$0] } ?? []) {
                    covered[comment.span] = source.lineIndex(of: declaration.span.start)...source.lineIndex(of: declaration.span.end)
                }
            }
            return (file.file, directives.map { ($0, covered[$0.span]) })
        })
    }

    /// What `gather` found.
    struct Gathered: Sendable {
        var files: [(file: FileID, directives: [(comment: Comment, covers: ClosedRange<Int>?)])]
    }

    /// The suppressions the gathered directives write, and what is wrong with them.
    static func collect(_ gathered: Gathered, sources: SourceMap) -> Collected {
        var suppressions: [Suppression] = []
        var problems: [Diagnostic] = []
        for (file, directives) in gathered.files {
            let source = sources[file]
            var codeLines = NextCodeLine(source)
            for (comment, covers) in directives {
                guard var parsed = parse(comment, in: source, codeLines: &codeLines, problems: &problems) else { continue }
                if let covers { parsed.lines = covers }
                suppressions.append(parsed)
            }
        }
        return Collected(suppressions: suppressions, problems: problems)
    }

    /// What `collect` found.
    struct Collected: Sendable {
        var suppressions: [Suppression]
        var problems: [Diagnostic]
    }

    /// Removes the findings the collected suppressions suppress and that
    /// active waivers accept; adds a warning for each suppression that
    /// suppressed nothing or names an unknown check, and for each waiver
    /// past its day.
    static func apply(_ collected: Collected, to diagnostics: [Diagnostic], sources: SourceMap,
                      configuration: CheckConfiguration) -> (kept: [Diagnostic], waived: [WaivedFinding]) {
        let suppressions = collected.suppressions
        // Nothing suppressed and nothing waived: the findings stand as they are.
        if suppressions.isEmpty && configuration.waivers.isEmpty { return (diagnostics + collected.problems, []) }
        var problems = collected.problems
        var used = Array(repeating: Set<String>(), count: suppressions.count)
        var waived: [WaivedFinding] = []
        var expired: [Diagnostic] = []
        let today = configuration.today
        /// Whether a waiver accepts the finding today; a finding it would
        /// have accepted before its day passed gets a C003 beside it.
        func waives(_ waiver: Waiver, _ diagnostic: Diagnostic, at span: Span) -> Bool {
            guard let today, !waiver.isActive(on: today) else {
                waived.append(WaivedFinding(waiver: waiver, finding: diagnostic))
                return true
            }
            expired.append(Diagnostic(
                SuppressionDiagnostic.waiverExpired,
                "the waiver `\(waiver.name)` of `\(waiver.check.name)` expired on \(waiver.expires); the finding is reported again",
                at: span, notes: ["owner: \(waiver.owner)", "reason: \(waiver.reason)"],
                help: "fix what the finding says, or renew the waiver with a new day if the reason still holds"))
            return false
        }
        let deciding = firstCovering(suppressions, of: diagnostics, sources: sources)
        let kept = diagnostics.indices.filter { position in
            let diagnostic = diagnostics[position]
            if let index = deciding[position] {
                used[index].insert(diagnostic.code.id)
                guard let waiver = suppressions[index].waiver else { return false }
                return !waives(waiver, diagnostic, at: suppressions[index].span)
            }
            // Of the waivers that name the finding, one still active decides.
            let naming = configuration.waivers.filter {
                $0.check.id == diagnostic.code.id && diagnostic.message.contains($0.finding ?? "")
            }
            if let waiver = naming.first(where: { today.map($0.isActive) ?? true }) ?? naming.first {
                return !waives(waiver, diagnostic, at: diagnostic.span)
            }
            return true
        }.map { diagnostics[$0] }
        for (index, suppression) in suppressions.enumerated() {
            for check in suppression.checks where !used[index].contains(check.id) && configuration.severity(of: check) != nil {
                let what = suppression.waiver == nil ? "this suppression of `\(check.name)` (\(check.id)) suppresses nothing"
                    : "this waiver of `\(check.name)` (\(check.id)) waives nothing"
                // The fix removes the comment, or, where it names other checks too, only this one.
                let fix: Fix? = suppression.checks.count == 1 ? Fix(suppression.span, "") : suppression.names[check.id].map { name in
                    let others = suppression.names.values.filter { $0 != name }
                    // With the separator before it (or, first in the list, the one after it).
                    let end = others.filter { $0.start > name.end }.map(\.start).min() ?? name.end
                    let start = others.filter { $0.end < name.start }.map(\.end).max() ?? name.start
                    return start < name.start ? Fix(Span(file: name.file, start: start, end: name.end), "")
                        : Fix(Span(file: name.file, start: name.start, end: end), "")
                }
                problems.append(Diagnostic(
                    SuppressionDiagnostic.unused,
                    what, at: suppression.span,
                    help: "the problem is gone, or the comment is not on the finding's line or just above it; remove it",
                    fix: fix))
            }
        }
        return (kept + problems + expired, waived)
    }

    /// For each diagnostic, the first suppression, in the order written,
    /// that covers its line and names its check; nil where none does.
    /// One sweep down the lines of each file and check, with the covering
    /// suppressions in a heap by their order: comparing every finding with
    /// every suppression cost their product, which a file of thousands of
    /// each made minutes.
    static func firstCovering(_ suppressions: [Suppression], of diagnostics: [Diagnostic], sources: SourceMap) -> [Int?] {
        struct Key: Hashable {
            var file: FileID
            var check: String
        }
        var covering: [Key: [(lines: ClosedRange<Int>, index: Int)]] = [:]
        for (index, suppression) in suppressions.enumerated() {
            for check in suppression.checks {
                covering[Key(file: suppression.file, check: check.id), default: []].append((suppression.lines, index))
            }
        }
        var result = [Int?](repeating: nil, count: diagnostics.count)
        guard !covering.isEmpty else { return result }
        var asked: [Key: [(line: Int, position: Int)]] = [:]
        for (position, diagnostic) in diagnostics.enumerated() {
            let key = Key(file: diagnostic.span.file, check: diagnostic.code.id)
            guard covering[key] != nil else { continue }
            asked[key, default: []].append((sources[diagnostic.span.file].lineIndex(of: diagnostic.span.start), position))
        }
        for (key, questions) in asked {
            let ranges = covering[key, default: []].sorted { $0.lines.lowerBound < $1.lines.lowerBound }
            // The suppressions whose lines have begun, first written on top;
            // one whose lines have ended leaves when it comes to the top.
            var open = OrderHeap()
            var next = 0
            for (line, position) in questions.sorted(by: { $0.line < $1.line }) {
                while next < ranges.count && ranges[next].lines.lowerBound <= line {
                    open.push(ranges[next].index, until: ranges[next].lines.upperBound)
                    next += 1
                }
                while let top = open.top, top.until < line { open.pop() }
                result[position] = open.top?.index
            }
        }
        return result
    }

    /// Suppressions by the order they were written, the first on top.
    private struct OrderHeap {
        private var items: [(index: Int, until: Int)] = []

        var top: (index: Int, until: Int)? { items.first }

        mutating func push(_ index: Int, until: Int) {
            items.append((index, until))
            var child = items.count - 1
            while child > 0, items[(child - 1) / 2].index > items[child].index {
                items.swapAt(child, (child - 1) / 2)
                child = (child - 1) / 2
            }
        }

        mutating func pop() {
            items.swapAt(0, items.count - 1)
            items.removeLast()
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < items.count && items[left].index < items[smallest].index { smallest = left }
                if right < items.count && items[right].index < items[smallest].index { smallest = right }
                guard smallest != parent else { return }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }

    /// The text of a comment after its `#` and the white space that follows.
    private static func text(of comment: Comment, in source: SourceFile) -> Substring {
        String(decoding: source.bytes[comment.span.start..<comment.span.end], as: UTF8.self)
            .dropFirst()  // the `#`
            .trimmingPrefix(while: \.isWhitespace)
    }

    /// Whether a comment is a directive (`# charter: …`), which `parse` reads.
    private static func isDirective(_ comment: Comment, in source: SourceFile) -> Bool {
        text(of: comment, in: source).hasPrefix(marker)
    }

    /// Reads `# charter: allow NAME[, NAME…] [-- reason]`; nil for any other comment.
    private static func parse(_ comment: Comment, in source: SourceFile, codeLines: inout NextCodeLine,
                              problems: inout [Diagnostic]) -> Suppression? {
        let text = text(of: comment, in: source)
        guard text.hasPrefix(marker) else { return nil }
        // `# charter:` starts a directive, and `allow` is the only one: anything
        // else is reported rather than silently ignored.
        let rest = text.dropFirst(marker.count).trimmingPrefix(while: \.isWhitespace)
        let directive = rest.prefix { !$0.isWhitespace }
        guard directive == "allow" || directive == "allow:" || directive == "waive" else {
            let help = Spelling.suggestion(for: String(directive), among: ["allow", "waive"]).map { "did you mean `\($0)`?" }
                ?? "suppress a finding with `# charter: allow CHECK`, or accept it for a while with `# charter: waive CHECK until DAY by OWNER -- reason`"
            problems.append(Diagnostic(SuppressionDiagnostic.unknownCheck,
                                       "`\(directive)` is not a Charter directive", at: comment.span, help: help))
            return nil
        }
        // The names run until a reason: `--`, `—` or `because` (and, for a
        // waiver, until `until`).
        var names: [Substring] = []
        var words = rest.dropFirst(directive.count).split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })[...]
        while let word = words.first, !(word.hasPrefix("--") || word.hasPrefix("—") || word == "because"),
              !(directive == "waive" && word == "until") {
            names.append(word)
            words = words.dropFirst()
        }
        var checks: [Check] = []
        var spans: [String: Span] = [:]
        // Byte offsets in the comment, where its text decodes as written.
        let base = text.base.utf8
        let exact = base.count == comment.span.end - comment.span.start
        for name in names {
            if let check = Catalog.check(named: String(name)) {
                checks.append(check)
                if exact {
                    let start = comment.span.start + base.distance(from: base.startIndex, to: name.startIndex)
                    spans[check.id] = Span(file: source.id, start: start, end: start + name.utf8.count)
                }
            } else {
                let help = checkNames.suggestion(for: String(name))
                    .map { "did you mean `\($0)`?" } ?? "`charter explain --list` lists the checks"
                problems.append(Diagnostic(SuppressionDiagnostic.unknownCheck,
                                           "`\(name)` is not a check that can be suppressed", at: comment.span, help: help))
            }
        }
        if names.isEmpty {
            problems.append(Diagnostic(SuppressionDiagnostic.unknownCheck, "this suppression names no check",
                                       at: comment.span, help: "name the check, as in `# charter: allow power.dummy`"))
        }
        guard !checks.isEmpty else { return nil }
        var waiver: Waiver?
        if directive == "waive" {
            guard let written = inlineWaiver(Array(words), checks: checks, comment: comment, in: source, problems: &problems) else { return nil }
            waiver = written
        }
        let commentLine = source.lineIndex(of: comment.span.start)
        let line = comment.isTrailing ? commentLine : codeLines.after(commentLine)
        return Suppression(waiver: waiver, checks: checks, names: spans, lines: line...line, file: source.id, span: comment.span)
    }

    /// `until DAY by OWNER -- reason`, after a waiver's check: all three are
    /// needed, or the comment is reported and waives nothing.
    private static func inlineWaiver(_ words: [Substring], checks: [Check], comment: Comment, in source: SourceFile,
                                     problems: inout [Diagnostic]) -> Waiver? {
        let reasonStart = words.firstIndex { $0.hasPrefix("--") || $0.hasPrefix("—") || $0 == "because" }
        let terms = words[..<(reasonStart ?? words.endIndex)]
        let reason = reasonStart.map { words[$0...].joined(separator: " ").trimmingPrefix(while: { $0 == "-" || $0 == "—" }) }
            .map { $0.hasPrefix("because") ? String($0.dropFirst("because".count)) : String($0) }?
            .trimmingCharacters(in: .whitespaces)
        let dayText = terms.firstIndex(of: "until").flatMap { $0 + 1 < terms.endIndex ? terms[$0 + 1] : nil }
        // The owner is every word after `by`, up to `until`: `by the secretariat`.
        let owner = terms.firstIndex(of: "by").map { start in
            terms[(start + 1)...].prefix { $0 != "until" }.joined(separator: " ")
        }.flatMap { $0.isEmpty ? nil : $0 }
        if let dayText, Day(dayText) == nil {
            problems.append(Diagnostic(SuppressionDiagnostic.unknownCheck, "`\(dayText)` is not a day; write it as YYYY-MM-DD",
                                       at: comment.span, help: "a waiver ends on a real day, such as 2027-03-31"))
            return nil
        }
        guard let day = dayText.flatMap(Day.init), let owner, let reason, !reason.isEmpty else {
            problems.append(Diagnostic(SuppressionDiagnostic.unknownCheck, "this waiver does not say until when, by whom and why",
                                       at: comment.span,
                                       help: "write `# charter: waive \(checks[0].name) until 2027-03-31 by OWNER -- the reason`"))
            return nil
        }
        let location = source.location(of: comment.span.start)
        return Waiver(name: "\(source.path):\(location.line)", check: checks[0], finding: nil, reason: reason, owner: owner, expires: day)
    }

}

/// The first line after a line that is neither blank nor only a comment,
/// asked for the comments of one file in order. The lines a search passes
/// over are blank or comments, so a later comment among them has the same
/// answer: a run of thousands of suppressions costs its length once, where
/// a search from each was quadratic (4,000 of them took 5 s).
struct NextCodeLine {
    private let source: SourceFile
    /// The last search: from `start`, the lines before `end` are blank or
    /// comments, and `end` is code unless it is past the last line.
    private var start = -1
    private var end = -1
    /// The lines read so far (tests count them).
    private(set) var linesRead = 0

    init(_ source: SourceFile) { self.source = source }

    mutating func after(_ line: Int) -> Int {
        if !(start <= line && line < end) {
            start = line
            end = line + 1
            while end < source.lineStarts.count {
                linesRead += 1
                let text = source.lineText(end).trimmingPrefix(while: { $0 == " " || $0 == "\t" })
                if !text.isEmpty && !text.hasPrefix("#") { break }
                end += 1
            }
        }
        return end < source.lineStarts.count ? end : line + 1
    }
}
