// SARIF 2.1.0 (OASIS), as GitHub code scanning and other viewers read it:
// one run of the tool, a rule for every code that was found (with its
// explanation as help), and a result for every finding with its region and
// the declarations behind it as related locations. Columns count Unicode
// code points, as Charter's do, and the run says so.

import CharterChecks
import CharterDiagnostics
import Foundation

extension CheckReport {
    struct SARIF: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var columnKind = "unicodeCodePoints"
        var results: [Result]
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name: String
        var version: String
        var rules: [Rule]
    }

    struct Text: Encodable {
        var text: String
    }

    struct Rule: Encodable {
        struct Configuration: Encodable { var level: String }
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var help: Text
        var defaultConfiguration: Configuration
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Text
        var locations: [Location]
        var relatedLocations: [Location]?
        /// For a waived finding: the waiver, so viewers show it as accepted.
        var suppressions: [Suppression]?
    }

    struct Suppression: Encodable {
        var kind = "external"
        var status = "accepted"
        var justification: String
    }

    struct Location: Encodable {
        var id: Int?
        var physicalLocation: PhysicalLocation
        var message: Text?
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
        var byteOffset: Int?
        var byteLength: Int?
    }

    /// The report as a SARIF 2.1.0 log.
    public func sarif() throws -> String {
        let all = findings.map { ($0, nil as WaivedEntry.About?) } + waived.map { ($0.finding, $0.waiver) }
        var codes: [String] = []
        for (finding, _) in all where !codes.contains(finding.code) { codes.append(finding.code) }
        codes.sort()
        let rules = codes.map(Self.rule)
        let results = all.map { finding, waiver in
            Result(
                ruleId: finding.code, ruleIndex: codes.firstIndex(of: finding.code) ?? 0, level: Self.level(finding.severity),
                message: Text(text: Escaping.sarifText(
                    ([finding.message] + finding.notes + (finding.help.map { ["Help: " + $0] } ?? [])).joined(separator: "\n"))),
                locations: [Location(physicalLocation: PhysicalLocation(
                    artifactLocation: ArtifactLocation(uri: Self.uri(finding.file)),
                    region: Region(startLine: finding.line, startColumn: finding.column, endLine: finding.endLine,
                                   endColumn: finding.endColumn, byteOffset: finding.startByte,
                                   byteLength: finding.endByte - finding.startByte)))],
                relatedLocations: finding.related.flatMap { related in
                    related.isEmpty ? nil : related.enumerated().map { index, place in
                        Location(id: index + 1, physicalLocation: PhysicalLocation(
                            artifactLocation: ArtifactLocation(uri: Self.uri(place.file)),
                            region: Region(startLine: place.line, startColumn: place.column, endLine: place.endLine,
                                           endColumn: place.endColumn)),
                                 message: Text(text: place.message.isEmpty ? "related" : Escaping.sarifText(place.message)))
                    }
                },
                suppressions: waiver.map { waiver in
                    [Suppression(justification: "waiver `\(waiver.name)` by \(waiver.owner) until \(waiver.expires): \(waiver.reason)")]
                })
        }
        let driver = Driver(name: Self.toolName, version: version, rules: rules)
        return try JSONDocument.text(SARIF(runs: [Run(tool: Tool(driver: driver), results: results)]))
    }

    /// A code's rule: a built-in check with its summary and explanation, or a
    /// diagnostic of the language with its name.
    private static func rule(_ code: String) -> Rule {
        let check = Catalog.check(named: code)
        let diagnostic = DiagnosticCodes.pipeline.code(named: code)
        let name = check?.name ?? diagnostic?.name ?? code
        let summary = check?.summary ?? "Charter diagnostic \(code) (\(name))"
        let explanation = Explanation(codes: .pipeline).text(for: code) ?? summary
        let severity = check?.severity ?? diagnostic?.severity ?? .error
        return Rule(id: code, name: name, shortDescription: Text(text: summary), fullDescription: Text(text: explanation),
                    help: Text(text: explanation), defaultConfiguration: .init(level: level(severity.description)))
    }

    private static func level(_ severity: String) -> String {
        switch severity {
        case "error": "error"
        case "warning": "warning"
        default: "note"
        }
    }

    /// A path as a URI reference: relative paths stay relative (to the
    /// repository, for code scanning), absolute ones become `file://` URIs.
    private static func uri(_ path: String) -> String {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
