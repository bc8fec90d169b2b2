// Finding a file's charter.toml: the one given with --config, or the first
// found walking up from the file's folder to the root. Each configuration is
// read once, however many files share it.

import ArgumentParser
import Charter
import CharterREPL
import Foundation

/// The options every subcommand that reads Charter files shares.
struct SettingsOptions: ParsableArguments {
    @Option(help: "When to colour the output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Option(help: "The charter.toml to use, instead of the nearest one above each file.",
            completion: .file(extensions: ["toml"]))
    var config: String?

    /// A finder for these options; a broken configuration ends the command with exit 2.
    func configurations() -> ConfigurationFinder { ConfigurationFinder(explicit: config, color: color.mode) }
}

/// Where the commands that follow imports let them read from.
struct RootOption: ParsableArguments {
    @Option(help: ArgumentHelp("The folder imports may read from, instead of the folder of each file named.",
                               valueName: "folder"),
            completion: .directory)
    var root: String?

    func validate() throws {
        guard let root else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--root names \(quoted(root)), which is not a folder")
        }
    }
}

/// A configuration that could not be used: its diagnostics, ready to print.
struct ConfigurationFailure: Error {
    var report: String
}

struct ConfigurationFinder {
    /// The file given with --config, which applies to every checked file.
    let explicit: String?
    let color: ColorMode
    private var loaded: [String: Result<CheckConfiguration, ConfigurationFailure>] = [:]

    init(explicit: String?, color: ColorMode) {
        self.explicit = explicit
        self.color = color
    }

    /// The configuration for a file, or the command's end (exit 2) with the
    /// configuration's errors on standard error.
    mutating func configurationOrExit(for file: String) throws -> CheckConfiguration {
        do {
            return try configuration(for: file)
        } catch {
            printError(error.report)
            throw ExitCode(2)
        }
    }

    /// The configuration for a checked file: the defaults when there is no
    /// charter.toml. Waivers are judged on today's date.
    mutating func configuration(for file: String) throws(ConfigurationFailure) -> CheckConfiguration {
        var configuration = CheckConfiguration()
        if let path = explicit ?? Self.find(from: file) {
            if loaded[path] == nil {
                loaded[path] = explicit == nil && Self.isLink(path)
                    // One found beside the files may come with them, from a pull
                    // request: as a link, it could show any file in its errors.
                    ? .failure(ConfigurationFailure(report: "error: \(quoted(path)) is a symbolic link; a charter.toml found beside "
                                                    + "the files must be a file of its own (name another with --config)"))
                    : Self.load(path, color: color)
            }
            configuration = try loaded[path]!.get()
        }
        configuration.today = try Self.today()
        return configuration
    }

    /// Whether the charter.toml that applies to `file`, found in a walk of
    /// `directory`, leaves it out (`[files] exclude`): its path from the
    /// charter.toml's folder, or a folder on the way, matches a pattern.
    /// Only what lies below the folder walked can be left out, since that
    /// folder was named. Paths are compared as real paths, links resolved. A
    /// configuration that cannot be read excludes nothing: the command says
    /// what is wrong with it when it comes to the file.
    mutating func excludes(_ file: String, below directory: String) -> Bool {
        guard let path = explicit ?? Self.find(from: file),
              let patterns = try? configuration(for: file).excluded, !patterns.isEmpty else { return false }
        let disk = DiskFiles()
        let folder = disk.identity(of: PathName.directory(of: disk.identity(of: path)))
        guard let parts = Self.parts(of: disk.identity(of: file), below: folder) else { return false }
        let named = Self.parts(of: disk.identity(of: directory), below: folder)?.count ?? 0
        // The file's path from the folder, and each folder on the way: `a`, `a/b`, `a/b/c.charter`.
        let prefixes = parts.indices.dropFirst(named).map { parts[...$0].joined(separator: "/") }
        return patterns.contains { pattern in
            prefixes.contains { fnmatch(pattern, $0, FNM_PATHNAME | FNM_PERIOD) == 0 }
        }
    }

    /// The names on the way from `folder` down to `path` (both real paths);
    /// nil when the path is not below the folder.
    private static func parts(of path: String, below folder: String) -> [Substring]? {
        guard PathName.isWithin(path, folder) else { return nil }
        return path.dropFirst(folder.count).split(separator: "/")
    }

    /// Today in UTC, or the day CHARTER_TODAY gives (YYYY-MM-DD), so that a
    /// CI run or a test can be judged as of a fixed day.
    static func today() throws(ConfigurationFailure) -> Day {
        if let given = ProcessInfo.processInfo.environment["CHARTER_TODAY"] {
            guard let day = Day(given) else {
                throw ConfigurationFailure(report: "error: CHARTER_TODAY is \(quoted(given)), which is not a day written as YYYY-MM-DD")
            }
            return day
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        let text = String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        guard let day = Day(text) else { throw ConfigurationFailure(report: "error: the system clock gives no valid day") }
        return day
    }

    /// The nearest charter.toml in the file's folder or a folder above it.
    static func find(from file: String) -> String? {
        var directory = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent()
        while true {
            let candidate = directory.appendingPathComponent(ProjectConfiguration.fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }

    private static func isLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }

    private static func load(_ path: String, color: ColorMode) -> Result<CheckConfiguration, ConfigurationFailure> {
        let bytes: [UInt8]
        do {
            bytes = try DiskFiles().read(path, limit: 1024 * 1024)
        } catch {
            return .failure(ConfigurationFailure(report: "error: cannot read \(quoted(path)): \(Escaping.terminal(error.description))"))
        }
        var sources = SourceMap()
        let file = sources.add(path: path, bytes: bytes)
        let (configuration, diagnostics) = ProjectConfiguration.read(file)
        guard diagnostics.isEmpty else {
            let report = DiagnosticRenderer(sources: sources, color: color).render(diagnostics)
                + "the configuration \(quoted(path)) has \(diagnostics.count == 1 ? "an error" : "errors"); fix it, or name another with --config"
            return .failure(ConfigurationFailure(report: report))
        }
        return .success(configuration)
    }
}
