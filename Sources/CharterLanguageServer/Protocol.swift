// The few types of the Language Server Protocol 3.17 that Charter's server
// reads and writes, as Codable structs named as the specification names
// them. Fields the server does not use are left out: decoding ignores them.

import Foundation

public struct Position: Codable, Hashable, Sendable {
    public var line: Int
    public var character: Int
    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
}

public struct Range: Codable, Hashable, Sendable {
    public var start: Position
    public var end: Position
    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }
}

public struct Location: Codable, Hashable, Sendable {
    public var uri: String
    public var range: Range
}

struct TextDocumentIdentifier: Codable { var uri: String }

struct TextDocumentItem: Codable {
    var uri: String
    var languageId: String?
    var version: Int?
    var text: String
}

struct VersionedTextDocumentIdentifier: Codable {
    var uri: String
    var version: Int?
}

struct DidOpenParams: Codable { var textDocument: TextDocumentItem }
struct DidCloseParams: Codable { var textDocument: TextDocumentIdentifier }

struct ContentChange: Codable {
    var range: Range?
    var text: String
}

struct DidChangeParams: Codable {
    var textDocument: VersionedTextDocumentIdentifier
    var contentChanges: [ContentChange]
}

struct CancelParams: Codable { var id: RequestID }

struct PositionParams: Codable {
    var textDocument: TextDocumentIdentifier
    var position: Position
}

struct ReferenceParams: Codable {
    struct Context: Codable { var includeDeclaration: Bool }
    var textDocument: TextDocumentIdentifier
    var position: Position
    var context: Context?
}

struct RenameParams: Codable {
    var textDocument: TextDocumentIdentifier
    var position: Position
    var newName: String
}

struct DocumentParams: Codable { var textDocument: TextDocumentIdentifier }

struct RangeParams: Codable {
    var textDocument: TextDocumentIdentifier
    var range: Range
}

struct WorkspaceSymbolParams: Codable { var query: String }

struct ExecuteCommandParams: Codable {
    var command: String
    var arguments: [CommandArgument]?
}

/// A command's argument: the server's commands take texts and positions.
enum CommandArgument: Codable, Hashable {
    case text(String)
    case position(Position)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .position(try container.decode(Position.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .position(let position): try container.encode(position)
        }
    }
}

struct CodeActionParams: Codable {
    struct Context: Codable {
        var diagnostics: [LSPDiagnostic]
        var only: [String]?
    }
    var textDocument: TextDocumentIdentifier
    var range: Range
    var context: Context
}

struct InitializeParams: Codable {
    struct Capabilities: Codable {
        struct General: Codable { var positionEncodings: [String]? }
        struct Window: Codable { var showDocument: ShowDocument? }
        struct ShowDocument: Codable { var support: Bool? }
        var general: General?
        var window: Window?
    }
    struct WorkspaceFolder: Codable { var uri: String }
    var capabilities: Capabilities?
    var rootUri: String?
    var workspaceFolders: [WorkspaceFolder]?
}

struct WorkspaceFoldersChange: Codable {
    struct Event: Codable {
        var added: [InitializeParams.WorkspaceFolder]
        var removed: [InitializeParams.WorkspaceFolder]
    }
    var event: Event
}

// MARK: - Answers

struct CodeDescription: Codable, Hashable { var href: String }

struct RelatedInformation: Codable, Hashable {
    var location: Location
    var message: String
}

/// A diagnostic as the protocol has it (`Diagnostic` is Charter's).
struct LSPDiagnostic: Codable, Hashable {
    var range: Range
    var severity: Int?
    var code: String?
    var codeDescription: CodeDescription?
    var source: String?
    var message: String
    var relatedInformation: [RelatedInformation]?
    var tags: [Int]?
}

struct PublishDiagnosticsParams: Encodable {
    var uri: String
    var version: Int?
    var diagnostics: [LSPDiagnostic]
}

struct MarkupContent: Codable {
    var kind = "markdown"
    var value: String
}

struct Hover: Encodable {
    var contents: MarkupContent
    var range: Range?
}

struct TextEdit: Codable, Hashable {
    var range: Range
    var newText: String
}

struct WorkspaceEdit: Encodable {
    var changes: [String: [TextEdit]]
}

struct Command: Encodable {
    var title: String
    var command: String
    var arguments: [CommandArgument]?
}

struct CodeAction: Encodable {
    var title: String
    var kind: String
    var diagnostics: [LSPDiagnostic]?
    var isPreferred: Bool?
    var edit: WorkspaceEdit?
    var command: Command?
}

struct CompletionItem: Encodable, Hashable {
    var label: String
    var kind: Int
    var detail: String?
    var sortText: String?
}

struct CompletionList: Encodable {
    var isIncomplete: Bool
    var items: [CompletionItem]
}

struct DocumentSymbol: Encodable {
    var name: String
    var detail: String?
    var kind: Int
    var range: Range
    var selectionRange: Range
    var children: [DocumentSymbol]?
}

struct SymbolInformation: Encodable {
    var name: String
    var kind: Int
    var location: Location
    var containerName: String?
}

struct PrepareRenameResult: Encodable {
    var range: Range
    var placeholder: String
}

struct InlayHint: Encodable {
    var position: Position
    var label: String
    var kind: Int?
    var paddingLeft: Bool?
    var tooltip: String?
}

struct ShowDocumentParams: Encodable {
    var uri: String
    var takeFocus: Bool?
    var selection: Range?
}

/// The protocol's numbers for kinds of symbols and completions.
enum SymbolKind {
    static let module = 2, namespace = 3, `class` = 5, property = 7, field = 8, function = 12, variable = 13,
               constant = 14, string = 15, object = 19, key = 20, event = 24, `operator` = 25, enumMember = 22, `struct` = 23
}

enum CompletionKind {
    static let function = 3, field = 5, variable = 6, `class` = 7, module = 9, property = 10, value = 12, `enum` = 13,
               keyword = 14, snippet = 15, reference = 18, enumMember = 20, constant = 21, `struct` = 22, event = 23
}
