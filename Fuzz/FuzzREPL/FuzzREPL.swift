// The REPL's handling of entries, as a script feeds them: the input's
// lines, assembled into entries and handled one by one by a session whose
// files are none, so `:load`, `:save` and `:transcript` touch nothing.

import Charter
import CharterSession
import FuzzSupport

/// No files: reading finds nothing and writing is refused.
final class NoFiles: SessionFiles, @unchecked Sendable {
    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] { throw .notFound }
    func exists(_ path: String) -> Bool { false }
    func writeAtomically(_ text: String, to path: String) throws(WriteError) { throw WriteError("the fuzzer writes nothing") }
    func entries(of directory: String) -> [(name: String, isDirectory: Bool)]? { nil }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var lines = bytes(data, count).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    lines.reverse()
    let session = Session(files: NoFiles())
    _ = Script(write: { _ in }, writeError: { _ in }).run(session) { lines.popLast() }
    return 0
}

@_cdecl("FuzzREPL_main")
public func fuzzREPLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz(argc, argv, testOneInput)
}
