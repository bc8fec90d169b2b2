// A large file is lexed on a thread of its own, a few batches of tokens
// ahead of the parser that reads them (through a `Handoff`): lexing was a
// third of parsing a 13 MB alliance, and now runs on the second core. What
// the parser reads is the same either way — tokens, comments, problems, in
// order — since the thread runs the same lexer over the same bytes.

import CharterDiagnostics
import Dispatch

/// The batches a lexer on another thread has scanned, handed to the lexer
/// that stands for it in the parser's thread (`Lexer(scanningApart:)`).
/// Bounded: the lexer waits while 16 batches are unread, so a large file's
/// tokens are never all held at once, as when it is lexed in place.
final class LexerFeed: Sendable {
    struct Batch: Sendable {
        var tokens: [Token]
        /// The comments scanned with these tokens.
        var comments: [Comment]
        /// With the last batch, the lexer's problems.
        var end: (diagnostics: [Diagnostic], unlisted: Severity?)?
    }

    /// The parser reads as many before it lets what it read go (the tokens
    /// it holds past those are moved each time).
    static let tokensPerBatch = 4_096

    private let handoff = Handoff<Batch>(depth: 16)

    /// Starts lexing `file` on another thread.
    init(_ file: SourceFile) {
        let handoff = handoff
        DispatchQueue.global().async {
            var lexer = Lexer(file)
            repeat {
                lexer.scan(until: LexerFeed.tokensPerBatch)
                guard handoff.give(lexer.takeBatch()) else { return }
            } while !lexer.finished
        }
    }

    /// The next batch, waiting for it if the lexer is behind. Not asked
    /// again after the last one.
    func next() -> Batch { handoff.take() }

    /// A reader that stops before the end (parsing reads to the end; this
    /// is for a fault) lets the lexer's thread stop.
    deinit { handoff.abandon() }
}
