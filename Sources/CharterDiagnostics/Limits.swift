// The bounds on what one run reads and computes. Charter lints files from
// untrusted pull requests, so every input gets its answer in bounded time and
// memory: past a limit a stage stops with a diagnostic that names the limit
// and the charter.toml setting that raises it. Each stage reads its own.

public struct Limits: Sendable, Equatable {
    /// The bytes of one program's files together: the file named and what it
    /// imports (`input-size`). 100,000 members take about 13 MiB.
    public var inputSize = 32 * 1024 * 1024
    /// How many files one program may import, each counted once (`imports`).
    public var imports = 1_000
    /// How deep an expression may nest (`nesting-depth`). Brackets and
    /// operators in a row each count as a level. Sets within sets, however
    /// they were made, nest no deeper either.
    public var nestingDepth = 100
    /// The steps evaluation may take in one run, every check, statement and
    /// scenario together (`evaluation-steps`).
    public var evaluationSteps = 10_000_000
    /// The most values one value of an expression may hold, counting every
    /// element of every set inside it (`value-size`): `[s, [s]]` holds `s`
    /// twice over, so a chain of such sets doubles at every line.
    public var valueSize = 1_000_000

    public init() {}

    /// The deepest `nesting-depth` may go: every stage after the parser walks
    /// the tree recursively, and this depth stays well within a thread's stack.
    public static let deepestNesting = 250

    /// The settings of charter.toml's `[limits]` table, with what each holds.
    /// Each is bounded, as a charter.toml in an untrusted pull request may
    /// set them: at most 1 GiB of input, 100,000 imports and ten billion
    /// steps (some minutes) to one run.
    public static let settings: [(key: String, path: WritableKeyPath<Limits, Int> & Sendable, range: ClosedRange<Int>)] = [
        ("input-size", \.inputSize, 1...(1 << 30)),
        ("imports", \.imports, 0...100_000),
        ("nesting-depth", \.nestingDepth, 1...deepestNesting),
        ("evaluation-steps", \.evaluationSteps, 1...10_000_000_000),
        ("value-size", \.valueSize, 1...100_000_000),
    ]

    /// Help that says how to raise a limit: the setting, with a value twice
    /// the present one (within what the setting allows).
    public static func raising(_ key: String, from present: Int) -> String {
        let range = settings.first { $0.key == key }?.range ?? 0...Int.max
        let (doubled, overflow) = present.multipliedReportingOverflow(by: 2)
        let proposed = min(overflow ? range.upperBound : max(doubled, 1), range.upperBound)
        guard proposed > present else { return "`\(key)` under `[limits]` in charter.toml is already at its highest" }
        return "to allow more, set `\(key) = \(proposed)` under `[limits]` in charter.toml"
    }
}
