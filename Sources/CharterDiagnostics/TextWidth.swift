// How many terminal columns text takes, so a caret lands under the character
// it means even when the line holds tabs, CJK characters, emoji or combining
// accents. Tabs are drawn as `tabWidth` spaces (as rustc does); what a
// control character is drawn as is `Escaping.terminal`'s to say.

public enum TextWidth {
    public static let tabWidth = 4

    /// The columns one scalar takes on a terminal.
    public static func columns(of scalar: Unicode.Scalar) -> Int {
        if scalar == "\t" { return tabWidth }
        if Escaping.isInvisibleControl(scalar) { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format:
            return 0
        default:
            break
        }
        if scalar.properties.isEmojiPresentation || isEastAsianWide(scalar.value) { return 2 }
        return 1
    }

    /// The columns a whole string takes, character by character: an emoji
    /// sequence (❤️, 🇳🇱, 👨‍👩‍👧) is drawn as one wide character however many
    /// scalars make it, and a letter with accents as the letter.
    public static func columns(of text: Substring) -> Int {
        text.reduce(0) { total, character in
            let scalars = character.unicodeScalars
            if scalars.count > 1 && scalars.contains(where: isEmojiPart) { return total + 2 }
            return total + scalars.reduce(0) { $0 + columns(of: $1) }
        }
    }

    /// Scalars that make a sequence an emoji: a presentation selector, a
    /// joiner, a regional indicator or an emoji itself.
    private static func isEmojiPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{FE0F}" || scalar == "\u{200D}" || (0x1F1E6...0x1F1FF).contains(scalar.value)
            || scalar.properties.isEmojiPresentation
    }

    // The East Asian Wide and Fullwidth blocks of UAX #11 that matter in
    // practice; emoji are covered by `isEmojiPresentation`.
    private static func isEastAsianWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension TextWidth {
    /// Rows of cells as aligned lines: each column padded to its widest cell
    /// by terminal width, two spaces between columns, the columns in
    /// `rightAligned` padded on the left (except in the first row, the header).
    public static func alignedTable(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        guard let header = rows.first else { return [] }
        let widths = header.indices.map { column in rows.map { columns(of: Substring($0[column])) }.max() ?? 0 }
        return rows.enumerated().map { index, row in
            var line = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - columns(of: Substring(cell)))
                return rightAligned.contains(column) && index > 0 ? padding + cell : cell + padding
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
