// The codes of the REPL's edits of its live model (`remove`, `amend`), here
// beside the other stages' so that every code is in one list.

public enum SessionDiagnostic {
    public static let unknownName = DiagnosticCode("E801", "not-in-session")
    public static let emptiedList = DiagnosticCode("E802", "emptied-by-remove")
    public static let cannotAmend = DiagnosticCode("E803", "not-amendable")
    public static let stillUsed = DiagnosticCode("E804", "still-used")
    public static let importInSession = DiagnosticCode("E805", "import-in-session")

    public static let all = [unknownName, emptiedList, cannotAmend, stillUsed, importInSession]
}
