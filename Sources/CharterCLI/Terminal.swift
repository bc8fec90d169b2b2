// What the command needs from the operating system: reading source files,
// deciding on colour, writing errors.

import ArgumentParser
import Charter
import Foundation

/// Reads source files from disk, refusing anything but regular files.
struct FileSystemReader: SourceReader {
    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw errno == ENOENT ? .notFound : .unreadable(String(cString: strerror(errno)))
        }
        // Directories, devices and FIFOs are not source files (a FIFO would block).
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notAFile }
        guard Int(status.st_size) <= limit else { throw .tooLarge(bytes: Int(status.st_size), limit: limit) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(String(cString: strerror(errno)))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            guard data.count <= limit else { throw ReadError.tooLarge(bytes: data.count, limit: limit) }
            return [UInt8](data)
        } catch let error as ReadError {
            throw error
        } catch {
            throw .unreadable(error.localizedDescription)
        }
    }

    func identity(of path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// `auto` colours only a terminal (the diagnostics go to standard
    /// output), and never when NO_COLOR is set (https://no-color.org) or
    /// TERM is `dumb`.
    var mode: ColorMode {
        switch self {
        case .always: return .ansi
        case .never: return .plain
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .plain }
            if environment["TERM"] == "dumb" { return .plain }
            return isatty(STDOUT_FILENO) == 1 ? .ansi : .plain
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
