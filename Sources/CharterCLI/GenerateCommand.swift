// `charter generate`: a realistic alliance of any size, the same for the same
// seed, for benchmarks and fuzzing.

import ArgumentParser
import Charter
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a generated alliance of any size: the same seed gives the same file.",
        discussion: """
            Members are spread as in the examples (most values-driven and light, a few heavy), \
            principles uphold one or two values, an assembly seats everyone and smaller boards a few, \
            and rules cover every topic. For benchmarks and fuzzing.
            Exits 0, or 64 on a usage error.
            """
    )

    @Option(help: "How many members.")
    var members = 100

    @Option(help: "How many values.")
    var values = 10

    @Option(help: "How many rules.")
    var rules = 10

    @Option(help: "How many bodies (the first is an assembly of everyone).")
    var bodies = 3

    @Option(help: "The seed of the generator.")
    var seed: UInt64 = 1

    func validate() throws {
        guard members >= 0, values >= 1, rules >= 0, bodies >= 0 else {
            throw ValidationError("give at least one value, and no negative counts")
        }
    }

    func run() throws {
        let generator = AllianceGenerator(members: members, values: values, rules: rules, bodies: bodies, seed: seed)
        FileHandle.standardOutput.write(Data(generator.text().utf8))
    }
}
