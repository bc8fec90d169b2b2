// A document of text and the places where it may break, printed to a line
// width: Wadler's "prettier printer", in the form Prettier and rustfmt use.
// A group is printed flat, on one line, when it fits in what is left of the
// line up to the next place the text after it may break; otherwise it is
// broken, and each of its own `line`s becomes a line break at the current
// indentation. Groups nest: a broken group's inner groups decide again.
//
// The document is one flat list of operations — text, the places to break,
// and where groups and indentation begin and end — written in order by the
// formatter, so that building it costs no allocation per piece, and printing
// it is one pass with no recursion (a document as deep as the nesting limit
// allows is safe). A group's fitting is measured only as far as the width,
// so printing costs the size of the document times at most the line width.

import CharterDiagnostics

/// A document: what the formatter writes, and `print(width:)` lays out.
struct Document {
    enum Operation {
        /// Text without line breaks, and the columns it takes.
        case text(String, width: Int)
        /// A space, or a line break when its group is broken.
        case line
        /// Nothing, or a line break when its group is broken.
        case softLine
        /// A line break, always; the groups around it are broken.
        case hardLine
        /// Text put at the end of the line it is on, after whatever else
        /// comes there (a comment that trails code); the groups around it are
        /// broken, so that the line ends soon after it.
        case lineSuffix(String)
        /// The line breaks up to the matching `dedent` are one level further in.
        case indent, dedent
        /// What comes up to the matching `end` is flat if it fits, else
        /// broken; always broken when `broken`.
        case group(broken: Bool)
        case end
    }

    private(set) var operations: [Operation] = []
    /// The groups begun and not yet ended, by where they begin.
    private var openGroups: [Int] = []

    mutating func text(_ text: String) { operations.append(.text(text, width: Self.columns(text))) }
    mutating func line() { operations.append(.line) }
    mutating func softLine() { operations.append(.softLine) }

    mutating func hardLine() {
        operations.append(.hardLine)
        breakOpenGroup()
    }

    mutating func lineSuffix(_ text: String) {
        operations.append(.lineSuffix(text))
        breakOpenGroup()
    }

    mutating func indent() { operations.append(.indent) }
    mutating func dedent() { operations.append(.dedent) }

    /// Begins a group, kept broken when `keepBroken`; `endGroup` ends it.
    mutating func beginGroup(keepBroken: Bool = false) {
        openGroups.append(operations.count)
        operations.append(.group(broken: keepBroken))
    }

    mutating func endGroup() {
        operations.append(.end)
        let begin = openGroups.removeLast()
        // A broken group breaks the one around it: it cannot be flat.
        if case .group(broken: true) = operations[begin] { breakOpenGroup() }
    }

    private mutating func breakOpenGroup() {
        if let innermost = openGroups.last { operations[innermost] = .group(broken: true) }
    }

    /// The text laid out in `width` columns (where it can be: text that
    /// cannot break may go past it), lines right-trimmed, without a final
    /// line break. Indentation is two spaces a level.
    func print(width: Int) -> String {
        var output: [UInt8] = []
        var column = 0
        var indentation = 0
        var suffixes: [String] = []
        // Whether each open group is flat, innermost last; the document as a
        // whole is broken.
        var flat: [Bool] = [false]

        func newLine() {
            for suffix in suffixes { output += suffix.utf8 }
            suffixes.removeAll()
            while output.last == UInt8(ascii: " ") { output.removeLast() }
            output.append(UInt8(ascii: "\n"))
            output += repeatElement(UInt8(ascii: " "), count: 2 * indentation)
            column = 2 * indentation
        }

        for (index, operation) in operations.enumerated() {
            switch operation {
            case .text(let text, let width):
                output += text.utf8
                column += width
            case .line:
                if flat[flat.count - 1] {
                    output.append(UInt8(ascii: " "))
                    column += 1
                } else {
                    newLine()
                }
            case .softLine:
                if !flat[flat.count - 1] { newLine() }
            case .hardLine:
                newLine()
            case .lineSuffix(let text):
                suffixes.append(text)
            case .indent:
                indentation += 1
            case .dedent:
                indentation -= 1
            case .group(let broken):
                // Inside a flat group everything is flat: nothing in it breaks.
                flat.append(flat[flat.count - 1] || (!broken && fits(after: index, in: width - column)))
            case .end:
                flat.removeLast()
            }
        }
        for suffix in suffixes { output += suffix.utf8 }
        while output.last == UInt8(ascii: " ") { output.removeLast() }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the group that begins at `begin`, flat, and what follows it
    /// up to the next place the rest may break, take at most `remaining`
    /// columns. (The rest is in broken groups, or it would not be asked.)
    private func fits(after begin: Int, in remaining: Int) -> Bool {
        var remaining = remaining
        var depth = 0
        var inRest = false
        var index = begin + 1
        while index < operations.count {
            switch operations[index] {
            case .text(_, let width):
                remaining -= width
                if remaining < 0 { return false }
            case .line:
                if inRest { return true }
                remaining -= 1
                if remaining < 0 { return false }
            case .softLine:
                if inRest { return true }
            case .hardLine:
                return true
            case .lineSuffix, .indent, .dedent:
                break
            case .group:
                depth += 1
            case .end:
                if depth == 0 { inRest = true } else { depth -= 1 }
            }
            index += 1
        }
        return true
    }

    /// The columns text takes on a terminal or in an editor.
    private static func columns(_ text: String) -> Int {
        var text = text
        let ascii = text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
        return ascii ? text.utf8.count : TextWidth.columns(of: Substring(text))
    }
}
