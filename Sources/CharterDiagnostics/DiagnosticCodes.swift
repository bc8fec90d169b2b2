// A list of diagnostic codes, each with the stage that emits it, for what
// explains a code (`charter explain`, the REPL's `:explain`, SARIF's rules)
// and for the test that every code is shown somewhere. Each module owns its
// codes (its `…Diagnostic.all`); the lists are put together downstream of
// them, so that no stage has to know the codes of a stage after it:
// `DiagnosticCodes.pipeline` (CharterReports) has every stage of the
// pipeline's, and `DiagnosticCodes.all` (CharterSession) adds the REPL's.

public struct DiagnosticCodes: RandomAccessCollection, Sendable {
    private var codes: [DiagnosticCode] = []
    private var stages: [String] = []
    /// Where each code is, by its ID, for `code(named:)` and `stage(of:)`.
    private var positions: [String: Int] = [:]

    /// An empty list.
    public init() {}

    /// The list with `codes`, all emitted by `stage` (`the lexer`), after
    /// those it has; a code it has already keeps its first stage.
    public func adding(_ codes: [DiagnosticCode], stage: String) -> DiagnosticCodes {
        var list = self
        for code in codes where list.positions[code.id] == nil {
            list.positions[code.id] = list.codes.count
            list.codes.append(code)
            list.stages.append(stage)
        }
        return list
    }

    /// The code with this ID (any case) or name.
    public func code(named key: String) -> DiagnosticCode? {
        if let position = positions[key.uppercased()] { return codes[position] }
        let name = key.lowercased()
        return codes.first { $0.name == name }
    }

    /// What part of Charter emits a code: `names and types` for E301; nil
    /// for a code not in the list.
    public func stage(of code: DiagnosticCode) -> String? {
        positions[code.id].map { stages[$0] }
    }

    public var startIndex: Int { codes.startIndex }
    public var endIndex: Int { codes.endIndex }
    public subscript(position: Int) -> DiagnosticCode { codes[position] }
}
