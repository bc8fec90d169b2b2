// The CI recipes people copy: the pre-commit hooks, the GitHub workflow and
// the shell recipe name commands that exist, and the shell recipe runs.

import Charter
import Foundation
import Testing

@Suite struct RecipeTests {
    /// The `charter …` commands a YAML file runs, read with Python's yaml.
    func charterCommands(in path: String, key: String) throws -> [String] {
        let (status, text) = try Subprocess.run(["python3", "-c", """
            import sys, yaml
            def walk(node):
                if isinstance(node, dict):
                    for k, v in node.items():
                        if k == sys.argv[2] and isinstance(v, str):
                            for line in v.splitlines():
                                for part in line.split("charter ")[1:]:
                                    print("charter " + part.split(" ")[0])
                        walk(v)
                elif isinstance(node, list):
                    for item in node: walk(item)
            walk(yaml.safe_load(open(sys.argv[1])))
            """, Repository.url(path).path, key])
        #expect(status == 0, "\(path) is not YAML")
        return text.split(separator: "\n").map(String.init)
    }

    @Test("the pre-commit hooks and the GitHub workflow run charter commands that exist", .requires(.pyyaml), arguments: [
        (".pre-commit-hooks.yaml", "entry"), ("examples/ci/charter.yml", "run"),
    ])
    func commandsExist(_ file: String, _ key: String) throws {
        let commands = try charterCommands(in: file, key: key)
        #expect(!commands.isEmpty)
        for command in Set(commands) {
            let subcommand = command.split(separator: " ")[1]
            #expect(try CLITests.charter([String(subcommand), "--help"]).status == 0, "\(file): `\(command)` is no command")
        }
    }

    @Test("the shell recipe lints a repository: layout, JUnit report, findings and drift")
    func shellRecipe() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-recipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("governance"), withIntermediateDirectories: true)
        func git(_ arguments: [String]) throws {
            let run = try Subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments, in: directory)
            #expect(run.status == 0, "git \(arguments): \(run.output)")
        }
        let file = directory.appendingPathComponent("governance/alliance.charter")
        let formatted = { (text: String) throws -> String in
            try CLITests.charter(["fmt", "-"], input: Array(text.utf8)).stdout
        }
        try formatted(DriftTests.old).write(to: file, atomically: true, encoding: .utf8)
        try git(["init", "-q", "-b", "main"])
        try git(["add", "."])
        try git(["commit", "-q", "-m", "base"])
        let recipe = Repository.url("examples/ci/lint.sh").path
        let environment = ["CHARTER": Repository.charterExecutable.path, "NO_COLOR": "1"]
        let (clean, cleanOutput) = try Subprocess.run([recipe, "governance", "main"], in: directory, environment: environment)
        #expect(clean == 0, "\(cleanOutput)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("charter-report.xml").path))

        try formatted(DriftTests.new).write(to: file, atomically: true, encoding: .utf8)
        let (drifted, output) = try Subprocess.run([recipe, "governance", "main"], in: directory, environment: environment)
        #expect(drifted == 1, "\(output)")
        #expect(output.contains(":governance/alliance.charter` with `governance/alliance.charter`"), "charter names the versions")
        #expect(output.contains("error[D104]"))
    }
}
