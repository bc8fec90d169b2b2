// The one layer that makes text safe for where it is printed. Anything that
// came from a file, a file name or a charter.toml — a message quoting the
// user's words, a title, a waiver's owner, a path — is escaped here, by the
// channel it goes to, and nowhere else:
//
//   terminal   a terminal or a CI log: every C0 and C1 control, DEL, every
//              bidirectional control and the line and paragraph separators
//              made visible, so that no text can move the cursor, write to
//              the clipboard (OSC 52), hide a link (OSC 8), reorder a line
//              or start a new one;
//   workflow   GitHub Actions workflow commands: the documented `%25 %0D
//              %0A` in a command's data, and `%3A %2C` in its properties,
//              applied to Unicode scalars (Swift counts "\r\n" as one
//              Character, so a replacement by Character misses it);
//   markdown   a fenced code block whose fence is longer than any run of
//              backticks inside it, for a job summary;
//   sarif      SARIF message text, whose `[` and `]` would start a link;
//   markup     XML and HTML;
//   json       JSON documents, as encoded.
//
// And in every channel: no line that a CI system would run as a command
// unless Charter meant it. GitHub's runner reads a line as a workflow command
// when it starts with `::` (after any Unicode blank), and as a legacy command
// when it holds `##[` anywhere; Azure Pipelines reads `##vso[` anywhere. Text
// from a file cannot start a line (its line breaks are escaped), and every
// `::` and `##` in it is broken with a zero-width space, which takes no
// column, so that carets under a source line stay where they point.

public enum Escaping {

    // MARK: Terminal

    /// Text for a terminal or a CI log, on one line: controls drawn as
    /// their pictures (U+2400 …), tabs as spaces, and C1 controls,
    /// bidirectional controls and line separators as `\u{…}`.
    public static func terminal(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { appendVisible(scalar, to: &result) }
        return withoutCommands(String(result))
    }

    /// What the terminal shows for one scalar.
    static func appendVisible(_ scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
        if scalar == "\t" {
            result.append(contentsOf: String(repeating: " ", count: TextWidth.tabWidth).unicodeScalars)
        } else if scalar.value < 0x20 {
            result.append(Unicode.Scalar(0x2400 + scalar.value)!)
        } else if scalar.value == 0x7F {
            result.append("\u{2421}")
        } else if isInvisibleControl(scalar) {
            result.append(contentsOf: codePoint(scalar).unicodeScalars)
        } else {
            result.append(scalar)
        }
    }

    /// Text of several lines for the terminal: each line escaped, the line
    /// breaks between them kept.
    public static func terminalLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { terminal(String($0)) }.joined(separator: "\n")
    }

    /// `\u{202E}`: how a control with no picture of its own is shown.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + hex(scalar) + "}"
    }

    /// `U+001B`: a scalar named in a message.
    public static func name(of scalar: Unicode.Scalar) -> String {
        "U+" + hex(scalar)
    }

    /// A scalar's value in hexadecimal, at least four digits.
    static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// C1 controls (which can start terminal escapes: CSI, OSC, NEL), the
    /// controls that reorder bidirectional text, and the line and paragraph
    /// separators, which some terminals and viewers break lines at.
    public static func isInvisibleControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Whether a scalar must never reach an output raw: a control of C0
    /// (tab and line feed aside, which outputs use for their own layout),
    /// DEL, or an invisible control.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value == 0x7F || isInvisibleControl(scalar)
    }

    // MARK: Commands a CI system reads

    /// A zero-width space: breaks a command without taking a column.
    static let breaker: Unicode.Scalar = "\u{200B}"

    /// `text` with every `::` and `##` broken by a zero-width space: a CI
    /// system reads a line as a command when it starts with `::` after what
    /// its runtime counts as blank (.NET's `TrimStart`, which takes U+3000
    /// and the other Unicode spaces too), or holds `##[` or `##vso[`
    /// anywhere; broken everywhere, no text can make one, whatever stands
    /// before it.
    public static func withoutCommands(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: ":") }) else { return text }
        var result = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if (scalar == ":" || scalar == "#") && previous == scalar { result.append(breaker) }
            result.append(scalar)
            previous = scalar
        }
        return String(result)
    }

    // MARK: GitHub workflow commands

    /// A workflow command's data (its message): `%`, CR and LF escaped as
    /// the runner unescapes them; other controls made visible.
    public static func workflowData(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": result.append(contentsOf: "%25".unicodeScalars)
            case "\r": result.append(contentsOf: "%0D".unicodeScalars)
            case "\n": result.append(contentsOf: "%0A".unicodeScalars)
            default: appendVisible(scalar, to: &result)
            }
        }
        return withoutCommands(String(result))
    }

    /// A workflow command's property (a file name, a title): also `:` and
    /// `,`, which would end it.
    public static func workflowProperty(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in workflowData(text).unicodeScalars {
            switch scalar {
            case ":": result.append(contentsOf: "%3A".unicodeScalars)
            case ",": result.append(contentsOf: "%2C".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    // MARK: Markdown

    /// Text the terminal channel made (every line of it escaped already)
    /// as a fenced code block, its fence one backtick longer than the longest
    /// run of backticks inside (and at least three), so that no line of the
    /// text can close it. `language` names the code's language for highlighting.
    public static func markdownCodeBlock(_ terminalText: String, language: String = "") -> String {
        var longest = 0
        var run = 0
        for scalar in terminalText.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = terminalText.isEmpty || terminalText.hasSuffix("\n") ? terminalText : terminalText + "\n"
        return fence + language + "\n" + body + fence + "\n"
    }

    /// Text in running Markdown (a heading, a list item): every character
    /// that Markdown gives a meaning escaped with a backslash, so a file name
    /// cannot become a link, an image, a heading or HTML.
    public static func markdownText(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in terminal(text).unicodeScalars {
            if "\\`*_{}[]()<>#+-.!|~&:".unicodeScalars.contains(scalar) { result.append("\\") }
            result.append(scalar)
        }
        return String(result)
    }

    // MARK: SARIF

    /// SARIF message text (§3.11.5): `\`, `[` and `]` escaped with a
    /// backslash, so that no text becomes an embedded link.
    public static func sarifText(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "[" || scalar == "]" { result.append("\\") }
            result.append(scalar)
        }
        return String(result)
    }

    // MARK: XML and HTML

    /// Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    public static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// Text inside XML or HTML, in an element or an attribute: `& < > " '`
    /// escaped; line breaks, tabs and invisible controls as character
    /// references (the same text to a parser, on one line of the file);
    /// what XML 1.0 forbids even escaped as U+FFFD; and `##[` broken by a
    /// reference, for a CI log that shows the document.
    public static func markup(_ text: String) -> String {
        var result = ""
        var previousWasHash = false
        for scalar in text.unicodeScalars {
            let isHash = scalar == "#"
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "#" where previousWasHash: result += "&#35;"
            case _ where !isXMLCharacter(scalar): result += "\u{FFFD}"
            case _ where scalar.value < 0x20 || isInvisibleControl(scalar) || scalar.value == 0x7F:
                result += "&#x" + String(scalar.value, radix: 16, uppercase: true) + ";"
            default: result.unicodeScalars.append(scalar)
            }
            previousWasHash = isHash
        }
        return result
    }

    // MARK: JSON

    /// An encoded JSON document made safe for a log: inside its strings (the
    /// only place JSON has a `#`), the second `#` of `##` as `\u0023`, and
    /// DEL and the invisible controls, which JSON allows raw, as `\uXXXX` —
    /// the same document to a parser.
    public static func json(_ encoded: String) -> String {
        guard encoded.unicodeScalars.contains(where: { $0 == "#" || isUnsafe($0) }) else { return encoded }
        var result = String.UnicodeScalarView()
        var previousWasHash = false
        for scalar in encoded.unicodeScalars {
            if scalar == "#" && previousWasHash {
                result.append(contentsOf: "\\u0023".unicodeScalars)
                previousWasHash = false
                continue
            }
            previousWasHash = scalar == "#"
            // The encoder wrote every other control as an escape already.
            if isUnsafe(scalar) {
                result.append(contentsOf: ("\\u" + hex(scalar)).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
