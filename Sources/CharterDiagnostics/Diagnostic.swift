// The diagnostic every stage returns: a severity, a stable code, a message in
// rustc's voice (lowercase, no final period, names in backticks), the span it
// is about, secondary labels, notes and a concrete help. Each stage returns
// its list; the driver decides what to do with them.

/// How serious a diagnostic is. Ordered, so "at or above" comparisons read
/// naturally: `.info < .warning < .error`.
public enum Severity: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    case info = 0
    case warning = 1
    case error = 2

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }
}

/// A stable identifier for one kind of diagnostic: an ID such as `E301` that
/// never changes meaning, and a kebab-case name a person can remember.
/// Each stage declares its codes as static members next to the code that
/// emits them.
public struct DiagnosticCode: Hashable, Sendable, CustomStringConvertible {
    public let id: String
    public let name: String
    public let severity: Severity

    public init(_ id: String, _ name: String, _ severity: Severity = .error) {
        self.id = id
        self.name = name
        self.severity = severity
    }

    public var description: String { id }
}

/// A secondary place that matters to a diagnostic ("first declared here").
public struct Label: Hashable, Sendable {
    public var span: Span
    public var message: String
    public init(_ span: Span, _ message: String) {
        self.span = span
        self.message = message
    }
}

/// A mechanical correction of the input: the text that replaces a span.
/// Given where the help says exactly what to write (a spelling, `and` for
/// `&&`, a `%`), so that an editor can offer it as a quick fix.
public struct Fix: Hashable, Sendable {
    public var span: Span
    public var replacement: String
    public init(_ span: Span, _ replacement: String) {
        self.span = span
        self.replacement = replacement
    }
}

/// One finding about the user's input.
public struct Diagnostic: Hashable, Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    /// The exact place the message is about.
    public var span: Span
    /// A short text under the primary caret, when it adds to the message.
    public var spanLabel: String?
    public var labels: [Label]
    public var notes: [String]
    public var help: String?
    /// The correction the help describes, when it is mechanical.
    public var fix: Fix?

    public init(
        _ code: DiagnosticCode,
        _ message: String,
        at span: Span,
        label: String? = nil,
        labels: [Label] = [],
        notes: [String] = [],
        help: String? = nil,
        fix: Fix? = nil
    ) {
        self.code = code
        self.severity = code.severity
        self.message = message
        self.span = span
        self.spanLabel = label
        self.labels = labels
        self.notes = notes
        self.help = help
        self.fix = fix
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, then position, then code: the order every renderer
    /// shows, so output is deterministic whatever order the passes found them.
    /// A notice that the list was cut short stays at the end.
    /// Sorted as keys, then gathered: the diagnostics themselves are large,
    /// and moving them while sorting (and telling the notice by comparing
    /// codes at every step) was most of the sort of a REPL entry's findings.
    public func sortedForDisplay() -> [Diagnostic] {
        displayOrder().map { self[$0] }
    }

    /// `sortedForDisplay`, in place: each diagnostic is moved to its place,
    /// cycle by cycle, rather than copied into a new list (thousands of
    /// findings were copied, and their copies dropped, at each step).
    public mutating func sortForDisplay() {
        let order = displayOrder()
        var placed = [Bool](repeating: false, count: count)
        for start in indices where !placed[start] {
            // Along the cycle, the one due at each place is brought there.
            var place = start
            placed[place] = true
            while order[place] != start {
                swapAt(place, order[place])
                place = order[place]
                placed[place] = true
            }
        }
    }

    /// Where each diagnostic of the display order stands now.
    private func displayOrder() -> [Int] {
        let keys = indices.map { index in
            let diagnostic = self[index]
            return (notice: diagnostic.code == DiagnosticLimit.tooMany, file: diagnostic.span.file, start: diagnostic.span.start,
                    code: diagnostic.code.id, offset: index)
        }
        return keys.sorted { l, r in
            if l.notice != r.notice { return r.notice }
            if l.file != r.file { return l.file < r.file }
            if l.start != r.start { return l.start < r.start }
            if l.code != r.code { return l.code < r.code }
            return l.offset < r.offset
        }.map(\.offset)
    }

    /// The number of diagnostics of each severity.
    public func count(of severity: Severity) -> Int {
        reduce(0) { $0 + ($1.severity == severity ? 1 : 0) }
    }
}

/// How many diagnostics a stage lists for one file (the resolver: for one
/// program) before it stops. Past that they are nearly always echoes of the
/// first, and listing thousands of them from a file of random bytes would
/// cost time and memory for nothing.
public enum DiagnosticLimit {
    public static let count = 50
    public static let tooMany = DiagnosticCode("E002", "too-many-diagnostics")

    /// `diagnostics` in display order, cut to the limit, with a notice at the
    /// end when there were more: more in the list, or problems a stage found
    /// and did not list (`unlisted`, the most severe of them). The notice is
    /// as severe as the most severe problem not shown, so a file of warnings
    /// does not fail a run that fails on errors, and one with hidden errors does.
    public static func apply(_ diagnostics: [Diagnostic], unlisted: Severity?, what: String) -> [Diagnostic] {
        let sorted = diagnostics.sortedForDisplay()
        let hidden = ([unlisted] + sorted.dropFirst(count).map(\.severity)).compactMap { $0 }.max()
        guard let hidden, let last = sorted.prefix(count).last else { return sorted }
        var notice = Diagnostic(tooMany, "\(what); only the first \(count) are shown", at: last.span,
                                help: "fix the problems above first; if there are many, check that this is a Charter file")
        notice.severity = hidden
        return Array(sorted.prefix(count)) + [notice]
    }
}

/// A chain of names as a message shows it — `` `a` → `b` → `a` `` — cut in
/// the middle when long, so a cycle through thousands of declarations is
/// still a readable line.
public func describeChain(_ names: [String]) -> String {
    let quoted = names.map { "`\($0)`" }
    guard quoted.count > 8 else { return quoted.joined(separator: " → ") }
    let hidden = quoted.count - 5
    return (quoted.prefix(3) + ["… \(hidden) more …"] + quoted.suffix(2)).joined(separator: " → ")
}

extension Diagnostic {
    /// What is in `after` and not in `before`, and the reverse, as multisets
    /// of (code, message): a finding stays the same finding when the
    /// declaration it points at moves or is laid out anew.
    ///
    /// A change of a model usually changes a few of its findings: the run of
    /// findings both lists begin with, and the run both end with, are set
    /// aside by comparing neighbours (the checks list findings in the same
    /// order every time), and only what lies between is counted. The end
    /// run is set aside only when none of its findings is also between:
    /// then the findings each list keeps are those counting would keep.
    public static func difference(_ before: [Diagnostic], _ after: [Diagnostic]) -> (appeared: [Diagnostic], went: [Diagnostic]) {
        struct Key: Hashable {
            var code: String
            var message: String
            init(_ diagnostic: Diagnostic) { (code, message) = (diagnostic.code.id, diagnostic.message) }
        }
        func same(_ one: Diagnostic, _ other: Diagnostic) -> Bool { one.code.id == other.code.id && one.message == other.message }
        var start = 0
        while start < before.count && start < after.count && same(before[start], after[start]) { start += 1 }
        var end = 0
        while end < before.count - start && end < after.count - start
                && same(before[before.count - 1 - end], after[after.count - 1 - end]) { end += 1 }
        if end > 0 && (start + end < before.count || start + end < after.count) {
            let between = Set((before[start..<(before.count - end)] + after[start..<(after.count - end)]).lazy.map(Key.init))
            if before[(before.count - end)...].contains(where: { between.contains(Key($0)) }) { end = 0 }
        }
        func minus(_ left: ArraySlice<Diagnostic>, _ right: ArraySlice<Diagnostic>) -> [Diagnostic] {
            var remaining = right.reduce(into: [Key: Int]()) { $0[Key($1), default: 0] += 1 }
            return left.filter { diagnostic in
                let key = Key(diagnostic)
                guard let count = remaining[key], count > 0 else { return true }
                remaining[key] = count - 1
                return false
            }
        }
        let (old, new) = (before[start..<(before.count - end)], after[start..<(after.count - end)])
        return (minus(new, old), minus(old, new))
    }

    /// The findings that differ between two lists, with a finding whose
    /// numbers alone changed (the same check saying the same about the same
    /// thing, with other figures) paired as one change rather than shown as
    /// one that appeared and one that went.
    public static func comparison(_ before: [Diagnostic], _ after: [Diagnostic])
        -> (appeared: [Diagnostic], went: [Diagnostic], changed: [(was: Diagnostic, now: Diagnostic)]) {
        var (appeared, went) = difference(before, after)
        func shape(_ diagnostic: Diagnostic) -> String {
            diagnostic.code.id + "\u{0}" + diagnostic.message.replacing(/[0-9]+(?:[.,][0-9]+)*/, with: "#")
        }
        // Each finding's shape worked out once, and looked up: linear in the findings.
        var unpaired: [String: [Int]] = [:]
        for (index, finding) in went.enumerated().reversed() { unpaired[shape(finding), default: []].append(index) }
        var changed: [(was: Diagnostic, now: Diagnostic)] = []
        var paired = Set<Int>()
        appeared = appeared.filter { now in
            let key = shape(now)
            guard let index = unpaired[key]?.popLast() else { return true }
            paired.insert(index)
            changed.append((went[index], now))
            return false
        }
        went = went.indices.filter { !paired.contains($0) }.map { went[$0] }
        return (appeared, went, changed)
    }

    /// The finding on one line, as the REPL's comparisons and `charter run`'s
    /// scenarios list it: severity, ID, name and message, the message escaped
    /// for the terminal. `paint` colours the severity.
    public func summaryLine(paint: (String, Severity) -> String = { text, _ in text }) -> String {
        "\(paint(severity.description, severity))[\(code.id)] \(code.name): \(Escaping.terminal(message))"
    }
}
