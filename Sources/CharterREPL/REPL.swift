// `charter repl`: the loop around a session. On a terminal, libedit reads
// lines with editing, history and completion; otherwise lines are read
// plainly from standard input as a script (no banner, prompt or history),
// answers go to standard output and errors, with their line, to standard
// error.

@preconcurrency import Glibc
import Charter
import CharterSession
import Foundation

public enum REPL {
    /// Whether standard input is a terminal, so the REPL is interactive.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// Runs the REPL over `session` until the input ends or `:quit`, after
    /// loading `files` and, with `serving`, starting the live page on that
    /// port (0: a free one); returns the exit status. The page stops with it.
    public static func run(_ session: Session, loading files: [String], version: String, serving: Int? = nil) -> Int32 {
        defer { session.liveView?.stop() }
        // SIGTERM and SIGHUP stop an evaluation as Ctrl-C does, and then the session.
        session.isInterrupted = {
            Signals.interrupt.load(ordering: .relaxed) || Signals.terminate.load(ordering: .relaxed) != 0
        }
        if isInteractive {
            return interactive(session, loading: files, version: version, serving: serving)
        }
        // A script's answers go to standard output; progress, on a terminal, to standard error.
        let display = ProgressDisplay()
        session.progress = display.progress
        if !files.isEmpty {
            let reply = display.during { session.load(files) }
            write(reply.output)
            writeError(reply.errors)
            // Without its files the script would answer about another model.
            if reply.failed { writeError("the script was not run: the files given could not be loaded\n") }
            if reply.couldNotRead { return 2 }
            if reply.failed { return 1 }
        }
        if let port = serving {
            let reply = session.handle(":serve \(port)")
            write(reply.output)
            writeError(reply.errors)
            if reply.failed { return 2 }
        }
        let script = Script(write: write, writeError: writeError, around: { work in display.during(work) })
        return script.run(session) { readRawLine() } ? 0 : 1
    }

    private static func interactive(_ session: Session, loading files: [String], version: String, serving: Int?) -> Int32 {
        Signals.install()
        let environment = ProcessInfo.processInfo.environment
        let history = HistoryFile.location(environment: environment).map { HistoryFile(path: $0, warn: writeError) }
        let reader = LineReader(session: session, history: history)
        let display = ProgressDisplay(hint: "Ctrl-C stops", endsOnInterrupt: false)
        session.progress = display.progress
        write("Charter \(version): type declarations or expressions; `:help` lists the commands.\n")
        if !files.isEmpty {
            let reply = display.during { session.load(files) }
            write(reply.output + reply.errors)
        }
        if let port = serving {
            let reply = session.handle(":serve \(port)")
            write(reply.output + reply.errors)
        }
        var assembler = EntryAssembler()
        var endOfInput = false
        // Ctrl-D with work that would be lost asks once, as psql does for an open transaction.
        var asked = false
        while Signals.terminate.load(ordering: .relaxed) == 0 {
            Signals.interrupt.store(false, ordering: .relaxed)
            let prompt = assembler.isEmpty ? self.prompt(session, color: session.color == .ansi) : continuationPrompt(session)
            guard let line = reader.readLine(prompt: prompt) else {
                // Ctrl-C, or Ctrl-D in an unfinished entry, abandons the entry, never the session.
                if Signals.interrupt.load(ordering: .relaxed) || !assembler.isEmpty {
                    write(assembler.isEmpty || Signals.interrupt.load(ordering: .relaxed) ? "\n" : "\ndropped the unfinished entry\n")
                    assembler.drop()
                    continue
                }
                if !asked, let loss = unsavedWork(session) {
                    write("\n" + loss + "; Ctrl-D again leaves without them\n")
                    asked = true
                    continue
                }
                endOfInput = true
                break
            }
            if !assembler.isEmpty && EntryCompleteness.isMetaCommand(String(decoding: line, as: UTF8.self)) {
                write("dropped the unfinished entry\n")
                assembler.drop()
            }
            guard let entry = assembler.add(line) else { continue }
            asked = false
            let text = String(decoding: entry, as: UTF8.self)
            reader.remember(text.trimmingCharacters(in: .whitespacesAndNewlines))
            session.width = terminalColumns ?? PowerReport.plainWidth
            let reply = display.during { session.handle(bytes: entry) }
            // The terminal echoed a Ctrl-C pressed during the evaluation as `^C`: the answer starts below it.
            let echoed = Signals.interrupt.load(ordering: .relaxed) ? "\n" : ""
            write(echoed + reply.output + reply.errors)
            if reply.quit { break }
        }
        // The line the session ended on (Ctrl-D, a signal) is ended too (trap 8).
        if endOfInput || Signals.terminate.load(ordering: .relaxed) != 0 { write("\n") }
        if session.isInWhatIf { write("the open what-if was dropped with the session\n") }
        LineReader.current = nil
        let signal = Signals.terminate.load(ordering: .relaxed)
        return signal != 0 ? 128 + signal : 0
    }

    /// What leaving now would lose, if anything.
    static func unsavedWork(_ session: Session) -> String? {
        if session.whatIfHasChanges { return "the what-if has changes: `:keep` keeps them, `:drop` abandons them" }
        if session.hasUnsavedChanges { return "the model has changes that are not saved: `:save FILE` keeps them" }
        return nil
    }

    /// A line of standard input as bytes, without its line break (LF or
    /// CRLF), so that bytes that are not UTF-8 reach the lexer as they are.
    private static func readRawLine() -> [UInt8]? {
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        let count = getline(&buffer, &capacity, stdin)
        defer { free(buffer) }
        guard count >= 0, let buffer else { return nil }
        var bytes = Array(UnsafeRawBufferPointer(start: buffer, count: count))
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return bytes
    }

    /// `charter> `, or `charter (what-if)> ` in a branch. Escape codes are
    /// wrapped in \u{1} … \u{2} so libedit does not count them as columns,
    /// and the prompt does not end with one (trap 9).
    static func prompt(_ session: Session, color: Bool) -> String {
        let name = session.isInWhatIf ? "charter (what-if)" : "charter"
        guard color else { return name + "> " }
        let paint = session.isInWhatIf ? "\u{1B}[1;33m" : "\u{1B}[1;36m"
        return "\u{1}\(paint)\u{2}\(name)\u{1}\u{1B}[0m\u{2}> "
    }

    /// As wide as the prompt, so continued lines line up.
    static func continuationPrompt(_ session: Session) -> String {
        let width = session.isInWhatIf ? "charter (what-if)".count : "charter".count
        return String(repeating: " ", count: width - 3) + "...> "
    }

    /// The columns of the terminal standard output is, if it is one.
    public static var terminalColumns: Int? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    static func write(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func writeError(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
