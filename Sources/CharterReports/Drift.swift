// The drift between two versions of an alliance, for `charter diff OLD NEW`:
// what was added, removed and changed; how the voting power moved; which
// findings of the checks appeared and went; and the drift the domain warns of
// ("it is not uncommon for ambition to fade over time") as findings with
// severities, so a pull request can be gated on it:
//
//   D101 a social goal dropped        D103 a value losing its last backing
//   D102 power concentrating          D104 the members who are not values-driven
//                                          gaining a winning coalition
//
// Both programs share one SourceMap (the old one is parsed after the new), so
// findings can point into either. What cannot be evaluated in either (a
// body's members past the step limit) is in `errors`, not compared as empty.

import CharterChecks
import CharterDiagnostics
import CharterEvaluation
import CharterFormat
import CharterModel
import CharterNumbers
import CharterPower
import CharterProject
import CharterSyntax

public enum DriftDiagnostic {
    public static let socialGoalDropped = DiagnosticCode("D101", "drift.social-goal-dropped", .warning)
    public static let powerConcentrating = DiagnosticCode("D102", "drift.power-concentrating", .warning)
    public static let valueLostBacking = DiagnosticCode("D103", "drift.value-lost-backing", .warning)
    public static let businessWins = DiagnosticCode("D104", "drift.business-wins", .error)

    public static let all: [DiagnosticCode] = [socialGoalDropped, powerConcentrating, valueLostBacking, businessWins]
}

public struct DriftReport: Sendable {
    /// A declaration added, removed or changed, by kind and name.
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable { case added = "+", removed = "-", changed = "~" }
        public var kind: Kind
        public var what: String
        public var name: String
        /// For a changed member: its fields as they were and are (`weight 3 → 5`).
        public var details: [String]
    }

    /// A member whose Banzhaf index in a body moved.
    public struct PowerShift: Sendable {
        public var body: String
        public var member: String
        public var before: Double?
        public var after: Double?
        public var size: Double { abs((after ?? 0) - (before ?? 0)) }
    }

    public var changes: [Change] = []
    /// Largest movers first.
    public var powerShifts: [PowerShift] = []
    public var appeared: [Diagnostic] = []
    public var went: [Diagnostic] = []
    public var drift: [Diagnostic] = []
    /// What could not be evaluated in either version, located: with any, the
    /// comparison leaves it out, and should not be shown.
    public var errors: [Diagnostic] = []

    /// Compares two checked programs without errors, `old` parsed after
    /// `new` into one SourceMap.
    /// `powerMemory` holds the analyses the checks made; `progress` is told how far the power is.
    public init(old: Program, new: Program, configuration: CheckConfiguration = CheckConfiguration(),
                powerMemory: PowerMemory? = nil, progress: WorkProgress? = nil) {
        changes = Self.declarationChanges(old, new)
        let oldPower = Self.power(old.model, configuration, powerMemory, progress, errors: &errors)
        let newPower = Self.power(new.model, configuration, powerMemory, progress, errors: &errors)
        // What moved is what the REPL's what-if and the workshop page say moved (`PowerReport.moves`).
        powerShifts = PowerReport.moves(from: oldPower.mapValues { $0.mapValues(PowerReport.fixed) },
                                        to: newPower.mapValues { $0.mapValues(PowerReport.fixed) }).map { move in
            PowerShift(body: move.game, member: move.member, before: oldPower[move.game]?[move.member], after: newPower[move.game]?[move.member])
        }
        powerShifts.sort { ($1.size, $0.body, $0.member) < ($0.size, $1.body, $1.member) }
        (appeared, went) = Diagnostic.difference(old.diagnostics, new.diagnostics)
        drift = Self.drift(old, new, oldPower, newPower, configuration, errors: &errors).sortedForDisplay()
        var seen: Set<Diagnostic> = []
        errors = errors.filter { seen.insert($0).inserted }.sortedForDisplay()
    }

    private static func fixed(_ value: Double?) -> String { value.map(PowerReport.fixed) ?? "—" }

    // MARK: Declarations

    /// The named declarations added, removed and changed from `old` to
    /// `new`, by kind in the order a file declares them; a change of layout
    /// or comments is none.
    public static func declarationChanges(_ old: Program, _ new: Program) -> [Change] {
        let before = declarations(old)
        let after = declarations(new)
        var changes: [Change] = []
        for (kind, name, _) in after where !before.contains(where: { $0.kind == kind && $0.name == name }) {
            changes.append(Change(kind: .added, what: kind, name: name, details: []))
        }
        for (kind, name, _) in before where !after.contains(where: { $0.kind == kind && $0.name == name }) {
            changes.append(Change(kind: .removed, what: kind, name: name, details: []))
        }
        for (kind, name, text) in after {
            guard let earlier = before.first(where: { $0.kind == kind && $0.name == name }), earlier.text != text else { continue }
            var details: [String] = []
            if kind == "member", let was = old.model.member(named: name), let now = new.model.member(named: name) {
                details = memberChanges(was, now)
            }
            changes.append(Change(kind: .changed, what: kind, name: name, details: details))
        }
        let order = ["alliance", "value", "principle", "tension", "member", "bloc", "goal", "body", "rule", "channel", "check", "let"]
        return changes.sorted {
            ((order.firstIndex(of: $0.what) ?? order.count), $0.kind.rawValue, $0.name)
                < ((order.firstIndex(of: $1.what) ?? order.count), $1.kind.rawValue, $1.name)
        }
    }

    /// Every named declaration of the files a program was given, with its
    /// formatted text (so layout and comments are no change).
    private static func declarations(_ program: Program) -> [(kind: String, name: String, text: String)] {
        program.syntax.flatMap { file in
            let formatter = Formatter(source: program.sources[file.file], syntax: file)
            return file.declarations.compactMap { declaration -> (String, String, String)? in
                let identity: (String, String)? = switch declaration {
                case .alliance(let d): ("alliance", d.name.text)
                case .value(let d): ("value", d.name.text)
                case .principle(let d): ("principle", d.name.text)
                case .tension(let d): ("tension", "\(d.left) vs \(d.right)")
                case .member(let d): ("member", d.name.text)
                case .bloc(let d): ("bloc", d.name.text)
                case .goal(let d): ("goal", d.name.text)
                case .body(let d): ("body", d.name.text)
                case .rule(let d): ("rule", d.name.text)
                case .channel(let d): ("channel", d.name.text)
                case .check(let d): ("check", "\"\(d.title.value)\"")
                case .let(let d): ("let", d.name.text)
                default: nil
                }
                return identity.map { ($0.0, $0.1, formatter.canonicalText(of: declaration)) }
            }
        }
    }

    private static func memberChanges(_ was: Member, _ now: Member) -> [String] {
        var details: [String] = []
        func compare(_ field: String, _ before: String, _ after: String) {
            if before != after { details.append("\(field) \(before) → \(after)") }
        }
        compare("kind", was.kind?.rawValue ?? "-", now.kind?.rawValue ?? "-")
        compare("motivation", was.motivation?.rawValue ?? "-", now.motivation?.rawValue ?? "-")
        compare("weight", "\(was.weight)", "\(now.weight)")
        compare("holds", was.holds.isEmpty ? "-" : was.holds.joined(separator: ", "), now.holds.isEmpty ? "-" : now.holds.joined(separator: ", "))
        compare("joined", was.joined?.rawValue ?? "-", now.joined?.rawValue ?? "-")
        func contribution(_ member: Member) -> String {
            switch member.contribution {
            case .amount(let amount): amount.description
            case .description(let text): "\"\(text)\""
            case nil: "-"
            }
        }
        compare("contribution", contribution(was), contribution(now))
        compare("class", was.membershipClass.rawValue, now.membershipClass.rawValue)
        return details
    }

    // MARK: Power

    /// Each body's (and rule's) Banzhaf index per member.
    private static func power(_ model: Model, _ configuration: CheckConfiguration, _ powerMemory: PowerMemory?,
                              _ progress: WorkProgress?, errors: inout [Diagnostic]) -> [String: [String: Double]] {
        let report = PowerReport(model: model, workLimit: configuration.powerWorkLimit,
                                 stepLimit: configuration.limits.evaluationSteps, powerMemory: powerMemory, progress: progress)
        errors += report.errors
        return Dictionary(report.banzhafShares().map { ($0.game, $0.shares) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Drift

    private static func drift(_ old: Program, _ new: Program, _ oldPower: [String: [String: Double]],
                              _ newPower: [String: [String: Double]], _ configuration: CheckConfiguration,
                              errors: inout [Diagnostic]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        // Where to point at what is gone: the new alliance, or the new file's start.
        let anchor = new.model.alliance?.origin.span
            ?? new.syntax.first.map { Span(file: $0.file, start: 0, end: 0) } ?? Span(file: FileID(0), start: 0, end: 0)

        for goal in old.model.goals where goal.kind == .social {
            let now = new.model.goals.first { $0.name == goal.name }
            guard now?.kind != .social else { continue }
            findings.append(Diagnostic(
                DriftDiagnostic.socialGoalDropped,
                now == nil ? "the social goal `\(goal.name)` was dropped" : "the goal `\(goal.name)` is no longer social",
                at: now?.origin.span ?? anchor, labels: [Label(goal.origin.span, "as it was")],
                help: "if the alliance still pursues it, keep it; if not, say in its charter why its ambition changed"))
        }

        let threshold = configuration.powerThreshold.doubleValue
        for body in newPower.keys.sorted() {
            // The largest share; of members tied at it, the first by name: a
            // table's order is not the same from one run to the next.
            guard let (member, share) = newPower[body]!.min(by: { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }),
                  share > threshold else { continue }
            let before = oldPower[body]?.values.max() ?? 0
            guard share > before + 0.00005, let declared = new.model.body(named: body.split(separator: " ").first.map(String.init) ?? body) else { continue }
            findings.append(Diagnostic(
                DriftDiagnostic.powerConcentrating,
                "power concentrates in body `\(body)`: `\(member)` holds \(percent(share)) of it, where the most anyone held was \(percent(before))",
                at: declared.origin.span, help: "spread the weights, or raise the quota, so that no member can decide for the others"))
        }

        let (backedBefore, backedNow) = (backedValues(old.model), backedValues(new.model))
        for value in new.model.values where backedBefore.contains(value.name) && !backedNow.contains(value.name) {
            findings.append(Diagnostic(
                DriftDiagnostic.valueLostBacking,
                "value `\(value.name)` lost its last backing: no principle upholds it and no goal serves it any more",
                at: value.origin.span, help: "a value nothing upholds is a value in words only; uphold it again, or drop it openly"))
        }

        let stepLimit = configuration.limits.evaluationSteps
        let oldWins = businessWins(old.model, stepLimit: stepLimit, errors: &errors)
        for (body, coalition) in businessWins(new.model, stepLimit: stepLimit, errors: &errors) where oldWins[body] == nil {
            guard let declared = new.model.body(named: body) else { continue }
            findings.append(Diagnostic(
                DriftDiagnostic.businessWins,
                "the members who are not values-driven can now carry body `\(body)` on their own",
                at: declared.origin.span, notes: ["they are " + coalition.map { "`\($0)`" }.joined(separator: ", ")],
                help: "give the values-driven members the votes, a veto or the quota that keeps the alliance's purpose in their hands"))
        }
        return findings
    }

    /// The values a principle upholds or a goal serves.
    private static func backedValues(_ model: Model) -> Set<String> {
        Set(model.principles.flatMap(\.upholds) + model.goals.flatMap(\.serves))
    }

    /// The bodies in which the members who are not values-driven form a
    /// winning coalition, with those members.
    private static func businessWins(_ model: Model, stepLimit: Int, errors: inout [Diagnostic]) -> [String: [String]] {
        let evaluator = Evaluator(model: model, budget: EvaluationBudget(stepLimit: stepLimit))
        var wins: [String: [String]] = [:]
        for body in model.bodies {
            let games: [BodyGame]
            do throws(EvaluationError) {
                games = try evaluator.games(of: body)
            } catch {
                errors.append(error.diagnostic)
                continue
            }
            for game in games {
                let coalition = Set(game.members.indices.filter { game.members[$0].motivation != .valuesDriven })
                if !coalition.isEmpty && game.game.isWinning(coalition) {
                    wins[body.name] = coalition.sorted().map { game.members[$0].name }
                }
            }
        }
        return wins
    }


    // MARK: Text

    /// Declaration changes as lines under `declarations:`, each text from
    /// the files escaped for the terminal.
    public static func text(of changes: [Change]) -> String {
        "declarations:\n" + changes.map { change in
            "  \(change.kind.rawValue) \(change.what) \(Escaping.terminal(change.name))"
                + (change.details.isEmpty ? "" : " (" + change.details.map(Escaping.terminal).joined(separator: "; ") + ")") + "\n"
        }.joined()
    }

    /// The report as text: changes, power moves, findings, drift. Every
    /// text from the files is escaped for the terminal.
    public func text(sources: SourceMap, color: ColorMode = .plain) -> String {
        let t = Escaping.terminal
        var text = ""
        text += changes.isEmpty ? "no declarations changed\n" : Self.text(of: changes)
        if !powerShifts.isEmpty {
            text += "power (Banzhaf), largest moves first:\n"
            let rows = powerShifts.map { shift in
                [t(shift.body), t(shift.member), Self.fixed(shift.before), "→", Self.fixed(shift.after)]
            }
            text += TextWidth.alignedTable([["body", "member", "before", "", "after"]] + rows, rightAligned: [2, 4])
                .dropFirst().map { "  " + $0 + "\n" }.joined()
        }
        if !appeared.isEmpty || !went.isEmpty {
            text += "findings of the checks:\n"
            text += appeared.map { "  new   \($0.severity)[\($0.code.id)] \($0.code.name): \(t($0.message))\n" }.joined()
            text += went.map { "  gone  \($0.severity)[\($0.code.id)] \($0.code.name): \(t($0.message))\n" }.joined()
        }
        if !drift.isEmpty {
            text += "\n" + DiagnosticRenderer(sources: sources, color: color).render(drift)
        }
        return text
    }

    /// The report for a Markdown page (a pull request's job summary): a
    /// heading naming what was compared, and the text report in a code block
    /// that no line of it can close.
    public func markdown(sources: SourceMap, old: String, new: String, summary: String) -> String {
        let heading = "### " + Escaping.markdownText(old) + " → " + Escaping.markdownText(new) + "\n\n"
        return heading + Escaping.markdownCodeBlock(text(sources: sources) + summary) + "\n"
    }
}
