// The library other Swift programs import: `import Charter` gives the whole
// pipeline, stage by stage, and nothing of its own — diagnostics, syntax,
// numbers, model, power, evaluation, checks, interpreter and formatter; the project
// loader (`Program`, charter.toml, suppressions, the lint run); the reports;
// and the generator of alliances for benchmarks and fuzzing.

@_exported import CharterChecks
@_exported import CharterDiagnostics
@_exported import CharterEvaluation
@_exported import CharterFormat
@_exported import CharterGenerator
@_exported import CharterInterpreter
@_exported import CharterModel
@_exported import CharterNumbers
@_exported import CharterPower
@_exported import CharterProject
@_exported import CharterReports
@_exported import CharterSyntax
