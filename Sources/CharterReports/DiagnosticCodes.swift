// Every diagnostic code Charter can emit, in one list, with the stage that
// emits it: for `charter explain` on a code that is not a built-in check, and
// for the test that every code is shown somewhere.

import CharterChecks
import CharterDiagnostics
import CharterEvaluation
import CharterInterpreter
import CharterModel
import CharterSyntax

public enum DiagnosticCodes {
    /// Every code, stage by stage, the built-in checks last.
    public static let all: [DiagnosticCode] = [DiagnosticLimit.tooMany] + ProgramDiagnostic.all + LexerDiagnostic.all
        + ParserDiagnostic.all + ResolverDiagnostic.all + EvaluationDiagnostic.all + ConfigurationDiagnostic.all
        + SessionDiagnostic.all + SuppressionDiagnostic.all + RunDiagnostic.all + DriftDiagnostic.all + Catalog.all.map(\.code)

    /// The code with this ID (any case) or name.
    public static func code(named key: String) -> DiagnosticCode? {
        all.first { $0.id.lowercased() == key.lowercased() || $0.name == key.lowercased() }
    }

    /// What part of Charter emits a code, from its ID: `names and types` for E301.
    public static func stage(of code: DiagnosticCode) -> String {
        switch code.id.prefix(2) {
        case "E0": "loading files"
        case "E1": "the lexer"
        case "E2": "the parser"
        case "E3": "names and types"
        case "E4": "values and ranges"
        case "E5": "imports"
        case "E6": "evaluation"
        case "E7": "charter.toml"
        case "E8": "the REPL"
        case "C0": "inline suppressions"
        case "R0": "charter run"
        case "D1": "charter diff"
        default: "the built-in checks"
        }
    }
}
