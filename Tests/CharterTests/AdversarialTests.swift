// The adversarial corpus: inputs made to hurt a linter that runs on untrusted
// pull requests. Each gets an answer in bounded time and memory — a result or
// a located diagnostic — and each limit names the setting that raises it.
// (The core bad inputs are in BadInputTests; files on disk in ConfinementTests.)

import Charter
import Foundation
import Testing

@Suite struct AdversarialTests {
    private static func load(_ files: [String: String], limits: Limits = Limits()) -> Program {
        Program.load(paths: ["main.charter"], reader: MemoryReader(files: files.mapValues { Array($0.utf8) }), limits: limits)
    }

    private func load(_ files: [String: String], limits: Limits = Limits()) -> Program {
        Self.load(files, limits: limits)
    }

    private func load(_ text: String, limits: Limits = Limits()) -> Program {
        Self.load(["main.charter": text], limits: limits)
    }

    /// Every diagnostic points inside its file.
    private func expectLocated(_ program: Program, _ comment: Testing.Comment? = nil) {
        for diagnostic in program.diagnostics {
            let size = program.sources[diagnostic.span.file].bytes.count
            #expect(diagnostic.span.start <= diagnostic.span.end && diagnostic.span.end <= size, comment)
        }
    }

    static let alliance = """
        alliance a "A" { mission "m" stage forming }
        value v "v"
        principle p upholds v
        goal g "g" social serves v
        member m1 { kind ngo motivation values_driven weight 1 holds v }
        member m2 { kind company motivation business weight 1 holds v }
        body board { members m1, m2 by majority }

        """

    // MARK: Nesting

    /// Expressions of every kind that nests, `depth` levels deep or (for the
    /// kinds that take two levels a step) about as deep.
    static func nested(_ depth: Int) -> [String: String] {
        [
            "brackets": String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
            "sets": String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth),
            "operators": (0..<depth).map { _ in "1" }.joined(separator: " + "),
            "negations": String(repeating: "not ", count: depth) + "true",
            "minus signs": String(repeating: "- (", count: depth / 2) + "1" + String(repeating: ")", count: depth / 2),
            "quantifiers": (0..<depth / 2).map { "any x\($0) in members: " }.joined() + "true",
        ]
    }

    @Test("expressions past the nesting limit are refused where they go too deep, naming the setting",
          arguments: [101, 1_000, 200_000])
    func pastTheNestingLimit(_ depth: Int) {
        // Twice the depth, so that every kind goes past it.
        for (kind, expression) in Self.nested(2 * depth) {
            let text = Self.alliance + "let x = " + expression + "\n"
            let program = Repository.onMainThreadStack { Self.load(["main.charter": text]) }
            let tooDeep = program.diagnostics.filter { $0.code == ParserDiagnostic.tooDeep }
            #expect(tooDeep.count == 1, "\(kind) at \(depth)")
            #expect(tooDeep.first?.help?.contains("`nesting-depth = 200` under `[limits]` in charter.toml") == true, "\(kind)")
            expectLocated(program, "\(kind) at \(depth)")
        }
    }

    @Test("an expression at the deepest nesting the limits allow goes through every stage")
    func atTheDeepestNesting() throws {
        var limits = Limits()
        limits.nestingDepth = Limits.deepestNesting
        // A depth beyond the ceiling is held to it: later stages recurse too.
        var beyond = Limits()
        beyond.nestingDepth = 100_000
        for (kind, expression) in Self.nested(Limits.deepestNesting - 1) {
            let text = Self.alliance + "let x = " + expression + "\nshow x\n"
            let deeper = Self.alliance + "let x = " + Self.nested(2 * Limits.deepestNesting)[kind]! + "\n"
            let (problems, formatted, refused) = Repository.onMainThreadStack { [limits, beyond] in
                var program = Self.load(["main.charter": text], limits: limits)
                program.runChecks()
                let report = program.run(limits: limits)
                let formatted = Formatter(source: program.sources[program.roots[0]], syntax: program.syntax[0]).format()
                let refused = Self.load(["main.charter": deeper], limits: beyond).diagnostics.map(\.code)
                let errors = (program.diagnostics + (report?.diagnostics ?? [])).filter { $0.severity == .error }
                return (errors.map(\.message) + (report == nil ? ["not run"] : []), formatted, refused)
            }
            #expect(problems.isEmpty, "\(kind): \(problems.prefix(2))")
            #expect(!formatted.isEmpty)
            #expect(refused.contains(ParserDiagnostic.tooDeep), "\(kind)")
        }
    }

    // MARK: Size

    // A hang guard: what these once risked was a pass per character.
    @Test("a 4 MB line, a name of a million letters and 10,000 members in one body get answers",
          .timeLimit(.minutes(10)))
    func longLinesAndNames() {
        let longName = String(repeating: "n", count: 1_000_000)
        let members = (0..<10_000).map { "member m\($0) { kind ngo motivation values_driven weight \($0 % 7 + 1) holds v }" }
        let oneLine = members.joined(separator: " ")
        #expect(oneLine.utf8.count > 600_000)
        let cases: [(String, String)] = [
            ("one line of 10,000 members", "alliance a \"A\" { stage forming }\nvalue v \"v\"\nprinciple p upholds v\n"
                + oneLine + " body all_in { members " + (0..<10_000).map { "m\($0)" }.joined(separator: ", ") + " by majority }\n"),
            ("a 4 MB comment line", "# " + String(repeating: "x", count: 4_000_000) + "\nmember m { kind ngo }\n"),
            ("a long name", "member \(longName) { kind ngo }\nbody b { members \(longName) by majority }\n"),
            ("a long misspelt name", "member \(longName) { kind ngo }\nbody b { members \(longName)x by majority }\n"),
            ("a long text", "value v \"" + String(repeating: "é", count: 1_000_000) + "\"\n"),
        ]
        for (name, text) in cases {
            var program = load(text)
            program.runChecks()
            expectLocated(program, "\(name)")
        }
    }

    @Test("weights and quotas past 64 bits and negative weights are located errors; arithmetic past 64 bits is exact")
    func outOfRangeNumbers() {
        let quota = load(Self.alliance + "body big { members m1, m2 by weighted majority quota 1208925819614629174706176 }\n")
        #expect(quota.diagnostics.map(\.code) == [ParserDiagnostic.numberTooLarge], "a quota of 2^80")
        let weight = load("member m { kind ngo weight -3 }\n")
        #expect(weight.diagnostics.map(\.code) == [ParserDiagnostic.negativeNumber])
        let product = load(Self.alliance + "let x = 99999999999999999999 * 99999999999999999999\nshow x\n")
        let report = product.run()
        #expect(product.diagnostics.isEmpty && report?.diagnostics.isEmpty == true)
        guard case .shown(_, let value, _)? = report?.entries.first?.outcome else {
            Issue.record("the product is shown")
            return
        }
        #expect(value.description == "9999999999999999999800000000000000000001")
    }

    @Test("a program over the input size is refused at the import that brings it over, naming the setting")
    func inputSize() {
        var limits = Limits()
        limits.inputSize = 2_000
        let part = "member m { kind ngo }\n# " + String(repeating: "x", count: 1_200) + "\n"
        let program = load(["main.charter": "import \"a.charter\"\nimport \"b.charter\"\n",
                            "a.charter": part, "b.charter": part.replacing("member m", with: "member n")], limits: limits)
        let refused = program.diagnostics.filter { $0.code == ProgramDiagnostic.importNotFound }
        #expect(refused.count == 1)
        #expect(refused.first?.message.contains("`b.charter`: with the files loaded before it, the program's files would be over the input limit") == true)
        #expect(refused.first?.help == "to allow more, set `input-size = 4000` under `[limits]` in charter.toml")
        let alone = load(["main.charter": String(repeating: "#\n", count: 1_001)], limits: limits)
        #expect(alone.diagnostics.map(\.code) == [ProgramDiagnostic.fileTooLarge])
        #expect(alone.diagnostics.first?.message == "the file is 0.1 MiB, over the input limit of 2000 bytes")
    }

    // MARK: Imports

    /// A chain: main imports f1, which imports f2, … which imports f`count`.
    static func chain(_ count: Int) -> [String: String] {
        var files = ["main.charter": "import \"f1.charter\"\n"]
        for index in 1...count {
            files["f\(index).charter"] = (index < count ? "import \"f\(index + 1).charter\"\n" : "") + "member m\(index) { kind ngo }\n"
        }
        return files
    }

    @Test("a chain of 1,000 imports loads, in work that grows as it does; one more is refused at the import past the limit, once")
    func importChains() {
        let quarter = load(Self.chain(250))
        let thousand = load(Self.chain(1_000))
        #expect(thousand.diagnostics.isEmpty)
        #expect(thousand.model.members.count == 1_000)
        Work.expectProportional(quarter.work.loading, thousand.work.loading, factor: 4, "loading a chain of imports")
        Work.expectProportional(quarter.work.resolving, thousand.work.resolving, factor: 4, "resolving a chain of imports")
        let over = load(Self.chain(1_001))
        #expect(over.diagnostics.map(\.code.id) == ["E505"])
        #expect(over.diagnostics.first?.message == "this import is past the limit of 1000 imported files")
        #expect(over.diagnostics.first?.help == "to allow more, set `imports = 2000` under `[limits]` in charter.toml")
        #expect(over.sources[over.diagnostics[0].span.file].path == "f1000.charter")
    }

    @Test("a chain of 20,000 imports, allowed by the limits, does not overflow the stack")
    func longImportChain() {
        var limits = Limits()
        limits.imports = 20_000
        let program = load(Self.chain(20_000), limits: limits)
        #expect(program.diagnostics.isEmpty)
        #expect(program.model.members.count == 20_000)
    }

    @Test("a file that imports itself, or a cycle of two, is a cycle; a diamond loads each file once")
    func importCycles() {
        let itself = load(["main.charter": "import \"main.charter\"\nmember m { kind ngo }\n"])
        #expect(itself.diagnostics.map(\.code) == [ProgramDiagnostic.importCycle])
        let pair = load(["main.charter": "import \"a.charter\"\n", "a.charter": "import \"./main.charter\"\nmember m { kind ngo }\n"])
        #expect(pair.diagnostics.map(\.code) == [ProgramDiagnostic.importCycle])
        let diamond = load(["main.charter": "import \"a.charter\"\nimport \"b.charter\"\n",
                            "a.charter": "import \"c.charter\"\n", "b.charter": "import \"c.charter\"\n",
                            "c.charter": "member m { kind ngo }\n"])
        #expect(diamond.diagnostics.isEmpty)
        #expect(diamond.sources.files.count == 4)
    }

    @Test("imports that climb out of the named file's folder are refused before anything is read")
    func escapingImports() {
        let files = [
            "project/main.charter": "import \"../secret.charter\"\nimport \"parts/../../secret.charter\"\nimport \"/etc/passwd.charter\"\n"
                + "import \"parts/ok.charter\"\n",
            "project/parts/ok.charter": "member m { kind ngo }\n",
            "secret.charter": "member s { kind ngo }\n",
        ]
        let reader = RecordingReader(files: files.mapValues { Array($0.utf8) })
        let program = Program.load(paths: ["project/main.charter"], reader: reader)
        #expect(program.diagnostics.map(\.code) == Array(repeating: ProgramDiagnostic.importOutsideRoot, count: 3))
        #expect(reader.reads == ["project/main.charter", "project/parts/ok.charter"], "the secret was never read")
        #expect(program.model.members.map(\.name) == ["m"])
        #expect(program.diagnostics.first?.notes == ["imports may read only files under `project`"])
        let widened = Program.load(paths: ["project/main.charter"], reader: MemoryReader(files: files.mapValues { Array($0.utf8) }),
                                   root: ".")
        #expect(widened.diagnostics.filter { $0.code == ProgramDiagnostic.importOutsideRoot }.count == 1, "only /etc stays outside `.`")
        #expect(Set(widened.model.members.map(\.name)) == ["m", "s"])
    }

    @Test("an import path with a NUL byte, or longer than any file system allows, is refused unread")
    func strangeImportPaths() {
        let nul = load(["main.charter": "import \"secret\\u{0}.charter\"\nmember m { kind ngo }\n",
                        "secret": "member s { kind ngo }\n"])
        #expect(nul.diagnostics.map(\.code) == [ProgramDiagnostic.importNotCharter])
        let long = load(["main.charter": "import \"" + String(repeating: "a/", count: 1_000_000) + "x.charter\"\n"])
        #expect(long.diagnostics.map(\.message) == ["cannot import this: the path is longer than 4096 bytes"])
    }

    /// `count` files that each import every other one, or, without
    /// `cycles`, every one after it: `main.charter` and `f1.charter` … .
    static func completeGraph(_ count: Int, cycles: Bool) -> [String: String] {
        let names = ["main.charter"] + (1..<count).map { "f\($0).charter" }
        var files: [String: String] = [:]
        for (index, name) in names.enumerated() {
            let imported = names.indices.filter { cycles ? $0 != index : $0 > index }
            files[name] = imported.map { "import \"\(names[$0])\"\n" }.joined() + "member m\(index) { kind ngo }\n"
        }
        return files
    }

    @Test("a complete graph of imports, with cycles and without, loads each file once, in work that grows as its edges do",
          arguments: [false, true])
    func completeImportGraphs(cycles: Bool) {
        let what = cycles ? "every file importing every other" : "every file importing those after it"
        func load(_ count: Int) -> (Program, CountingReader) {
            let files = Self.completeGraph(count, cycles: cycles)
            let reader = CountingReader(files: files.mapValues { Array($0.utf8) })
            return (Program.load(paths: ["main.charter"], reader: reader), reader)
        }
        // Twice the files, four times the edges, as many bytes more.
        let (small, smallReader) = load(100)
        let (large, largeReader) = load(200)
        #expect(large.model.members.count == 200)
        #expect(large.sources.files.count == 200)
        if cycles {
            // A cycle for each import of a file still being loaded: fifty listed, then a notice.
            #expect(large.diagnostics.count == DiagnosticLimit.count + 1)
            #expect(large.diagnostics.first?.message == "import cycle: `main.charter` → `f1.charter` → `main.charter`")
            #expect(large.diagnostics.dropLast().allSatisfy { $0.code == ProgramDiagnostic.importCycle })
            #expect(large.diagnostics.last?.code == DiagnosticLimit.tooMany)
        } else {
            #expect(large.diagnostics.isEmpty)
        }
        Work.expectProportional(small.work.loading, large.work.loading, factor: 4, "loading \(what)")
        // A path is resolved once, however many files import it.
        Work.expectProportional(smallReader.identities, largeReader.identities, factor: 2, "resolving the paths of \(what)")
        #expect(largeReader.identities == 201, "each file's path and the named file's folder, once each")
    }

    @Test("200,000 broken imports list fifty errors and a notice, in work that grows as they do")
    func floodOfImports() {
        let program = load(String(repeating: "import \"notes.txt\"\n", count: 200_000))
        #expect(program.diagnostics.count == DiagnosticLimit.count + 1)
        #expect(program.diagnostics.last?.code == DiagnosticLimit.tooMany)
        #expect(program.diagnostics.last?.severity == .error)
        let quarter = load(String(repeating: "import \"notes.txt\"\n", count: 50_000))
        Work.expectProportional(quarter.work.loading, program.work.loading, factor: 4, "loading broken imports")
    }

    // MARK: Suggestions

    /// `count` names of 64 letters, a different set for each `seed`, the same on every run.
    static func longNames(_ count: Int, seed: UInt64) -> [String] {
        var state = seed
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return (0..<count).map { _ in
            String((0..<64).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return letters[Int(state >> 33) % letters.count]
            })
        }
    }

    /// `count` values with long names, and a principle that upholds `count`
    /// other long names, none of them declared.
    static func unknownNames(_ count: Int) -> String {
        longNames(count, seed: 1).map { "value \($0) \"v\"\n" }.joined()
            + "principle p upholds " + longNames(count, seed: 2).joined(separator: ", ") + "\n"
    }

    @Test("thousands of unknown long names among thousands of long names: fifty are reported, each suggestion in bounded work")
    func unknownLongNames() {
        let small = load(Self.unknownNames(1_500))
        let large = load(Self.unknownNames(6_000))
        #expect(large.diagnostics.count == DiagnosticLimit.count + 1)
        #expect(large.diagnostics.dropLast().allSatisfy { $0.code == ResolverDiagnostic.unknownName })
        #expect(large.diagnostics.last?.code == DiagnosticLimit.tooMany)
        Work.expectProportional(small.work.resolving, large.work.resolving, factor: 4, "resolving unknown long names")
        // Fifty suggestions cost the same among four times the names.
        Work.expectProportional(small.work.suggesting, large.work.suggesting, factor: 1, "suggesting for unknown long names")
    }

    /// `count` checks with long titles, and a scenario that expects `count`
    /// checks by titles no check has.
    static func unknownCheckTitles(_ count: Int) -> String {
        longNames(count, seed: 3).map { "check \"\($0)\" { true }\n" }.joined()
            + "scenario \"s\" {\n" + longNames(count, seed: 4).map { "  expect check \"\($0)\" passes\n" }.joined() + "}\n"
    }

    @Test("thousands of expected checks that do not exist, among thousands of checks, in work that grows as they do")
    func unknownCheckTitles() {
        let small = load(Self.unknownCheckTitles(1_500))
        let large = load(Self.unknownCheckTitles(6_000))
        #expect(large.diagnostics.count == DiagnosticLimit.count + 1)
        #expect(large.diagnostics.dropLast().allSatisfy { $0.code == ResolverDiagnostic.unknownCheck })
        Work.expectProportional(small.work.resolving, large.work.resolving, factor: 4, "resolving unknown check titles")
        Work.expectProportional(small.work.suggesting, large.work.suggesting, factor: 1, "suggesting for unknown check titles")
    }

    // MARK: Evaluation

    /// A model of `count` members and one body of all of them.
    static func members(_ count: Int) -> String {
        "alliance a \"A\" { stage forming }\nvalue v \"v\"\nprinciple p upholds v\n"
            + (0..<count).map { "member m\($0) { kind ngo motivation values_driven weight 1 holds v }\n" }.joined()
    }

    static let pathological = [
        "a filter over the product of large sets": "let x = count(members where all a in members: all b in members: a in members)",
        "a set compared with itself, again and again": "let x = all a in members: all b in members: members == members",
        "a bloc looked through for every pair": "bloc everyone = members where true\nlet x = count(members where all a in members: a in everyone)",
        "sums of sums": "let x = sum m in members: sum n in members: sum o in members: m.weight",
        "a long list read for every pair": "principle wide upholds " + (0..<5_000).map { "w\($0)" }.joined(separator: ", ") + "\n"
            + (0..<5_000).map { "value w\($0) \"w\"\n" }.joined()
            + "let x = count(members where all n in members: count(wide.upholds) > 0)",
    ]

    // The step limit bounds the work; the time limit only guards against a hang.
    @Test("pathological expressions stop at the step limit, naming the setting",
          .timeLimit(.minutes(10)), arguments: pathological.keys.sorted())
    func pathologicalExpressions(_ name: String) {
        let text = Self.members(2_000) + Self.pathological[name]! + "\nshow x\n"
        let errors = load(text).run()?.diagnostics ?? []
        #expect(errors.map(\.code).contains(EvaluationDiagnostic.stepLimit), "\(errors.map(\.message))")
        #expect(errors.first?.help?.contains("`evaluation-steps = 20000000` under `[limits]` in charter.toml") == true)
    }

    @Test("the step limit is the one the limits give, for scripts, checks and power tables alike")
    func configuredStepLimit() {
        var limits = Limits()
        limits.evaluationSteps = 1_000
        let text = Self.members(50) + "body all_in { members where weight > 0 by majority }\n"
        var program = load(text + "let x = count(members where any a in members: a.weight > 1)\nshow x\n", limits: limits)
        #expect(Set(program.run(limits: limits)?.diagnostics.map(\.code) ?? []) == [EvaluationDiagnostic.stepLimit])
        #expect(program.run()?.diagnostics.isEmpty == true, "the default limit is higher")
        var configuration = CheckConfiguration()
        configuration.limits = limits
        program.runChecks(configuration)
        #expect(program.checksSkipped)
        #expect(program.diagnostics.contains { $0.code == EvaluationDiagnostic.stepLimit })
        let table = PowerReport(model: program.model, stepLimit: 10)
        #expect(table.errors.map(\.code) == [EvaluationDiagnostic.stepLimit])
    }

    // MARK: Power

    /// A body of `members` members weighing `low`, `low + step`, … (no
    /// common divisor, so nothing shrinks the tables), deciding `matters`
    /// matters each by a share of its own: a game for each.
    static func weightedBody(members: Int, low: Int, step: Int, matters: Int) -> String {
        "alliance a \"A\" { stage forming }\nvalue v \"v\"\nprinciple p upholds v\n"
            + (0..<members).map { "member m\($0) { kind ngo motivation values_driven weight \(low + $0 * step) holds v }\n" }.joined()
            + "body council {\n  members all\n"
            + (0..<matters).map { "  decides matter\($0) by weighted majority \(51 + $0)%\n" }.joined() + "}\n"
    }

    /// Each class of body made to make exact power costly, with what its
    /// Banzhaf tables hold: many members with wide weights (128-bit
    /// counts), few members with heavy weights (tables by size too large,
    /// then 64-bit counts), and many members with small weights (Banzhaf in
    /// floating point, computed; Shapley–Shubik at a quadrature point for
    /// every two members, refused).
    static let costlyBodies: [String: (members: Int, low: Int, step: Int, cells: String)] = [
        "many members, wide weights": (120, 10_000, 83, "128-bit counts"),
        "few members, heavy weights": (34, 100_000, 3_001, "64-bit counts"),
        "many members, small weights": (200, 1, 1, "floating-point probabilities at 100 quadrature points"),
    ]

    // Counted work, never time: the refusals come before any large table is built.
    @Test("bodies made to make exact power costly are refused by the checks at the default limit, saying why, in work that grows with their games",
          .timeLimit(.minutes(10)), arguments: costlyBodies.keys.sorted())
    func costlyPower(_ name: String) throws {
        let body = try #require(Self.costlyBodies[name])
        var work: [Int] = []
        for matters in [2, 4] {
            var program = load(Self.weightedBody(members: body.members, low: body.low, step: body.step, matters: matters))
            #expect(!program.hasFindings(atOrAbove: .error))
            program.runChecks()
            let refusals = program.diagnostics.filter { $0.code.id == "C310" }
            #expect(refusals.count == matters, "\(program.diagnostics.map(\.message))")
            for refusal in refusals {
                #expect(refusal.message.contains("over the limit of") || refusal.message.contains("went to other bodies"),
                        "\(refusal.message)")
            }
            #expect(refusals.first?.message.contains("its tables hold \(body.cells)") == true, "\(refusals.first?.message ?? "")")
            // What was computed (dummies and properness, from bits) stays within
            // the run's budget of two computations' work.
            #expect(program.work.power <= 2 * PowerAnalysis.defaultWorkLimit)
            work.append(Int(program.work.power))
        }
        Work.expectProportional(work[0], work[1], factor: 2, "power work of \(name)")
    }

    @Test("a body whose tables would not fit in memory at once is refused by `charter power` at its default limit, in work that grows with its games",
          .timeLimit(.minutes(10)))
    func powerTablesPastMemory() {
        var work: [Int] = []
        for matters in [1, 2] {
            let program = load(Self.weightedBody(members: 70, low: 70_000, step: 1_009, matters: matters))
            let report = PowerReport(model: program.model, workLimit: PowerAnalysis.requestedWorkLimit)
            #expect(report.tables.count == matters)
            for table in report.tables {
                guard case .failure(let reason) = table.analysis.banzhaf, case .memoryTooLarge = reason else {
                    Issue.record("Banzhaf should be refused for memory: \(table.analysis.banzhaf)")
                    continue
                }
                #expect(reason.explanation.contains("over the limit of 512 MiB"), "\(reason.explanation)")
                #expect(reason.explanation.contains("cells of 128-bit counts"), "\(reason.explanation)")
                guard case .failure(.tooLarge) = table.analysis.shapley else {
                    Issue.record("Shapley–Shubik should be refused for its work: \(table.analysis.shapley)")
                    continue
                }
            }
            work.append(Int(report.tables.reduce(0) { $0 + $1.analysis.work }))
        }
        Work.expectProportional(work[0], work[1], factor: 2, "power work past the memory limit")
    }
}

/// Files in memory, remembering which were read.
private final class RecordingReader: SourceReader {
    let files: MemoryReader
    private(set) var reads: [String] = []

    init(files: [String: [UInt8]]) { self.files = MemoryReader(files: files) }

    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        reads.append(path)
        return try files.read(path, limit: limit)
    }
}

/// Files in memory, counting how often the loader asks what a path is.
private final class CountingReader: SourceReader {
    let files: MemoryReader
    private(set) var identities = 0

    init(files: [String: [UInt8]]) { self.files = MemoryReader(files: files) }

    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        try files.read(path, limit: limit)
    }

    func identity(of path: String) -> String {
        identities += 1
        return path
    }
}
