// What the server changes in a file: quick fixes (the corrections
// diagnostics carry, suppressing a finding, removing a suppression that
// suppresses nothing), formatting by the canonical formatter; and the inlay
// hints that show each member's power beside its weight and the votes a
// body's rule needs.

import Charter
import Foundation

extension LanguageServer {
    /// The command a suppression's quick fix runs to put the cursor after `-- `.
    static let placeCursor = "charter.placeCursor"

    func codeActions(_ params: CodeActionParams) throws(ResponseError) -> [CodeAction] {
        // Only quick fixes are offered: none when the client asks for other kinds only.
        if let only = params.context.only, !only.contains(where: { "quickfix".hasPrefix($0) || $0.hasPrefix("quickfix") }) { return [] }
        let (analysis, file, _) = try place(params.textDocument.uri, params.range.start)
        let start = file.offset(of: params.range.start, encoding)
        let end = file.offset(of: params.range.end, encoding)
        let uri = params.textDocument.uri
        var actions: [CodeAction] = []
        let findings = analysis.program.diagnostics.filter {
            $0.span.file == file.id && $0.span.start <= end && start <= $0.span.end
        }
        for finding in findings {
            let diagnostic = lspDiagnostic(finding, sources: analysis.program.sources)
            if let fix = finding.fix, fix.span.file == file.id {
                let unused = finding.code == SuppressionDiagnostic.unused
                let title = unused ? (fix.span == finding.span ? "Remove this unused suppression" : "Remove the check this suppression does not need")
                    : "Write `\(fix.replacement)`" + (fix.span.start < fix.span.end ? " for `\(file.text(fix.span))`" : "")
                actions.append(CodeAction(
                    title: title, kind: "quickfix", diagnostics: [diagnostic], isPreferred: true,
                    edit: WorkspaceEdit(changes: [uri: [TextEdit(range: file.range(of: Self.widened(fix, in: file), encoding),
                                                                 newText: fix.replacement)]])))
            }
            if let check = Catalog.check(named: finding.code.id) {
                let line = file.lineIndex(of: finding.span.start)
                let lineStart = file.lineStarts[line]
                let indent = file.bytes[lineStart...].prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                let comment = String(decoding: indent, as: UTF8.self) + "# charter: allow \(check.name) -- "
                let at = Position(line: line, character: 0)
                let cursor = Position(line: line, character: encoding == .utf8 ? comment.utf8.count : comment.utf16.count)
                actions.append(CodeAction(
                    title: "Suppress \(check.id) (\(check.name)) here, with a reason", kind: "quickfix", diagnostics: [diagnostic],
                    edit: WorkspaceEdit(changes: [uri: [TextEdit(range: Range(start: at, end: at), newText: comment + "\n")]]),
                    command: Command(title: "Write the reason", command: Self.placeCursor,
                                     arguments: [.text(uri), .position(cursor)])))
            }
        }
        return actions
    }

    /// A fix's span, widened where a deletion would leave a blank line or
    /// stray spaces behind: a comment alone on its line goes with its line,
    /// a trailing one with the spaces before it.
    static func widened(_ fix: Fix, in file: SourceFile) -> Span {
        guard fix.replacement.isEmpty, fix.span.start < fix.span.end else { return fix.span }
        let line = file.lineIndex(of: fix.span.start)
        let range = file.lineRange(line)
        guard fix.span.end == range.upperBound else { return fix.span }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        if file.bytes[range.lowerBound..<fix.span.start].allSatisfy(isBlank) {
            let next = line + 1 < file.lineStarts.count ? file.lineStarts[line + 1] : range.upperBound
            return Span(file: file.id, start: range.lowerBound, end: next)
        }
        var start = fix.span.start
        while start > range.lowerBound, isBlank(file.bytes[start - 1]) { start -= 1 }
        return Span(file: file.id, start: start, end: fix.span.end)
    }

    func execute(_ params: ExecuteCommandParams) throws(ResponseError) -> Null {
        guard params.command == Self.placeCursor else { throw .invalidParams("no command `\(params.command)`") }
        guard let arguments = params.arguments, arguments.count == 2, case .text(let uri) = arguments[0],
              case .position(let position) = arguments[1] else {
            throw .invalidParams("`\(Self.placeCursor)` takes a document's URI and a position")
        }
        if canShowDocuments {
            nextRequest += 1
            send(OutgoingMessage.request(.string("charter-\(nextRequest)"), "window/showDocument", ShowDocumentParams(
                uri: uri, takeFocus: true, selection: Range(start: position, end: position))))
        }
        return Null()
    }

    // MARK: - Formatting

    func formatting(_ params: DocumentParams) throws(ResponseError) -> [TextEdit] {
        let document = try document(params.textDocument.uri)
        let analysis = try analysis(params.textDocument.uri)
        var sources = SourceMap()
        let file = sources.add(path: document.path, bytes: document.text.bytes)
        let parsed = Parser.parse(file, maximumDepth: analysis.configuration.limits.nestingDepth)
        guard !parsed.diagnostics.contains(where: { $0.severity == .error && $0.code != ParserDiagnostic.emptyFile }) else {
            throw .requestFailed("the file has syntax errors, so it was not formatted")
        }
        let formatted = Formatter(source: file, syntax: parsed.syntax, lineWidth: analysis.configuration.lineWidth).format()
        guard Array(formatted.utf8) != file.bytes else { return [] }
        let whole = Span(file: file.id, start: 0, end: file.bytes.count)
        return [TextEdit(range: file.range(of: whole, encoding), newText: formatted)]
    }

    // MARK: - Inlay hints

    func inlayHints(_ params: RangeParams) throws(ResponseError) -> [InlayHint] {
        let analysis = try analysis(params.textDocument.uri)
        let file = analysis.program.sources[analysis.root]
        let start = file.offset(of: params.range.start, encoding)
        let end = file.offset(of: params.range.end, encoding)
        guard let syntax = analysis.program.syntax.first(where: { $0.file == analysis.root }),
              let report = power(analysis) else { return [] }
        var hints: [InlayHint] = []
        func hint(after span: Span, _ label: String, _ tooltip: String) {
            guard start <= span.end, span.end <= end else { return }
            hints.append(InlayHint(position: file.position(of: span.end, encoding), label: label, kind: 1, paddingLeft: true,
                                   tooltip: tooltip))
        }
        for declaration in syntax.declarations where declaration.span.end >= start && declaration.span.start <= end {
            switch declaration {
            case .member(let member):
                var shares: [String] = []
                var seen: Set<String> = []
                for table in report.tables where seen.insert(table.game.body).inserted {
                    guard let player = table.game.members.firstIndex(where: { $0.name == member.name.text }),
                          let banzhaf = try? table.analysis.banzhaf.get() else {
                        if table.game.members.contains(where: { $0.name == member.name.text }) { seen.remove(table.game.body) }
                        continue
                    }
                    shares.append("\(Self.percent(banzhaf.index.shares[player])) of \(table.game.body)")
                }
                guard !shares.isEmpty else { continue }
                let weight = member.items.first { if case .weight = $0.kind { true } else { false } }
                hint(after: weight?.span ?? member.name.span, shares.joined(separator: ", "),
                     "Banzhaf power: the share of the swings (the coalitions its vote turns from losing into winning) it holds in each body")
            case .body(let body):
                let tables = report.tables.filter { $0.game.body == body.name.text }
                for item in body.items {
                    switch item.kind {
                    case .decision:
                        if let table = tables.first(where: { $0.game.matters.isEmpty }) ?? tables.first {
                            hint(after: item.span, table.game.quotaDescription, "What a decision of \(body.name.text) takes")
                        }
                    case .decides(let matters, _, .some):
                        if let first = matters.first, let table = tables.first(where: { $0.game.matters.contains(first.text) }) {
                            hint(after: item.span, table.game.quotaDescription, "What a decision on \(first.text) takes")
                        }
                    default: break
                    }
                }
            default: break
            }
        }
        return hints
    }
}
