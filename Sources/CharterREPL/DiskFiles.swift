// The file system as Charter uses it: source files read whole (regular files
// only, within a size limit), files written atomically, directories listed
// for completion. The `charter` commands read through it too.

import Charter
import CharterSession
import Foundation

public struct DiskFiles: SessionFiles {
    public init() {}

    /// `~/x` as a shell would read it: in the home directory.
    private func expanded(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] else { return path }
        return home + path.dropFirst()
    }

    public func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        let path = expanded(path)
        var status = stat()
        guard stat(path, &status) == 0 else { throw Self.failure(errno) }
        // Directories, devices and FIFOs are not source files; none is opened.
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notAFile }
        guard Int(status.st_size) <= limit else { throw .tooLarge(bytes: Int(status.st_size), limit: limit) }
        // Without blocking, should a FIFO have taken the file's place since;
        // what was opened is checked again below.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure(errno) }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw .notAFile }
        var bytes: [UInt8] = []
        // The size the file has now, plus one chunk should it grow: no
        // doubling as it is read, which left a 13 MB file in 16 MB.
        // Never past the limit: the file opened may not be the one measured.
        bytes.reserveCapacity(min(Int(status.st_size), limit) + (1 << 16))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Self.failure(errno) }
            if count == 0 { break }
            // A file that grows while it is read is refused at the limit, not read on.
            guard bytes.count + count <= limit else { throw .tooLarge(bytes: bytes.count + count, limit: limit) }
            bytes += chunk[..<count]
        }
        // A NUL byte near the start is a binary file named like Charter:
        // one problem to say, not dozens of lexer errors.
        guard !bytes.prefix(8192).contains(0) else { throw .unreadable("it holds NUL bytes: a binary file, not text") }
        return bytes
    }

    private static func failure(_ code: Int32) -> ReadError {
        switch code {
        case ENOENT: .notFound
        case ELOOP: .unreadable("its symbolic links go round in a loop")
        default: .unreadable(String(cString: strerror(code)))
        }
    }

    /// The real path. A path that leads nowhere (a missing file, a loop of
    /// links) is its nearest real ancestor and the rest as written, so that
    /// it can still be placed inside or outside a folder.
    public func identity(of path: String) -> String {
        let path = expanded(path)
        if let resolved = realPath(path) { return resolved }
        let absolute = path.hasPrefix("/") ? path : (realPath(".") ?? "") + "/" + path
        // Up one folder at a time, each a cut of the same string.
        var ancestor = Substring(absolute)
        while let slash = ancestor.lastIndex(of: "/") {
            ancestor = ancestor[..<slash]
            if let resolved = realPath(ancestor.isEmpty ? "/" : String(ancestor)) {
                return (resolved == "/" ? "" : resolved) + absolute[slash...]
            }
        }
        return path
    }

    public func exists(_ path: String) -> Bool {
        let path = expanded(path)
        var status = stat()
        return lstat(path, &status) == 0
    }

    public func writeAtomically(_ text: String, to path: String) throws(WriteError) {
        try AtomicFile.write(Array(text.utf8), to: expanded(path))
    }

    public func entries(of directory: String) -> [(name: String, isDirectory: Bool)]? {
        let directory = expanded(directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        return names.map { name in
            var isDirectory: ObjCBool = false
            let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            return (name, isDirectory.boolValue)
        }
    }
}

/// Replaces files so that a crash at any moment leaves the old file or the
/// new one whole: the bytes go to a temporary file in the same directory,
/// which is flushed to disk and then renamed over the target (a rename
/// within a file system is atomic). The file keeps its permissions.
public enum AtomicFile {
    /// `newFileMode` is for a file that does not exist yet (less the umask);
    /// a file that exists keeps its own.
    public static func write(_ bytes: [UInt8], to path: String, newFileMode: mode_t = 0o666) throws(WriteError) {
        try write(bytes, to: path, newFileMode: newFileMode, calls: .system)
    }

    /// The system calls a write makes, in order, each returning what the
    /// system call returns. Tests replace them to look at the file between
    /// any two, as a crash there would leave it, and to make each fail.
    struct Calls {
        var open: (_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
        var write: (_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int
        var fchmod: (_ descriptor: Int32, _ mode: mode_t) -> Int32
        var fsync: (_ descriptor: Int32) -> Int32
        var close: (_ descriptor: Int32) -> Int32
        var rename: (_ from: String, _ to: String) -> Int32

        static var system: Calls {
            Calls(open: { Glibc.open($0, $1, $2) }, write: { Glibc.write($0, $1.baseAddress, $1.count) },
                  fchmod: { Glibc.fchmod($0, $1) }, fsync: { Glibc.fsync($0) }, close: { Glibc.close($0) },
                  rename: { Glibc.rename($0, $1) })
        }
    }

    static func write(_ bytes: [UInt8], to path: String, newFileMode: mode_t = 0o666, calls: Calls) throws(WriteError) {
        var path = path
        var existing = stat()
        if lstat(path, &existing) == 0 && existing.st_mode & S_IFMT == S_IFLNK {
            // Through a symbolic link, the file it points to is replaced, not
            // the link — but only a file beside it or below: a link a pull
            // request planted (`report.html -> /etc/passwd`) is refused.
            guard let resolved = realPath(path), let folder = realPath(folder(of: path)),
                  resolved.hasPrefix(folder == "/" ? "/" : folder + "/") else {
                throw WriteError("it is a symbolic link to a file outside its folder; write to the file itself")
            }
            path = resolved
        }
        let folder = folder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let mode: mode_t = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : newFileMode & ~currentUmask()
        // Only a regular file (or none) is replaced: never a device or a folder.
        if stat(path, &existing) == 0 && existing.st_mode & S_IFMT != S_IFREG { throw WriteError("not a regular file") }
        // A name no one can guess, made new: never a file or link already there.
        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<16 where descriptor < 0 {
            temporary = (folder == "/" ? "/" : folder + "/") + ".\(name).\(UInt64.random(in: 0...UInt64.max)).tmp"
            descriptor = calls.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if descriptor < 0 && errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw WriteError(String(cString: strerror(errno))) }
        var failure: String?
        var written = 0
        while written < bytes.count && failure == nil {
            let count = bytes[written...].withUnsafeBytes { calls.write(descriptor, $0) }
            if count < 0 && errno != EINTR { failure = String(cString: strerror(errno)) }
            if count == 0 { failure = "the file system took no bytes" }
            if count > 0 { written += count }
        }
        if failure == nil && calls.fchmod(descriptor, mode) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil && calls.fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if calls.close(descriptor) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && calls.rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw WriteError(failure)
        }
        // The rename is durable once the directory is on disk too.
        let directoryDescriptor = open(folder, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// The folder a path is in: `.` for a bare name.
    private static func folder(of path: String) -> String {
        let directory = PathName.directory(of: path)
        return directory.isEmpty ? "." : directory
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0)
        umask(mask)
        return mask
    }
}

/// The path with every link and `..` resolved, or nil when it leads nowhere.
private func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
