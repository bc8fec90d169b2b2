// What is measured: each stage of the pipeline on generated alliances, the
// power indices on seeded weighted games, and the REPL's answer to one entry.
// A benchmark prepares its input first (not timed) and returns the work to
// time, so that a repetition measures the stage and nothing around it.

import Charter
import CharterLanguageServer
import CharterREPL
import CharterSession
import Foundation

/// What a benchmark's throughput is counted in.
enum Amount: Sendable {
    case bytes(Int)
    case members(Int)
    case entries(Int)
}

struct Benchmark: Sendable {
    var name: String
    /// What it runs on, for the table.
    var input: String
    /// Prepares the input in `directory` (not timed) and returns how much one
    /// repetition processes and the work to repeat.
    var prepare: @Sendable (_ directory: String) throws -> (amount: Amount, work: () -> Void)
}

/// A generated alliance's source, written once per size and seed into the
/// benchmark's directory, so that the REPL can load it as a user would.
private func alliance(members: Int, bodies: Int = 3, in directory: String) throws -> (path: String, bytes: [UInt8]) {
    let text = AllianceGenerator(members: members, values: 10, rules: 10, bodies: bodies, seed: 1).text()
    let path = directory + "/generated-\(members)-\(bodies).charter"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return (path, Array(text.utf8))
}

/// Members to generate for a file of about `bytes`: a member line is about 130 bytes.
private func members(forBytes bytes: Int) -> Int { bytes / 130 }

/// A weighted game of `members` with weights 1–100 and a two-thirds quota,
/// from a seed, as in `benchmarks/compare-power.sh`.
private func weightedGame(members: Int, seed: UInt64) -> WeightedGame {
    var generator = SeededGenerator(seed: seed)
    let weights = (0..<members).map { _ in Int64(generator.next() % 100 + 1) }
    let total = weights.reduce(0, +)
    return WeightedGame(weights: weights, quota: (2 * total + 2) / 3)
}

/// A script over a generated alliance: bindings, shows, asserts and checks
/// that filter, count and ask for power, as the examples do.
private let script = """

    let heavy = members where weight >= 50
    let values_driven_members = members where motivation == values_driven
    show count(heavy)
    show count(values_driven_members)
    assert count(values_driven_members) > 0 "some members are values-driven"
    check "no board member holds half of the board's power" { all m in board_1.members: banzhaf(m, board_1) < 50% }
    check "every heavy member holds a value" { all m in heavy: count(m.holds) >= 1 }
    assert not winning(heavy, board_1) "the heavy members alone cannot carry the first board"

    """

/// Entries typed into the REPL, each repetition taking the next in turn.
/// A newcomer whose weight alternates changes the assembly of all members
/// every time, so its power is computed again; a value changes no body.
private let replEntries: [(kind: String, members: Int, entries: [String])] = [
    ("a member who changes the assembly's power", 1_000, [12, 13].map {
        "member newcomer { kind ngo motivation values_driven weight \($0) holds value_1 joined developing contribution 1000 }"
    }),
    ("a value, no body changed", 1_000, ["value openness \"We share what we learn\"", "value openness \"We share what we know\""]),
    ("a query", 1_000, ["count(members where weight >= 50)"]),
    // Issue 22's target: one member's weight changed, in a large alliance.
    ("one member's weight changed", 10_000, [12, 13].map { "amend member_10000 { weight \($0) }" }),
]

let benchmarks: [Benchmark] = {
    var list: [Benchmark] = []
    let tenMegabytes = members(forBytes: 10_000_000)
    list.append(Benchmark(name: "lex", input: "generated, \(tenMegabytes.formatted()) members (10 MB)") { directory in
        let (path, bytes) = try alliance(members: tenMegabytes, in: directory)
        var sources = SourceMap()
        let file = sources.add(path: path, bytes: bytes)
        return (.bytes(bytes.count), { _ = Lexer.tokenize(file) })
    })
    list.append(Benchmark(name: "lex+parse", input: "generated, \(tenMegabytes.formatted()) members (10 MB)") { directory in
        let (path, bytes) = try alliance(members: tenMegabytes, in: directory)
        var sources = SourceMap()
        let file = sources.add(path: path, bytes: bytes)
        return (.bytes(bytes.count), { _ = Parser.parse(file) })
    })
    list.append(Benchmark(name: "resolve", input: "generated, 10,000 members") { directory in
        let (path, bytes) = try alliance(members: 10_000, in: directory)
        var sources = SourceMap()
        let syntax = Parser.parse(sources.add(path: path, bytes: bytes)).syntax
        return (.members(10_000), { _ = Resolver.resolve([syntax]) })
    })
    for size in [1_000, 10_000, 100_000] {
        list.append(Benchmark(name: "check catalog", input: "generated, \(size.formatted()) members") { directory in
            let (path, bytes) = try alliance(members: size, in: directory)
            let model = Program.load(paths: [path], reader: MemoryReader(files: [path: bytes])).model
            return (.members(size), { _ = Checker.run(model) })
        })
    }
    // Without bodies, the curve of everything but power: the power of an
    // assembly of every member (its indices, or past the work limit only the
    // exact test for dummies) grows with members times their total weight,
    // until the checks' limit refuses that too.
    for size in [1_000, 10_000, 100_000] {
        list.append(Benchmark(name: "check catalog, no bodies", input: "generated, \(size.formatted()) members") { directory in
            let (path, bytes) = try alliance(members: size, bodies: 0, in: directory)
            let model = Program.load(paths: [path], reader: MemoryReader(files: [path: bytes])).model
            return (.members(size), { _ = Checker.run(model) })
        })
    }
    for size in [1_000, 10_000, 100_000] {
        list.append(Benchmark(name: "check pipeline", input: "generated, \(size.formatted()) members") { directory in
            let (path, bytes) = try alliance(members: size, in: directory)
            let reader = MemoryReader(files: [path: bytes])
            return (.members(size), {
                var program = Program.load(paths: [path], reader: reader)
                program.runChecks()
            })
        })
    }
    // The same, as `charter check` runs it: resolved as it is parsed, the
    // trees of members let go once built (`Program.load(forChecksOnly:)`).
    for size in [10_000, 100_000] {
        list.append(Benchmark(name: "check pipeline, as a lint run", input: "generated, \(size.formatted()) members") { directory in
            let (path, bytes) = try alliance(members: size, in: directory)
            let reader = MemoryReader(files: [path: bytes])
            return (.members(size), {
                var program = Program.load(paths: [path], reader: reader, forChecksOnly: true)
                program.runChecks()
            })
        })
    }
    list.append(Benchmark(name: "interpreter", input: "script on 1,000 members") { directory in
        let (path, bytes) = try alliance(members: 1_000, in: directory)
        let program = Program.load(paths: [path], reader: MemoryReader(files: [path: bytes + Array(script.utf8)]))
        precondition(!program.hasFindings(atOrAbove: .error), "the benchmark script has errors")
        return (.members(1_000), { _ = program.run() })
    })
    // The published games of benchmarks/compare-power.sh, where fixed costs show.
    let published: [(String, [Int64], Int64)] = [
        ("EEC Council 1958, 6 members", [4, 4, 4, 2, 2, 1], 12),
        ("EU Council under Nice, 27 members",
         [29, 29, 29, 29, 27, 27, 14, 13, 12, 12, 12, 12, 12, 10, 10, 10, 7, 7, 7, 7, 7, 4, 4, 4, 4, 4, 3], 255),
    ]
    for (input, weights, quota) in published {
        list.append(Benchmark(name: "power: both indices, exact", input: input) { _ in
            let game = WeightedGame(weights: weights, quota: quota)
            return (.members(weights.count), { _ = PowerAnalysis(game) })
        })
    }
    list.append(Benchmark(name: "power: Banzhaf", input: "1,000 members, weights 1–100, quota 2/3") { _ in
        let game = weightedGame(members: 1_000, seed: 1_000)
        // Shapley–Shubik for 1,000 members is beyond the checks' limit and refused at once.
        return (.members(1_000), { _ = PowerAnalysis(game) })
    })
    for size in [200, 500] {
        list.append(Benchmark(name: "power: both indices", input: "\(size) members, weights 1–100, quota 2/3") { _ in
            let game = weightedGame(members: size, seed: UInt64(size))
            return (.members(size), { _ = PowerAnalysis(game, workLimit: PowerAnalysis.requestedWorkLimit) })
        })
    }
    list.append(Benchmark(name: "format", input: "generated, 10,000 members") { directory in
        let (path, bytes) = try alliance(members: 10_000, in: directory)
        var sources = SourceMap()
        let file = sources.add(path: path, bytes: bytes)
        let syntax = Parser.parse(file).syntax
        return (.bytes(bytes.count), { _ = Formatter(source: file, syntax: syntax).format() })
    })
    for (kind, size, entries) in replEntries {
        list.append(Benchmark(name: "REPL entry: \(kind)", input: "\(size.formatted()) members, checks included") { directory in
            let (path, _) = try alliance(members: size, in: directory)
            let session = Session(files: DiskFiles())
            precondition(!session.load([path]).failed, "the generated alliance does not load")
            var turn = 0
            return (.entries(1), {
                precondition(!session.handle(entries[turn % entries.count]).failed, "the entry failed")
                turn += 1
            })
        })
    }
    // The language server's loop after a keystroke: an edit of the last
    // member's weight (the assembly of every member changes, and its power
    // is computed anew) or of its contribution (no body changes, so power
    // comes from the server's memory), then the diagnostics of the file,
    // checks included (the debounce before them is not counted).
    for (edited, field, values) in [("a weight", " weight ", ["12", "13"]), ("a contribution, no body changed", " contribution ", ["1000", "2000"])] {
        for size in [1_000, 10_000] {
            list.append(Benchmark(name: "language server: diagnostics after an edit of \(edited)", input: "generated, \(size.formatted()) members") { directory in
                let (_, bytes) = try alliance(members: size, in: directory)
                let text = String(decoding: bytes, as: UTF8.self)
                let server = LanguageServer(host: BenchmarkHost()) { _ in }
                func send(_ object: [String: Any]) { _ = server.handle(json: try! JSONSerialization.data(withJSONObject: object)) }
                send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
                let uri = "file:///bench/alliance.charter"
                send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": ["uri": uri, "version": 1, "text": text]]])
                server.publishDiagnostics()
                // The digits of the last member's field, edited in turn.
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                guard let line = lines.lastIndex(where: { $0.hasPrefix("member ") && $0.contains(field) }) else {
                    preconditionFailure("the generated alliance has no member with\(field)on one line")
                }
                // Generated lines are ASCII: characters are bytes.
                let member = String(lines[line])
                let character = member.utf8.count - member.split(separator: field, maxSplits: 1)[1].utf8.count
                var length = member.dropFirst(character).prefix { $0.isNumber }.count
                var turn = 0
                return (.entries(1), {
                    turn += 1
                    let value = values[turn % values.count]
                    let range: [String: Any] = ["start": ["line": line, "character": character],
                                                "end": ["line": line, "character": character + length]]
                    length = value.count
                    send(["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
                        "textDocument": ["uri": uri, "version": turn + 1], "contentChanges": [["range": range, "text": value]]]])
                    server.publishDiagnostics()
                })
            })
        }
    }
    return list
}()

/// The files and settings of the language server's benchmark: none on disk, the defaults.
private struct BenchmarkHost: LanguageServerHost {
    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] { throw .notFound }
    func configuration(for path: String) -> Result<CheckConfiguration, ConfigurationProblem> { .success(CheckConfiguration()) }
    func explanationLink(for code: String) -> String? { nil }
}
