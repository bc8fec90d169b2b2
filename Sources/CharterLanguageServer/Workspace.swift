// The files the server knows: the editor's open buffers, laid over the disk
// the host reads. A program is loaded for each open Charter file, with what
// it imports, through a reader that serves a buffer where one is open (its
// text as typed, saved or not) and the disk otherwise, within the same
// confinement as `charter check`.

import Charter
import Foundation

/// What the server needs of the world it runs in: the disk and charter.toml
/// (the `charter lsp` command gives the real ones; tests give their own).
public protocol LanguageServerHost: SourceReader, Sendable {
    /// The settings for the file at `path`: those of the charter.toml that
    /// applies to it, as `charter check` finds it, or the defaults.
    func configuration(for path: String) -> Result<CheckConfiguration, ConfigurationProblem>
    /// A link a diagnostic's code leads to, explaining it (`charter explain`).
    func explanationLink(for code: String) -> String?
    /// The Charter files in a folder of the workspace, as `charter check
    /// FOLDER` finds them, for the symbols of files that are not open.
    func charterFiles(under folder: String) -> [String]
}

extension LanguageServerHost {
    public func charterFiles(under folder: String) -> [String] { [] }
}

/// A charter.toml that cannot be used, and why.
public struct ConfigurationProblem: Error, Sendable {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// An open buffer.
struct Document {
    var uri: String
    /// The path the pipeline knows it by.
    var path: String
    var version: Int?
    var text: SourceFile
    /// Raised by every change, so that an analysis knows what it saw.
    var generation: Int
}

/// File URIs and the paths they name, as Foundation reads and writes them.
enum FileURI {
    /// The path of a `file:` URI (percent-decoded); another scheme's URI is
    /// its own name, which no import can reach.
    static func path(of uri: String) -> String {
        guard uri.hasPrefix("file:"), let url = URL(string: uri), url.isFileURL else { return uri }
        return url.path
    }

    /// The `file:` URI of an absolute path.
    static func uri(of path: String) -> String {
        path.hasPrefix("/") ? URL(fileURLWithPath: path).absoluteString : path
    }
}

/// The open buffers over the host's disk, as a `SourceReader`.
struct OverlayReader: SourceReader {
    var host: any LanguageServerHost
    /// Open buffers by the host's identity of their path.
    var buffers: [String: [UInt8]]

    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        if let bytes = buffers[host.identity(of: path)] ?? buffers[path] {
            guard bytes.count <= limit else { throw .tooLarge(bytes: bytes.count, limit: limit) }
            return bytes
        }
        // Every file the editor names is absolute; a relative path is what an
        // import in a buffer that is no file (`untitled:`) comes to, and such
        // a buffer imports nothing from the disk.
        guard path.hasPrefix("/") else { throw .notFound }
        return try host.read(path, limit: limit)
    }

    func identity(of path: String) -> String {
        path.hasPrefix("/") ? host.identity(of: path) : path
    }
}
