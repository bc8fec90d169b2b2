// Runs the catalog over a resolved model. Each family is a function over a
// `CheckContext`, which holds the model, an evaluator for member queries and
// power, and the configuration, and collects findings with the severity the
// configuration gives them. Checks run only on a model without errors (the
// driver's decision), and only once every bloc, body and channel has been
// evaluated without error: a model that cannot be evaluated whole would give
// findings about what is missing (a member "in no body" because the body's
// query failed) rather than about the alliance.

import CharterDiagnostics
import CharterEvaluation
import CharterModel
import CharterNumbers
import CharterPower

/// What a project changes about the checks (from charter.toml).
public struct CheckConfiguration: Sendable {
    /// Severities by check ID, replacing the defaults.
    public var severities: [String: Severity] = [:]
    /// IDs of checks that do not run.
    public var disabled: Set<String> = []
    /// A member above this share of a body's power is reported (C306).
    public var powerThreshold = Rational(1, 3)!
    /// Power further than this from the weight share is reported (C308).
    public var powerGap = Rational(1, 10)!
    /// A member paying more than this share of the money contributed is reported (C313).
    public var funderShare = Rational(1, 2)!
    /// The share of social goals expected when the alliance promises none (C601).
    public var socialBalance = Rational(1, 2)!
    /// The work limit of each exact power computation the checks make, in table cells.
    public var powerWorkLimit = PowerAnalysis.defaultWorkLimit
    /// The work limit when the indices themselves are asked for (`charter
    /// power`, the REPL's `:power`): the same as `powerWorkLimit` once the
    /// project sets one.
    public var requestedPowerWorkLimit = PowerAnalysis.requestedWorkLimit
    /// What one run may read and compute (charter.toml's `[limits]`).
    public var limits = Limits()
    /// The width `charter fmt` and the REPL lay source out to (charter.toml's
    /// `[format] line-width`). The checks do not read it: a project's
    /// settings travel together.
    public var lineWidth = LineWidth.standard
    /// Files and folders a folder walk leaves out (charter.toml's `[files]
    /// exclude`): paths relative to the charter.toml's folder, with `*`, `?`
    /// and `[…]` matching within a name. What is named on the command line
    /// (a file, or a folder and what is in it) is always read.
    public var excluded: [String] = []
    /// Findings accepted for a while (charter.toml's `[waivers.NAME]`).
    public var waivers: [Waiver] = []
    /// The day waivers are judged on: the caller's today. Without it no
    /// waiver has expired.
    public var today: Day?

    public init() {}

    /// The severity a check's findings get, or nil when it is disabled.
    public func severity(of check: Check) -> Severity? {
        disabled.contains(check.id) ? nil : severities[check.id] ?? check.severity
    }
}

/// Runs every built-in check.
public enum Checker {
    /// The findings of every enabled check on a model, or, when a bloc, body
    /// or channel cannot be evaluated, the errors that kept the checks from running.
    /// Runs the catalog. `isInterrupted` is asked during long evaluations
    /// and power computations; once it says yes, the findings are incomplete.
    /// `powerMemory` keeps power analyses from one run to the next.
    public static func run(_ model: Model, configuration: CheckConfiguration = CheckConfiguration(),
                           isInterrupted: @escaping @Sendable () -> Bool = { false },
                           powerMemory: PowerMemory? = nil, progress: WorkProgress? = nil) -> CheckRun {
        let context = CheckContext(model: model, configuration: configuration, isInterrupted: isInterrupted,
                                   powerMemory: powerMemory, progress: progress)
        guard context.anchor != nil else { return CheckRun(findings: [], evaluationErrors: []) }
        let families = [checkStructure, checkPrinciples, checkPower, checkMotivation, checkValueWashing, checkBalance,
                        checkTrust, checkManagement, checkLifeStage]
        progress?.begin("checking the model", total: Double(families.count + 1))
        defer { progress?.end() }
        let errors = context.evaluator.evaluateSelections()
        guard errors.isEmpty else { return CheckRun(findings: [], evaluationErrors: errors) }
        progress?.settle(1)
        for family in families {
            family(context)
            progress?.settle(1)
        }
        return CheckRun(findings: context.findings, evaluationErrors: [], powerWork: context.evaluator.powerWork)
    }
}

/// What a run of the checks found.
public struct CheckRun: Sendable {
    /// The findings, when the checks ran.
    public var findings: [Diagnostic]
    /// The errors of evaluating the alliance's blocs, bodies and channels,
    /// which keep the checks from running.
    public var evaluationErrors: [Diagnostic]
    /// The work of the power computations, in table cells (`PowerAnalysis.work`).
    public var powerWork = 0.0
}

/// What the checks share: the model, its evaluator, the configuration and
/// the findings so far.
final class CheckContext {
    let model: Model
    let configuration: CheckConfiguration
    let evaluator: Evaluator
    private(set) var findings: [Diagnostic] = []
    private var reportedErrors: Set<Span> = []

    init(model: Model, configuration: CheckConfiguration, isInterrupted: @escaping @Sendable () -> Bool = { false },
         powerMemory: PowerMemory? = nil, progress: WorkProgress? = nil) {
        self.model = model
        self.configuration = configuration
        evaluator = Evaluator(model: model, powerWorkLimit: configuration.powerWorkLimit,
                              budget: EvaluationBudget(stepLimit: configuration.limits.evaluationSteps,
                                                       isInterrupted: isInterrupted, powerMemory: powerMemory,
                                                       limits: configuration.limits, progress: progress))
    }

    /// Where findings about the alliance as a whole point: its name, or the
    /// first thing declared when there is no alliance.
    lazy var anchor: Span? = model.alliance?.origin.nameSpan
        ?? ([model.members.first?.origin, model.values.first?.origin, model.principles.first?.origin,
             model.goals.first?.origin, model.bodies.first?.origin, model.rules.first?.origin,
             model.channels.first?.origin, model.blocs.first?.origin]
            .compactMap { $0?.nameSpan }.min { ($0.file, $0.start) < ($1.file, $1.start) })

    func isEnabled(_ check: Check) -> Bool { configuration.severity(of: check) != nil }

    func report(_ check: Check, _ message: String, at span: Span, label: String? = nil, labels: [Label] = [],
                notes: [String] = [], help: String? = nil, severity: Severity? = nil) {
        guard let configured = configuration.severity(of: check) else { return }
        var finding = Diagnostic(check.code, message, at: span, label: label, labels: labels, notes: notes, help: help)
        finding.severity = severity ?? configured
        findings.append(finding)
    }

    /// Keeps an evaluation error as a finding of its own, once per place.
    func record(_ error: EvaluationError) {
        guard reportedErrors.insert(error.diagnostic.span).inserted else { return }
        findings.append(error.diagnostic)
    }

    /// The members a set selects, or nil (with the error recorded).
    func members(of set: MemberSet) -> [Member]? {
        do { return try evaluator.members(of: set) } catch { record(error); return nil }
    }

    /// The members a channel reaches, or nil (with the error recorded).
    func members(of channel: Channel) -> [Member]? {
        do { return try evaluator.channelMembers(channel) } catch { record(error); return nil }
    }

    lazy var bodyMembers: [String: [Member]] = {
        var result: [String: [Member]] = [:]
        for body in model.bodies {
            do throws(EvaluationError) { result[body.name] = try evaluator.bodyMembers(body) } catch { record(error) }
        }
        return result
    }()

    /// Whether a selection of members (a body's, a channel's: never one
    /// member twice) is every member of the model: then nobody is left out,
    /// and a table of who is in need not be made.
    func isEveryone(_ selection: [Member]) -> Bool { selection.count == model.members.count }

    /// The span of a member's name, for labels.
    func nameSpan(ofMember name: String) -> Span? { evaluator.member(named: name)?.origin.nameSpan }

    /// The values some principle upholds, and those some principle opposes.
    lazy var upheldValues: Set<String> = Set(model.principles.flatMap(\.upholds))
    lazy var opposedValues: Set<String> = Set(model.principles.flatMap(\.opposes))

    /// Every matter some body decides, by name, with the bodies that decide it.
    lazy var deciders: [String: [Body]] = {
        var result: [String: [Body]] = [:]
        for body in model.bodies {
            for matter in body.matters { result[matter.name, default: []].append(body) }
        }
        return result
    }()
}

/// Names in a message: `` `a`, `b` and `c` ``, cut after `limit` with a count of the rest.
func list(_ names: [String], limit: Int = 6) -> String {
    var text = ""
    list(names, limit: limit, into: &text)
    return text
}

/// `list`, written at the end of `text`: a message of thousands of findings
/// is made in one string, sized once.
func list(_ names: [String], limit: Int = 6, into text: inout String) {
    let shown = min(names.count, max(limit, 0))
    let rest = names.count - shown
    text.reserveCapacity(text.utf8.count + names[..<shown].reduce(16) { $0 + $1.utf8.count + 4 })
    for index in 0..<shown {
        if index > 0 { text += rest == 0 && index == shown - 1 ? " and " : ", " }
        text += "`"
        text += names[index]
        text += "`"
    }
    if rest > 0 { text += " and \(rest) more" }
}

/// "1 vote", "3 votes"
func plural(_ count: Int64, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

/// A share as a percentage, to one decimal: `33.3%`. The checks' messages,
/// the drift report, the graph and the HTML report all write shares so.
public func percent(_ share: Double) -> String {
    let tenths = (share * 1000).rounded()
    return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))%" : "\(tenths / 10)%"
}

func percent(_ share: Rational) -> String {
    percent(share.doubleValue)
}

/// Two shares that a message sets against each other ("below the promised
/// 60%", "above the threshold of 25%"), as percentages with as many decimals
/// as it takes (up to ten) for shares that differ to read differently:
/// 59.96% is not "60%" below 60%.
func percents(_ share: Double, against other: Double) -> (share: String, other: String) {
    var (a, b) = (percent(share), percent(other))
    guard share != other else { return (a, b) }
    var decimals = 2
    while a == b && decimals <= 10 {
        (a, b) = (percent(share, decimals: decimals), percent(other, decimals: decimals))
        decimals += 1
    }
    return (a, b)
}

/// Two exact shares set against each other, as `percents` writes them; when
/// they differ by less than a `Double` tells apart, the share says on which
/// side it is: "just under 60%".
func percents(_ share: Rational, against other: Rational) -> (share: String, other: String) {
    let (a, b) = percents(share.doubleValue, against: other.doubleValue)
    guard a == b, share != other else { return (a, b) }
    return ((share < other ? "just under " : "just over ") + a, b)
}

/// A share as a percentage with `decimals` places, trailing zeros dropped.
private func percent(_ share: Double, decimals: Int) -> String {
    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (share * 100 * Double(scale)).rounded()
    guard scaled.isFinite, scaled.magnitude < 1e17 else { return percent(share) }
    let units = Int64(scaled)
    var digits = String(units.magnitude % UInt64(scale))
    digits = String(repeating: "0", count: decimals - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    return (units < 0 ? "-" : "") + "\(units.magnitude / UInt64(scale))" + (digits.isEmpty ? "" : "." + digits) + "%"
}
