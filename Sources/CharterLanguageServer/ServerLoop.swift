// The server's loop over standard input and output. A reader thread takes
// framed messages off the input as they come, so that a cancellation or a
// newer change is seen while the worker is still busy with something long
// (the power of a large body): the worker asks `isInterrupted`, which says
// so, and stops. Diagnostics are published once changes have settled for a
// moment (`debounce`), not after every keystroke.

import Foundation

public enum ServerLoop {
    /// Runs `server` over the file descriptors until the client says `exit`
    /// or the input ends; returns the status to exit with: 0 after
    /// `shutdown`, 1 without.
    public static func run(_ makeServer: (@escaping @Sendable (Data) -> Void) -> LanguageServer,
                           input: Int32 = 0, output: Int32 = 1, debounce: Duration = .milliseconds(75)) -> Int32 {
        let inbox = Inbox()
        let writer = Writer(descriptor: output)
        let server = makeServer { writer.write($0) }
        let reader = Thread { inbox.read(from: input) }
        reader.stackSize = 1 << 22
        reader.start()
        var deadline: ContinuousClock.Instant?
        while true {
            let item = inbox.next(until: deadline)
            switch item {
            case nil:
                // Changes have settled: their diagnostics, unless a change or a
                // request arrives meanwhile (the request is answered first,
                // the diagnostics made after it).
                server.isInterrupted = { inbox.changesQueued > 0 || inbox.requestsQueued > 0 }
                server.isCancelled = { false }
                server.publishDiagnostics()
                deadline = server.diagnosticsDue ? ContinuousClock.now + debounce : nil
            case .end?:
                return server.shutdownRequested ? 0 : 1
            case .problem(let error)?:
                writer.write(OutgoingMessage.error(nil, error))
            case .message(let json, let isChange, _)?:
                let parsed = IncomingMessage.parse(json)
                let id: RequestID? = if case .message(let message) = parsed { message.id } else { nil }
                if let id, inbox.isCancelled(id) {
                    writer.write(OutgoingMessage.error(id, .requestCancelled))
                    inbox.forget(id)
                    continue
                }
                server.isInterrupted = { inbox.changesQueued > 0 || id.map(inbox.isCancelled) == true }
                server.isCancelled = { id.map(inbox.isCancelled) == true }
                let outcome = server.handle(json: json)
                if let id { inbox.forget(id) }
                if case .exit(let status) = outcome { return status }
                if isChange || (server.diagnosticsDue && deadline == nil) { deadline = ContinuousClock.now + debounce }
            }
        }
    }

    /// What the reader hands the worker.
    enum Item: Sendable {
        case message(Data, isChange: Bool, isRequest: Bool)
        case problem(ResponseError)
        case end
    }

    /// Messages read and not yet handled, the requests cancelled, and how
    /// many changes wait: shared by the reader and the worker.
    final class Inbox: @unchecked Sendable {
        private let condition = NSCondition()
        private var items: [Item] = []
        private var cancelled: Set<RequestID> = []
        private var changes = 0
        private var requests = 0

        var changesQueued: Int { condition.withLock { changes } }
        var requestsQueued: Int { condition.withLock { requests } }
        func isCancelled(_ id: RequestID) -> Bool { condition.withLock { cancelled.contains(id) } }
        func forget(_ id: RequestID) { condition.withLock { _ = cancelled.remove(id) } }

        private func push(_ item: Item) {
            condition.withLock {
                if case .message(_, let isChange, let isRequest) = item {
                    if isChange { changes += 1 }
                    if isRequest { requests += 1 }
                }
                items.append(item)
                condition.signal()
            }
        }

        /// The next item, or nil when `deadline` passes first.
        func next(until deadline: ContinuousClock.Instant?) -> Item? {
            condition.lock()
            defer { condition.unlock() }
            while items.isEmpty {
                if let deadline {
                    let left = ContinuousClock.now.duration(to: deadline)
                    guard left > .zero else { return nil }
                    let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
                    _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
                } else {
                    condition.wait()
                }
            }
            let item = items.removeFirst()
            if case .message(_, let isChange, let isRequest) = item {
                if isChange { changes -= 1 }
                if isRequest { requests -= 1 }
            }
            return item
        }

        /// Reads the input until it ends, framing it.
        func read(from descriptor: Int32) {
            var framer = MessageFramer()
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                for item in framer.feed(chunk[..<count]) {
                    switch item {
                    case .message(let json): take(json)
                    case .badHeader(let problem): push(.problem(.parseError("a message's header could not be read: \(problem)")))
                    case .tooLarge(let length):
                        push(.problem(.invalidRequest("a message of \(length) bytes is over the limit of \(framer.limit); it was skipped")))
                    }
                }
            }
            push(.end)
        }

        /// Notes a cancellation at once, and whether a message changes a document.
        private func take(_ json: Data) {
            guard case .message(let message) = IncomingMessage.parse(json) else {
                push(.message(json, isChange: false, isRequest: false))
                return
            }
            if message.method == "$/cancelRequest", let params = try? message.params(CancelParams.self) {
                condition.withLock {
                    // Cancellations of requests long answered are not kept without end.
                    if cancelled.count >= 4096 { cancelled.removeAll() }
                    cancelled.insert(params.id)
                }
            }
            let isChange = ["textDocument/didChange", "textDocument/didOpen", "textDocument/didClose"].contains(message.method)
            push(.message(json, isChange: isChange, isRequest: message.id != nil))
        }
    }

    /// Writes whole messages to the output, one at a time.
    final class Writer: @unchecked Sendable {
        private let descriptor: Int32
        private let lock = NSLock()
        init(descriptor: Int32) { self.descriptor = descriptor }

        func write(_ data: Data) {
            lock.withLock {
                data.withUnsafeBytes { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                        if written < 0 && errno == EINTR { continue }
                        guard written > 0 else { return }
                        offset += written
                    }
                }
            }
        }
    }
}
