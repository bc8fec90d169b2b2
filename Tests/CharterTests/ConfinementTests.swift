// Confinement on disk: `import` reads only regular `.charter` files under
// the named file's folder (or `--root`), whatever links, devices, FIFOs,
// folders and loops a pull request puts in the way — and never blocks or
// opens what it refuses. Run through the real binary, as CI runs it.

import Charter
import CharterREPL
import CharterSession
import Foundation
import Testing

@Suite struct ConfinementTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-confinement-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("project/parts"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("outside"), withIntermediateDirectories: true)
        try "member secret { kind ngo }\n".write(to: directory.appendingPathComponent("outside/secret.charter"),
                                                 atomically: true, encoding: .utf8)
        try "member part { kind ngo }\n".write(to: directory.appendingPathComponent("project/parts/part.charter"),
                                               atomically: true, encoding: .utf8)
    }

    private func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    private func link(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: target)
    }

    /// `charter check` on a file of `imports`, from the scratch folder.
    private func check(_ imports: [String], arguments: [String] = []) throws -> CLITests.Run {
        let text = imports.map { "import \"\($0)\"\n" }.joined() + "member main { kind ngo }\n"
        try text.write(to: directory.appendingPathComponent("project/main.charter"), atomically: true, encoding: .utf8)
        return try CLITests.charter(["check", "--color", "never", "project/main.charter"] + arguments, directory: directory)
    }

    @Test("a link to a file outside the folder is refused; a link inside it is followed")
    func links() throws {
        try link("project/leak.charter", to: path("outside/secret.charter"))
        try link("project/relative-leak.charter", to: "../outside/secret.charter")
        try link("project/alias.charter", to: "parts/part.charter")
        let run = try check(["leak.charter", "relative-leak.charter", "alias.charter"])
        #expect(run.stdout.components(separatedBy: "error[E504]").count == 3, "\(run.stdout)")
        #expect(run.stdout.contains("`leak.charter` is outside the folder imports are confined to"))
        #expect(!run.stdout.contains("secret"), "nothing of the file outside was read")
        #expect(!run.stdout.contains("alias"), "the link inside the folder was followed")
        #expect(run.status == 1)
    }

    @Test("a link named like Charter to another kind of file, and a linked folder leading outside, are refused")
    func disguisedLinks() throws {
        try FileManager.default.createDirectory(atPath: path("project/.git"), withIntermediateDirectories: true)
        try "[remote]\n\ttoken = s3cret\n".write(toFile: path("project/.git/config"), atomically: true, encoding: .utf8)
        try link("project/config.charter", to: ".git/config")
        try link("project/linked", to: "../outside")
        let run = try check(["config.charter", "linked/secret.charter"])
        #expect(run.stdout.contains("error[E503]: `config.charter` is a link to a file that is not a Charter file"), "\(run.stdout)")
        #expect(run.stdout.contains("error[E504]: `linked/secret.charter` is outside the folder imports are confined to"))
        #expect(!run.stdout.contains("s3cret") && !run.stdout.contains("token"))
    }

    @Test("a charter.toml found beside the files may not be a link; one named with --config may")
    func linkedConfiguration() throws {
        try "[checks]\nwhat = \"secret\"\n".write(toFile: path("outside/settings.toml"), atomically: true, encoding: .utf8)
        try link("project/charter.toml", to: path("outside/settings.toml"))
        let run = try check([])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is a symbolic link; a charter.toml found beside the files must be a file of its own"))
        #expect(!run.stderr.contains("secret"))
        let named = try check([], arguments: ["--config", path("project/charter.toml")])
        #expect(named.status == 2, "read, and refused for its unknown setting")
        #expect(named.stderr.contains("`what` is not a setting of `[checks]`"))
    }

    @Test("--stdin-filename with ./ or .. still names standard input, not the file on disk")
    func standardInputNames() throws {
        try "member on_disk { kind ngo }\n".write(toFile: path("project/main.charter"), atomically: true, encoding: .utf8)
        let run = try CLITests.charter(["check", "--color", "never", "--stdin-filename", "./project/../project/main.charter", "-"],
                                       input: Array("member from_stdin { kind ngoo }\n".utf8), directory: directory)
        #expect(run.stdout.contains("from_stdin"), "\(run.stdout)")
        #expect(!run.stdout.contains("on_disk"))
    }

    @Test("--root widens the folder imports may read from, and must be a folder")
    func root() throws {
        let refused = try check(["../outside/secret.charter"])
        #expect(refused.stdout.contains("error[E504]"))
        #expect(refused.stdout.contains("imports may read only files under `\(try realPath("project"))`"))
        let widened = try check(["../outside/secret.charter"], arguments: ["--root", "."])
        #expect(!widened.stdout.contains("E504"), "\(widened.stdout)")
        let notAFolder = try check([], arguments: ["--root", "project/main.charter"])
        #expect(notAFolder.status == 64)
        #expect(notAFolder.stderr.contains("--root names `project/main.charter`, which is not a folder"))
        let missing = try check([], arguments: ["--root", "nowhere"])
        #expect(missing.status == 64)
    }

    @Test("a device, a FIFO and a folder are refused without being opened or blocking")
    func specialFiles() throws {
        try link("project/zero.charter", to: "/dev/zero")
        try link("project/tty.charter", to: "/dev/tty")
        #expect(mkfifo(path("project/pipe.charter"), 0o644) == 0)
        try FileManager.default.createDirectory(atPath: path("project/folder.charter"), withIntermediateDirectories: false)
        // Were one opened, the check would block on it for ever (`CLITests.hangGuard`).
        let confined = try check(["zero.charter", "tty.charter", "pipe.charter", "folder.charter"])
        #expect(confined.stdout.components(separatedBy: "error[E504]").count == 3, "the devices are outside the folder")
        #expect(confined.stdout.contains("cannot import `pipe.charter`: not a regular file"))
        #expect(confined.stdout.contains("cannot import `folder.charter`: not a regular file"))
        // With the whole file system as the root, devices are still not read:
        // the links lead to something that is not a Charter file.
        let unconfined = try check(["zero.charter", "tty.charter"], arguments: ["--root", "/"])
        #expect(unconfined.stdout.contains("error[E503]: `zero.charter` is a link to a file that is not a Charter file"))
        #expect(unconfined.stdout.contains("error[E503]: `tty.charter` is a link to a file that is not a Charter file"))
        // A FIFO named on the command line is refused too, not waited on.
        let named = try CLITests.charter(["check", "project/pipe.charter"], directory: directory)
        #expect(named.status == 2)
        #expect(named.stderr.contains("cannot read `project/pipe.charter`: not a regular file"))
    }

    @Test("a loop of links and a dangling link are located errors")
    func loops() throws {
        try link("project/a.charter", to: "b.charter")
        try link("project/b.charter", to: "a.charter")
        try link("project/dangling.charter", to: "gone.charter")
        let run = try check(["a.charter", "dangling.charter"])
        #expect(run.stdout.contains("cannot import `a.charter`: its symbolic links go round in a loop"), "\(run.stdout)")
        #expect(run.stdout.contains("cannot import `dangling.charter`: no such file"))
        #expect(run.status == 1)
    }

    @Test("the REPL's :load confines imports the same way, to --root when given")
    func replLoad() throws {
        try "import \"../outside/secret.charter\"\nmember main { kind ngo }\n"
            .write(to: directory.appendingPathComponent("project/main.charter"), atomically: true, encoding: .utf8)
        let session = Session(files: DiskFiles())
        let reply = session.handle(":load \(path("project/main.charter"))")
        #expect(reply.errors.contains("E504"), "\(reply.errors)")
        let widened = Session(files: DiskFiles())
        widened.importRoot = directory.path
        #expect(!widened.handle(":load \(path("project/main.charter"))").errors.contains("E504"))
    }

    private func realPath(_ relative: String) throws -> String {
        try #require(DiskFiles().identity(of: path(relative)).nilIfEmpty)
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
