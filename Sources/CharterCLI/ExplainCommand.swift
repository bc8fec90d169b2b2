// `charter explain ID-or-name` and `charter explain --list`: the catalog of
// built-in checks, for people reading a finding.

import ArgumentParser
import Charter
import CharterSession
import Foundation

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a built-in check: why it matters for an alliance and how to fix what it finds.",
        discussion: "Name the check by its ID (C301) or its name (power.dictator); --list lists them all."
    )

    @Argument(help: "A check's ID or name.")
    var check: String?

    @Flag(help: "List every check.")
    var list = false

    /// Every code Charter can emit is explained, the REPL's too.
    static let explanation = Explanation(codes: .all)

    func validate() throws {
        guard list != (check != nil) else {
            throw ValidationError(list ? "give either a check or --list, not both" : "name a check to explain, or use --list")
        }
        if let check, Self.explanation.text(for: check) == nil {
            throw ValidationError(Self.explanation.unknown(Escaping.terminal(check), listedBy: "charter explain --list"))
        }
    }

    func run() throws {
        let text = list ? Explanation.listing() : Self.explanation.text(for: check ?? "") ?? ""
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
