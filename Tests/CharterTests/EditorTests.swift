// The editors as people use them: Neovim with the shipped configuration
// (editors/nvim) attaching the real `charter lsp`, and the TextMate grammar
// of the VS Code extension (editors/vscode) tokenizing every example.

import Foundation
import Testing

@Suite struct EditorTests {
    /// Neovim, headless, opens a file with errors and reads its diagnostics
    /// back, hovers a member of the banking example (its power), and
    /// renames it across the file (editors/nvim/test/check.lua).
    @Test(.requires(.neovim)) func neovimShowsDiagnosticsHoverAndRenames() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("charter-nvim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A copy, so that the rename never touches the repository's example.
        let banking = scratch.appendingPathComponent("banking.charter")
        try FileManager.default.copyItem(at: Repository.url("examples/banking.charter"), to: banking)
        let out = scratch.appendingPathComponent("out.json")
        let (status, output) = try Subprocess.run(
            ["nvim", "--headless", "--clean", "-c", "luafile " + Repository.url("editors/nvim/test/check.lua").path],
            in: scratch,
            environment: ["CHARTER_BIN": Repository.charterExecutable.path, "CHARTER_REPO": Repository.root.path,
                          "CHARTER_BROKEN": Repository.url("examples/broken/governance.charter").path,
                          "CHARTER_BANKING": banking.path, "CHARTER_OUT": out.path, "XDG_STATE_HOME": scratch.path,
                          "XDG_CACHE_HOME": scratch.path])
        #expect(status == 0, "\(output)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        #expect(seen["errors"] as? [String] == [] || seen["errors"] is [String: Any], "\(seen)")
        #expect(seen["filetype"] as? String == "charter")
        let diagnostics = seen["diagnostics"] as? [[String: Any]] ?? []
        // What `charter check` says of the file, as Neovim shows it.
        let codes = Set(diagnostics.compactMap { $0["code"] as? String })
        #expect(codes.isSuperset(of: ["E404", "E308", "E405", "E406"]), "\(diagnostics)")
        let veto = diagnostics.first { $0["code"] as? String == "E405" }
        #expect(veto?["line"] as? Int == 17 && veto?["column"] as? Int == 7)
        let hover = seen["hover"] as? String ?? ""
        #expect(hover.contains("member lindenbank"), "\(hover)")
        #expect(hover.contains("| `assembly` | 3 of 19 | 16.5% |"), "\(hover)")
        #expect(seen["renamed"] as? Int == 3)
        #expect(seen["left"] as? Int == 0)
    }

    /// The VS Code extension's client, run by Node with stand-ins for VS
    /// Code's modules: it starts `charter lsp` from the configured path, and
    /// names the setting when the executable is missing
    /// (editors/vscode/test/extension.test.js).
    @Test(.requires(.node)) func theVSCodeClientStartsTheServerAsConfigured() throws {
        let (status, output) = try Subprocess.run(["node", Repository.url("editors/vscode/test/extension.test.js").path,
                                                   Repository.charterExecutable.path])
        #expect(status == 0, "\(output)")
    }

    /// Every example tokenized by a TextMate engine with every character
    /// scoped, none outside examples/broken invalid, and the fixture's
    /// expected scopes line by line (editors/vscode/test/check_grammar.py).
    @Test(.requires(.textmate)) func theTextMateGrammarScopesEverything() throws {
        let (status, output) = try Subprocess.run([
            ExternalTool.toolsPython, Repository.url("editors/vscode/test/check_grammar.py").path,
            "--grammar", Repository.url("editors/vscode/syntaxes/charter.tmLanguage.json").path,
            "--fixture", Repository.url("editors/vscode/test/fixture.charter").path,
            "--examples", Repository.url("examples").path,
        ])
        #expect(status == 0, "\(output)")
    }
}
