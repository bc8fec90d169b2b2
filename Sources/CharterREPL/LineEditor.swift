// The REPL's connection to libedit. This target is the only one that links
// libedit (through the CEditLine system library), so the rest of Charter
// builds and runs without a terminal library.

@preconcurrency import CEditLine

/// Facts about the line-editing library Charter is linked with.
public enum LineEditor {
    /// Which line editor is linked and the readline API version it offers,
    /// as shown by `charter --version` so that bug reports about line editing
    /// say which library was in use.
    public static var libraryVersion: String {
        "libedit, readline API \(rl_readline_version >> 8).\(rl_readline_version & 0xFF)"
    }
}
