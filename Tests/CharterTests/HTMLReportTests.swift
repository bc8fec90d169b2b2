// charter report: a self-contained page, well-formed, whose charts carry the
// numbers `charter power` gives, with every section a reader needs.

import Charter
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct HTMLReportTests {
    func report(_ example: String) throws -> String {
        let run = try CLITests.charter(["report", example])
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    @Test("every example's report is well-formed, self-contained, and has its sections", arguments: GoldenTests.examples)
    func wellFormed(_ example: String) throws {
        let html = try report(example)
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "\(example): \(parser.parserError.map(String.init(describing:)) ?? "")")
        for heading in ["Who holds the power", "What backs each value", "Ready for its life stage?", "Findings"] {
            #expect(html.contains(">\(heading)</h2>"), "\(example) has no section \(heading)")
        }
        // Nothing is fetched: no scripts, no links to style sheets or fonts, no remote images.
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src=\"http"))
        #expect(html.contains("<html lang=\"en\">") && html.contains("name=\"viewport\""))
    }

    @Test("the charts carry the numbers of charter power", arguments: GoldenTests.examples)
    func chartsMatchPower(_ example: String) throws {
        let html = try report(example)
        let power = try CLITests.charter(["power", example, "--format", "json"]).stdout
        let document = try JSONSerialization.jsonObject(with: Data(power.utf8)) as? [String: Any]
        let bodies = document?["bodies"] as? [[String: Any]] ?? []
        for body in bodies {
            for member in body["members"] as? [[String: Any]] ?? [] {
                let name = member["name"] as? String ?? ""
                let figures = ["weightShare", "banzhaf", "shapley"].map { String(format: "%.4f", member[$0] as? Double ?? -1) }
                // The member's row of the table, in order, and its bars.
                #expect(html.contains("<tr><th scope=\"row\">\(name)</th><td>\(figures[0])</td><td>\(figures[1])</td><td>\(figures[2])</td>"),
                        "\(example): \(name) \(figures)")
                #expect(html.contains("class=\"banzhaf\" data-value=\"\(figures[1])\""), "\(example): \(name) Banzhaf")
                #expect(html.contains("class=\"shapley\" data-value=\"\(figures[2])\""), "\(example): \(name) Shapley–Shubik")
            }
        }
    }

    @Test("a chart has a text alternative, and a table of the same numbers")
    func chartAlternatives() throws {
        let html = try report("examples/banking.charter")
        #expect(html.contains("<desc id=\"chart-0-desc\">lindenbank: weight 15.8%, Banzhaf 16.5%"))
        #expect(html.contains("<caption>Power in assembly on admission, exclusion, strategy, membership_fees, board_election, statutes, as numbers</caption>"))
    }

    @Test("an unbacked value is marked, and a finding comes with its explanation")
    func coverageAndFindings() throws {
        let html = try report("examples/business-schools.charter")
        #expect(html.contains("C401 motivation.no-shared-value"))
        #expect(html.contains("<div class=\"why\"><h4>Why this matters</h4>"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            value lonely "Nobody upholds me"
            value care "We care"
            value gain "Profit for its own sake"
            value safety "Nobody gets hurt"
            principle p upholds care opposes gain
            rule incidents about conduct { every member must report incidents when safety or else exclusion }
            alliance a "A" { mission "A \u{1}mission" stage forming }
            """.write(to: directory.appendingPathComponent("a.charter"), atomically: true, encoding: .utf8)
        // A one-character name is a name like any other.
        let run = try CLITests.charter(["report", "a.charter", "-o", "z"], directory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOf: directory.appendingPathComponent("z"), encoding: .utf8)
        #expect(written.contains("<tr class=\"unbacked\"><th scope=\"row\">lonely <strong>(nothing behind it)</strong></th>"))
        #expect(written.contains("<tr><th scope=\"row\">gain (opposed)</th>"), "a value named to be rejected is not unbacked")
        #expect(written.contains("<tr><th scope=\"row\">safety</th><td>—</td><td>—</td><td>incidents</td>"))
        #expect(XMLParser(data: Data(written.utf8)).parse(), "a control character in the mission is replaced, not written raw")
        #expect(try CLITests.charter(["report", "examples/broken/unknown-names.charter"]).status == 1)
    }

    @Test("Chromium renders every example's report: a screenshot of the expected size, not blank, with no console errors",
          .requires(.chromium), arguments: GoldenTests.examples)
    func rendersInABrowser(_ example: String) throws {
        let png = FileManager.default.temporaryDirectory.appendingPathComponent("charter-report-\(UUID().uuidString).png")
        let run = try Subprocess.run([Repository.url("scripts/screenshot-report.sh").path, example, png.path, "800", "1200"],
                                     in: Repository.root, environment: ["CHARTER": Repository.charterExecutable.path])
        #expect(run.status == 0, "\(run.output)")
        let bytes = try [UInt8](Data(contentsOf: png))
        // PNG: the signature, then the IHDR chunk with width and height as big-endian 32-bit numbers.
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func number(at offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(number(at: 16) == 800 && number(at: 20) == 1200)
        // A blank page of this size compresses to a few kilobytes; text and charts do not.
        #expect(bytes.count > 30_000, "the screenshot is \(bytes.count) bytes: the page looks blank")
        #expect(!run.output.contains("CONSOLE"), "the page logged to the console: \(run.output)")
    }

    @Test("an index refused as too large is said, the other still shown; a bloc that cannot be evaluated stops the report")
    func partialAndBroken() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // 36 members: past 34, both indices are never computed together as
        // exact fractions, and Shapley–Shubik costs a quadrature point for every two.
        try ("member a { kind ngo weight 7 }\nmember b { kind ngo weight 5 }\nmember c { kind ngo weight 3 }\n"
             + (0..<33).map { "member d\($0) { kind ngo weight 1 }\n" }.joined()
             + "body council { members all by weighted majority decides things }\n")
            .write(to: directory.appendingPathComponent("a.charter"), atomically: true, encoding: .utf8)
        try "[power]\nwork-limit = 30000\n".write(to: directory.appendingPathComponent("charter.toml"), atomically: true, encoding: .utf8)
        let html = try CLITests.charter(["report", "a.charter"], directory: directory).stdout
        #expect(html.contains("<p>The Shapley–Shubik index was not computed: computing it would take the work of visiting about"))
        #expect(html.contains("<td>0.1705</td><td>—</td>"))
        try "member a { kind ngo weight 0 }\nbloc odd = members where 10 / weight > 5\nbody b { members odd by majority }\n"
            .write(to: directory.appendingPathComponent("b.charter"), atomically: true, encoding: .utf8)
        let broken = try CLITests.charter(["report", "b.charter"], directory: directory)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("E602"))
        #expect(try CLITests.charter(["graph", "b.charter"], directory: directory).status == 1)
    }
}
