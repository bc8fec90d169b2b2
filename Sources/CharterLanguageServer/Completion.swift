// Completion for the editor: the place and its candidates come from the
// model's `CompletionContext`, shared with the REPL; this gives them the
// protocol's kinds.

import Charter

extension LanguageServer {
    func completion(_ params: PositionParams) throws(ResponseError) -> CompletionList {
        let document = try document(params.textDocument.uri)
        let file = document.text
        let offset = file.offset(of: params.position, encoding)
        // Names come from the last analysis when there is one: completing
        // should not wait for the checks of the half-typed text.
        let model = (analyses[params.textDocument.uri] ?? (try? analysis(params.textDocument.uri)))?.program.model ?? Model()
        let items = CompletionContext(file: file, offset: offset).candidates(model: model).map { candidate in
            CompletionItem(label: candidate.text, kind: Self.completionKind(candidate.kind), detail: candidate.detail ?? Self.detail(candidate.kind),
                           sortText: nil)
        }
        return CompletionList(isIncomplete: false, items: items)
    }

    static func completionKind(_ kind: CompletionCandidate.Kind) -> Int {
        switch kind {
        case .keyword: CompletionKind.keyword
        case .field: CompletionKind.field
        case .word: CompletionKind.enumMember
        case .function: CompletionKind.function
        case .collection, .variable: CompletionKind.variable
        case .name(let entity):
            switch entity {
            case .member: CompletionKind.reference
            case .value, .principle: CompletionKind.constant
            case .body: CompletionKind.class
            case .bloc: CompletionKind.struct
            case .binding: CompletionKind.variable
            case .goal, .channel: CompletionKind.event
            case .rule: CompletionKind.function
            case .alliance: CompletionKind.module
            }
        }
    }

    static func detail(_ kind: CompletionCandidate.Kind) -> String? {
        switch kind {
        case .name(let entity): entity.rawValue
        case .collection: "built-in set"
        case .variable: "variable"
        case .field: "field"
        case .keyword, .word, .function: nil
        }
    }
}
