// The resolver: syntax trees in, a typed model and diagnostics out.
//
// Design. Charter is declarative: a declaration may refer to names declared
// later, or in another file of the same program, so resolution runs in
// passes over all files at once.
//   1. Declare: every declared name enters one namespace. A name declared
//      twice is reported at the second declaration, with the first as a
//      label; built-in names (`members`, `banzhaf`, …) cannot be declared.
//   2. Build: each declaration becomes a model entity. Every reference is
//      checked to exist and to be of the right kind (a value where a value is
//      expected), with "did you mean" for typos; enumerated words (`kind
//      company`, `stage forming`) are checked against their lists; shares,
//      quotas and weights are checked against their ranges.
//   3. Bind: expressions in `let`, `check`, `show`, `assert`, queries and
//      scenarios are bound (see ExpressionBinder.swift), and scenarios are
//      checked step by step against an overlay of the names they add and
//      remove, so each costs its own size.
// Like every stage, the resolver never stops at the first error: it reports
// what it finds and builds as much of the model as it can.

import CharterDiagnostics
import CharterNumbers
import CharterSyntax

/// Diagnostics of the resolver.
public enum ResolverDiagnostic {
    public static let unknownName = DiagnosticCode("E301", "unknown-name")
    public static let duplicateName = DiagnosticCode("E302", "duplicate-name")
    public static let wrongKind = DiagnosticCode("E303", "wrong-kind-of-reference")
    public static let unknownWord = DiagnosticCode("E304", "unknown-word")
    public static let unknownField = DiagnosticCode("E305", "unknown-field")
    public static let wrongArguments = DiagnosticCode("E306", "wrong-arguments")
    public static let duplicateItem = DiagnosticCode("E307", "duplicate-item")
    public static let missingDecisionRule = DiagnosticCode("E308", "missing-decision-rule")
    public static let cycle = DiagnosticCode("E309", "cycle")
    public static let notAFunction = DiagnosticCode("E310", "not-a-function")
    public static let secondAlliance = DiagnosticCode("E311", "second-alliance")
    public static let reservedName = DiagnosticCode("E312", "reserved-name")
    public static let repeatedReference = DiagnosticCode("E313", "repeated-reference", .warning)
    public static let unknownCheck = DiagnosticCode("E314", "unknown-check")
    public static let cannotAmend = DiagnosticCode("E315", "cannot-amend")
    public static let notBoolean = DiagnosticCode("E316", "not-true-or-false")
    public static let notNumber = DiagnosticCode("E317", "not-a-number")
    public static let notASet = DiagnosticCode("E318", "not-a-set")
    public static let mismatchedKinds = DiagnosticCode("E319", "mismatched-kinds")

    public static let shareOutOfRange = DiagnosticCode("E401", "share-out-of-range")
    public static let quotaAboveTotal = DiagnosticCode("E402", "quota-above-total-weight")
    public static let notWhole = DiagnosticCode("E403", "not-a-whole-number")
    public static let joinedInFuture = DiagnosticCode("E404", "joined-after-current-stage")
    public static let vetoByOutsider = DiagnosticCode("E405", "veto-by-non-member")
    public static let vetoOnUndecided = DiagnosticCode("E406", "veto-on-undecided-matter", .warning)
    public static let missingShare = DiagnosticCode("E407", "missing-share")
    public static let simpleMajorityShare = DiagnosticCode("E408", "share-on-simple-majority")
    public static let selfTension = DiagnosticCode("E409", "tension-with-itself")
    public static let mixedTension = DiagnosticCode("E410", "tension-across-kinds")
    public static let contradictoryStance = DiagnosticCode("E411", "upholds-and-opposes")
    public static let zeroThreshold = DiagnosticCode("E412", "zero-threshold")

    /// Every code this stage can emit.
    public static let all: [DiagnosticCode] = [
        unknownName, duplicateName, wrongKind, unknownWord, unknownField, wrongArguments, duplicateItem,
        missingDecisionRule, cycle, notAFunction, secondAlliance, reservedName, repeatedReference,
        unknownCheck, cannotAmend, notBoolean, notNumber, notASet, mismatchedKinds, shareOutOfRange, quotaAboveTotal, notWhole,
        joinedInFuture, vetoByOutsider, vetoOnUndecided, missingShare, simpleMajorityShare, selfTension,
        mixedTension, contradictoryStance, zeroThreshold,
    ]
}

/// The result of resolving a program.
public struct Resolution: Sendable {
    public var model: Model
    public var diagnostics: [Diagnostic]
    /// The units of work resolving took (`Resolver.work`).
    public var work: Int
    /// Of those, the candidates compared with unknown names for suggestions
    /// and the entries read to choose them: at most a bounded number for each
    /// name reported, however many names there are.
    public var suggesting = 0
    /// Where a name an edit removed is still named (see `Resolver.resolve`).
    public var removedUses: [Span] = []
    /// Every place a declared name is written, its declaration included,
    /// with the declaration it denotes there: what an editor's go to
    /// definition, references and rename follow.
    public var uses: [NameUse] = []
}

/// A declared name where it is written, and what it denotes there: resolved
/// once, here, for everyone who asks where a name leads.
public struct NameUse: Hashable, Sendable {
    /// The name as written.
    public var span: Span
    /// The name in the declaration it denotes (itself, at a declaration).
    public var declaration: Span
    public var kind: EntityKind
    public init(span: Span, declaration: Span, kind: EntityKind) {
        self.span = span
        self.declaration = declaration
        self.kind = kind
    }
}

/// A removal of a name by an edit: what the name was, and the files written
/// before it (those whose `FileID` is below `before`), whose uses of the name
/// meant that.
public struct Removal: Sendable {
    public var kind: EntityKind
    public var before: FileID
    public init(kind: EntityKind, before: FileID) {
        self.kind = kind
        self.before = before
    }
}

/// Binds names and builds the model from the syntax of all files of a program.
public struct Resolver {
    /// Names that are built into the language and cannot be declared.
    public static let builtinCollections: [String: EntityKind] = [
        "members": .member, "values": .value, "principles": .principle, "goals": .goal,
        "bodies": .body, "rules": .rule, "channels": .channel, "blocs": .bloc,
    ]

    /// What a member holds, a principle upholds and a goal serves: made once,
    /// not for each list.
    static let valueKind: EntityKinds = [.value]

    /// Names the language reserves: the built-in collections and functions.
    private static let reservedNames = Set(builtinCollections.keys).union(Builtin.allCases.map(\.rawValue))

    /// Whether `name` is built in, and cannot be declared. The reserved
    /// names are words of lowercase letters, so a name that ends otherwise
    /// (most names of a large alliance end in a digit) is told without a
    /// look at the table.
    public static func isReserved(_ name: String) -> Bool {
        guard let last = name.utf8.last, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(last) else { return false }
        return reservedNames.contains(name)
    }

    /// Resolves the files of a program. `edited` names files whose
    /// declarations are as an edit of the model left them (the REPL's, after
    /// a `remove` or `amend` elsewhere), not as someone wrote them: a quota
    /// out of reach or a veto of a member not seated there is the edit's
    /// consequence, a finding of the edited model (C804, C103), not an error;
    /// so is a member that joined in a stage the alliance is no longer in (C907).
    ///
    /// `removed` are the names edits took out of the model, each with its
    /// removals, oldest first: a check, `let`, rule or query written before a
    /// removal, as an edit left it, still names what the name was then — as
    /// a scenario's check, bound once, does — even where the name has since
    /// been declared as something else; evaluating it says so (E609). Where,
    /// is `Resolution.removedUses`.
    ///
    /// `typed` are the parts of edited files that were written as they are
    /// (the items an `amend` typed): what they say is checked as written, as a
    /// scenario's `amend` step is, while the rest of the declaration is as
    /// the edit left it.
    /// `builtinChecks`: the IDs and names of the built-in checks, which a
    /// scenario's `expect finding` may name (the catalog lives with the
    /// checks, after this stage).
    ///
    /// A lint run, which needs neither the trees after the model nor the
    /// uses of names, resolves with a `Stream` instead, as it parses.
    /// `recordingUses`: whether `Resolution.uses` is wanted (by an editor).
    ///
    /// `memory`: the builds of members kept from the resolutions before,
    /// for a caller that resolves again after a small change (see
    /// `BuildMemory`); the resolution is the same without it.
    public static func resolve(_ files: consuming [SourceFileSyntax], edited: Set<FileID> = [], typed: [Span] = [],
                               removed: [String: [Removal]] = [:], builtinChecks: [String] = [],
                               recordingUses: Bool = true, memory: BuildMemory? = nil) -> Resolution {
        var files = files
        var resolver = Resolver()
        resolver.builtinChecks = builtinChecks
        resolver.edited = edited
        resolver.typed = typed
        resolver.removed = removed
        resolver.recordingUses = recordingUses
        // Sized once: grown by doubling, the tables of 100,000 names were
        // rehashed a dozen times each.
        let count = files.reduce(0) { $0 + $1.declarations.count }
        resolver.symbols.reserveCapacity(count)
        if recordingUses { resolver.uses.reserveCapacity(count) }
        // Walked in place, three times: a copy of every declaration would
        // be as large as the tree.
        if memory != nil { resolver.kept = BuildMemory.Table() }
        for declaration in files.lazy.flatMap(\.declarations) { resolver.declare(declaration) }
        let members = resolver.symbols.values.count { $0.kind == .member }
        resolver.model.members.reserveCapacity(members)
        guard let memory else { return resolver.buildAndBind(&files, releasingMembers: false) }
        // Builds made against other values are of no use: forgotten.
        let values = resolver.kept!.values
        resolver.kept = memory.take()
        if resolver.kept!.values != values {
            resolver.kept = BuildMemory.Table(values: values, generation: resolver.kept!.generation)
        }
        resolver.kept!.generation += 1
        resolver.kept!.reused = 0
        let resolution = resolver.buildAndBind(&files, releasingMembers: false)
        memory.give(back: resolver.kept!, members: resolution.model.members.count)
        return resolution
    }

    /// The passes after the first, over the declarations it declared: each
    /// built into the model, the model checked as a whole, its expressions
    /// bound. `releasingMembers` lets each member's declaration go once it
    /// is built, and the placeholders after (nothing later reads them), where
    /// the caller gave up its own copy of `files`; `early`, the members
    /// a `Stream` built as they were parsed, in order, when some members
    /// were left for this pass: the model lists them all in the order written.
    private mutating func buildAndBind(_ files: inout [SourceFileSyntax], releasingMembers: Bool,
                                       early: (members: [Member], spans: [Span])? = nil) -> Resolution {
        var nextEarly = 0
        for file in files.indices {
            guard releasingMembers else {
                for declaration in files[file].declarations { build(declaration) }
                continue
            }
            // Taken out of the file to be changed in place (a file's list of
            // declarations is observed, so changing it there copies it).
            var declarations = files[file].declarations
            files[file].declarations = []
            for position in declarations.indices {
                if let early, nextEarly < early.spans.count, case .bad(let span, nil) = declarations[position],
                   span == early.spans[nextEarly] {
                    // Built as it was parsed: put in its place among those built now.
                    model.members.append(early.members[nextEarly])
                    nextEarly += 1
                }
                build(declarations[position])
                if case .member = declarations[position] {
                    declarations[position] = .bad(declarations[position].span, name: nil)
                }
            }
            // What `bindExpressions` has nothing to bind in is counted here, and
            // dropped: the placeholders of a large file's members were as
            // large as the model's members while the model was checked.
            let kept = declarations.filter { if case .bad = $0 { false } else { true } }
            work += declarations.count - kept.count
            files[file].declarations = kept
        }
        if let early, nextEarly < early.members.count {
            // Every placeholder is met in the order `take` made them, as the
            // files are those it was handed; were one not, its member would
            // still be in the model, last, rather than lost.
            model.members += early.members[nextEarly...]
        }
        checkBodies()
        checkJoiningStages()
        checkBlocCycles()
        bindExpressions(files.lazy.flatMap(\.declarations))
        let diagnostics = DiagnosticLimit.apply(diagnostics, unlisted: unlisted,
                                                what: "there are too many problems in this alliance")
        // The table of names made once, in the model's terms: laid out as the
        // resolver's, so no name is hashed again.
        model.symbols = symbols.mapValues(\.kind)
        return Resolution(model: model, diagnostics: diagnostics, work: work, suggesting: suggesting,
                          removedUses: removedUses, uses: uses)
    }

    /// A lint run's resolver, handed each declaration as the parser finishes
    /// it (`Parser.parse(_:maximumDepth:handingOver:)`), file by file in the
    /// order the program's files are then given to `finish`. It declares
    /// each name as it comes, and builds a member at once when nothing
    /// written after it could change what it builds: every value it holds
    /// already declared as a value, its own name declared first by it, and
    /// no problem in it to report (one is reported in the build pass, in its
    /// order, as `resolve` reports it). Such a member's block is let go as
    /// soon as it is parsed, so the trees of a large alliance's members are
    /// never all held at once (they were the larger part of its memory).
    /// What it resolves is what `resolve` resolves, diagnostics, work and
    /// the model's order included (but for the uses of names, which only
    /// editors follow, and which it does not record).
    public struct Stream {
        var resolver = Resolver()
        /// The members built as they came, and where each was written.
        var early: [Member] = []
        var earlySpans: [Span] = []
        /// How many members were left for the build pass.
        var deferred = 0

        public init(builtinChecks: [String] = []) {
            resolver.recordingUses = false
            resolver.builtinChecks = builtinChecks
        }

        /// Makes room in the table of names for a file of `bytes` about to
        /// be handed over, at about 128 bytes a declaration (130 in the
        /// generated alliances, more in written ones): a denser file grows
        /// the table once or twice from there, where growing it from nothing
        /// hashed every name again a dozen times, a tenth of a lint run.
        public mutating func expect(bytes: Int) {
            resolver.symbols.reserveCapacity(resolver.symbols.count + bytes / 128)
        }

        /// Declares what `declaration` names and returns what the parser
        /// keeps of it: the declaration, or, for a member built now, a
        /// placeholder of its span (`.bad` without a name, which the later
        /// passes take for it). `replaceable`: no comment is written inside
        /// it, so a placeholder of its span has the comments it had.
        public mutating func take(_ declaration: Declaration, replaceable: Bool) -> Declaration {
            let declared = resolver.declare(declaration)
            guard case .member(let d) = declaration else { return declaration }
            // A value it holds not yet declared as one (or not at all) fails
            // the trial below, as any problem does: not looked up twice.
            guard replaceable, declared else {
                deferred += 1
                return declaration
            }
            let work = resolver.work
            resolver.probing = true
            let member = resolver.buildMember(d)
            resolver.probing = false
            guard !resolver.probeFailed else {
                // Left for the build pass, which reports it in its place; the
                // trial's member, and its work, are let go.
                resolver.probeFailed = false
                resolver.work = work
                deferred += 1
                return declaration
            }
            // The build pass counts the placeholder's visit, as the member's.
            early.append(member)
            earlySpans.append(d.span)
            return .bad(d.span, name: nil)
        }

        /// The program resolved: `files` are those parsed, with what `take`
        /// returned in place of their declarations.
        public consuming func finish(_ files: consuming [SourceFileSyntax]) -> Resolution {
            var files = files
            if deferred == 0 {
                // Every member was built in order: the model's list is theirs.
                resolver.model.members = early
                early = []
                return resolver.buildAndBind(&files, releasingMembers: true)
            }
            resolver.model.members.reserveCapacity(early.count + deferred)
            let built = (early, earlySpans)
            early = []
            earlySpans = []
            return resolver.buildAndBind(&files, releasingMembers: true, early: built)
        }
    }

    var model = Model()
    var diagnostics: [Diagnostic] = []
    /// With a `BuildMemory`: the values declared (while declaring), then
    /// its table, read and added to by the build pass.
    var kept: BuildMemory.Table?
    /// How many problems were found, said or not (`hasRoomToReport`): a
    /// build that found none may be kept.
    var problems = 0
    /// Files as an edit left them, and the names edits removed (see `resolve`).
    var edited: Set<FileID> = []
    var typed: [Span] = []
    var removed: [String: [Removal]] = [:]
    var removedUses: [Span] = []
    /// Every declared name where it is written (`Resolution.uses`), when
    /// `recordingUses`; a lint run needs none.
    var uses: [NameUse] = []
    var recordingUses = true
    /// What a name denotes and where it was declared.
    typealias Symbol = (kind: EntityKind, span: Span)
    /// Each declared name: what it is and where its name was written.
    var symbols: [String: Symbol] = [:]
    /// While a scenario is checked: the names it has added, and those it has
    /// removed (as nil). An overlay, so a step costs its own size, not the
    /// size of the alliance.
    var scenarioSymbols: [String: Symbol?]?
    /// The types of `let` bindings, once known.
    var bindingTypes: [String: ExprType] = [:]
    /// The syntax of each of `model.bindings`' values, until they are bound.
    var bindingSyntax: [Expr] = []
    /// Names of declarations the parser could not read: references to them
    /// are not reported, since the syntax error already is.
    var brokenNames: Set<String> = []
    /// The most severe of the problems found once the list was full.
    var unlisted: Severity?
    /// Set while a `Stream` tries to build a member as it is read: a
    /// problem is noted (`probeFailed`), not put into words, and the rest
    /// of the member is not looked at; the build pass reports it in its
    /// order. A file of thousands of members with problems costs a trial
    /// one look each, not a message and a search for a suggestion each.
    var probing = false
    var probeFailed = false
    /// How many problems were put into words (`report`): none in a trial.
    var reportsMade = 0

    /// Whether a `Stream`'s trial is under way, where a problem is noted
    /// rather than said (and the trial fails): the caller stops looking.
    mutating func trialFails() -> Bool {
        if probing { probeFailed = true }
        return probing
    }
    /// Names the scenario being checked has removed, and where.
    var removedInScenario: [String: Span] = [:]
    /// The alliance's name, once declared: a program describes one.
    var allianceSymbol: Symbol?
    /// The members, bloc and weights of the model as declared, made once
    /// by `checkBodies` for the scenarios to lay their changes over.
    var baseExpansion: MemberExpansion?
    /// Where each member, goal and body stands in the model as declared, for
    /// a scenario's `amend`; made once, when the first scenario needs it.
    var amendable: Amendable?
    struct Amendable {
        var members: [String: Int] = [:]
        var goals: [String: Int] = [:]
        var bodies: [String: Int] = [:]
    }
    /// The titles of the checks, for a scenario's `expect check`; made once.
    var checkTitles: Set<String>?
    /// The built-in checks' IDs and names, for `expect finding` (see `resolve`).
    var builtinChecks: [String] = []
    /// The same, indexed for suggestions when a title is not found.
    var checkTitleCandidates: Spelling.Candidates?
    /// What the scenario being checked changed outside `scenarioSymbols`,
    /// with the values before, to put back when it ends: copying the tables
    /// for each scenario would cost the size of the alliance.
    var scenarioUndo: [ScenarioChange] = []
    enum ScenarioChange {
        case bindingType(String, ExprType?)
    }
    /// Units of work done: a declaration visited by a pass, an item applied,
    /// a name referred to, an expression node bound, a body checked, a name
    /// looked at in expanding a member set, a scenario step. Counted where
    /// the loops run, so that a test can show resolving grows in proportion
    /// to its input — a quadratic path shows at two sizes on any machine,
    /// however loaded — without timing it.
    var work = 0
    /// Of `work`, what suggestions took once their candidates were indexed.
    var suggesting = 0
    /// The declared names of each set of kinds asked about, indexed for
    /// suggestions once: a file of typos among thousands of names indexes
    /// them once, and each typo costs a bounded look.
    var declaredNames: [EntityKinds: Spelling.Candidates] = [:]

    // MARK: - Pass 1: declare

    /// Declares what `declaration` names; whether it named something that
    /// is now its own.
    @discardableResult
    private mutating func declare(_ declaration: Declaration) -> Bool {
        work += 1
        switch declaration {
        case .alliance(let d): return declare(d.name, as: .alliance)
        case .value(let d): return declare(d.name, as: .value)
        case .principle(let d): return declare(d.name, as: .principle)
        case .member(let d): return declare(d.name, as: .member)
        case .bloc(let d): return declare(d.name, as: .bloc)
        case .goal(let d): return declare(d.name, as: .goal)
        case .body(let d): return declare(d.name, as: .body)
        case .rule(let d): return declare(d.name, as: .rule)
        case .channel(let d): return declare(d.name, as: .channel)
        case .let(let d): return declare(d.name, as: .binding)
        case .bad(_, let name?): brokenNames.insert(name.text)
        case .tension, .check, .scenario, .import, .show, .assert, .bad: break
        }
        return false
    }

    /// Enters a name in the namespace; false when it could not be.
    @discardableResult
    mutating func declare(_ name: Name, as kind: EntityKind) -> Bool {
        if Self.isReserved(name.text) {
            report(ResolverDiagnostic.reservedName, "`\(name)` is a built-in name and cannot name \(kind.withArticle)",
                   at: name.span, help: "choose another name, such as `\(name)_\(kind == .binding ? "set" : kind.rawValue)`")
            return false
        }
        if kind == .alliance, let first = allianceSymbol {
            report(ResolverDiagnostic.secondAlliance, "a program describes one alliance, and `\(name)` is a second",
                   at: name.span, labels: [Label(first.span, "the alliance is declared here")],
                   help: "describe one alliance per program; the other can live in its own files")
            return false
        }
        // Outside a scenario, entered and checked with one look at the
        // table: what the name had, if anything, is put back.
        let existing: Symbol?
        if scenarioSymbols != nil {
            existing = symbol(name.text)
        } else {
            existing = symbols.updateValue((kind, name.span), forKey: name.text)
            if let existing { symbols[name.text] = existing }
        }
        if let existing {
            let same = existing.kind == kind ? "" : " as \(existing.kind.withArticle)"
            report(ResolverDiagnostic.duplicateName, "`\(name)` is declared twice",
                   at: name.span, label: "declared again here",
                   labels: [Label(existing.span, "first declared here\(same)")],
                   help: "every name in an alliance names one thing; rename one of them")
            return false
        }
        if recordingUses { uses.append(NameUse(span: name.span, declaration: name.span, kind: kind)) }
        if scenarioSymbols != nil {
            scenarioSymbols![name.text] = (kind, name.span)
        } else {
            if kind == .alliance { allianceSymbol = (kind, name.span) }
            if kind == .value && kept != nil { kept!.values[name.text] = name.span }
        }
        return true
    }

    /// What a name denotes now, in the scenario being checked if there is one.
    func symbol(_ name: String) -> Symbol? {
        if let entry = scenarioSymbols?[name] { return entry }
        return symbols[name]
    }

    /// Whether what is at `span` stands as someone wrote it, rather than as
    /// an edit of something else left it (see `resolve`).
    func asWritten(_ span: Span) -> Bool {
        // Most resolutions edit nothing: told without a look at the table.
        edited.isEmpty || !edited.contains(span.file) || typed.contains { $0.contains(span) }
    }

    /// What a name meant where it was written, when an edit has since
    /// removed that and nothing of its kind stands under the name now (see
    /// `resolve`); the use is recorded. nil where the name means what is declared.
    mutating func removedKind(of name: Name) -> EntityKind? {
        guard !removed.isEmpty, scenarioSymbols == nil, edited.contains(name.span.file),
              let removals = removed[name.text],
              let removal = removals.first(where: { name.span.file < $0.before }) else { return nil }
        if let symbol = symbols[name.text], symbol.kind == removal.kind { return nil }
        removedUses.append(name.span)
        return removal.kind
    }

    /// The name that denotes one of `kinds` now (or is one of `extra`)
    /// closest to `word`, for "did you mean"; and whether there is none at all.
    /// The declared names are indexed once per set of kinds; in a scenario,
    /// the names it has changed are laid over them.
    mutating func suggestion(for word: String, among kinds: EntityKinds, adding extra: [String] = [])
        -> (suggestion: String?, noCandidates: Bool) {
        let declared: Spelling.Candidates
        if let known = declaredNames[kinds] {
            declared = known
        } else {
            work += symbols.count
            declared = Spelling.Candidates(symbols.lazy.filter { kinds.contains($0.value.kind) }.map(\.key))
            work += declared.work
            declaredNames[kinds] = declared
        }
        let overlay = scenarioSymbols
        var added = extra
        if let overlay {
            work += overlay.count
            added += overlay.compactMap { name, symbol in symbol.map { kinds.contains($0.kind) } == true ? name : nil }
        }
        let more = added.isEmpty ? nil : Spelling.Candidates(added)
        work += more?.work ?? 0
        var looked = 0
        let suggestion = declared.suggestion(for: word, leavingOut: { overlay?.keys.contains($0) ?? false }, adding: more,
                                             work: &looked)
        work += looked
        suggesting += looked
        guard suggestion == nil, more == nil else { return (suggestion, false) }
        // Every declared name may be one the scenario changed: then look.
        let none = declared.count <= (overlay?.count ?? 0)
            && !symbols.contains { kinds.contains($0.value.kind) && overlay?[$0.key] == nil }
        return (nil, none)
    }

    // MARK: - Pass 2: build

    mutating func build(_ declaration: Declaration) {
        work += 1
        switch declaration {
        case .alliance(let d): buildAlliance(d)
        case .value(let d):
            model.values.append(Value(name: d.name.text, meaning: d.meaning.value,
                                      topic: d.about.flatMap { enumerated($0, ValueTopic.self, "value topic") },
                                      origin: origin(d.span, d.name)))
        case .principle(let d): buildPrinciple(d)
        case .tension(let d): buildTension(d)
        // A scenario's members are built against its own names, which the
        // memory does not know: built each time.
        case .member(let d): model.members.append(kept == nil || scenarioSymbols != nil ? buildMember(d) : buildMember(keeping: d))
        case .bloc(let d): buildBloc(d)
        case .goal(let d): model.goals.append(buildGoal(d))
        case .body(let d): buildBody(d)
        case .rule(let d): buildRule(d)
        case .channel(let d): buildChannel(d)
        // Expressions are bound in the third pass, into these places.
        case .check(let d):
            model.checks.append(UserCheck(title: d.title.value, condition: .unbound(d.condition.span), span: d.span))
        case .scenario(let d): model.scenarios.append(d)
        case .let(let d):
            model.bindings.append(LetBinding(name: d.name.text, value: .unbound(d.value.span), origin: origin(d.span, d.name)))
            bindingSyntax.append(d.value)
        case .show(let d): model.statements.append(.show(.unbound(d.value.span), span: d.span))
        case .assert(let d): model.statements.append(.assert(.unbound(d.condition.span), message: d.message?.value, span: d.span))
        case .import, .bad: break
        }
    }

    private mutating func buildAlliance(_ d: AllianceDecl) {
        // A second alliance has been reported; the first one is the model's.
        guard symbols[d.name.text]?.span == d.name.span else { return }
        var alliance = Alliance(name: d.name.text, title: d.title?.value, origin: origin(d.span, d.name))
        apply(d.items, to: &alliance)
        model.alliance = alliance
    }

    /// Applies alliance items, from a declaration or an `amend`.
    mutating func apply(_ items: [Item], to alliance: inout Alliance) {
        for item in unique(items, in: "alliance `\(alliance.name)`") {
            switch item.kind {
            case .mission(let text): alliance.mission = text.value
            case .stage(let word):
                alliance.stage = enumerated(word, Stage.self, "life stage") ?? alliance.stage
                alliance.stageSpan = item.span
            case .balance(let ratio):
                alliance.socialBalance = share(ratio, of: "the promised balance")
                alliance.balanceSpan = item.span
            default: cannotHave(item, "an alliance")
            }
        }
    }

    private mutating func buildPrinciple(_ d: PrincipleDecl) {
        var upholds: [String] = []
        var opposes: [String] = []
        for clause in d.clauses {
            let names = references(clause.values, to: Self.valueKind, as: "value").map(\.text)
            if clause.stance == .upholds { upholds += names } else { opposes += names }
        }
        for clause in d.clauses where clause.stance == .opposes {
            for value in clause.values where upholds.contains(value.text) {
                report(ResolverDiagnostic.contradictoryStance,
                       "principle `\(d.name)` both upholds and opposes `\(value)`", at: value.span,
                       help: "a principle takes one side of a value; if two principles pull against each other, declare a `tension`")
            }
        }
        model.principles.append(Principle(name: d.name.text, title: d.title?.value, upholds: upholds,
                                          opposes: opposes, origin: origin(d.span, d.name)))
    }

    private mutating func buildTension(_ d: TensionDecl) {
        guard d.left.text != d.right.text else {
            report(ResolverDiagnostic.selfTension, "`\(d.left)` cannot be in tension with itself", at: d.right.span,
                   help: "a tension names two different values, or two different principles")
            return
        }
        let sides = [d.left, d.right].map { reference($0, to: [.value, .principle], as: "value or principle") }
        guard let left = sides[0], let right = sides[1] else { return }
        guard left == right else {
            report(ResolverDiagnostic.mixedTension,
                   "a tension is between two values or two principles, not a \(left.rawValue) and a \(right.rawValue)",
                   at: d.left.span.to(d.right.span),
                   help: "name two values (`tension growth vs sufficiency`) or two principles")
            return
        }
        model.tensions.append(Tension(left: d.left.text, right: d.right.text,
                                      between: left == .value ? .values : .principles,
                                      note: d.note?.value, span: d.span))
    }

    mutating func buildMember(_ d: MemberDecl) -> Member {
        var member = Member(name: d.name.text, title: d.title?.value, weight: 1, holds: [],
                            origin: origin(d.span, d.name))
        apply(d.items, to: &member)
        return member
    }

    /// A member as `kept` has it when its build stands, or built now, and
    /// kept when it found no problem (see `BuildMemory`): the same member
    /// (where its stage is written with it), work and uses of names either way.
    private mutating func buildMember(keeping d: MemberDecl) -> Member {
        let removals = !removed.isEmpty && edited.contains(d.span.file) && d.items.contains { item in
            guard case .holds(let values) = item.kind else { return false }
            return values.contains { removed[$0.text] != nil }
        }
        // Read and marked where it is kept: a copy of each kept build (its
        // declaration and member) cost as much as building some members.
        if !removals, let index = kept!.positions[d.span], kept!.builds[index].declaration == d,
           !recordingUses || d.items.allSatisfy({ item in
               guard case .holds(let values) = item.kind else { return true }
               return values.allSatisfy { kept!.values[$0.text] != nil }
           }) {
            kept!.builds[index].generation = kept!.generation
            kept!.reused += 1
            work += kept!.builds[index].work
            if recordingUses {
                for item in d.items {
                    guard case .holds(let values) = item.kind else { continue }
                    for value in values {
                        if let declaration = kept!.values[value.text] {
                            uses.append(NameUse(span: value.span, declaration: declaration, kind: .value))
                        }
                    }
                }
            }
            return kept!.builds[index].member
        }
        let (workBefore, problemsBefore) = (work, problems)
        let member = buildMember(d)
        if problems == problemsBefore && !removals {
            kept!.keep(BuildMemory.Kept(declaration: d, member: member, work: work - workBefore, generation: kept!.generation))
        }
        return member
    }

    /// Applies member items, from a declaration or an `amend`.
    mutating func apply(_ items: [Item], to member: inout Member) {
        for item in unique(items, in: "member `\(member.name)`") {
            if probeFailed { return }
            switch item.kind {
            case .kind(let word): member.kind = enumerated(word, MemberKind.self, "member kind") ?? member.kind
            case .membershipClass(let word):
                member.membershipClass = enumerated(word, MembershipClass.self, "membership class") ?? member.membershipClass
            case .motivation(let word):
                member.motivation = enumerated(word, Motivation.self, "motivation") ?? member.motivation
            case .weight(let number): member.weight = wholeNumber(number, "a weight") ?? member.weight
            case .holds(let values): member.holds = references(values, to: Self.valueKind, as: "value").map(\.text)
            case .joined(let word):
                member.joined = enumerated(word, Stage.self, "life stage") ?? member.joined
                member.joinedSpan = word.span
            case .contribution(.amount(let number)):
                if let value = number.value { member.contribution = .amount(value) }
            case .contribution(.description(let text)): member.contribution = .description(text.value)
            default: cannotHave(item, "a member")
            }
        }
    }

    private mutating func buildBloc(_ d: BlocDecl) {
        model.blocs.append(Bloc(name: d.name.text, members: memberSet(d.selector), origin: origin(d.span, d.name)))
    }

    mutating func buildGoal(_ d: GoalDecl) -> Goal {
        var goal = Goal(name: d.name.text, title: d.title?.value, kind: d.kind == .social ? .social : .business,
                        serves: references(d.serves, to: Self.valueKind, as: "value").map(\.text), weight: 1,
                        origin: origin(d.span, d.name))
        apply(d.items, to: &goal)
        return goal
    }

    /// Applies goal items, from a declaration or an `amend`.
    mutating func apply(_ items: [Item], to goal: inout Goal) {
        for item in unique(items, in: "goal `\(goal.name)`") {
            switch item.kind {
            case .target(let text): goal.target = text.value
            case .weight(let number): goal.weight = wholeNumber(number, "a weight") ?? goal.weight
            default: cannotHave(item, "a goal")
            }
        }
    }

    private mutating func buildBody(_ d: BodyDecl) {
        var body = Body(name: d.name.text, title: d.title?.value, members: .named([]), matters: [], vetoes: [],
                        origin: origin(d.span, d.name))
        apply(d.items, to: &body)
        model.bodies.append(body)
    }

    /// Applies body items, from a declaration or an `amend`. What needs the
    /// whole model (who is a member, their weights) is checked by `check(_:)`
    /// once every declaration is built.
    mutating func apply(_ items: [Item], to body: inout Body) {
        // Matters and vetoes accumulate over several lines; the rest are given once.
        let single = items.filter {
            if case .decides = $0.kind { return false }
            if case .veto = $0.kind { return false }
            return true
        }
        _ = unique(single, in: "body `\(body.name)`")
        // A matter listed twice in these items is an error; one the body
        // decided before (an `amend`) takes the rule given now.
        var listed: [String: Span] = [:]
        for item in items {
            switch item.kind {
            case .members(let selector): body.members = memberSet(selector)
            case .decision(let rule):
                body.defaultRule = decisionRule(rule)
                body.defaultRuleSpan = rule.span
            case .quorum(let ratio):
                if let quorum = share(ratio, of: "a quorum") {
                    body.quorum = quorum
                    body.quorumSpan = item.span
                }
            case .decides(let matters, let about, let rule):
                let resolved = rule.flatMap { decisionRule($0) }
                let topic = about.flatMap { enumerated($0, MatterTopic.self, "matter topic") }
                work += matters.count
                for matter in matters {
                    // The REPL writes an amended body whole, its typed items after the
                    // declared ones: a typed `decides` of a declared matter amends it.
                    if let first = listed[matter.text],
                       !(edited.contains(matter.span.file) && typed.contains(where: { $0.contains(matter.span) })
                         && !typed.contains(where: { $0.contains(first) })) {
                        report(ResolverDiagnostic.duplicateItem, "body `\(body.name)` decides `\(matter)` twice",
                               at: matter.span, labels: [Label(first, "first listed here")],
                               help: "list each matter once, with the rule that decides it")
                        continue
                    }
                    listed[matter.text] = matter.span
                    if let index = body.matters.firstIndex(where: { $0.name == matter.text }) {
                        // What it is about stays unless the amendment says it anew.
                        body.matters[index] = Body.Matter(name: matter.text, rule: resolved, ruleSpan: rule?.span, span: matter.span,
                                                          topic: topic ?? body.matters[index].topic)
                    } else {
                        let decided = Body.Matter(name: matter.text, rule: resolved, ruleSpan: rule?.span, span: matter.span,
                                                  topic: topic)
                        body.matters.append(decided)
                    }
                }
            case .veto(let holders, let matters):
                for holder in references(holders, to: [.member], as: "member") {
                    body.vetoes.append(Body.Veto(member: holder.text, matters: matters.map(\.text),
                                                 matterSpans: matters.map(\.span), span: holder.span))
                }
            default:
                cannotHave(item, "a body")
            }
        }
    }

    /// Checks every body against the whole model.
    mutating func checkBodies() {
        let expansion = expandingMembers(of: model)
        baseExpansion = expansion
        // Made for the members as they now stand, which nothing after changes.
        model.memberTable = expansion.positions
        for body in model.bodies { check(body, expansion) }
    }

    /// The tables that expand member sets against `model`, counted as the
    /// work of reading every member and bloc.
    mutating func expandingMembers(of model: Model) -> MemberExpansion {
        work += model.members.count + model.blocs.count
        return MemberExpansion(model)
    }

    /// Checks a body against the whole model: a rule for every matter,
    /// vetoes held by members on matters the body decides, quotas in reach.
    mutating func check(_ body: Body, _ expansion: MemberExpansion) {
        work += 1 + body.vetoes.count + body.matters.count
        let members = expansion.select(body.members, visits: &work)
        let decided = Set(body.matters.map(\.name))
        for veto in body.vetoes {
            if asWritten(veto.span), let members, !members.contains(veto.member) {
                report(ResolverDiagnostic.vetoByOutsider,
                       "`\(veto.member)` holds a veto in `\(body.name)` but is not one of its members", at: veto.span,
                       help: "a veto belongs to a member of the body; add `\(veto.member)` to its members or drop the veto")
            }
            for (matter, span) in zip(veto.matters, veto.matterSpans)
            where !decided.isEmpty && !decided.contains(matter) {
                report(ResolverDiagnostic.vetoOnUndecided,
                       "a veto on `\(matter)`, which body `\(body.name)` does not decide", at: span,
                       help: "add `\(matter)` to what the body `decides`, or drop the veto on it")
            }
        }
        // A rule written wrongly has been reported already; it is not also missing.
        if body.defaultRuleSpan == nil {
            let undecided = body.matters.filter { $0.ruleSpan == nil }
            if body.matters.isEmpty || !undecided.isEmpty {
                let what = undecided.isEmpty ? "" : " for " + undecided.map { "`\($0.name)`" }.joined(separator: ", ")
                report(ResolverDiagnostic.missingDecisionRule, "body `\(body.name)` has no decision rule\(what)",
                       at: body.origin.nameSpan,
                       help: "say how it decides: `by consensus`, `by simple majority`, `by weighted majority 2/3` …")
            }
        }
        let rules = [(body.defaultRule, body.defaultRuleSpan)] + body.matters.map { ($0.rule, $0.ruleSpan) }
        guard let members, rules.contains(where: { $0.1.map(asWritten) ?? false }) else { return }
        let total = expansion.totalWeight(members)
        for case (.majority(let basis, .quota(let quota))?, let span?) in rules where asWritten(span) {
            let available = basis == .weight ? total : Int64(expansion.count(members))
            guard quota > available else { continue }
            let votes = (basis == .weight ? "vote" : "member") + (available == 1 ? "" : "s")
            report(ResolverDiagnostic.quotaAboveTotal,
                   "a quota of \(quota) is more than the \(available) \(votes) that body `\(body.name)` has in all",
                   at: span, help: "no coalition can reach it; lower the quota to \(available) or less")
        }
    }

    private mutating func decisionRule(_ rule: CharterSyntax.DecisionRule) -> DecisionRule? {
        switch rule.kind {
        case .unanimity: return .unanimity
        case .consensus: return .consensus
        case .majority(let majority, let threshold):
            let basis: DecisionRule.Basis = majority == .weighted ? .weight : .heads
            switch (majority, threshold) {
            case (.qualified, nil):
                report(ResolverDiagnostic.missingShare, "a qualified majority needs the share it requires",
                       at: rule.span, help: "write the share: `by qualified majority 2/3`")
                return nil
            case (.simple, .some(let threshold)):
                let span = switch threshold {
                case .ratio(let ratio): ratio.span
                case .quota(let number): number.span
                }
                report(ResolverDiagnostic.simpleMajorityShare, "a simple majority is more than half, and takes no share",
                       at: span, help: "for another share write `by qualified majority …`")
                return nil
            case (_, nil):
                return .majority(basis, .moreThanHalf)
            case (_, .ratio(let ratio)?):
                guard let value = share(ratio, of: "a majority") else { return nil }
                guard value > .zero else { return passesEverything(rule.span) }
                return .majority(basis, .atLeast(value))
            case (_, .quota(let number)?):
                guard let value = wholeNumber(number, "a quota") else { return nil }
                guard value > 0 else { return passesEverything(rule.span) }
                return .majority(basis, .quota(value))
            }
        }
    }

    /// A rule that needs no votes at all.
    private mutating func passesEverything(_ span: Span) -> DecisionRule? {
        report(ResolverDiagnostic.zeroThreshold, "this rule needs no votes at all, so every proposal passes",
               at: span, help: "require a share above 0, such as `by simple majority` or `by weighted majority 2/3`")
        return nil
    }

    private mutating func buildRule(_ d: RuleDecl) {
        let topics = d.topics.compactMap { enumerated($0, RuleTopic.self, "rule topic") }
        let actor: Rule.Actor
        switch d.statement.actor {
        case .everyMember(let group, _):
            if let group { _ = reference(group, to: [.bloc, .body], as: "bloc or body") }
            actor = .everyMember(of: group?.text)
        case .named(let name):
            _ = reference(name, to: [.member, .bloc, .body], as: "member, bloc or body")
            actor = .named(name.text)
        }
        let statement = d.statement
        model.rules.append(Rule(name: d.name.text, title: d.title?.value, topics: topics, actor: actor,
                                deontic: statement.deontic, aim: statement.aim.text,
                                condition: statement.condition?.text, sanction: statement.sanction?.text,
                                origin: origin(d.span, d.name),
                                spans: Rule.Spans(deontic: statement.deonticSpan, aim: statement.aim.span,
                                                  condition: statement.condition?.span, sanction: statement.sanction?.span)))
    }

    private mutating func buildChannel(_ d: ChannelDecl) {
        let frequency = d.frequency.flatMap { enumerated($0, Frequency.self, "frequency") }
        model.channels.append(Channel(name: d.name.text, title: d.title?.value, reaches: memberSet(d.reaches),
                                      frequency: frequency, origin: origin(d.span, d.name)))
    }

    private mutating func memberSet(_ selector: Selector) -> MemberSet {
        switch selector {
        case .all: return .all
        case .filter(let condition, _): return .query(.unbound(condition.span))
        case .names(let names):
            return .named(references(names, to: [.member, .bloc, .body], as: "member, bloc or body").map(\.text))
        }
    }

    /// A member joins in the alliance's current stage or an earlier one, as
    /// written. A member as an edit left it (the alliance's stage amended
    /// back) is the edited model's finding (C907), as it is a scenario's.
    private mutating func checkJoiningStages() {
        work += model.members.count
        for index in model.members.indices {
            guard let span = model.members[index].joinedSpan, asWritten(span) else { continue }
            checkJoined(model.members[index], at: span)
        }
    }

    mutating func checkJoined(_ member: Member, at span: Span?) {
        guard let current = model.alliance?.stage, let joined = member.joined, joined > current, let span else { return }
        report(ResolverDiagnostic.joinedInFuture,
               "`\(member.name)` joined in the \(joined) stage, but the alliance is still \(current)",
               at: span, help: "a member joins in the current stage or an earlier one")
    }

    /// Blocs made of blocs must not go round in a circle.
    mutating func checkBlocCycles() {
        var dependencies: [String: [String]] = [:]
        for bloc in model.blocs {
            work += 1
            guard case .named(let names) = bloc.members else { dependencies[bloc.name] = []; continue }
            work += names.count
            dependencies[bloc.name] = names.filter { symbol($0)?.kind == .bloc }
        }
        let graph = DependencyGraph(nodes: model.blocs.map(\.name), dependencies: dependencies)
        let spans = Dictionary(model.blocs.map { ($0.name, $0.origin.nameSpan) }, uniquingKeysWith: { first, _ in first })
        for cycle in graph.sorted().cycles { reportBlocCycle(cycle, at: spans[cycle[0]]!) }
    }

    /// A bloc that contains itself, by way of `cycle`, which starts at it.
    mutating func reportBlocCycle(_ cycle: [String], at span: Span) {
        report(ResolverDiagnostic.cycle, "bloc `\(cycle[0])` contains itself: " + describeChain(cycle + [cycle[0]]),
               at: span, help: "list the members a bloc is made of, without going round in a circle")
    }

    // MARK: - Helpers shared by the passes

    func origin(_ span: Span, _ name: Name) -> Origin { Origin(span: span, nameSpan: name.span) }

    /// Checks that a name refers to one of `kinds`; returns its kind, or nil
    /// after reporting why not.
    mutating func reference(_ name: Name, to kinds: EntityKinds, as what: String) -> EntityKind? {
        work += 1
        if let kind = removedKind(of: name), kinds.contains(kind) { return kind }
        if let symbol = symbol(name.text) {
            if kinds.contains(symbol.kind) {
                if recordingUses { uses.append(NameUse(span: name.span, declaration: symbol.span, kind: symbol.kind)) }
                return symbol.kind
            }
            problems += 1
            guard hasRoomToReport() else { return nil }
            let suggestion = suggestion(for: name.text, among: kinds).suggestion
            report(ResolverDiagnostic.wrongKind,
                   "`\(name)` is \(symbol.kind.withArticle), but \(article(what)) \(what) is expected here",
                   at: name.span, labels: [Label(symbol.span, "`\(name)` is declared here as \(symbol.kind.withArticle)")],
                   help: suggestion.map { "did you mean the \(self.symbol($0)!.kind.rawValue) `\($0)`?" }, fix: suggestion)
            return nil
        }
        // A problem, even where nothing is said (a name of a declaration
        // the parser could not read, whose syntax error is said instead).
        problems += 1
        guard hasRoomToReport() else { return nil }
        if let collection = Self.builtinCollections[name.text] {
            // `bloc b = members` or `body x { members members }`: the built-in set, where a name is due.
            let every = collection == .member ? "to mean every member, write `all`" : "name the ones you mean"
            report(ResolverDiagnostic.unknownName, "`\(name)` is the set of all \(name.text), not \(article(what)) \(what)",
                   at: name.span, help: every)
            return nil
        }
        reportUnknown(name, what: what, kinds: kinds)
        return nil
    }

    /// Checks a list of references, reporting repeats; returns the good ones.
    mutating func references(_ names: [Name], to kinds: EntityKinds, as what: String) -> [Name] {
        let repeats = Self.repeats(in: names, by: \.text)
        var result: [Name] = []
        result.reserveCapacity(names.count)
        var next = 0
        for (index, name) in names.enumerated() {
            if next < repeats.count, repeats[next].repeated == index {
                if trialFails() { return result }
                report(ResolverDiagnostic.repeatedReference, "`\(name)` is listed twice", at: name.span,
                       labels: [Label(names[repeats[next].first].span, "first listed here")], help: "list it once")
                next += 1
                continue
            }
            if reference(name, to: kinds, as: what) != nil { result.append(name) }
        }
        return result
    }

    /// Reports a name that denotes nothing, suggesting one of `kinds` (or of `extra`).
    mutating func reportUnknown(_ name: Name, what: String, kinds: EntityKinds, adding extra: [String] = []) {
        guard !brokenNames.contains(name.text), hasRoomToReport() else { return }
        if let removal = removedInScenario[name.text] {
            report(ResolverDiagnostic.unknownName, "`\(name)` was removed earlier in this scenario", at: name.span,
                   labels: [Label(removal, "removed here")],
                   help: "a scenario's steps run in order; ask about `\(name)` before the step that removes it")
            return
        }
        var help: String?
        let (suggestion, noCandidates) = suggestion(for: name.text, among: kinds, adding: extra)
        if let suggestion {
            help = "did you mean `\(suggestion)`?"
        } else if noCandidates {
            help = "declare it first: no \(what) is declared yet"
        }
        report(ResolverDiagnostic.unknownName, "unknown \(what) `\(name)`", at: name.span,
               label: "not declared anywhere", help: help, fix: suggestion)
    }

    /// An enumerated word such as a member kind or a life stage.
    mutating func enumerated<E: Word>(_ word: Name, _ type: E.Type, _ what: String) -> E? {
        if let value = E.words[word.text] { return value }
        guard hasRoomToReport() else { return nil }
        let options = E.allCases.map(\.rawValue)
        let suggestion = Spelling.suggestion(for: word.text, among: options)
        let help = suggestion.map { "did you mean `\($0)`?" }
            ?? "a \(what) is one of: " + options.map { "`\($0)`" }.joined(separator: ", ")
        report(ResolverDiagnostic.unknownWord, "unknown \(what) `\(word)`", at: word.span, help: help, fix: suggestion)
        return nil
    }

    /// A share between 0 and 1 (0% to 100%).
    mutating func share(_ ratio: Ratio, of what: String) -> Rational? {
        guard let value = ratio.value else { return nil }
        guard value <= .one else {
            let message = switch ratio.form {
            case .percent: "\(what) of \(decimal(value.multiplied(by: Rational(100))))% is more than 100%"
            case .fraction: "\(what) of \(value) is more than the whole"
            case .decimal: "\(what) of \(decimal(value)) is more than 1"
            }
            var help = "a share lies between 0 and 1: write it as `60%`, `2/3` or `0.6`"
            // A whole number up to 100 is a percentage without its `%`.
            let percentage = ratio.form == .decimal && value.isInteger && value <= Rational(100) ? "\(value)%" : nil
            if ratio.form == .decimal && value.isInteger && what == "a majority" {
                help = value <= Rational(100) ? "a share is a percentage: write `\(value)%` (or `quota \(value)` for \(value) votes to reach)"
                    : "for a total weight to reach, write `quota \(value)`"
            } else if percentage != nil {
                help = "a share is a percentage: write `\(value)%`"
            }
            report(ResolverDiagnostic.shareOutOfRange, message, at: ratio.span, help: help, fix: percentage)
            return nil
        }
        return value
    }

    /// A whole number of 0 or more.
    mutating func wholeNumber(_ number: NumberLiteral, _ what: String) -> Int64? {
        guard let value = number.value else { return nil }
        guard value.isInteger else {
            if trialFails() { return nil }
            report(ResolverDiagnostic.notWhole, "\(what) is a whole number, not \(decimal(value))", at: number.span,
                   help: "round it to a whole number")
            return nil
        }
        // The parser refuses a weight or quota past 64 bits.
        return value.int64
    }

    /// Items of one block that are given once: a repeat is reported, and the
    /// items are returned as written (the last one wins).
    /// A block's handful of items are compared with each other; only a
    /// block of many is worth a table (a table per member block was a
    /// tenth of resolving a large alliance). `owner` is made only for a repeat.
    mutating func unique(_ items: [Item], in owner: @autoclosure () -> String) -> [Item] {
        work += items.count
        // Told by the items' words, a bit each: a block's items are read for
        // every member of every entry, and repeats are rare.
        var seen: UInt64 = 0
        var repeats = false
        for item in items {
            let bit: UInt64 = 1 << item.word.rawValue
            repeats = repeats || seen & bit != 0
            seen |= bit
        }
        guard repeats else { return items }
        if trialFails() { return items }
        for (first, repeated) in Self.repeats(in: items, by: \.keyword.text) {
            report(ResolverDiagnostic.duplicateItem, "`\(items[repeated].keyword)` is given twice in \(owner())",
                   at: items[repeated].keyword.span, labels: [Label(items[first].keyword.span, "first given here")],
                   help: "give it once; the model takes the last")
        }
        return items
    }

    /// Where a list repeats a text: each repeat's position with that of the
    /// text's first writing, in order. A short list compares each element
    /// with those before it; a long one goes through a table, so the cost
    /// stays linear.
    static func repeats<T>(in list: [T], by text: (T) -> String) -> [(first: Int, repeated: Int)] {
        var result: [(first: Int, repeated: Int)] = []
        if list.count <= 16 {
            for index in list.indices {
                let written = text(list[index])
                if let first = list[..<index].firstIndex(where: { text($0) == written }) {
                    result.append((first, index))
                }
            }
            return result
        }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(list.count)
        for index in list.indices {
            let written = text(list[index])
            if let first = seen[written] {
                result.append((first, index))
            } else {
                seen[written] = index
            }
        }
        return result
    }

    /// An item that `amend` tried to apply to something it does not describe.
    mutating func cannotHave(_ item: Item, _ what: String) {
        if trialFails() { return }
        report(ResolverDiagnostic.cannotAmend, "`\(item.keyword)` does not describe \(what)", at: item.keyword.span,
               help: "change only what \(what) declares")
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at span: Span, label: String? = nil,
                         labels: [Label] = [], help: String? = nil, fix: String? = nil) {
        reportsMade += 1
        guard hasRoomToReport(code.severity) else { return }
        diagnostics.append(Diagnostic(code, message, at: span, label: label, labels: labels, help: help,
                                      fix: fix.map { Fix(span, $0) }))
    }

    /// Whether a diagnostic of this severity would still be listed; once not,
    /// notes that one went unlisted. Callers that search for a suggestion
    /// (always for an error) ask first, so a file of thousands of typos costs
    /// no more than one of fifty.
    mutating func hasRoomToReport(_ severity: Severity = .error) -> Bool {
        if trialFails() { return false }
        problems += 1
        guard diagnostics.count >= DiagnosticLimit.count else { return true }
        unlisted = max(unlisted ?? severity, severity)
        return false
    }

    /// A number as a person writes it: `150`, `2.5`, `0.333…`.
    private func decimal(_ value: Rational) -> String {
        if value.isInteger { return "\(value)" }
        var text = "\(value.doubleValue)"
        if text.count > 8 { text = String(text.prefix(7)) + "…" }
        return text
    }

    private func article(_ word: String) -> String {
        ["a", "e", "i", "o", "u"].contains(word.first.map(String.init) ?? "") ? "an" : "a"
    }
}

/// A set of kinds of things, in a word: whether a name's kind is one asked
/// for is told by a bit, where a hashed set took a tenth of resolving the
/// members' references.
struct EntityKinds: Hashable, Sendable, ExpressibleByArrayLiteral {
    private var bits: UInt16 = 0

    static let every = EntityKinds(EntityKind.allCases)

    init(arrayLiteral kinds: EntityKind...) { self.init(kinds) }

    init(_ kinds: some Sequence<EntityKind>) {
        for kind in kinds { bits |= Self.bit(kind) }
    }

    func contains(_ kind: EntityKind) -> Bool { bits & Self.bit(kind) != 0 }

    private static func bit(_ kind: EntityKind) -> UInt16 {
        switch kind {
        case .alliance: 1 << 0
        case .value: 1 << 1
        case .principle: 1 << 2
        case .member: 1 << 3
        case .bloc: 1 << 4
        case .goal: 1 << 5
        case .body: 1 << 6
        case .rule: 1 << 7
        case .channel: 1 << 8
        case .binding: 1 << 9
        }
    }
}

/// An enumerated word of the language (a member kind, a life stage, …),
/// read through a table of its words by length: a word is compared with the
/// few of its length only. (A hashed table cost four times as much: each
/// member has three such words.)
protocol Word: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    static var words: WordsByLength<Self> { get }
}

struct WordsByLength<E: Word>: Sendable {
    /// The words of each length in bytes, with what they mean.
    private let byLength: [[(spelling: String, meaning: E)]]

    init() {
        var byLength: [[(spelling: String, meaning: E)]] = []
        for word in E.allCases {
            let length = word.rawValue.utf8.count
            while byLength.count <= length { byLength.append([]) }
            byLength[length].append((word.rawValue, word))
        }
        self.byLength = byLength
    }

    subscript(text: String) -> E? {
        let length = text.utf8.count
        guard length < byLength.count else { return nil }
        for word in byLength[length] where word.spelling == text { return word.meaning }
        return nil
    }
}

extension MemberKind: Word { static let words = WordsByLength<Self>() }
extension MembershipClass: Word { static let words = WordsByLength<Self>() }
extension Motivation: Word { static let words = WordsByLength<Self>() }
extension Stage: Word { static let words = WordsByLength<Self>() }
extension ValueTopic: Word { static let words = WordsByLength<Self>() }
extension MatterTopic: Word { static let words = WordsByLength<Self>() }
extension RuleTopic: Word { static let words = WordsByLength<Self>() }
extension Frequency: Word { static let words = WordsByLength<Self>() }
