// The REPL's side of the workshop page (`:serve`): a live view that draws
// the page of each snapshot the session hands it, and gives it to
// `charter-workshop`, the server, a process of its own beside `charter`
// (CharterServe). The page is drawn here, where the model is; the server only
// serves it. `charter` itself so links no networking and opens no socket, and
// the server cannot outlive the REPL: it stops when its input ends, which
// happens when the REPL stops serving, ends, or dies.
//
// The REPL never waits for it. `show` stores the snapshot and returns; a
// dispatch queue of this view's own draws the page (the power tables come
// from the session's memory, so a body already computed is not computed
// again) and sends it; a snapshot that arrives while one is drawn replaces
// it, and the drawing under way is abandoned. The pages go through a socket
// pair, sent with MSG_NOSIGNAL: a server that died is an error of the send,
// never a SIGPIPE that ends the REPL.

@preconcurrency import Glibc
import Charter
import CharterSession
import Foundation
import Synchronization

public final class WorkshopServer: LiveView, @unchecked Sendable {
    /// The page as last drawn, and what it is compared with next time.
    struct Drawn: Sendable {
        var page: LivePage
        var content: String
        var findings: [Diagnostic]
        var figures: PowerReport.Figures
    }

    private struct State {
        var drawn: Drawn?
        /// The snapshot waiting to be drawn, and whether the drawing queue is busy.
        var pending: LiveSnapshot?
        var drawing = false
        var revision = 0
        /// What the entries since the last page drawn were: a page that
        /// follows several at once names them all.
        var captions: [String] = []
        /// Our end of the server's input, while it runs.
        var channel: Channel?
        /// Set by `stop`: a drawing under way is abandoned.
        var stopped = false
    }

    /// Our end of the server's input. Sent to under its lock; shut down
    /// without it (which wakes a send the server is slow to take), then
    /// closed under it, so a send never reaches a descriptor reused since.
    final class Channel: @unchecked Sendable {
        private let lock = NSLock()
        private var descriptor: Int32?

        init(_ descriptor: Int32) { self.descriptor = descriptor }

        /// Sends every byte; false when the server has gone.
        func send(_ bytes: [UInt8]) -> Bool {
            lock.withLock {
                guard let descriptor else { return false }
                var sent = 0
                while sent < bytes.count {
                    let count = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { return false }
                    sent += count
                }
                return true
            }
        }

        /// Whether the server still holds its end: it never writes, so anything to read is its end.
        var isOpen: Bool {
            lock.withLock {
                guard let descriptor else { return false }
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                return poll(&poller, 1, 0) == 0
            }
        }

        func close() {
            if let descriptor = lock.withLock({ descriptor }) { shutdown(descriptor, Int32(SHUT_RDWR)) }
            lock.withLock {
                if let descriptor { Glibc.close(descriptor) }
                descriptor = nil
            }
        }
    }

    private let state = Mutex(State())
    private let generator: String
    private let helper: String
    private let drawing = DispatchQueue(label: "charter.workshop.draw", qos: .userInitiated)
    /// The server, and where it listens; touched only on the REPL's thread.
    private var process: Process?
    private var listening: String?

    /// `generator` names the tool and version in the page; `helper` is the
    /// server's executable (default: `charter-workshop` beside this one).
    public init(generator: String, helper: String? = nil) {
        self.generator = generator
        self.helper = helper ?? Self.besideThisExecutable("charter-workshop")
    }

    deinit { stop() }

    /// While the server runs: its end of the channel closes when it ends,
    /// however it ends, and its process is gone or a zombie.
    public var address: String? {
        guard let listening, let process, state.withLock({ $0.channel })?.isOpen == true,
              Self.isAlive(process.processIdentifier) else { return nil }
        return listening
    }

    /// Whether a child process is running: it exists and is not a zombie waiting to be reaped.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = status.lastIndex(of: ")") else { return true }
        return status[status.index(after: end)...].trimmingPrefix(" ").first != "Z"
    }

    public func start(port: Int?) -> Result<String, LiveViewError> {
        if let address { return .success(address) }
        stop()
        guard FileManager.default.isExecutableFile(atPath: helper) else {
            return .failure(LiveViewError("the server, `\(Escaping.terminal(helper))`, is missing; `swift build` builds it beside `charter`"))
        }
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            return .failure(LiveViewError("cannot make a channel to the server: \(String(cString: strerror(errno)))"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = ["--port", "\(port ?? 0)"]
        process.standardInput = FileHandle(fileDescriptor: pair[1], closeOnDealloc: true)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            close(pair[0])
            return .failure(LiveViewError("cannot start the server: \(error.localizedDescription)"))
        }
        // The server's end is the server's now.
        try? (process.standardInput as? FileHandle)?.close()
        guard let line = Self.firstLine(of: output.fileHandleForReading.fileDescriptor, waiting: 15) else {
            close(pair[0])
            process.terminate()
            return .failure(LiveViewError("the server did not start listening within 15 seconds"))
        }
        guard line.hasPrefix("listening ") else {
            close(pair[0])
            process.waitUntilExit()
            return .failure(LiveViewError(line.hasPrefix("error ") ? String(line.dropFirst(6)) : "the server said `\(line)`"))
        }
        self.process = process
        listening = String(line.dropFirst("listening ".count))
        let channel = Channel(pair[0])
        let last = state.withLock { state -> (Drawn, Int)? in
            state.channel = channel
            state.stopped = false
            return state.drawn.map { ($0, state.revision) }
        }
        // A reader opening the page now gets the last page drawn, sent again.
        if let (drawn, revision) = last { drawing.async { Self.send(drawn, revision: revision, on: channel) } }
        return .success(listening!)
    }

    public func stop() {
        // The end of its input stops the server; it has a moment to close its connections.
        let channel = state.withLock { state -> Channel? in
            defer {
                state.channel = nil
                state.stopped = true
            }
            return state.channel
        }
        channel?.close()
        if let process, process.isRunning {
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            // Even a server that was stopped (SIGSTOP) or hangs.
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        process = nil
        listening = nil
    }

    public func show(_ snapshot: LiveSnapshot) {
        let start = state.withLock { state -> Bool in
            state.pending = snapshot
            guard !state.drawing else { return false }
            state.drawing = true
            return true
        }
        if start { drawing.async { self.drawPending() } }
    }

    /// Draws what is pending until nothing is; a drawing overtaken by a newer
    /// snapshot stops (its power tables are asked to) and is not shown.
    private func drawPending() {
        while true {
            let next = state.withLock { state -> (LiveSnapshot, Drawn?, [String])? in
                guard let pending = state.pending else {
                    state.drawing = false
                    return nil
                }
                state.pending = nil
                // Kept until a page is drawn: a drawing overtaken leaves what its entry was.
                if let caption = pending.caption { state.captions.append(caption) }
                return (pending, state.drawn, state.captions)
            }
            guard let (snapshot, previous, captions) = next else { return }
            // A newer snapshot, or `:serve stop`, abandons the drawing; so does
            // a model whose checks Ctrl-C stopped: the page does not compute
            // the power the person at the keyboard chose to stop (what the
            // session's memory holds is still shown).
            let abandoned: @Sendable () -> Bool = { self.state.withLock { $0.pending != nil || $0.stopped } }
            let stoppedByHand = snapshot.checksInterrupted
            let isInterrupted: @Sendable () -> Bool = { stoppedByHand || abandoned() }
            guard let drawn = draw(snapshot, after: previous, captions: captions, isInterrupted: isInterrupted),
                  !abandoned() else { continue }
            // Sent from this queue: a server slow to read holds up drawing, never the REPL.
            let (revision, channel) = state.withLock { state -> (Int, Channel?) in
                state.revision += 1
                state.drawn = drawn
                state.captions = []
                return (state.revision, state.channel)
            }
            if let channel { Self.send(drawn, revision: revision, on: channel) }
        }
    }

    /// The page of `snapshot`, compared with the page before it (or, in a
    /// what-if, with the model before the what-if); nil when overtaken.
    func draw(_ snapshot: LiveSnapshot, after previous: Drawn?, captions: [String],
              isInterrupted: @escaping @Sendable () -> Bool) -> Drawn? {
        let configuration = snapshot.configuration
        func power(_ model: Model) -> PowerReport {
            PowerReport(model: model, workLimit: configuration.powerWorkLimit, stepLimit: configuration.limits.evaluationSteps,
                        isInterrupted: isInterrupted, powerMemory: snapshot.powerMemory)
        }
        let program = snapshot.program
        let report = power(program.model)
        let figures = report.banzhafFigures()
        var changes: LivePage.Changes?
        if let base = snapshot.whatIfBase {
            changes = LivePage.Changes(findingsBefore: base.diagnostics, findingsNow: program.diagnostics,
                                       powerBefore: power(base.model).banzhafFigures(), powerNow: figures, sinceWhatIf: true)
        } else if let previous {
            changes = LivePage.Changes(findingsBefore: previous.findings, findingsNow: program.diagnostics,
                                       powerBefore: previous.figures, powerNow: figures, sinceWhatIf: false)
        }
        // Interrupted for Ctrl-C, the page is drawn with what could be had; overtaken, not at all.
        guard snapshot.checksInterrupted || !isInterrupted() else { return nil }
        let revision = state.withLock { $0.revision } + 1
        let notice = snapshot.checksInterrupted ? "Ctrl-C stopped the checks, so the findings are incomplete; `:check` runs them again." : nil
        let page = LivePage(program: program, configuration: configuration, power: report, changes: changes,
                            whatIf: snapshot.whatIfBase != nil, revision: revision, captions: captions, notice: notice,
                            generator: generator)
        return Drawn(page: page, content: page.content(), findings: program.diagnostics, figures: figures)
    }

    /// Where the server puts each answer's nonce: `PageServer.nonce`, which
    /// a test holds this to (the two are in two programs). NUL cannot be in
    /// text the page escaped.
    static let nonce = "\u{0}nonce\u{0}"

    /// The page as drawn last, and how many have been.
    var current: Drawn? { state.withLock { $0.drawn } }
    var revision: Int { state.withLock { $0.revision } }

    /// Sends a page to the server: a header line, the page with a placeholder
    /// for its nonce (`PageServer.nonce`), and its content. A send that fails
    /// (the server has gone) is let be: `address` then says it is not serving.
    private static func send(_ drawn: Drawn, revision: Int, on channel: Channel) {
        let document = Array(drawn.page.document(nonce: nonce, content: drawn.content).utf8)
        let content = Array(drawn.content.utf8)
        _ = channel.send(Array("page \(revision) \(document.count) \(content.count)\n".utf8) + document + content)
    }

    /// The first line a process writes, waiting at most `seconds`; nil if none came.
    private static func firstLine(of descriptor: Int32, waiting seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        var bytes: [UInt8] = []
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var byte: UInt8 = 0
            guard Glibc.read(descriptor, &byte, 1) == 1 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    /// A program in the folder of the running executable.
    static func besideThisExecutable(_ name: String) -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path
    }
}
