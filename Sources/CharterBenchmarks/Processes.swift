// Whole processes, started as a user's shell would start them: the time to
// the end (or, for the REPL, to its first prompt on a terminal) and the
// peak resident memory the kernel reports for the child.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Finished {
    var status: Int32
    var seconds: Double
    /// Peak resident set size, in bytes.
    var peakMemory: Int
    var output: [UInt8]
}

enum ProcessError: Error, CustomStringConvertible {
    case cannotStart(String, Int32)

    var description: String {
        switch self {
        case .cannotStart(let program, let code): "cannot start \(program): \(String(cString: strerror(code)))"
        }
    }
}

/// Runs `arguments` (the first a path) with standard input from /dev/null,
/// standard error discarded, and standard output captured.
func runProcess(_ arguments: [String]) throws -> Finished {
    var pipe: [Int32] = [0, 0]
    guard Glibc.pipe(&pipe) == 0 else { throw ProcessError.cannotStart(arguments[0], errno) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addclose(&actions, pipe[0])
    var argv = arguments.map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    let start = DispatchTime.now().uptimeNanoseconds
    var pid: pid_t = 0
    let code = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
    close(pipe[1])
    guard code == 0 else {
        close(pipe[0])
        throw ProcessError.cannotStart(arguments[0], code)
    }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = read(pipe[0], &buffer, buffer.count)
        if count <= 0 { break }
        output += buffer[0..<count]
    }
    close(pipe[0])
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let exit = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return Finished(status: exit, seconds: seconds, peakMemory: usage.ru_maxrss * 1024, output: output)
}

/// The seconds from starting `arguments` on a new pseudo-terminal until it
/// writes `prompt`; the process is then ended. Nil if it never does within
/// ten seconds.
func secondsToPrompt(_ arguments: [String], prompt: String, environment: [String: String]) -> Double? {
    var primary: Int32 = 0
    var argv = arguments.map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var environmentEntries = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for entry in environmentEntries { free(entry) } }
    let start = DispatchTime.now().uptimeNanoseconds
    let pid = forkpty(&primary, nil, nil, nil)
    if pid == 0 {
        execve(arguments[0], &argv, &environmentEntries)
        _exit(127)
    }
    guard pid > 0 else { return nil }
    defer {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(primary)
    }
    let wanted = Array(prompt.utf8)
    var screen: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    let deadline = start + 10_000_000_000
    while DispatchTime.now().uptimeNanoseconds < deadline {
        var poller = pollfd(fd: primary, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 100) >= 0 else { return nil }
        guard poller.revents != 0 else { continue }
        let count = read(primary, &buffer, buffer.count)
        if count <= 0 { return nil }
        screen += buffer[0..<count]
        if screen.count >= wanted.count,
           (0...(screen.count - wanted.count)).contains(where: { screen[$0..<$0 + wanted.count].elementsEqual(wanted) }) {
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
    }
    return nil
}
