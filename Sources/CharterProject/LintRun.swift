// A lint run, as `charter check` does it and the REPL's `:check` and the
// language server need it: files and their configurations in, the
// complete report out — each file's findings (one imported by several files
// reported once), the findings waivers accepted, the waivers that met their
// finding and those that met none, the counts, and what could not be read.
// Each file is a program of its own, with what it imports, as linters treat
// files. The run reads nothing itself: files come through a `SourceReader`
// and configurations from the caller, who finds them (charter.toml) and
// prints the report (CharterReports has its formats and its summary).

import CharterChecks
import CharterDiagnostics
import CharterModel

/// What a lint run found.
public struct LintReport: Sendable {
    /// One file checked, with what it imports.
    public struct File: Sendable {
        /// The name the findings give the file: normalized, `./a` as `a`.
        public var name: String
        /// The sources its findings point into; none kept when it has no
        /// findings, so that a run over many files holds only those it reports.
        public var sources: SourceMap
        /// Its findings that no file before it reported.
        public var findings: [Diagnostic]
        /// Whether it was read; if not, it is among `unreadable` too.
        public var wasRead: Bool
        /// Whether its built-in checks were left out for errors in it.
        public var checksSkipped: Bool
    }

    /// Something the run could not check: the tool could not do its job for it.
    public enum Unreadable: Sendable {
        /// A file named that could not be read. One too large has a located
        /// diagnostic among its file's findings (E001) as well.
        case file(path: String, error: ReadError)
        /// A file left unchecked, or a folder unwalked, for the reason given
        /// (its configuration is broken), by the caller that knows why.
        case notChecked(reason: String)
    }

    /// The files, in the order they were checked.
    public var files: [File] = []
    /// What could not be read or checked, in the order met.
    public var unreadable: [Unreadable] = []
    /// The findings waivers accepted, each with the sources it points into.
    public var waived: [(finding: WaivedFinding, sources: SourceMap)] = []
    /// The names of the waivers of the configurations used, in the order met.
    public var configuredWaivers: [String] = []
    /// Those that met their finding, whether still active or past their day.
    public var metWaivers: Set<String> = []

    public init() {}

    /// A report of one program whose checks have run (the REPL's model, an
    /// editor's buffers): what a run that checked it would report.
    public init(checked program: Program, configuration: CheckConfiguration) {
        var run = LintRun()
        run.add(program, configuration: configuration)
        self = run.report
    }

    /// The names of the files that were read.
    public var checked: [String] { files.filter(\.wasRead).map(\.name) }
    /// Every finding, file by file.
    public var findings: [Diagnostic] { files.flatMap(\.findings) }
    /// The number of files read whose built-in checks were left out.
    public var skipped: Int { files.count { $0.wasRead && $0.checksSkipped } }
    /// The waivers of the configurations that met no finding: each outlived
    /// its problem, as an unused suppression has.
    public var unmetWaivers: [String] { configuredWaivers.filter { !metWaivers.contains($0) } }

    /// The number of findings of `severity`.
    public func count(_ severity: Severity) -> Int {
        files.reduce(0) { $0 + $1.findings.count(of: severity) }
    }

    /// Whether any finding is at or above `severity`.
    public func hasFindings(atOrAbove severity: Severity) -> Bool {
        files.contains { $0.findings.contains { $0.severity >= severity } }
    }
}

/// A lint run in progress: each file checked adds to `report`.
public struct LintRun {
    public private(set) var report = LintReport()
    /// The findings reported so far, by file, place, code and message.
    private var reported: Set<Reported> = []
    /// A finding as `reported` knows it: its own strings, shared, not a new one made of them.
    private struct Reported: Hashable {
        var file: String
        var start: Int
        var code: String
        var message: String
    }

    public init() {}

    /// Loads the file at `path` with what it imports (imports confined to
    /// `root`, or to the file's folder), runs the built-in checks with
    /// `configuration`, and adds what they found.
    /// `progress` is told what is under way.
    public mutating func check(_ path: String, reader: some SourceReader, configuration: CheckConfiguration, root: String? = nil,
                               progress: WorkProgress? = nil) {
        progress?.begin("checking \(path)")
        defer { progress?.end() }
        progress?.begin("reading and resolving")
        var program = Program.load(paths: [path], reader: reader, limits: configuration.limits, root: root, forChecksOnly: true)
        progress?.end()
        program.runChecks(configuration, progress: progress)
        // What is reported needs the findings and the sources, not the model.
        program.model = Model()
        add(program, configuration: configuration, named: path)
    }

    /// Adds a program whose checks have run with `configuration`; `path`
    /// names it when none of its files could be read.
    public mutating func add(_ program: Program, configuration: CheckConfiguration, named path: String = "") {
        for waiver in configuration.waivers where !report.configuredWaivers.contains(waiver.name) {
            report.configuredWaivers.append(waiver.name)
        }
        let fresh = program.diagnostics.filter { diagnostic in
            let file = program.sources[diagnostic.span.file].path
            return reported.insert(Reported(file: file, start: diagnostic.span.start, code: diagnostic.code.id,
                                            message: diagnostic.message)).inserted
        }
        report.files.append(LintReport.File(
            name: program.roots.first.map { program.sources[$0].path } ?? path,
            sources: fresh.isEmpty ? SourceMap() : program.sources, findings: fresh,
            wasRead: program.unreadable.isEmpty, checksSkipped: program.checksSkipped))
        report.unreadable += program.unreadable.map { .file(path: $0.path, error: $0.error) }
        report.waived += program.waived.map { ($0, program.sources) }
        report.metWaivers.formUnion(program.waived.map(\.waiver.name))
        // A waiver past its day met its finding too: the finding is reported again, beside a C003.
        for name in report.configuredWaivers where program.diagnostics.contains(where: {
            $0.code == SuppressionDiagnostic.waiverExpired && $0.message.hasPrefix("the waiver `\(name)` ")
        }) { report.metWaivers.insert(name) }
    }

    /// Counts what the caller could not check: a file whose configuration
    /// is broken, a folder it could not walk.
    public mutating func notChecked(because reason: String) {
        report.unreadable.append(.notChecked(reason: reason))
    }
}
