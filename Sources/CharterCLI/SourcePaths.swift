// The files a command is given: files as they are, directories searched for
// `*.charter` files (hidden folders and `.build` left out), and `-` for
// standard input. A path that is neither is reported by the command, which
// goes on with the rest.

import Foundation

enum SourcePaths {
    /// What one argument names.
    enum Source: Equatable {
        case file(String)
        case standardInput

        /// Whether this is a file found in `directory`.
        func isInside(_ directory: String) -> Bool {
            guard case .file(let path) = self else { return false }
            return path.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The sources the arguments name, in order (a directory's files sorted),
    /// each once, and the arguments that name nothing.
    static func expand(_ arguments: [String]) -> (sources: [Source], missing: [String]) {
        var sources: [Source] = []
        var missing: [String] = []
        var seen: Set<String> = []
        for argument in arguments {
            if argument == "-" {
                if seen.insert("-").inserted { sources.append(.standardInput) }
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                // A broken link or a missing file: the command says which.
                missing.append(argument)
                continue
            }
            let files = isDirectory.boolValue ? charterFiles(in: argument) : [argument]
            for file in files where seen.insert(file).inserted { sources.append(.file(file)) }
        }
        return (sources, missing)
    }

    /// The `*.charter` files under a directory, sorted by path.
    private static func charterFiles(in directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        var files: [String] = []
        for case let url as URL in walker {
            if url.lastPathComponent == ".build" { walker.skipDescendants() }
            guard url.pathExtension == "charter" else { continue }
            // Named as the directory was given, so locations read as the user wrote them.
            let relative = url.path.dropFirst(root.path.count).drop { $0 == "/" }
            files.append(directory.hasSuffix("/") ? directory + relative : directory + "/" + relative)
        }
        return files.sorted()
    }
}
