// `charter check --format …`: each format against its snapshot (run with
// CHARTER_UPDATE_SNAPSHOTS=1 to rewrite them after a deliberate change), and
// each validated as what it claims to be: SARIF against the OASIS schema, the
// JSON document against ours, JUnit as XML, GitHub's as workflow commands.

import Charter
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct CheckFormatTests {
    /// Files with errors (and related places), warnings and infos.
    static let inputs = ["examples/broken/unknown-names.charter", "examples/business-schools.charter", "examples/elderly-care.charter",
                         "examples/power/eec-1958.charter"]

    static func report(_ format: String) throws -> CLITests.Run {
        try CLITests.charter(["check", "--format", format] + inputs, environment: ["NO_COLOR": "1"])
    }

    @Test("each format gives its snapshot, and the exit code of the findings", arguments: ["text", "plain", "json", "sarif", "github", "junit"])
    func snapshot(_ format: String) throws {
        let run = try Self.report(format)
        #expect(run.status == 1)
        let snapshot = Repository.url("Tests/CharterTests/Fixtures/formats/report.\(format)")
        if ProcessInfo.processInfo.environment["CHARTER_UPDATE_SNAPSHOTS"] == "1" {
            try run.stdout.write(to: snapshot, atomically: true, encoding: .utf8)
            return
        }
        let expected = (try? String(contentsOf: snapshot, encoding: .utf8)) ?? "(no snapshot: run with CHARTER_UPDATE_SNAPSHOTS=1)"
        #expect(run.stdout == expected, "--format \(format) differs from report.\(format)")
    }

    /// Validates a document against a JSON schema with Python's jsonschema.
    func validate(_ document: String, against schema: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("charter-\(UUID().uuidString).json")
        try document.write(to: file, atomically: true, encoding: .utf8)
        return try Subprocess.run(["python3", "-c", """
            import json, sys, jsonschema
            jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
            print("valid")
            """, file.path, Repository.url(schema).path]).output
    }

    @Test("SARIF validates against the SARIF 2.1.0 schema, with rules, regions and related locations", .requires(.jsonschema))
    func sarif() throws {
        let run = try Self.report("sarif")
        #expect(try validate(run.stdout, against: "Tests/CharterTests/Fixtures/formats/sarif-schema-2.1.0.json") == "valid\n")
        let log = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let runs = log?["runs"] as? [[String: Any]]
        let results = runs?.first?["results"] as? [[String: Any]] ?? []
        #expect(results.contains { $0["relatedLocations"] != nil })
        #expect(results.contains { $0["level"] as? String == "note" })
        // A document that breaks the schema is caught: the test can fail.
        #expect(try validate(run.stdout.replacing("\"2.1.0\"", with: "\"2.0\""), against: "Tests/CharterTests/Fixtures/formats/sarif-schema-2.1.0.json") != "valid\n")
    }

    @Test("the JSON document validates against schemas/check-report-v1.schema.json", .requires(.jsonschema))
    func json() throws {
        let run = try Self.report("json")
        #expect(try validate(run.stdout, against: "schemas/check-report-v1.schema.json") == "valid\n")
        #expect(try validate(run.stdout.replacing("\"severity\" : \"error\"", with: "\"severity\" : \"fatal\""),
                             against: "schemas/check-report-v1.schema.json") != "valid\n")
    }

    @Test("JUnit is well-formed XML with a failure per finding")
    func junit() throws {
        let run = try Self.report("junit")
        let parser = XMLParser(data: Data(run.stdout.utf8))
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        #expect(run.stdout.components(separatedBy: "<failure ").count - 1 == (try Self.report("json").stdout.components(separatedBy: "\"code\" :").count - 1))
    }

    @Test("GitHub's format is one workflow command a finding, then the summary")
    func github() throws {
        let lines = try Self.report("github").stdout.split(separator: "\n")
        #expect(lines.count > 2)
        for line in lines.dropLast() {
            #expect(line.wholeMatch(of: /::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:]+::.+/) != nil,
                    "not a workflow command: \(line)")
        }
        #expect(lines.last?.hasPrefix("checked 4 files") == true)
    }
}
