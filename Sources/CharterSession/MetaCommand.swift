// The REPL's meta-commands: a line that starts with `:`. Their arguments are
// words separated by spaces; a path with spaces is quoted ("my file.charter")
// or has its spaces escaped (my\ file.charter), as completion writes it.

import Charter

enum MetaCommand: Equatable {
    case help, quit, check, undo, reset, whatIf, keep, drop, diff, explainList
    case load([String])
    case power(String?)
    case serve(String?)
    case show(String)
    case list(String?)
    case save(String, force: Bool)
    case explain(String)
    case transcript(String, force: Bool)
    /// A known command used wrongly: what to say.
    case usage(String)
    case unknown(String)

    /// Each command with its arguments and one line on what it does, in the order `:help` lists them.
    static let catalog: [(name: String, arguments: String, summary: String)] = [
        ("help", "", "list the commands"),
        ("load", "FILE...", "add the declarations of Charter files (and of what they import)"),
        ("check", "", "run every built-in check on the model and show the findings"),
        ("power", "[BODY]", "show each member's voting power in every body, or in one"),
        ("show", "NAME", "print a declaration"),
        ("list", "[KIND]", "list what is declared, or only the members, values, bodies, …"),
        ("undo", "", "take back the last change (up to 200)"),
        ("reset", "", "empty the model (`:undo` brings it back)"),
        ("what-if", "", "open a branch: change freely, compared with the model as it was"),
        ("diff", "", "in a what-if, the declarations, findings and power figures that differ from before it"),
        ("keep", "", "end the what-if, keeping its changes"),
        ("drop", "", "end the what-if, abandoning its changes"),
        ("save", "[--force] FILE", "write the model as Charter source (--force replaces a file not loaded here)"),
        ("transcript", "[--force] FILE", "write this session as a script that replays it and checks every answer"),
        ("explain", "CHECK", "why a check matters and how to fix what it finds (`--list` lists them)"),
        ("serve", "[PORT|stop]", "show the model live in a browser, for the room: a page on this computer that follows every change"),
        ("quit", "", "end the session (so does Ctrl-D)"),
    ]

    static var names: [String] { catalog.map(\.name) + ["exit"] }

    /// Whether a line is a meta-command: a `:` and a word, or `:` alone. A
    /// `:` followed by a space is Charter (the colon of a quantifier).
    static func starts(_ line: String) -> Bool {
        let trimmed = line.drop { $0.isWhitespace }
        guard trimmed.first == ":" else { return false }
        let next = trimmed.dropFirst().first
        return next == nil || next!.isLetter || next == "?"
    }

    /// A path as a meta-command's argument: spaces, quotes and backslashes escaped.
    static func quoted(_ path: String) -> String {
        var quoted = ""
        for character in path {
            if character.isWhitespace || character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted
    }

    static var helpText: String {
        let width = catalog.map { $0.name.count + ($0.arguments.isEmpty ? 0 : $0.arguments.count + 1) }.max() ?? 0
        // Laid out to 80 columns, whatever the terminal: a summary that does
        // not fit goes on under itself.
        let columns = 80
        let opening = "Enter Charter declarations (member, body, …), `remove NAME` (or `remove \"a check's title\"`),"
            + " `amend NAME { … }`, or an expression to evaluate."
        let entries = "An entry with an open `{`, `(` or `[` goes on over more lines; an empty line ends it."
        var lines: [String] = [Explanation.wrap(opening, width: columns), Explanation.wrap(entries, width: columns), ""]
        let indent = String(repeating: " ", count: width + 5)
        for command in catalog {
            let usage = command.name + (command.arguments.isEmpty ? "" : " " + command.arguments)
            let summary = Explanation.wrap(command.summary, width: columns - indent.count).replacing("\n", with: "\n" + indent)
            lines.append("  :" + usage + String(repeating: " ", count: width - usage.count) + "  " + summary)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether replaying a transcript should repeat the command: not those
    /// that write files or only describe the session.
    var belongsInTranscript: Bool {
        switch self {
        // `:load` records itself, with the files loaded at the start; `:save`
        // is kept as a comment (see `Session.handle`).
        case .help, .quit, .load, .transcript, .serve, .usage, .unknown: false
        default: true
        }
    }

    static func parse(_ line: String) -> MetaCommand {
        let body = String(line.drop { $0.isWhitespace }.dropFirst())
        guard let words = Self.words(body) else { return .usage("a quote is not closed: `\(line)`") }
        guard let name = words.first else { return .usage("a command follows `:`; `:help` lists them") }
        guard !words.contains("") else { return .usage("an argument cannot be empty: `\(line)`") }
        let arguments = Array(words.dropFirst())
        func none(_ command: MetaCommand) -> MetaCommand {
            arguments.isEmpty ? command : .usage("`:\(name)` takes no arguments")
        }
        func one(_ what: String, _ placeholder: String, _ make: (String) -> MetaCommand) -> MetaCommand {
            arguments.count == 1 ? make(arguments[0]) : .usage("`:\(name)` takes \(what): `:\(name) \(placeholder)`")
        }
        func optional(_ make: (String?) -> MetaCommand) -> MetaCommand {
            arguments.count <= 1 ? make(arguments.first) : .usage("`:\(name)` takes at most one argument")
        }
        switch name {
        case "help", "h", "?": return none(.help)
        case "quit", "q", "exit": return none(.quit)
        case "check": return none(.check)
        case "undo": return none(.undo)
        case "reset": return none(.reset)
        case "what-if", "whatif": return none(.whatIf)
        case "keep": return none(.keep)
        case "drop": return none(.drop)
        case "diff": return none(.diff)
        case "load":
            return arguments.isEmpty ? .usage("`:load` takes the files to load: `:load FILE...`") : .load(arguments)
        case "power": return optional(MetaCommand.power)
        case "serve": return optional(MetaCommand.serve)
        case "show": return one("a name", "NAME") { .show($0) }
        case "list": return optional(MetaCommand.list)
        case "explain":
            if arguments == ["--list"] { return .explainList }
            return one("a check", "CHECK") { .explain($0) }
        case "save", "transcript":
            let force = arguments.contains("--force")
            let paths = arguments.filter { $0 != "--force" }
            guard paths.count == 1 else { return .usage("`:\(name)` takes one file: `:\(name) FILE`, or `:\(name) --force FILE`") }
            return name == "save" ? .save(paths[0], force: force) : .transcript(paths[0], force: force)
        default: return .unknown(name)
        }
    }

    /// Splits arguments at spaces, honouring "quotes" and backslash
    /// escapes; nil when a quote is left open.
    static func words(_ text: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                word.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if character == "\"" {
                quoted.toggle()
                inWord = true
            } else if character.isWhitespace && !quoted {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return quoted ? nil : words
    }
}
