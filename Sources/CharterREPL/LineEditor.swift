// The REPL's connection to libedit, through its readline-compatible API.
// This target is the only one that links libedit (the CEditLine system
// library), so the rest of Charter builds and runs without a terminal
// library. ../shared/design/LIBEDIT.md lists the traps this code avoids;
// the comments below name them where they matter.

@preconcurrency import CEditLine
@preconcurrency import Glibc
import CharterSession
import Synchronization

/// Facts about the line-editing library Charter is linked with.
public enum LineEditor {
    /// Which line editor is linked and the readline API version it offers,
    /// as shown by `charter --version` so that bug reports about line editing
    /// say which library was in use.
    public static var libraryVersion: String {
        "libedit, readline API \(rl_readline_version >> 8).\(rl_readline_version & 0xFF)"
    }
}

/// Signals the REPL turns into flags: set by the handlers (an atomic store
/// is safe in a signal handler) and read by the loop and by evaluation.
enum Signals {
    static let interrupt = Atomic<Bool>(false)
    static let resize = Atomic<Bool>(false)
    /// Whether the main thread is inside `readline`, waiting for keys.
    static let reading = Atomic<Bool>(false)
    static let terminate = Atomic<Int32>(0)

    /// SIGINT and the ends (SIGTERM, SIGHUP) interrupt `readline` — no
    /// SA_RESTART — so it returns and the loop sees why; libedit's own
    /// handlers are off (`rl_catch_signals = 0`), since they re-raise SIGINT
    /// to the process group and the default action kills the REPL before it
    /// can restore the terminal and save the history. SIGWINCH restarts the
    /// read (an interrupted read would lose the line typed so far); while
    /// `readline` waits for keys the handler tells libedit the new size at
    /// once, as libedit's own handler does, and otherwise the next prompt does.
    static func install() {
        // A parent may have started the REPL with these blocked (the mask is
        // inherited), which would leave Ctrl-C dead.
        var handled = sigset_t()
        sigemptyset(&handled)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&handled, signal) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        handle(SIGINT, restart: false) { _ in Signals.interrupt.store(true, ordering: .relaxed) }
        handle(SIGTERM, restart: false) { signal in Signals.terminate.store(signal, ordering: .relaxed) }
        handle(SIGHUP, restart: false) { signal in Signals.terminate.store(signal, ordering: .relaxed) }
        handle(SIGWINCH, restart: true) { _ in
            if Signals.reading.load(ordering: .relaxed) {
                rl_resize_terminal()
            } else {
                Signals.resize.store(true, ordering: .relaxed)
            }
        }
    }

    private static func handle(_ signal: Int32, restart: Bool, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = restart ? SA_RESTART : 0
        sigaction(signal, &action, nil)
    }
}

/// Line editing, history and completion for one interactive session.
final class LineReader {
    private let history: HistoryFile?
    private var lastEntry: String?

    /// The session completion asks; libedit's callback is a C function and
    /// cannot capture it, so it is reached through `LineReader.current`.
    let session: Session

    /// Only one line reader exists at a time, on the main thread, and libedit
    /// calls the completion callback on that thread from inside `readline`;
    /// so this global is never touched concurrently.
    nonisolated(unsafe) static var current: LineReader?

    init(session: Session, history: HistoryFile?) {
        self.session = session
        self.history = history
        // Trap 1: without a UTF-8 locale, libedit drops every non-ASCII
        // byte; Charter is UTF-8 whatever the environment says.
        setlocale(LC_CTYPE, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        // Trap 2: these are read when the library starts, on the first
        // readline or history call, so they come first. ~/.editrc is read
        // then too, under the name `charter`.
        rl_readline_name = UnsafePointer(strdup("charter"))
        rl_catch_signals = 0
        rl_basic_word_break_characters = UnsafePointer(strdup(Session.wordBreakCharacters))
        rl_attempted_completion_function = complete
        LineReader.current = self
        if let history {
            stifle_history(Int32(HistoryFile.maximumEntries))
            history.load()
            if history_length > 0, let entry = history_get(history_base + history_length - 1) {
                lastEntry = String(cString: entry.pointee.line)
            }
        }
    }

    /// Reads a line with the prompt, as bytes; nil at the end of input or on
    /// an interrupt (the caller tells them apart by `Signals.interrupt`).
    func readLine(prompt: String) -> [UInt8]? {
        if Signals.resize.exchange(false, ordering: .relaxed) { rl_resize_terminal() }
        Signals.reading.store(true, ordering: .relaxed)
        let read = readline(prompt)
        Signals.reading.store(false, ordering: .relaxed)
        guard let line = read else { return nil }
        defer { free(line) }
        return Array(UnsafeRawBufferPointer(start: line, count: strlen(line)))
    }

    /// Adds an entry — a whole multi-line block is one — unless it repeats
    /// the one before (trap 4: libedit keeps consecutive duplicates), and
    /// saves the history.
    func remember(_ entry: String) {
        guard entry != lastEntry, !entry.allSatisfy(\.isWhitespace) else { return }
        lastEntry = entry
        add_history(entry)
        history?.save()
    }
}

/// The completion callback: matches in readline's convention, an array
/// whose first element is what replaces the word (the candidates' common
/// prefix) followed by the candidates and a NULL.
private func complete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    // Trap 6: without this libedit falls back to completing file names.
    rl_attempted_completion_over = 1
    guard let reader = LineReader.current, let text else { return nil }
    let word = String(cString: text)
    let before = rl_line_buffer.map { buffer in
        String(decoding: UnsafeRawBufferPointer(start: buffer, count: Int(start)), as: UTF8.self)
    } ?? ""
    let completion = reader.session.completions(of: word, after: before)
    guard !completion.candidates.isEmpty else { return nil }
    rl_completion_append_character = completion.appendsSpace && completion.candidates.count == 1 ? 0x20 : 0
    // libedit reads three elements even for one match, and takes the first
    // two being equal as the exact match that gets the appended character.
    let strings = completion.candidates.count == 1 ? [completion.candidates[0], completion.candidates[0]]
        : [commonPrefix(completion.candidates)] + completion.candidates
    // libedit frees the array and its strings with free(), so malloc them.
    guard let memory = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (strings.count + 1)) else { return nil }
    let matches = memory.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: strings.count + 1)
    for (index, string) in strings.enumerated() { matches[index] = strdup(string) }
    matches[strings.count] = nil
    return matches
}

private func commonPrefix(_ strings: [String]) -> String {
    guard var prefix = strings.first else { return "" }
    for string in strings.dropFirst() {
        while !string.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
}
