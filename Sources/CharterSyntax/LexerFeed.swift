// A large file is lexed on a thread of its own, a few batches of tokens
// ahead of the parser that reads them: the two stages of reading a file run
// side by side on two cores, where one waited for the other (lexing was a
// third of parsing a 13 MB alliance). What the parser reads is the same
// either way — tokens, comments, problems, in order — since the thread runs
// the same lexer over the same bytes; only where it runs differs.

import CharterDiagnostics
import Dispatch
import Synchronization

/// The batches a lexer on another thread has scanned, handed to the lexer
/// that stands for it in the parser's thread (`Lexer(scanningApart:)`).
/// Bounded: the lexer waits while `depth` batches are unread, so a large
/// file's tokens are never all held at once, as when it is lexed in place.
final class LexerFeed: Sendable {
    struct Batch: Sendable {
        var tokens: [Token]
        /// The comments scanned with these tokens.
        var comments: [Comment]
        /// With the last batch, the lexer's problems.
        var end: (diagnostics: [Diagnostic], unlisted: Severity?)?
    }

    /// Files at least this large are lexed apart: below it, starting a
    /// thread costs more than lexing beside the parser saves.
    static let threshold = 256 * 1024
    /// The parser reads as many before it lets what it read go (the tokens
    /// it holds past those are moved each time).
    static let tokensPerBatch = 4_096
    private static let depth = 16

    private let channel: Channel

    /// Starts lexing `file` on another thread.
    init(_ file: SourceFile) {
        let channel = Channel()
        self.channel = channel
        DispatchQueue.global().async { channel.lex(file) }
    }

    /// The next batch, waiting for it if the lexer is behind. Not asked
    /// again after the last one.
    func next() -> Batch { channel.next() }

    /// A reader that stops before the end (parsing reads to the end; this
    /// is for a fault) lets the lexer's thread stop.
    deinit { channel.abandon() }

    /// The batches between the two threads. Each side waits only when it
    /// must (the lexer with `depth` batches unread, the reader with none),
    /// says so under the lock, and is woken by the other once: every wait
    /// has its wake, so neither semaphore is left owing when it goes. The
    /// lexer is woken when half the batches are read, not at each one.
    private final class Channel: Sendable {
        private struct State {
            var batches: [Batch] = []
            var abandoned = false
            var lexerWaits = false
            var readerWaits = false
        }
        private let state = Mutex(State())
        private let lexerWakes = DispatchSemaphore(value: 0)
        private let readerWakes = DispatchSemaphore(value: 0)

        func lex(_ file: SourceFile) {
            var lexer = Lexer(file)
            repeat {
                lexer.scan(until: LexerFeed.tokensPerBatch)
                let batch = lexer.takeBatch()
                handing: while true {
                    enum Step { case stop, wait, handed(wake: Bool) }
                    let step = state.withLock { state -> Step in
                        if state.abandoned { return .stop }
                        guard state.batches.count < LexerFeed.depth else {
                            state.lexerWaits = true
                            return .wait
                        }
                        state.batches.append(batch)
                        defer { state.readerWaits = false }
                        return .handed(wake: state.readerWaits)
                    }
                    switch step {
                    case .stop: return
                    case .wait: lexerWakes.wait()
                    case .handed(let wake):
                        if wake { readerWakes.signal() }
                        break handing
                    }
                }
            } while !lexer.finished
        }

        func next() -> Batch {
            while true {
                let (batch, wake) = state.withLock { state -> (Batch?, Bool) in
                    guard !state.batches.isEmpty else {
                        state.readerWaits = true
                        return (nil, false)
                    }
                    let batch = state.batches.removeFirst()
                    let wake = state.lexerWaits && state.batches.count <= LexerFeed.depth / 2
                    if wake { state.lexerWaits = false }
                    return (batch, wake)
                }
                if wake { lexerWakes.signal() }
                if let batch { return batch }
                readerWakes.wait()
            }
        }

        func abandon() {
            let wake = state.withLock { state in
                state.abandoned = true
                defer { state.lexerWaits = false }
                return state.lexerWaits
            }
            if wake { lexerWakes.signal() }
        }
    }
}
