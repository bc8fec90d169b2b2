// charter.toml: what a project changes about the checks. The `charter`
// command finds it by walking up from the checked file's folder; this file
// reads it. Every setting is checked — an unknown key is an error with a
// suggestion, never ignored, so a typo cannot silently switch a check back on.
//
//     [checks]
//     select = ["power", "C401"]                    # only these run (check IDs, names or families)
//     disable = ["trust.no-channel", "lifestage"]   # these do not
//
//     [checks.severity]
//     "power.weight-power-gap" = "info"              # error, warning, info or off
//
//     [power]
//     threshold = "1/3"    # a member above this share of a body's power (C306)
//     gap = "10%"          # power this far from the weight share (C308)
//     work-limit = 2000000000 # table cells per index, for the checks and for `charter power`
//
//     [balance]
//     social = "50%"       # the social share expected when the alliance promises none (C601)
//
//     [format]
//     line-width = 100     # columns `charter fmt` and the REPL's :save lay source out to
//
//     [files]
//     exclude = ["broken", "drafts/*.charter"]   # left out when a folder is walked
//
//     [limits]             # what one run may read and compute (see SECURITY.md)
//     input-size = "32 MiB"        # one program's files together
//     imports = 1000               # files one program may import
//     nesting-depth = 100          # levels of one expression, at most 250
//     evaluation-steps = 10000000  # steps of evaluation in one run
//
//     [waivers.megabank-dictator]                   # a finding accepted until a day
//     check = "power.dictator"
//     finding = "megabank"                          # text of the finding's message
//     reason = "the founding bank decides alone until the second members join"
//     owner = "secretariat@alliance.example"
//     expires = "2027-03-31"

import CharterChecks
import CharterDiagnostics
import CharterNumbers

public enum ConfigurationDiagnostic {
    public static let syntax = DiagnosticCode("E701", "config-syntax")
    public static let unknownSetting = DiagnosticCode("E702", "config-unknown-setting")
    public static let badValue = DiagnosticCode("E703", "config-bad-value")

    public static let all: [DiagnosticCode] = [syntax, unknownSetting, badValue]
}

public enum ProjectConfiguration {
    /// The name of the file, looked for in the checked file's folder and each above it.
    public static let fileName = "charter.toml"

    /// The settings of a charter.toml, and what is wrong with it. With any
    /// error, the caller should not check with a half-read configuration.
    public static func read(_ source: SourceFile) -> (configuration: CheckConfiguration, diagnostics: [Diagnostic]) {
        var reader = SettingsReader()
        do {
            for entry in try TOMLReader.read(source) { reader.apply(entry) }
            reader.finish()
        } catch {
            reader.diagnostics.append(Diagnostic(ConfigurationDiagnostic.syntax, error.message, at: error.span,
                                                 labels: error.label.map { [$0] } ?? [],
                                                 help: "charter.toml is TOML: `key = value` lines under `[table]` headers"))
        }
        return (reader.configuration, reader.diagnostics)
    }
}

private struct SettingsReader {
    var configuration = CheckConfiguration()
    var diagnostics: [Diagnostic] = []
    /// The checks `select` names, when it is given.
    var selected: Set<String>?
    /// The settings of each `[waivers.NAME]` table, in order.
    var waiverSettings: [(name: String, header: Span, values: [String: TOMLValue])] = []
    static let waiverKeys = ["check", "finding", "reason", "owner", "expires"]

    static let settings: [String: [String]] = [
        "checks": ["select", "disable"],
        "power": ["threshold", "gap", "funder-share", "work-limit"],
        "balance": ["social"],
        "format": ["line-width"],
        "files": ["exclude"],
        "limits": Limits.settings.map(\.key),
    ]

    mutating func apply(_ entry: TOMLEntry) {
        let table = entry.table.joined(separator: ".")
        if table == "checks.severity" {
            severity(entry)
            return
        }
        if entry.table.count == 2, entry.table[0] == "waivers" {
            waiverSetting(entry)
            return
        }
        guard let keys = Self.settings[table] else {
            let tables = Array(Self.settings.keys) + ["checks.severity"]
            let where_ = table.isEmpty ? "at the top of charter.toml" : "in `[\(table)]`"
            unknown("`\(entry.key)` is not a setting \(where_)", at: entry.keySpan,
                    suggestion: Spelling.suggestion(for: table.isEmpty ? entry.key : table, among: tables).map { "`[\($0)]`" },
                    otherwise: "the tables are " + tables.sorted().map { "`[\($0)]`" }.joined(separator: ", "))
            return
        }
        guard keys.contains(entry.key) else {
            unknown("`\(entry.key)` is not a setting of `[\(table)]`", at: entry.keySpan,
                    suggestion: Spelling.suggestion(for: entry.key, among: keys).map { "`\($0)`" },
                    otherwise: "its settings are " + keys.map { "`\($0)`" }.joined(separator: ", "))
            return
        }
        switch (table, entry.key) {
        case ("checks", "disable"): configuration.disabled.formUnion(checks(entry.value, "disable"))
        case ("checks", "select"):
            let named = checks(entry.value, "select")
            if case .array(let elements) = entry.value.kind, elements.isEmpty {
                bad("`select` names no check, so every check would be off; to turn checks off, name them in `disable`",
                    at: entry.value.span)
            }
            selected = named
        case ("power", "threshold"): configuration.powerThreshold = share(entry.value, positive: true) ?? configuration.powerThreshold
        case ("power", "gap"): configuration.powerGap = share(entry.value, positive: true) ?? configuration.powerGap
        case ("power", "funder-share"): configuration.funderShare = share(entry.value, positive: true) ?? configuration.funderShare
        case ("balance", "social"): configuration.socialBalance = share(entry.value, positive: false) ?? configuration.socialBalance
        case ("limits", _): limit(entry)
        case ("files", "exclude"): configuration.excluded = paths(entry.value)
        case ("format", "line-width"):
            guard case .integer(let integer) = entry.value.kind, let width = Int(exactly: integer),
                  LineWidth.allowed.contains(width) else {
                bad("`line-width` is a whole number of columns from \(LineWidth.allowed.lowerBound) to \(LineWidth.allowed.upperBound)",
                    at: entry.value.span)
                return
            }
            configuration.lineWidth = width
        default:
            let limit: Double? = switch entry.value.kind {
            case .integer(let integer): Double(integer)
            case .float(let float) where float.rounded() == float: float
            default: nil
            }
            // At most 1e13 cells, about an hour, since an untrusted charter.toml may set it.
            guard let limit, limit > 0, limit <= 1e13 else {
                bad("`work-limit` is a whole number of table cells from 1 to 1e13, such as 2000000000 or 2e9", at: entry.value.span)
                return
            }
            configuration.powerWorkLimit = limit
            configuration.requestedPowerWorkLimit = limit
        }
    }

    /// A setting of `[limits]`: a whole number within what the limit allows;
    /// `input-size` may also be written with a unit, as "64 MiB".
    private mutating func limit(_ entry: TOMLEntry) {
        guard let setting = Limits.settings.first(where: { $0.key == entry.key }) else { return }
        let value: Int? = switch entry.value.kind {
        case .integer(let integer): Int(exactly: integer)
        case .string(let text) where entry.key == "input-size": Self.parseSize(text)
        default: nil
        }
        guard let value, setting.range.contains(value) else {
            let unit = entry.key == "input-size" ? " (bytes, or a size such as \"64 MiB\")" : ""
            bad("`\(entry.key)` is a whole number from \(setting.range.lowerBound) to \(setting.range.upperBound)\(unit)",
                at: entry.value.span)
            return
        }
        configuration.limits[keyPath: setting.path] = value
    }

    /// "64 MiB", "512 KiB", "1 GiB": a size in bytes, nil when it is not one or too large.
    static func parseSize(_ text: String) -> Int? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let count = Int(parts[0]), count >= 0 else { return nil }
        let shift: Int? = switch parts[1] {
        case "B": 0
        case "KiB": 10
        case "MiB": 20
        case "GiB": 30
        default: nil
        }
        guard let shift else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : bytes
    }

    /// Everything not selected is off, whatever order the settings came in;
    /// each waiver is complete.
    mutating func finish() {
        for (name, header, values) in waiverSettings { waiver(name, header, values) }
        guard let selected else { return }
        configuration.disabled.formUnion(Set(Catalog.all.map(\.id)).subtracting(selected))
    }

    private mutating func waiverSetting(_ entry: TOMLEntry) {
        let name = entry.table[1]
        guard Self.waiverKeys.contains(entry.key) else {
            unknown("`\(entry.key)` is not a setting of a waiver", at: entry.keySpan,
                    suggestion: Spelling.suggestion(for: entry.key, among: Self.waiverKeys).map { "`\($0)`" },
                    otherwise: "a waiver has " + Self.waiverKeys.map { "`\($0)`" }.joined(separator: ", "))
            return
        }
        if let index = waiverSettings.firstIndex(where: { $0.name == name }) {
            waiverSettings[index].values[entry.key] = entry.value
        } else {
            waiverSettings.append((name, entry.keySpan, [entry.key: entry.value]))
        }
    }

    /// A waiver from its settings: all five are needed, since a waiver that
    /// does not say why, who answers for it and until when is a suppression.
    private mutating func waiver(_ name: String, _ header: Span, _ values: [String: TOMLValue]) {
        var texts: [String: String] = [:]
        for key in Self.waiverKeys {
            guard let value = values[key] else {
                bad("waiver `\(name)` has no `\(key)`; a waiver names the check, the finding, a reason, an owner and the day it expires",
                    at: header)
                return
            }
            guard case .string(let text) = value.kind, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                bad("`\(key)` of a waiver is a text that is not empty", at: value.span)
                return
            }
            texts[key] = text
        }
        guard let check = Catalog.check(named: texts["check"] ?? "") else {
            unknownCheck(texts["check"] ?? "", at: values["check"]?.span ?? header, families: false)
            return
        }
        guard let expires = Day(texts["expires"] ?? "") else {
            bad("`expires` is a day written as \"YYYY-MM-DD\", such as \"2027-03-31\"", at: values["expires"]?.span ?? header)
            return
        }
        configuration.waivers.append(Waiver(name: name, check: check, finding: texts["finding"], reason: texts["reason"] ?? "",
                                            owner: texts["owner"] ?? "", expires: expires))
    }

    /// The paths of `[files] exclude`: relative, inside the charter.toml's
    /// folder (no `..`), without `.` segments or a final `/`.
    private mutating func paths(_ value: TOMLValue) -> [String] {
        guard case .array(let elements) = value.kind else {
            bad("`exclude` is a list of paths relative to this file's folder, such as `[\"drafts\", \"old/*.charter\"]`", at: value.span)
            return []
        }
        var paths: [String] = []
        for element in elements {
            guard case .string(let path) = element.kind else {
                bad("a path to exclude is a string, but this is \(element.typeDescription)", at: element.span)
                continue
            }
            // `./drafts`, `drafts/` and `drafts/.` are `drafts`.
            let parts = path.split(separator: "/").filter { $0 != "." }
            guard !path.hasPrefix("/"), !parts.isEmpty, !parts.contains(".."),
                  !path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                bad("`\(path)` is not a path inside this file's folder: write it relative to the folder, without `..`",
                    at: element.span)
                continue
            }
            paths.append(parts.joined(separator: "/"))
        }
        return paths
    }

    /// The IDs of the checks a list names, by ID, name or family.
    private mutating func checks(_ value: TOMLValue, _ setting: String) -> Set<String> {
        guard case .array(let elements) = value.kind else {
            bad("`\(setting)` is a list of checks, such as `[\"C101\", \"trust\"]`", at: value.span)
            return []
        }
        var ids: Set<String> = []
        for element in elements {
            guard case .string(let name) = element.kind else {
                bad("a check in `\(setting)` is named by a string, such as \"C101\" or \"trust\", but this is \(element.typeDescription)",
                    at: element.span)
                continue
            }
            if let family = CheckFamily(rawValue: name) {
                ids.formUnion(Catalog.all.filter { $0.family == family }.map(\.id))
            } else if let check = Catalog.check(named: name) {
                ids.insert(check.id)
            } else {
                unknownCheck(name, at: element.span, families: true)
            }
        }
        return ids
    }

    private mutating func severity(_ entry: TOMLEntry) {
        guard let check = Catalog.check(named: entry.key) else {
            unknownCheck(entry.key, at: entry.keySpan, families: false)
            return
        }
        guard case .string(let word) = entry.value.kind else {
            bad("a severity is \"error\", \"warning\", \"info\" or \"off\"", at: entry.value.span)
            return
        }
        if word == "off" {
            configuration.disabled.insert(check.id)
        } else if let severity = Severity.allCases.first(where: { $0.description == word }) {
            configuration.severities[check.id] = severity
        } else {
            bad("`\(word)` is not a severity: use \"error\", \"warning\", \"info\" or \"off\"", at: entry.value.span)
        }
    }

    /// A share: `"1/3"`, `"33%"`, `"0.5"` or a number between 0 and 1.
    private mutating func share(_ value: TOMLValue, positive: Bool) -> Rational? {
        let parsed: Rational?
        switch value.kind {
        case .string(let text): parsed = Self.parseShare(text)
        case .integer(let integer): parsed = Rational(integer)
        case .float(let float): parsed = Self.parseShare(String(float))
        default: parsed = nil
        }
        guard let parsed, parsed >= .zero, parsed <= .one, !(positive && parsed == .zero) else {
            bad("a share is a fraction, a percentage or a decimal \(positive ? "above 0" : "from 0") up to 1, such as \"1/3\", \"33%\" or 0.33",
                at: value.span)
            return nil
        }
        return parsed
    }

    static func parseShare(_ text: String) -> Rational? {
        let trimmed = Substring(text.filter { $0 != " " })
        if trimmed.hasSuffix("%") {
            return Rational(decimal: trimmed.dropLast()).flatMap { $0.divided(by: Rational(100)) }
        }
        if let slash = trimmed.firstIndex(of: "/") {
            guard let numerator = Int64(trimmed[..<slash]), let denominator = Int64(trimmed[trimmed.index(after: slash)...]) else { return nil }
            return Rational(numerator, denominator)
        }
        return Rational(decimal: trimmed)
    }

    private mutating func unknownCheck(_ name: String, at span: Span, families: Bool) {
        let candidates = Catalog.all.map(\.name) + Catalog.all.map(\.id) + (families ? CheckFamily.allCases.map(\.rawValue) : [])
        unknown("`\(name)` is not a check\(families ? " or a family of checks" : "")", at: span,
                suggestion: Spelling.suggestion(for: name, among: candidates).map { "`\($0)`" },
                otherwise: "`charter explain --list` lists the checks")
    }

    private mutating func unknown(_ message: String, at span: Span, suggestion: String?, otherwise: String) {
        diagnostics.append(Diagnostic(ConfigurationDiagnostic.unknownSetting, message, at: span,
                                      help: suggestion.map { "did you mean \($0)?" } ?? otherwise))
    }

    private mutating func bad(_ message: String, at span: Span) {
        diagnostics.append(Diagnostic(ConfigurationDiagnostic.badValue, message, at: span))
    }
}
