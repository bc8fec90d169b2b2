// Progress on standard error, for work that takes a while: the power of a
// large body, the checks of a large file, a diff with power. The library
// says what it is doing through a `WorkProgress`; this draws it on one line
// of the terminal — a bar when the work knows how much there is, a spinner
// when it does not — once the work has gone on for half a second, and wipes
// the line when it is done, before the answer is printed. When standard
// error is not a terminal (a pipe, a CI log) nothing is drawn at all.

@preconcurrency import Glibc
import Charter
import Foundation
import Synchronization

public final class ProgressDisplay: Sendable {
    /// What the work tells; give it to the library.
    public let progress = WorkProgress()
    /// Where the line goes; nil draws nothing.
    private let output: Int32?
    /// A hint after the line, such as how to stop the work.
    private let hint: String
    /// Whether Ctrl-C ends the program (a command's), so the line is wiped first.
    private let endsOnInterrupt: Bool
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    private struct State {
        var running = false
        var drawn = false
    }

    /// How long work goes on before its progress is shown: half a second,
    /// or CHARTER_PROGRESS_DELAY seconds (0 shows it at once).
    let delay: Double

    /// A display on standard error when it is a terminal that can take one
    /// (TERM set and not `dumb`); otherwise one that draws nothing.
    /// `endsOnInterrupt`: Ctrl-C ends the program (a command; the REPL
    /// catches it itself), and the line is wiped before it does.
    public init(hint: String = "", endsOnInterrupt: Bool = true) {
        self.endsOnInterrupt = endsOnInterrupt
        // getenv, not ProcessInfo's dictionary of the whole environment: every command makes a display.
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        let term = isatty(STDERR_FILENO) == 1 ? variable("TERM") : nil
        output = term != nil && term != "dumb" ? STDERR_FILENO : nil
        self.hint = hint
        let given = output == nil ? nil : variable("CHARTER_PROGRESS_DELAY").flatMap(Double.init)
        delay = given.map { $0.isFinite ? min(max(0, $0), 86_400) : 86_400 } ?? 0.5
    }

    /// What Ctrl-C did before a command's display took it: done again after the wipe.
    nonisolated(unsafe) static var interruptAction = sigaction()

    /// Whether anything will be drawn.
    public var isShown: Bool { output != nil }

    /// Runs `work`, showing its progress while it runs; the line is gone when it returns.
    public func during<T>(_ work: () throws -> T) rethrows -> T {
        guard let output else { return try work() }
        // A command that Ctrl-C ends wipes the line first, then ends as it would have.
        if endsOnInterrupt {
            var wipe = sigaction()
            wipe.__sigaction_handler.sa_handler = { signal in
                // Only what is safe in a handler: write, put the action back, raise again.
                let text: StaticString = "\r\u{1B}[2K"
                _ = Glibc.write(STDERR_FILENO, text.utf8Start, text.utf8CodeUnitCount)
                _ = withUnsafePointer(to: &ProgressDisplay.interruptAction) { sigaction(signal, $0, nil) }
                raise(signal)
            }
            sigaction(SIGINT, &wipe, &Self.interruptAction)
        }
        defer { if endsOnInterrupt { sigaction(SIGINT, &Self.interruptAction, nil) } }
        state.withLock { $0.running = true }
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            draw(on: output)
            finished.signal()
        }
        thread.start()
        defer {
            state.withLock { $0.running = false }
            wake.signal()
            finished.wait()
        }
        return try work()
    }

    /// The drawing thread: a frame every tenth of a second once the work
    /// has lasted `delay`, until `during` ends.
    private func draw(on output: Int32) {
        let start = ContinuousClock.now
        var frame = 0
        while state.withLock({ $0.running }) {
            _ = wake.wait(timeout: .now() + 0.1)
            guard state.withLock({ $0.running }) else { break }
            let elapsed = ContinuousClock.now - start
            guard elapsed >= .seconds(delay), let report = progress.report else { continue }
            let seconds = Int(elapsed.components.seconds)
            let line = Self.line(report, frame: frame, seconds: seconds, hint: hint, columns: Self.columns(of: output))
            write(output, "\r\u{1B}[2K" + line)
            state.withLock { $0.drawn = true }
            frame += 1
        }
        if state.withLock({ $0.drawn }) { write(output, "\r\u{1B}[2K") }
        state.withLock { $0.drawn = false }
    }

    /// One frame: a spinner, what is under way, and a bar with the share
    /// done when it is known; cut to the terminal's width.
    static func line(_ report: WorkProgress.Report, frame: Int, seconds: Int, hint: String, columns: Int) -> String {
        let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"][frame % 10]
        var text = spinner + " " + Escaping.terminal(report.tasks.joined(separator: " › "))
        let percent = report.fraction.map { " \(Int(($0 * 100).rounded(.down)))%" } ?? ""
        let bar = report.fraction.map { fraction -> String in
            let filled = Int((fraction * 20).rounded(.down))
            return " [" + String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled) + "]"
        } ?? ""
        let time = " \(seconds) s"
        let hinted = hint.isEmpty ? "" : " · " + hint
        // The line must never wrap (a wrapped line is not wiped): on a narrow
        // terminal the hint goes first, then the bar, then the time; what is
        // under way is cut to the room left, and the whole to the width.
        let tails = [bar + percent + time + hinted, bar + percent + time, percent + time, percent]
        // Three columns are left free: the terminal echoes a Ctrl-C as `^C`
        // after the line, and a line it made wrap could not be wiped.
        let width = columns - 3
        let tail = tails.first { TextWidth.columns(of: Substring($0)) <= width - 12 } ?? ""
        let room = max(width - TextWidth.columns(of: Substring(tail)), 2)
        if TextWidth.columns(of: Substring(text)) > room {
            var cut = ""
            var width = 0
            for character in text {
                width += TextWidth.columns(of: Substring(String(character)))
                if width > room - 1 { break }
                cut.append(character)
            }
            text = cut + "…"
        }
        return text + tail
    }

    private static func columns(of descriptor: Int32) -> Int {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    private func write(_ descriptor: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
