// `charter run --format json`: the report of each file as one document
// (format version 1). Entries keep their order; a scenario's steps are nested
// in it; every location is a line and column (1-based, columns in Unicode
// scalars) with the byte offsets beside them.

import CharterDiagnostics
import CharterEvaluation
import CharterInterpreter
import CharterProject
import CharterNumbers
import Foundation

public enum RunJSON {
    struct Document: Encodable, Sendable {
        var version = 1
        var files: [File]
    }

    struct File: Encodable, Sendable {
        var file: String
        /// Nil when the file was not run (it has errors; see `diagnostics`).
        var results: [Result]?
        var diagnostics: [Finding]
        var passed: Bool
    }

    struct Result: Encodable, Sendable {
        var kind: String
        /// The file the statement is in: a check may come from an imported file.
        var file: String
        var line: Int
        var column: Int
        var expression: String?
        var value: JSONValue?
        var members: [String]?
        var title: String?
        var message: String?
        var passed: Bool?
        /// For `expect check`: whether the check was expected to pass.
        var passes: Bool?
        var steps: [Result]?
        /// For a scenario's `findings`: the built-in findings it brought and took away.
        var appeared: [Finding]?
        var went: [Finding]?
    }

    /// A value as JSON: a number as its exact fraction and a decimal
    /// (`{"exact": "2/3", "decimal": 0.6667}`), true or false, a text, a
    /// declared thing or a word by name, a set as an array, `null` for nothing.
    indirect enum JSONValue: Encodable, Sendable {
        case number(exact: String, decimal: Double, approximate: Bool)
        case bool(Bool)
        case text(String)
        case array([JSONValue])
        case null

        init(_ value: EvaluatedValue) {
            switch value {
            case .number(let rational):
                // Too small for a `Double` (below about 5e-324) but not zero: no decimal, as past its range.
                let decimal = rational.doubleValue == 0 && rational != .zero ? .infinity : rational.doubleValue
                self = .number(exact: rational.description, decimal: decimal, approximate: false)
            case .approximate(let double): self = .number(exact: "", decimal: double, approximate: true)
            case .bool(let truth): self = .bool(truth)
            case .string(let text), .word(let text), .entity(_, let text): self = .text(text)
            case .set(let elements): self = .array(elements.map(JSONValue.init))
            case .nothing: self = .null
            }
        }

        private enum Keys: String, CodingKey { case exact, decimal }

        func encode(to encoder: Encoder) throws {
            switch self {
            case .number(let exact, let decimal, let approximate):
                var container = encoder.container(keyedBy: Keys.self)
                if !approximate { try container.encode(exact, forKey: .exact) }
                // Outside Double's range (past 10^308, or non-zero below about 5e-324) a number has
                // no decimal: `null`, its exact text says it all.
                if decimal.isFinite { try container.encode(decimal, forKey: .decimal) } else { try container.encodeNil(forKey: .decimal) }
            case .bool(let truth):
                var container = encoder.singleValueContainer()
                try container.encode(truth)
            case .text(let text):
                var container = encoder.singleValueContainer()
                try container.encode(text)
            case .array(let elements):
                var container = encoder.unkeyedContainer()
                for element in elements { try container.encode(element) }
            case .null:
                var container = encoder.singleValueContainer()
                try container.encodeNil()
            }
        }
    }

    /// One file's part of the document: its report, or its errors when it was not run.
    public struct Part: Sendable {
        let file: File
        init(file: File) { self.file = file }
    }

    public static func part(path: String, program: Program, report: RunReport?) -> Part {
        let diagnostics = (report?.diagnostics ?? program.diagnostics.filter { $0.severity == .error }).sortedForDisplay()
        return Part(file: File(file: path, results: report.map { results($0, program) },
                               diagnostics: diagnostics.map { finding($0, program) },
                               passed: report.map { !$0.failed } ?? false))
    }

    public static func document(_ parts: [Part]) throws -> String {
        try JSONDocument.text(Document(files: parts.map(\.file)))
    }

    private static func results(_ report: RunReport, _ program: Program) -> [Result] {
        var top: [Result] = []
        for entry in report.entries {
            let source = program.sources[entry.span.file]
            let location = source.location(of: entry.span.start)
            var result = Result(kind: "", file: source.path, line: location.line, column: location.column)
            switch entry.outcome {
            case .shown(let expression, let value, let members):
                result.kind = "show"
                result.expression = expression
                result.value = JSONValue(value)
                result.members = members.isEmpty ? nil : members.map(\.name)
            case .check(let title, let passed):
                result.kind = "check"
                result.title = title
                result.passed = passed
            case .assertion(let message, let passed):
                result.kind = "assert"
                result.message = message
                result.passed = passed
            case .scenario(let title):
                result.kind = "scenario"
                result.title = title
                result.steps = []
            case .expectation(let description, let passed, let check):
                result.kind = "expect"
                result.expression = description
                result.passed = passed
                result.title = check?.title
                result.passes = check?.passes
            case .unevaluated(let description):
                result.kind = "error"
                result.expression = description
                result.passed = false
            case .findings(let appeared, let went):
                result.kind = "findings"
                result.appeared = appeared.map { finding($0, program) }
                result.went = went.map { finding($0, program) }
            }
            if entry.depth > 0, !top.isEmpty, top[top.count - 1].steps != nil {
                top[top.count - 1].steps!.append(result)
            } else {
                top.append(result)
            }
        }
        return top
    }

    private static func finding(_ diagnostic: Diagnostic, _ program: Program) -> Finding {
        var finding = Finding(diagnostic, sources: program.sources)
        // Version 1 of this document gives the help as the last note, and no related locations.
        finding.notes += finding.help.map { ["help: " + $0] } ?? []
        finding.help = nil
        finding.related = nil
        return finding
    }
}
