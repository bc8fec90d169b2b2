// The alliance generator that benchmarks and fuzzers share: the same seed
// gives the same file, the file is valid Charter, and it has what was asked.

import Charter
import Foundation
import Testing

@Suite struct GeneratorTests {
    @Test("the same seed gives the same file, another seed another")
    func deterministic() throws {
        let first = AllianceGenerator(members: 200, values: 12, rules: 15, bodies: 4, seed: 42).text()
        #expect(first == AllianceGenerator(members: 200, values: 12, rules: 15, bodies: 4, seed: 42).text())
        #expect(first != AllianceGenerator(members: 200, values: 12, rules: 15, bodies: 4, seed: 43).text())
        let run = try CLITests.charter(["generate", "--members", "200", "--values", "12", "--rules", "15", "--bodies", "4", "--seed", "42"])
        #expect(run.stdout == first)
    }

    @Test("a generated alliance is valid Charter with what was asked, and the checks run on it",
          arguments: [(0, 1, 0, 0), (1, 1, 1, 1), (60, 25, 40, 6)])
    func valid(_ members: Int, _ values: Int, _ rules: Int, _ bodies: Int) {
        let text = AllianceGenerator(members: members, values: values, rules: rules, bodies: bodies, seed: 7).text()
        var program = Program.load(text: text, path: "generated.charter")
        #expect(!program.hasFindings(atOrAbove: .error), "\(program.diagnostics.prefix(3).map(\.message))")
        #expect(program.model.members.count == members)
        #expect(program.model.values.count == values)
        #expect(program.model.rules.count == rules)
        #expect(program.model.bodies.count == bodies)
        program.runChecks()
        #expect(!program.checksSkipped)
    }
}
