// Source text put on one line: what `charter run` shows of an expression,
// and what the REPL writes of an item typed over several lines, whatever
// their layout.

import CharterDiagnostics

extension SourceFile {
    /// The text of `span` on one line, as a run shows an expression and the
    /// REPL writes a typed item: the comments among `comments` inside it left
    /// out, and each line break, with the spaces around it, one space (none
    /// just inside a bracket), so that a file laid out anew by `charter fmt`
    /// shows the same. A text holds no line break, so none changes.
    public func oneLine(_ span: Span, leavingOut comments: [Comment]) -> String {
        var bytes = Array(self.bytes[span.start..<span.end])
        for comment in comments.reversed() where span.start <= comment.span.start && comment.span.end <= span.end {
            bytes.removeSubrange((comment.span.start - span.start)..<(comment.span.end - span.start))
        }
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\n") || bytes[index] == UInt8(ascii: "\r") else {
                result.append(bytes[index])
                index += 1
                continue
            }
            while result.last == UInt8(ascii: " ") || result.last == UInt8(ascii: "\t") { result.removeLast() }
            while index < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[index]) {
                index += 1
            }
            let afterOpening = result.last == UInt8(ascii: "(") || result.last == UInt8(ascii: "[")
            let beforeClosing = index < bytes.count && (bytes[index] == UInt8(ascii: ")") || bytes[index] == UInt8(ascii: "]"))
            if !afterOpening && !beforeClosing && !result.isEmpty && index < bytes.count { result.append(UInt8(ascii: " ")) }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
