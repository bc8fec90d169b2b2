// The real `charter repl`, driven through a pseudo-terminal as a person at a
// keyboard drives it (line editing, completion, history, Ctrl-C, Ctrl-D),
// and through a pipe as a script. Assertions are on the text the terminal
// shows, with libedit's escape codes taken out, and on the files written.

import Charter
@testable import CharterREPL
import Foundation
import Glibc
import Testing

/// A child process on a pseudo-terminal of its own (`forkpty`), so that
/// writing `\u{3}` delivers SIGINT as a keyboard does.
final class PseudoTerminal {
    private let master: Int32
    private let pid: pid_t
    private var bytes: [UInt8] = []
    private var status: Int32?

    /// Runs `charter` with `arguments`, or `program` (a shell, say) when given.
    init(arguments: [String], environment: [String: String], directory: String, program: String? = nil,
         columns: UInt16 = 120) throws {
        // Everything the child needs is made before the fork: after it, the
        // child may only call what is safe in a forked copy of a threaded process.
        let executable = program ?? Repository.charterExecutable.path
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let workingDirectory = strdup(directory)
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
            free(workingDirectory)
        }
        var size = winsize(ws_row: 30, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var descriptor: Int32 = -1
        let child = argv.withUnsafeBufferPointer { argvBuffer in
            envp.withUnsafeBufferPointer { envpBuffer in
                let child = forkpty(&descriptor, nil, nil, &size)
                if child == 0 {
                    // The test's thread may block signals, and a mask outlives
                    // exec: the program gets the mask a terminal's programs have.
                    var none = sigset_t()
                    sigemptyset(&none)
                    sigprocmask(SIG_SETMASK, &none, nil)
                    if let workingDirectory { chdir(workingDirectory) }
                    if let path = argvBuffer[0], let arguments = argvBuffer.baseAddress, let variables = envpBuffer.baseAddress {
                        execve(path, arguments, variables)
                    }
                    _exit(127)
                }
                return child
            }
        }
        guard child > 0 else { throw POSIXError(.ECHILD) }
        master = descriptor
        pid = child
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var ignored: Int32 = 0
            waitpid(pid, &ignored, 0)
        }
        close(master)
    }

    /// Types text, as keys.
    func type(_ text: String) { type(bytes: Array(text.utf8)) }

    /// Sends bytes as a terminal would, UTF-8 or not.
    func type(bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    func signal(_ signal: Int32) { kill(pid, signal) }

    /// Resizes the terminal, as a window manager does; the kernel sends SIGWINCH.
    func resize(rows: UInt16, columns: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Whether the terminal is in line mode with echo, as a shell expects it
    /// (and as the REPL leaves it while it evaluates an entry).
    var isCanonical: Bool {
        guard let flags = localFlags else { return false }
        return flags & tcflag_t(ICANON) != 0 && flags & tcflag_t(ECHO) != 0
    }

    /// Whether libedit has the terminal in its editing mode, reading keys one by one.
    var isEditing: Bool {
        guard let flags = localFlags else { return false }
        return flags & tcflag_t(ICANON) == 0
    }

    private var localFlags: tcflag_t? {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return nil }
        return settings.c_lflag
    }

    /// What the terminal has shown, without escape codes and carriage returns.
    var screen: String {
        let text = String(decoding: bytes, as: UTF8.self)
            .replacing(/\u{1B}\[[0-9;?]*[A-Za-z]/, with: "")
            .replacing(/\u{1B}[()][A-Z0-9]/, with: "")
        // By scalars: "\r\n" is one Character, which a filter of "\r" keeps.
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" && $0 != "\u{7}" }))
    }

    /// How long a wait may last before the test calls the REPL hung: a hang
    /// guard, generous so that a slow or busy machine is slower, never red.
    static let hangGuard: Double = 120

    /// Waits until the screen shows `text` `count` times; false (and an
    /// issue) if it never does.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1) -> Bool {
        waitUntil("the terminal to show \(text) (\(count) times)") { $0.screen.components(separatedBy: text).count - 1 >= count }
    }

    /// Reads what the REPL writes until `condition` holds; false (and an
    /// issue naming `what`) if it never does, or if the terminal closes first
    /// (unless `pastClosing`: the REPL's end is awaited after its terminal closed).
    @discardableResult
    func waitUntil(_ what: String, pastClosing: Bool = false, _ condition: (PseudoTerminal) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(Self.hangGuard)
        var open = true
        while !condition(self) {
            guard Date() < deadline, open || pastClosing else {
                Issue.record("waited in vain for \(what); the terminal shows:\n\(screen)")
                return false
            }
            if open { open = readAvailable(waitingUpTo: 20) } else { poll(nil, 0, 20) }
        }
        return true
    }

    /// Waits for a fresh prompt (the next `charter> ` or `...> ` after the
    /// ones seen so far) and for libedit to have the terminal in its editing
    /// mode: keys typed before that would be echoed by the terminal itself.
    @discardableResult
    func waitForPrompt(_ prompt: String = "charter> ") -> Bool {
        let seen = promptsSeen[prompt, default: 0] + 1
        promptsSeen[prompt] = seen
        return waitFor(prompt, count: seen) && waitUntil("libedit to take the keys") { $0.isEditing }
    }

    private var promptsSeen: [String: Int] = [:]

    /// Reads what the child wrote so far, waiting a moment for it.
    func drain() { _ = readAvailable(waitingUpTo: 20) }

    /// Reads what the child wrote; false when the terminal closed.
    private func readAvailable(waitingUpTo milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { return false }
        bytes += buffer[..<count]
        return true
    }

    /// The exit status, once the child has ended (nil, and an issue, if it never does).
    func exitStatus() -> Int32? {
        var raw: Int32 = 0
        let ended = waitUntil("the REPL to end", pastClosing: true) { terminal in
            waitpid(terminal.pid, &raw, WNOHANG) == terminal.pid
        }
        guard ended else { return nil }
        status = (raw >> 8) & 0xFF
        return status
    }
}

@Suite(.serialized) struct REPLTerminalTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A clean environment, but for a sanitizer's options (scripts/sanitize.sh).
    func environment(history: String) -> [String: String] {
        ["TERM": "xterm", "LANG": "C.UTF-8", "HOME": directory.path, "CHARTER_HISTORY": history, "NO_COLOR": "1",
         "PATH": "/usr/bin:/bin"].merging(ProcessInfo.processInfo.environment.filter { $0.key.hasSuffix("SAN_OPTIONS") }) { $1 }
    }

    @Test("a facilitator loads, completes, recalls, cancels, looks at power, saves and leaves")
    func facilitatorSession() throws {
        let history = directory.appendingPathComponent("state/history").path
        let saved = directory.appendingPathComponent("alliance.charter").path
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: history),
                                          directory: Repository.root.path)
        #expect(terminal.waitForPrompt())
        #expect(terminal.screen.contains("`:help` lists the commands"))

        terminal.type(":load examples/banking.charter\r")
        #expect(terminal.waitFor("loaded `examples/banking.charter`"))
        terminal.waitForPrompt()

        // Tab completes a member's name.
        terminal.type(":show lindenb\t")
        #expect(terminal.waitFor("lindenbank"))
        terminal.type("\r")
        #expect(terminal.waitFor("member lindenbank \"Lindenbank, Netherlands\" {"))
        terminal.waitForPrompt()

        // Up recalls it.
        terminal.type("\u{1B}[A")
        #expect(terminal.waitFor(":show lindenbank", count: 2))
        terminal.type("\r")
        #expect(terminal.waitFor("member lindenbank \"Lindenbank, Netherlands\" {", count: 2))
        terminal.waitForPrompt()

        // Ctrl-C abandons a half-typed block and keeps the model.
        terminal.type("member ghost {\r")
        terminal.waitForPrompt("...> ")
        terminal.type("kind ngo")
        #expect(terminal.waitFor("kind ngo"))
        terminal.type("\u{3}")
        terminal.waitForPrompt()
        terminal.type(":list members\r")
        #expect(terminal.waitFor("9 members: "))
        #expect(!terminal.screen.contains("ghost,"))
        terminal.waitForPrompt()

        // A block over two lines is one entry, and Up recalls all of it.
        terminal.type("bloc pair = lindenbank,\r")
        terminal.waitForPrompt("...> ")
        terminal.type("bancosur\r")
        #expect(terminal.waitFor("added bloc `pair`"))
        terminal.waitForPrompt()
        terminal.type("\u{1B}[A")
        #expect(terminal.waitFor("bancosur", count: 2))
        #expect(terminal.waitFor("...> bancosur", count: 2), "recalled with its prompts")
        terminal.type("\r")
        #expect(terminal.waitFor("replaced bloc `pair`"))
        terminal.waitForPrompt()

        // UTF-8 edits as text: the name is read whole, not as bytes.
        terminal.type("value zorgcoöperatie \"Care, together\"\r")
        #expect(terminal.waitFor("added value `zorgcoöperatie`"))
        terminal.waitForPrompt()

        terminal.type(":power assembly\r")
        #expect(terminal.waitFor("Banzhaf power"))
        #expect(terminal.waitFor("████"))
        terminal.waitForPrompt()

        terminal.type(":save \(saved)\r")
        #expect(terminal.waitFor("saved "))
        terminal.waitForPrompt()

        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)

        let program = Program.load(paths: [saved], reader: DiskReader())
        #expect(!program.hasFindings(atOrAbove: .error), "\(program.diagnostics.map(\.message))")
        #expect(program.model.member(named: "lindenbank") != nil)
        #expect(program.model.values.contains { $0.name == "zorgcoöperatie" })

        let kept = try String(contentsOfFile: history, encoding: .utf8)
        #expect(kept.hasPrefix("_HiStOrY_V2_"))
        #expect(kept.components(separatedBy: ":show\\040lindenbank").count - 1 == 1, "consecutive duplicates are dropped")
        #expect(kept.contains("lindenbank,\\012\\040\\040\\040\\040...>\\040bancosur"), "the block is one entry, with its prompt")
        #expect(!kept.contains("ghost"), "abandoned input is not history")
    }

    @Test("Ctrl-C interrupts a long evaluation and the session goes on")
    func interruptEvaluation() throws {
        // The step limit at its highest and 9^12 steps to take: the evaluation
        // cannot end of itself before Ctrl-C, however fast the machine.
        let settings = directory.appendingPathComponent("charter.toml")
        try "[limits]\nevaluation-steps = 10000000000\n".write(to: settings, atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(arguments: ["repl", "--config", settings.path, "examples/banking.charter"],
                                          environment: environment(history: ""), directory: Repository.root.path)
        #expect(terminal.waitForPrompt())
        terminal.type((1...12).map { "sum m\($0) in members: " }.joined() + "m1.weight\r")
        // libedit gives the terminal back when it hands the line over: the REPL is evaluating.
        #expect(terminal.waitUntil("the REPL to take the entry") { $0.isCanonical })
        terminal.type("\u{3}")
        #expect(terminal.waitFor("error[E610]: evaluation interrupted"))
        // The terminal echoed `^C`; the answer starts on a line of its own.
        #expect(terminal.screen.contains("\nerror[E610]"), "\(terminal.screen)")
        terminal.waitForPrompt()
        terminal.type("count(members)\r")
        #expect(terminal.waitFor("count(members) = 9"))
        terminal.waitForPrompt()
        terminal.type(":quit\r")
        #expect(terminal.exitStatus() == 0)
    }

    @Test("a window resize in the middle of a line keeps the line")
    func resize() throws {
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: ""), directory: directory.path)
        #expect(terminal.waitForPrompt())
        terminal.type("count(mem")
        #expect(terminal.waitFor("count(mem"))
        // The kernel makes SIGWINCH pending before the ioctl returns, so the
        // REPL takes it before the keys typed next.
        terminal.resize(rows: 20, columns: 50)
        terminal.type("bers) + 7\r")
        #expect(terminal.waitFor("count(members) + 7 = 7"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
    }

    @Test("SIGTERM ends the session with the terminal restored")
    func terminate() throws {
        let terminal = try PseudoTerminal(arguments: [], environment: environment(history: ""), directory: directory.path)
        #expect(terminal.waitForPrompt(), "`charter` alone on a terminal opens the REPL")
        terminal.type("count(mem")
        #expect(terminal.waitFor("count(mem"))
        terminal.signal(SIGTERM)
        #expect(terminal.exitStatus() == 128 + SIGTERM)
        #expect(terminal.isCanonical, "the terminal is back in line mode")
    }

    @Test("Ctrl-Z gives the shell its terminal back, and `fg` draws the prompt and the half-typed line again")
    func suspendAndContinue() throws {
        // A job-control shell on the terminal, as a person has: dash on Debian.
        var variables = environment(history: "")
        variables["PS1"] = "shell$ "
        variables["ENV"] = ""
        let shell = try PseudoTerminal(arguments: ["-i"], environment: variables, directory: directory.path, program: "/bin/sh")
        #expect(shell.waitFor("shell$ "))
        shell.type("'\(Repository.charterExecutable.path)' repl\r")
        #expect(shell.waitForPrompt())
        shell.type("count(mem")
        #expect(shell.waitFor("charter> count(mem"))
        shell.type("\u{1A}")
        #expect(shell.waitFor("Stopped"))
        #expect(shell.waitFor("shell$ ", count: 2))
        #expect(shell.waitUntil("the shell to have its terminal in line mode with echo") { $0.isCanonical })
        shell.type("fg\r")
        #expect(shell.waitFor("charter> count(mem", count: 2), "the prompt and the line are drawn again")
        #expect(shell.waitUntil("libedit to take the keys again") { $0.isEditing })
        shell.type("bers) + 7\r")
        #expect(shell.waitFor("count(members) + 7 = 7"))
        shell.waitForPrompt()
        shell.type("\u{4}")
        #expect(shell.waitFor("shell$ ", count: 3))
        shell.type("exit\r")
        #expect(shell.exitStatus() == 0)
    }

    @Test("Ctrl-\\ leaves quietly, with a SIGQUIT's status and the terminal restored")
    func quitKey() throws {
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: ""), directory: directory.path)
        #expect(terminal.waitForPrompt())
        terminal.type("count(mem")
        #expect(terminal.waitFor("count(mem"))
        terminal.type("\u{1C}")
        #expect(terminal.exitStatus() == 128 + SIGQUIT)
        #expect(terminal.isCanonical, "the terminal is back in line mode")
        #expect(!terminal.screen.lowercased().contains("crash"), "no crash report")
    }

    @Test("two sessions sharing a history keep both their entries", arguments: [false, true])
    func sharedHistory(secondLeavesFirst: Bool) throws {
        let history = directory.appendingPathComponent("shared-history").path
        let first = try PseudoTerminal(arguments: ["repl"], environment: environment(history: history), directory: directory.path)
        let second = try PseudoTerminal(arguments: ["repl"], environment: environment(history: history), directory: directory.path)
        #expect(first.waitForPrompt())
        #expect(second.waitForPrompt())
        for round in 1...3 {
            for (terminal, name) in [(first, "a"), (second, "b")] {
                terminal.type("count(members) + \(round)\(name == "a" ? "00" : "")\r")
                #expect(terminal.waitFor("= \(round)\(name == "a" ? "00" : "")\n"))
                terminal.waitForPrompt()
            }
        }
        // Up in a session recalls its own entries, not the other's.
        first.type("\u{1B}[A")
        #expect(first.waitFor("charter> count(members) + 300"))
        first.type("\u{15}")
        for terminal in secondLeavesFirst ? [second, first] : [first, second] {
            terminal.type("\u{4}")
            #expect(terminal.exitStatus() == 0)
        }
        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == ["_HiStOrY_V2_"] + (1...3).flatMap { ["count(members)\\040+\\040\($0)00", "count(members)\\040+\\040\($0)"] })
    }

    @Test("widening or narrowing the window while a wrapped line is edited leaves one copy of it", .requires(.tmux))
    func resizeWrappedLine() throws {
        let tmux = try Tmux(command: "env -i TERM=screen LANG=C.UTF-8 CHARTER_HISTORY= NO_COLOR=1 '\(Repository.charterExecutable.path)' repl",
                            columns: 40, environment: environment(history: ""), directory: directory)
        let entry = "count(members) + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11"
        // Wider with the cursor at the end of the line; narrower with it in
        // the middle, where a 0 is then typed (5 becomes 50).
        for (round, columns) in [UInt16(100), 30].enumerated() {
            #expect(tmux.waitUntil("a prompt") { $0.last == "charter>" })
            tmux.type(entry)
            #expect(tmux.waitUntil("the line typed") { $0.last?.hasSuffix("10 + 11") == true })
            let edited = round == 0 ? entry : entry.replacingOccurrences(of: "+ 5 +", with: "+ 50 +")
            if round == 1 {
                let afterFive = entry.distance(from: entry.range(of: "+ 5")!.upperBound, to: entry.endIndex)
                tmux.keys(Array(repeating: "Left", count: afterFive))
            }
            tmux.resize(columns: columns)
            if round == 1 { tmux.type("0") }
            tmux.keys(["Enter"])
            let answer = edited + (round == 0 ? " = 66" : " = 111")
            #expect(tmux.waitUntil("the answer") { $0.contains(answer) })
            // libedit breaks the lines it draws itself, so the screen is
            // compared without line breaks and spaces.
            let lines = tmux.lines()
            let screen = lines.joined().filter { !$0.isWhitespace }
            let compact = { (text: String) in text.filter { !$0.isWhitespace } }
            #expect(screen.components(separatedBy: "charter>count").count - 1 == round + 1, "one copy of each line: \(lines)")
            #expect(screen.contains(compact("charter> " + edited + answer)), "the line as edited, then its answer: \(lines)")
        }
    }

    @Test("Tab completes a path a name at a time, and lists names rather than whole paths")
    func pathCompletion() throws {
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: ""), directory: Repository.root.path)
        #expect(terminal.waitForPrompt())
        terminal.type(":load exam\t")
        #expect(terminal.waitFor(":load examples/"))
        terminal.type("b\t\t")
        #expect(terminal.waitFor("business-schools.charter"))
        #expect(!terminal.screen.contains("examples/business-schools.charter"), "names, not paths: \(terminal.screen)")
        terminal.type("an\t")
        #expect(terminal.waitFor(":load examples/banking.charter"))
        terminal.type("\r")
        #expect(terminal.waitFor("loaded `examples/banking.charter`"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
    }

    @Test("a byte that is not UTF-8 is one U+FFFD and never swallows the key after it; completion counts characters, not bytes")
    func brokenBytesAndWideText() throws {
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: ""), directory: directory.path)
        #expect(terminal.waitForPrompt())
        // Latin-1's é, then Backspace, which takes the U+FFFD out again.
        terminal.type(bytes: [0xE9, 0x7F])
        terminal.type("1 + 2\r")
        #expect(terminal.waitFor("1 + 2 = 3"))
        terminal.waitForPrompt()
        terminal.type("\"ééé€\" == \"x\" or count(mem\t")
        #expect(terminal.waitFor("count(members"))
        terminal.type(") > 0\r")
        #expect(terminal.waitFor("= false"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
    }

    @Test("the redraw counts rows as libedit lays the line out: controls as two columns, wide characters wrapped whole")
    func redrawRows() {
        #expect(LineReader.cursorRow(of: "charter> 1 + 2", columns: 80) == 0)
        #expect(LineReader.cursorRow(of: String(repeating: "a", count: 80), columns: 80) == 1)
        #expect(LineReader.cursorRow(of: "charter> \"abc" + String(repeating: "\u{1}", count: 30), columns: 40) == 1)
        #expect(LineReader.cursorRow(of: "charter> " + String(repeating: "a", count: 10) + String(repeating: "漢", count: 10), columns: 20) == 2)
        #expect(LineReader.cursorRow(of: "charter> \tx", columns: 20) == 0)
    }

    @Test("the history: an empty file is a first session's, a read-only one is left alone, and a lock held elsewhere never hangs the REPL")
    func historyEdges() throws {
        let history = directory.appendingPathComponent("edges-history").path
        _ = FileManager.default.createFile(atPath: history, contents: Data())
        let lock = open(history + ".lock", O_RDWR | O_CREAT, 0o600)
        defer { close(lock) }
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: history), directory: directory.path)
        #expect(terminal.waitForPrompt())
        #expect(!terminal.screen.contains("warning"), "\(terminal.screen)")
        // Another session holds the lock: the entry is answered and waits for the next save.
        #expect(flock(lock, LOCK_EX) == 0)
        terminal.type("1 + 1\r")
        #expect(terminal.waitFor("1 + 1 = 2"))
        terminal.waitForPrompt()
        flock(lock, LOCK_UN)
        terminal.type("2 + 2\r")
        #expect(terminal.waitFor("2 + 2 = 4"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
        let kept = try String(contentsOfFile: history, encoding: .utf8)
        #expect(kept.contains("1\\040+\\0401") && kept.contains("2\\040+\\0402"), "\(kept)")

        chmod(history, 0o444)
        let again = try PseudoTerminal(arguments: ["repl"], environment: environment(history: history), directory: directory.path)
        #expect(again.waitForPrompt())
        again.type("3 + 3\r")
        #expect(again.waitFor("cannot be written"))
        again.waitForPrompt()
        again.type("\u{4}")
        #expect(again.exitStatus() == 0)
        #expect(try String(contentsOfFile: history, encoding: .utf8) == kept, "a read-only history is left as it is")
    }

    @Test("Alt- and Ctrl-arrows move by words, and type nothing")
    func wordArrows() throws {
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: ""), directory: directory.path)
        #expect(terminal.waitForPrompt())
        terminal.type("1 + 2")
        #expect(terminal.waitFor("1 + 2"))
        terminal.type("\u{1B}[1;3D3\r")
        #expect(terminal.waitFor("1 + 32 = 33"))
        terminal.waitForPrompt()
        terminal.type("10 + 20")
        #expect(terminal.waitFor("10 + 20"))
        terminal.type("\u{1B}[1;5D\u{1B}[1;5D\u{1B}[1;5C0\r")
        #expect(terminal.waitFor("100 + 20 = 120"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
    }

    @Test("Ctrl-D with unsaved changes or a changed what-if asks once; saved, it leaves at once")
    func leavingWithUnsavedWork() throws {
        let saved = directory.appendingPathComponent("kept.charter").path
        let terminal = try PseudoTerminal(arguments: ["repl", "examples/banking.charter"], environment: environment(history: ""),
                                          directory: Repository.root.path)
        #expect(terminal.waitForPrompt())
        terminal.type(":what-if\r")
        terminal.waitForPrompt("charter (what-if)> ")
        terminal.type("amend lindenbank { weight 5 }\r")
        #expect(terminal.waitFor("amended member `lindenbank`"))
        terminal.waitForPrompt("charter (what-if)> ")
        terminal.type("\u{4}")
        #expect(terminal.waitFor("the what-if has changes: `:keep` keeps them, `:drop` abandons them; Ctrl-D again leaves without them"))
        terminal.waitForPrompt("charter (what-if)> ")
        terminal.type(":keep\r")
        #expect(terminal.waitFor("kept the what-if's 1 change"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.waitFor("the model has changes that are not saved: `:save FILE` keeps them; Ctrl-D again leaves without them"))
        terminal.waitForPrompt()
        terminal.type(":save \(saved)\r")
        #expect(terminal.waitFor("saved "))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0, "saved, the model leaves at once")
    }

    @Test(":power fits the terminal: its table and bars are sized to the width")
    func powerFitsTheWindow() throws {
        for columns: UInt16 in [80, 100, 50] {
            let terminal = try PseudoTerminal(arguments: ["repl", "examples/banking.charter"], environment: environment(history: ""),
                                              directory: Repository.root.path, columns: columns)
            #expect(terminal.waitForPrompt())
            terminal.type(":power assembly\r")
            #expect(terminal.waitFor("can block:"))
            terminal.waitForPrompt()
            let answer = terminal.screen.components(separatedBy: ":power assembly\n").last ?? ""
            let widest = answer.split(separator: "\n").map { TextWidth.columns(of: $0) }.max() ?? 0
            #expect(widest <= Int(columns), "at \(columns) columns:\n\(answer)")
            if columns >= 100 { #expect(answer.contains("██"), "bars at \(columns) columns") }
            terminal.type("\u{4}")
            #expect(terminal.exitStatus() == 0)
        }
    }

    @Test("the editing keys: Home/End, Ctrl-A/E/K/U/W, and Ctrl-R to search the history")
    func editingKeys() throws {
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: ""), directory: directory.path)
        #expect(terminal.waitForPrompt())
        terminal.type("members)\u{1B}[Hcount(\u{1B}[F + 4\r")
        #expect(terminal.waitFor("count(members) + 4 = 4"))
        terminal.waitForPrompt()
        terminal.type("values)\u{1}count(\u{5} + 5\r")
        #expect(terminal.waitFor("count(values) + 5 = 5"))
        terminal.waitForPrompt()
        terminal.type("abc def\u{17}\u{15}count(members) + 9\u{1}\u{B}count(values) + 3\r")
        #expect(terminal.waitFor("count(values) + 3 = 3"))
        terminal.waitForPrompt()
        terminal.type("\u{12}memb")
        #expect(terminal.waitFor("count(members) + 4", count: 2))
        terminal.type("\r")
        #expect(terminal.waitFor("count(members) + 4 = 4", count: 2))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
    }

    @Test("the user's ~/.editrc is read, under the name charter")
    func editrc() throws {
        try "charter:bind -s ^X \"count(members)\"\n".write(to: directory.appendingPathComponent(".editrc"),
                                                           atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: ""), directory: directory.path)
        #expect(terminal.waitForPrompt())
        terminal.type("\u{18}\r")
        #expect(terminal.waitFor("count(members) = 0"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
    }

    @Test("the history keeps the last thousand entries")
    func historyIsBounded() throws {
        let history = directory.appendingPathComponent("history")
        let old = (1...1200).map { "count(members)\\040+\\040\($0)" }
        try (["_HiStOrY_V2_"] + old).joined(separator: "\n").appending("\n").write(to: history, atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: history.path), directory: directory.path)
        #expect(terminal.waitForPrompt())
        terminal.type("count(values)\r")
        #expect(terminal.waitFor("count(values) = 0"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
        let lines = try String(contentsOf: history, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1001)
        #expect(lines.first == "_HiStOrY_V2_")
        #expect(lines.last == "count(values)")
        #expect(lines[1] == "count(members)\\040+\\040202")
    }

    @Test("the next session recalls the last one's history")
    func historyAcrossSessions() throws {
        let history = directory.appendingPathComponent("history").path
        let first = try PseudoTerminal(arguments: ["repl"], environment: environment(history: history), directory: directory.path)
        #expect(first.waitForPrompt())
        first.type("value trust \"We keep our word\"\r")
        #expect(first.waitFor("added value `trust`"))
        first.waitForPrompt()
        first.type(":quit\r")
        #expect(first.exitStatus() == 0)

        let second = try PseudoTerminal(arguments: ["repl"], environment: environment(history: history), directory: directory.path)
        #expect(second.waitForPrompt())
        // The last entry was `:quit`; the one before it is the value.
        second.type("\u{1B}[A")
        #expect(second.waitFor(":quit"))
        second.type("\u{1B}[A")
        #expect(second.waitFor("value trust"))
        second.type("\r")
        #expect(second.waitFor("added value `trust`"))
        second.waitForPrompt()
        // The value is not saved: the first Ctrl-D asks, the second leaves.
        second.type("\u{4}")
        #expect(second.waitFor("Ctrl-D again leaves without them"))
        // Typed once libedit has the terminal again: before that, the terminal
        // itself takes a Ctrl-D (it was lost so on a busy machine).
        second.waitForPrompt()
        second.type("\u{4}")
        #expect(second.exitStatus() == 0)
    }

    @Test("an unwritable history is a warning, and the session goes on")
    func unwritableHistory() throws {
        let blocker = directory.appendingPathComponent("file")
        try "not a directory".write(to: blocker, atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(arguments: ["repl"],
                                          environment: environment(history: blocker.path + "/history"),
                                          directory: directory.path)
        #expect(terminal.waitForPrompt())
        terminal.type("count(members)\r")
        #expect(terminal.waitFor("warning: cannot"))
        #expect(terminal.waitFor("count(members) = 0"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
    }

    @Test("completion adds a space after a unique match, and a locale that is not UTF-8 still edits UTF-8")
    func completionAndLocale() throws {
        var environment = environment(history: "")
        environment["LANG"] = nil
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment, directory: Repository.root.path)
        #expect(terminal.waitForPrompt())
        terminal.type(":lo\t")
        #expect(terminal.waitFor(":load"))
        terminal.type("examples/banking.charter\r")
        #expect(terminal.waitFor("loaded `examples/banking.charter`"))
        terminal.waitForPrompt()
        terminal.type("value café \"naïve\"\r")
        #expect(terminal.waitFor("added value `café`"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.waitFor("Ctrl-D again leaves without them"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
    }

    @Test("a history file that cannot be read is left as it is, and the warning ends its line")
    func unreadableHistory() throws {
        let history = directory.appendingPathComponent("notes")
        try "my own notes\n".write(to: history, atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(arguments: ["repl"], environment: environment(history: history.path), directory: directory.path)
        #expect(terminal.waitForPrompt())
        #expect(terminal.screen.contains("will not be kept\nCharter "))
        terminal.type("count(members)\r")
        #expect(terminal.waitFor("count(members) = 0"))
        terminal.waitForPrompt()
        terminal.type("\u{4}")
        #expect(terminal.exitStatus() == 0)
        #expect(try String(contentsOf: history, encoding: .utf8) == "my own notes\n")
    }

    /// Runs `charter` with standard input from `input`, in the test's directory.
    func pipe(_ arguments: [String], _ input: [UInt8]) throws -> (status: Int32, output: String, errors: String) {
        // The test's home, history and terminal settings override the machine's.
        let run = try CLITests.charter(arguments, environment: environment(history: directory.appendingPathComponent("piped-history").path),
                                       input: input, directory: directory)
        return (run.status, run.stdout, run.stderr)
    }

    @Test("a script with bytes that are not UTF-8 gets E104, and a file that cannot be read exits 2")
    func pipedBadInput() throws {
        let invalid = try pipe(["repl"], Array("value a \"caf".utf8) + [0xE9] + Array("\"\n".utf8))
        #expect(invalid.status == 1)
        #expect(invalid.errors.contains("error[E104]"))
        let missing = try pipe(["repl", "missing.charter"], Array("count(members)\n".utf8))
        #expect(missing.status == 2)
        #expect(missing.errors.contains("cannot read `missing.charter`: no such file"))
        #expect(!missing.output.contains("count(members) ="), "the script does not run without its model")
    }

    @Test("saving through a symbolic link replaces the file it points to, with its permissions")
    func atomicWriteThroughLink() throws {
        let real = directory.appendingPathComponent("real.charter")
        let link = directory.appendingPathComponent("link.charter")
        try "old".write(to: real, atomically: true, encoding: .utf8)
        chmod(real.path, 0o640)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        try AtomicFile.write(Array("new".utf8), to: link.path)
        #expect(try String(contentsOf: real, encoding: .utf8) == "new")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == real.path)
        var status = stat()
        stat(real.path, &status)
        #expect(status.st_mode & 0o777 == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    @Test("piped input is a script: no banner or prompt, errors with their line, exit 1, no history")
    func pipedScript() throws {
        let script = """
            value trust "We keep our word"
            member a {
              kind ngoo
            }
            member b { kind ngo holds trust }
            count(members)

            """
        let run = try pipe(["repl"], Array(script.utf8))
        #expect(run.status == 1)
        #expect(run.output.hasPrefix("added value `trust`\n"))
        #expect(run.output.contains("count(members) = 1\n"))
        #expect(!run.output.contains("charter>") && !run.output.contains(":help"))
        #expect(run.errors.contains("--> <stdin>:3:8"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("piped-history").path))
    }
}

@Suite struct HistoryLocationTests {
    @Test("CHARTER_HISTORY moves the history, and empty or /dev/null turns it off")
    func chosen() {
        #expect(HistoryFile.location(environment: ["CHARTER_HISTORY": "/tmp/h", "HOME": "/home/a"]) == "/tmp/h")
        #expect(HistoryFile.location(environment: ["CHARTER_HISTORY": "", "HOME": "/home/a"]) == nil)
        #expect(HistoryFile.location(environment: ["CHARTER_HISTORY": "/dev/null", "HOME": "/home/a"]) == nil)
    }

    @Test("the history lives under XDG_STATE_HOME, else ~/.local/state")
    func standard() {
        #expect(HistoryFile.location(environment: ["XDG_STATE_HOME": "/state", "HOME": "/home/a"]) == "/state/charter/history")
        #expect(HistoryFile.location(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/a"])
            == "/home/a/.local/state/charter/history", "a relative XDG path is ignored, as the spec says")
        #expect(HistoryFile.location(environment: ["HOME": "/home/a"]) == "/home/a/.local/state/charter/history")
        #expect(HistoryFile.location(environment: [:]) == nil)
    }
}

/// A tmux of the test's own, for what only a real terminal shows: tmux
/// reflows wrapped lines when its window is resized, as people's terminals
/// do, and tells what its screen holds. Its client runs on a pseudo-terminal,
/// whose size the window follows.
final class Tmux {
    private let socket = "charter-test-\(UUID().uuidString)"
    private let client: PseudoTerminal

    init(command: String, columns: UInt16, environment: [String: String], directory: URL) throws {
        let tmux = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/tmux" }
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "tmux"
        client = try PseudoTerminal(arguments: ["-L", socket, "-f", "/dev/null", "new-session", command], environment: environment,
                                    directory: directory.path, program: tmux, columns: columns)
    }

    deinit { _ = try? run(["kill-server"]) }

    @discardableResult
    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Subprocess.run(["tmux", "-L", socket] + arguments)
    }

    /// Types text literally.
    func type(_ text: String) { _ = try? run(["send-keys", "-l", text]) }

    /// Presses named keys (`Left`, `Enter`).
    func keys(_ names: [String]) { _ = try? run(["send-keys"] + names) }

    /// Resizes the client's terminal, as a person resizes a window, and
    /// waits until tmux has resized the pane's own terminal (which it does a
    /// moment after it reflows the screen), and so signalled its program.
    func resize(columns: UInt16) {
        client.resize(rows: 30, columns: columns)
        let deadline = Date().addingTimeInterval(PseudoTerminal.hangGuard)
        var size = ""
        while size.split(separator: " ").last != "\(columns)" {
            guard Date() < deadline else {
                Issue.record("tmux never resized its pane to \(columns) columns: \(size)")
                return
            }
            client.drain()
            let tty = (try? run(["display-message", "-p", "#{pane_tty}"]).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? ""
            size = (try? Subprocess.run(["stty", "-F", tty, "size"]).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? ""
        }
    }

    /// The screen's lines and those scrolled off it, wrapped lines joined,
    /// without trailing blank lines.
    func lines() -> [String] {
        let shown = (try? run(["capture-pane", "-p", "-J", "-S", "-"]).output) ?? ""
        var lines = shown.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).replacing(/\ +$/, with: "") }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Waits until the screen's lines satisfy `condition`; false (and an issue) if they never do.
    func waitUntil(_ what: String, _ condition: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(PseudoTerminal.hangGuard)
        while !condition(lines()) {
            guard Date() < deadline else {
                Issue.record("waited in vain for \(what); the screen shows:\n\(lines().joined(separator: "\n"))")
                return false
            }
            // What the client draws is read, so that it never waits to write.
            client.drain()
        }
        return true
    }
}
