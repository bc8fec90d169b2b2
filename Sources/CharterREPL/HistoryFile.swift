// The REPL's history across sessions: where it lives, and writing it so
// that a crash never leaves it cut short.

@preconcurrency import CEditLine
@preconcurrency import Glibc
import Foundation

/// The history file of interactive sessions.
final class HistoryFile {
    /// Entries kept: enough for weeks of modelling, small enough to load at once.
    static let maximumEntries = 1000

    let path: String
    /// Set once a save failed, so the warning is given once.
    private var warned = false
    /// Set when the file is there but could not be read: it is then left
    /// alone rather than replaced by this session's entries.
    private var keepsOut = false
    private let warn: (String) -> Void

    init(path: String, warn: @escaping (String) -> Void) {
        self.path = path
        self.warn = warn
    }

    /// Where the history goes: `CHARTER_HISTORY` if set (empty or
    /// `/dev/null` for none), else `$XDG_STATE_HOME/charter/history`, else
    /// `~/.local/state/charter/history`. nil when there is to be none.
    static func location(environment: [String: String]) -> String? {
        if let chosen = environment["CHARTER_HISTORY"] {
            return chosen.isEmpty || chosen == "/dev/null" ? nil : chosen
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/charter/history" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/charter/history"
    }

    func load() {
        // A missing file is a first session, not a problem; nor is an empty
        // one, which libedit's reader refuses.
        guard access(path, F_OK) == 0, !isEmpty else { return }
        if read_history(path) != 0 {
            keepsOut = true
            warnOnce("cannot read the history in `\(path)`; it is left as it is")
        }
    }

    private var isEmpty: Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_size == 0
    }

    /// Entries not yet in the file: another session held the lock too long.
    private var pending: [String] = []

    /// How long a save waits for another session's lock before it leaves its
    /// entries for the next save: a session stopped with Ctrl-Z may hold it.
    static let lockPatience = 2.0

    /// Adds `entry` to the file. Other sessions may share it, so the file
    /// is never rewritten from this session's memory (the last writer would
    /// win): under a lock, the file as it is now is read, the entry added,
    /// and the file replaced through `AtomicFile` (trap 4: never
    /// `history_truncate_file`, which breaks the file; the bound is
    /// `stifle_history`'s). The session's own history, which Up walks, stays
    /// its own.
    func save(adding entry: String) {
        guard !keepsOut else { return }
        pending.append(entry)
        guard makeDirectory(containing: path) else { return warnOnce("cannot create the directory of `\(path)`: \(String(cString: strerror(errno)))") }
        // A file made read-only stays as it is, even for root, whom `access` lets write.
        var status = stat()
        if stat(path, &status) == 0 && (status.st_mode & S_IWUSR == 0 || access(path, W_OK) != 0) {
            keepsOut = true
            return warnOnce("the history `\(path)` cannot be written: it is read-only")
        }
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard lock >= 0 else { return warnOnce("cannot lock the history `\(path)`: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        // Never blocked for good: the lock is tried, briefly, until it is
        // free, the patience runs out, or Ctrl-C or an end comes.
        let deadline = Date().addingTimeInterval(Self.lockPatience)
        while flock(lock, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                return warnOnce("cannot lock the history `\(path)`: \(String(cString: strerror(errno)))")
            }
            if Date() >= deadline || Signals.interrupt.load(ordering: .relaxed) || Signals.terminate.load(ordering: .relaxed) != 0 {
                return  // The entries wait for the next save.
            }
            poll(nil, 0, 20)
        }
        let own = Self.entries()
        defer { Self.replace(with: own) }
        clear_history()
        if access(path, F_OK) == 0 && !isEmpty && read_history(path) != 0 {
            keepsOut = true
            return warnOnce("cannot read the history in `\(path)` to add to it; it is left as it is")
        }
        for entry in pending { add_history(entry) }
        pending = []
        write()
    }

    /// Writes libedit's history to the file, replacing it whole.
    private func write() {
        // libedit writes only to a path: to a scratch file, whose bytes then
        // replace the history as every file Charter writes is replaced.
        // Made new and private before libedit writes it, as the history itself is.
        let scratch = path + ".\(UInt64.random(in: 0...UInt64.max)).history"
        let made = open(scratch, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard made >= 0 else { return warnOnce("cannot save the history to `\(path)`: \(String(cString: strerror(errno)))") }
        close(made)
        defer { unlink(scratch) }
        let status = write_history(scratch)
        guard status == 0, let bytes = FileManager.default.contents(atPath: scratch) else {
            return warnOnce("cannot save the history to `\(path)`: \(String(cString: strerror(status > 0 ? status : errno)))")
        }
        do {
            // A new history is private, as the commands typed may be.
            try AtomicFile.write([UInt8](bytes), to: path, newFileMode: 0o600)
        } catch {
            warnOnce("cannot save the history to `\(path)`: \(error.reason)")
        }
    }

    /// libedit's history entries, oldest first.
    private static func entries() -> [String] {
        (0..<Int(history_length)).compactMap { offset in
            history_get(history_base + Int32(offset)).map { String(cString: $0.pointee.line) }
        }
    }

    private static func replace(with entries: [String]) {
        clear_history()
        for entry in entries { add_history(entry) }
    }

    private func warnOnce(_ message: String) {
        guard !warned else { return }
        warned = true
        warn("warning: \(message); this session's history will not be kept\n")
    }

    /// Creates the directories above `path` that are missing.
    private func makeDirectory(containing path: String) -> Bool {
        var directory = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (index, part) in parts.enumerated() {
            directory += (index == 0 ? "" : "/") + part
            guard !directory.isEmpty else { continue }
            if mkdir(directory, 0o700) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}
