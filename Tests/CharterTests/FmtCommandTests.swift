// `charter fmt` as a user and a CI step run it: printing, rewriting in place,
// checking, directories and standard input, and files it must not touch.
// That formatting keeps a file's meaning and comments is FormatterTests'.

import Charter
import Foundation
import Testing

@Suite struct FmtCommandTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("nested"), withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    let messy = "value care \"We care\"   # why\nmember a {kind ngo holds care}\n"
    let tidy = "value care \"We care\" # why\nmember a { kind ngo holds care }\n"

    @Test("fmt prints the canonical layout, and fmt of that is the same")
    func prints() throws {
        let url = try file("a.charter", messy)
        let run = try CLITests.charter(["fmt", url.path])
        #expect(run.status == 0)
        #expect(run.stdout == tidy)
        #expect(try String(contentsOf: url, encoding: .utf8) == messy, "printing changes nothing")
        let again = try CLITests.charter(["fmt", "-"], input: Array(run.stdout.utf8))
        #expect(again.stdout == tidy)
    }

    @Test("fmt - refuses standard input over the size limit, as check does, and exits 2")
    func standardInputOverTheLimit() throws {
        let run = try CLITests.charter(["fmt", "-"], input: Array(repeating: UInt8(ascii: " "), count: Limits().inputSize + 1))
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot read standard input: the file is 32.1 MiB, over the input limit of 32 MiB"))
        #expect(run.stdout.isEmpty)
    }

    @Test("--check lists what is not formatted, in directories too, and exits 1; --write fixes it, keeping permissions")
    func checkAndWrite() throws {
        let loose = try file("nested/loose.charter", messy)
        _ = try file("tidy.charter", tidy)
        _ = try file("notes.txt", messy)
        chmod(loose.path, 0o640)
        let check = try CLITests.charter(["fmt", "--check", directory.path])
        #expect(check.status == 1)
        #expect(check.stdout == directory.path + "/nested/loose.charter\n")
        let write = try CLITests.charter(["fmt", "--write", directory.path])
        #expect(write.status == 0)
        #expect(try String(contentsOf: loose, encoding: .utf8) == tidy)
        var status = stat()
        stat(loose.path, &status)
        #expect(status.st_mode & 0o777 == 0o640)
        #expect(try CLITests.charter(["fmt", "--check", directory.path]).status == 0)
    }

    @Test("charter.toml sets the line width, and what a folder walk leaves out; a file named itself is still formatted")
    func projectSettings() throws {
        let long = "member a \"A\" { kind ngo weight 2 holds care }\nvalue care \"We care\"\n"
        let url = try file("a.charter", long)
        _ = try file("nested/draft.charter", messy)
        _ = try file("charter.toml", "[format]\nline-width = 30\n\n[files]\nexclude = [\"nest*\"]\n")
        let narrow = try CLITests.charter(["fmt", url.path])
        #expect(narrow.stdout == "member a \"A\" {\n  kind ngo\n  weight 2\n  holds care\n}\nvalue care \"We care\"\n")
        let check = try CLITests.charter(["fmt", "--check", directory.path])
        #expect(check.stdout == url.path + "\n", "the draft under nested/ is left out of the walk")
        // Named, a file or the folder left out is formatted all the same.
        let nested = directory.appendingPathComponent("nested")
        #expect(try CLITests.charter(["fmt", "--check", nested.appendingPathComponent("draft.charter").path]).status == 1)
        #expect(try CLITests.charter(["fmt", "--check", nested.path]).stdout == nested.path + "/draft.charter\n")
        // `./nested/`, in a charter.toml named through a link to its folder:
        // the same paths, compared as real paths.
        _ = try file("charter.toml", "[format]\nline-width = 30\n\n[files]\nexclude = [\"./nested/\"]\n")
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("charter-fmt-link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: directory)
        let throughLink = try CLITests.charter(["fmt", "--check", "--config", link.appendingPathComponent("charter.toml").path, directory.path])
        #expect(throughLink.stdout == url.path + "\n")
        _ = try file("charter.toml", "[format]\nline-width = 5\n")
        let bad = try CLITests.charter(["fmt", url.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("`line-width` is a whole number of columns from 20 to 1000"))
        _ = try file("charter.toml", "[files]\nexclude = [\"../elsewhere\"]\n")
        #expect(try CLITests.charter(["fmt", url.path]).stderr.contains("is not a path inside this file's folder"))
        _ = try file("charter.toml", "[files]\nexclude = [\"*\"]\n")
        let none = try CLITests.charter(["check", directory.path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("holds no Charter files that charter.toml does not exclude"))
    }

    @Test("a file with syntax errors is never rewritten; a missing one is reported and the rest formatted")
    func refusals() throws {
        let broken = try file("broken.charter", "member a { kind ngo\nvalue care")
        let loose = try file("loose.charter", messy)
        let run = try CLITests.charter(["fmt", "--write", broken.path, directory.appendingPathComponent("missing.charter").path, loose.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("has syntax errors, so it was not formatted"))
        #expect(run.stderr.contains("missing.charter`: no such file or directory"))
        #expect(try String(contentsOf: broken, encoding: .utf8) == "member a { kind ngo\nvalue care")
        #expect(try String(contentsOf: loose, encoding: .utf8) == tidy)
        let syntaxOnly = try CLITests.charter(["fmt", "--check", broken.path])
        #expect(syntaxOnly.status == 1)
        #expect(try CLITests.charter(["fmt", "--write", "--check", loose.path]).status == 64)
    }
}
