// The workshop: the live page's content (LivePage), the session's side of
// `:serve` (a live view told of every change), the server itself over real
// HTTP on 127.0.0.1, the whole thing in a real browser beside a real REPL
// on a pseudo-terminal, and the progress shown on a terminal for long work.

import Charter
@testable import CharterReports
@testable import CharterREPL
@testable import CharterServe
@testable import CharterSession
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Glibc
import Synchronization
import Testing

@Suite struct LivePageTests {
    static func checked(_ text: String) -> Program {
        var program = Program.load(text: text, path: "alliance.charter")
        program.runChecks()
        return program
    }

    static func page(_ program: Program, before: Program? = nil, whatIf: Bool = false) -> LivePage {
        let configuration = CheckConfiguration()
        let power = PowerReport(model: program.model)
        let changes = before.map { before in
            LivePage.Changes(findingsBefore: before.diagnostics, findingsNow: program.diagnostics,
                             powerBefore: PowerReport(model: before.model).banzhafFigures(), powerNow: power.banzhafFigures(),
                             sinceWhatIf: whatIf)
        }
        return LivePage(program: program, configuration: configuration, power: power, changes: changes, whatIf: whatIf,
                        revision: 3, captions: ["amend zorg { weight 9 }"], generator: "charter test")
    }

    static func parses(_ xml: String) -> Bool {
        let parser = XMLParser(data: Data(xml.utf8))
        let parsed = parser.parse()
        if !parsed { Issue.record("not well-formed: \(parser.parserError.map(String.init(describing:)) ?? "")") }
        return parsed
    }

    @Test("the page of an example is well-formed, self-contained, and has every section", arguments: GoldenTests.examples)
    func wellFormed(_ example: String) throws {
        var program = Repository.load(example)
        program.runChecks()
        let page = Self.page(program)
        let html = page.document(nonce: "abc")
        #expect(Self.parses(html))
        #expect(Self.parses("<root>" + page.content() + "</root>"))
        for heading in ["What moved with the last change", "Who holds the power", "The alliance as a graph", "What backs each value",
                        "Ready for its life stage?", "Findings"] {
            #expect(html.contains(heading), "\(example) lacks \(heading)")
        }
        // Nothing fetched: one inline script (by nonce), inline styles, no links out.
        #expect(html.components(separatedBy: "<script").count == 2 && html.contains("<script nonce=\"abc\">"))
        #expect(!html.contains("src=") && !html.contains("href=\"http") && !html.contains("@import"))
        // The only url() is the arrowhead's, inside the page.
        #expect(html.firstMatch(of: /url\((?!#)/) == nil)
        #expect(html.contains("<html lang=\"en\">") && html.contains("class=\"skip\" href=\"#content\""))
        #expect(html.contains("aria-live=\"polite\"") && html.contains("@media print"))
    }

    @Test("what moved: power that rose and fell, findings new and gone, as the REPL compares")
    func changes() throws {
        let before = Self.checked(smallAlliance)
        let after = Self.checked(smallAlliance.replacing("weight 2 holds dignity, closeness", with: "weight 9 holds dignity, closeness"))
        let content = Self.page(after, before: before).content()
        // zorg now holds most of the weight: its power rose, the others' fell.
        let was = PowerReport(model: before.model).banzhafFigures()["council"]!
        let now = PowerReport(model: after.model).banzhafFigures()["council"]!
        #expect(now["zorg"] == "1.0000" && was["zorg"] != now["zorg"])
        #expect(content.contains("<tr class=\"rose\"><td>council</td><th scope=\"row\">zorg</th><td>\(was["zorg"]!)</td><td>1.0000</td>"))
        #expect(content.contains("<tr class=\"fell\"><td>council</td><th scope=\"row\">gemeente</th><td>\(was["gemeente"]!)</td><td>0.0000</td>"))
        #expect(content.contains("<td>▲ rose</td>") && content.contains("<td>▼ fell</td>"))
        // The power table marks the row too, in words as well as colour.
        #expect(content.contains("<span class=\"moved\">▲ rose from \(was["zorg"]!)</span>"))
        // A dictator is a new finding, marked new in the list of findings too.
        let comparison = Diagnostic.comparison(before.diagnostics, after.diagnostics)
        #expect(!comparison.appeared.isEmpty)
        for finding in comparison.appeared {
            #expect(content.contains("<span class=\"badge\">new</span> <span class=\"severity\">\(finding.severity)</span> \(finding.code.id)"))
            #expect(content.contains("<article class=\"finding \(finding.severity) new\">"))
        }
        #expect(content.contains("Last change: <code>amend zorg { weight 9 }</code>"))
        let page = Self.page(after, before: before)
        #expect(page.changes?.summary.hasPrefix("1 power figure rose and 2 fell, \(comparison.appeared.count) new finding") == true)
        // Nothing moved: said so.
        #expect(Self.page(after, before: after).content().contains("<p>Nothing moved.</p>"))
        // The first page compares with nothing.
        #expect(Self.page(after).content().contains("This is the model as the page opened"))
    }

    @Test("a what-if is said in a banner, compared with the model before it; without one there is no banner")
    func whatIfBanner() throws {
        let before = Self.checked(smallAlliance)
        let after = Self.checked(smallAlliance.replacing("weight 3 holds", with: "weight 1 holds"))
        let open = Self.page(after, before: before, whatIf: true).content()
        #expect(open.contains("<p class=\"banner\"><strong>What-if.</strong>"))
        #expect(open.contains("What moved since the what-if opened"))
        let closed = Self.page(after, before: before).content()
        #expect(!closed.contains("class=\"banner\"") && closed.contains("What moved with the last change"))
    }

    @Test("a large change lists the largest moves of power, and says how many more there are")
    func manyMoves() throws {
        let members = (1...40).map { "member m\($0) { kind company weight \($0) }" }.joined(separator: "\n")
        let before = Self.checked(members + "\nbody assembly { members all by weighted majority 50% }")
        let after = Self.checked(members.replacing("member m40 { kind company weight 40 }", with: "member m40 { kind company weight 400 }")
            + "\nbody assembly { members all by weighted majority 50% }")
        let content = Self.page(after, before: before).content()
        // The table of moves has rows that start with the body; the power table's start with the member.
        let listed = content.components(separatedBy: "<tr class=\"rose\"><td>").count - 1
            + content.components(separatedBy: "<tr class=\"fell\"><td>").count - 1
        #expect(listed == LivePage.shownMoves)
        #expect(content.contains("… and 25 smaller moves; the power tables have every figure."))
        // The largest is listed: m40 took the power.
        #expect(content.contains("<th scope=\"row\">m40</th>"))
    }

    @Test("a large body shows its strongest members, and many findings the new ones first; the report shows all")
    func largeBodies() throws {
        let members = (1...40).map { "member m\($0) { kind company weight \($0) }" }.joined(separator: "\n")
        let values = (1...45).map { "value v\($0) \"V\($0)\"" }.joined(separator: "\n")
        let program = Self.checked(members + "\n" + values + "\nbody assembly { members all by weighted majority 50% }")
        let content = Self.page(program).content()
        #expect(content.contains("The 30 members with the most power are shown, of 40; <code>:power assembly</code> lists them all."))
        #expect(content.components(separatedBy: "class=\"banzhaf\" data-value=").count - 1 == 30)
        // The ten lightest are left out; the heaviest are there.
        #expect(content.contains("<th scope=\"row\">m40</th>") && !content.contains("<th scope=\"row\">m1</th>"))
        let findings = program.diagnostics.count
        #expect(findings > 40)
        #expect(content.contains("40 of the \(findings) findings are shown, the new ones first"))
        #expect(content.components(separatedBy: "<article class=\"finding").count - 1 == 40)
        // The report, a document to keep, has them all.
        let report = HTMLReport(program: program, generator: "charter test").html()
        #expect(report.components(separatedBy: "class=\"banzhaf\" data-value=").count - 1 == 40)
        #expect(report.components(separatedBy: "<article class=\"finding").count - 1 == findings)
    }

    @Test("text from the model is escaped everywhere on the page, the graph included")
    func escaping() throws {
        let hostile = """
            alliance a "<script>alert(1)</script>" { mission "</style><img src=x onerror=alert(2)>" stage building }
            value v "</title>&amp;"
            member m "x" { kind company weight 1 holds v }
            body b "<b>" { members all by simple majority }
            """
        let html = Self.page(Self.checked(hostile)).document(nonce: "n")
        #expect(Self.parses(html))
        #expect(!html.contains("<script>alert") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<img") && !html.contains("</style><"))
    }

    @Test("the graph: layered, deterministic, vetoes marked, with a text alternative")
    func graph() throws {
        var program = Repository.load("examples/elderly-care.charter")
        program.runChecks()
        let graph = AllianceGraph(model: program.model)
        let svg = graph.svg(id: "g")
        #expect(svg == AllianceGraph(model: program.model).svg(id: "g"))
        #expect(Self.parses(svg))
        #expect(svg.contains("class=\"edge veto\"") && svg.contains(">veto</text>"))
        #expect(svg.contains("<desc id=\"g-desc\">") && svg.contains("Vetoes: gp_cooperative over"))
        #expect(svg.contains("class=\"node member") && svg.contains("class=\"node value") && svg.contains("class=\"node body"))
        // Members left of bodies, bodies left of values.
        let placed = graph.layout().placed
        func x(_ kind: String) -> Double {
            let index = graph.nodes.firstIndex { $0.kind.rawValue == kind }!
            return placed[index].x
        }
        #expect(x("member") < x("body") && x("body") < x("value"))
        // No two nodes of a layer overlap.
        for (a, first) in placed.enumerated() {
            for second in placed[(a + 1)...] where abs(first.x - second.x) < 1 {
                #expect(first.y + first.height <= second.y || second.y + second.height <= first.y)
            }
        }
        let list = graph.connectionList()
        #expect(Self.parses(list) && list.contains("veto on medication_policy: gp_cooperative"))
    }

    @Test("a model too large to draw says so instead of a picture")
    func tooLargeToDraw() throws {
        let members = (1...300).map { "member m\($0) { kind company weight 1 }" }.joined(separator: "\n")
        let content = Self.page(Self.checked(members)).content()
        #expect(content.contains("too many to read as a picture") && !content.contains("<svg role=\"img\" aria-labelledby=\"alliance-graph-title\""))
    }
}

/// A live view that keeps what it is shown.
final class RecordingView: LiveView {
    var address: String?
    var shown: [LiveSnapshot] = []
    var refuse: String?

    func start(port: Int?) -> Result<String, LiveViewError> {
        if let refuse { return .failure(LiveViewError(refuse)) }
        address = "http://127.0.0.1:\(port ?? 4321)/token/"
        return .success(address!)
    }

    func show(_ snapshot: LiveSnapshot) { shown.append(snapshot) }
    func stop() { address = nil }
}

@Suite struct ServeCommandTests {
    /// A session of `smallAlliance` with a recording view, not yet serving.
    static func session() -> (Session, RecordingView) {
        let session = Session(files: MemoryFiles())
        let view = RecordingView()
        session.liveView = view
        _ = session.handle(smallAlliance)
        return (session, view)
    }

    @Test("`:serve` starts the view, which is shown each change and each what-if, and nothing else")
    func changesAreShown() throws {
        let (session, view) = Self.session()
        #expect(view.shown.isEmpty)
        let reply = session.handle(":serve 8123")
        #expect(reply.output.contains("serving the live page at http://127.0.0.1:8123/token/") && !reply.failed)
        #expect(view.shown.count == 1)
        // Questions change nothing: nothing is sent.
        _ = session.handle(":power")
        _ = session.handle(":help")
        _ = session.handle("members where weight > 1")
        #expect(view.shown.count == 1)
        _ = session.handle("amend zorg { weight 9 }")
        #expect(view.shown.count == 2 && view.shown.last?.caption == "amend zorg { weight 9 }")
        #expect(view.shown.last?.whatIfBase == nil)
        // A refused change changes nothing.
        _ = session.handle("amend nobody { weight 1 }")
        #expect(view.shown.count == 2)
        _ = session.handle(":what-if")
        #expect(view.shown.count == 3 && view.shown.last?.whatIfBase != nil)
        _ = session.handle("remove buurt")
        #expect(view.shown.count == 4 && view.shown.last?.whatIfBase?.model.member(named: "buurt") != nil)
        #expect(view.shown.last?.program.model.member(named: "buurt") == nil)
        _ = session.handle(":drop")
        #expect(view.shown.count == 5 && view.shown.last?.whatIfBase == nil)
        #expect(view.shown.last?.program.model.member(named: "buurt") != nil)
        #expect(session.handle(":serve").output.contains("served already at"))
        #expect(session.handle(":serve stop").output == "stopped serving the page\n")
        _ = session.handle("amend zorg { weight 2 }")
        #expect(view.shown.count == 5)
        // Not recorded in a transcript: a replay does not open servers.
        #expect(!MetaCommand.serve(nil).belongsInTranscript)
    }

    @Test("stopped checks, and `:check` running them again, are shown; so is a server that ended")
    func checksAndEndings() throws {
        let (session, view) = Self.session()
        _ = session.handle(":serve")
        #expect(view.shown.count == 1 && view.shown[0].caption == nil)
        let stop = Mutex(true)
        session.isInterrupted = { stop.withLock { $0 } }
        _ = session.handle("amend zorg { weight 9 }")
        stop.withLock { $0 = false }
        if view.shown.last?.checksInterrupted == true {
            _ = session.handle(":check")
            #expect(view.shown.last?.checksInterrupted == false)
        }
        // The server ends of itself: the next entry says so, and nothing more is sent.
        let count = view.shown.count
        view.address = nil
        #expect(session.handle("amend zorg { weight 2 }").output.hasSuffix("the live page stopped: its server ended; `:serve` starts it again\n"))
        #expect(view.shown.count == count)
        #expect(!session.handle("amend zorg { weight 3 }").output.contains("live page"))
    }

    @Test("`:serve` used wrongly, refused, or where no page can be served says why", arguments: [
        (":serve 70000", "`:serve` takes a port from 0 to 65535"),
        (":serve http", "`:serve` takes a port from 0 to 65535"),
        (":serve 1 2", "`:serve` takes at most one argument"),
        (":serve stop", "no page is being served"),
    ])
    func misuse(_ entry: String, _ message: String) throws {
        let session = Session(files: MemoryFiles())
        session.liveView = RecordingView()
        let reply = session.handle(entry)
        #expect(reply.failed && reply.errors.contains(message), "\(reply.errors)")
    }

    @Test("a port that cannot be had, and a session without a view, are errors")
    func refusals() throws {
        let session = Session(files: MemoryFiles())
        #expect(session.handle(":serve").errors.contains("this session cannot serve a page"))
        let view = RecordingView()
        view.refuse = "port 80: permission denied"
        session.liveView = view
        #expect(session.handle(":serve 80").errors.contains("cannot serve the page: port 80: permission denied"))
    }
}

/// A request by hand, over a socket, so a test can send any Host header.
enum RawHTTP {
    /// The answer to a request, read until the server closes or `until` appears.
    static func request(port: Int, _ path: String, method: String = "GET", host: String? = nil, until: String? = nil) -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "" }
        let request = "\(method) \(path) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(PseudoTerminal.hangGuard)
        while Date() < deadline {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received += buffer[..<count]
            if let until, String(decoding: received, as: UTF8.self).contains(until) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }
}

@Suite(.serialized) struct WorkshopServerTests {
    /// `charter repl --serve` reading a script from a pipe, with `smallAlliance` loaded:
    /// the REPL as a workshop runs it, whose threads nothing else in the test runner shares.
    static func serving(_ extra: [String] = []) throws -> (repl: LineProcess, port: Int, token: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try smallAlliance.write(to: directory.appendingPathComponent("care.charter"), atomically: true, encoding: .utf8)
        let repl = try LineProcess([Repository.charterExecutable.path, "repl", "--serve"] + extra + ["care.charter"], directory: directory)
        while let next = repl.nextLine(), !next.hasPrefix("serving the live page at ") {}
        let address = repl.lastLine ?? ""
        let match = try #require(address.firstMatch(of: /^serving the live page at http:\/\/127\.0\.0\.1:([0-9]+)\/([0-9a-f]{64})\/$/))
        return (repl, Int(match.1)!, String(match.2))
    }

    /// Waits until the page has been drawn `revision` times.
    static func events(_ port: Int, _ token: String, reaching revision: Int) -> String {
        RawHTTP.request(port: port, "/\(token)/events", until: "data: \(revision)\n\n")
    }

    @Test("the server: loopback, the token, the page, its content, its events, and an end with the REPL")
    func serves() throws {
        let (repl, port, token) = try Self.serving()
        let events = Self.events(port, token, reaching: 1)
        #expect(events.contains("HTTP/1.1 200") && events.contains("text/event-stream") && events.contains("retry: 1000"))

        let page = RawHTTP.request(port: port, "/\(token)/")
        #expect(page.hasPrefix("HTTP/1.1 200"))
        #expect(page.contains("Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-"))
        #expect(page.contains("Cache-Control: no-store") && page.contains("Referrer-Policy: no-referrer"))
        #expect(page.contains("X-Frame-Options: DENY") && page.contains("X-Content-Type-Options: nosniff"))
        #expect(page.contains("Care together — Charter workshop") && page.contains("data-revision=\"1\""))
        // The script's nonce is the one in the policy, and new each time.
        let nonce = try #require(page.firstMatch(of: /'nonce-([0-9a-f]+)'/)).1
        #expect(page.contains("<script nonce=\"\(nonce)\">"))
        #expect(!RawHTTP.request(port: port, "/\(token)/").contains("'nonce-\(nonce)'"))

        // A change: the events say so, the content shows it.
        repl.say("amend zorg { weight 9 }")
        #expect(Self.events(port, token, reaching: 2).contains("data: 2"))
        let content = RawHTTP.request(port: port, "/\(token)/content")
        #expect(content.contains("data-revision=\"2\"") && content.contains("<th scope=\"row\">zorg</th>") && content.contains("rose"))
        #expect(content.contains("Last change: <code>amend zorg { weight 9 }</code>"))
        #expect(content.contains("Content-Security-Policy: default-src 'none'"))
        // HEAD: the headers, no body.
        let head = RawHTTP.request(port: port, "/\(token)/", method: "HEAD")
        #expect(head.hasPrefix("HTTP/1.1 200") && head.hasSuffix("\r\n\r\n") && !head.contains("<html"))
        let headEvents = RawHTTP.request(port: port, "/\(token)/events", method: "HEAD")
        #expect(headEvents.hasPrefix("HTTP/1.1 200") && !headEvents.contains("data:"))

        // Without the token, or with another, nothing is there; nor for another host, or a POST.
        #expect(RawHTTP.request(port: port, "/").hasPrefix("HTTP/1.1 404"))
        #expect(RawHTTP.request(port: port, "/\(String(token.dropLast()))\(token.last == "0" ? "1" : "0")/").hasPrefix("HTTP/1.1 404"))
        #expect(RawHTTP.request(port: port, "/\(token)x/").hasPrefix("HTTP/1.1 404"))
        #expect(RawHTTP.request(port: port, "/\(token)/secret").hasPrefix("HTTP/1.1 404"))
        #expect(RawHTTP.request(port: port, "/\(token)/", host: "attacker.example:\(port)").hasPrefix("HTTP/1.1 421"))
        #expect(RawHTTP.request(port: port, "/\(token)/", host: "localhost:\(port)").hasPrefix("HTTP/1.1 200"))
        #expect(RawHTTP.request(port: port, "/\(token)/", host: "127.0.0.1:\(port + 1)").hasPrefix("HTTP/1.1 421"))
        #expect(RawHTTP.request(port: port, "/\(token)/", host: "127.0.0.1:evil").hasPrefix("HTTP/1.1 421"))
        // Nothing after the token joins its last character.
        #expect(RawHTTP.request(port: port, "/\(token)%CC%81/content").hasPrefix("HTTP/1.1 404"))
        #expect(RawHTTP.request(port: port, "/\(token)/", method: "POST").hasPrefix("HTTP/1.1 405"))

        // A reader who stays connected does not hold the REPL up: it ends with its input, and the server with it.
        let listening = Thread { _ = RawHTTP.request(port: port, "/\(token)/events", until: "never") }
        listening.start()
        _ = Self.events(port, token, reaching: 2)
        repl.finishInput()
        repl.process.waitUntilExit()
        #expect(repl.process.terminationStatus == 0)
        #expect(RawHTTP.request(port: port, "/\(token)/") == "")
    }

    @Test("a port in use is refused with the reason (exit 2), and the server listens on 127.0.0.1 only")
    func portInUse() throws {
        let (first, port, _) = try Self.serving()
        defer { first.finishInput() }
        let listening = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        let hex = String(format: "%04X", port)
        #expect(listening.contains("0100007F:\(hex)") && !listening.contains("00000000:\(hex)"))
        let second = try CLITests.charter(["repl", "--serve", "--port", "\(port)"], input: Array("member a { weight 1 }\n".utf8))
        #expect(second.status == 2)
        #expect(second.stderr.contains("cannot serve the page: port \(port):"), "\(second.stderr)")
        // `--serve PORT`, as people write it, is the port when no such file exists.
        let written = try CLITests.charter(["repl", "--serve", "\(port)"], input: [])
        #expect(written.status == 2 && written.stderr.contains("port \(port)"), "\(written.stderr)")
        #expect(try CLITests.charter(["repl", "--port", "80"], input: []).status == 64)
        #expect(try CLITests.charter(["repl", "--serve", "--port", "70000"], input: []).status == 64)
        #expect(try CLITests.charter(["repl", "--serve", "99999999999999999999999"], input: []).status == 64)
    }

    @Test("a server that ends of itself is said at the next entry, and `:serve` starts another")
    func serverDies() throws {
        let (repl, port, _) = try Self.serving()
        defer { repl.finishInput() }
        let found = try Subprocess.run(["pgrep", "-P", "\(repl.process.processIdentifier)", "-f", "charter-workshop"]).output
        let server = try #require(Int32(found.trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(server, SIGKILL)
        while RawHTTP.request(port: port, "/") != "" { usleep(20_000) }
        repl.say("amend zorg { weight 4 }")
        #expect(repl.waitFor("the live page stopped: its server ended; `:serve` starts it again"))
        repl.say(":serve")
        let line = try #require(repl.nextLine())
        #expect(line.hasPrefix("serving the live page at http://127.0.0.1:"), "\(line)")
    }

    @Test("the server stops when the REPL dies, not only when it ends")
    func diesWithTheREPL() throws {
        let (repl, port, token) = try Self.serving()
        #expect(Self.events(port, token, reaching: 1).contains("data: 1"))
        kill(repl.process.processIdentifier, SIGKILL)
        repl.process.waitUntilExit()
        let deadline = Date().addingTimeInterval(PseudoTerminal.hangGuard)
        while RawHTTP.request(port: port, "/\(token)/") != "" && Date() < deadline { usleep(20_000) }
        #expect(RawHTTP.request(port: port, "/\(token)/") == "")
    }

    @Test("`charter` itself links no networking: the server is a program of its own")
    func noNetworkingInCharter() throws {
        let linked = try Subprocess.run(["ldd", Repository.charterExecutable.path]).output
        #expect(linked.contains("libswiftCore") && !linked.contains("FoundationNetworking") && !linked.contains("libcurl"), "\(linked)")
        let server = WorkshopServer(generator: "charter test", helper: "/nonexistent/charter-workshop")
        guard case .failure(let error) = server.start(port: 0) else {
            Issue.record("a missing server started")
            return
        }
        #expect(error.reason.contains("is missing; `swift build` builds it beside `charter`"))
        #expect(server.address == nil)
    }

    @Test("the REPL and the server agree on where a page's nonce goes")
    func nonce() {
        #expect(WorkshopServer.nonce == PageServer.nonce)
        #expect(Escaping.markup(PageServer.nonce) != PageServer.nonce)
    }

    @Test("drawing a snapshot overtaken by a newer one is abandoned; the newest is always drawn")
    func coalesces() throws {
        let server = WorkshopServer(generator: "charter test")
        let session = Session(files: MemoryFiles())
        _ = session.handle(smallAlliance)
        for weight in 1...20 {
            _ = session.handle("amend zorg { weight \(weight) }")
            server.show(session.snapshot)
        }
        let deadline = Date().addingTimeInterval(PseudoTerminal.hangGuard)
        while server.current?.content.contains("<code>amend zorg { weight 20 }</code>") != true && Date() < deadline { usleep(10_000) }
        let content = try #require(server.current?.content)
        #expect(content.contains("<code>amend zorg { weight 20 }</code>"))
        // Entries drawn together are named together; none is credited alone with what they did.
        #expect(server.revision <= 20)
        #expect(content.contains("Last change: <code>amend zorg { weight 20 }</code>") || content.contains("changes, together:"))
    }
}

/// A child process whose standard output is read line by line as it comes.
final class LineProcess {
    let process = Process()
    private let input = Pipe()
    private final class Buffer: Sendable {
        let lines = Mutex<[String]>([])
        let partial = Mutex<String>("")
    }
    private let buffer = Buffer()

    init(_ arguments: [String], directory: URL) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = input
        let output = Pipe()
        process.standardOutput = output
        let errors = FileHandle.nullDevice
        process.standardError = ProcessInfo.processInfo.environment["CHARTER_TEST_VERBOSE"] != nil ? FileHandle.standardError : errors
        // Read on a thread of its own, with plain blocking reads, until the end.
        let reading = output.fileHandleForReading
        let thread = Thread { [buffer] in
            while true {
                let data = reading.availableData
                guard !data.isEmpty else { return }
                let text = String(decoding: data, as: UTF8.self)
                let complete = buffer.partial.withLock { partial -> [String] in
                    partial += text
                    var parts = partial.components(separatedBy: "\n")
                    partial = parts.removeLast()
                    return parts
                }
                buffer.lines.withLock { $0 += complete }
            }
        }
        self.output = output
        self.reader = thread
        try process.run()
        thread.start()
    }

    private let output: Pipe
    private let reader: Thread

    deinit {
        if process.isRunning { process.terminate() }
    }

    func say(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    /// Ends the process's input, as Ctrl-D at the start of a line does.
    func finishInput() { try? input.fileHandleForWriting.close() }

    /// The line `nextLine` gave last.
    private(set) var lastLine: String?

    /// Waits for the line `expected`; the lines after it are what is left to read.
    @discardableResult
    func waitFor(_ expected: String) -> Bool {
        let deadline = Date().addingTimeInterval(PseudoTerminal.hangGuard)
        while Date() < deadline {
            let found = buffer.lines.withLock { lines -> Bool in
                guard let index = lines.firstIndex(of: expected) else { return false }
                lines.removeFirst(index + 1)
                return true
            }
            if found { return true }
            if !process.isRunning && buffer.lines.withLock({ !$0.contains(expected) }) { break }
            usleep(20_000)
        }
        Issue.record("waited in vain for `\(expected)` from \(process.arguments ?? []); got \(buffer.lines.withLock { $0 })")
        return false
    }

    /// The next line, once there is one.
    func nextLine() -> String? {
        let deadline = Date().addingTimeInterval(PseudoTerminal.hangGuard)
        while Date() < deadline {
            if let line = buffer.lines.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                lastLine = line
                return line
            }
            if !process.isRunning && buffer.lines.withLock({ $0.isEmpty }) { return nil }
            usleep(20_000)
        }
        return nil
    }
}

@Suite(.serialized) struct WorkshopBrowserTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-workshop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var environment: [String: String] {
        ["TERM": "xterm", "LANG": "C.UTF-8", "HOME": directory.path, "CHARTER_HISTORY": directory.appendingPathComponent("history").path,
         "NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
    }

    @Test("a facilitator types `:serve`; the page in a browser follows each change, the what-if and its end",
          .requires(.chromium), .requires(.selenium))
    func pageFollowsTheREPL() throws {
        let terminal = try PseudoTerminal(arguments: ["repl", "examples/banking.charter"], environment: environment,
                                          directory: Repository.root.path)
        #expect(terminal.waitForPrompt())
        terminal.type(":serve\n")
        #expect(terminal.waitFor("open it in a browser on this computer"))
        terminal.waitForPrompt()
        let url = try #require(terminal.screen.firstMatch(of: /serving the live page at (http:\/\/127\.0\.0\.1:[0-9]+\/[0-9a-f]{64}\/)/)).1
        let screenshot = directory.appendingPathComponent("workshop-1920.png").path
        let laptop = directory.appendingPathComponent("workshop-1280.png").path
        let browser = try LineProcess([ExternalTool.toolsPython, Repository.url("scripts/workshop-browser.py").path, String(url),
                                       screenshot, "--laptop", laptop], directory: directory)
        try #require(browser.waitFor("ready"))

        /// Types entries, each answered before the next, then lets the browser see what the page did.
        func step(_ entries: [(entry: String, prompt: String)], answered: String, then seen: String) throws {
            for (entry, prompt) in entries {
                terminal.type(entry + "\n")
                terminal.waitForPrompt(prompt)
            }
            #expect(terminal.screen.contains(answered))
            browser.say("go")
            try #require(browser.waitFor(seen))
        }
        // A change: lindenbank's weight triples, and with it its power.
        let (plain, whatIf) = ("charter> ", "charter (what-if)> ")
        try step([("amend lindenbank { weight 9 }", plain)], answered: "amended member `lindenbank`", then: "changed")
        try step([(":what-if", whatIf), ("remove harbour_bank", whatIf)], answered: "removed member `harbour_bank`", then: "what-if")
        try step([(":drop", plain)], answered: "dropped the what-if", then: "back")
        let report = try #require(browser.nextLine())
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])

        let moved = seen["moved"] as? String ?? ""
        #expect(moved.contains("Last change: amend lindenbank { weight 9 }"))
        #expect(moved.contains("assembly\tlindenbank\t0.1653\t0.4760\t▲ rose"), "\(moved)")
        #expect(moved.contains("assembly\tbanca_comune\t0.1653\t0.0817\t▼ fell"), "\(moved)")
        let newFindings = seen["newFindings"] as? [String] ?? []
        #expect(newFindings.contains { $0.contains("C306 power.concentration") }, "\(newFindings)")
        #expect((seen["announced"] as? String ?? "").contains("The model changed. 1 power figure rose and 7 fell"))
        #expect((seen["whatIf"] as? String ?? "").hasPrefix("What-if."))
        #expect((seen["whatIfMoved"] as? String ?? "") == "What moved since the what-if opened")
        #expect((seen["afterDrop"] as? String ?? "") == "What moved with the last change")
        // The screenshots are pictures of the page, not of a blank window: a
        // good share painted, in many colours; nothing wider than a laptop.
        #expect((seen["painted"] as? Double ?? 0) > 0.08, "\(seen["painted"] ?? "")")
        #expect((seen["colours"] as? Int ?? 0) > 50)
        #expect((seen["laptopPainted"] as? Double ?? 0) > 0.08)
        #expect(seen["laptopOverflow"] as? Bool == false)
        #expect(FileManager.default.fileExists(atPath: screenshot))
        // The browser's console has no errors (a blocked script, a missing resource).
        #expect((seen["errors"] as? [String] ?? ["?"]).isEmpty, "\(seen["errors"] ?? "")")
        browser.process.waitUntilExit()
        #expect(browser.process.terminationStatus == 0)

        // The server stops with the REPL.
        let port = Int(try #require(String(url).firstMatch(of: /:([0-9]+)\//)).1)!
        terminal.type(":quit\n")
        #expect(terminal.exitStatus() == 0)
        #expect(RawHTTP.request(port: port, "/") == "")
    }
}

@Suite(.serialized) struct ProgressTests {
    @Test("work in progress nests, and says how far the innermost measured task is")
    func nesting() {
        let progress = WorkProgress()
        #expect(progress.report == nil)
        progress.begin("checking the model", total: 4)
        progress.settle(1)
        #expect(progress.report == WorkProgress.Report(tasks: ["checking the model"], fraction: 0.25))
        progress.begin("power in council")
        // Without a total of its own, the outer task's is shown.
        #expect(progress.report?.fraction == 0.25)
        progress.expect(200)
        progress.advance(50)
        #expect(progress.report == WorkProgress.Report(tasks: ["checking the model", "power in council"], fraction: 0.25))
        progress.advance(50)
        #expect(progress.report?.fraction == 0.5)
        // A finished step replaces what it advanced, whatever that was.
        progress.settle(120)
        #expect(progress.report?.fraction == 0.6)
        progress.advance(1_000)
        #expect(progress.report?.fraction == 1)
        progress.end()
        #expect(progress.report == WorkProgress.Report(tasks: ["checking the model"], fraction: 0.25))
        progress.end()
        #expect(progress.report == nil)
        // Ending more than was begun, or telling nothing, is harmless.
        progress.end()
        progress.advance(.nan)
        progress.expect(-1)
        #expect(progress.report == nil)
    }

    @Test("a power computation tells its progress, and ends every task it began")
    func powerTells() throws {
        let game = WeightedGame(weights: (1...30).map { Int64($0 * 37 % 101 + 1) }, quota: 900)
        let progress = WorkProgress()
        let analysis = PowerAnalysis(game, progress: progress)
        #expect(progress.report == nil)
        #expect((try? analysis.banzhaf.get()) != nil)
        // The same indices as without it.
        #expect(try analysis.banzhaf.get().index.shares == PowerAnalysis(game).banzhaf.get().index.shares)
    }

    @Test("the progress line: a spinner, the tasks, a bar, the time, cut to the terminal's width")
    func line() {
        let report = WorkProgress.Report(tasks: ["power in assembly (600 members)", "Banzhaf index"], fraction: 0.43)
        let line = ProgressDisplay.line(report, frame: 0, seconds: 3, hint: "Ctrl-C stops", columns: 120)
        #expect(line == "⠋ power in assembly (600 members) › Banzhaf index [████████░░░░░░░░░░░░] 43% 3 s · Ctrl-C stops")
        let narrow = ProgressDisplay.line(report, frame: 1, seconds: 3, hint: "", columns: 50)
        #expect(TextWidth.columns(of: Substring(narrow)) <= 47 && narrow.hasPrefix("⠙ power in") && narrow.hasSuffix("] 43% 3 s"))
        #expect(narrow.contains("…"))
        // Never wider than the terminal, however narrow: the hint, then the bar, give way.
        for columns in [20, 30, 40, 60] {
            let line = ProgressDisplay.line(report, frame: 0, seconds: 12, hint: "Ctrl-C stops", columns: columns)
            // Room left for the `^C` a terminal echoes after it.
            #expect(TextWidth.columns(of: Substring(line)) <= columns - 3, "\(columns): \(line)")
            #expect(line.contains("43%"))
        }
        // No fraction: a spinner and the time only.
        #expect(ProgressDisplay.line(WorkProgress.Report(tasks: ["reading and resolving"], fraction: nil), frame: 2, seconds: 1,
                                     hint: "", columns: 80) == "⠹ reading and resolving 1 s")
        // A file name with control characters cannot move the cursor.
        let hostile = ProgressDisplay.line(WorkProgress.Report(tasks: ["checking a\u{1B}[2Jb\rc"], fraction: nil), frame: 0, seconds: 1,
                                           hint: "", columns: 80)
        #expect(!hostile.contains("\u{1B}") && !hostile.contains("\r"))
    }

    /// A body of 28 members of many weights: its power takes a moment in a debug build.
    static let slowBody: String = {
        var seed: UInt64 = 7
        let members = (0..<28).map { index -> String in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return "member m\(index) { kind company weight \(seed >> 33 % 4000 + 1) }"
        }
        return members.joined(separator: "\n") + "\nbody assembly { members all by weighted majority 60% }\n"
    }()

    func write(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charter-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("assembly.charter")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test("`charter power` shows its progress on a terminal, and the answer is printed after it is wiped")
    func onTerminal() throws {
        let file = try write(Self.slowBody)
        let terminal = try PseudoTerminal(arguments: ["power", file],
                                          environment: ["TERM": "xterm", "LANG": "C.UTF-8", "CHARTER_PROGRESS_DELAY": "0", "PATH": "/usr/bin:/bin"],
                                          directory: Repository.root.path)
        #expect(terminal.waitFor("power in assembly (28 members)"))
        #expect(terminal.exitStatus() == 0)
        let screen = terminal.screen
        #expect(screen.contains("%") && screen.contains("] "))
        // The table comes after the last frame of the line, which was wiped (ESC[2K, taken out of `screen`).
        let lastFrame = try #require(screen.range(of: "power in assembly (28 members)", options: .backwards))
        let table = try #require(screen.range(of: "member "))
        #expect(lastFrame.upperBound < table.lowerBound)
    }

    @Test("in a pipe, nothing but the answer: no progress, on standard error or anywhere")
    func notInAPipe() throws {
        let file = try write(Self.slowBody)
        let run = try CLITests.charter(["power", file], environment: ["TERM": "xterm", "CHARTER_PROGRESS_DELAY": "0"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(!run.stdout.contains("power in assembly (") && !run.stdout.contains("\u{1B}[2K"))
    }

    @Test("the REPL shows progress while it works, and its answer follows")
    func inTheREPL() throws {
        let file = try write(Self.slowBody)
        let terminal = try PseudoTerminal(arguments: ["repl", file],
                                          environment: ["TERM": "xterm", "LANG": "C.UTF-8", "CHARTER_PROGRESS_DELAY": "0", "PATH": "/usr/bin:/bin",
                                                        "HOME": FileManager.default.temporaryDirectory.path, "NO_COLOR": "1",
                                                        "CHARTER_HISTORY": FileManager.default.temporaryDirectory.appendingPathComponent("h-\(UUID())").path],
                                          directory: Repository.root.path)
        // Loading runs the checks, which compute the power: progress, then the answer.
        #expect(terminal.waitFor("checking the model › power in assembly (28 members)"))
        #expect(terminal.waitForPrompt())
        terminal.type(":power\n")
        #expect(terminal.waitFor("Ctrl-C stops", count: 2))
        #expect(terminal.waitFor("m0"))
        terminal.waitForPrompt()
        terminal.type(":quit\n")
        #expect(terminal.exitStatus() == 0)
    }
}
