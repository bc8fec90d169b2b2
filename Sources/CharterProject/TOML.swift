// A reader for the part of TOML that charter.toml needs: comments, `[table]`
// and `[dotted.table]` headers, `key = value` with bare or quoted keys, and
// values that are strings (basic with escapes, or literal), integers, floats,
// booleans and arrays of them (over several lines, with a trailing comma).
// Anything else TOML allows — inline tables, dates, multi-line strings — is
// reported as not supported here rather than misread. Every value keeps its
// span, so a wrong setting is shown in place like any other diagnostic.

import CharterDiagnostics

/// A TOML value with where it was written.
struct TOMLValue {
    enum Kind {
        case string(String)
        case integer(Int64)
        case float(Double)
        case bool(Bool)
        case array([TOMLValue])
    }
    var kind: Kind
    var span: Span

    var typeDescription: String {
        switch kind {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .bool: "true or false"
        case .array: "an array"
        }
    }
}

/// One `key = value` line, under its table.
struct TOMLEntry {
    /// The table path and the key: `checks.severity` and `C304`.
    var table: [String]
    var key: String
    var keySpan: Span
    var value: TOMLValue
}

struct TOMLError: Error {
    var message: String
    var span: Span
    /// Another place that matters, such as the first definition of a table defined twice.
    var label: Label?
}

/// Reads a TOML document into entries, in order.
struct TOMLReader {
    private let bytes: [UInt8]
    private let file: FileID
    private var position = 0
    private var table: [String] = []
    private var seen: [String: Span] = [:]

    static func read(_ source: SourceFile) throws(TOMLError) -> [TOMLEntry] {
        var reader = TOMLReader(bytes: source.bytes, file: source.id)
        return try reader.document()
    }

    private init(bytes: [UInt8], file: FileID) {
        self.bytes = bytes
        self.file = file
    }

    private func span(_ start: Int, _ end: Int) -> Span { Span(file: file, start: start, end: end) }
    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }
    private func fail(_ message: String, at start: Int, _ end: Int? = nil) -> TOMLError {
        TOMLError(message: message, span: span(start, end ?? min(start + 1, bytes.count)))
    }

    /// Arrays nest at most this deep, so no file can exhaust the stack.
    static let maximumDepth = 32

    private mutating func document() throws(TOMLError) -> [TOMLEntry] {
        var entries: [TOMLEntry] = []
        try validateCharacters()
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        while true {
            skipBlank(newlines: true)
            guard let byte = current else { return entries }
            if byte == UInt8(ascii: "[") {
                try header()
            } else {
                entries.append(try entry())
            }
            skipBlank(newlines: false)
            guard current == nil || current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r") else {
                throw fail("expected the end of the line", at: position)
            }
        }
    }

    /// TOML is UTF-8 through and through, comments included; a line ends at
    /// LF or CRLF (a lone CR is no line break); and no control character
    /// but a tab may stand anywhere (a string spells one with an escape).
    private func validateCharacters() throws(TOMLError) {
        var offset = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte < 0x80 {
                if byte == UInt8(ascii: "\r") {
                    guard offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "\n") else {
                        throw fail("a carriage return (U+000D) must be followed by a line feed: TOML ends lines with LF or CRLF",
                                   at: offset)
                    }
                } else if (byte < 0x20 && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\n")) || byte == 0x7F {
                    throw fail("the control character \(Escaping.name(of: Unicode.Scalar(byte))) is not allowed in charter.toml; "
                               + "write it in a string as an escape", at: offset)
                }
                offset += 1
                continue
            }
            // The length a lead byte announces, and the range its first continuation byte must be in (RFC 3629).
            let (length, low, high): (Int, UInt8, UInt8) = switch byte {
            case 0xC2...0xDF: (2, 0x80, 0xBF)
            case 0xE0: (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80, 0xBF)
            case 0xED: (3, 0x80, 0x9F)
            case 0xF0: (4, 0x90, 0xBF)
            case 0xF1...0xF3: (4, 0x80, 0xBF)
            case 0xF4: (4, 0x80, 0x8F)
            default: (0, 0, 0)
            }
            var valid = length > 0 && offset + length <= bytes.count && (low...high).contains(bytes[offset + 1])
            if valid {
                for next in offset + 2..<offset + length where bytes[next] & 0xC0 != 0x80 { valid = false }
            }
            guard valid else { throw fail("charter.toml is not valid UTF-8 here: TOML files are UTF-8, comments included", at: offset) }
            offset += length
        }
    }

    private mutating func header() throws(TOMLError) {
        let start = position
        position += 1
        if current == UInt8(ascii: "[") { throw fail("arrays of tables (`[[…]]`) are not supported in charter.toml", at: start, start + 2) }
        var path: [String] = []
        repeat {
            skipBlank(newlines: false)
            path.append(try key().text)
            skipBlank(newlines: false)
        } while eat(".")
        guard eat("]") else { throw fail("expected `]` to close the table header", at: position) }
        table = path
        let name = path.joined(separator: ".")
        if let first = seen["[" + name] {
            throw TOMLError(message: "table `[\(name)]` is defined twice", span: span(start, position),
                            label: Label(first, "first defined here"))
        }
        seen["[" + name] = span(start, position)
    }

    private mutating func entry() throws(TOMLError) -> TOMLEntry {
        let (name, keySpan) = try key()
        var path = [name]
        skipBlank(newlines: false)
        while eat(".") {
            skipBlank(newlines: false)
            path.append(try key().text)
            skipBlank(newlines: false)
        }
        guard eat("=") else { throw fail("expected `=` after the key `\(path.joined(separator: "."))`", at: position) }
        skipBlank(newlines: false)
        let value = try self.value(depth: 0)
        let full = (table + path).joined(separator: ".")
        if let first = seen[full] {
            throw TOMLError(message: "`\(full)` is set twice", span: keySpan, label: Label(first, "first set here"))
        }
        seen[full] = keySpan
        return TOMLEntry(table: table + path.dropLast(), key: path.last!, keySpan: keySpan, value: value)
    }

    private mutating func key() throws(TOMLError) -> (text: String, span: Span) {
        let start = position
        if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
            guard case .string(let text) = try string().kind else { throw fail("expected a key", at: start) }
            return (text, span(start, position))
        }
        while let byte = current, isBareKeyByte(byte) { position += 1 }
        guard position > start else { throw fail("expected a key", at: start) }
        return (String(decoding: bytes[start..<position], as: UTF8.self), span(start, position))
    }

    private func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private mutating func value(depth: Int) throws(TOMLError) -> TOMLValue {
        let start = position
        guard depth < Self.maximumDepth else {
            throw fail("arrays nested more than \(Self.maximumDepth) deep are not supported in charter.toml", at: start)
        }
        switch current {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return try string()
        case UInt8(ascii: "["):
            position += 1
            var elements: [TOMLValue] = []
            while true {
                skipBlank(newlines: true)
                if eat("]") { break }
                elements.append(try value(depth: depth + 1))
                skipBlank(newlines: true)
                if eat("]") { break }
                guard eat(",") else { throw fail("expected `,` or `]` in the array", at: position) }
            }
            return TOMLValue(kind: .array(elements), span: span(start, position))
        case UInt8(ascii: "{"):
            throw fail("inline tables are not supported in charter.toml; use a `[table]` header", at: start)
        case nil:
            throw fail("expected a value", at: start)
        default:
            while let byte = current, !" \t\r\n,]#".utf8.contains(byte) { position += 1 }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            let valueSpan = span(start, position)
            if text == "true" { return TOMLValue(kind: .bool(true), span: valueSpan) }
            if text == "false" { return TOMLValue(kind: .bool(false), span: valueSpan) }
            let digits = text.filter { $0 != "_" }
            if let integer = Int64(digits) { return TOMLValue(kind: .integer(integer), span: valueSpan) }
            if digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let float = Double(digits), float.isFinite {
                return TOMLValue(kind: .float(float), span: valueSpan)
            }
            throw TOMLError(message: "`\(text)` is not a value charter.toml understands (a string needs quotes)", span: valueSpan)
        }
    }

    private mutating func string() throws(TOMLError) -> TOMLValue {
        let start = position
        let quote = bytes[position]
        position += 1
        if current == quote && position + 1 < bytes.count && bytes[position + 1] == quote {
            throw fail("multi-line strings are not supported in charter.toml", at: start, start + 3)
        }
        var scalars = String.UnicodeScalarView()
        var chunkStart = position
        func flush(_ end: Int) { scalars.append(contentsOf: String(decoding: bytes[chunkStart..<end], as: UTF8.self).unicodeScalars) }
        while true {
            guard let byte = current, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
                throw fail("this string is not closed on its line", at: start, position)
            }
            if byte == quote {
                flush(position)
                position += 1
                return TOMLValue(kind: .string(String(scalars)), span: span(start, position))
            }
            if byte == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                flush(position)
                position += 1
                guard let escaped = current else { throw fail("this string is not closed on its line", at: start, position) }
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let digits = escaped == UInt8(ascii: "u") ? 4 : 8
                    let hex = bytes[position..<min(position + digits, bytes.count)]
                    guard hex.count == digits, let value = UInt32(String(decoding: hex, as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(value) else {
                        throw fail("`\\\(Character(Unicode.Scalar(escaped)))` needs \(digits) hex digits naming a Unicode scalar",
                                   at: position - 2, min(position + digits, bytes.count))
                    }
                    scalars.append(scalar)
                    position += digits
                default: throw fail("unknown escape `\\\(Character(Unicode.Scalar(escaped)))`", at: position - 2, position)
                }
                chunkStart = position
                continue
            }
            position += 1
        }
    }

    private mutating func eat(_ character: Character) -> Bool {
        guard current == character.asciiValue else { return false }
        position += 1
        return true
    }

    /// Skips spaces, tabs and comments, and line breaks too when asked.
    private mutating func skipBlank(newlines: Bool) {
        while let byte = current {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                position += 1
            } else if byte == UInt8(ascii: "#") {
                while let next = current, next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") { position += 1 }
            } else if newlines && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) {
                position += 1
            } else {
                return
            }
        }
    }
}
