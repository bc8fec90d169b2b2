// The files a command is given: files as they are, directories searched for
// `*.charter` files (hidden folders, `.build` and what charter.toml's
// `[files] exclude` names left out), and `-` for standard input. A path that
// is neither is reported by the command, which goes on with the rest.

import Foundation

enum SourcePaths {
    /// What one argument names.
    enum Source: Equatable {
        case file(String)
        case standardInput
    }

    /// The sources the arguments name, in order (a directory's files sorted),
    /// each once, and what could not be used, each once with why: a missing
    /// path, a directory that cannot be read or holds no Charter file. A file
    /// found in a directory is left out when `isExcluded` says so of it and
    /// the directory; a file named itself never is.
    static func expand(_ arguments: [String], excluding isExcluded: (_ file: String, _ directory: String) -> Bool = { _, _ in false })
        -> (sources: [Source], problems: [String]) {
        var sources: [Source] = []
        var problems: [String] = []
        var seen: Set<String> = []
        for argument in arguments {
            if argument == "-" {
                if seen.insert("-").inserted { sources.append(.standardInput) }
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                // A broken link or a missing file, said once however often it is named.
                let problem = "cannot read \(quoted(argument)): no such file or directory"
                if !problems.contains(problem) { problems.append(problem) }
                continue
            }
            guard isDirectory.boolValue else {
                if seen.insert(argument).inserted { sources.append(.file(argument)) }
                continue
            }
            let (found, unreadable) = charterFiles(in: argument)
            problems += unreadable.map { "cannot read the directory \(quoted($0))" }
            let files = found.filter { !isExcluded($0, argument) }
            if files.isEmpty && unreadable.isEmpty {
                problems.append(found.isEmpty ? "\(quoted(argument)) holds no Charter files"
                                : "\(quoted(argument)) holds no Charter files that charter.toml does not exclude")
            }
            for file in files where seen.insert(file).inserted { sources.append(.file(file)) }
        }
        return (sources, problems)
    }

    /// The `*.charter` files under a directory, sorted by path, and the
    /// directories under it that could not be read.
    private static func charterFiles(in directory: String) -> (files: [String], unreadable: [String]) {
        let root = URL(fileURLWithPath: directory)
        // Named as the directory was given, so locations read as the user wrote them.
        func named(_ url: URL) -> String {
            let relative = url.path.dropFirst(root.path.count).drop { $0 == "/" }
            return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
        }
        var unreadable: [String] = []
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles],
            errorHandler: { url, _ in
                unreadable.append(named(url))
                return true
            }) else { return ([], [directory]) }
        var files: [String] = []
        for case let url as URL in walker {
            if url.lastPathComponent == ".build" { walker.skipDescendants() }
            // A directory called `x.charter` is searched, not read as a file.
            guard url.pathExtension == "charter", (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true
            else { continue }
            files.append(named(url))
        }
        // An unreadable directory may be the one given: the enumerator then says nothing.
        if files.isEmpty && unreadable.isEmpty && !FileManager.default.isReadableFile(atPath: directory) {
            unreadable.append(directory)
        }
        return (files.sorted(), unreadable)
    }
}
