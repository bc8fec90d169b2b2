// Golden REPL sessions: each `.session` file under Fixtures/repl is a
// transcript written by `:transcript`, its answers recorded as `#>` lines.
// Replaying it must give every answer again, as `charter repl < FILE` does.

import CharterREPL
import CharterSession
import Charter
import Foundation
import Testing

/// The disk, with relative paths taken from the repository's root, so a
/// session loads `examples/…` whatever the working directory.
struct RepositoryFiles: SessionFiles {
    let disk = DiskFiles()

    func rooted(_ path: String) -> String { path.hasPrefix("/") ? path : Repository.url(path).path }
    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] { try disk.read(rooted(path), limit: limit) }
    func identity(of path: String) -> String { disk.identity(of: rooted(path)) }
    func exists(_ path: String) -> Bool { disk.exists(rooted(path)) }
    func writeAtomically(_ text: String, to path: String) throws(WriteError) {
        throw WriteError("golden sessions write nothing")
    }
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
        let succeeded = script.run(Session(files: RepositoryFiles())) { lines.next() }
        #expect(succeeded, "\(errors)")
        #expect(errors.isEmpty)
    }
}
