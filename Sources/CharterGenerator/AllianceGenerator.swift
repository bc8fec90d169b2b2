// Realistic alliances of any size, for benchmarks and fuzzing: the same
// seed gives the same file, byte for byte. Members, weights, motivations,
// holds, goals, bodies and rules are spread as in the examples: most members
// values-driven and light, a few heavy; principles uphold one or two values;
// an assembly of everyone and smaller boards; rules about each topic.

import CharterModel

public struct AllianceGenerator: Sendable {
    public var members: Int
    public var values: Int
    public var rules: Int
    public var bodies: Int
    public var seed: UInt64

    public init(members: Int, values: Int, rules: Int, bodies: Int, seed: UInt64) {
        self.members = max(0, members)
        self.values = max(1, values)
        self.rules = max(0, rules)
        self.bodies = max(0, bodies)
        self.seed = seed
    }

    /// The generator's choices, from a `SeededGenerator`.
    struct Random {
        var generator: SeededGenerator

        /// A number in `range`.
        mutating func number(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(generator.next() % UInt64(range.upperBound - range.lowerBound + 1))
        }

        /// Whether an event of probability `percent` out of 100 happens.
        mutating func chance(_ percent: Int) -> Bool { number(1...100) <= percent }

        mutating func pick<T>(_ items: [T]) -> T { items[number(0...(items.count - 1))] }
    }

    /// The alliance as Charter source.
    public func text() -> String {
        var random = Random(generator: SeededGenerator(seed: seed))
        var lines = [
            "# A generated alliance: \(members) members, \(values) values, \(rules) rules, \(bodies) bodies, seed \(seed).",
            "alliance generated \"Generated alliance \(seed)\" {",
            "  mission \"An alliance generated for measuring Charter\"",
            "  stage developing",
            "  balance social >= 50%",
            "}",
            "",
        ]
        let valueNames = (1...values).map { "value_\($0)" }
        for name in valueNames { lines.append("value \(name) \"What \(name) means to the alliance\"") }
        lines.append("")
        for index in 0..<max(1, values / 2) {
            var upheld = [random.pick(valueNames)]
            if random.chance(40) { upheld.append(random.pick(valueNames)) }
            lines.append("principle principle_\(index + 1) upholds \(Array(Set(upheld)).sorted().joined(separator: ", "))")
        }
        if values >= 2 { lines.append("tension \(valueNames[0]) vs \(valueNames[1]) \"They pull against each other\"") }
        lines.append("")

        let kinds = MemberKind.allCases.map(\.rawValue)
        let stages = ["forming", "building", "developing"]
        var memberNames: [String] = []
        for index in 0..<members {
            let name = "member_\(index + 1)"
            memberNames.append(name)
            let motivation = switch random.number(1...100) {
            case 1...60: "values_driven"
            case 61...80: "mixed"
            case 81...95: "business"
            default: "power"
            }
            // Most members are light; one in ten is heavy.
            let weight = random.chance(10) ? random.number(20...100) : random.number(1...10)
            let held = Array(Set((0..<random.number(1...3)).map { _ in random.pick(valueNames) })).sorted()
            lines.append("member \(name) { kind \(random.pick(kinds)) motivation \(motivation) weight \(weight) "
                + "holds \(held.joined(separator: ", ")) joined \(random.pick(stages)) contribution \(random.number(1...100) * 1000) }")
        }
        lines.append("")

        for index in 0..<max(2, values / 2) {
            let kind = random.chance(60) ? "social" : "business"
            lines.append("goal goal_\(index + 1) \(kind) serves \(random.pick(valueNames)) { weight \(random.number(1...5)) }")
        }
        lines.append("")

        let topics = RuleTopic.allCases.map(\.rawValue)
        for index in 0..<bodies {
            if index == 0 {
                lines.append("body assembly { members all by weighted majority 60% quorum 50% decides statutes, admission }")
                continue
            }
            // A board of a few members, decided by one of the usual rules.
            let seats = memberNames.isEmpty ? [] : Array(Set((0..<min(random.number(3...9), memberNames.count)).map { _ in random.pick(memberNames) })).sorted()
            let rule = random.pick(["by consensus", "by simple majority", "by qualified majority 2/3", "by weighted majority 60%"])
            let selection = seats.isEmpty ? "members all" : "members " + seats.joined(separator: ", ")
            var body = "body board_\(index) { \(selection) \(rule) decides \(random.pick(topics))_matters"
            if let holder = seats.first, random.chance(20) { body += " veto \(holder)" }
            lines.append(body + " }")
        }
        lines.append("")

        for index in 0..<rules {
            let topic = topics[index % topics.count]
            let deontic = random.pick(["must", "must not", "may"])
            lines.append("rule rule_\(index + 1) about \(topic) { every member \(deontic) act on \(random.pick(valueNames)) "
                + "when yearly or else review }")
        }
        lines.append("")
        lines.append("channel newsletter reaches all monthly")
        lines.append("channel forum reaches all weekly")
        return lines.joined(separator: "\n") + "\n"
    }
}
