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
    /// Whether standard input and output are a terminal, so the REPL is interactive.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Runs the REPL over `session` until the input ends or `:quit`, after
    /// loading `files`; returns the exit status.
    public static func run(_ session: Session, loading files: [String], version: String) -> Int32 {
        session.isInterrupted = { Signals.interrupt.load(ordering: .relaxed) }
        if isInteractive {
            return interactive(session, loading: files, version: version)
        }
        var failed = false
        if !files.isEmpty {
            let reply = session.load(files)
            write(reply.output)
            if !reply.errors.isEmpty { writeError(reply.errors) }
            failed = reply.failed
        }
        let script = Script(write: write, writeError: writeError)
        let succeeded = script.run(session) { Swift.readLine(strippingNewline: true) }
        return failed || !succeeded ? 1 : 0
    }

    private static func interactive(_ session: Session, loading files: [String], version: String) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let history = HistoryFile.location(environment: environment).map { HistoryFile(path: $0, warn: writeError) }
        let reader = LineReader(session: session, history: history)
        write("Charter \(version). Type Charter declarations or expressions; `:help` lists the commands, Ctrl-D leaves.\n")
        if !files.isEmpty {
            let reply = session.load(files)
            write(reply.output + reply.errors)
        }
        var pending: [String] = []
        while true {
            Signals.interrupt.store(false, ordering: .relaxed)
            let prompt = pending.isEmpty ? self.prompt(session, color: session.color == .ansi) : continuationPrompt(session)
            guard let line = reader.readLine(prompt: prompt) else {
                if Signals.terminate.load(ordering: .relaxed) != 0 { break }
                if Signals.interrupt.load(ordering: .relaxed) {
                    // Ctrl-C abandons what is being typed, never the session.
                    write("\n")
                    pending = []
                    continue
                }
                // Ctrl-D: end the line it was typed on (trap 8) and leave.
                write("\n")
                break
            }
            pending.append(line)
            let entry = pending.joined(separator: "\n")
            let ended = (line.allSatisfy(\.isWhitespace) && pending.count > 1) || !EntryCompleteness.needsMore(entry)
            guard ended else { continue }
            pending = []
            reader.remember(entry.trimmingCharacters(in: .whitespacesAndNewlines))
            let reply = session.handle(entry)
            write(reply.output + reply.errors)
            if reply.quit || Signals.terminate.load(ordering: .relaxed) != 0 { break }
        }
        LineReader.current = nil
        let signal = Signals.terminate.load(ordering: .relaxed)
        return signal != 0 ? 128 + signal : 0
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

    static func write(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func writeError(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
