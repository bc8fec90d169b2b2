// The language server's message loop under a fuzzer: the input is both a
// document the editor opens and edits, and a stream of framed messages.
// Whatever it holds, every request gets exactly one answer (a result or an
// error) and nothing crashes or hangs.

import Charter
import CharterLanguageServer
import Foundation

enum LanguageServerFuzz {
    /// Files from nowhere; power kept small, as in the `check` target.
    struct Host: LanguageServerHost {
        func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] { throw .notFound }
        func configuration(for path: String) -> Result<CheckConfiguration, ConfigurationProblem> {
            var configuration = CheckConfiguration()
            configuration.powerWorkLimit = 1e6
            return .success(configuration)
        }
        func explanationLink(for code: String) -> String? { nil }
    }

    /// What the server wrote: the IDs it answered.
    final class Answers: @unchecked Sendable {
        private let lock = NSLock()
        private var framer = MessageFramer()
        private(set) var ids: [String] = []
        var broken: String?

        func take(_ data: Data) {
            lock.withLock {
                for item in framer.feed(data) {
                    guard case .message(let json) = item,
                          let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
                        broken = "the server wrote something that is not a framed JSON object"
                        continue
                    }
                    if object["method"] == nil { ids.append("\(object["id"] ?? "null")") }
                }
            }
        }
    }

    static func run(_ input: [UInt8]) -> String? {
        let answers = Answers()
        let server = LanguageServer(host: Host()) { answers.take($0) }
        var requests = 0
        func send(_ object: [String: Any]) {
            guard let json = try? JSONSerialization.data(withJSONObject: object) else { return }
            if object["id"] != nil { requests += 1 }
            _ = server.handle(json: json)
        }
        let byte = { (index: Int) -> Int in input.isEmpty ? 0 : Int(input[index % input.count]) }
        let encodings = byte(0) % 2 == 0 ? ["utf-16"] : ["utf-8"]
        send(["jsonrpc": "2.0", "id": 0, "method": "initialize", "params": ["capabilities": ["general": ["positionEncodings": encodings]]]])
        let uri = "file:///fuzz.charter"
        let text = String(decoding: input, as: UTF8.self)
        send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": ["uri": uri, "version": 1, "text": text]]])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        func position(_ seed: Int) -> [String: Any] { ["line": byte(seed) % (lines + 2), "character": byte(seed + 1) % 90] }
        let document: [String: Any] = ["uri": uri]
        let methods = ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/prepareRename",
                       "textDocument/completion"]
        for (index, method) in methods.enumerated() {
            send(["jsonrpc": "2.0", "id": index + 1, "method": method, "params": ["textDocument": document, "position": position(index * 7)]])
        }
        send(["jsonrpc": "2.0", "id": 10, "method": "textDocument/rename",
              "params": ["textDocument": document, "position": position(3), "newName": String(text.prefix(byte(5) % 12))]])
        for (index, method) in ["textDocument/documentSymbol", "textDocument/formatting"].enumerated() {
            send(["jsonrpc": "2.0", "id": 20 + index, "method": method, "params": ["textDocument": document, "options": [:]]])
        }
        let range: [String: Any] = ["start": position(11), "end": position(13)]
        send(["jsonrpc": "2.0", "id": 30, "method": "textDocument/codeAction",
              "params": ["textDocument": document, "range": range, "context": ["diagnostics": []]]])
        send(["jsonrpc": "2.0", "id": 31, "method": "textDocument/inlayHint", "params": ["textDocument": document, "range": range]])
        // An edit somewhere in the text, then the diagnostics.
        send(["jsonrpc": "2.0", "method": "textDocument/didChange", "params": ["textDocument": ["uri": uri, "version": 2],
              "contentChanges": [["range": range, "text": String(text.suffix(byte(17) % 20))]]]])
        server.publishDiagnostics()
        send(["jsonrpc": "2.0", "id": 32, "method": "workspace/symbol", "params": ["query": String(text.prefix(3))]])
        // The input as a stream of framed messages, with IDs of its own.
        var framer = MessageFramer(limit: 1 << 20)
        var raw = 0
        for case .message(let json) in framer.feed(input) {
            raw += 1
            _ = server.handle(json: json)
        }
        if let broken = answers.broken { return broken }
        // Every request of ours answered once (the raw messages' answers come on top).
        let ours = answers.ids.filter { Int($0).map { $0 <= 32 } == true }.count
        guard ours >= requests else { return "\(requests) requests, \(ours) answered: \(answers.ids)" }
        return nil
    }
}
