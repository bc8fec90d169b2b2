// Tab completion: what the word under the cursor may become, from where it
// stands. At the start of a line, the meta-commands; after `:load`, `:save`
// or `:transcript`, paths; after `:show`, `:power`, `:list` and `:explain`,
// what they take; in Charter, what the language server would offer at that
// place (`CompletionContext`): fields after a dot, values after `holds`, the
// motivations after `motivation ==`, nothing inside a text …

import Charter

public struct Completion: Equatable, Sendable {
    /// Whole replacements for the word being completed, sorted.
    public var candidates: [String]
    /// Whether a space should follow a single candidate (not after a directory).
    public var appendsSpace: Bool
}

extension Session {
    /// The characters that end a word for completion. `.` is not one, so
    /// `m.wei` is completed whole to `m.weight`; nor is `-`, which belongs to
    /// names of files; nor `:`, which starts a meta-command. `/` is: a path is
    /// completed a name at a time, so the list shows names, not whole paths.
    public static let wordBreakCharacters = " \t\n\"()[]{},=<>!+*/"

    /// The completions of `word`, which ends at the cursor; `before` is the
    /// text of the line before the word.
    public func completions(of word: String, after before: String) -> Completion {
        let words = MetaCommand.words(before) ?? []
        if before.trimmingWhitespace().isEmpty && word.hasPrefix(":") {
            return Completion(candidates: matching(word, MetaCommand.catalog.map { ":" + $0.name }), appendsSpace: true)
        }
        if MetaCommand.starts(before), let command = words.first {
            switch command.dropFirst() {
            case "load": return paths(completing: word, after: before, only: ".charter")
            case "save", "transcript": return paths(completing: word, after: before, only: nil)
            case "show": return Completion(candidates: matching(word, entries.compactMap(\.name)), appendsSpace: false)
            case "power": return Completion(candidates: matching(word, program.model.bodies.map(\.name)), appendsSpace: false)
            case "list": return Completion(candidates: matching(word, Self.kindWords), appendsSpace: false)
            case "explain": return Completion(candidates: matching(word, Catalog.all.flatMap { [$0.id, $0.name] } + ["--list"]), appendsSpace: false)
            default: return Completion(candidates: [], appendsSpace: false)
            }
        }
        // Charter: what may stand here, as an editor completes it (CompletionContext).
        let text = before + word
        let context = CompletionContext(file: SourceFile(id: FileID(0), path: "<entry>", text: text), offset: text.utf8.count)
        let offered = context.candidates(model: program.model, entry: true)
        // A name with a space (a check's title) is never a word to type bare;
        // on an empty line, the words an entry starts with, not every name there is.
        let onEmptyLine = word.isEmpty && before.trimmingWhitespace().isEmpty
        let candidates = offered.filter { !onEmptyLine || $0.kind == .keyword }.map(\.text)
            .filter { !$0.contains(where: \.isWhitespace) }
        if let dot = word.lastIndex(of: ".") {
            // The word is replaced whole: `m.wei` becomes `m.weight`.
            let owner = String(word[..<dot])
            return Completion(candidates: matching(word, candidates.map { owner + "." + $0 }), appendsSpace: false)
        }
        return Completion(candidates: matching(word, candidates), appendsSpace: true)
    }

    private func matching(_ prefix: String, _ candidates: [String]) -> [String] {
        Array(Set(candidates.filter { $0.hasPrefix(prefix) })).sorted()
    }

    static let kindWords = ["alliance", "values", "principles", "tensions", "members", "blocs", "goals", "bodies",
                            "rules", "channels", "checks", "scenarios", "lets"]

    /// The names in the folder typed so far (the end of `before`, after the
    /// command's last space) that start with `word`: folders (with a `/`, so
    /// completion can go on into them) and files, only those ending in
    /// `suffix` if given. Spaces in names are escaped, as the meta-commands read them.
    private func paths(completing word: String, after before: String, only suffix: String?) -> Completion {
        let arguments = MetaCommand.words(before) ?? []
        let endsArgument = before.last?.isWhitespace == true && !before.hasSuffix("\\ ")
        let directory = arguments.count > 1 && !endsArgument ? arguments[arguments.count - 1] : ""
        let prefix = MetaCommand.words(word)?.first ?? ""
        guard let listing = files.entries(of: directory.isEmpty ? "." : directory) else {
            return Completion(candidates: [], appendsSpace: false)
        }
        let candidates = listing
            .filter { $0.name.hasPrefix(prefix) && ($0.name.hasPrefix(".") == prefix.hasPrefix(".")) }
            .filter { $0.isDirectory || suffix.map($0.name.hasSuffix) ?? true }
            .map { ($0.name + ($0.isDirectory ? "/" : "")).replacing(" ", with: "\\ ") }
            .sorted()
        let onlyDirectory = candidates.count == 1 && candidates[0].hasSuffix("/")
        return Completion(candidates: candidates, appendsSpace: !onlyDirectory)
    }
}
