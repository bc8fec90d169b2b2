// What shows the model live beside the REPL: the workshop page (`:serve`).
// The session knows only this protocol; the shell gives it a server, which
// lives in a module of its own (CharterServe), so the session stays free of
// networking. After every entry that changed the model or opened or closed
// a what-if, the session hands the view a snapshot; the view must take it
// and return at once, whatever its readers are doing.

import Charter

/// The model as it is after an entry, for a live view to draw.
public struct LiveSnapshot: Sendable {
    /// The model, resolved and checked.
    public var program: Program
    public var configuration: CheckConfiguration
    /// In a what-if, the model before it, which the view compares with.
    public var whatIfBase: Program?
    /// Whether Ctrl-C stopped the checks, so that the findings are incomplete.
    public var checksInterrupted: Bool
    /// The session's remembered power analyses: a view that draws the same
    /// bodies computes nothing again.
    public var powerMemory: PowerMemory
    /// What the last change was, as `:undo` would name it.
    public var caption: String?
}

/// What a live view was last shown of.
struct LiveState: Equatable {
    var changes: Int
    var inWhatIf: Bool
    var checksInterrupted: Bool
}

/// Why a live view could not start.
public struct LiveViewError: Error, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

public protocol LiveView: AnyObject {
    /// Where the view can be opened, while it runs.
    var address: String? { get }
    /// Starts on `port`, or on a free one; the address to open, or why not.
    func start(port: Int?) -> Result<String, LiveViewError>
    /// Takes the model as it is now; returns at once.
    func show(_ snapshot: LiveSnapshot)
    /// Stops: the address no longer answers.
    func stop()
}

extension Session {
    /// The model as it is now, for a live view.
    var snapshot: LiveSnapshot {
        LiveSnapshot(program: program, configuration: configuration, whatIfBase: branch?.baseProgram,
                     checksInterrupted: checksInterrupted, powerMemory: powerMemory, caption: lastEntry)
    }

    /// `:serve`, `:serve PORT` and `:serve stop`.
    func serve(_ argument: String?) -> Reply {
        guard let view = liveView else {
            return failure("this session cannot serve a page (`charter repl` on a terminal can)")
        }
        if argument == "stop" {
            guard view.address != nil else { return failure("no page is being served; `:serve` starts one") }
            view.stop()
            liveShown = nil
            return Reply(output: "stopped serving the page\n")
        }
        var port: Int?
        if let argument {
            guard argument.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(argument), (0...65535).contains(number) else {
                return failure("`:serve` takes a port from 0 to 65535 (0 or none: a free one), or `stop`: `:serve [PORT]`")
            }
            port = number
        }
        if let address = view.address {
            return Reply(output: "the page is served already at \(address)\n(`:serve stop` stops it)\n")
        }
        switch view.start(port: port) {
        case .failure(let error): return failure("cannot serve the page: \(error.reason)")
        case .success(let address):
            // The first page is the model as it is, after no change of its own.
            var first = snapshot
            first.caption = nil
            view.show(first)
            liveShown = liveState
            return Reply(output: "serving the live page at \(address)\n"
                + "open it in a browser on this computer; it changes as the model does. `:serve stop` stops it\n")
        }
    }

    /// What the live view was last shown of: the model's changes, whether a
    /// what-if is open, and whether the checks were stopped (`:check` runs them again).
    var liveState: LiveState { LiveState(changes: changes, inWhatIf: branch != nil, checksInterrupted: checksInterrupted) }

    /// After an entry: the view is told of a change to the model, to the
    /// what-if or to the findings. A view that was serving and stopped of
    /// itself (its server ended) is said to have: the note to add to the reply.
    func showIfChanged() -> String? {
        guard let view = liveView, liveShown != nil else { return nil }
        guard view.address != nil else {
            liveShown = nil
            return "the live page stopped: its server ended; `:serve` starts it again\n"
        }
        guard liveShown != liveState else { return nil }
        liveShown = liveState
        view.show(snapshot)
        return nil
    }
}

extension Session {
    /// An entry on one line of at most 80 characters: its lines joined, its runs of blanks made one.
    static func oneLine(_ entry: String) -> String {
        let words = entry.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.count <= 80 ? words : String(words.prefix(79)) + "…"
    }
}
