// The codes of the REPL's edits of its live model (`remove`, `amend`), owned
// by the session, their only user (an edit's own, E802, is the model's, as
// scenarios make edits too; E804, a name still used, is no longer an error:
// what names a removed thing says so when it is evaluated); `DiagnosticCodes.all` puts them after the
// pipeline's, for everything that explains any code Charter can emit.

import Charter

public enum SessionDiagnostic {
    public static let unknownName = DiagnosticCode("E801", "not-in-session")
    public static let cannotAmend = DiagnosticCode("E803", "not-amendable")
    public static let importInSession = DiagnosticCode("E805", "import-in-session")

    public static let all = [unknownName, cannotAmend, importInSession]
}

extension DiagnosticCodes {
    /// Every code Charter can emit: the pipeline's and the REPL's. `charter
    /// explain` and `:explain` explain from it.
    public static let all = pipeline.adding(SessionDiagnostic.all, stage: "the REPL")
}
