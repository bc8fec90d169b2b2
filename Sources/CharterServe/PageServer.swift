// The workshop page's server (`charter-workshop`, which the REPL's `:serve`
// starts): FlyingFox on 127.0.0.1 only, at an address with a random token
// in its path, so that other users of the computer cannot read the model.
// It serves three things under `/TOKEN/`: the page, its content alone, and
// a stream of Server-Sent Events that says when newer content is there.
//
// It knows nothing of alliances: the REPL draws each page and hands it over
// (`publish`), with a placeholder where each answer puts a nonce of its own.
// Each reader's event stream holds nothing but the number of the page it was
// last told of, so a slow or vanished browser costs one suspended task and
// no memory that grows.

import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

public final class PageServer: Sendable {
    /// A page as the REPL drew it.
    public struct Page: Sendable {
        public var revision: Int
        /// The whole page, with `nonce` where the script's nonce goes.
        public var document: String
        /// What the page's script swaps in.
        public var content: String

        public init(revision: Int, document: String, content: String) {
            self.revision = revision
            self.document = document
            self.content = content
        }
    }

    /// Where a page's nonce goes: NUL cannot be in text the page escaped.
    public static let nonce = "\u{0}nonce\u{0}"

    private let page = Mutex<Page?>(nil)
    let events = EventHub()
    let token: String
    private let requestedPort: UInt16
    /// The port listened on, once it is known: a request must name it.
    let port = Mutex<UInt16?>(nil)

    /// A server for 127.0.0.1:`port` (0: a free one), not yet listening.
    public init(port: UInt16) {
        token = Self.randomToken()
        requestedPort = port
    }

    /// Listens until the task is cancelled; `listening` is told the address to
    /// open once it does. A failure after that (the listening socket refused,
    /// as when the process runs out of file descriptors) listens again on the
    /// same port with the same token, so the room's browsers keep the page;
    /// one before it, or ten in a row, is thrown.
    public func run(listening: @escaping @Sendable (String) -> Void) async throws {
        events.open()
        var failures = 0
        while true {
            let bound = port.withLock { $0 }
            let server = HTTPServer(config: HTTPServer.Configuration(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: bound ?? requestedPort),
                                                                     logger: .disabled),
                                    handler: Handler(token: token, pages: self))
            let announce = Task { [self, token] in
                try? await server.waitUntilListening(timeout: 30)
                guard case .ip4(_, let number) = await server.listeningAddress else { return }
                let first = self.port.withLock { known -> Bool in
                    defer { known = number }
                    return known == nil
                }
                if first { listening("http://127.0.0.1:\(number)/\(token)/") }
            }
            do {
                try await server.run()
            } catch {
                announce.cancel()
                try Task.checkCancellation()
                failures += 1
                guard port.withLock({ $0 }) != nil, failures < 10 else { throw error }
                try await Task.sleep(for: .milliseconds(100 * failures))
                continue
            }
            announce.cancel()
            return
        }
    }

    /// A newer page: it is served from now on, and every reader is told.
    public func publish(_ newer: Page) {
        page.withLock { $0 = newer }
        events.announce(newer.revision)
    }

    var current: Page? { page.withLock { $0 } }

    func stream() -> EventStream { EventStream(hub: events, revision: current?.revision ?? 0) }

    /// An error of the sockets as a person reads it: `Address already in use`.
    public static func describe(_ error: any Error) -> String {
        if case .failed(_, _, let message) = error as? SocketError { return message }
        return "\(error)"
    }

    /// 32 random bytes from the system's generator (getrandom), in hex.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}
