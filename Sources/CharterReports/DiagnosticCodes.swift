// Every code the pipeline can emit, put together from the lists of the
// modules that own them, each with the stage it names in `charter explain`.
// Here, after every stage that emits codes (the drift of `charter diff` is a
// report's), so that each module owns its codes and none upstream lists
// another's; the REPL, downstream, adds its own (`DiagnosticCodes.all`).

import CharterChecks
import CharterDiagnostics
import CharterEvaluation
import CharterInterpreter
import CharterModel
import CharterProject
import CharterSyntax

extension DiagnosticCodes {
    /// The pipeline's codes, stage by stage, the built-in checks last. A
    /// module whose codes belong to two stages has them told apart by the
    /// hundreds of their IDs, which name the stage (E3xx names, E4xx values).
    public static let pipeline = DiagnosticCodes()
        .adding([DiagnosticLimit.tooMany] + ProgramDiagnostic.all.filter { $0.id.hasPrefix("E0") }, stage: "loading files")
        .adding(LexerDiagnostic.all, stage: "the lexer")
        .adding(ParserDiagnostic.all, stage: "the parser")
        .adding(ResolverDiagnostic.all.filter { $0.id.hasPrefix("E3") }, stage: "names and types")
        .adding(ResolverDiagnostic.all.filter { !$0.id.hasPrefix("E3") }, stage: "values and ranges")
        .adding(ProgramDiagnostic.all.filter { !$0.id.hasPrefix("E0") }, stage: "imports")
        .adding(EvaluationDiagnostic.all, stage: "evaluation")
        .adding(ConfigurationDiagnostic.all, stage: "charter.toml")
        .adding(SuppressionDiagnostic.all, stage: "inline suppressions")
        .adding(RunDiagnostic.all, stage: "charter run")
        .adding(EditDiagnostic.all, stage: "edits (the REPL and scenarios)")
        .adding(DriftDiagnostic.all, stage: "charter diff")
        .adding(Catalog.all.map(\.code), stage: "the built-in checks")
}
