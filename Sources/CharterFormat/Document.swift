// A document of text and the places where it may break, printed to a line
// width: Wadler's "prettier printer", in the form Prettier and rustfmt use.
// A group is printed flat, on one line, when it fits in what is left of the
// line up to the next place the text after it may break; otherwise it is
// broken, and each of its own `line`s becomes a line break at the group's
// indentation. Groups nest: a broken group's inner groups decide again.
//
// The printer is one pass over the document with a stack of its own (no
// recursion, so a document as deep as the nesting limit allows is safe), and
// a group's fitting is measured only as far as the width, so printing costs
// the size of the document times at most the line width.

import CharterDiagnostics

/// A document: what the formatter builds, and `DocumentPrinter` prints.
indirect enum Document: Sendable {
    /// Text without line breaks.
    case text(String)
    /// A space, or a line break when its group is broken.
    case line
    /// Nothing, or a line break when its group is broken.
    case softLine
    /// A line break, always; the groups around it are broken.
    case hardLine
    /// Text put at the end of the line it is on, after whatever else comes
    /// there (a comment that trails code); the groups around it are broken,
    /// so that the line ends soon after it.
    case lineSuffix(String)
    /// The document, with its line breaks one level further in.
    case indent(Document)
    /// Flat if it fits, else broken; always broken when `broken`.
    case group(Document, broken: Bool)
    /// Documents one after the other; `breaks` when one of them forces its
    /// groups to break (a hard line or a line suffix).
    case sequence([Document], breaks: Bool)

    static let empty = Document.sequence([], breaks: false)

    /// Whether the document forces the groups around it to break.
    var breaks: Bool {
        switch self {
        case .text, .line, .softLine: false
        case .hardLine, .lineSuffix: true
        case .indent(let inner): inner.breaks
        case .group(_, let broken): broken
        case .sequence(_, let breaks): breaks
        }
    }

    /// Documents one after the other.
    static func join(_ parts: [Document]) -> Document {
        if parts.count == 1 { return parts[0] }
        return .sequence(parts, breaks: parts.contains { $0.breaks })
    }

    /// A group: flat if it fits, broken if it does not, or if `keepBroken`
    /// or something in it forces a break.
    static func group(_ parts: [Document], keepBroken: Bool = false) -> Document {
        let inner = join(parts)
        return .group(inner, broken: keepBroken || inner.breaks)
    }
}

/// Prints a document to a width.
enum DocumentPrinter {
    /// The text of `document` laid out in `width` columns (where it can be:
    /// text that cannot break may go past it), lines right-trimmed, without
    /// a final line break. Indentation is two spaces a level.
    static func print(_ document: Document, width: Int) -> String {
        var output: [UInt8] = []
        var column = 0
        var suffixes: [String] = []
        var stack: [Command] = [Command(indent: 0, flat: false, document: document)]

        func newLine(_ indent: Int) {
            for suffix in suffixes { output += suffix.utf8 }
            suffixes.removeAll()
            while output.last == UInt8(ascii: " ") { output.removeLast() }
            output.append(UInt8(ascii: "\n"))
            output += repeatElement(UInt8(ascii: " "), count: 2 * indent)
            column = 2 * indent
        }

        while let command = stack.popLast() {
            switch command.document {
            case .text(let text):
                output += text.utf8
                column += columns(text)
            case .line:
                if command.flat {
                    output.append(UInt8(ascii: " "))
                    column += 1
                } else {
                    newLine(command.indent)
                }
            case .softLine:
                if !command.flat { newLine(command.indent) }
            case .hardLine:
                newLine(command.indent)
            case .lineSuffix(let text):
                suffixes.append(text)
            case .indent(let inner):
                stack.append(Command(indent: command.indent + 1, flat: command.flat, document: inner))
            case .sequence(let parts, _):
                for part in parts.reversed() {
                    stack.append(Command(indent: command.indent, flat: command.flat, document: part))
                }
            case .group(let inner, let broken):
                // Inside a flat group everything is flat: nothing in it breaks.
                let flat = command.flat || (!broken && fits(inner, in: width - column, before: stack))
                stack.append(Command(indent: command.indent, flat: flat, document: inner))
            }
        }
        for suffix in suffixes { output += suffix.utf8 }
        while output.last == UInt8(ascii: " ") { output.removeLast() }
        return String(decoding: output, as: UTF8.self)
    }

    private struct Command {
        var indent: Int
        var flat: Bool
        var document: Document
    }

    /// Whether `document`, flat, and what follows it up to the next line
    /// break the rest may make, take at most `remaining` columns.
    private static func fits(_ document: Document, in remaining: Int, before rest: [Command]) -> Bool {
        var remaining = remaining
        var pending: [(flat: Bool, document: Document)] = [(true, document)]
        var restIndex = rest.count
        while remaining >= 0 {
            guard let (flat, next) = pending.popLast() else {
                // What follows the group, in the mode it will be printed in.
                guard restIndex > 0 else { return true }
                restIndex -= 1
                pending.append((rest[restIndex].flat, rest[restIndex].document))
                continue
            }
            switch next {
            case .text(let text):
                remaining -= columns(text)
            case .line:
                if !flat { return true }
                remaining -= 1
            case .softLine:
                if !flat { return true }
            case .hardLine:
                return true
            case .lineSuffix:
                break
            case .indent(let inner):
                pending.append((flat, inner))
            case .sequence(let parts, _):
                for part in parts.reversed() { pending.append((flat, part)) }
            case .group(let inner, let broken):
                pending.append((flat && !broken, inner))
            }
        }
        return false
    }

    /// The columns text takes on a terminal or in an editor.
    private static func columns(_ text: String) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : TextWidth.columns(of: Substring(text))
    }
}
