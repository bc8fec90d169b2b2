// Where names lead: go to definition, find references, rename, and the
// outline of declarations. Every answer follows the uses the resolver
// recorded (`Program.uses`): a name is resolved once, there, and these only
// look it up. A declaration is known across programs by its file's path
// and its place, since each open file is a program of its own.

import Charter

extension LanguageServer {
    /// A declaration as every program that holds its file knows it.
    struct DeclarationKey: Hashable {
        var path: String
        var start: Int
    }

    func key(_ use: NameUse, in sources: SourceMap) -> DeclarationKey {
        DeclarationKey(path: sources[use.declaration.file].path, start: use.declaration.start)
    }

    func definition(_ params: PositionParams) throws(ResponseError) -> [Location] {
        let (analysis, file, offset) = try place(params.textDocument.uri, params.position)
        guard let use = use(at: offset, in: file, of: analysis) else { return [] }
        return [location(use.declaration, in: analysis.program.sources)]
    }

    /// Every place the declaration of the name at a position is written,
    /// in every open file's program, each once.
    func occurrences(_ uri: String, _ position: Position) throws(ResponseError)
        -> (use: NameUse, declaration: DeclarationKey, places: [(Span, SourceMap)])? {
        let (analysis, file, offset) = try place(uri, position)
        guard let use = use(at: offset, in: file, of: analysis) else { return nil }
        let target = key(use, in: analysis.program.sources)
        var seen: Set<DeclarationKey> = []
        var places: [(Span, SourceMap)] = []
        for (_, other) in allAnalyses() {
            let sources = other.program.sources
            for found in other.program.uses where key(found, in: sources) == target {
                if seen.insert(DeclarationKey(path: sources[found.span.file].path, start: found.span.start)).inserted {
                    places.append((found.span, sources))
                }
            }
        }
        return (use, target, places)
    }

    func references(_ params: ReferenceParams) throws(ResponseError) -> [Location] {
        guard let (_, declaration, places) = try occurrences(params.textDocument.uri, params.position) else { return [] }
        let includeDeclaration = params.context?.includeDeclaration ?? true
        return places.filter { span, sources in
            includeDeclaration || DeclarationKey(path: sources[span.file].path, start: span.start) != declaration
        }.map { location($0.0, in: $0.1) }
            .sorted { ($0.uri, $0.range.start.line, $0.range.start.character) < ($1.uri, $1.range.start.line, $1.range.start.character) }
    }

    func prepareRename(_ params: PositionParams) throws(ResponseError) -> PrepareRenameResult? {
        let (analysis, file, offset) = try place(params.textDocument.uri, params.position)
        guard let use = use(at: offset, in: file, of: analysis) else {
            throw .requestFailed("only a declared name can be renamed, and there is none here")
        }
        return PrepareRenameResult(range: file.range(of: use.span, encoding), placeholder: file.text(use.span))
    }

    func rename(_ params: RenameParams) throws(ResponseError) -> WorkspaceEdit {
        let analysis = try analysis(params.textDocument.uri)
        guard let (use, declaration, places) = try occurrences(params.textDocument.uri, params.position) else {
            throw .requestFailed("only a declared name can be renamed, and there is none here")
        }
        let old = analysis.program.sources[use.span.file].text(use.span)
        let new = params.newName
        if new == old { return WorkspaceEdit(changes: [:]) }
        // The programs that hold the declaration: only their names can clash.
        let holders = allAnalyses().map(\.analysis).filter { $0.program.sources.files.contains { $0.path == declaration.path } }
        if let problem = Self.problem(naming: new, in: holders) { throw .requestFailed(problem) }
        var edits: [String: [Span]] = [:]
        for (span, sources) in places { edits[sources[span.file].path, default: []].append(span) }
        for holder in holders {
            if let problem = changedMeaning(of: holder, renaming: declaration, from: old, to: new, at: edits) {
                throw .requestFailed("renaming `\(old)` to `\(new)` would change what the files mean: \(problem)")
            }
        }
        var changes: [String: [TextEdit]] = [:]
        for (span, sources) in places {
            let file = sources[span.file]
            changes[uri(of: file.path), default: []].append(TextEdit(range: file.range(of: span, encoding), newText: new))
        }
        return WorkspaceEdit(changes: changes)
    }

    /// Why the rename would not mean the same, in a program that holds the
    /// declaration: the program loaded again with the new name written, every
    /// place must still denote the renamed declaration (not a variable or a
    /// field of that name in scope there), and no new error may appear (a
    /// scenario declaring the name too, say). nil when it means the same.
    private func changedMeaning(of analysis: Analysis, renaming declaration: DeclarationKey, from old: String, to new: String,
                                at edits: [String: [Span]]) -> String? {
        var buffers = openBuffers()
        let grown = new.utf8.count - old.utf8.count
        var renamedAt = declaration.start
        var expected = 0
        for file in analysis.program.sources.files {
            guard let spans = edits[file.path] else { continue }
            var bytes = file.bytes
            for span in spans.sorted(by: { $0.start > $1.start }) { bytes.replaceSubrange(span.start..<span.end, with: Array(new.utf8)) }
            buffers[bufferKey(file.path)] = bytes
            if file.path == declaration.path { renamedAt += grown * spans.count { $0.start < declaration.start } }
            expected += spans.count
        }
        let root = analysis.program.sources[analysis.root].path
        let renamed = Program.load(paths: [root], reader: OverlayReader(host: host, buffers: buffers),
                                   limits: analysis.configuration.limits, root: self.root, recordingUses: true)
        let errors = { (program: Program) in program.diagnostics.filter { $0.severity == .error && Catalog.check(named: $0.code.id) == nil } }
        let before = errors(analysis.program)
        if let appeared = Diagnostic.difference(before, errors(renamed)).appeared.first(where: { finding in
            before.count { $0.code == finding.code } < errors(renamed).count { $0.code == finding.code }
        }) {
            return appeared.message
        }
        let target = DeclarationKey(path: declaration.path, start: renamedAt)
        let found = Set(renamed.uses.filter { key($0, in: renamed.sources) == target }
            .map { DeclarationKey(path: renamed.sources[$0.span.file].path, start: $0.span.start) }).count
        guard found == expected else {
            let lost = expected - found
            return "at \(lost) of its \(expected) places, `\(new)` would mean a variable or field of that name instead"
        }
        return nil
    }

    /// Why `name` cannot be a new name, or nil when it can.
    static func problem(naming name: String, in analyses: [Analysis]) -> String? {
        var sources = SourceMap()
        let file = sources.add(path: "<name>", text: name)
        let tokens = Lexer.tokenize(file).tokens
        guard tokens.count == 2, tokens[0].kind == .identifier, tokens[0].span.start == 0, tokens[0].span.end == file.bytes.count else {
            if tokens.first.map({ TokenKind.keywords[file.text($0.span)] != nil }) == true && tokens.count == 2 {
                return "`\(name)` is a keyword of the language"
            }
            return "`\(name)` is not a name: a name is a letter or `_`, then letters, digits and `_`"
        }
        if Resolver.isReserved(name) {
            return "`\(name)` is a built-in name"
        }
        if let taken = analyses.lazy.compactMap({ $0.program.model.symbols[name] }).first {
            return "`\(name)` is taken: it names \(taken.withArticle) already"
        }
        return nil
    }

    // MARK: - Symbols

    /// The declarations of a file, in order, as the outline shows them.
    func documentSymbols(_ params: DocumentParams) throws(ResponseError) -> [DocumentSymbol] {
        let analysis = try analysis(params.textDocument.uri)
        let file = analysis.program.sources[analysis.root]
        guard let syntax = analysis.program.syntax.first(where: { $0.file == analysis.root }) else { return [] }
        return syntax.declarations.compactMap { symbol(for: $0, in: file) }
    }

    func workspaceSymbols(_ params: WorkspaceSymbolParams) -> [SymbolInformation] {
        let query = params.query.lowercased()
        var seen: Set<DeclarationKey> = []
        var found: [SymbolInformation] = []
        for (_, analysis) in allAnalyses() {
            for syntax in analysis.program.syntax {
                let file = analysis.program.sources[syntax.file]
                for declaration in syntax.declarations {
                    guard let symbol = symbol(for: declaration, in: file),
                          seen.insert(DeclarationKey(path: file.path, start: declaration.span.start)).inserted,
                          query.isEmpty || Self.matches(symbol.name.lowercased(), query) else { continue }
                    found.append(information(symbol, in: file))
                }
            }
        }
        // The workspace's other files, parsed (not checked) for their declarations.
        let read = Set(found.map(\.location.uri)).union(documents.keys)
        if workspaceFiles == nil { workspaceFiles = workspaceFolders.flatMap { host.charterFiles(under: $0) } }
        let limits = Limits()
        var budget = limits.inputSize
        for path in workspaceFiles ?? [] where !read.contains(uri(of: PathName.normalize(path))) {
            guard budget > 0, !isInterrupted(), let bytes = try? host.read(path, limit: min(budget, limits.inputSize)) else { continue }
            budget -= bytes.count
            var sources = SourceMap()
            let file = sources.add(path: PathName.normalize(path), bytes: bytes)
            for declaration in Parser.parse(file, maximumDepth: limits.nestingDepth).syntax.declarations {
                guard let symbol = symbol(for: declaration, in: file), query.isEmpty || Self.matches(symbol.name.lowercased(), query)
                else { continue }
                found.append(information(symbol, in: file))
            }
        }
        return found
    }

    private func information(_ symbol: DocumentSymbol, in file: SourceFile) -> SymbolInformation {
        SymbolInformation(name: symbol.name, kind: symbol.kind, location: Location(uri: uri(of: file.path), range: symbol.range),
                          containerName: symbol.detail)
    }

    /// Whether the query's characters come in the name in order, as editors' symbol searches match.
    static func matches(_ name: String, _ query: String) -> Bool {
        var rest = Substring(name)
        for character in query {
            guard let found = rest.firstIndex(of: character) else { return false }
            rest = rest[rest.index(after: found)...]
        }
        return true
    }

    private func symbol(for declaration: Declaration, in file: SourceFile) -> DocumentSymbol? {
        func make(_ name: String, _ detail: String, _ kind: Int, _ selection: Span, children: [DocumentSymbol]? = nil) -> DocumentSymbol {
            DocumentSymbol(name: name, detail: detail, kind: kind, range: file.range(of: declaration.span, encoding),
                           selectionRange: file.range(of: selection, encoding), children: children)
        }
        func named(_ name: Name, _ detail: String, _ kind: Int, children: [DocumentSymbol]? = nil) -> DocumentSymbol {
            make(name.text, detail, kind, name.span, children: children)
        }
        switch declaration {
        case .alliance(let d): return named(d.name, "alliance", SymbolKind.module)
        case .value(let d): return named(d.name, "value", SymbolKind.constant)
        case .principle(let d): return named(d.name, "principle", SymbolKind.enumMember)
        case .tension(let d): return make("\(d.left.text) vs \(d.right.text)", "tension", SymbolKind.operator, d.left.span.to(d.right.span))
        case .member(let d): return named(d.name, "member", SymbolKind.object)
        case .bloc(let d): return named(d.name, "bloc", SymbolKind.struct)
        case .goal(let d): return named(d.name, "goal", SymbolKind.event)
        case .body(let d):
            let matters = d.items.flatMap { item -> [DocumentSymbol] in
                guard case .decides(let names, _, _) = item.kind else { return [] }
                return names.map { name in
                    DocumentSymbol(name: name.text, detail: "matter", kind: SymbolKind.key, range: file.range(of: item.span, encoding),
                                   selectionRange: file.range(of: name.span, encoding), children: nil)
                }
            }
            return named(d.name, "body", SymbolKind.class, children: matters.isEmpty ? nil : matters)
        case .rule(let d): return named(d.name, "rule", SymbolKind.function)
        case .channel(let d): return named(d.name, "channel", SymbolKind.event)
        case .check(let d): return make(d.title.value, "check", SymbolKind.function, d.title.span)
        case .scenario(let d): return make(d.title.value, "scenario", SymbolKind.namespace, d.title.span)
        case .let(let d): return named(d.name, "let", SymbolKind.variable)
        case .import(let d): return make(d.path.value, "import", SymbolKind.module, d.path.span)
        case .show, .assert, .bad: return nil
        }
    }
}
