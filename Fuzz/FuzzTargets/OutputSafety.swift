// What every output of Charter promises a CI log and a terminal, whatever
// the files held: no raw control character (C0 but tab and line feed, DEL,
// C1, bidirectional controls, line separators), no line a CI system would
// run as a command — GitHub's `::name` at a line's start (after any Unicode
// blank) and `##[` anywhere, Azure's `##vso[` — unless it is an annotation
// Charter meant. The `outputs`
// fuzz target and the property tests check every format with it.

import Charter

public enum OutputSafety {
    /// The formats an output can be in; `github` is the one whose lines may
    /// be annotations.
    public enum Format: String, CaseIterable, Sendable {
        case text, plain, github, junit, json, sarif, markdown, run
    }

    /// What breaks the promise in `output`, or nil when it holds.
    public static func violation(in output: String, format: Format) -> String? {
        var line = String.UnicodeScalarView()
        var number = 1
        func check(_ line: String.UnicodeScalarView) -> String? {
            if let bad = line.first(where: Escaping.isUnsafe) {
                return "line \(number) holds \(Escaping.name(of: bad)) raw (\(format)): \(String(line).debugDescription)"
            }
            let scalars = Array(line)
            for index in scalars.indices where scalars[index] == "#" && index + 2 < scalars.count && scalars[index + 1] == "#" {
                if scalars[index + 2] == "[" || (scalars.count > index + 5 && String(String.UnicodeScalarView(scalars[index + 2..<index + 6])) == "vso[") {
                    return "line \(number) holds a legacy command (\(format)): \(String(line).debugDescription)"
                }
            }
            // The runner trims every Unicode blank, and reads `::name`: the
            // renderer's own ` ::: file` line (a second file's place) is none.
            let start = scalars.drop { $0.properties.isWhitespace }
            let isCommand = start.starts(with: [":", ":"]) && start.dropFirst(2).first.map { $0.properties.isAlphabetic } == true
            if isCommand && !(format == .github && isAnnotation(String(String.UnicodeScalarView(start)))) {
                return "line \(number) is a workflow command (\(format)): \(String(line).debugDescription)"
            }
            return nil
        }
        for scalar in output.unicodeScalars {
            if scalar == "\n" {
                if let broken = check(line) { return broken }
                line = String.UnicodeScalarView()
                number += 1
            } else {
                line.append(scalar)
            }
        }
        return check(line)
    }

    /// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`,
    /// with properties that hold no `:` or `,` of their own.
    static func isAnnotation(_ line: String) -> Bool {
        guard let kind = ["::error ", "::warning ", "::notice "].first(where: line.hasPrefix) else { return false }
        let rest = line.dropFirst(kind.count)
        guard let end = rest.range(of: "::") else { return false }
        let properties = rest[..<end.lowerBound].split(separator: ",", omittingEmptySubsequences: false)
        let keys = properties.map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? "" }
        return keys == ["file", "line", "col", "endLine", "endColumn", "title"]
    }

    /// Every output of one input (see `FuzzTarget.outputs`); the first broken promise.
    public static func outputs(for input: [UInt8]) -> String? {
        let text = String(decoding: input, as: UTF8.self)
        let path = "in/" + String(text.unicodeScalars.prefix(80).map(Character.init)) + ".charter"
        var program = Program.load(paths: ["fuzz.charter"], reader: MemoryReader(files: ["fuzz.charter": input]))
        var configuration = CheckConfiguration()
        configuration.powerWorkLimit = 1e5
        program.runChecks(configuration)
        // The text as a file's name, and as a message, a note, a help, a
        // label and a waiver's fields of a finding in that file.
        var sources = program.sources
        let named = sources.add(path: path, bytes: input)
        let span = Span(file: named.id, start: 0, end: min(input.count, 8))
        let made = Diagnostic(ProgramDiagnostic.importOutsideRoot, text, at: span, label: text,
                              labels: [Label(span, text)], notes: [text], help: text)
        let findings = program.diagnostics + [made]
        var waived: [(WaivedFinding, SourceMap)] = []
        if let day = Day("2999-12-31") {
            let waiver = Waiver(name: text, check: Catalog.all[0], finding: nil, reason: text, owner: text, expires: day)
            waived.append((WaivedFinding(waiver: waiver, finding: made), sources))
        }
        let report = CheckReport(version: "fuzz", files: [path], unreadable: 0, findings: findings.map { ($0, sources) },
                                 waived: waived)
        var outputs: [(Format, String)] = [
            (.text, DiagnosticRenderer(sources: sources).render(findings)),
            (.plain, report.plain()), (.github, report.github()), (.junit, report.junit()),
            (.markdown, Escaping.markdownCodeBlock(Escaping.terminal(text)) + Escaping.markdownText(text)),
        ]
        if let json = try? report.json() { outputs.append((.json, json)) }
        if let sarif = try? report.sarif() { outputs.append((.sarif, sarif)) }
        // Small limits: the texts matter here, not how far evaluation goes.
        var limits = Limits()
        limits.evaluationSteps = 100_000
        if !program.diagnostics.contains(where: { $0.severity == .error }), let run = program.run(limits: limits) {
            outputs.append((.run, RunRenderer.text(run)))
        }
        for (format, output) in outputs {
            if let broken = violation(in: output, format: format) { return broken }
        }
        return nil
    }
}
