// What a session needs from the file system, given by its shell: reading
// files (`:load`), writing them whole (`:save`, `:transcript`) and listing
// directories (completing paths). The session itself does no I/O, so tests
// drive it from memory.

import Charter

/// Why a file could not be written.
public struct WriteError: Error, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

public protocol SessionFiles: SourceReader {
    /// Whether something exists at `path`.
    func exists(_ path: String) -> Bool
    /// Replaces the file at `path` with `text` so that a crash at any moment
    /// leaves either the old file or the new one, never a part.
    func writeAtomically(_ text: String, to path: String) throws(WriteError)
    /// The entries of a directory, for completing paths; nil when it cannot be read.
    func entries(of directory: String) -> [(name: String, isDirectory: Bool)]?
}
