// charter-benchmarks: the speed and memory of Charter, measured on this
// machine. Each benchmark runs in a process of its own (this program,
// started again with `--child`), so that its peak memory is its own: a few
// warm-up runs, then repetitions until both a minimum count and a minimum
// time are reached; the table shows the median and the fastest. Then whole
// `charter` processes: a check of an example, the REPL's first prompt, and
// the memory of checking the largest alliance.
//
//     swift build -c release && .build/release/charter-benchmarks [--filter TEXT] [--quick]

import Charter
import Foundation

struct Options {
    var filter: String?
    var quick = false
    var child: Int?
    var directory: String?
    var charter: String?

    init(_ arguments: ArraySlice<String>) throws {
        var arguments = arguments
        func value(_ flag: String) throws -> String {
            guard let value = arguments.popFirst() else { throw UsageError("\(flag) needs a value") }
            return value
        }
        while let argument = arguments.popFirst() {
            switch argument {
            case "--filter": filter = try value(argument)
            case "--quick": quick = true
            case "--charter": charter = try value(argument)
            case "--child": child = Int(try value(argument))
            case "--directory": directory = try value(argument)
            case "-h", "--help": throw UsageError(nil)
            default: throw UsageError("unknown argument `\(argument)`")
            }
        }
    }
}

struct UsageError: Error {
    var message: String?
    init(_ message: String?) { self.message = message }
}

/// The least time and repetitions each benchmark is measured for.
struct Effort {
    var seconds: Double
    var repetitions: Int

    init(quick: Bool) {
        seconds = quick ? 0.5 : 3
        repetitions = quick ? 3 : 10
    }
}

/// In the child: prepares one benchmark, runs it, and writes the samples.
func runChild(_ index: Int, directory: String, effort: Effort) throws {
    let benchmark = benchmarks[index]
    let (amount, work) = try benchmark.prepare(directory)
    let clock = ContinuousClock()
    func timed() -> Double { (clock.measure(work)) / .seconds(1) }
    // Warm-up: caches, lazily built tables, the allocator's pools.
    let first = timed()
    if first < effort.seconds / 10 { _ = timed() }
    var samples: [Double] = []
    var spent = 0.0
    while samples.count < effort.repetitions || (spent < effort.seconds && samples.count < 1000) {
        let sample = timed()
        samples.append(sample)
        spent += sample
    }
    let (count, unit) = switch amount {
    case .bytes(let bytes): (bytes, "bytes")
    case .members(let members): (members, "members")
    case .entries(let entries): (entries, "entries")
    }
    let line = "\(unit) \(count) \(ownPeakMemory()) " + samples.map { String($0) }.joined(separator: " ") + "\n"
    FileHandle.standardOutput.write(Data(line.utf8))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func duration(_ seconds: Double) -> String {
    if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
    if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
    return String(format: "%.2f s", seconds)
}

func memory(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }

func throughput(_ count: Int, _ unit: String, _ seconds: Double) -> String {
    let perSecond = Double(count) / seconds
    switch unit {
    case "bytes": return String(format: "%.0f MB/s", perSecond / 1e6)
    case "members": return perSecond >= 1e6 ? String(format: "%.1f M members/s", perSecond / 1e6)
        : perSecond >= 1e4 ? String(format: "%.0f k members/s", perSecond / 1e3) : String(format: "%.0f members/s", perSecond)
    default: return String(format: "%.0f entries/s", perSecond)
    }
}

/// This process's peak resident memory, in bytes, from the kernel's
/// high-water mark of its own pages (`VmHWM`). The rusage a parent reads
/// would not do: on Linux it starts from the parent's own size at exec.
func ownPeakMemory() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(whereSeparator: \.isWhitespace)[1]) else { return 0 }
    return kilobytes * 1024
}

/// This program's own path, to start it again as a child.
func ownPath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

func runBenchmarks(_ options: Options, effort: Effort, directory: String) throws {
    if let filter = options.filter,
       !benchmarks.contains(where: { ($0.name + " " + $0.input).localizedCaseInsensitiveContains(filter) }) {
        throw UsageError("no benchmark's name or input contains `\(filter)`")
    }
    print("| benchmark | input | median | fastest | throughput (median) | peak memory of the process |")
    print("|---|---|---:|---:|---:|---:|")
    for (index, benchmark) in benchmarks.enumerated() {
        if let filter = options.filter, !(benchmark.name + " " + benchmark.input).localizedCaseInsensitiveContains(filter) { continue }
        var arguments = [ownPath(), "--child", String(index), "--directory", directory]
        if options.quick { arguments.append("--quick") }
        let finished = try runProcess(arguments)
        let fields = String(decoding: finished.output, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard finished.status == 0, fields.count >= 4, let count = Int(fields[1]), let peak = Int(fields[2]) else {
            print("| \(benchmark.name) | \(benchmark.input) | failed (exit \(finished.status)) | | | |")
            continue
        }
        let samples = fields.dropFirst(3).compactMap { Double($0) }
        let middle = median(samples)
        print("| \(benchmark.name) | \(benchmark.input) | \(duration(middle)) | \(duration(samples.min() ?? middle)) "
              + "| \(throughput(count, String(fields[0]), middle)) | \(memory(peak)) |")
    }
}

/// Whole `charter` processes: what a pre-commit hook and a REPL user wait for.
func runProcesses(_ options: Options, effort: Effort, directory: String) throws {
    let charter = options.charter ?? (URL(fileURLWithPath: ownPath()).deletingLastPathComponent().path + "/charter")
    guard FileManager.default.isExecutableFile(atPath: charter) else {
        print("\n(no `charter` at \(charter): build it with `swift build -c release`, or name it with --charter)")
        return
    }
    let runs = options.quick ? 5 : 30
    // The kernel's figure for a child starts from this process's own size
    // at exec (the `/bin/true` row shows it): a floor, not the child's.
    print("\n| whole process | median | fastest | peak memory (at least this process's) |")
    print("|---|---:|---:|---:|")
    func report(_ label: String, _ arguments: [String], runs: Int) throws {
        let finished = try (0..<runs).map { _ in try runProcess(arguments) }
        let times = finished.map(\.seconds)
        print("| \(label) | \(duration(median(times))) | \(duration(times.min()!)) | \(memory(finished.map(\.peakMemory).max()!)) |")
    }
    let example = "examples/banking.charter"
    if FileManager.default.fileExists(atPath: example) {
        try report("`charter check \(example)`", [charter, "check", example], runs: runs)
    }
    try report("`/bin/true`, for scale", ["/bin/true"], runs: runs)
    for size in [10_000, 100_000] {
        let text = AllianceGenerator(members: size, values: 10, rules: 10, bodies: 3, seed: 1).text()
        let path = directory + "/whole-\(size).charter"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let finished = try (0..<3).map { _ in try runProcess([charter, "check", path]) }
        let times = finished.map(\.seconds)
        let peak = finished.map(\.peakMemory).max()!
        let bytes = text.utf8.count
        print("| `charter check` on \(size.formatted()) members (\(memory(bytes))), 3 runs | \(duration(median(times))) "
              + "| \(duration(times.min()!)) | \(memory(peak)), \(String(format: "%.1f", Double(peak) / Double(bytes)))× the file |")
    }
    let environment = ["TERM": "xterm", "HOME": directory, "CHARTER_HISTORY": "", "LANG": "C.UTF-8", "NO_COLOR": "1"]
    for (label, arguments) in [("`charter repl`: start to prompt", [charter, "repl"]),
                               ("`charter repl \(example)`: start to prompt", [charter, "repl", example])]
    where arguments.count == 2 || FileManager.default.fileExists(atPath: example) {
        let times = (0..<runs).compactMap { _ in secondsToPrompt(arguments, prompt: "charter> ", environment: environment) }
        guard !times.isEmpty else {
            print("| \(label) | no prompt | | |")
            continue
        }
        print("| \(label) | \(duration(median(times))) | \(duration(times.min()!)) | |")
    }
}

do {
    let options = try Options(CommandLine.arguments.dropFirst())
    let effort = Effort(quick: options.quick)
    if let child = options.child, let directory = options.directory {
        try runChild(child, directory: directory, effort: effort)
    } else {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-benchmarks-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try runBenchmarks(options, effort: effort, directory: directory)
        if options.filter == nil { try runProcesses(options, effort: effort, directory: directory) }
    }
} catch let error as UsageError {
    if let message = error.message { FileHandle.standardError.write(Data("error: \(message)\n".utf8)) }
    FileHandle.standardError.write(Data("usage: charter-benchmarks [--filter TEXT] [--quick] [--charter PATH]\n".utf8))
    exit(error.message == nil ? 0 : 64)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(2)
}
