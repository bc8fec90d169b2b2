// What the workshop server answers. Only GET (and HEAD) of the three
// addresses under the token; anything else is 404, so an address without
// the token tells nothing, not even that a page is there. A request must
// name the server as 127.0.0.1 or localhost in its Host header, so a web
// page elsewhere cannot reach it by rebinding a name of its own to
// 127.0.0.1. Every answer forbids caching, framing and referrers, and the
// page's Content-Security-Policy lets run only its own inline script (by
// nonce) and connect only back to this server.

import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

struct Handler: HTTPHandler {
    let token: String
    let pages: PageServer

    func handleRequest(_ request: HTTPRequest) async -> HTTPResponse {
        var response = answer(request)
        // HEAD is answered with the headers GET would have, and no body.
        if request.method == .HEAD { response = HTTPResponse(statusCode: response.statusCode, headers: response.headers) }
        return response
    }

    func answer(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return Self.plain(.methodNotAllowed, "only GET is served here\n", extra: [HTTPHeader("Allow"): "GET, HEAD"])
        }
        guard Self.isLocal(request.headers[.host], port: pages.port.withLock { $0 }) else {
            return Self.plain(.init(421, phrase: "Misdirected Request"), "this server answers to 127.0.0.1 only\n")
        }
        // Compared as bytes, so that nothing after the token can join its last character.
        let path = Array(request.path.utf8)
        let prefix = Array(("/" + token).utf8)
        guard path.count >= prefix.count, Self.sameBytes(path[..<prefix.count], prefix) else {
            return Self.plain(.notFound, "not found\n")
        }
        switch String(decoding: path[prefix.count...], as: UTF8.self) {
        // FlyingFox drops a path's last slash: `/TOKEN/` arrives as `/TOKEN`.
        case "", "/":
            let nonce = PageServer.randomToken()
            let html = pages.current?.document.replacing(PageServer.nonce, with: nonce) ?? Self.preparing
            var headers = Self.common
            headers[.contentType] = "text/html; charset=utf-8"
            headers[HTTPHeader("Content-Security-Policy")] = "default-src 'none'; style-src 'unsafe-inline'; "
                + "script-src 'nonce-\(nonce)'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                + "form-action 'none'; frame-ancestors 'none'"
            return HTTPResponse(statusCode: .ok, headers: headers, body: Data(html.utf8))
        case "/content":
            guard let drawn = pages.current else { return Self.plain(.serviceUnavailable, "the page is being drawn\n") }
            var headers = Self.common
            headers[.contentType] = "text/html; charset=utf-8"
            return HTTPResponse(statusCode: .ok, headers: headers, body: Data(drawn.content.utf8))
        case "/events":
            var headers = Self.common
            headers[.contentType] = "text/event-stream; charset=utf-8"
            return HTTPResponse(statusCode: .ok, headers: headers, body: HTTPBodySequence(from: pages.stream(), suggestedBufferSize: 256))
        default:
            return Self.plain(.notFound, "not found\n")
        }
    }

    /// Every answer but the page itself (which allows its one script) forbids everything.
    static let common: HTTPHeaders = [
        HTTPHeader("Content-Security-Policy"): "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        .cacheControl: "no-store",
        HTTPHeader("X-Content-Type-Options"): "nosniff",
        HTTPHeader("Referrer-Policy"): "no-referrer",
        HTTPHeader("X-Frame-Options"): "DENY",
    ]

    static func plain(_ status: HTTPStatusCode, _ text: String, extra: [HTTPHeader: String] = [:]) -> HTTPResponse {
        var headers = common
        for (name, value) in extra { headers[name] = value }
        headers[.contentType] = "text/plain; charset=utf-8"
        return HTTPResponse(statusCode: status, headers: headers, body: Data(text.utf8))
    }

    /// Whether a Host header names this computer's loopback and the port listened on.
    static func isLocal(_ host: String?, port: UInt16?) -> Bool {
        guard let host, let port else { return false }
        let lowered = host.lowercased()
        return lowered == "127.0.0.1:\(port)" || lowered == "localhost:\(port)"
    }

    /// Compares without stopping at the first difference, so the time taken says nothing of the token.
    static func sameBytes(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    /// Before the first drawing is done (a large model's power takes a moment).
    static let preparing = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"/><meta http-equiv="refresh" content="2"/><title>Charter workshop</title></head>
        <body><p>The page is being drawn; it appears here in a moment.</p></body></html>

        """
}

/// The number of the newest page, and the readers waiting for a newer one.
final class EventHub: Sendable {
    enum Event: Sendable {
        case revision(Int)
        case quiet
        case closed
    }

    private struct State {
        var revision = 0
        var closed = true
        var waiters: [Int: CheckedContinuation<Event, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    func open() {
        state.withLock { $0.closed = false }
    }

    /// A newer page is there: every waiting reader is told.
    func announce(_ revision: Int) {
        let waiting = state.withLock { state in
            state.revision = max(state.revision, revision)
            defer { state.waiters = [:] }
            return (state.waiters.values, state.revision)
        }
        for waiter in waiting.0 { waiter.resume(returning: .revision(waiting.1)) }
    }

    /// The server stops: every stream ends.
    func close() {
        let waiting = state.withLock { state in
            state.closed = true
            state.revision = 0
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiting { waiter.resume(returning: .closed) }
    }

    /// The next page after `seen`, or `.quiet` after `seconds` without one.
    func next(after seen: Int, within seconds: Double) async -> Event {
        await withTaskGroup(of: Event.self) { group in
            group.addTask { await self.wait(after: seen) }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return .quiet
            }
            let first = await group.next() ?? .closed
            group.cancelAll()
            return first
        }
    }

    private func wait(after seen: Int) async -> Event {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now: Event? = state.withLock { state in
                    if state.closed { return .closed }
                    if state.revision > seen { return .revision(state.revision) }
                    if Task.isCancelled { return .quiet }
                    state.waiters[id] = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: .quiet)
        }
    }
}

/// One reader's Server-Sent Events: the newest page's number whenever it
/// changes, a comment every 20 seconds so that a reader who left is noticed,
/// and the end when the server stops.
struct EventStream: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let hub: EventHub
    let revision: Int

    func makeAsyncIterator() -> Iterator {
        // Reconnect after a second; then the page this reader should have now.
        Iterator(hub: hub, seen: revision, pending: Array("retry: 1000\ndata: \(revision)\n\n".utf8))
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let hub: EventHub
        var seen: Int
        var pending: [UInt8]

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            if pending.isEmpty {
                switch await hub.next(after: seen, within: 20) {
                case .closed: return nil
                case .quiet: pending = Array(": still here\n\n".utf8)
                case .revision(let revision):
                    seen = revision
                    pending = Array("data: \(revision)\n\n".utf8)
                }
            }
            let chunk = Array(pending.prefix(Swift.max(count, 1)))
            pending.removeFirst(chunk.count)
            return chunk
        }
    }
}
