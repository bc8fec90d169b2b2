// The summary of a lint run as `charter check` prints it after the findings
// (in text, plain and GitHub output): the counts of the files checked and of
// their findings, what could not be read, the files whose built-in checks
// were left out, the findings waived; then a line for each waiver of
// charter.toml that met no finding, and one for each finding waived, so that
// nobody forgets what was accepted, by whom and until when.

import CharterDiagnostics
import CharterProject

extension LintReport {
    public func summary() -> String {
        // Files counted are those checked; those that could not be read are counted apart.
        var summary = DiagnosticRenderer.summary(of: findings, files: checked.count)
        if !unreadable.isEmpty {
            summary += "; \(unreadable.count) could not be read"
        }
        if skipped > 0 {
            summary += "; built-in checks skipped in \(skipped) file\(skipped == 1 ? "" : "s") with errors"
        }
        if !waived.isEmpty {
            summary += "; \(waived.count) waived"
        }
        summary += "\n"
        let t = Escaping.terminal
        for name in unmetWaivers {
            summary += "  the waiver `\(t(name))` of charter.toml meets no finding; remove it\n"
        }
        for (waived, sources) in waived {
            let source = sources[waived.finding.span.file]
            let place = "\(source.path):\(source.location(of: waived.finding.span.start))"
            summary += "  waived until \(waived.waiver.expires) by \(t(waived.waiver.owner)) (\(t(waived.waiver.reason))): "
                + "\(waived.finding.code.id) at \(t(place)): \(t(waived.finding.message))\n"
        }
        return summary
    }
}

extension CheckReport {
    /// The report of a lint run: its files read, its findings and what its waivers accepted.
    public init(version: String, lint: LintReport) {
        self.init(version: version, files: lint.checked, unreadable: lint.unreadable.count,
                  findings: lint.files.flatMap { file in file.findings.map { ($0, file.sources) } },
                  waived: lint.waived.map { ($0.finding, $0.sources) })
    }
}
