// The real `charter lsp` over pipes, as an editor drives it: the protocol's
// framing both ways, diagnostics published by the loop once changes settle,
// cancellation seen by the reader thread, and the exit statuses. The test
// waits for the messages it expects, never for a fixed time.

@testable import CharterLanguageServer
import Foundation
import Testing

/// A `charter lsp` process and the messages it has written.
final class LSPProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let condition = NSCondition()
    private var received: [[String: Any]] = []
    private var ended = false

    init(arguments: [String] = [], directory: URL? = nil) throws {
        process.executableURL = Repository.charterExecutable
        process.arguments = ["lsp"] + arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        Thread { [self] in
            var framer = MessageFramer()
            while true {
                let data = handle.availableData
                condition.withLock {
                    if data.isEmpty { ended = true }
                    for case .message(let json) in framer.feed(data) {
                        if let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] { received.append(object) }
                    }
                    condition.broadcast()
                }
                if data.isEmpty { return }
            }
        }.start()
    }

    func send(_ object: [String: Any]) {
        let body = try! JSONSerialization.data(withJSONObject: object)
        write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    func write(_ data: Data) { input.fileHandleForWriting.write(data) }

    /// The first message written that matches, waiting for it; nil when
    /// the server's output ends without one (or after a generous safety
    /// limit, so that a broken server fails the test instead of hanging it).
    func first(where matches: ([String: Any]) -> Bool) -> [String: Any]? {
        let giveUp = Date(timeIntervalSinceNow: 300)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let found = received.first(where: matches) { return found }
            if ended || !condition.wait(until: giveUp) { return nil }
        }
    }

    func response(_ id: Int) -> [String: Any]? { first { $0["id"] as? Int == id } }

    /// Closes the input and waits for the exit status.
    func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite(.serialized) struct LanguageServerProcessTests {
    @Test func anEditorSessionOverPipes() throws {
        let server = try LSPProcess()
        server.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
        #expect((server.response(1)?["result"] as? [String: Any])?["serverInfo"] != nil)
        server.send(["jsonrpc": "2.0", "method": "initialized", "params": [:]])
        let path = Repository.url("examples/broken/governance.charter").path
        let uri = URL(fileURLWithPath: path).absoluteString
        server.send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": uri, "languageId": "charter", "version": 1, "text": try String(contentsOfFile: path, encoding: .utf8)]]])
        let published = server.first { ($0["params"] as? [String: Any])?["uri"] as? String == uri }
        let diagnostics = (published?["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]] ?? []
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { ($0["code"] as? String)?.isEmpty == false })
        // The explanation a code links to is a file with `charter explain`'s text.
        let link = try #require((diagnostics.first?["codeDescription"] as? [String: Any])?["href"] as? String)
        let explanation = try String(contentsOf: try #require(URL(string: link)), encoding: .utf8)
        #expect(explanation.hasPrefix(diagnostics.first?["code"] as? String ?? "?"))
        // Garbage, then a header without a length: each answered, and the server goes on.
        server.write(Data("Content-Length: 9\r\n\r\n{garbage}".utf8))
        #expect((server.first { $0["id"] is NSNull && ($0["error"] as? [String: Any])?["code"] as? Int == -32700 }) != nil)
        server.write(Data("X-Nothing: 1\r\n\r\n".utf8))
        // A request cancelled before it is handled is answered as cancelled.
        server.send(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 7]])
        server.send(["jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": [
            "textDocument": ["uri": uri], "position": ["line": 0, "character": 0]]])
        #expect((server.response(7)?["error"] as? [String: Any])?["code"] as? Int == -32800)
        server.send(["jsonrpc": "2.0", "id": 8, "method": "textDocument/documentSymbol", "params": ["textDocument": ["uri": uri]]])
        #expect(server.response(8)?["result"] is [Any])
        server.send(["jsonrpc": "2.0", "id": 9, "method": "shutdown"])
        #expect(server.response(9)?["result"] is NSNull)
        server.send(["jsonrpc": "2.0", "method": "exit"])
        #expect(server.finish() == 0)
    }

    @Test func exitWithoutShutdownOrTheInputEndingIsOne() throws {
        let rude = try LSPProcess()
        rude.send(["jsonrpc": "2.0", "method": "exit"])
        #expect(rude.finish() == 1)
        let vanished = try LSPProcess()
        vanished.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
        #expect(vanished.response(1) != nil)
        #expect(vanished.finish() == 1)
    }
}

/// What the loop's reader counts as it frames the input: the changes that
/// cut a diagnostics round short, and the requests that do too (so that a
/// hover does not wait behind the checks), and the cancellations it notes.
@Suite struct ServerLoopInboxTests {
    @Test func theReaderCountsChangesRequestsAndCancellations() throws {
        let pipe = Pipe()
        func frame(_ object: [String: Any]) -> Data {
            let body = try! JSONSerialization.data(withJSONObject: object)
            return Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body
        }
        pipe.fileHandleForWriting.write(
            frame(["jsonrpc": "2.0", "method": "textDocument/didChange", "params": ["textDocument": ["uri": "u"], "contentChanges": []]])
            + frame(["jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": [:]])
            + frame(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 4]]))
        try pipe.fileHandleForWriting.close()
        let inbox = ServerLoop.Inbox()
        inbox.read(from: pipe.fileHandleForReading.fileDescriptor)
        #expect(inbox.changesQueued == 1 && inbox.requestsQueued == 1)
        #expect(inbox.isCancelled(.number(4)))
        _ = inbox.next(until: nil)
        #expect(inbox.changesQueued == 0 && inbox.requestsQueued == 1)
        _ = inbox.next(until: nil)
        #expect(inbox.requestsQueued == 0)
    }
}
