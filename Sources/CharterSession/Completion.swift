// Tab completion: what the word under the cursor may become, from where it
// stands. At the start of a line, the meta-commands; after `:load`, `:save`
// or `:transcript`, paths; after `:show`, `:power`, `:list` and `:explain`,
// what they take; in Charter, after a dot the fields of what is before it,
// and elsewhere the keywords, words of the language and declared names.

import Charter

public struct Completion: Equatable, Sendable {
    /// Whole replacements for the word being completed, sorted.
    public var candidates: [String]
    /// Whether a space should follow a single candidate (not after a directory).
    public var appendsSpace: Bool
}

extension Session {
    /// The characters that end a word for completion. `.` is not one, so
    /// `m.wei` is completed whole to `m.weight`; nor are `/` and `-`, which
    /// belong to paths; nor `:`, which starts a meta-command.
    public static let wordBreakCharacters = " \t\n\"()[]{},=<>!+*"

    /// The completions of `word`, which ends at the cursor; `before` is the
    /// text of the line before the word.
    public func completions(of word: String, after before: String) -> Completion {
        let words = MetaCommand.words(before) ?? []
        if before.trimmingWhitespace().isEmpty && word.hasPrefix(":") {
            return Completion(candidates: matching(word, MetaCommand.catalog.map { ":" + $0.name }), appendsSpace: true)
        }
        if MetaCommand.starts(before), let command = words.first {
            switch command.dropFirst() {
            case "load": return paths(completing: word, only: ".charter")
            case "save", "transcript": return paths(completing: word, only: nil)
            case "show": return Completion(candidates: matching(word, entries.compactMap(\.name)), appendsSpace: false)
            case "power": return Completion(candidates: matching(word, program.model.bodies.map(\.name)), appendsSpace: false)
            case "list": return Completion(candidates: matching(word, Self.kindWords), appendsSpace: false)
            case "explain": return Completion(candidates: matching(word, Catalog.all.flatMap { [$0.id, $0.name] } + ["--list"]), appendsSpace: false)
            default: return Completion(candidates: [], appendsSpace: false)
            }
        }
        if let dot = word.lastIndex(of: ".") {
            let owner = String(word[..<dot])
            let fields = fieldNames(of: owner).map { owner + "." + $0 }
            return Completion(candidates: matching(word, fields), appendsSpace: false)
        }
        let names = entries.compactMap(\.name) + program.model.bindings.map(\.name)
        return Completion(candidates: matching(word, Self.languageWords + names), appendsSpace: true)
    }

    private func matching(_ prefix: String, _ candidates: [String]) -> [String] {
        Array(Set(candidates.filter { $0.hasPrefix(prefix) })).sorted()
    }

    /// The fields of what `owner` names: a declared thing's kind's fields,
    /// or every field when it is a variable or unknown.
    private func fieldNames(of owner: String) -> [String] {
        if let kind = program.model.symbols[owner] { return ExpressionBinder.fieldNames(of: kind).sorted() }
        return EntityKind.allCases.flatMap { ExpressionBinder.fieldNames(of: $0) }
    }

    static let kindWords = ["alliance", "values", "principles", "tensions", "members", "blocs", "goals", "bodies",
                            "rules", "channels", "checks", "scenarios", "lets"]

    /// The reserved words, the words that mean something in a position, the
    /// built-in collections and functions, and the enumerated words.
    static let languageWords: [String] = {
        let contextual = ["mission", "stage", "balance", "social", "business", "upholds", "opposes", "kind", "motivation",
                          "weight", "holds", "joined", "contribution", "class", "serves", "target", "decides", "by", "unanimity",
                          "consensus", "majority", "simple", "qualified", "weighted", "quota", "quorum", "veto", "on",
                          "about", "of", "else", "when", "reaches", "add", "remove", "amend", "expect", "passes", "fails",
                          "sum", "count", "min", "max", "union", "intersect", "except"]
        let enumerated = MemberKind.allCases.map(\.rawValue) + MembershipClass.allCases.map(\.rawValue) + Motivation.allCases.map(\.rawValue)
            + Stage.allCases.map(\.rawValue) + Frequency.allCases.map(\.rawValue) + RuleTopic.allCases.map(\.rawValue)
            + MatterTopic.allCases.map(\.rawValue) + ValueTopic.allCases.map(\.rawValue)
        return TokenKind.keywords.keys.map { $0 } + contextual + Array(Resolver.builtinCollections.keys)
            + ExpressionBinder.functionNames + enumerated
    }()

    /// Paths that start with `word`: directories (with a `/`, so completion
    /// can go on into them) and files, only those ending in `suffix` if given.
    /// Spaces in names are escaped, as the meta-commands read them.
    private func paths(completing word: String, only suffix: String?) -> Completion {
        let typed = MetaCommand.words(word)?.first ?? ""
        let slash = typed.lastIndex(of: "/")
        let directory = slash.map { String(typed[...$0]) } ?? ""
        let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        guard let listing = files.entries(of: directory.isEmpty ? "." : directory) else {
            return Completion(candidates: [], appendsSpace: false)
        }
        let candidates = listing
            .filter { $0.name.hasPrefix(prefix) && ($0.name.hasPrefix(".") == prefix.hasPrefix(".")) }
            .filter { $0.isDirectory || suffix.map($0.name.hasSuffix) ?? true }
            .map { (directory + $0.name + ($0.isDirectory ? "/" : "")).replacing(" ", with: "\\ ") }
            .sorted()
        let onlyDirectory = candidates.count == 1 && candidates[0].hasSuffix("/")
        return Completion(candidates: candidates, appendsSpace: !onlyDirectory)
    }
}
