// The language server: the editor's messages in, answers and diagnostics
// out, over the same pipeline as `charter check`. It holds the open buffers
// and, for each open Charter file, the program loaded from it (with what it
// imports) and checked; every request is answered from those. It prints
// nothing and reads nothing itself: messages come from `ServerLoop` (or a
// test), bytes go to `send`, files come from the host.

import Charter
import Foundation

/// A program loaded from an open file, checked, and what the answers about it need.
final class Analysis {
    let program: Program
    let configuration: CheckConfiguration
    let configurationProblem: ConfigurationProblem?
    /// The generation of each file's buffer it was loaded from (0: the disk).
    let generations: [String: Int]
    /// The open buffers when it was made: one opened since may be an import
    /// that was missing.
    let open: Set<String>
    /// Whether the files had no errors before the checks ran: the model is
    /// whole, and its power can be computed (a check's own error, a
    /// dictator say, is no reason not to show it).
    let isWhole: Bool
    /// The file the program was loaded from.
    let root: FileID
    private var powerReport: PowerReport?

    init(program: Program, configuration: CheckConfiguration, problem: ConfigurationProblem?, generations: [String: Int],
         open: Set<String>, isWhole: Bool) {
        self.program = program
        self.configuration = configuration
        self.configurationProblem = problem
        self.generations = generations
        self.open = open
        self.isWhole = isWhole
        root = program.roots.first ?? FileID(0)
    }

    /// The power of every body, computed once (the server's memory keeps
    /// bodies that did not change from one analysis to the next); nil when
    /// the program has errors or the computation was interrupted.
    func power(memory: PowerMemory, isInterrupted: @escaping @Sendable () -> Bool) -> PowerReport? {
        if let powerReport { return powerReport }
        guard isWhole else { return nil }
        let report = PowerReport(model: program.model, workLimit: configuration.powerWorkLimit,
                                 stepLimit: configuration.limits.evaluationSteps, isInterrupted: isInterrupted,
                                 powerMemory: memory)
        guard !isInterrupted() else { return nil }
        powerReport = report
        return report
    }
}

public final class LanguageServer {
    /// What the loop should do after a message.
    public enum Outcome: Equatable, Sendable {
        case `continue`
        /// The client said `exit`: leave with this status.
        case exit(Int32)
    }

    let host: any LanguageServerHost
    /// The folder imports are confined to, as `--root` gives it; else each file's own.
    let root: String?
    let send: @Sendable (Data) -> Void
    /// Charter's version, for the client's log.
    let version: String
    var encoding = PositionEncoding.utf16
    var initialized = false
    public private(set) var shutdownRequested = false
    /// Whether the client can be asked to show a document at a place (`window/showDocument`).
    var canShowDocuments = false
    var documents: [String: Document] = [:]
    /// The workspace's folders, and the Charter files in them once listed
    /// (listed again when files change on disk).
    var workspaceFolders: [String] = []
    var workspaceFiles: [String]?
    var analyses: [String: Analysis] = [:]
    /// What was last published for each URI, so that fixed files are cleared.
    var published: [String: [LSPDiagnostic]] = [:]
    /// Whether a change has not had its diagnostics published yet.
    public private(set) var diagnosticsDue = false
    var generation = 0
    var nextRequest = 0
    let powerMemory = PowerMemory()
    /// Asked during long work (the checks, power): true when the request was
    /// cancelled or a newer change arrived (`ServerLoop` sets it per message).
    public var isInterrupted: @Sendable () -> Bool = { false }
    /// Of those, whether it was the request's cancellation.
    public var isCancelled: @Sendable () -> Bool = { false }
    /// Whether the work of the message being handled was cut short.
    var workWasInterrupted = false

    public init(host: any LanguageServerHost, root: String? = nil, version: String = "",
                send: @escaping @Sendable (Data) -> Void) {
        self.host = host
        self.version = version
        self.root = root
        self.send = send
    }

    // MARK: - Messages

    /// Handles one framed message's body.
    public func handle(json: Data) -> Outcome {
        switch IncomingMessage.parse(json) {
        case .message(let message): return handle(message)
        case .response: return .continue
        case .failure(let id, let error):
            send(OutgoingMessage.error(id, error))
            return .continue
        }
    }

    public func handle(_ message: IncomingMessage) -> Outcome {
        if message.method == "exit" { return .exit(shutdownRequested ? 0 : 1) }
        workWasInterrupted = false
        do throws(ResponseError) {
            guard initialized || message.method == "initialize" else {
                if message.id != nil { throw .serverNotInitialized }
                return .continue
            }
            if shutdownRequested && message.method != "shutdown" {
                if message.id != nil { throw .invalidRequest("the server is shutting down") }
                return .continue
            }
            if let id = message.id {
                guard let result = try request(message) else { throw .methodNotFound(message.method) }
                // An answer whose work a newer change or a cancellation cut short is not given.
                if workWasInterrupted { throw isCancelled() ? .requestCancelled : .contentModified }
                send(OutgoingMessage.response(id, result))
            } else {
                try notification(message)
            }
        } catch {
            if let id = message.id { send(OutgoingMessage.error(id, error)) }
        }
        return .continue
    }

    /// A request's answer: nil when the server has no such method.
    private func request(_ message: IncomingMessage) throws(ResponseError) -> AnyEncodable? {
        switch message.method {
        case "initialize": return AnyEncodable(try initialize(message.params(InitializeParams.self)))
        case "shutdown":
            shutdownRequested = true
            return AnyEncodable(Null())
        case "textDocument/hover": return AnyEncodable(try hover(message.params(PositionParams.self)))
        case "textDocument/definition": return AnyEncodable(try definition(message.params(PositionParams.self)))
        case "textDocument/references": return AnyEncodable(try references(message.params(ReferenceParams.self)))
        case "textDocument/prepareRename": return AnyEncodable(try prepareRename(message.params(PositionParams.self)))
        case "textDocument/rename": return AnyEncodable(try rename(message.params(RenameParams.self)))
        case "textDocument/completion": return AnyEncodable(try completion(message.params(PositionParams.self)))
        case "textDocument/documentSymbol": return AnyEncodable(try documentSymbols(message.params(DocumentParams.self)))
        case "workspace/symbol": return AnyEncodable(workspaceSymbols(try message.params(WorkspaceSymbolParams.self)))
        case "textDocument/formatting": return AnyEncodable(try formatting(message.params(DocumentParams.self)))
        case "textDocument/codeAction": return AnyEncodable(try codeActions(message.params(CodeActionParams.self)))
        case "textDocument/inlayHint": return AnyEncodable(try inlayHints(message.params(RangeParams.self)))
        case "workspace/executeCommand": return AnyEncodable(try execute(message.params(ExecuteCommandParams.self)))
        default: return nil
        }
    }

    private func notification(_ message: IncomingMessage) throws(ResponseError) {
        switch message.method {
        case "initialized", "$/cancelRequest", "$/setTrace", "textDocument/willSave": break
        case "textDocument/didOpen":
            let item = try message.params(DidOpenParams.self).textDocument
            generation += 1
            documents[item.uri] = Document(uri: item.uri, path: path(of: item.uri), version: item.version,
                                           text: SourceFile(id: FileID(0), path: path(of: item.uri), text: item.text),
                                           generation: generation)
            changed()
        case "textDocument/didChange":
            let params = try message.params(DidChangeParams.self)
            guard var document = documents[params.textDocument.uri] else { return }
            var bytes = document.text.bytes
            for change in params.contentChanges {
                if let range = change.range {
                    let file = SourceFile(id: FileID(0), path: document.path, bytes: bytes)
                    let start = file.offset(of: range.start, encoding)
                    let end = max(start, file.offset(of: range.end, encoding))
                    bytes.replaceSubrange(start..<end, with: Array(change.text.utf8))
                } else {
                    bytes = Array(change.text.utf8)
                }
            }
            generation += 1
            document.text = SourceFile(id: FileID(0), path: document.path, bytes: bytes)
            document.version = params.textDocument.version
            document.generation = generation
            documents[params.textDocument.uri] = document
            changed()
        case "textDocument/didClose":
            let uri = try message.params(DidCloseParams.self).textDocument.uri
            documents[uri] = nil
            analyses[uri] = nil
            generation += 1
            changed()
        case "textDocument/didSave", "workspace/didChangeWatchedFiles", "workspace/didChangeConfiguration":
            // The disk (a file imported, a charter.toml) may say something new.
            analyses = [:]
            workspaceFiles = nil
            changed()
        case "workspace/didChangeWorkspaceFolders":
            let event = try message.params(WorkspaceFoldersChange.self).event
            let removed = Set(event.removed.map { path(of: $0.uri) })
            workspaceFolders = workspaceFolders.filter { !removed.contains($0) } + event.added.map { path(of: $0.uri) }
            workspaceFiles = nil
        default:
            // Notifications the server does not know are ignored, `$/` ones by the protocol's rule.
            break
        }
    }

    private func changed() {
        diagnosticsDue = true
    }

    // MARK: - Lifecycle

    struct InitializeResult: Encodable {
        var capabilities: Capabilities
        var serverInfo: ServerInfo
        struct ServerInfo: Encodable {
            var name = "charter"
            var version: String
        }
    }

    struct Capabilities: Encodable {
        struct Sync: Encodable {
            var openClose = true
            var change = 2
            var save = true
        }
        struct Completion: Encodable { var triggerCharacters = ["."] }
        struct Rename: Encodable { var prepareProvider = true }
        struct Workspace: Encodable {
            struct Folders: Encodable {
                var supported = true
                var changeNotifications = true
            }
            var workspaceFolders = Folders()
        }
        struct CodeActions: Encodable { var codeActionKinds = ["quickfix"] }
        struct Commands: Encodable { var commands = [LanguageServer.placeCursor] }
        var positionEncoding: String
        var textDocumentSync = Sync()
        var hoverProvider = true
        var definitionProvider = true
        var referencesProvider = true
        var renameProvider = Rename()
        var completionProvider = Completion()
        var documentSymbolProvider = true
        var workspaceSymbolProvider = true
        var documentFormattingProvider = true
        var codeActionProvider = CodeActions()
        var inlayHintProvider = true
        var executeCommandProvider = Commands()
        var workspace = Workspace()
    }

    private func initialize(_ params: InitializeParams) throws(ResponseError) -> InitializeResult {
        guard !initialized else { throw .invalidRequest("the server is initialized already") }
        initialized = true
        // UTF-8 when the client offers it (no conversion at all), else UTF-16, which every client knows.
        if params.capabilities?.general?.positionEncodings?.contains(PositionEncoding.utf8.rawValue) == true {
            encoding = .utf8
        }
        canShowDocuments = params.capabilities?.window?.showDocument?.support == true
        workspaceFolders = (params.workspaceFolders?.map(\.uri) ?? params.rootUri.map { [$0] } ?? [])
            .filter { $0.hasPrefix("file://") }.map(path(of:))
        return InitializeResult(capabilities: Capabilities(positionEncoding: encoding.rawValue),
                                serverInfo: .init(version: version))
    }

    // MARK: - Analyses

    func path(of uri: String) -> String { PathName.normalize(FileURI.path(of: uri)) }

    /// The URI of a file of a program: an open buffer's own, or the file's.
    func uri(of path: String) -> String {
        documents.values.first { $0.path == path }?.uri ?? FileURI.uri(of: path)
    }

    /// The open document at `uri`, or an error for a request about another.
    func document(_ uri: String) throws(ResponseError) -> Document {
        guard let document = documents[uri] else { throw .invalidParams("`\(uri)` is not open") }
        return document
    }

    /// The analysis of the open document at `uri`, made now if its files changed since the last.
    func analysis(_ uri: String) throws(ResponseError) -> Analysis {
        let document = try document(uri)
        if let known = analyses[uri], isCurrent(known) { return known }
        let analysis = analyze(document)
        if isInterrupted() {
            workWasInterrupted = true
        } else {
            analyses[uri] = analysis
        }
        return analysis
    }

    private func isCurrent(_ analysis: Analysis) -> Bool {
        let open = Dictionary(documents.values.map { ($0.path, $0.generation) }, uniquingKeysWith: max)
        return analysis.open == Set(open.keys)
            && analysis.generations.allSatisfy { path, generation in (open[path] ?? 0) == generation }
    }

    private func analyze(_ document: Document) -> Analysis {
        let reader = OverlayReader(host: host, buffers: openBuffers())
        var configuration = CheckConfiguration()
        var problem: ConfigurationProblem?
        switch host.configuration(for: document.path) {
        case .success(let found): configuration = found
        case .failure(let failure):
            problem = failure
        }
        var program = Program.load(paths: [document.path], reader: reader, limits: configuration.limits, root: root,
                                   recordingUses: true)
        let isWhole = !program.hasFindings(atOrAbove: .error)
        program.runChecks(configuration, isInterrupted: isInterrupted, powerMemory: powerMemory)
        let open = Dictionary(documents.values.map { ($0.path, $0.generation) }, uniquingKeysWith: max)
        let generations = Dictionary(program.sources.files.map { ($0.path, open[$0.path] ?? 0) }, uniquingKeysWith: max)
        return Analysis(program: program, configuration: configuration, problem: problem, generations: generations,
                        open: Set(open.keys), isWhole: isWhole)
    }

    /// The open buffers' bytes by the identity of their paths, as `OverlayReader` takes them.
    func openBuffers() -> [String: [UInt8]] {
        var buffers: [String: [UInt8]] = [:]
        for open in documents.values { buffers[bufferKey(open.path)] = open.text.bytes }
        return buffers
    }

    /// A path as `OverlayReader` knows a buffer by: a file's real path, or the name of one that is no file.
    func bufferKey(_ path: String) -> String { path.hasPrefix("/") ? host.identity(of: path) : path }

    /// Every open Charter document's analysis.
    func allAnalyses() -> [(uri: String, analysis: Analysis)] {
        documents.keys.sorted().compactMap { uri in (try? analysis(uri)).map { (uri, $0) } }
    }

    // MARK: - Diagnostics

    /// Publishes the diagnostics of every open file and the files they
    /// import, and clears those of files that have none now. Called by the
    /// loop once changes have settled; a test calls it directly.
    public func publishDiagnostics() {
        guard diagnosticsDue else { return }
        var run = LintRun()
        var order: [(uri: String, analysis: Analysis)] = []
        for (uri, analysis) in allAnalyses() {
            // Work cut short by a newer change is not published: the next round will be.
            if isInterrupted() { return }
            run.add(analysis.program, configuration: analysis.configuration)
            order.append((uri, analysis))
        }
        var byURI: [String: [LSPDiagnostic]] = [:]
        for file in run.report.files {
            for finding in file.findings {
                let source = file.sources[finding.span.file]
                byURI[uri(of: source.path), default: []].append(lspDiagnostic(finding, sources: file.sources))
            }
        }
        for (uri, analysis) in order {
            if let problem = analysis.configurationProblem {
                byURI[uri, default: []].insert(LSPDiagnostic(
                    range: Range(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)), severity: 1,
                    code: nil, source: "charter",
                    message: "\(problem.path) cannot be used, so this file is checked with the default settings: \(problem.message)"), at: 0)
            }
        }
        for uri in Set(published.keys).union(byURI.keys).sorted() {
            let diagnostics = byURI[uri] ?? []
            guard published[uri] != diagnostics else { continue }
            published[uri] = diagnostics.isEmpty ? nil : diagnostics
            send(OutgoingMessage.notification("textDocument/publishDiagnostics", PublishDiagnosticsParams(
                uri: uri, version: documents[uri]?.version, diagnostics: diagnostics)))
        }
        diagnosticsDue = false
        // The power of bodies no open file has any more is let go.
        powerMemory.forgetUnused()
    }

    /// Charter's diagnostic as the protocol has it: notes and help after
    /// the message, labels as related information, an unused suppression
    /// marked unnecessary.
    func lspDiagnostic(_ diagnostic: Diagnostic, sources: SourceMap) -> LSPDiagnostic {
        let file = sources[diagnostic.span.file]
        var message = diagnostic.message
        if let label = diagnostic.spanLabel { message += " (\(label))" }
        for note in diagnostic.notes { message += "\nnote: " + note }
        if let help = diagnostic.help { message += "\nhelp: " + help }
        let related = diagnostic.labels.map { label in
            RelatedInformation(location: Location(uri: uri(of: sources[label.span.file].path),
                                                  range: sources[label.span.file].range(of: label.span, encoding)),
                               message: label.message)
        }
        let severity = switch diagnostic.severity {
        case .error: 1
        case .warning: 2
        case .info: 3
        }
        return LSPDiagnostic(
            range: file.range(of: diagnostic.span, encoding),
            severity: severity,
            code: diagnostic.code.id,
            codeDescription: host.explanationLink(for: diagnostic.code.id).map { CodeDescription(href: $0) },
            source: "charter \(diagnostic.code.name)",
            message: message,
            relatedInformation: related.isEmpty ? nil : related,
            tags: diagnostic.code == SuppressionDiagnostic.unused ? [1] : nil)
    }

    /// The power of an analysis's bodies, noting when its computation was cut short.
    func power(_ analysis: Analysis) -> PowerReport? {
        let report = analysis.power(memory: powerMemory, isInterrupted: isInterrupted)
        if report == nil && isInterrupted() { workWasInterrupted = true }
        return report
    }

    // MARK: - Places

    /// The analysis of a request's document, its file in it, and the byte offset of `position`.
    func place(_ uri: String, _ position: Position) throws(ResponseError) -> (Analysis, SourceFile, Int) {
        let analysis = try analysis(uri)
        let file = analysis.program.sources[analysis.root]
        return (analysis, file, file.offset(of: position, encoding))
    }

    /// The name written at `offset` of `file`, with the declaration it denotes.
    func use(at offset: Int, in file: SourceFile, of analysis: Analysis) -> NameUse? {
        let here = analysis.program.uses.filter { $0.span.file == file.id && $0.span.start <= offset && offset <= $0.span.end }
        return here.first { offset < $0.span.end } ?? here.first
    }

    func location(_ span: Span, in sources: SourceMap) -> Location {
        let file = sources[span.file]
        return Location(uri: uri(of: file.path), range: file.range(of: span, encoding))
    }
}

/// Anything encodable, for answers of many types.
struct AnyEncodable: Encodable {
    private let encodeValue: (any Encoder) throws -> Void
    init(_ value: some Encodable) { encodeValue = value.encode }
    init(_ value: (some Encodable)?) {
        encodeValue = { encoder in
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}

/// JSON's null, as an answer.
struct Null: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}
