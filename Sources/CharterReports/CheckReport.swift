// The findings of `charter check` in the formats CI systems read: a JSON
// document (schemas/check-report-v1.schema.json), SARIF 2.1.0 for code
// scanning, GitHub workflow commands for inline annotations, JUnit XML for
// test-report viewers, and plain text for screen readers. Every format lists
// the findings in one order: by file, then position.

import CharterChecks
import CharterDiagnostics
import CharterProject
import Foundation

public struct CheckReport: Sendable {
    /// The tool, as reports name it.
    public static let toolName = "charter"

    public var version: String
    /// The files checked, in order.
    public var files: [String]
    /// Files that could not be read.
    public var unreadable: Int
    var findings: [Finding]
    private var diagnostics: [Diagnostic]
    /// Findings accepted by waivers: not findings of the run, but shown, so
    /// that a report says what was accepted, by whom and until when.
    var waived: [WaivedEntry]

    struct WaivedEntry: Encodable, Sendable {
        struct About: Encodable, Sendable {
            var name: String
            var owner: String
            var reason: String
            var expires: String
        }
        var finding: Finding
        var waiver: About
    }

    /// A report of `diagnostics`, each with the sources it points into, and
    /// of the findings waivers accepted.
    public init(version: String, files: [String], unreadable: Int, findings: [(Diagnostic, SourceMap)],
                waived: [(WaivedFinding, SourceMap)] = []) {
        self.version = version
        self.files = files
        self.unreadable = unreadable
        self.waived = waived.map { entry, sources in
            WaivedEntry(finding: Finding(entry.finding, sources: sources),
                        waiver: .init(name: entry.waiver.name, owner: entry.waiver.owner, reason: entry.waiver.reason,
                                      expires: entry.waiver.expires.description))
        }.sorted { ($0.finding.file, $0.finding.line, $0.finding.column) < ($1.finding.file, $1.finding.line, $1.finding.column) }
        let located = findings.map { ($0.0, Finding($0.0, sources: $0.1)) }
            .sorted { ($0.1.file, $0.1.line, $0.1.column, $0.1.code) < ($1.1.file, $1.1.line, $1.1.column, $1.1.code) }
        self.findings = located.map(\.1)
        diagnostics = located.map(\.0)
    }

    func count(_ severity: Severity) -> Int { diagnostics.count { $0.severity == severity } }

    // MARK: JSON

    struct Document: Encodable {
        struct Tool: Encodable { var name: String; var version: String }
        struct Summary: Encodable { var files: Int; var unreadable: Int; var errors: Int; var warnings: Int; var infos: Int }
        var version = 1
        var tool: Tool
        var files: [String]
        var summary: Summary
        var findings: [Finding]
        var waived: [WaivedEntry]
    }

    /// One JSON document (format version 1).
    public func json() throws -> String {
        let document = Document(
            tool: .init(name: Self.toolName, version: version), files: files,
            summary: .init(files: files.count, unreadable: unreadable, errors: count(.error), warnings: count(.warning), infos: count(.info)),
            findings: findings, waived: waived)
        return try JSONDocument.text(document)
    }

    // MARK: Plain text

    /// One paragraph a finding, in words, without drawing or colour: for
    /// screen readers and logs. Every text is escaped for the terminal.
    public func plain() -> String {
        let t = Escaping.terminal
        return findings.map { finding in
            var paragraph = "\(finding.severity) \(finding.code) \(finding.name), \(t(finding.file)) line \(finding.line), "
                + "column \(finding.column): \(t(finding.message))\n"
            for related in finding.related ?? [] {
                paragraph += "See \(t(related.file)) line \(related.line), column \(related.column): \(t(related.message))\n"
            }
            for note in finding.notes { paragraph += "Note: \(t(note))\n" }
            if let help = finding.help { paragraph += "Help: \(t(help))\n" }
            return paragraph
        }.joined(separator: "\n")
    }

    // MARK: GitHub

    /// GitHub Actions workflow commands: each finding an annotation on its
    /// lines of the pull request (info as a notice).
    public func github() -> String {
        findings.map { finding in
            let command = switch finding.severity {
            case "error": "error"
            case "warning": "warning"
            default: "notice"
            }
            let properties = [
                "file=" + Escaping.workflowProperty(finding.file), "line=\(finding.line)", "col=\(finding.column)",
                "endLine=\(finding.endLine)", "endColumn=\(finding.endColumn)",
                "title=" + Escaping.workflowProperty("\(finding.code) \(finding.name)"),
            ]
            let message = ([finding.message] + finding.notes + (finding.help.map { ["help: " + $0] } ?? [])).joined(separator: "\n")
            return "::\(command) \(properties.joined(separator: ","))::\(Escaping.workflowData(message))\n"
        }.joined()
    }

    // MARK: JUnit

    /// JUnit XML: a test suite per file, and a failed test case per finding
    /// (a file without findings passes one test case).
    public func junit() -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        // The files checked, and the files they import that have findings.
        var suites = files
        for finding in findings where !suites.contains(finding.file) { suites.append(finding.file) }
        let clean = suites.count { file in !findings.contains { $0.file == file } }
        xml += "<testsuites name=\"charter check\" tests=\"\(findings.count + clean)\" failures=\"\(findings.count)\">\n"
        for file in suites {
            let found = findings.filter { $0.file == file }
            xml += "  <testsuite name=\"\(Self.escaped(file))\" tests=\"\(max(found.count, 1))\" failures=\"\(found.count)\">\n"
            if found.isEmpty {
                xml += "    <testcase classname=\"\(Self.escaped(file))\" name=\"charter check\"/>\n"
            }
            for finding in found {
                let name = "\(finding.code) \(finding.name) at \(finding.line):\(finding.column)"
                xml += "    <testcase classname=\"\(Self.escaped(file))\" name=\"\(Self.escaped(name))\">\n"
                let body = ([finding.message] + finding.notes + (finding.help.map { ["help: " + $0] } ?? [])).joined(separator: "\n")
                xml += "      <failure type=\"\(finding.severity)\" message=\"\(Self.escaped(finding.message))\">\(Self.escaped(body))</failure>\n"
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    private static func escaped(_ text: String) -> String { Escaping.markup(text) }
}
