// The diagnostic every stage returns: a severity, a stable code, a message in
// rustc's voice (lowercase, no final period, names in backticks), the span it
// is about, secondary labels, notes and a concrete help. Stages collect them
// in a `DiagnosticBag`; the driver decides what to do with them.

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

    public init(
        _ code: DiagnosticCode,
        _ message: String,
        at span: Span,
        label: String? = nil,
        labels: [Label] = [],
        notes: [String] = [],
        help: String? = nil
    ) {
        self.code = code
        self.severity = code.severity
        self.message = message
        self.span = span
        self.spanLabel = label
        self.labels = labels
        self.notes = notes
        self.help = help
    }
}

/// Collects the diagnostics of one pass.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func add(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func add(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, then position, then code: the order every renderer
    /// shows, so output is deterministic whatever order the passes found them.
    public func sortedForDisplay() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            let (l, r) = (lhs.element, rhs.element)
            if l.span.file != r.span.file { return l.span.file < r.span.file }
            if l.span.start != r.span.start { return l.span.start < r.span.start }
            if l.code.id != r.code.id { return l.code.id < r.code.id }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The number of diagnostics of each severity.
    public func count(of severity: Severity) -> Int {
        reduce(0) { $0 + ($1.severity == severity ? 1 : 0) }
    }
}
