// The live model of a session is a list of declarations, each kept as the
// syntax it was entered or loaded as, so that `:save` and `:show` print what
// people wrote (with its comments) and a replaced declaration keeps its
// place. Changes — redefining, `remove`, `amend` — are edits of that list;
// the model is resolved anew from it after each one.

import Charter

/// One declaration of the live model.
struct Entry: Sendable {
    /// What a new declaration replaces: its name, or for things without
    /// one their title (`check "…"`) or sides (`tension a vs b`). nil for
    /// the statements of a loaded file, which are kept but never replaced.
    var key: String?
    /// What it is: `member`, `body`, `check`, …
    var kind: String
    var declaration: Declaration
    /// The file it was first written in. An `amend` or a `remove` rewrites
    /// the declaration into a file of its own but leaves it where it stood,
    /// so `:save` still writes the file's opening and closing comments
    /// around the declarations of that file.
    let home: FileID

    /// A loaded file's `show` or `assert` gives its text, whitespace
    /// collapsed, as its key: loading the file again replaces it.
    init(_ declaration: Declaration, statementText: String? = nil) {
        self.declaration = declaration
        home = declaration.span.file
        (key, kind) = Self.identity(of: declaration)
        if let statementText { key = "statement " + statementText }
    }

    /// The name people use for it in `:show` and messages.
    var name: String? {
        switch declaration {
        case .alliance(let d): d.name.text
        case .show, .assert: nil
        default: key
        }
    }

    /// A check's or scenario's title.
    var title: String? {
        switch declaration {
        case .check(let d): d.title.value
        case .scenario(let d): d.title.value
        default: nil
        }
    }

    /// What it is, for messages: member `x`, check "title", tension a vs b.
    var description: String {
        switch declaration {
        case .tension: key ?? kind
        case .check, .scenario: "\(kind) \"\(title ?? "")\""
        default: "\(kind) `\(name ?? "")`"
        }
    }

    private static func identity(of declaration: Declaration) -> (String?, String) {
        switch declaration {
        // One alliance per model: a new one replaces the old whatever its name.
        case .alliance: ("alliance", "alliance")
        case .value(let d): (d.name.text, "value")
        case .principle(let d): (d.name.text, "principle")
        case .tension(let d): ("tension \(d.left) vs \(d.right)", "tension")
        case .member(let d): (d.name.text, "member")
        case .bloc(let d): (d.name.text, "bloc")
        case .goal(let d): (d.name.text, "goal")
        case .body(let d): (d.name.text, "body")
        case .rule(let d): (d.name.text, "rule")
        case .channel(let d): (d.name.text, "channel")
        case .check(let d): ("check \"\(d.title.value)\"", "check")
        case .scenario(let d): ("scenario \"\(d.title.value)\"", "scenario")
        case .let(let d): (d.name.text, "let")
        case .import, .show, .assert, .bad: (nil, "statement")
        }
    }
}

/// A name to remove that is not in the model.
struct EditProblem: Error {
    var diagnostic: Diagnostic
}

extension [Entry] {
    func index(of key: String) -> Int? { firstIndex { $0.key == key } }

    /// The entry people call `name`: a declared name, the alliance's, or a
    /// check's or scenario's title.
    func index(named name: String) -> Int? {
        firstIndex { $0.name == name } ?? firstIndex { $0.title == name || $0.key == "tension \(name)" }
    }

    /// Adds entries, each replacing the one with its key where it stands.
    /// Returns what each did: added or replaced. Two declarations of one key
    /// in the same entry both stay, so the resolver reports the duplicate.
    mutating func insert(_ new: [Entry]) -> [(entry: Entry, replaced: Bool)] {
        var added: Set<String> = []
        var outcomes: [(Entry, Bool)] = []
        // An entry or two look their keys up one by one; a file's worth
        // looks them up in a table of the entries there were, made once
        // (looking each up in turn made loading a file quadratic: 20,000
        // members took three times as long as 10,000).
        var positions: [String: Int]?
        if new.count > 8 {
            var table: [String: Int] = [:]
            table.reserveCapacity(count)
            for (index, entry) in enumerated() {
                if let key = entry.key, table[key] == nil { table[key] = index }
            }
            positions = table
        }
        func position(of key: String) -> Int? {
            guard let positions else { return index(of: key) }
            return positions[key]
        }
        for entry in new {
            // Only the entries there were: a key added by this call is in `added`.
            if let key = entry.key, !added.contains(key), let index = position(of: key) {
                self[index] = entry
                outcomes.append((entry, true))
            } else {
                append(entry)
                outcomes.append((entry, false))
            }
            if let key = entry.key { added.insert(key) }
        }
        return outcomes
    }

    /// Removes the things called `names` and every mention of them in
    /// others' lists, as `ModelEdit.remove` does to a model (ModelEdit.swift
    /// lists them): a member leaves a body's members and vetoes and a bloc's
    /// or channel's list, a value what members hold; a tension between a
    /// removed thing and another goes with it. A bloc or channel left with
    /// no names selects nobody, which the checks report (C104, C102). A goal
    /// or principle left with no value cannot be written: the session asks
    /// `Model.emptied(removing:)` first (E802).
    mutating func remove(_ names: [Name]) throws(EditProblem) -> [Entry] {
        var removed: [Entry] = []
        var seen: Set<String> = []
        for name in names where seen.insert(name.text).inserted {
            guard let index = index(named: name.text) else {
                let known = compactMap(\.name)
                throw EditProblem(diagnostic: Diagnostic(
                    SessionDiagnostic.unknownName, "nothing called `\(name.text)` is in the model", at: name.span,
                    help: Spelling.suggestion(for: name.text, among: known).map { "did you mean `\($0)`?" }
                        ?? "`:list` lists what is declared"))
            }
            removed.append(remove(at: index))
        }
        let gone = Set(removed.compactMap(\.name))
        removeAll { entry in
            guard case .tension(let d) = entry.declaration else { return false }
            return gone.contains(d.left.text) || gone.contains(d.right.text)
        }
        for index in indices {
            self[index].declaration = self[index].declaration.without(gone)
        }
        return removed
    }
}

extension Declaration {
    /// The declaration with `gone` names left out of its lists, as
    /// `ModelEdit.remove` leaves them out of the model's.
    fileprivate func without(_ gone: Set<String>) -> Declaration {
        func kept(_ list: [Name]) -> [Name] { list.filter { !gone.contains($0.text) } }
        func kept(_ selector: Selector) -> Selector {
            if case .names(let list) = selector { return .names(kept(list)) }
            return selector
        }
        func keptItems(_ items: [Item]) -> [Item] {
            items.compactMap { item in
                var item = item
                switch item.kind {
                case .holds(let values):
                    guard !kept(values).isEmpty else { return nil }
                    item.kind = .holds(kept(values))
                case .members(.names(let members)):
                    // A body without a `members` item has none.
                    guard !kept(members).isEmpty else { return nil }
                    item.kind = .members(.names(kept(members)))
                case .veto(let holders, let matters):
                    guard !kept(holders).isEmpty else { return nil }
                    item.kind = .veto(kept(holders), on: matters)
                default:
                    break
                }
                return item
            }
        }
        switch self {
        case .principle(var d):
            d.clauses = d.clauses.compactMap { clause in
                var clause = clause
                clause.values = kept(clause.values)
                return clause.values.isEmpty ? nil : clause
            }
            return .principle(d)
        case .member(var d):
            d.items = keptItems(d.items)
            return .member(d)
        case .body(var d):
            d.items = keptItems(d.items)
            return .body(d)
        case .bloc(var d):
            d.selector = kept(d.selector)
            return .bloc(d)
        case .goal(var d):
            d.serves = kept(d.serves)
            return .goal(d)
        case .channel(var d):
            d.reaches = kept(d.reaches)
            return .channel(d)
        default:
            return self
        }
    }
}
