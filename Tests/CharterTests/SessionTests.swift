// The REPL's session as a library: the live model, its changes, the
// meta-commands, completion and scripts, driven from memory. The terminal
// side is in REPLTerminalTests; whole sessions with their recorded answers
// are the `.session` fixtures (SessionScriptTests).

@testable import CharterSession
import Charter
import Foundation
import Testing

/// Files in memory, for sessions under test.
final class MemoryFiles: SessionFiles, @unchecked Sendable {
    var files: [String: String]
    var directories: Set<String>

    init(_ files: [String: String] = [:], directories: Set<String> = []) {
        self.files = files
        self.directories = directories
    }

    func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        guard let text = files[path] else { throw .notFound }
        return Array(text.utf8)
    }

    func exists(_ path: String) -> Bool { files[path] != nil || directories.contains(path) }

    func writeAtomically(_ text: String, to path: String) throws(WriteError) {
        guard !path.hasPrefix("/readonly/") else { throw WriteError("Permission denied") }
        files[path] = text
    }

    func entries(of directory: String) -> [(name: String, isDirectory: Bool)]? {
        guard directory == "." || directories.contains(directory.hasSuffix("/") ? String(directory.dropLast()) : directory) else {
            return nil
        }
        let prefix = directory == "." ? "" : directory.hasSuffix("/") ? directory : directory + "/"
        var found: [String: Bool] = [:]
        for path in Array(files.keys) + Array(directories) where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            guard let first = rest.split(separator: "/").first else { continue }
            found[String(first)] = rest.contains("/") || directories.contains(prefix + first)
        }
        return found.map { ($0.key, $0.value) }
    }
}

let smallAlliance = """
    alliance care "Care together" { mission "Care close to home" stage building }
    value dignity "Everyone is treated with respect"
    value closeness "Care close to home"
    principle respect "We listen first" upholds dignity
    member gemeente "The town" { kind government motivation mixed weight 3 holds dignity }
    member zorg "The care co-op" { kind cooperative motivation values_driven weight 2 holds dignity, closeness }
    member buurt "The neighbours" { kind civil_society motivation values_driven weight 1 holds closeness }
    bloc founders = gemeente, zorg
    body council "The council" { members all by weighted majority 50% }
    """

@Suite struct SessionTests {
    func session(_ files: [String: String] = [:]) -> Session {
        Session(files: MemoryFiles(files))
    }

    func loaded() -> Session {
        let session = session(["care.charter": smallAlliance])
        let reply = session.load(["care.charter"])
        #expect(!reply.failed, "\(reply.errors)")
        return session
    }

    @Test("help, quit or exit typed without the colon: the unknown name's help points at the command")
    func commandsWithoutColon() {
        let session = session()
        for (word, command) in [("help", ":help"), ("quit", ":quit"), ("exit", ":quit")] {
            let reply = session.handle(word)
            #expect(reply.failed)
            #expect(reply.errors.contains("did you mean `\(command)`?"), "\(reply.errors)")
        }
        // A name the model declares is that name.
        _ = session.handle(#"value help "We help""#)
        #expect(!session.handle("help").failed)
    }

    @Test("a declaration is resolved at once and says what it did")
    func declarationAdded() {
        let session = session()
        let value = session.handle(#"value trust "We keep our word""#)
        #expect(value.output.contains("added value `trust`"))
        let member = session.handle("member a { kind ngo holds trust }")
        #expect(member.output == "added member `a`\n" + member.output.dropFirst("added member `a`\n".count))
        #expect(!member.failed)
        #expect(session.declaredNames.map(\.name) == ["trust", "a"])
    }

    @Test("an entry with errors leaves the model unchanged and points into the line typed")
    func errorLeavesModel() {
        let session = session()
        _ = session.handle(#"value trust "We keep our word""#)
        let reply = session.handle("member a { kind ngo holds trsut }")
        #expect(reply.failed)
        #expect(reply.errors.contains("error[E301]"))
        #expect(reply.errors.contains("--> <input>:1:27"))
        #expect(reply.errors.contains("did you mean `trust`?"))
        #expect(session.declaredNames.map(\.name) == ["trust"])
    }

    @Test("a script's errors give the line the entry started on")
    func scriptLineNumbers() {
        let session = session()
        let reply = session.handle("member a {\n  kind ngoo\n}", path: "<stdin>", line: 7)
        #expect(reply.errors.contains("--> <stdin>:8:8"))
        let meta = session.handle(":show nobody", path: "<stdin>", line: 12)
        #expect(meta.errors.hasPrefix("<stdin>:12: error: nothing called `nobody`"))
    }

    @Test("redefining a name replaces the declaration where it stands, and says so")
    func redefinition() {
        let session = loaded()
        let reply = session.handle("member zorg { kind cooperative motivation values_driven weight 5 holds dignity }")
        #expect(reply.output.hasPrefix("replaced member `zorg`\n"))
        #expect(session.declaredNames.map(\.name).firstIndex(of: "zorg") == 5)
        #expect(session.program.model.member(named: "zorg")?.weight == 5)
        let kindChange = session.handle(#"value buurt "Neighbourliness""#)
        #expect(kindChange.output.hasPrefix("replaced member `buurt` with value `buurt`\n"))
        let breaking = session.handle(#"value zorg "A member no more""#)
        #expect(breaking.failed, "bloc founders would list a value")
        #expect(session.program.model.member(named: "zorg") != nil)
    }

    @Test("remove takes a thing out of the lists that name it; a bloc it empties is a finding, a principle left no value a refusal")
    func remove() {
        let session = loaded()
        let reply = session.handle("remove gemeente")
        #expect(!reply.failed, "\(reply.errors)")
        #expect(reply.output.hasPrefix("removed member `gemeente`\n"))
        #expect(session.handle(":show founders").output == "bloc founders = zorg\n")
        // Once refused (E802); the facilitator wants to see what it does.
        let emptying = session.handle("remove zorg")
        #expect(!emptying.failed, "\(emptying.errors)")
        #expect(emptying.output.contains("new   warning[C104] structure.empty-bloc: bloc `founders` has no members"))
        #expect(session.handle(":show founders").output == "bloc founders = members where false\n")
        let noValue = session.handle("remove dignity")
        #expect(noValue.failed)
        #expect(noValue.errors.contains("error[E802]: removing `dignity` would leave principle `respect` about no value"))
        #expect(session.program.model.values.count == 2)
        let unknown = session.handle("remove buurtt")
        #expect(unknown.errors.contains("error[E801]"))
        #expect(unknown.errors.contains("did you mean `buurt`?"))
    }

    @Test("amend changes items as a scenario's amend does, and only of what it can describe")
    func amend() {
        let session = loaded()
        let reply = session.handle("amend gemeente { weight 7 motivation power }")
        #expect(!reply.failed, "\(reply.errors)")
        #expect(session.program.model.member(named: "gemeente")?.weight == 7)
        #expect(session.program.model.member(named: "gemeente")?.motivation == .power)
        let value = session.handle("amend dignity { weight 2 }")
        #expect(value.errors.contains("error[E803]"))
        let wrongItem = session.handle("amend council { weight 2 }")
        #expect(wrongItem.failed)
        #expect(wrongItem.errors.contains("error[E315]: `weight` does not describe a body\n --> <input>:1:17"), "\(wrongItem.errors)")
    }

    @Test("an expression is evaluated and shown")
    func expression() {
        let session = loaded()
        #expect(session.handle("count(members where weight > 1)").output == "count(members where weight > 1) = 2\n")
        #expect(session.handle("banzhaf(gemeente, council)").output.contains("gemeente, council) = "))
        let wrong = session.handle("banzhaf(dignity, council)")
        #expect(wrong.failed)
    }

    @Test("an interrupt stops a long evaluation with E610, and the session goes on")
    func interrupt() {
        let session = loaded()
        session.isInterrupted = { true }
        // Eight nested sums over three members: thousands of steps.
        let nested = (1...8).map { "sum m\($0) in members: " }.joined() + "m1.weight"
        let reply = session.handle(nested)
        #expect(reply.failed)
        #expect(reply.errors.contains("error[E610]"))
        session.isInterrupted = { false }
        #expect(session.handle("count(members)").output == "count(members) = 3\n")
    }

    @Test("an interrupt stops power computations and the checks, which :check then runs again")
    func interruptPower() {
        let members = (1...40).map { "member m\($0) { kind ngo weight \($0 * 7 % 97 + 1) }" }.joined(separator: "\n")
        let session = session(["big.charter": members + "\nbody big { members all by weighted majority 2/3 }"])
        session.isInterrupted = { true }
        let loaded = session.load(["big.charter"])
        #expect(loaded.output.contains("the checks were interrupted"))
        #expect(session.handle(":power big").output.contains("not computed — the computation was interrupted"))
        session.isInterrupted = { false }
        #expect(session.checksInterrupted)
        #expect(!session.handle(":check").failed)
        #expect(!session.checksInterrupted)
        #expect(session.handle(":power big").output.contains("Banzhaf: exact"))
    }

    @Test("a declaration that cannot be evaluated is refused, and the model stays usable")
    func evaluationErrorsRefused() {
        let session = loaded()
        let bloc = session.handle("bloc bad = members where weight / 0 > 1")
        #expect(bloc.failed)
        #expect(bloc.errors.contains("error[E602]"))
        #expect(!session.declaredNames.contains { $0.name == "bad" })
        let binding = session.handle("let broken = 1 / 0")
        #expect(binding.failed)
        #expect(!session.declaredNames.contains { $0.name == "broken" })
        #expect(!session.handle(":power council").failed)
        #expect(!session.checksInterrupted && !session.program.checksSkipped)
    }

    @Test("loading a file again replaces its declarations and statements instead of doubling them")
    func reload() {
        let text = smallAlliance + "\nshow count(members)\n# charter: allow C403\nmember quiet { kind ngo holds dignity }\n"
        let session = session(["care.charter": text])
        _ = session.load(["care.charter"])
        let again = session.load(["care.charter"])
        #expect(!again.failed)
        #expect(!again.output.contains("new "), "nothing changed: \(again.output)")
        #expect(session.entries.count { $0.kind == "statement" } == 1)
    }

    @Test("a file of many declarations replaces each entry it redefines where it stands, through a table made once")
    func loadManyOverTyped() {
        let members = (1...20).map { "member m\($0) { kind ngo weight \($0) }" }.joined(separator: "\n")
        let session = session(["many.charter": members + "\n"])
        _ = session.handle("member m5 { kind company weight 99 }")
        _ = session.handle("value care \"We care\"")
        let loaded = session.load(["many.charter"])
        #expect(!loaded.failed, "\(loaded.errors)")
        let names = session.entries.compactMap(\.name)
        #expect(Array(names.prefix(3)) == ["m5", "care", "m1"], "\(names)")
        #expect(names.count == 21)
        #expect(session.handle(":show m5").output.contains("weight 5"))
    }

    @Test("amend keeps texts, the comments above the declaration, and refuses an item given twice")
    func amendDetails() {
        let text = smallAlliance + "\n# charter: allow C403 -- its motivation is under discussion\nmember quiet { kind ngo holds dignity }\n"
        let session = session(["care.charter": text])
        _ = session.load(["care.charter"])
        let amended = session.handle("amend quiet { contribution \"two  spaces\" weight 2 }")
        #expect(!amended.failed, "\(amended.errors)")
        #expect(!amended.output.contains("C403") && !amended.output.contains("C001"), "the suppression still applies: \(amended.output)")
        #expect(session.handle(":show quiet").output.contains("contribution \"two  spaces\""))
        let twice = session.handle("amend quiet { kind company kind ngo }")
        #expect(twice.failed)
        // Checked as a scenario's step is: the error points at what was typed.
        #expect(twice.errors.contains("error[E307]: `kind` is given twice in member `quiet`\n --> <input>:1:28"), "\(twice.errors)")
        #expect(session.program.model.member(named: "quiet")?.kind == .ngo)
    }

    @Test("remove takes a name a check still uses, as a scenario does, and says which uses will miss it")
    func removeStillUsed() {
        let session = loaded()
        _ = session.handle("check \"the council can decide\" { count(council.members) > 0 }")
        let reply = session.handle("remove council")
        #expect(!reply.failed, "\(reply.errors)")
        #expect(reply.output.hasPrefix("removed body `council`\ncheck \"the council can decide\" names `council`, no longer in the model; it says so when it is evaluated\n"),
                "\(reply.output)")
        // The check stays, and says what it misses when it is evaluated (E609), as in a scenario.
        #expect(session.handle(":list checks").output == "1 check: \"the council can decide\"\n")
        let asked = session.handle("let decides = count(council.members)")
        #expect(asked.failed && asked.errors.contains("error[E301]"), "a name typed now is not in the model: \(asked.errors)")
        #expect(session.handle(":undo").output.contains("undid remove council"))
        #expect(session.handle("remove \"the council can decid\"").errors.contains("did you mean \"the council can decide\"?"))
        #expect(session.handle("remove \"the council can decide\"").output.hasPrefix("removed check \"the council can decide\"\n"))
        #expect(!session.handle("remove council").failed)
        #expect(session.handle("remove buurt, buurt").output.hasPrefix("removed member `buurt`\n"))
        #expect(session.handle("import \"care.charter\"").errors.contains("error[E805]"))
    }

    @Test("a text left open at the end of a line goes on after a line break escape")
    func openTextGoesOn() {
        var assembler = EntryAssembler()
        #expect(assembler.add(Array("value v \"two".utf8)) == nil)
        #expect(assembler.add(Array("lines\"".utf8)).map { String(decoding: $0, as: UTF8.self) } == "value v \"two\\nlines\"")
        #expect(assembler.add(Array("member m {".utf8)) == nil)
        #expect(assembler.add(Array("}".utf8)).map { String(decoding: $0, as: UTF8.self) } == "member m {\n}")
        #expect(assembler.add(Array("   ".utf8)) == nil)
        let session = session()
        #expect(session.handle("value v \"two\\nlines\"").output.hasPrefix("added value `v`"))
    }

    @Test("a meta-command in the middle of an entry drops the entry, and the script fails")
    func metaCommandInEntry() {
        var errors = ""
        var lines = ["member m {", ":list", "value v \"V\""].makeIterator()
        let session = session()
        let succeeded = Script(write: { _ in }, writeError: { errors += $0 }).run(session) { lines.next().map { Array($0.utf8) } }
        #expect(!succeeded)
        #expect(errors.contains("<stdin>:1: error: the entry that starts here is not finished; it was dropped"))
        #expect(session.declaredNames.map(\.name) == ["v"])
    }

    @Test("an entry whose statements cannot be evaluated changes nothing; a check that fails is an answer")
    func statementsRefused() {
        let session = loaded()
        #expect(session.handle("check \"div\" { 1/0 > 1 }").failed)
        #expect(session.handle("value z \"Z\" show 1/0").failed)
        #expect(!session.declaredNames.contains { $0.name == "z" || $0.name.contains("div") })
        let failing = session.handle("check \"nobody\" { count(members) == 0 }")
        #expect(failing.failed)
        #expect(failing.output.hasPrefix("added check \"nobody\"\n"))
        #expect(session.declaredNames.contains { $0.name == "check \"nobody\"" })
        _ = session.handle("let n = 2")
        _ = session.handle("let m = 10 / n")
        let breaking = session.handle("let n = 0")
        #expect(breaking.errors.contains("error[E602]"), "m would divide by zero")
        #expect(session.handle("n").output == "n = 2\n")
    }

    @Test("loading: files that declare one name twice are refused; loading again replaces what the file gave")
    func loadingAgain() throws {
        let files = MemoryFiles([
            "main.charter": "import \"lib.charter\"\nvalue a \"A\"",
            "lib.charter": "value a \"A again\"",
            "re.charter": "# opening\n\nvalue a \"A\"\nvalue b \"B\"\nshow count(values)\n# closing\n",
        ])
        let session = Session(files: files)
        #expect(session.load(["main.charter"]).errors.contains("E302"))
        #expect(session.declaredNames.isEmpty)
        _ = session.load(["re.charter"])
        files.files["re.charter"] = "# opening\n\n# about a\nvalue a \"A\"\nvalue b \"B\"\nshow count(values) + 1\n# closing\n"
        _ = session.load(["re.charter"])
        #expect(session.entries.count { $0.kind == "statement" } == 1)
        #expect(!session.handle(":save re.charter").failed)
        #expect(files.files["re.charter"]?.contains("show count(values) + 1\n") == true)
        #expect(files.files["re.charter"]?.contains("show count(values)\n") == false)
        // The statement asks about values only; removing both keeps the file's
        // comments, but not the one about `a`, which goes with it.
        #expect(!session.handle("remove a").failed)
        _ = session.handle("value c \"C\"")
        #expect(!session.handle("remove b").failed)
        #expect(!session.handle(":save re.charter").failed)
        let saved = try #require(files.files["re.charter"])
        #expect(saved.contains("# opening") && saved.contains("# closing"), "\(saved)")
        #expect(!saved.contains("# about a"), "\(saved)")
        #expect(session.handle(":transcript re.charter").errors.contains("is not a transcript this session wrote"))
        #expect(session.handle(":save lib.charter").errors.contains("is not a file this session loaded or saved"))
    }

    @Test(":save writes the comment above a file's first declaration once after that declaration is amended")
    func saveAfterAmendingFirst() throws {
        // `:save` used to write the comment with the amended declaration and
        // again as the file's opening comment, above the next declaration.
        let files = MemoryFiles(["f.charter": "# about x\nmember x { kind ngo }\nmember y { kind ngo }\n",
                                 "g.charter": "# the file\n\n# about p\nmember p { kind ngo }\nmember q { kind ngo }\n"])
        let session = Session(files: files)
        _ = session.load(["f.charter", "g.charter"])
        #expect(!session.handle("amend x { weight 2 }").failed)
        #expect(!session.handle("amend p { weight 2 }").failed)
        #expect(!session.handle(":save f.charter").failed)
        let saved = try #require(files.files["f.charter"])
        #expect(saved.components(separatedBy: "# about x").count == 2, "\(saved)")
        #expect(saved.contains("# about x\nmember x { kind ngo weight 2 }\n"), "\(saved)")
        #expect(saved.components(separatedBy: "# the file").count == 2, "\(saved)")
        #expect(saved.components(separatedBy: "# about p").count == 2, "\(saved)")
        #expect(saved.contains("# about p\nmember p { kind ngo weight 2 }\n"), "\(saved)")
        // Redefined, a declaration leaves its comments behind; the file's stay.
        _ = session.handle("member p { kind company }")
        _ = session.handle("member x { kind company }")
        #expect(!session.handle(":save f.charter").failed)
        let again = try #require(files.files["f.charter"])
        #expect(!again.contains("# about"), "\(again)")
        #expect(again.contains("# the file\n\nmember q"), "\(again)")
    }

    @Test("an amended first or last declaration keeps the file's opening and closing comments around it")
    func saveKeepsFileCommentsAroundAmended() throws {
        let files = MemoryFiles(["f.charter": "# the file\n\nmember a { kind ngo }\nmember b { kind ngo }\n\n# the end\n"])
        let session = Session(files: files)
        _ = session.load(["f.charter"])
        #expect(!session.handle("amend a { weight 3 }").failed)
        #expect(!session.handle("amend b { weight 2 }").failed)
        #expect(!session.handle(":save f.charter").failed)
        let saved = try #require(files.files["f.charter"])
        #expect(saved.hasPrefix("# the file\n\nmember a { kind ngo weight 3 }\n"), "\(saved)")
        #expect(saved.hasSuffix("member b { kind ngo weight 2 }\n\n# the end\n"), "\(saved)")
    }

    @Test("a saved model that a file may not say is saved, with a warning that names the errors")
    func saveWarnsWhenTheFileWillNotCheck() throws {
        let files = MemoryFiles(["m.charter": """
            member a { kind ngo weight 5 }
            member b { kind ngo weight 1 }
            body c { members a, b by weighted majority quota 4 decides x }

            """])
        let session = Session(files: files)
        _ = session.load(["m.charter"])
        // The edit is taken: its consequence (no coalition reaches the quota) is a finding.
        #expect(!session.handle("remove a").failed)
        let reply = session.handle(":save m.charter")
        #expect(!reply.failed)
        #expect(reply.output.contains("warning: read as a file, it has 1 error"), "\(reply.output)")
        #expect(reply.output.contains("error[E402]") && reply.output.contains("--> m.charter:"), "\(reply.output)")
        // A model a file can say saves without a word more.
        #expect(!session.handle(":undo").failed)
        #expect(!session.handle(":save m.charter").output.contains("warning"))
    }

    @Test("comments above an import go with the declaration after it; a removed declaration takes its comments")
    func importComments() throws {
        let files = MemoryFiles([
            "main.charter": "# the members\nimport \"lib.charter\" # all of them\n# and a value\nimport \"w.charter\"\nvalue v \"V\"\n",
            "lib.charter": "member m { kind ngo }\n", "w.charter": "value w \"W\"\n"])
        let session = Session(files: files)
        _ = session.load(["main.charter"])
        #expect(!session.handle(":save main.charter").failed)
        let saved = try #require(files.files["main.charter"])
        // A blank line stands where the import was.
        #expect(saved.contains("# the members\n# all of them\n# and a value\n\nvalue v \"V\""), "\(saved)")
        #expect(!session.handle("remove v").failed)
        #expect(!session.handle(":save main.charter").failed)
        #expect(files.files["main.charter"]?.contains("#") == false)
    }

    @Test("remove drops a loaded file's show or assert about what goes")
    func removeDropsQuestions() {
        let session = session(["st.charter": "member x { kind ngo }\nmember y { kind ngo }\nbloc b = x, y\nshow count(b)\nassert count(b) == 2 \"two\"\n"])
        _ = session.load(["st.charter"])
        let reply = session.handle("remove b")
        #expect(!reply.failed, "\(reply.errors)")
        #expect(reply.output.contains("dropped `show count(b)`, which asked about it"))
        #expect(session.entries.count { $0.kind == "statement" } == 0)
    }

    @Test("amend works on a one-line declaration with a comment after it, and keeps it on one line")
    func amendWithTrailingComment() {
        let session = session(["tc.charter": "value v \"V\"\nmember x {} # placeholder\ngoal g social serves v # the goal\n"])
        _ = session.load(["tc.charter"])
        #expect(!session.handle("amend x { kind ngo }").failed)
        #expect(!session.handle("amend g { target \"t\" }").failed)
        #expect(session.handle(":show x").output == "member x { kind ngo } # placeholder\n")
        #expect(session.handle(":show g").output == "goal g social serves v { target \"t\" } # the goal\n")
    }

    @Test("amend keeps a broken declaration broken, with its comments, and :save lays out to charter.toml's line width")
    func amendKeepsLayout() throws {
        let files = MemoryFiles(["b.charter": "member x {\n  kind ngo # the kind\n  weight 2\n}\nmember y { kind ngo holds v, w }\nvalue v \"V\"\nvalue w \"W\"\n"])
        var configuration = CheckConfiguration()
        configuration.lineWidth = 30
        let session = Session(files: files, configuration: configuration)
        _ = session.load(["b.charter"])
        #expect(!session.handle("amend x { weight 3 motivation mixed }").failed)
        #expect(session.handle(":show x").output == "member x {\n  kind ngo # the kind\n  weight 3\n  motivation mixed\n}\n")
        #expect(!session.handle(":save out.charter").failed)
        let saved = try #require(files.files["out.charter"])
        #expect(saved.contains("member y {\n  kind ngo\n  holds v, w\n}"), "30 columns break what 100 would not:\n\(saved)")
    }

    @Test("amend keeps a one-line declaration with a comment above it on one line; a comment typed in an item keeps its line")
    func amendWithCommentsAbove() {
        let session = session(["c.charter": "# about x\nmember x { kind ngo }\nvalue a \"A\"\nvalue b \"B\"\nmember m { kind ngo }\n"])
        _ = session.load(["c.charter"])
        #expect(!session.handle("amend x { weight 2 }").failed)
        #expect(session.handle(":show x").output == "member x { kind ngo weight 2 }\n")
        let typed = session.handle("amend m { holds a, # why\n b }")
        #expect(!typed.failed, "\(typed.errors)")
        #expect(session.handle(":show m").output == "member m {\n  kind ngo\n  # why\n  holds a, b\n}\n")
    }

    @Test("a transcript ends an unfinished entry where it was ended, keeps an interrupted change without its answer, and an interrupted question as a comment")
    func transcriptEdges() throws {
        let files = MemoryFiles()
        let session = Session(files: files)
        session.recording = Session.Recording(directory: "/work", configuration: "/work/charter.toml")
        _ = session.handle("member x {")
        _ = session.handle("value d \"D\"")
        session.isInterrupted = { true }
        _ = session.handle("value w \"W\"")
        // An evaluation stopped part way (it fails) changes nothing: it is kept as a comment.
        _ = session.handle("count(nobody)")
        session.isInterrupted = { false }
        _ = session.handle("# #> pasted from a transcript")
        _ = session.handle(":list values")
        _ = session.handle(":transcript t.txt")
        let text = try #require(files.files["t.txt"])
        #expect(text.contains("#   charter repl --config /work/charter.toml < t.txt\n"))
        #expect(text.contains("member x {\n\n#! error[E202]"))
        #expect(text.contains("value w \"W\"\n# interrupted with Ctrl-C before it was done, so not replayed:\n# count(nobody)\n:list values"),
                "\(text)")
        #expect(!text.contains("pasted"))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).makeIterator()
        var errors = ""
        let replayed = Script(write: { _ in }, writeError: { errors += $0 }).run(Session(files: MemoryFiles())) {
            lines.next().map { Array($0.utf8) }
        }
        #expect(replayed, "\(errors)")
    }

    @Test("a let says its value, and an assertion that fails fails the entry")
    func statements() {
        let session = loaded()
        #expect(session.handle("let heavy = members where weight >= 2").output.contains("heavy = "))
        #expect(session.declaredNames.contains { $0.name == "heavy" })
        let assertion = session.handle("assert count(heavy) == 3")
        #expect(assertion.failed)
        #expect(assertion.errors.contains("R002"))
        #expect(!session.declaredNames.contains { $0.name.hasPrefix("assert") })
    }

    @Test("undo reverts the last change, reset empties the model, and undo brings it back")
    func undoAndReset() {
        let session = loaded()
        _ = session.handle("amend gemeente { weight 7 }")
        #expect(session.handle(":undo").output.hasPrefix("undid amend gemeente"))
        #expect(session.program.model.member(named: "gemeente")?.weight == 3)
        #expect(session.handle(":reset").output.contains("empty"))
        #expect(session.declaredNames.isEmpty)
        _ = session.handle(":undo")
        #expect(session.declaredNames.count == 9)
        _ = session.handle(":undo")
        #expect(session.declaredNames.isEmpty)
        #expect(session.handle(":undo").errors.contains("nothing to undo"))
    }

    @Test("undo takes back the last 200 changes and no more, so a long session does not grow without end")
    func undoIsBounded() {
        let session = Session(files: MemoryFiles())
        for weight in 0...Session.undoLimit {
            #expect(!session.handle("member m { kind ngo weight \(weight) }").failed)
        }
        for _ in 0..<Session.undoLimit { #expect(!session.handle(":undo").failed) }
        // The first declaration is the one change that could not be kept.
        #expect(session.program.model.member(named: "m")?.weight == 0)
        #expect(session.handle(":undo").errors.contains("nothing to undo"))
        // A what-if longer than the undo limit still counts all its changes.
        _ = session.handle(":what-if")
        for weight in 0...Session.undoLimit + 2 { _ = session.handle("member m { kind ngo weight \(weight) }") }
        #expect(session.handle(":keep").output == "kept the what-if's \(Session.undoLimit + 3) changes\n")
    }

    @Test(":help fits 80 columns")
    func helpAndOneFinding() {
        let session = session()
        let help = session.handle(":help").output
        #expect(help.split(separator: "\n").allSatisfy { TextWidth.columns(of: $0) <= 80 }, "\(help)")
        #expect(help.contains(":transcript"))
    }

    @Test(":diff lists the declarations a what-if changed, as `charter diff` does, with the findings and power")
    func diffListsDeclarations() {
        let session = loaded()
        _ = session.handle(":what-if")
        #expect(session.handle(":diff").output == "nothing differs from the model before the what-if\n")
        _ = session.handle("value dignity \"Changed text\"")
        _ = session.handle("amend zorg { contribution 5 }")
        _ = session.handle("value trust \"We keep our word\"")
        let diff = session.handle(":diff").output
        #expect(diff.hasPrefix("declarations:\n"), "\(diff)")
        #expect(diff.contains("  + value trust\n"), "\(diff)")
        #expect(diff.contains("  ~ value dignity\n"), "\(diff)")
        #expect(diff.contains("  ~ member zorg (contribution"), "\(diff)")
        #expect(diff.contains("new   warning[C501]"), "the findings follow: \(diff)")
    }

    @Test("a finding whose figures alone change is one `changed` line, not a new and a gone")
    func changedFinding() {
        let session = loaded()
        _ = session.handle(":what-if")
        _ = session.handle("amend gemeente { weight 30 }")
        let before = session.handle(":diff").output
        _ = session.handle(":keep")
        let reply = session.handle("amend gemeente { weight 40 }")
        let changed = reply.output.split(separator: "\n").filter { $0.hasPrefix("changed ") }
        #expect(!changed.isEmpty, "\(before)\n\(reply.output)")
        for line in changed { #expect(line.contains(" (was: "), "\(line)") }
        let codes = { (prefix: String) in
            Set(reply.output.split(separator: "\n").filter { $0.hasPrefix(prefix) }.compactMap { $0.firstMatch(of: /\[(C\d+)\]/)?.1 }.map(String.init))
        }
        #expect(codes("new ").isDisjoint(with: codes("gone ")), "a finding is not both new and gone: \(reply.output)")
    }

    @Test(":save over a file the session loaded notes it, and the transcript keeps the :save as a comment and says so")
    func saveOverLoadedFile() throws {
        let files = MemoryFiles(["care.charter": smallAlliance])
        let session = Session(files: files)
        _ = session.load(["care.charter"])
        _ = session.handle("value trust \"We keep our word\"")
        let saved = session.handle(":save care.charter")
        #expect(saved.output.contains("note: this session loaded `care.charter`"), "\(saved.output)")
        #expect(!session.handle(":save care.charter").output.contains("note"), "once")
        #expect(!session.handle(":save other.charter").output.contains("note"))
        _ = session.handle(":transcript session.charter-session")
        let transcript = try #require(files.files["session.charter-session"])
        #expect(transcript.contains("# It saved over care.charter, which it had loaded"), "\(transcript)")
        #expect(transcript.contains("\n# :save care.charter   (saved here; a replay does not write files)\n"), "\(transcript)")
    }

    @Test(":load of a second alliance says that it replaced the first, also when the load fails")
    func secondAlliance() {
        let other = """
            alliance buurtzorg "Neighbourhood care" { mission "Care" stage forming }
            value closeness "Care close to home"
            """
        let session = session(["care.charter": smallAlliance, "other.charter": other])
        _ = session.load(["care.charter"])
        let reply = session.load(["other.charter"])
        let said = reply.output + reply.errors
        #expect(said.contains("`other.charter` declares alliance `buurtzorg`, which replaced alliance `care` from `care.charter`"), "\(said)")
    }

    @Test("a what-if compares each change with the model before it, and keep or drop ends it")
    func whatIf() {
        let session = loaded()
        #expect(session.handle(":what-if").output.hasPrefix("what-if"))
        #expect(session.isInWhatIf)
        let change = session.handle("amend buurt { weight 3 }")
        #expect(change.output.contains("compared with the model before the what-if"))
        #expect(change.output.contains("Banzhaf power that moved"))
        #expect(change.output.contains("buurt"))
        #expect(session.handle(":diff").output.contains("buurt"))
        #expect(session.handle(":what-if").failed)
        _ = session.handle(":drop")
        #expect(!session.isInWhatIf)
        #expect(session.program.model.member(named: "buurt")?.weight == 1)
        _ = session.handle(":what-if")
        _ = session.handle("amend buurt { weight 3 }")
        #expect(session.handle(":undo").output.hasPrefix("undid"))
        #expect(session.handle(":undo").errors.contains("nothing to undo in this what-if"))
        _ = session.handle("amend buurt { weight 3 }")
        #expect(session.handle(":keep").output == "kept the what-if's 1 change\n")
        #expect(session.program.model.member(named: "buurt")?.weight == 3)
        #expect(session.handle(":keep").failed)
    }

    @Test("save writes the model as source that loads back to the same model, and refuses to overwrite a stranger's file")
    func save() throws {
        let files = MemoryFiles(["care.charter": smallAlliance, "notes.charter": "# mine"])
        let session = Session(files: files)
        _ = session.load(["care.charter"])
        _ = session.handle("member nieuw { kind ngo holds dignity }")
        let refused = session.handle(":save notes.charter")
        #expect(refused.failed)
        #expect(refused.errors.contains("`:save --force notes.charter`"))
        #expect(files.files["notes.charter"] == "# mine")
        #expect(!session.handle(":save out.charter").failed)
        #expect(!session.handle(":save care.charter").failed, "a loaded file may be saved over")
        #expect(!session.handle(":save --force notes.charter").failed)
        #expect(session.handle(":save /readonly/x.charter").errors.contains("Permission denied"))

        let saved = try #require(files.files["out.charter"])
        let again = Session(files: files)
        #expect(!again.load(["out.charter"]).failed)
        #expect(again.declaredNames.map(\.name) == session.declaredNames.map(\.name))
        #expect(again.handle(":list").output == session.handle(":list").output)
        #expect(Session(files: MemoryFiles(["x.charter": saved])).load(["x.charter"]).errors.isEmpty)
    }

    @Test("load refuses a file with errors and keeps the model")
    func loadErrors() {
        let session = session(["bad.charter": "member a { kind ngoo }", "care.charter": smallAlliance])
        _ = session.load(["care.charter"])
        let reply = session.handle(":load bad.charter")
        #expect(reply.failed)
        #expect(reply.errors.contains("bad.charter:1:17"))
        #expect(session.declaredNames.count == 9)
        #expect(session.handle(":load missing.charter").errors.contains("cannot read `missing.charter`: no such file"))
    }

    @Test("show, list, power, check and explain answer from the live model")
    func metaCommands() {
        let session = loaded()
        #expect(session.handle(":show zorg").output.hasPrefix("member zorg \"The care co-op\" {"))
        #expect(session.handle(":show zrg").errors.contains("did you mean `zorg`?"))
        #expect(session.handle(":list members").output == "3 members: gemeente, zorg, buurt\n")
        #expect(session.handle(":list peple").failed)
        let power = session.handle(":power council").output
        #expect(power.contains("█"))
        #expect(session.handle(":power councl").errors.contains("did you mean `council`?"))
        #expect(!session.handle(":check").failed)
        #expect(session.handle(":explain C301").output.hasPrefix("C301"))
        #expect(session.handle(":chek").errors.contains("did you mean `:check`?"))
        #expect(session.handle(":help").output.contains(":what-if"))
        #expect(session.handle(":quit").quit)
    }

    @Test("completion offers commands, names, fields and paths from where the cursor is")
    func completion() {
        let files = MemoryFiles(["examples/banking.charter": "", "examples/notes.txt": "", "my docs/a.charter": ""],
                                directories: ["examples", "my docs"])
        let session = Session(files: files)
        _ = session.handle(#"value trust "We keep our word""#)
        _ = session.handle("member megabank { kind company holds trust }")
        _ = session.handle("body board { members all by unanimity }")
        #expect(session.completions(of: ":lo", after: "").candidates == [":load"])
        #expect(session.completions(of: "mega", after: "show ").candidates == ["megabank"])
        #expect(session.completions(of: "megabank.we", after: "show ").candidates == ["megabank.weight"])
        #expect(session.completions(of: "m.mo", after: "all m in members: ").candidates == ["m.motivation"])
        #expect(session.completions(of: "bo", after: ":power ").candidates == ["board"])
        // `/` ends a word: a path is completed a name at a time, and the list shows names.
        #expect(session.completions(of: "", after: ":load examples/").candidates == ["banking.charter"])
        #expect(session.completions(of: "b", after: ":load examples/").candidates == ["banking.charter"])
        #expect(session.completions(of: "", after: ":save my\\ docs/").candidates == ["a.charter"])
        #expect(session.completions(of: "ex", after: ":load ").candidates == ["examples/"])
        #expect(session.completions(of: "ex", after: ":load ").appendsSpace == false)
        #expect(session.completions(of: "my", after: ":save ").candidates == ["my\\ docs/"])
        #expect(session.completions(of: "wher", after: "members ").candidates == ["where"])
        #expect(session.completions(of: "values_d", after: "x == ").candidates == ["values_driven"])
        // The place decides, as in an editor: values after `holds`, the motivations after
        // `motivation ==`, the kinds after `kind`, nothing inside a text.
        #expect(session.completions(of: "", after: "member z { holds ").candidates == ["trust"])
        #expect(session.completions(of: "", after: "members where motivation == ").candidates == Motivation.allCases.map(\.rawValue).sorted())
        #expect(session.completions(of: "co", after: "member z { kind ").candidates == ["company", "cooperative"])
        #expect(session.completions(of: "me", after: #"value v "a "#).candidates == [])
        // An empty line offers the words an entry starts with, not every name and title.
        _ = session.handle(#"check "Everyone holds trust" { all m in members: m.motivation == values_driven }"#)
        let empty = session.completions(of: "", after: "").candidates
        #expect(empty.contains("member") && empty.contains("amend") && !empty.contains("megabank"), "\(empty)")
        #expect(empty.count < 40, "\(empty.count) candidates")
        #expect(!session.completions(of: "E", after: "").candidates.contains { $0.contains(" ") }, "no titles")
    }

    @Test("an entry goes on while a bracket or text is open or the grammar needs more")
    func completeness() {
        #expect(EntryCompleteness.needsMore("member a {"))
        #expect(EntryCompleteness.needsMore("member a {\n kind ngo"))
        #expect(!EntryCompleteness.needsMore("member a {\n kind ngo }"))
        #expect(EntryCompleteness.needsMore("count(members"))
        #expect(EntryCompleteness.needsMore("value x \"unfinished"))
        #expect(!EntryCompleteness.needsMore("value x \"unfinished\nmore\""))
        #expect(EntryCompleteness.needsMore("member a \"Title\""))
        #expect(!EntryCompleteness.needsMore("value x \"done\""))
        #expect(!EntryCompleteness.needsMore(":load {"))
        #expect(!EntryCompleteness.needsMore("member a { kind ngo } }"))
    }

    @Test("a script gathers entries, reports errors with lines, and checks recorded answers")
    func script() {
        let session = session()
        var output = ""
        var errors = ""
        let lines = [
            "# a comment", "value trust \"We keep our word\"", "#> added value `trust`",
            "member a {", "  kind ngo", "  holds trust", "}", "#> added member `a`", "#> wrong answer",
            "member b { kind ngoo }",
        ]
        var iterator = lines.makeIterator()
        let succeeded = Script(write: { output += $0 }, writeError: { errors += $0 }).run(session) { iterator.next().map { Array($0.utf8) } }
        #expect(!succeeded)
        #expect(errors.contains("<stdin>:4: the answer differs from the one recorded (-), as given now (+):\n    #> added member `a`\n  - #> wrong answer\n  + #> new "))
        #expect(errors.contains("--> <stdin>:10:17"))
        #expect(session.declaredNames.map(\.name) == ["trust", "a"])
    }

    @Test("a transcript replays the session and checks every answer, errors included")
    func transcript() throws {
        let files = MemoryFiles(["care.charter": smallAlliance, "notes.txt": "mine"])
        let session = Session(files: files)
        _ = session.load(["care.charter"])
        for entry in ["member nieuw {\n  kind ngo\n  holds dignity\n}", ":what-if", "remove buurt", ":drop", "count(members)",
                      ":power council", "member broken { kind ngoo }", "check \"nobody\" { count(members) == 0 }", ":check",
                      ":save out.charter"] {
            _ = session.handle(entry)
        }
        #expect(!session.handle(":transcript session.txt").failed)
        let text = try #require(files.files["session.txt"])
        #expect(text.contains(":load care.charter\n#> loaded `care.charter`"), "the files loaded first are part of the session")
        #expect(text.contains("#> count(members) = 4"))
        #expect(text.contains("member broken { kind ngoo }\n#! error[E304]"), "an error is an answer too")
        #expect(text.contains("#! error[R001]: check \"nobody\" fails"))
        #expect(text.contains("\n# :save out.charter   (saved here; a replay does not write files)\n"), "a replay writes no file")
        #expect(session.handle(":transcript notes.txt").errors.contains("`:transcript --force notes.txt` replaces it"))
        #expect(files.files["notes.txt"] == "mine")

        func replay(_ text: String) -> (Bool, String) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).makeIterator()
            var errors = ""
            let succeeded = Script(write: { _ in }, writeError: { errors += $0 })
                .run(Session(files: MemoryFiles(["care.charter": smallAlliance]))) { lines.next().map { Array($0.utf8) } }
            return (succeeded, errors)
        }
        let (succeeded, errors) = replay(text)
        #expect(succeeded, "\(errors)")
        let (changed, changedErrors) = replay(text.replacing("#> count(members) = 4", with: "#> count(members) = 5"))
        #expect(!changed)
        #expect(changedErrors.contains("  - #> count(members) = 5\n  + #> count(members) = 4\n"))
        let (unrecorded, _) = replay(text.replacing(/#! error\[E304\][^\n]*\n/, with: ""))
        #expect(!unrecorded, "an error that was not recorded fails the replay")
    }
}
