// JSON-RPC 2.0 as the Language Server Protocol frames it: each message a
// header (`Content-Length: N`, then a blank line) and N bytes of JSON. The
// framer takes bytes as they arrive and gives whole messages, or says what
// was wrong with a header; it never holds more than one message's worth,
// however long the stream or whatever it holds.

import Foundation

/// A request's ID: a number or a string (JSON-RPC allows both).
public enum RequestID: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Int)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        }
    }

    public var description: String {
        switch self {
        case .number(let number): "\(number)"
        case .string(let string): string
        }
    }
}

/// An error a response carries (JSON-RPC's and the protocol's codes).
public struct ResponseError: Error, Encodable, Sendable, Equatable {
    public var code: Int
    public var message: String

    public init(_ code: Int, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func parseError(_ message: String) -> ResponseError { ResponseError(-32700, message) }
    public static func invalidRequest(_ message: String) -> ResponseError { ResponseError(-32600, message) }
    public static func methodNotFound(_ method: String) -> ResponseError { ResponseError(-32601, "no method `\(method)`") }
    public static func invalidParams(_ message: String) -> ResponseError { ResponseError(-32602, message) }
    public static func internalError(_ message: String) -> ResponseError { ResponseError(-32603, message) }
    public static let serverNotInitialized = ResponseError(-32002, "the server has not been initialized")
    public static let requestCancelled = ResponseError(-32800, "the request was cancelled")
    public static let contentModified = ResponseError(-32801, "the document changed while the request was being answered")
    public static func requestFailed(_ message: String) -> ResponseError { ResponseError(-32803, message) }
}

/// A message the client sent, as far as the server needs to route it: its
/// ID (requests have one, notifications not) and its method. The whole
/// JSON stays, for the handler to read its parameters from.
public struct IncomingMessage: Sendable {
    public var id: RequestID?
    public var method: String
    public var json: Data

    private struct Envelope: Decodable {
        var jsonrpc: String?
        var id: RequestID?
        var method: String?
    }

    /// What a message is: one to handle, a response to a request the
    /// server sent (which it does not wait for), or one to answer with an
    /// error (with the ID to answer, when one could be read).
    public enum Parsed: Sendable {
        case message(IncomingMessage)
        case response
        case failure(RequestID?, ResponseError)
    }

    public static func parse(_ json: Data) -> Parsed {
        guard let object = try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]) else {
            return .failure(nil, .parseError("the message is not JSON"))
        }
        guard let fields = object as? [String: Any], let envelope = try? JSONDecoder().decode(Envelope.self, from: json) else {
            return .failure(nil, .invalidRequest("a message is a JSON object with `jsonrpc`, and `method` or `id`"))
        }
        guard let method = envelope.method else {
            if envelope.id != nil, fields["result"] != nil || fields["error"] != nil { return .response }
            return .failure(envelope.id, .invalidRequest("the message has no `method`"))
        }
        guard envelope.jsonrpc == "2.0" else {
            return .failure(envelope.id, .invalidRequest("the message is not JSON-RPC 2.0 (`\"jsonrpc\": \"2.0\"`)"))
        }
        return .message(IncomingMessage(id: envelope.id, method: method, json: json))
    }

    /// The message's `params`, decoded as `P`.
    public func params<P: Decodable>(_ type: P.Type) throws(ResponseError) -> P {
        do {
            return try JSONDecoder().decode(ParamsOf<P>.self, from: json).params
        } catch {
            throw .invalidParams("the parameters of `\(method)` are not as the protocol describes them: \(Self.describe(error))")
        }
    }

    /// A decoding error in a line: which field, and what was wrong.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "`\(path(context)).\(key.stringValue)` is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "`\(path(context))`: \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// A message's parameters, the rest of it left out.
private struct ParamsOf<P: Decodable>: Decodable {
    var params: P
}

/// Messages the server writes, framed.
public enum OutgoingMessage {
    /// A response: its result, or its error. Both are written as members
    /// of their own (a null result too, which the protocol requires).
    private struct Response<R: Encodable>: Encodable {
        var id: RequestID?
        var outcome: Result<R, ResponseError>
        enum CodingKeys: CodingKey { case jsonrpc, id, result, error }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("2.0", forKey: .jsonrpc)
            try container.encode(id, forKey: .id)
            switch outcome {
            case .success(let result): try container.encode(result, forKey: .result)
            case .failure(let error): try container.encode(error, forKey: .error)
            }
        }
    }

    private struct Notification<P: Encodable>: Encodable {
        var jsonrpc = "2.0"
        var method: String
        var params: P
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A response carrying `result`.
    public static func response(_ id: RequestID?, _ result: some Encodable) -> Data {
        guard let body = try? encoder().encode(Response(id: id, outcome: .success(result))) else {
            return error(id, .internalError("the answer could not be encoded"))
        }
        return framed(body)
    }

    /// A response carrying an error.
    public static func error(_ id: RequestID?, _ error: ResponseError) -> Data {
        framed((try? encoder().encode(Response<Null>(id: id, outcome: .failure(error)))) ?? Data())
    }

    private struct Request<P: Encodable>: Encodable {
        var jsonrpc = "2.0"
        var id: RequestID
        var method: String
        var params: P
    }

    /// A request to the client, whose answer the server does not wait for.
    public static func request(_ id: RequestID, _ method: String, _ params: some Encodable) -> Data {
        framed((try? encoder().encode(Request(id: id, method: method, params: params))) ?? Data())
    }

    /// A notification.
    public static func notification(_ method: String, _ params: some Encodable) -> Data {
        framed((try? encoder().encode(Notification(method: method, params: params))) ?? Data())
    }

    private static func framed(_ body: Data) -> Data {
        guard !body.isEmpty else { return body }
        return Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

/// Splits a byte stream into the bodies of framed messages.
public struct MessageFramer: Sendable {
    /// What the framer found in the bytes so far.
    public enum Item: Equatable, Sendable {
        case message(Data)
        /// A header the framer could not read; the stream goes on after it.
        case badHeader(String)
        /// A message over the size limit, skipped whole.
        case tooLarge(Int)
    }

    /// The largest message read: more than the largest file the pipeline
    /// takes (`Limits.inputSize`), written as JSON, ever needs.
    public let limit: Int
    private var buffer: [UInt8] = []
    /// Bytes still to skip of a message over the limit.
    private var skipping = 0
    /// The length of the message whose header has been read.
    private var pending: Int?

    public init(limit: Int = 64 * 1024 * 1024) {
        self.limit = limit
    }

    /// Takes more bytes and returns what they complete.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [Item] {
        var items: [Item] = []
        var input = bytes[...]
        if skipping > 0 {
            let skipped = min(skipping, input.count)
            skipping -= skipped
            input = input.dropFirst(skipped)
        }
        buffer.append(contentsOf: input)
        var start = 0
        while true {
            if let length = pending {
                guard buffer.count - start >= length else { break }
                items.append(.message(Data(buffer[start..<start + length])))
                start += length
                pending = nil
                continue
            }
            // A header ends at the first blank line.
            guard let end = headerEnd(from: start) else {
                // A header too long to be one is garbage: said once, dropped.
                if buffer.count - start > 8192 {
                    items.append(.badHeader("a header of more than 8 KiB without a blank line after it"))
                    start = buffer.count
                }
                break
            }
            let header = String(decoding: buffer[start..<end.headerEnd], as: UTF8.self)
            start = end.bodyStart
            switch Self.contentLength(header) {
            case .success(let length) where length > limit:
                items.append(.tooLarge(length))
                let available = min(length, buffer.count - start)
                start += available
                skipping = length - available
            case .success(let length):
                pending = length
            case .failure(let problem):
                items.append(.badHeader(problem.message))
            }
            if skipping > 0 { break }
        }
        buffer.removeFirst(min(start, buffer.count))
        return items
    }

    /// Where the header starting at `start` ends: at `\r\n\r\n` (or a bare `\n\n`).
    private func headerEnd(from start: Int) -> (headerEnd: Int, bodyStart: Int)? {
        var index = start
        while index < buffer.count {
            if buffer[index] == UInt8(ascii: "\n") {
                if index + 1 < buffer.count, buffer[index + 1] == UInt8(ascii: "\n") { return (index, index + 2) }
                if index + 2 < buffer.count, buffer[index + 1] == UInt8(ascii: "\r"), buffer[index + 2] == UInt8(ascii: "\n") {
                    return (index, index + 3)
                }
            }
            index += 1
        }
        return nil
    }

    struct HeaderProblem: Error { var message: String }

    /// The `Content-Length` of a header; other fields (`Content-Type`) are allowed and ignored.
    static func contentLength(_ header: String) -> Result<Int, HeaderProblem> {
        var length: Int?
        for line in header.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(HeaderProblem(message: "the header line `\(line.prefix(80))` has no `:`"))
            }
            guard line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard value.count <= 18, let number = Int(value), number >= 0 else {
                return .failure(HeaderProblem(message: "`Content-Length: \(value.prefix(40))` is not a length"))
            }
            length = number
        }
        guard let length else { return .failure(HeaderProblem(message: "the header has no `Content-Length`")) }
        return .success(length)
    }
}
