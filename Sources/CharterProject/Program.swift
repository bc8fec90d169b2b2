// The pipeline in one place: source text → lexer → parser → resolver →
// model and diagnostics. A program is the files named on the command line
// and everything they import. Reading files is the caller's job, through a
// `SourceReader`, so the library itself does no I/O and tests can feed it
// files from memory.

import CharterChecks
import CharterDiagnostics
import CharterEvaluation
import CharterInterpreter
import CharterModel
import CharterSyntax

/// Why a file could not be read.
public enum ReadError: Error, Equatable, Sendable {
    case notFound
    case notAFile
    case tooLarge(bytes: Int, limit: Int)
    case unreadable(String)

    public var description: String {
        switch self {
        case .notFound: "no such file"
        case .notAFile: "not a regular file"
        case .tooLarge(let bytes, let limit): "the file is \(Self.size(bytes)), over the input limit of \(Self.mebibytes(limit))"
        case .unreadable(let reason): reason
        }
    }

    /// A file's size in tenths of a MiB, rounded up, so that a file just over
    /// a limit never reads as the limit itself: `1.1 MiB`, `100.0 MiB`.
    private static func size(_ bytes: Int) -> String {
        let mebibyte = 1024 * 1024
        // Whole MiB and the rest apart, so that no size overflows.
        let tenths = bytes / mebibyte * 10 + (bytes % mebibyte * 10 + mebibyte - 1) / mebibyte
        return "\(tenths / 10).\(tenths % 10) MiB"
    }

    /// A limit as people read it: `10 MiB`, `1.5 MiB`, `512 KiB`, `2000 bytes`.
    static func mebibytes(_ bytes: Int) -> String {
        if bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
        if bytes % 1024 == 0 && bytes < 1024 * 1024 { return "\(bytes / 1024) KiB" }
        if bytes < 1024 * 1024 { return "\(bytes) bytes" }
        let tenths = bytes / (1024 * 1024 / 10)
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
}

/// Reads source files for the pipeline.
public protocol SourceReader {
    /// The bytes of the file at `path`; refuses files larger than `limit` bytes.
    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8]

    /// What makes two paths the same file (on disk: the real path, with
    /// symbolic links and `..` resolved), so a file reached two ways is
    /// loaded once. By default, the path itself.
    func identity(of path: String) -> String
}

extension SourceReader {
    public func identity(of path: String) -> String { path }
}

/// Diagnostics of loading a program's files.
public enum ProgramDiagnostic {
    public static let fileTooLarge = DiagnosticCode("E001", "file-too-large")
    public static let importNotFound = DiagnosticCode("E501", "import-not-found")
    public static let importCycle = DiagnosticCode("E502", "import-cycle")
    public static let importNotCharter = DiagnosticCode("E503", "import-not-charter")
    public static let importOutsideRoot = DiagnosticCode("E504", "import-outside-root")
    public static let importLimit = DiagnosticCode("E505", "import-limit")

    /// Every code this stage can emit.
    public static let all: [DiagnosticCode] = [
        fileTooLarge, importNotFound, importCycle, importNotCharter, importOutsideRoot, importLimit,
    ]
}

/// Units of work the pipeline did, by stage, counted where each stage loops
/// over its input. Tests compare them at two sizes of an input to show that
/// work grows in proportion to it: a quadratic path shows on any machine,
/// however loaded, where a bound on time would pass on a fast one and fail
/// on a busy one. Time is the benchmarks' business (`charter-benchmarks`).
public struct PipelineWork: Sendable, Equatable {
    /// Files opened, and imports followed or refused.
    public var loading = 0
    /// The resolver's units (`Resolution.work`).
    public var resolving = 0
    /// Of those, the candidates compared with unknown names for "did you
    /// mean" and the entries read to choose them (`Resolution.suggesting`):
    /// bounded for each name reported, however many names there are.
    public var suggesting = 0
    /// The checks' power computations, in table cells of the work limit,
    /// counted as their tables grew (`CheckRun.powerWork`).
    public var power = 0.0
}

/// A program: its files, what they mean, and what is wrong with them.
public struct Program: Sendable {
    public var sources = SourceMap()
    public var syntax: [SourceFileSyntax] = []
    public var model = Model()
    public var diagnostics: [Diagnostic] = []
    /// The files named by the caller (not those reached by imports), in order.
    public var roots: [FileID] = []
    /// Whether `runChecks` left the built-in checks out because of errors,
    /// in the files or in evaluating them.
    public var checksSkipped = false
    /// The findings waivers accepted, for the summary.
    public var waived: [WaivedFinding] = []
    /// Files named by the caller that could not be read at all: the tool could
    /// not do its job for them.
    public var unreadable: [(path: String, error: ReadError)] = []
    /// The work loading and resolving took.
    public var work = PipelineWork()
    /// Where a name an edit removed is still named (`Resolution.removedUses`).
    public var removedUses: [Span] = []
    /// Every declared name where it is written (`Resolution.uses`).
    public var uses: [NameUse] = []
    /// The directives of a program loaded `forChecksOnly`, gathered before
    /// its syntax trees went (a program loaded so is never resolved again).
    private var gatheredSuppressions: Suppressions.Gathered?
    /// The comments that are directives (suppressions, waivers), with what
    /// they cover: those gathered before the trees went, or the trees'.
    private var directives: Suppressions.Gathered {
        gatheredSuppressions ?? Suppressions.gather(syntax, sources: sources)
    }

    /// Loads, parses and resolves the files at `paths` and what they import.
    /// Imports are confined to `root`, or without one to the folder of the
    /// file named that leads to them; `limits` bounds what is read.
    ///
    /// `forChecksOnly` keeps only what `runChecks` needs: the model, the
    /// sources and the comments that are directives (suppressions, waivers). The syntax trees go
    /// while the model is built (a member's block once its member is), and
    /// `uses` stays empty (what an editor follows from a name to its
    /// declaration: one entry for every name written, 15 MB of a 13 MB
    /// file's memory). A lint run that reports and exits needs nothing
    /// else, and the trees are the larger part of a large file's memory; a
    /// program loaded so cannot be `run`.
    ///
    /// `recordingUses`: whether `uses` is wanted, by an editor, which follows
    /// names to what they declare; the commands never look (a record of
    /// every name written was a tenth of resolving a large file).
    public static func load(paths: [String], reader: some SourceReader, limits: Limits = Limits(), root: String? = nil,
                            forChecksOnly: Bool = false, recordingUses: Bool = false) -> Program {
        // A lint run resolves as it parses (see `Resolver.Stream`).
        var (program, stream) = read(paths: paths, reader: reader, limits: limits, root: root,
                                     resolvingWith: forChecksOnly ? Resolver.Stream(builtinChecks: builtinChecks) : nil)
        program.resolve(recordingUses: recordingUses && !forChecksOnly, streamed: stream.take())
        return program
    }

    /// The built-in checks' IDs and names, which a scenario's `expect finding` may name.
    private static var builtinChecks: [String] { Catalog.all.flatMap { [$0.id, $0.name] } }

    /// Loads and parses the files at `paths` and what they import, without
    /// resolving them: the REPL resolves them together with what it holds.
    /// With `sources`, the files are added after those already there, so
    /// spans into both stay valid.
    public static func parse(paths: [String], reader: some SourceReader, after sources: SourceMap = SourceMap(),
                             limits: Limits = Limits(), root: String? = nil) -> Program {
        read(paths: paths, reader: reader, after: sources, limits: limits, root: root, resolvingWith: nil).program
    }

    /// The files at `paths` and what they import, parsed, each declaration
    /// handed to `stream` as it is read when there is one.
    private static func read(paths: [String], reader: some SourceReader, after sources: SourceMap = SourceMap(),
                             limits: Limits, root: String?, resolvingWith stream: Resolver.Stream?)
        -> (program: Program, stream: Resolver.Stream?) {
        var loader = Loader(reader: reader, limits: limits, root: root.map { reader.identity(of: PathName.normalize($0)) })
        loader.program.sources = sources
        loader.stream = stream
        for path in paths { loader.load(path) }
        loader.finish()
        return (loader.program, loader.stream)
    }

    /// Parses and resolves one source text, as the REPL and tests do; it may
    /// not import other files.
    public static func load(text: String, path: String) -> Program {
        load(paths: [path], reader: MemoryReader(files: [path: Array(text.utf8)]))
    }

    /// Runs the built-in checks and adds their findings — only when the
    /// files have no errors, since a model the resolver could not build whole
    /// would give findings about what is missing rather than about the alliance.
    public mutating func runChecks(_ configuration: CheckConfiguration = CheckConfiguration(),
                                   isInterrupted: @escaping @Sendable () -> Bool = { false },
                                   powerMemory: PowerMemory? = nil, progress: WorkProgress? = nil) {
        guard !hasFindings(atOrAbove: .error) else {
            checksSkipped = true
            return
        }
        // Collected only now, when the checks run: a file with errors has
        // its checks left out, and pays nothing for its suppressions.
        let suppressions = Suppressions.collect(directives, sources: sources)
        let run = Checker.run(model, configuration: configuration, isInterrupted: isInterrupted, powerMemory: powerMemory,
                              progress: progress)
        work.power = run.powerWork
        guard run.evaluationErrors.isEmpty else {
            checksSkipped = true
            diagnostics = (diagnostics + DiagnosticLimit.apply(run.evaluationErrors, unlisted: nil, what: "there are more errors"))
                .sortedForDisplay()
            return
        }
        let (findings, waived) = Suppressions.apply(suppressions, to: run.findings, sources: sources, configuration: configuration)
        self.waived = waived
        // Every finding is kept: unlike a stage's errors, findings are not
        // echoes of one another, and their number is bounded by the model's
        // size. How many a text report shows is its reader's setting
        // (`charter check --max-findings`, `DiagnosticRenderer.render(_:atMost:)`).
        // The findings, the many, are moved: the few before them go in front.
        var all = findings
        all.insert(contentsOf: diagnostics, at: 0)
        all.sortForDisplay()
        diagnostics = all
    }

    /// Runs the statements and scenarios of the files named by the caller and
    /// every user check; nil when the files have errors, since a model the
    /// resolver could not build whole cannot be run.
    public func run(limits: Limits = Limits()) -> RunReport? {
        var configuration = CheckConfiguration()
        configuration.limits = limits
        return run(configuration: configuration)
    }

    /// `run`, with a project's settings: its limits, and the checks and
    /// suppressions a scenario's findings are worked out with.
    public func run(configuration: CheckConfiguration) -> RunReport? {
        guard !hasFindings(atOrAbove: .error) else { return nil }
        let comments = Dictionary(syntax.map { ($0.file, $0.comments) }, uniquingKeysWith: { first, _ in first })
        let limits = configuration.limits
        // One memory of power analyses for every scenario's findings: a body
        // that a scenario leaves alone is not computed again for it.
        return Interpreter.run(model, roots: Set(roots), budget: EvaluationBudget(stepLimit: limits.evaluationSteps, limits: limits),
                               findings: findings(configuration, powerMemory: PowerMemory())) { span in
            sources[span.file].oneLine(span, leavingOut: comments[span.file] ?? [])
        }
    }

    /// The built-in findings of a model written in these files (a scenario's
    /// changed model), as `runChecks` gives them: with the project's checks
    /// and suppressions; the evaluation errors when the checks could not run.
    public func findings(_ configuration: CheckConfiguration, isInterrupted: @escaping @Sendable () -> Bool = { false },
                         powerMemory: PowerMemory? = nil) -> (Model) -> Findings {
        { [directives, sources] model in
            let run = Checker.run(model, configuration: configuration, isInterrupted: isInterrupted, powerMemory: powerMemory)
            guard run.evaluationErrors.isEmpty else { return .notChecked(run.evaluationErrors) }
            let suppressions = Suppressions.collect(directives, sources: sources)
            return .found(Suppressions.apply(suppressions, to: run.findings, sources: sources, configuration: configuration).kept)
        }
    }

    /// A run's report as `charter run` prints it for one file: the entries,
    /// the failures located in the source, and the summary line.
    public func render(_ report: RunReport, color: ColorMode = .plain) -> String {
        var output = RunRenderer.text(report)
        if !report.diagnostics.isEmpty {
            output += "\n" + DiagnosticRenderer(sources: sources, color: color).render(report.diagnostics.sortedForDisplay())
        }
        return output + RunRenderer.summary(report, files: 1) + "\n"
    }

    /// Whether any diagnostic is at or above `severity`.
    public func hasFindings(atOrAbove severity: Severity) -> Bool {
        diagnostics.contains { $0.severity >= severity }
    }
}

/// Files held in memory, for tests and for programs built from strings.
public struct MemoryReader: SourceReader {
    public var files: [String: [UInt8]]
    public init(files: [String: [UInt8]]) { self.files = files }

    public func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        guard let bytes = files[path] else { throw .notFound }
        guard bytes.count <= limit else { throw .tooLarge(bytes: bytes.count, limit: limit) }
        return bytes
    }
}

/// Walks the import graph, depth first with a stack of its own rather than
/// the call stack, so that a chain of imports as long as the limit allows
/// cannot overflow it. Each file is loaded once; an import of a file that is
/// still being loaded is a cycle, reported with its chain. An import is read
/// only when it lies inside its confinement (the root, or the folder of the
/// named file it comes from), is within the count of imports, and fits in
/// what is left of the input size.
///
/// An import costs a look-up, however many files import the same one: what
/// a written path comes to is worked out once per folder and text, and the
/// identity of a path (on disk, a system call for each folder in it) once
/// per path. A cycle's chain is built only for a cycle that is listed, so
/// the back edges of a graph where every file imports every other cost no
/// more than its other edges.
private struct Loader<Reader: SourceReader> {
    let reader: Reader
    let limits: Limits
    /// The identity of the folder every import must lie in, when one was given.
    let root: String?
    var program = Program()
    /// The identities of the files loaded so far.
    var loaded: Set<String> = []
    /// The bytes of the files loaded so far, against `limits.inputSize`.
    var inputSize = 0
    /// Files loaded by imports, against `limits.imports`; said once when over.
    var imports = 0
    var reportedImportLimit = false
    /// The loader's own diagnostics, listed up to `DiagnosticLimit.count`
    /// (a file of a million bad imports is one file of errors), and the most
    /// severe of those past it.
    var reported = 0
    var unlisted: Severity?
    /// The resolver each declaration is handed to as it is parsed, in a lint run.
    var stream: Resolver.Stream?
    /// Import paths longer than this are refused unread: no file system has them.
    static var longestPath: Int { 4096 }

    /// What an import's path, as written in a file of some folder, comes to.
    enum Target {
        case tooLong
        case notCharter
        case file(path: String, identity: String)
    }
    /// An import's path as written, and the folder of the file it is written in.
    struct Written: Hashable {
        var folder: Int
        var text: String
    }
    /// What each path written in each folder comes to, worked out once.
    var targets: [Written: Target] = [:]
    /// The folders of the files loaded, numbered for `Written`.
    var folders: [String: Int] = [:]
    /// The identity of each (normalized) path asked about, asked of the reader once.
    var identities: [String: String] = [:]

    /// A file being loaded: its imports, and how many of them are done.
    struct Frame {
        var identity: String
        var path: String
        /// The number of the folder `path` is in (`folders`).
        var folder: Int
        /// The identity of the folder its imports must lie in.
        var confinement: String
        var imports: [StringLiteral]
        var next = 0
    }
    /// The chain of files being loaded, outermost first.
    var stack: [Frame] = []
    /// Where each file on the stack stands in it, by identity: an import
    /// closes a cycle when its file is there.
    var onStack: [String: Int] = [:]

    init(reader: Reader, limits: Limits, root: String?) {
        self.reader = reader
        self.limits = limits
        self.root = root
    }

    private mutating func report(_ diagnostic: Diagnostic) {
        guard isListed(diagnostic.severity) else { return }
        program.diagnostics.append(diagnostic)
    }

    /// Counts a diagnostic the loader found and says whether it is listed:
    /// the first `DiagnosticLimit.count` are, and the most severe of the
    /// rest is kept for the notice. Asked before a diagnostic that is costly
    /// to say is built, so that those not listed cost nothing.
    private mutating func isListed(_ severity: Severity) -> Bool {
        reported += 1
        guard reported <= DiagnosticLimit.count else {
            unlisted = max(unlisted ?? severity, severity)
            return false
        }
        return true
    }

    /// Adds the notice of the loader's diagnostics that were not listed.
    mutating func finish() {
        guard let unlisted, let last = program.diagnostics.last else { return }
        var notice = Diagnostic(DiagnosticLimit.tooMany,
                                "there are more problems with imports; only the first \(DiagnosticLimit.count) are shown",
                                at: last.span, help: "fix the problems above first")
        notice.severity = unlisted
        program.diagnostics.append(notice)
    }

    /// Loads a file the caller named, and everything it imports.
    mutating func load(_ path: String) {
        let path = PathName.normalize(path)
        let directory = PathName.directory(of: path)
        open(path, identity: identity(of: path), importedBy: nil,
             confinement: root ?? identity(of: directory.isEmpty ? "." : directory))
        while let top = stack.last {
            guard top.next < top.imports.count else {
                onStack[top.identity] = nil
                stack.removeLast()
                continue
            }
            program.work.loading += 1
            stack[stack.count - 1].next += 1
            let site = top.imports[top.next]
            let written = Written(folder: top.folder, text: site.value)
            let target: Target
            if let known = targets[written] {
                target = known
            } else {
                target = resolve(site.value, from: top.path)
                targets[written] = target
            }
            switch target {
            case .tooLong:
                report(Diagnostic(
                    ProgramDiagnostic.importNotFound, "cannot import this: the path is longer than \(Self.longestPath) bytes",
                    at: site.span))
            case .notCharter:
                report(Diagnostic(
                    ProgramDiagnostic.importNotCharter, "only Charter files can be imported", at: site.span,
                    help: "name a file that ends in `.charter`"))
            case .file(let path, let identity):
                open(path, identity: identity, importedBy: site, confinement: top.confinement)
            }
        }
    }

    /// What `text`, written in the file at `importer`, names: the path
    /// joined to that file's folder, with its `..` folded, and its identity.
    private mutating func resolve(_ text: String, from importer: String) -> Target {
        program.work.loading += 1
        guard text.utf8.count <= Self.longestPath else { return .tooLong }
        // A NUL or another control character would end the path early for
        // the system, past the `.charter` seen here.
        guard text.hasSuffix(".charter"), !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .notCharter
        }
        let path = PathName.normalize(PathName.join(PathName.directory(of: importer), text))
        return .file(path: path, identity: identity(of: path))
    }

    /// The reader's identity of a normalized path, asked once per path.
    private mutating func identity(of path: String) -> String {
        if let known = identities[path] { return known }
        program.work.loading += 1
        let identity = reader.identity(of: path)
        identities[path] = identity
        return identity
    }

    /// The number of the folder a normalized path is in.
    private mutating func folder(of path: String) -> Int {
        let directory = PathName.directory(of: path)
        if let known = folders[directory] { return known }
        folders[directory] = folders.count
        return folders.count - 1
    }

    /// Reads and parses the file at the normalized `path` and puts it on the
    /// stack, unless it is loaded already, closes a cycle, or may not or
    /// cannot be read.
    private mutating func open(_ path: String, identity: String, importedBy site: StringLiteral?, confinement: String) {
        program.work.loading += 1
        if let site, let position = onStack[identity] {
            guard isListed(ProgramDiagnostic.importCycle.severity) else { return }
            // One name per file: the one the chain first reached it by.
            let cycle = stack[position...].map(\.path)
            program.work.loading += cycle.count
            program.diagnostics.append(Diagnostic(
                ProgramDiagnostic.importCycle, "import cycle: \(describeChain(cycle + [cycle[0]]))", at: site.span,
                help: "files can share declarations through a third file that both import"))
            return
        }
        if let site {
            // Before anything else, so that a file another named file loaded
            // is not passed over for one whose folder it lies outside.
            guard PathName.isWithin(identity, confinement) else {
                report(Diagnostic(
                    ProgramDiagnostic.importOutsideRoot, "`\(site.value)` is outside the folder imports are confined to",
                    at: site.span, notes: ["imports may read only files under `\(confinement)`"],
                    help: "move the file under that folder, or name a wider one with `--root`"))
                return
            }
            // A link named like Charter that leads to something else (`.git/config`).
            guard identity.hasSuffix(".charter") else {
                report(Diagnostic(
                    ProgramDiagnostic.importNotCharter, "`\(site.value)` is a link to a file that is not a Charter file",
                    at: site.span, help: "import the Charter file itself"))
                return
            }
        }
        guard !loaded.contains(identity) else { return }
        if let site {
            guard imports < limits.imports else {
                if !reportedImportLimit {
                    reportedImportLimit = true
                    report(Diagnostic(
                        ProgramDiagnostic.importLimit, "this import is past the limit of \(limits.imports) imported files",
                        at: site.span, help: Limits.raising("imports", from: limits.imports)))
                }
                return
            }
        }
        loaded.insert(identity)

        let bytes: [UInt8]
        do {
            // Read by identity: the file that was placed inside the confinement.
            bytes = try reader.read(identity, limit: limits.inputSize - inputSize)
        } catch {
            fail(path, error, site)
            return
        }
        inputSize += bytes.count
        if site != nil { imports += 1 }
        let file = program.sources.add(path: path, bytes: bytes)
        if site == nil { program.roots.append(file.id) }
        let depth = limits.nestingDepth
        stream?.expect(bytes: bytes.count)
        let parsed = if stream != nil {
            Parser.parse(file, maximumDepth: depth) { declaration, replaceable in
                stream!.take(declaration, replaceable: replaceable)
            }
        } else {
            Parser.parse(file, maximumDepth: depth)
        }
        program.syntax.append(parsed.syntax)
        program.diagnostics += parsed.diagnostics
        let imported = parsed.syntax.declarations.compactMap { declaration -> StringLiteral? in
            if case .import(let declaration) = declaration { declaration.path } else { nil }
        }
        onStack[identity] = stack.count
        stack.append(Frame(identity: identity, path: path, folder: folder(of: path), confinement: confinement, imports: imported))
    }

    /// Reports a file that could not be read: at the import that named it, or,
    /// for a file the caller named, as unreadable (or too large, at its start).
    private mutating func fail(_ path: String, _ error: ReadError, _ site: StringLiteral?) {
        var error = error
        var help: String? = nil
        if case .tooLarge(let bytes, _) = error {
            // Past what is left of the input size: said against the whole limit.
            help = Limits.raising("input-size", from: limits.inputSize)
            if bytes <= limits.inputSize {
                error = .unreadable("with the files loaded before it, the program's files would be over the input limit of "
                                    + ReadError.mebibytes(limits.inputSize))
            } else {
                error = .tooLarge(bytes: bytes, limit: limits.inputSize)
            }
        }
        if let site {
            report(Diagnostic(
                ProgramDiagnostic.importNotFound, "cannot import `\(site.value)`: \(error.description)",
                at: site.span, help: help ?? (error == .notFound ? "import paths are relative to the importing file" : nil)))
        } else if help != nil {
            let file = program.sources.add(path: path, bytes: [])
            report(Diagnostic(
                ProgramDiagnostic.fileTooLarge, error.description, at: Span(file: file.id, start: 0, end: 0),
                help: "an alliance fits in far less, so check that this is the file you meant; " + (help ?? "")))
            program.unreadable.append((path, error))
        } else {
            program.unreadable.append((path, error))
        }
    }
}

extension Program {
    /// A program of syntax already parsed, such as the REPL's declarations
    /// from many entries and files: resolved, with the parser's diagnostics
    /// (`diagnostics`) and the resolver's.
    /// `edited` names files as an edit left them, `typed` the parts of them
    /// written as they are, `removed` the names edits removed (see `Resolver.resolve`).
    /// `memory`: the builds kept from resolving the program before a small
    /// change (`BuildMemory`); the program is the same without it.
    /// `recordingUses`: whether `uses` is wanted (by an editor).
    public init(sources: SourceMap, syntax: [SourceFileSyntax], roots: [FileID], diagnostics: [Diagnostic] = [],
                edited: Set<FileID> = [], typed: [Span] = [], removed: [String: [Removal]] = [:],
                memory: BuildMemory? = nil, recordingUses: Bool = true) {
        self.sources = sources
        self.syntax = syntax
        self.roots = roots
        self.diagnostics = diagnostics
        resolve(edited: edited, typed: typed, removed: removed, memory: memory, recordingUses: recordingUses)
    }

    /// Builds the model from the syntax and adds the resolver's diagnostics.
    /// `streamed`: the resolver the files were handed to as they were parsed,
    /// in a program loaded `forChecksOnly` (see `load`), which finishes it.
    private mutating func resolve(edited: Set<FileID> = [], typed: [Span] = [], removed: [String: [Removal]] = [:],
                                  memory: BuildMemory? = nil, recordingUses: Bool = true,
                                  streamed: consuming Resolver.Stream? = nil) {
        // What the resolver says about a declaration the parser could not read
        // whole is mostly an echo of the syntax error (a rule that failed to
        // parse is then "missing"), so only the syntax error is shown for it.
        let broken = brokenDeclarations()
        let resolution: Resolution
        if let streamed = streamed.take() {
            gatheredSuppressions = Suppressions.gather(syntax, sources: sources)
            // The resolver holds the only copy of the trees, so it can let
            // each member's go once built.
            var files: [SourceFileSyntax] = []
            swap(&files, &syntax)
            resolution = streamed.finish(consume files)
        } else {
            resolution = Resolver.resolve(syntax, edited: edited, typed: typed, removed: removed, builtinChecks: Self.builtinChecks,
                                          recordingUses: recordingUses, memory: memory)
        }
        model = resolution.model
        removedUses = resolution.removedUses
        uses = resolution.uses
        work.resolving = resolution.work
        work.suggesting = resolution.suggesting
        let meaningful = resolution.diagnostics.filter { diagnostic in
            !broken.contains { $0.file == diagnostic.span.file && $0.start <= diagnostic.span.start && diagnostic.span.start < $0.end }
        }
        diagnostics = (diagnostics + meaningful).sortedForDisplay()
    }

    /// The spans of declarations the parser could not read whole.
    private func brokenDeclarations() -> [Span] {
        syntax.flatMap { file in
            file.declarations.map(\.span).filter { declaration in
                file.recoveries.contains { declaration.start <= $0.start && $0.start < declaration.end }
            }
        }
    }
}

/// Slash-separated path arithmetic, enough for relative imports.
public enum PathName {
    /// The folder a path is in: `` for a bare name, `/` at the root.
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return path == "/" ? "/" : String(path[..<slash]).isEmpty ? "/" : String(path[..<slash])
    }

    static func join(_ directory: String, _ relative: String) -> String {
        if relative.hasPrefix("/") || directory.isEmpty { return relative }
        return directory + "/" + relative
    }

    /// Whether `path` is `directory` or lies under it, both normalized and
    /// both absolute or both relative (`.` being the current folder).
    public static func isWithin(_ path: String, _ directory: String) -> Bool {
        if directory == "." { return !path.hasPrefix("/") && path != ".." && !path.hasPrefix("../") }
        if directory == "/" { return path.hasPrefix("/") }
        return path == directory || path.hasPrefix(directory + "/")
    }

    /// Removes `.` segments and folds `dir/..`, keeping leading `..`.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == ".." && absolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
