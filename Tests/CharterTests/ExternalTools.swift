// Tools beyond Swift and libedit that some tests use to check Charter's
// output as its readers see it: Chromium renders the HTML report, Graphviz
// the DOT graphs, Python's jsonschema validates the JSON and SARIF reports,
// Python's yaml reads the CI recipes, tmux is the terminal the REPL is resized in,
// and Selenium drives Chromium to watch the workshop page follow the REPL.
//
// A newcomer's machine has none of them, and `swift test` must pass there:
// a test that needs a missing tool is skipped, and the skip says which tool
// and the command that installs it. CI installs them all (`.ci/run`) and sets
// CHARTER_REQUIRE_TOOLS=1, under which a missing tool fails the test instead
// of skipping it, so that CI never goes green by leaving them out.

import Foundation
import Synchronization
import Testing

enum ExternalTool: String, CaseIterable, Sendable {
    case chromium, graphviz, jsonschema, pyyaml, neovim, textmate, node, tmux, selenium

    /// The tool as people know it.
    var name: String {
        switch self {
        case .chromium: "Chromium"
        case .graphviz: "Graphviz"
        case .jsonschema: "Python's jsonschema"
        case .pyyaml: "Python's yaml"
        case .neovim: "Neovim"
        case .textmate: "textmate-grammar-python (a TextMate engine)"
        case .node: "Node.js"
        case .tmux: "tmux (a terminal that reflows lines, as people's do)"
        case .selenium: "Selenium for Python, with chromium-driver (a browser a test can drive)"
        }
    }

    /// The Debian package that provides it (what `.ci/run` installs).
    var package: String {
        switch self {
        case .chromium: "chromium"
        case .graphviz: "graphviz"
        case .jsonschema: "python3-jsonschema"
        case .pyyaml: "python3-yaml"
        case .neovim: "neovim"
        case .textmate: "textmate-grammar-python==0.6.1"
        case .node: "nodejs"
        case .tmux: "tmux"
        case .selenium: "selenium==4.51.0"
        }
    }

    /// The command that installs it on Debian or Ubuntu (from PyPI, into
    /// the virtual environment `.ci/run` makes, for what Debian lacks).
    var installation: String {
        switch self {
        case .textmate: "python3 -m venv .build/tools-venv && .build/tools-venv/bin/pip install \(package)"
        case .selenium: "sudo apt-get install -y chromium chromium-driver && python3 -m venv .build/tools-venv && "
            + ".build/tools-venv/bin/pip install \(package)"
        default: "sudo apt-get update && sudo apt-get install -y \(package)"
        }
    }

    /// The Python with the packages from PyPI: the virtual environment's
    /// (CHARTER_TOOLS_PYTHON, or `.build/tools-venv`), else the system's.
    static var toolsPython: String {
        if let given = ProcessInfo.processInfo.environment["CHARTER_TOOLS_PYTHON"] { return given }
        let venv = Repository.url(".build/tools-venv/bin/python3").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }

    /// A command that succeeds exactly when the tool can be used.
    private var probe: [String] {
        switch self {
        case .chromium: ["sh", "-c", "command -v chromium || command -v chromium-browser"]
        case .graphviz: ["dot", "-V"]
        case .jsonschema: ["python3", "-c", "import jsonschema"]
        case .pyyaml: ["python3", "-c", "import yaml"]
        case .neovim: ["nvim", "--version"]
        case .textmate: [Self.toolsPython, "-c", "import textmate_grammar"]
        case .node: ["node", "--version"]
        case .tmux: ["tmux", "-V"]
        case .selenium: ["sh", "-c", "command -v chromedriver && \(Self.toolsPython) -c 'import selenium'"]
        }
    }

    /// Whether the tool is installed, asked once per test run.
    var isInstalled: Bool {
        Self.known.withLock { known in
            if let answer = known[self] { return answer }
            let answer = (try? Subprocess.run(probe).status) == 0
            known[self] = answer
            return answer
        }
    }

    private static let known = Mutex<[ExternalTool: Bool]>([:])

    /// Whether a missing tool fails a test rather than skipping it: CI sets
    /// CHARTER_REQUIRE_TOOLS=1 after installing every tool.
    static var required: Bool { ProcessInfo.processInfo.environment["CHARTER_REQUIRE_TOOLS"] == "1" }

    /// Thrown, so that the test fails, when a required tool is missing.
    struct Missing: Error, CustomStringConvertible {
        let tool: ExternalTool
        var description: String {
            "CHARTER_REQUIRE_TOOLS=1, and \(tool.name) is not installed; install it with `\(tool.installation)`"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where `tool` is installed: skipped, naming the tool
    /// and how to install it, where it is not — unless CHARTER_REQUIRE_TOOLS=1,
    /// under which its absence fails the test.
    static func requires(_ tool: ExternalTool) -> Self {
        .enabled("needs \(tool.name), which is not installed; `\(tool.installation)` installs it") {
            if tool.isInstalled { return true }
            if ExternalTool.required { throw ExternalTool.Missing(tool: tool) }
            return false
        }
    }
}
