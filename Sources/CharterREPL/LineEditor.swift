// The REPL's connection to libedit, through its readline-compatible API.
// This target is the only one that links libedit (the CEditLine system
// library), so the rest of Charter builds and runs without a terminal
// library. ../shared/design/LIBEDIT.md lists the traps this code avoids;
// the comments below name them where they matter.

@preconcurrency import CEditLine
@preconcurrency import Glibc
import CharterSession
import Charter
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
/// and a write to a pipe are safe in a signal handler) and acted on by the
/// main thread, in the loop, in evaluation, or in `LineReader`'s wait for
/// keys — never inside a handler, where libedit must not be called.
enum Signals {
    static let interrupt = Atomic<Bool>(false)
    static let resize = Atomic<Bool>(false)
    /// Ctrl-Z while libedit edits a line: the terminal is to be restored
    /// before the REPL stops, and the line drawn again when it goes on.
    static let suspend = Atomic<Bool>(false)
    /// Whether the main thread is inside `readline`, waiting for keys.
    static let reading = Atomic<Bool>(false)
    static let terminate = Atomic<Int32>(0)

    /// A pipe each handler writes a byte to, so that the wait for keys wakes
    /// whichever thread the kernel gave the signal to (the self-pipe trick).
    nonisolated(unsafe) static var wakeReader: Int32 = -1
    nonisolated(unsafe) static var wakeWriter: Int32 = -1

    /// SIGINT and the ends (SIGTERM, SIGHUP, and SIGQUIT, whose default
    /// would bring up Swift's crash reporter) set flags and wake the wait for
    /// keys, which then ends `readline`, so the loop sees why; libedit's own
    /// handlers are off (`rl_catch_signals = 0`), since they re-raise SIGINT
    /// to the process group and the default action kills the REPL before it
    /// can restore the terminal and save the history. SIGWINCH and SIGTSTP
    /// while a line is edited are handled by the wait for keys; SIGTSTP at
    /// any other time (the terminal is then as the shell left it) stops at once.
    static func install() {
        // Swift initialises globals on first use, which a signal handler
        // must never be: they are all touched here, before any handler is set.
        _ = interrupt.load(ordering: .relaxed)
        _ = resize.load(ordering: .relaxed)
        _ = suspend.load(ordering: .relaxed)
        _ = reading.load(ordering: .relaxed)
        _ = terminate.load(ordering: .relaxed)
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
            wakeReader = ends[0]
            wakeWriter = ends[1]
        }
        // A parent may have started the REPL with these blocked (the mask is
        // inherited), which would leave Ctrl-C dead.
        var handled = sigset_t()
        sigemptyset(&handled)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&handled, signal) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        handle(SIGINT) { _ in
            Signals.interrupt.store(true, ordering: .relaxed)
            Signals.wake()
        }
        for end in [SIGTERM, SIGHUP, SIGQUIT] {
            handle(end) { signal in
                Signals.terminate.store(signal, ordering: .relaxed)
                Signals.wake()
            }
        }
        handle(SIGWINCH) { _ in
            Signals.resize.store(true, ordering: .relaxed)
            Signals.wake()
        }
        handle(SIGTSTP) { _ in
            if Signals.reading.load(ordering: .relaxed) {
                Signals.suspend.store(true, ordering: .relaxed)
                Signals.wake()
            } else {
                let saved = errno
                Signals.stopNow(unblocking: true)
                errno = saved
            }
        }
    }

    /// Writes the wake-up byte, keeping `errno` as the interrupted code had it.
    private static func wake() {
        let saved = errno
        var byte: UInt8 = 0
        _ = write(wakeWriter, &byte, 1)
        errno = saved
    }

    /// Stops the process as SIGTSTP's default action does, and returns when
    /// it is continued (`fg`). Only async-signal-safe calls: it also runs in
    /// the handler, where SIGTSTP is blocked until it is unblocked here.
    static func stopNow(unblocking: Bool) {
        var previous = sigaction()
        var standard = sigaction()
        standard.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&standard.sa_mask)
        sigaction(SIGTSTP, &standard, &previous)
        if unblocking {
            var stop = sigset_t()
            sigemptyset(&stop)
            sigaddset(&stop, SIGTSTP)
            pthread_sigmask(SIG_UNBLOCK, &stop, nil)
        }
        raise(SIGTSTP)
        sigaction(SIGTSTP, &previous, nil)
    }

    /// Empties the wake-up pipe.
    static func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeReader, &buffer, buffer.count) > 0 {}
    }

    /// Every handler restarts what it interrupts (a write of an answer, a
    /// read of a file); the wait for keys is a `poll`, which a signal always
    /// ends, restarting or not.
    private static func handle(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
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
        // Keys come through `readKey`, which waits for a key or a signal.
        rl_getc_function = readKey
        LineReader.current = self
        // Started now rather than by the first `readline`, so that the
        // redraw command can be bound (libedit binds only once started).
        rl_initialize()
        rl_add_defun("charter-redraw", redraw, LineReader.redrawKey)
        // Alt- and Ctrl-arrows move by words, as in a shell; libedit knows
        // only Alt-b and Alt-f, and would type the arrow's last letter.
        for (keys, command) in [("^[[1;3D", "ed-prev-word"), ("^[[1;5D", "ed-prev-word"),
                                ("^[[1;3C", "em-next-word"), ("^[[1;5C", "em-next-word")] {
            rl_parse_and_bind("bind \(keys) \(command)")
        }
        if let history {
            stifle_history(Int32(HistoryFile.maximumEntries))
            history.load()
            if history_length > 0, let entry = history_get(history_base + history_length - 1) {
                lastEntry = String(cString: entry.pointee.line)
            }
        }
    }

    /// The prompt being shown, to draw the line again.
    private var prompt = ""

    /// Reads a line with the prompt, as bytes; nil at the end of input or on
    /// an interrupt (the caller tells them apart by `Signals.interrupt`).
    func readLine(prompt: String) -> [UInt8]? {
        self.prompt = prompt
        if Signals.resize.exchange(false, ordering: .relaxed) { rl_resize_terminal() }
        // A Ctrl-Z that came as the last line ended: the terminal is the shell's now.
        if Signals.suspend.exchange(false, ordering: .relaxed) { Signals.stopNow(unblocking: false) }
        Signals.reading.store(true, ordering: .relaxed)
        let read = readline(prompt)
        Signals.reading.store(false, ordering: .relaxed)
        guard let line = read else { return nil }
        defer { free(line) }
        return Self.withoutContinuations(Array(UnsafeRawBufferPointer(start: line, count: strlen(line))))
    }

    /// The next key for libedit, as a Unicode scalar: waits for a key or a
    /// signal, and acts on the signals here, on the main thread between two
    /// of libedit's commands, where libedit may be called. -1 ends
    /// `readline` with nothing read: the end of input, an interrupt, an end.
    fileprivate func nextKey() -> Int32 {
        // A byte read past a broken UTF-8 sequence is the next key's start.
        if pushedBack != nil { return readScalar() }
        while true {
            Signals.drain()
            if Signals.interrupt.load(ordering: .relaxed) || Signals.terminate.load(ordering: .relaxed) != 0 { return -1 }
            if Signals.suspend.exchange(false, ordering: .relaxed) { suspend() }
            if Signals.resize.exchange(false, ordering: .relaxed) {
                rl_resize_terminal()
                return Self.redrawKey
            }
            var waits = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                         pollfd(fd: Signals.wakeReader, events: Int16(POLLIN), revents: 0)]
            guard poll(&waits, Signals.wakeReader >= 0 ? 2 : 1, -1) > 0 else { continue }
            // A signal is acted on before the keys that came after it; a
            // wake-up pipe gone bad is left out rather than polled in a loop.
            if waits[1].revents & Int16(POLLIN) != 0 { continue }
            if waits[1].revents != 0 { Signals.wakeReader = -1 }
            if waits[0].revents & Int16(POLLIN) != 0 { return readScalar() }
            // The terminal hung up or went away: the end of input.
            if waits[0].revents != 0 { return -1 }
        }
    }

    /// A byte read after a sequence that was not UTF-8, which starts the next key.
    private var pushedBack: UInt8?

    /// How long the rest of a UTF-8 character may take to come: a terminal
    /// sends it at once, and one that sends Latin-1 sends no more.
    static let continuationWait: Int32 = 50

    /// One UTF-8 character from the terminal; a sequence that is not UTF-8
    /// is one U+FFFD, and never keeps the REPL waiting for bytes that do not come.
    private func readScalar() -> Int32 {
        func byte(waiting milliseconds: Int32) -> UInt8? {
            if milliseconds >= 0 {
                var ready = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                guard poll(&ready, 1, milliseconds) > 0 else { return nil }
            }
            var value: UInt8 = 0
            while true {
                let count = read(STDIN_FILENO, &value, 1)
                if count == 1 { return value }
                if count < 0 && errno == EINTR { continue }
                return nil
            }
        }
        guard let lead = pushedBack ?? byte(waiting: -1) else { return -1 }
        pushedBack = nil
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0 else { return 0xFFFD }
        var bytes = [lead]
        while bytes.count < length {
            guard let next = byte(waiting: Self.continuationWait) else { return 0xFFFD }
            guard next & 0xC0 == 0x80 else {
                pushedBack = next
                return 0xFFFD
            }
            bytes.append(next)
        }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator), bytes.count == length {
            return Int32(scalar.value)
        }
        return 0xFFFD
    }

    /// Ctrl-Z while a line is edited: the terminal is given back as the
    /// shell expects it (`^Z` echoed as the terminal would), the REPL stops,
    /// and once continued it takes the terminal again and draws the prompt
    /// and the half-typed line afresh, on the line the shell left the cursor on.
    private func suspend() {
        rl_deprep_terminal()
        REPL.write("^Z")
        Signals.stopNow(unblocking: false)
        rl_prep_terminal(0)
        rl_resize_terminal()
        rl_forced_update_display()
    }

    /// After the window's size changed: the cursor goes back to where the
    /// prompt now starts — terminals reflow a wrapped line to the new
    /// width, so that is counted in the new width — what is below is
    /// cleared, and libedit draws the prompt and the line again, so the
    /// screen holds one copy of the line being edited. Called by libedit as
    /// the command of `LineReader.redrawKey`, when it has told where the cursor is.
    fileprivate func redrawAfterResize() {
        var rows: Int32 = 0
        var columns: Int32 = 0
        rl_get_screen_size(&rows, &columns)
        let before = rl_line_buffer.map { buffer in
            String(decoding: UnsafeRawBufferPointer(start: buffer, count: Int(max(rl_point, 0))), as: UTF8.self)
        } ?? ""
        let row = Self.cursorRow(of: Self.visible(prompt) + before, columns: Int(columns))
        REPL.write("\r" + (row > 0 ? "\u{1B}[\(row)A" : "") + "\u{1B}[J")
        rl_forced_update_display()
    }

    /// The row, counted from the prompt's, on which libedit leaves the cursor
    /// after drawing `text` `columns` wide: a control character takes two
    /// columns (`^A`), a tab runs to the next multiple of 8, a wide character
    /// that does not fit at a line's end starts the next, and a full line
    /// moves the cursor to the next.
    static func cursorRow(of text: String, columns: Int) -> Int {
        guard columns > 1 else { return 0 }
        var row = 0
        var column = 0
        for scalar in text.unicodeScalars {
            let width = scalar == "\t" ? 8 - column % 8
                : scalar.value < 0x20 || scalar.value == 0x7F ? 2 : TextWidth.columns(of: scalar)
            if column + width > columns {
                row += 1
                column = 0
            }
            column += width
            if column >= columns {
                row += 1
                column = 0
            }
        }
        return row
    }

    /// The key `nextKey` gives libedit after a resize, bound to the redraw:
    /// libedit's readline API tells where the cursor is (`rl_point`) only to
    /// a command bound to a key. Ctrl-^, which libedit leaves unbound (a
    /// person pressing it gets a redraw); a key above 0x7F cannot be bound
    /// through that API.
    static let redrawKey: Int32 = 0x1E

    /// The prompt as the terminal shows it, without the escape codes that
    /// \u{1} … \u{2} enclose.
    static func visible(_ prompt: String) -> String {
        var shown = ""
        var hidden = false
        for scalar in prompt.unicodeScalars {
            if scalar == "\u{1}" {
                hidden = true
            } else if scalar == "\u{2}" {
                hidden = false
            } else if !hidden {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// Adds an entry — a whole multi-line block is one — unless it repeats
    /// the one before (trap 4: libedit keeps consecutive duplicates), and
    /// saves the history.
    func remember(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        let kept = entry.replacing("\n", with: "\n" + Self.continuation)
        guard kept != lastEntry else { return }
        lastEntry = kept
        add_history(kept)
        history?.save(adding: kept)
    }

    /// A multi-line entry is kept in the history with its continuation
    /// prompts, so that Up draws it as it was typed (libedit draws a line
    /// break in the line as a bare one); `readLine` takes them out again.
    static let continuation = "    ...> "

    /// A line as read, without the continuation prompts of a recalled entry.
    static func withoutContinuations(_ line: [UInt8]) -> [UInt8] {
        guard line.contains(UInt8(ascii: "\n")) else { return line }
        return Array(String(decoding: line, as: UTF8.self).replacing(#/\n *\.\.\.> /#, with: "\n").utf8)
    }
}

/// libedit's key reader (`rl_getc_function`), which C calls without context.
private func readKey(_ stream: UnsafeMutablePointer<FILE>?) -> Int32 {
    LineReader.current?.nextKey() ?? -1
}

/// The command bound to `LineReader.redrawKey`.
private func redraw(_ count: Int32, _ key: Int32) -> Int32 {
    LineReader.current?.redrawAfterResize()
    return 0
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
    // libedit counts `start` in characters (its wide ones), not bytes.
    let before = rl_line_buffer.map { buffer in
        String(String(cString: buffer).unicodeScalars.prefix(Int(max(start, 0))))
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
