// Finding a file's charter.toml: the one given with --config, or the first
// found walking up from the file's folder to the root. Each configuration is
// read once, however many files share it.

import Charter
import Foundation

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

    /// The configuration for a checked file: the defaults when there is no charter.toml.
    mutating func configuration(for file: String) throws(ConfigurationFailure) -> CheckConfiguration {
        guard let path = explicit ?? Self.find(from: file) else { return CheckConfiguration() }
        if let known = loaded[path] { return try known.get() }
        let result = Self.load(path, color: color)
        loaded[path] = result
        return try result.get()
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

    private static func load(_ path: String, color: ColorMode) -> Result<CheckConfiguration, ConfigurationFailure> {
        let bytes: [UInt8]
        do {
            bytes = try FileSystemReader().read(path, limit: 1024 * 1024)
        } catch {
            return .failure(ConfigurationFailure(report: "error: cannot read `\(path)`: \(error.description)"))
        }
        var sources = SourceMap()
        let file = sources.add(path: path, bytes: bytes)
        let (configuration, diagnostics) = ProjectConfiguration.read(file)
        guard diagnostics.isEmpty else {
            let report = DiagnosticRenderer(sources: sources, color: color).render(diagnostics)
                + "the configuration `\(path)` has \(diagnostics.count == 1 ? "an error" : "errors"); nothing was checked"
            return .failure(ConfigurationFailure(report: report))
        }
        return .success(configuration)
    }
}
