// A session read from a script rather than a terminal (`charter repl <
// session.txt`): lines are gathered into entries as the REPL gathers them,
// each entry's answer is written out, and errors are reported with their
// line. A transcript's `#>` lines after an entry are the answer it gave
// when it was recorded; a different answer now fails the script, so a
// modelling session kept as a transcript is a regression test.

public struct Script {
    /// Where answers and errors go.
    public var write: (String) -> Void
    public var writeError: (String) -> Void
    /// The name for the input in diagnostics.
    public var path: String

    public init(path: String = "<stdin>", write: @escaping (String) -> Void, writeError: @escaping (String) -> Void) {
        self.path = path
        self.write = write
        self.writeError = writeError
    }

    /// Runs the lines (given one at a time by `nextLine`, nil at the end)
    /// through `session`. Returns whether every entry succeeded and every
    /// recorded answer matched.
    public func run(_ session: Session, nextLine: () -> String?) -> Bool {
        var succeeded = true
        var pending: [String] = []
        var pendingLine = 0
        var lineNumber = 0
        // The last entry's answer, where it started, and the `#>` lines after it.
        var last: (output: String, line: Int, expected: [String])?

        func settle() {
            guard let answer = last else { return }
            last = nil
            guard !answer.expected.isEmpty else { return }
            let actual = answer.output.withoutEscapeCodes.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            guard actual != answer.expected else { return }
            succeeded = false
            var message = "\(path):\(answer.line): the answer differs from the one recorded:\n"
            message += answer.expected.map { "  - " + $0 + "\n" }.joined()
            message += actual.map { "  + " + $0 + "\n" }.joined()
            writeError(message)
        }

        func submit() -> Bool {
            let text = pending.joined(separator: "\n")
            pending = []
            let reply = session.handle(text, path: path, line: pendingLine)
            write(reply.output)
            if !reply.errors.isEmpty { writeError(reply.errors) }
            if reply.failed { succeeded = false }
            last = (reply.output, pendingLine, [])
            return !reply.quit
        }

        while let line = nextLine() {
            lineNumber += 1
            if pending.isEmpty {
                if line.hasPrefix("#>") {
                    let recorded = line.dropFirst(2)
                    last?.expected.append(String(recorded.hasPrefix(" ") ? recorded.dropFirst() : recorded))
                    continue
                }
                settle()
                let trimmed = line.trimmingWhitespace()
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                pendingLine = lineNumber
            }
            pending.append(line)
            let ended = line.trimmingWhitespace().isEmpty || !EntryCompleteness.needsMore(pending.joined(separator: "\n"))
            if ended && !submit() { return succeeded }
        }
        if !pending.isEmpty { _ = submit() }
        settle()
        return succeeded
    }
}
