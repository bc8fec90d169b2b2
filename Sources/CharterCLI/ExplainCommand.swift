// `charter explain ID-or-name` and `charter explain --list`: the catalog of
// built-in checks, for people reading a finding.

import ArgumentParser
import Charter
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

    func validate() throws {
        guard list != (check != nil) else {
            throw ValidationError(list ? "give either a check or --list, not both" : "name a check to explain, or use --list")
        }
        if let check, Catalog.check(named: check) == nil, DiagnosticCodes.code(named: check) == nil {
            let candidates = DiagnosticCodes.all.map(\.name) + DiagnosticCodes.all.map(\.id)
            let hint = Spelling.suggestion(for: check, among: candidates).map { "; did you mean `\($0)`?" }
                ?? "; `charter explain --list` lists the checks"
            throw ValidationError("no check or diagnostic is called `\(check)`\(hint)")
        }
    }

    func run() throws {
        if list {
            FileHandle.standardOutput.write(Data(Self.listing().utf8))
            return
        }
        let key = check ?? ""
        guard let found = Catalog.check(named: key) else {
            // Not a check (validate() made sure it is a code): its message and help explain it.
            guard let code = DiagnosticCodes.code(named: key) else { return }
            let text = "\(code.id) \(code.name) (\(code.severity), \(DiagnosticCodes.stage(of: code)))\n\n"
                + Self.wrap("This diagnostic's message and help say what is wrong and what to do. `charter explain` gives long explanations of the built-in checks; `charter explain --list` lists them.", width: 80) + "\n"
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        let text = "\(found.id) \(found.name) (\(found.severity), \(found.family.title))\n\(found.summary)\n\n"
            + found.explanation.components(separatedBy: "\n\n").map { Self.wrap($0, width: 80) }.joined(separator: "\n\n") + "\n"
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A paragraph broken into lines of at most `width` characters, between words.
    static func wrap(_ paragraph: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in paragraph.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    static func listing() -> String {
        let nameWidth = Catalog.all.map(\.name.count).max() ?? 0
        var lines: [String] = []
        for family in CheckFamily.allCases {
            lines.append(family.title)
            for check in Catalog.all where check.family == family {
                let name = check.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                let severity = check.severity.description.padding(toLength: 7, withPad: " ", startingAt: 0)
                lines.append("  \(check.id)  \(name)  \(severity)  \(check.summary)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
