// `charter lsp`: the language server, over standard input and output, for
// editors (editors/vscode, editors/nvim). The server is the library's
// (CharterLanguageServer); this command gives it the disk, charter.toml as
// `charter check` finds it, and the explanations its diagnostics link to.

import ArgumentParser
import Charter
import CharterLanguageServer
import CharterREPL
import Foundation

struct LspCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server (the Language Server Protocol over standard input and output), for editors.",
        discussion: """
            An editor starts it and talks to it; it is not for typing at. It publishes every error \
            and finding as you type, and answers hover (with each member's power), go to definition, \
            references, rename, completion, the outline, formatting, quick fixes and inlay hints. \
            Each open file is checked as `charter check` would, with the charter.toml found above it \
            (or the one --config names); imports are read from the open buffers first, then from \
            the disk, confined as on the command line.
            Exits 0 when the editor shut it down, 1 when the input ended or `exit` came without \
            `shutdown`, 64 on a usage error.
            """
    )

    @OptionGroup var settings: SettingsOptions
    @OptionGroup var imports: RootOption

    @Flag(help: ArgumentHelp("Talk over standard input and output (the only way; accepted for clients that pass it).",
                             visibility: .hidden))
    var stdio = false

    func run() throws {
        // A client that vanishes mid-answer must not kill the server with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let host = DiskHost(explicit: settings.config)
        let status = ServerLoop.run { send in
            LanguageServer(host: host, root: imports.root, version: CharterCommand.version, send: send)
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// The disk, charter.toml and explanations, as the language server sees them.
final class DiskHost: LanguageServerHost, @unchecked Sendable {
    private let explicit: String?
    private let disk = DiskFiles()
    private let lock = NSLock()
    /// The folder the explanations are written to, in the user's cache
    /// (`$XDG_CACHE_HOME/charter/explanations/VERSION`), made when first
    /// needed and kept from one run to the next; nil when it cannot be made.
    private var explanations: String??
    private var written: Set<String> = []

    init(explicit: String?) {
        self.explicit = explicit
    }

    private static func explanationFolder() -> String? {
        let environment = ProcessInfo.processInfo.environment
        guard let cache = environment["XDG_CACHE_HOME"].flatMap({ $0.hasPrefix("/") ? $0 : nil })
                ?? environment["HOME"].map({ $0 + "/.cache" }) else { return nil }
        let folder = cache + "/charter/explanations/" + CharterCommand.version
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            return nil
        }
        return folder
    }

    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] { try disk.read(path, limit: limit) }

    func charterFiles(under folder: String) -> [String] {
        var configurations = ConfigurationFinder(explicit: explicit, color: .plain)
        let (sources, _) = SourcePaths.expand([folder]) { configurations.excludes($0, below: $1) }
        return sources.compactMap { if case .file(let path) = $0 { path } else { nil } }
    }
    func identity(of path: String) -> String { disk.identity(of: path) }

    func configuration(for path: String) -> Result<CheckConfiguration, ConfigurationProblem> {
        // Read afresh each time, so that an edited charter.toml counts at once.
        var finder = ConfigurationFinder(explicit: explicit, color: .plain)
        do {
            return .success(try finder.configuration(for: path))
        } catch {
            let found = explicit ?? ConfigurationFinder.find(from: path) ?? "charter.toml"
            return .failure(ConfigurationProblem(path: found, message: error.report))
        }
    }

    /// A file with `charter explain`'s text for the code, in the user's
    /// cache (written once a run, so it follows the running version); nil
    /// when it cannot be written.
    func explanationLink(for code: String) -> String? {
        lock.withLock {
            if explanations == nil { explanations = Self.explanationFolder() }
            guard let folder = explanations ?? nil, code.allSatisfy({ $0.isLetter || $0.isNumber }),
                  let text = ExplainCommand.explanation.text(for: code) else { return nil }
            let path = folder + "/\(code).txt"
            if !written.contains(code) {
                guard (try? AtomicFile.write(Array(text.utf8), to: path)) != nil else { return nil }
                written.insert(code)
            }
            return URL(fileURLWithPath: path).absoluteString
        }
    }
}
