// A session read from a script rather than a terminal (`charter repl <
// session.txt`): lines are gathered into entries as the REPL gathers them,
// each entry's answer is written out, and errors are reported with their
// line. A transcript's `#>` and `#!` lines after an entry are the answer and
// the errors it gave when it was recorded: the entry passes when it gives
// them again (even an error, which was part of the session) and fails when
// it does not, so a modelling session kept as a transcript is a regression
// test. An entry without recorded lines fails when it fails.

public struct Script {
    /// Where answers and errors go.
    public var write: (String) -> Void
    public var writeError: (String) -> Void
    /// The name for the input in diagnostics.
    public var path: String
    /// What each entry is handled within (the shell's progress display).
    public var around: (() -> Session.Reply) -> Session.Reply

    public init(path: String = "<stdin>", write: @escaping (String) -> Void, writeError: @escaping (String) -> Void,
                around: @escaping (() -> Session.Reply) -> Session.Reply = { $0() }) {
        self.path = path
        self.write = write
        self.writeError = writeError
        self.around = around
    }

    /// An entry handled, and what the script recorded after it.
    private struct Answer {
        var reply: Session.Reply
        var line: Int
        var output: [String] = []
        var errors: [String] = []
    }

    /// Runs the lines (given one at a time by `nextLine`, nil at the end)
    /// through `session`. Returns whether every entry succeeded or gave its
    /// recorded answer.
    public func run(_ session: Session, nextLine: () -> [UInt8]?) -> Bool {
        var succeeded = true
        var assembler = EntryAssembler()
        var entryLine = 0
        var lineNumber = 0
        var last: Answer?

        func settle() {
            guard let answer = last else { return }
            last = nil
            guard !answer.output.isEmpty || !answer.errors.isEmpty else {
                if answer.reply.failed { succeeded = false }
                return
            }
            let output = Self.lines(answer.reply.output.withoutEscapeCodes)
            let errors = Self.lines(answer.reply.recordedErrors.withoutEscapeCodes)
            guard output != answer.output || errors != answer.errors else { return }
            succeeded = false
            let recorded = answer.output.map { "#> " + $0 } + answer.errors.map { "#! " + $0 }
            let given = output.map { "#> " + $0 } + errors.map { "#! " + $0 }
            writeError("\(path):\(answer.line): the answer differs from the one recorded (-), as given now (+):\n"
                + Self.difference(recorded, given))
        }

        /// Handles an entry; false when it ends the session.
        func submit(_ entry: [UInt8]) -> Bool {
            let reply = around { session.handle(bytes: entry, path: path, line: entryLine) }
            write(reply.output)
            if !reply.errors.isEmpty { writeError(reply.errors) }
            last = Answer(reply: reply, line: entryLine)
            return !reply.quit
        }

        while let bytes = nextLine() {
            lineNumber += 1
            let line = String(decoding: bytes, as: UTF8.self)
            if assembler.isEmpty {
                if line.hasPrefix("#>") || line.hasPrefix("#!") {
                    var recorded = line.dropFirst(2)
                    if recorded.hasPrefix(" ") { recorded = recorded.dropFirst() }
                    if line.hasPrefix("#>") { last?.output.append(String(recorded)) } else { last?.errors.append(String(recorded)) }
                    continue
                }
                settle()
                let trimmed = line.trimmingWhitespace()
                if trimmed.isEmpty || (trimmed.hasPrefix("#") && !MetaCommand.starts(trimmed)) { continue }
                entryLine = lineNumber
            } else if MetaCommand.starts(line) {
                writeError("\(path):\(entryLine): error: the entry that starts here is not finished; it was dropped\n")
                succeeded = false
                assembler.drop()
                entryLine = lineNumber
            }
            if let entry = assembler.add(bytes), !submit(entry) { return succeeded }
        }
        if !assembler.isEmpty {
            _ = submit(assembler.pending)
        }
        settle()
        return succeeded
    }

    /// The lines that differ, with a line of what they share around them:
    /// the recorded ones as `-`, the new ones as `+`.
    static func difference(_ old: [String], _ new: [String]) -> String {
        let prefix = zip(old, new).prefix { $0 == $1 }.count
        let suffix = zip(old.dropFirst(prefix).reversed(), new.dropFirst(prefix).reversed()).prefix { $0 == $1 }.count
        var text = prefix > 0 ? "    " + old[prefix - 1] + "\n" : ""
        text += old[prefix..<(old.count - suffix)].map { "  - " + $0 + "\n" }.joined()
        text += new[prefix..<(new.count - suffix)].map { "  + " + $0 + "\n" }.joined()
        if suffix > 0 { text += "    " + old[old.count - suffix] + "\n" }
        return text
    }

    /// A reply's text as lines, as a transcript writes them.
    private static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}
