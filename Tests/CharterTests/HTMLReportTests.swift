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
                let banzhaf = String(format: "%.4f", member["banzhaf"] as? Double ?? -1)
                let shapley = String(format: "%.4f", member["shapley"] as? Double ?? -1)
                #expect(html.contains("class=\"banzhaf\" data-value=\"\(banzhaf)\""), "\(member["name"] ?? "") Banzhaf \(banzhaf)")
                #expect(html.contains("class=\"shapley\" data-value=\"\(shapley)\""), "\(member["name"] ?? "") Shapley–Shubik \(shapley)")
            }
        }
    }

    @Test("a chart has a text alternative, and a table of the same numbers")
    func chartAlternatives() throws {
        let html = try report("examples/banking.charter")
        #expect(html.contains("<desc id=\"chart-0-desc\">lindenbank: weight 15.8%, Banzhaf 16.5%"))
        #expect(html.contains("<caption>Power in assembly, as numbers</caption>"))
    }

    @Test("an unbacked value is marked, and a finding comes with its explanation")
    func coverageAndFindings() throws {
        let html = try report("examples/business-schools.charter")
        #expect(html.contains("C401 motivation.no-shared-value"))
        #expect(html.contains("<details><summary>Why this matters</summary>"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "value lonely \"Nobody upholds me\"\nvalue care \"We care\"\nprinciple p upholds care\n"
            .write(to: directory.appendingPathComponent("a.charter"), atomically: true, encoding: .utf8)
        let run = try CLITests.charter(["report", "a.charter", "-o", "report.html"], directory: directory)
        #expect(run.status == 0)
        let written = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(written.contains("<tr class=\"unbacked\"><th scope=\"row\">lonely <strong>(nothing behind it)</strong></th>"))
        #expect(try CLITests.charter(["report", "examples/broken/unknown-names.charter"]).status == 1)
    }

    @Test("Chromium renders every example's report: a screenshot of the expected size, not blank, with no console errors",
          arguments: GoldenTests.examples)
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
}
