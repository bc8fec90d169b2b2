// `charter-workshop`: the server of the workshop page, started by the
// REPL's `:serve` (and `charter repl --serve`), never by hand. It listens on
// 127.0.0.1 and prints one line — `listening ADDRESS`, or `error REASON` and
// exit 2 — then reads the pages the REPL draws from standard input, each a
// line `page REVISION DOCUMENT-BYTES CONTENT-BYTES` and the two texts, and
// serves the latest. When its input ends (the REPL stopped serving, ended,
// or died) it exits 0 at once, from the thread that reads the input: its
// readers' connections close with it, whatever they are doing, and nothing
// waits for Swift's shared threads, which a reader could keep busy.
//
//     charter-workshop [--port PORT]

import CharterServe
import Foundation

signal(SIGPIPE, SIG_IGN)

/// A line for the REPL, written at once.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line.replacing("\n", with: " ") + "\n").utf8))
}

func fail(_ reason: String) -> Never {
    say("error " + reason)
    exit(2)
}

var arguments = CommandLine.arguments.dropFirst()
var port: UInt16 = 0
while let argument = arguments.popFirst() {
    guard argument == "--port", let value = arguments.popFirst().flatMap(UInt16.init) else {
        fail("usage: charter-workshop [--port PORT]; the REPL's `:serve` starts it")
    }
    port = value
}

// As many readers as the system lets this user have: each is a file descriptor.
var limit = rlimit()
if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
    limit.rlim_cur = limit.rlim_max
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

let server = PageServer(port: port)

/// Reads exactly `count` bytes of standard input; nil at its end.
func read(_ count: Int) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: count)
    var done = 0
    while done < count {
        let got = bytes.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress! + done, count - done) }
        if got < 0 && errno == EINTR { continue }
        guard got > 0 else { return nil }
        done += got
    }
    return bytes
}

/// The header line of the next page; nil at the end of the input, or if it is not one.
func header() -> (revision: Int, document: Int, content: Int)? {
    var line: [UInt8] = []
    while line.count < 200 {
        guard let byte = read(1)?.first else { return nil }
        if byte == UInt8(ascii: "\n") { break }
        line.append(byte)
    }
    let words = String(decoding: line, as: UTF8.self).split(separator: " ")
    guard words.count == 4, words[0] == "page", let revision = Int(words[1]), let document = Int(words[2]),
          let content = Int(words[3]), document >= 0, content >= 0, document + content <= 1 << 30 else { return nil }
    return (revision, document, content)
}

let input = Thread {
    while let (revision, documentBytes, contentBytes) = header(),
          let document = read(documentBytes), let content = read(contentBytes) {
        server.publish(PageServer.Page(revision: revision, document: String(decoding: document, as: UTF8.self),
                                       content: String(decoding: content, as: UTF8.self)))
    }
    _exit(0)
}

input.start()
do {
    try await server.run { address in say("listening " + address) }
} catch {
    fail("port \(port): \(PageServer.describe(error))")
}
exit(0)
