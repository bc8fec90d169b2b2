// No data loss: every file Charter writes goes through `AtomicFile`, so a
// crash or a kill at any moment leaves the old file or the new one whole,
// never a part, and a write that fails leaves the old file as it was.

@testable import CharterREPL
import CharterSession
import Foundation
import Testing

@Suite struct AtomicWriteTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A large file that `fmt` rewrites: every member laid out badly.
    static let messy: String = (0..<40_000).map {
        "member   m\($0)    {kind ngo   motivation values_driven weight \($0 % 9 + 1)}\n"
    }.joined()

    @Test("fmt --write killed at any moment leaves the file as it was or wholly formatted, with its permissions")
    func killDuringWrite() throws {
        let target = directory.appendingPathComponent("alliance.charter")
        try Self.messy.write(to: target, atomically: false, encoding: .utf8)
        let formatted = try CLITests.charter(["fmt", target.path]).stdout
        #expect(formatted != Self.messy && !formatted.isEmpty)
        // How long a whole run takes, so that the kills fall across all of it.
        let start = ContinuousClock.now
        #expect(try CLITests.charter(["fmt", "--write", target.path]).status == 0)
        let whole = ContinuousClock.now - start
        var outcomes: Set<String> = []
        for attempt in 0..<24 {
            try Self.messy.write(to: target, atomically: false, encoding: .utf8)
            #expect(chmod(target.path, 0o640) == 0)
            let process = Process()
            process.executableURL = Repository.charterExecutable
            process.arguments = ["fmt", "--write", target.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kills spread over a run as long as the first, more of them near
            // its end; the first lands before anything is written, and the
            // last run is let finish, so that both outcomes are seen however
            // fast or loaded the machine.
            if attempt < 23 {
                let fraction = attempt < 8 ? Double(attempt) / 8 : 0.6 + 0.6 * Double(attempt - 8) / 15
                Thread.sleep(forTimeInterval: Double(whole.components.seconds) * fraction
                             + Double(whole.components.attoseconds) / 1e18 * fraction)
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            let after = try String(contentsOf: target, encoding: .utf8)
            #expect(after == Self.messy || after == formatted, "attempt \(attempt) left \(after.utf8.count) bytes")
            outcomes.insert(after == formatted ? "formatted" : "old")
            var status = stat()
            #expect(stat(target.path, &status) == 0 && status.st_mode & 0o777 == 0o640, "attempt \(attempt)")
        }
        #expect(outcomes == ["old", "formatted"])
    }

    /// The system calls of a write, each looking at the target first (as a
    /// crash at that moment would leave it), writing at most 4 KiB at a time,
    /// and failing, with EIO, at call number `failing`.
    private func observedCalls(_ target: URL, failing: Int? = nil, look: @escaping (String) -> Void) -> AtomicFile.Calls {
        var count = 0
        func step(_ name: String) -> Bool {
            look(name)
            count += 1
            if count == failing {
                errno = EIO
                return false
            }
            return true
        }
        return AtomicFile.Calls(
            open: { step("open") ? Glibc.open($0, $1, $2) : -1 },
            write: { step("write") ? Glibc.write($0, $1.baseAddress, min($1.count, 4096)) : -1 },
            fchmod: { step("fchmod") ? Glibc.fchmod($0, $1) : -1 },
            fsync: { step("fsync") ? Glibc.fsync($0) : -1 },
            close: { descriptor in
                let closed = Glibc.close(descriptor)
                return step("close") ? closed : -1
            },
            rename: { step("rename") ? Glibc.rename($0, $1) : -1 })
    }

    @Test("between any two system calls of a write the file is whole: the old text until the rename, then the new")
    func everyStep() throws {
        let target = directory.appendingPathComponent("alliance.charter")
        let old = String(repeating: "member old { kind ngo }\n", count: 2_000)
        let new = String(repeating: "member new { kind company }\n", count: 2_000)
        try old.write(to: target, atomically: false, encoding: .utf8)
        #expect(chmod(target.path, 0o640) == 0)
        var steps: [String] = []
        let calls = observedCalls(target) { step in
            steps.append(step)
            #expect((try? String(contentsOf: target, encoding: .utf8)) == old, "before \(step)")
        }
        try AtomicFile.write(Array(new.utf8), to: target.path, calls: calls)
        #expect(try String(contentsOf: target, encoding: .utf8) == new)
        #expect(steps.count > 10 && steps.filter { $0 == "write" }.count > 10, "the bytes went in many writes: \(steps.count)")
        #expect(steps.last == "rename")
        var status = stat()
        #expect(stat(target.path, &status) == 0 && status.st_mode & 0o777 == 0o640, "the permissions are kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["alliance.charter"])
    }

    @Test("a write that fails at any system call leaves the old file whole and no temporary file")
    func failureAtEveryStep() throws {
        let target = directory.appendingPathComponent("alliance.charter")
        let old = String(repeating: "member old { kind ngo }\n", count: 1_000)
        let new = Array(String(repeating: "member new { kind company }\n", count: 1_000).utf8)
        var total = 0
        try AtomicFile.write(new, to: directory.appendingPathComponent("probe").path, calls: observedCalls(target) { _ in total += 1 })
        try FileManager.default.removeItem(at: directory.appendingPathComponent("probe"))
        for failing in 1...total {
            try old.write(to: target, atomically: false, encoding: .utf8)
            #expect(throws: WriteError.self, "call \(failing)") {
                try AtomicFile.write(new, to: target.path, calls: observedCalls(target, failing: failing) { _ in })
            }
            #expect(try String(contentsOf: target, encoding: .utf8) == old, "call \(failing) of \(total)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["alliance.charter"], "call \(failing)")
        }
    }

    @Test("a write that cannot finish leaves the old file and no temporary file")
    func failedWrites() throws {
        let target = directory.appendingPathComponent("kept.charter")
        try "old".write(to: target, atomically: false, encoding: .utf8)
        // The temporary file cannot be made: the folder is read-only (root
        // may write anyway, so this step is checked only for others).
        if getuid() != 0 {
            #expect(chmod(directory.path, 0o555) == 0)
            #expect(throws: WriteError.self) { try AtomicFile.write(Array("new".utf8), to: target.path) }
            #expect(chmod(directory.path, 0o755) == 0)
            #expect(try String(contentsOf: target, encoding: .utf8) == "old")
        }
        // A folder at the target is refused, and what it holds is kept.
        let folder = directory.appendingPathComponent("folder.charter")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("inside"), withIntermediateDirectories: true)
        #expect(throws: WriteError.self) { try AtomicFile.write(Array("new".utf8), to: folder.path) }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("inside").path))
        // Only a regular file is replaced, never a FIFO or a device in its place.
        let pipe = directory.appendingPathComponent("pipe")
        #expect(mkfifo(pipe.path, 0o644) == 0)
        #expect(throws: WriteError.self) { try AtomicFile.write(Array("new".utf8), to: pipe.path) }
        var status = stat()
        #expect(lstat(pipe.path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.hasSuffix(".tmp") }, "\(names)")
    }

    @Test("a link is written through only to a file beside it or below; one leading outside is refused")
    func links() throws {
        let inside = directory.appendingPathComponent("real.html")
        try "old".write(to: inside, atomically: false, encoding: .utf8)
        let besideLink = directory.appendingPathComponent("report.html")
        try FileManager.default.createSymbolicLink(atPath: besideLink.path, withDestinationPath: "real.html")
        try AtomicFile.write(Array("new".utf8), to: besideLink.path)
        #expect(try String(contentsOf: inside, encoding: .utf8) == "new")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: besideLink.path) == "real.html", "the link stays a link")
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("charter-outside-\(UUID().uuidString)")
        try "precious".write(to: outside, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: outside) }
        let planted = directory.appendingPathComponent("planted.html")
        try FileManager.default.createSymbolicLink(atPath: planted.path, withDestinationPath: outside.path)
        #expect(throws: WriteError.self) { try AtomicFile.write(Array("<html>".utf8), to: planted.path) }
        #expect(try String(contentsOf: outside, encoding: .utf8) == "precious")
    }

    @Test("a file system that takes no bytes is a failed write, not a loop")
    func zeroByteWrites() throws {
        let target = directory.appendingPathComponent("kept.charter")
        try "old".write(to: target, atomically: false, encoding: .utf8)
        var calls = AtomicFile.Calls.system
        calls.write = { _, _ in 0 }
        #expect(throws: WriteError.self) { try AtomicFile.write(Array("new".utf8), to: target.path, calls: calls) }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["kept.charter"])
    }

    @Test("a new file gets the usual permissions less the umask; history files are private")
    func newFiles() throws {
        let report = directory.appendingPathComponent("report.html")
        try AtomicFile.write(Array("<html>".utf8), to: report.path)
        var status = stat()
        let mask = umask(0)
        umask(mask)
        #expect(stat(report.path, &status) == 0 && status.st_mode & 0o777 == 0o666 & ~mask)
        let history = directory.appendingPathComponent("history")
        try AtomicFile.write(Array("x".utf8), to: history.path, newFileMode: 0o600)
        #expect(stat(history.path, &status) == 0 && status.st_mode & 0o777 == 0o600)
    }
}
