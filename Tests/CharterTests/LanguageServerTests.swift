// The language server in process: each request answered from files held in
// memory, as an editor would send them, positions in UTF-16 and in UTF-8.

import Charter
import CharterLanguageServer
import Foundation
import Testing

/// Files, a charter.toml's verdict, and explanation links, from memory.
struct MemoryHost: LanguageServerHost {
    var files: [String: String] = [:]
    var configuration: Result<CheckConfiguration, ConfigurationProblem> = .success(CheckConfiguration())

    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        guard let text = files[path] else { throw .notFound }
        return Array(text.utf8)
    }

    func configuration(for path: String) -> Result<CheckConfiguration, ConfigurationProblem> { configuration }
    func charterFiles(under folder: String) -> [String] { files.keys.filter { $0.hasPrefix(folder + "/") }.sorted() }
    func explanationLink(for code: String) -> String? { "file:///explanations/\(code).txt" }
}

/// What the server sent, as JSON objects.
final class Outbox: @unchecked Sendable {
    private let lock = NSLock()
    private var framer = MessageFramer()
    private var received: [[String: Any]] = []

    func take(_ data: Data) {
        lock.withLock {
            for case .message(let json) in framer.feed(data) {
                received.append(try! JSONSerialization.jsonObject(with: json) as! [String: Any])
            }
        }
    }

    var messages: [[String: Any]] { lock.withLock { received } }
    func clear() { lock.withLock { received = [] } }
}

/// An editor's side of the conversation, in process.
final class TestClient {
    let outbox = Outbox()
    let server: LanguageServer
    private var nextID = 0

    init(host: MemoryHost = MemoryHost(), utf8: Bool = false, initialize: Bool = true) {
        let outbox = outbox
        server = LanguageServer(host: host, version: "test") { outbox.take($0) }
        if initialize {
            let general: [String: Any] = utf8 ? ["positionEncodings": ["utf-8", "utf-16"]] : [:]
            _ = request("initialize", ["capabilities": ["general": general]])
            notify("initialized", [:])
        }
    }

    @discardableResult
    func send(_ object: [String: Any]) -> LanguageServer.Outcome {
        server.handle(json: try! JSONSerialization.data(withJSONObject: object))
    }

    /// The response to a request: its `result` or its `error`.
    func request(_ method: String, _ params: [String: Any]) -> [String: Any] {
        nextID += 1
        let id = nextID
        outbox.clear()
        send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
        return outbox.messages.first { ($0["id"] as? Int) == id } ?? [:]
    }

    func result(_ method: String, _ params: [String: Any]) -> Any? { request(method, params)["result"] }

    func notify(_ method: String, _ params: [String: Any]) {
        send(["jsonrpc": "2.0", "method": method, "params": params])
    }

    func open(_ uri: String, _ text: String) {
        notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "charter", "version": 1, "text": text]])
    }

    /// The diagnostics published for each URI once changes are done.
    func publish() -> [String: [[String: Any]]] {
        outbox.clear()
        server.publishDiagnostics()
        var found: [String: [[String: Any]]] = [:]
        for message in outbox.messages where message["method"] as? String == "textDocument/publishDiagnostics" {
            let params = message["params"] as! [String: Any]
            found[params["uri"] as! String] = params["diagnostics"] as? [[String: Any]]
        }
        return found
    }

    static func position(_ line: Int, _ character: Int) -> [String: Any] { ["line": line, "character": character] }
    static func at(_ uri: String, _ line: Int, _ character: Int) -> [String: Any] {
        ["textDocument": ["uri": uri], "position": position(line, character)]
    }
}

/// The first and last of a range, as `line:character-line:character`.
func describe(_ range: Any?) -> String {
    guard let range = range as? [String: Any], let start = range["start"] as? [String: Int], let end = range["end"] as? [String: Int] else {
        return "none"
    }
    return "\(start["line"]!):\(start["character"]!)-\(end["line"]!):\(end["character"]!)"
}

@Suite struct LanguageServerTests {
    static let uri = "file:///w/alliance.charter"
    static let alliance = """
        alliance test { stage developing }
        value openness "Open books"
        value growth "Growth"
        member alpha { kind company motivation values_driven weight 3 holds openness }
        member beta { kind ngo motivation values_driven weight 2 holds openness }
        member gamma { kind company motivation business weight 2 holds growth }
        body assembly { members alpha, beta, gamma by weighted majority 60% decides statutes }

        """

    @Test func initializeOffersUTF8WhenTheClientDoes() {
        let plain = TestClient(initialize: false)
        let answer = plain.result("initialize", ["capabilities": [:]]) as? [String: Any]
        let capabilities = answer?["capabilities"] as? [String: Any]
        #expect(capabilities?["positionEncoding"] as? String == "utf-16")
        #expect(capabilities?["hoverProvider"] as? Bool == true)
        let utf8 = TestClient(initialize: false)
        let offered = utf8.result("initialize", ["capabilities": ["general": ["positionEncodings": ["utf-8"]]]]) as? [String: Any]
        #expect((offered?["capabilities"] as? [String: Any])?["positionEncoding"] as? String == "utf-8")
    }

    @Test func lifecycleAndBadMessages() {
        let client = TestClient(initialize: false)
        // Before `initialize`, a request is refused and the server goes on.
        #expect((client.request("textDocument/hover", TestClient.at(Self.uri, 0, 0))["error"] as? [String: Any])?["code"] as? Int == -32002)
        _ = client.request("initialize", ["capabilities": [:]])
        // Not JSON, not a request, an unknown method, wrong parameters: each an error, then on.
        client.outbox.clear()
        _ = client.server.handle(json: Data("{not json".utf8))
        #expect((client.outbox.messages.last?["error"] as? [String: Any])?["code"] as? Int == -32700)
        client.outbox.clear()
        _ = client.server.handle(json: Data("[1, 2]".utf8))
        #expect((client.outbox.messages.last?["error"] as? [String: Any])?["code"] as? Int == -32600)
        #expect((client.request("charter/nothing", [:])["error"] as? [String: Any])?["code"] as? Int == -32601)
        #expect((client.request("textDocument/hover", ["textDocument": 3])["error"] as? [String: Any])?["code"] as? Int == -32602)
        // An unknown notification is ignored; a request about a file not open is an error.
        client.notify("charter/whatever", [:])
        #expect(client.request("textDocument/hover", TestClient.at("file:///nowhere.charter", 0, 0))["error"] != nil)
        // `exit` without `shutdown` is 1, after it 0.
        #expect(client.send(["jsonrpc": "2.0", "method": "exit"]) == .exit(1))
        #expect(client.request("shutdown", [:])["result"] is NSNull)
        #expect(client.send(["jsonrpc": "2.0", "method": "exit"]) == .exit(0))
    }

    @Test func framingSurvivesSplitsBadHeadersAndHugeMessages() {
        var framer = MessageFramer(limit: 100)
        let body = #"{"jsonrpc":"2.0","method":"x"}"#
        let whole = Array("Content-Length: \(body.utf8.count)\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n\(body)".utf8)
        var items: [MessageFramer.Item] = []
        // One byte at a time is the same as all at once.
        for byte in whole { items += framer.feed([byte]) }
        #expect(items == [.message(Data(body.utf8))])
        items = framer.feed(Array("Content-Length: x\r\n\r\n".utf8) + Array("Content-Length: 500\r\n\r\n".utf8) + [UInt8](repeating: 65, count: 500)
                            + whole)
        #expect(items == [.badHeader("`Content-Length: x` is not a length"), .tooLarge(500), .message(Data(body.utf8))])
        #expect(framer.feed(Array("Content-Type: y\r\n\r\n".utf8)) == [.badHeader("the header has no `Content-Length`")])
    }

    @Test func diagnosticsCarryCodesLinksLabelsAndTags() throws {
        let client = TestClient()
        client.open(Self.uri, """
            alliance test { stage developing }
            value openness "Open books"
            value openness "Again"
            # charter: allow power.hidden-veto -- nothing here
            member alpha { weight 3 holds opennes }

            """)
        let published = client.publish()[Self.uri] ?? []
        let codes = published.compactMap { $0["code"] as? String }
        #expect(codes.contains("E302") || codes.contains("E303") || codes.count >= 2, "\(codes)")
        let unknown = try #require(published.first { ($0["message"] as? String)?.hasPrefix("unknown value `opennes`") == true })
        #expect(describe(unknown["range"]) == "4:30-4:37")
        #expect((unknown["codeDescription"] as? [String: Any])?["href"] as? String == "file:///explanations/E301.txt")
        #expect((unknown["message"] as? String)?.contains("help: did you mean `openness`?") == true)
        let twice = try #require(published.first { ($0["message"] as? String)?.contains("declared twice") == true })
        let related = try #require((twice["relatedInformation"] as? [[String: Any]])?.first)
        #expect(describe((related["location"] as? [String: Any])?["range"]) == "1:6-1:14")
        // Fixed, the file's errors are gone (its findings remain).
        client.notify("textDocument/didChange", ["textDocument": ["uri": Self.uri, "version": 2],
                                                 "contentChanges": [["text": Self.alliance]]])
        let fixed = client.publish()[Self.uri] ?? []
        #expect(!fixed.isEmpty && fixed.allSatisfy { $0["severity"] as? Int == 2 && ($0["code"] as? String)?.hasPrefix("C") == true })
        // Nothing new to say: nothing sent.
        #expect(client.publish().isEmpty)
    }

    @Test func anUnusedSuppressionIsUnnecessary() throws {
        let client = TestClient()
        client.open(Self.uri, Self.alliance + "# charter: allow power.hidden-veto -- never met\nmember delta { weight 1 }\n")
        let published = client.publish()[Self.uri] ?? []
        let unused = try #require(published.first { $0["code"] as? String == "C001" })
        #expect(unused["tags"] as? [Int] == [1])
        // Its quick fix removes the comment's line.
        let range = unused["range"] as! [String: Any]
        let actions = client.result("textDocument/codeAction", ["textDocument": ["uri": Self.uri], "range": range,
                                                                "context": ["diagnostics": []]]) as? [[String: Any]] ?? []
        let removal = try #require(actions.first { ($0["title"] as? String)?.contains("Remove this unused suppression") == true })
        let edits = ((removal["edit"] as? [String: Any])?["changes"] as? [String: Any])?[Self.uri] as? [[String: Any]]
        #expect(edits?.first?["newText"] as? String == "")
        #expect(describe(edits?.first?["range"]) == "7:0-8:0")
    }

    @Test func importsComeFromOpenBuffersFirstAndTheirDiagnosticsGoToThem() {
        var host = MemoryHost()
        host.files["/w/shared.charter"] = "value openness \"Open books\"\n"
        let client = TestClient(host: host)
        client.open("file:///w/main.charter", "import \"shared.charter\"\nalliance a { stage forming }\nmember m { holds openness, fairness }\n")
        var published = client.publish()
        #expect(published["file:///w/main.charter"]?.contains { ($0["message"] as? String)?.contains("`fairness`") == true } == true)
        // The buffer of the imported file, unsaved, is what counts: it declares `fairness` now, and has an error of its own.
        client.open("file:///w/shared.charter", "value openness \"Open books\"\nvalue fairness \"Fair\"\nvalue openness \"again\"\n")
        published = client.publish()
        #expect(published["file:///w/main.charter"]?.isEmpty == true)
        #expect(published["file:///w/shared.charter"]?.contains { ($0["message"] as? String)?.contains("declared twice") == true } == true)
    }

    @Test func aBrokenCharterTomlIsSaidAtTheTopOfTheFile() {
        var host = MemoryHost()
        host.configuration = .failure(ConfigurationProblem(path: "/w/charter.toml", message: "line 2: unknown key"))
        let client = TestClient(host: host)
        client.open(Self.uri, Self.alliance)
        let first = client.publish()[Self.uri]?.first
        #expect((first?["message"] as? String)?.hasPrefix("/w/charter.toml cannot be used") == true)
    }

    @Test func hoverShowsDeclarationsPowerVotesChecksAndFunctions() throws {
        let client = TestClient()
        client.open(Self.uri, Self.alliance + "# charter: allow power.hidden-veto -- why\ncheck \"x\" { banzhaf(alpha, assembly) < 90% }\n")
        // On a use of `alpha` in the body: its declaration and its power.
        let member = try #require((client.result("textDocument/hover", TestClient.at(Self.uri, 6, 25)) as? [String: Any])?["contents"] as? [String: Any])
        let text = try #require(member["value"] as? String)
        #expect(text.contains("member alpha {"))
        #expect(text.contains("| `assembly` | 3 of 7 | 60.0% | 66.7% | 100.0% | veto |"), "\(text)")
        let body = try #require(((client.result("textDocument/hover", TestClient.at(Self.uri, 6, 7)) as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(body.contains("5 of 7 votes to win"), "\(body)")
        let check = try #require(((client.result("textDocument/hover", TestClient.at(Self.uri, 7, 22)) as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(check.contains("C") && check.contains("power.hidden-veto"), "\(check)")
        let function = try #require(((client.result("textDocument/hover", TestClient.at(Self.uri, 8, 14)) as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(function.contains("banzhaf(member, body)") && function.contains("→ a number"), "\(function)")
        // Nothing to say on a keyword.
        #expect(client.result("textDocument/hover", TestClient.at(Self.uri, 0, 2)) is NSNull)
    }

    /// A title cannot close the code block it is shown in and become
    /// Markdown (a link, an image fetched from elsewhere).
    @Test func hoverKeepsTheFilesTextsInTheirCodeBlock() throws {
        let client = TestClient()
        client.open(Self.uri, "alliance a { stage forming }\nmember m \"x\\n````\\n![i](https://example.com/t.png)\" { weight 1 }\n")
        let text = try #require(((client.result("textDocument/hover", TestClient.at(Self.uri, 1, 7)) as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(text.hasPrefix("`````charter\n"), "\(text)")
    }

    @Test func definitionReferencesAndRenameAcrossFiles() throws {
        var host = MemoryHost()
        host.files["/w/shared.charter"] = "value openness \"Open books\"\n"
        let client = TestClient(host: host)
        let main = "file:///w/main.charter"
        client.open(main, "import \"shared.charter\"\nalliance a { stage forming }\nmember m { holds openness }\nmember n { holds openness }\n")
        let definition = try #require((client.result("textDocument/definition", TestClient.at(main, 2, 20)) as? [[String: Any]])?.first)
        #expect(definition["uri"] as? String == "file:///w/shared.charter")
        #expect(describe(definition["range"]) == "0:6-0:14")
        let references = client.result("textDocument/references", TestClient.at(main, 3, 18).merging(["context": ["includeDeclaration": false]]) { $1 }) as? [[String: Any]]
        #expect(references?.count == 2)
        let prepared = client.result("textDocument/prepareRename", TestClient.at(main, 2, 18)) as? [String: Any]
        #expect(prepared?["placeholder"] as? String == "openness")
        let edit = client.result("textDocument/rename", TestClient.at(main, 2, 18).merging(["newName": "transparency"]) { $1 }) as? [String: Any]
        let changes = try #require(edit?["changes"] as? [String: [[String: Any]]])
        #expect(changes[main]?.count == 2)
        #expect(changes["file:///w/shared.charter"]?.count == 1)
        // Not a name, a keyword, a built-in, a name taken, nothing to rename: refused, saying why.
        for (name, reason) in [("two words", "not a name"), ("member", "keyword"), ("banzhaf", "built-in"), ("m", "taken")] {
            let error = client.request("textDocument/rename", TestClient.at(main, 2, 18).merging(["newName": name]) { $1 })["error"] as? [String: Any]
            #expect((error?["message"] as? String)?.contains(reason) == true, "\(name): \(String(describing: error))")
        }
        #expect(client.request("textDocument/prepareRename", TestClient.at(main, 1, 2))["error"] != nil)
    }

    /// é, 中文 and emoji before a name: the same name is found, and the
    /// same range given, whether the client counts UTF-16 units or bytes.
    @Test(arguments: [false, true]) func positionsLandOnTheRightCharacters(utf8: Bool) throws {
        let client = TestClient(utf8: utf8)
        let line = "member m \"Café 中文 🌍\" { holds valeur }"
        client.open(Self.uri, "alliance a { stage forming }\nvalue valeur \"é\"\n\(line)\n")
        let before = String(line[..<line.range(of: "valeur")!.lowerBound])
        let start = utf8 ? before.utf8.count : before.utf16.count
        let definition = try #require((client.result("textDocument/definition", TestClient.at(Self.uri, 2, start + 2)) as? [[String: Any]])?.first)
        #expect(describe(definition["range"]) == "1:6-1:12")
        let references = client.result("textDocument/references", TestClient.at(Self.uri, 1, 8)) as? [[String: Any]] ?? []
        #expect(references.map { describe($0["range"]) }.contains("2:\(start)-2:\(start + 6)"))
        // An edit inside the line, at a position after the emoji, lands there too.
        client.notify("textDocument/didChange", ["textDocument": ["uri": Self.uri, "version": 2], "contentChanges": [
            ["range": ["start": TestClient.position(2, start), "end": TestClient.position(2, start + 6)], "text": "valeurs"],
        ]])
        let published = client.publish()[Self.uri] ?? []
        let unknown = try #require(published.first { $0["code"] as? String == "E301" })
        #expect(describe(unknown["range"]) == "2:\(start)-2:\(start + 7)")
    }

    @Test func completionKnowsWhereItIs() {
        let client = TestClient()
        let text = Self.alliance + "member delta {\n  \n}\nmember eps { holds  }\nmember zeta { kind  }\ncheck \"c\" { all m in members: m.motivation == v }\ncheck \"d\" { alpha. }\n# a comment al\n\n"
        client.open(Self.uri, text)
        func labels(_ line: Int, _ character: Int) -> Set<String> {
            let list = client.result("textDocument/completion", TestClient.at(Self.uri, line, character)) as? [String: Any]
            return Set((list?["items"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String })
        }
        #expect(labels(11, 0).isSuperset(of: ["member", "body", "value", "scenario"]))
        #expect(labels(8, 2).isSuperset(of: ["weight", "holds", "kind", "motivation"]))
        #expect(!labels(8, 2).contains("member"))
        #expect(labels(10, 19) == ["openness", "growth"])
        #expect(labels(11, 19).isSuperset(of: ["company", "ngo"]))
        #expect(labels(11, 19).isDisjoint(with: ["alpha", "openness"]))
        #expect(labels(12, 47).contains("values_driven") && !labels(12, 47).contains("alpha"))
        #expect(labels(13, 18).isSuperset(of: ["weight", "holds", "name"]))
        #expect(labels(14, 14).isEmpty)
    }

    @Test func symbolsOfTheFileAndTheWorkspace() {
        let client = TestClient()
        client.open(Self.uri, Self.alliance)
        let symbols = client.result("textDocument/documentSymbol", ["textDocument": ["uri": Self.uri]]) as? [[String: Any]] ?? []
        #expect(symbols.compactMap { $0["name"] as? String } == ["test", "openness", "growth", "alpha", "beta", "gamma", "assembly"])
        let matters = (symbols.last?["children"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(matters == ["statutes"])
        let found = client.result("workspace/symbol", ["query": "gma"]) as? [[String: Any]] ?? []
        #expect(found.compactMap { $0["name"] as? String } == ["gamma"])
    }

    /// The workspace's files that are not open are searched too, parsed from the disk.
    @Test func workspaceSymbolsOfClosedFiles() {
        var host = MemoryHost()
        host.files["/w/other.charter"] = "member gammaray { weight 1 }\nvalue sigma \"s\"\n"
        host.files["/elsewhere/x.charter"] = "member gamma_outside { weight 1 }\n"
        let client = TestClient(host: host, initialize: false)
        _ = client.request("initialize", ["capabilities": [:], "workspaceFolders": [["uri": "file:///w", "name": "w"]]])
        client.open(Self.uri, Self.alliance)
        let found = client.result("workspace/symbol", ["query": "gma"]) as? [[String: Any]] ?? []
        #expect(found.compactMap { $0["name"] as? String } == ["gamma", "gammaray", "sigma"])
        let other = found.first { $0["name"] as? String == "gammaray" }
        #expect((other?["location"] as? [String: Any])?["uri"] as? String == "file:///w/other.charter")
    }

    @Test func formattingGivesTheCanonicalLayoutOrRefuses() throws {
        let client = TestClient()
        client.open(Self.uri, "alliance a {stage forming}\nvalue   v   \"x\"\n")
        let edits = try #require(client.result("textDocument/formatting", ["textDocument": ["uri": Self.uri], "options": [:]]) as? [[String: Any]])
        #expect(edits.first?["newText"] as? String == "alliance a { stage forming }\nvalue v \"x\"\n")
        client.notify("textDocument/didChange", ["textDocument": ["uri": Self.uri, "version": 2], "contentChanges": [["text": "alliance a {\n"]]])
        let error = client.request("textDocument/formatting", ["textDocument": ["uri": Self.uri], "options": [:]])["error"] as? [String: Any]
        #expect((error?["message"] as? String)?.contains("syntax errors") == true)
    }

    @Test func quickFixesFromTheHelp() throws {
        let client = TestClient()
        client.open(Self.uri, """
            alliance a { stage developing }
            value openness "x"
            member m { weight 2 holds opennes motivation valeus_driven }
            body b { members m by weighted majority 60% quorum 50 }
            check "c" { m.weight > 1 && m.weight < 3 }

            """)
        func fixes(_ line: Int, _ character: Int) -> [String] {
            let at = TestClient.position(line, character)
            let actions = client.result("textDocument/codeAction", ["textDocument": ["uri": Self.uri], "range": ["start": at, "end": at],
                                                                   "context": ["diagnostics": []]]) as? [[String: Any]] ?? []
            return actions.compactMap { action in
                let edits = ((action["edit"] as? [String: Any])?["changes"] as? [String: Any])?[Self.uri] as? [[String: Any]]
                return edits?.first.map { "\(describe($0["range"])) \($0["newText"] as! String)" }
            }
        }
        #expect(fixes(2, 28) == ["2:26-2:33 openness"])
        #expect(fixes(2, 47) == ["2:45-2:58 values_driven"])
        #expect(fixes(3, 52) == ["3:51-3:53 50%"])
        #expect(fixes(4, 25) == ["4:25-4:27 and"])
    }

    @Test func suppressingAFindingPutsTheCursorAfterTheComment() throws {
        let client = TestClient()
        client.open(Self.uri, Self.alliance.replacingOccurrences(of: "weighted majority 60%", with: "weighted majority 80%"))
        let published = client.publish()[Self.uri] ?? []
        let finding = try #require(published.first { ($0["code"] as? String)?.hasPrefix("C") == true })
        let actions = client.result("textDocument/codeAction", ["textDocument": ["uri": Self.uri], "range": finding["range"]!,
                                                                "context": ["diagnostics": [finding]]]) as? [[String: Any]] ?? []
        let suppress = try #require(actions.first { ($0["title"] as? String)?.hasPrefix("Suppress") == true })
        let edit = try #require((((suppress["edit"] as? [String: Any])?["changes"] as? [String: Any])?[Self.uri] as? [[String: Any]])?.first)
        let newText = try #require(edit["newText"] as? String)
        #expect(newText.hasPrefix("# charter: allow ") && newText.hasSuffix(" -- \n"), "\(newText)")
        let command = try #require(suppress["command"] as? [String: Any])
        #expect(command["command"] as? String == "charter.placeCursor")
        let cursor = (command["arguments"] as? [Any])?.last as? [String: Int]
        #expect(cursor?["character"] == newText.utf16.count - 1)
    }

    @Test func inlayHintsShowPowerBesideWeightsAndVotesBesideRules() throws {
        let client = TestClient()
        client.open(Self.uri, Self.alliance)
        let hints = try #require(client.result("textDocument/inlayHint", ["textDocument": ["uri": Self.uri],
                                                                          "range": ["start": TestClient.position(0, 0), "end": TestClient.position(20, 0)]]) as? [[String: Any]])
        let labels = hints.compactMap { $0["label"] as? String }
        #expect(labels.contains("60.0% of assembly"))
        #expect(labels.contains("20.0% of assembly"))
        #expect(labels.contains("5 of 7 votes to win"))
        let alpha = try #require(hints.first { $0["label"] as? String == "60.0% of assembly" })
        #expect((alpha["position"] as? [String: Int]) == ["line": 3, "character": 61])
    }

    /// A newer change (or a cancellation) during long work: no answer from
    /// half-done work, and the analysis is made again for the next request.
    @Test func workCutShortIsNotAnswered() {
        let client = TestClient()
        client.open(Self.uri, Self.alliance)
        client.server.isInterrupted = { true }
        let error = client.request("textDocument/hover", TestClient.at(Self.uri, 3, 8))["error"] as? [String: Any]
        #expect(error?["code"] as? Int == -32801)
        client.server.isInterrupted = { false }
        #expect(client.result("textDocument/hover", TestClient.at(Self.uri, 3, 8)) is [String: Any])
    }

    // MARK: - What a review found

    @Test func aHugeCharacterInUTF8IsTheEndOfItsLine() {
        let client = TestClient(utf8: true)
        client.open(Self.uri, Self.alliance)
        let answer = client.request("textDocument/hover", TestClient.at(Self.uri, 3, Int.max))
        #expect(answer["result"] != nil)
        #expect(client.request("textDocument/definition", TestClient.at(Self.uri, Int.max, Int.max))["result"] != nil)
    }

    /// A check's own error (a dictator) is no reason to hide the power that shows it.
    @Test func powerShowsWhenACheckReportsAnError() throws {
        let client = TestClient()
        client.open(Self.uri, """
            alliance a { stage developing }
            member big { weight 10 }
            member small { weight 1 }
            body council { members big, small by weighted majority }

            """)
        #expect(client.publish()[Self.uri]?.contains { $0["code"] as? String == "C301" && $0["severity"] as? Int == 1 } == true)
        let hover = try #require(((client.result("textDocument/hover", TestClient.at(Self.uri, 1, 8)) as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(hover.contains("dictator"), "\(hover)")
        let hints = client.result("textDocument/inlayHint", ["textDocument": ["uri": Self.uri],
                                                             "range": ["start": TestClient.position(0, 0), "end": TestClient.position(9, 0)]]) as? [[String: Any]]
        #expect(hints?.contains { $0["label"] as? String == "100.0% of council" } == true)
    }

    /// A rename that would make a name mean something else where it is
    /// written is refused; one that clashes only with a file that does not
    /// hold the declaration is not.
    @Test func renameKeepsWhatTheFilesMean() {
        var host = MemoryHost()
        host.files["/w/unrelated.charter"] = "value other \"x\"\n"
        let client = TestClient(host: host)
        client.open(Self.uri, Self.alliance + """
            bloc founders = alpha, beta
            check "c" { all m in members: banzhaf(m, assembly) < 90% }
            bloc inner = members where alpha in founders
            scenario "s" { add member newbie { weight 1 } }

            """)
        client.open("file:///w/unrelated.charter", "value other \"x\"\n")
        func renaming(_ line: Int, _ character: Int, to name: String) -> String? {
            let answer = client.request("textDocument/rename", TestClient.at(Self.uri, line, character).merging(["newName": name]) { $1 })
            return (answer["error"] as? [String: Any])?["message"] as? String
        }
        // `assembly` (line 6) as `m`: the quantifier's variable would take it.
        #expect(renaming(6, 8, to: "m")?.contains("would change what the files mean") == true)
        // `founders` (line 7) as `weight`: inside `where`, the member's field would.
        #expect(renaming(7, 6, to: "weight")?.contains("would change what the files mean") == true)
        // `alpha` as `newbie`, which a scenario declares.
        #expect(renaming(3, 8, to: "newbie") != nil)
        // `alpha` as `other`: declared only in a file that neither imports nor is imported.
        #expect(renaming(3, 8, to: "other") == nil)
    }

    @Test func removingOneUnusedCheckOfSeveralKeepsTheOthers() throws {
        let client = TestClient()
        // The member sits in no body (C101), and no dictator is anywhere.
        let text = Self.alliance + "# charter: allow structure.member-without-voice power.dictator because a partner\nmember delta { weight 1 }\n"
        client.open(Self.uri, text)
        let unused = try #require(client.publish()[Self.uri]?.first { $0["code"] as? String == "C001" })
        #expect((unused["message"] as? String)?.contains("power.dictator") == true)
        let actions = client.result("textDocument/codeAction", ["textDocument": ["uri": Self.uri], "range": unused["range"]!,
                                                                "context": ["diagnostics": [unused]]]) as? [[String: Any]] ?? []
        let remove = try #require(actions.first { ($0["title"] as? String)?.hasPrefix("Remove") == true })
        let edit = try #require((((remove["edit"] as? [String: Any])?["changes"] as? [String: Any])?[Self.uri] as? [[String: Any]])?.first)
        // Applied, the comment allows the check it needs, and nothing is unused.
        client.notify("textDocument/didChange", ["textDocument": ["uri": Self.uri, "version": 2],
                                                 "contentChanges": [["range": edit["range"]!, "text": edit["newText"]!]]])
        let after = client.publish()[Self.uri] ?? []
        #expect(!after.contains { ["C001", "C101"].contains($0["code"] as? String) }, "\(after)")
    }

    @Test func andIsSpacedFromWhatTouchesIt() {
        let client = TestClient()
        client.open(Self.uri, Self.alliance + "bloc b = members where kind==ngo&&weight>1\n")
        let at = TestClient.position(7, 34)
        let actions = client.result("textDocument/codeAction", ["textDocument": ["uri": Self.uri], "range": ["start": at, "end": at],
                                                               "context": ["diagnostics": []]]) as? [[String: Any]] ?? []
        let edit = (((actions.first?["edit"] as? [String: Any])?["changes"] as? [String: Any])?[Self.uri] as? [[String: Any]])?.first
        #expect(edit?["newText"] as? String == " and ")
    }

    /// A buffer opened after a file that imports it (and could not find it) counts at once.
    @Test func anImportOpenedLaterIsRead() {
        let client = TestClient()
        let main = "file:///w/a.charter"
        client.open(main, "import \"new.charter\"\nalliance a { stage forming }\nmember m { holds fresh }\n")
        #expect(client.publish()[main]?.contains { $0["code"] as? String == "E501" } == true)
        client.open("file:///w/new.charter", "value fresh \"f\"\n")
        let published = client.publish()
        #expect(published[main].map { !$0.contains { ($0["code"] as? String)?.hasPrefix("E") == true } } == true, "\(published)")
    }

    /// A buffer that is no file imports nothing from the disk, whatever the server's folder.
    @Test func anUntitledBufferImportsNothing() {
        var host = MemoryHost()
        host.files["x.charter"] = "value care \"c\"\n"
        let client = TestClient(host: host)
        client.open("untitled:Untitled-1", "import \"x.charter\"\nmember zz { holds care }\n")
        #expect(client.publish()["untitled:Untitled-1"]?.contains { $0["code"] as? String == "E501" } == true)
    }

    @Test func aCancelledRequestIsSaidToBeCancelled() {
        let client = TestClient()
        client.open(Self.uri, Self.alliance)
        client.server.isInterrupted = { true }
        client.server.isCancelled = { true }
        let error = client.request("textDocument/hover", TestClient.at(Self.uri, 3, 8))["error"] as? [String: Any]
        #expect(error?["code"] as? Int == -32800)
    }

    @Test func completionInRulesGoalsChannelsListsAndQuantifiers() {
        let client = TestClient()
        let text = Self.alliance + """
            bloc zz = alpha,
              
            body zb { members alpha by  }
            goal g2 
            channel news reaches all 
            check "x" { all m in members: banzhaf(, assembly) > 0% }

            """
        client.open(Self.uri, text)
        func labels(_ line: Int, _ character: Int) -> Set<String> {
            let list = client.result("textDocument/completion", TestClient.at(Self.uri, line, character)) as? [String: Any]
            return Set((list?["items"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String })
        }
        #expect(labels(8, 2).isSuperset(of: ["beta", "gamma"]) && !labels(8, 2).contains("member"))
        #expect(labels(9, 27) == ["unanimity", "consensus", "simple", "qualified", "weighted", "majority"])
        #expect(labels(10, 8) == ["social", "business"])
        #expect(labels(11, 25) == Set(Frequency.allCases.map(\.rawValue)))
        let expression = labels(12, 38)
        #expect(expression.contains("m") && expression.contains("alpha") && !expression.contains("every"), "\(expression)")
    }

    @Test func hoverOnANameAScenarioDeclares() throws {
        let client = TestClient()
        client.open(Self.uri, Self.alliance + "scenario \"s\" { add member newbie { weight 8 } }\n")
        let text = try #require(((client.result("textDocument/hover", TestClient.at(Self.uri, 7, 30)) as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(text.contains("Declared in a scenario") && !text.contains("no vote"), "\(text)")
    }

    @Test func codeActionsOfOtherKindsOnly() {
        let client = TestClient()
        client.open(Self.uri, Self.alliance + "check \"c\" { alpha.weight > 1 && beta.weight > 1 }\n")
        let at = TestClient.position(7, 28)
        let actions = client.result("textDocument/codeAction", ["textDocument": ["uri": Self.uri], "range": ["start": at, "end": at],
                                                               "context": ["diagnostics": [], "only": ["refactor"]]]) as? [Any]
        #expect(actions?.isEmpty == true)
    }

    /// Bytes a fuzzer might send, through the framer and the server: each
    /// answered or ignored, none fatal.
    @Test func hostileMessagesAreAnsweredNotFatal() {
        let client = TestClient()
        let inputs: [String] = [
            #"{"jsonrpc":"2.0","id":1,"method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x","text":"\u0000\u0001"}}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.charter","text":"member é {"}}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///x.charter"},"contentChanges":[{"range":{"start":{"line":-5,"character":-1},"end":{"line":99999,"character":99999}},"text":"x"}]}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///x.charter"},"contentChanges":[{"range":{"start":{"line":9,"character":0},"end":{"line":0,"character":0}},"text":"y"}]}}"#,
            #"{"jsonrpc":"2.0","id":"s","method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.charter"},"position":{"line":9007199254740991,"character":-9007199254740991}}}"#,
            #"{"jsonrpc":"2.0","id":null,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///x.charter"},"position":{"line":0,"character":1}}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"charter.placeCursor","arguments":[1,2,3]}}"#,
            #"{"jsonrpc":"1.0","id":3,"method":"shutdown"}"#,
            #"{"id":4,"result":null}"#,
        ]
        for input in inputs { _ = client.server.handle(json: Data(input.utf8)) }
        client.server.publishDiagnostics()
        #expect(client.result("textDocument/documentSymbol", ["textDocument": ["uri": "file:///x.charter"]]) != nil)
    }
}
