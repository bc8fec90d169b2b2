// A diagnostic with its places as people and tools read them: file, line and
// column (1-based, columns in Unicode scalars), end line and column, and the
// byte offsets beside them. The JSON, SARIF, GitHub and JUnit reports, and
// `charter run --format json`, all start from it.

import CharterDiagnostics

struct Finding: Encodable, Sendable {
    /// A secondary place: a label of the diagnostic, such as the other
    /// principle of a conflicting pair.
    struct Related: Encodable, Sendable {
        var file: String
        var line: Int
        var column: Int
        var endLine: Int
        var endColumn: Int
        var message: String
    }

    var code: String
    var name: String
    var severity: String
    var message: String
    var file: String
    var line: Int
    var column: Int
    var endLine: Int
    var endColumn: Int
    var startByte: Int
    var endByte: Int
    var notes: [String]
    var help: String?
    var related: [Related]?

    init(_ diagnostic: Diagnostic, sources: SourceMap) {
        let source = sources[diagnostic.span.file]
        let start = source.location(of: diagnostic.span.start)
        let end = source.location(of: diagnostic.span.end)
        code = diagnostic.code.id
        name = diagnostic.code.name
        severity = diagnostic.severity.description
        message = diagnostic.message
        file = source.path
        line = start.line
        column = start.column
        endLine = end.line
        endColumn = end.column
        startByte = diagnostic.span.start
        endByte = diagnostic.span.end
        notes = diagnostic.notes
        help = diagnostic.help
        related = diagnostic.labels.map { label in
            let labelSource = sources[label.span.file]
            let labelStart = labelSource.location(of: label.span.start)
            let labelEnd = labelSource.location(of: label.span.end)
            return Related(file: labelSource.path, line: labelStart.line, column: labelStart.column,
                           endLine: labelEnd.line, endColumn: labelEnd.column, message: label.message)
        }
    }
}
