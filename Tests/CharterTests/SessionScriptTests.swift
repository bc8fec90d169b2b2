// Golden REPL sessions: each `.session` file under Fixtures/repl is a
// transcript written by `:transcript`, its answers recorded as `#>` lines.
// Replaying it must give every answer again, as `charter repl < FILE` does.

import CharterREPL
@testable import CharterSession
import Charter
import Foundation
import Testing

/// The disk, with relative paths taken from the repository's root, so a
/// session loads `examples/…` whatever the working directory; what the
/// session writes stays in memory.
final class RepositoryFiles: SessionFiles, @unchecked Sendable {
    let disk = DiskFiles()
    var written: [String: String] = [:]

    func rooted(_ path: String) -> String { path.hasPrefix("/") ? path : Repository.url(path).path }
    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        if let text = written[path] { return Array(text.utf8) }
        return try disk.read(rooted(path), limit: limit)
    }
    func identity(of path: String) -> String { written[path] != nil ? path : disk.identity(of: rooted(path)) }
    func exists(_ path: String) -> Bool { written[path] != nil || disk.exists(rooted(path)) }
    func writeAtomically(_ text: String, to path: String) throws(WriteError) { written[path] = text }
    func entries(of directory: String) -> [(name: String, isDirectory: Bool)]? { disk.entries(of: rooted(directory)) }
}

@Suite struct SessionScriptTests {
    static let sessions = Repository.files(in: "Tests/CharterTests/Fixtures/repl", withExtension: "session")

    @Test("there are golden sessions")
    func present() { #expect(Self.sessions.count >= 2) }

    @Test("a golden session replays with every recorded answer", arguments: sessions)
    func replay(_ path: String) throws {
        let text = try Repository.read(path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).makeIterator()
        var errors = ""
        let script = Script(path: path, write: { _ in }, writeError: { errors += $0 })
        let succeeded = script.run(Session(files: RepositoryFiles())) { lines.next().map { Array($0.utf8) } }
        #expect(succeeded, "\(errors)")
        #expect(!errors.contains("differs"))
    }

    @Test("every example saves, with all its comments, as source that means the same", arguments: GoldenTests.examples)
    func saveRoundTrip(_ path: String) throws {
        let files = RepositoryFiles()
        let session = Session(files: files)
        let loaded = session.load([path])
        #expect(!loaded.failed, "\(loaded.errors)")
        #expect(!session.handle(":save saved.charter").failed)
        let saved = try #require(files.written["saved.charter"])
        let comments = try Repository.read(path).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("#") }
        for comment in comments {
            #expect(saved.contains(comment), "\(path) lost the comment \(comment)")
        }
        let again = Session(files: files)
        #expect(!again.load(["saved.charter"]).failed)
        func findings(_ session: Session) -> [String] { session.program.diagnostics.map { "\($0.code.id) \($0.message)" } }
        #expect(findings(again) == findings(session))
        #expect(again.handle(":list").output == session.handle(":list").output)
    }
}
