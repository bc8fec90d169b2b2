// Where things are, as the protocol counts: lines from 0, and characters in
// UTF-16 code units unless the client agreed to UTF-8 (`positionEncoding`).
// Charter counts bytes; these convert between the two on a file's lines
// (which end at "\n", "\r\n" or a lone "\r", as the protocol's do).

import Charter

/// How a position's `character` counts.
public enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
}

extension SourceFile {
    /// The protocol's position of a byte offset.
    func position(of offset: Int, _ encoding: PositionEncoding) -> Position {
        let line = lineIndex(of: offset)
        let range = lineRange(line)
        let upTo = min(max(offset, range.lowerBound), range.upperBound)
        let character = switch encoding {
        case .utf8: upTo - range.lowerBound
        case .utf16: String(decoding: bytes[range.lowerBound..<upTo], as: UTF8.self).utf16.count
        }
        return Position(line: line, character: character)
    }

    /// The protocol's range of a span.
    func range(of span: Span, _ encoding: PositionEncoding) -> Range {
        Range(start: position(of: span.start, encoding), end: position(of: span.end, encoding))
    }

    /// The byte offset of a position: past the end of a line is its end,
    /// past the last line the end of the file, and a position inside a
    /// character is that character's start.
    func offset(of position: Position, _ encoding: PositionEncoding) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return bytes.count }
        let range = lineRange(position.line)
        guard position.character > 0 else { return range.lowerBound }
        switch encoding {
        case .utf8:
            var offset = range.lowerBound + min(position.character, range.count)
            // Not inside a character: back to its first byte.
            while offset > range.lowerBound, offset < range.upperBound, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
            return offset
        case .utf16:
            var units = 0
            var offset = range.lowerBound
            for scalar in String(decoding: bytes[range], as: UTF8.self).unicodeScalars {
                let width = UTF16.width(scalar)
                guard units + width <= position.character else { break }
                units += width
                offset += UTF8.width(scalar)
                if units == position.character { break }
            }
            return min(offset, range.upperBound)
        }
    }
}
