// How far long work has got, for a shell to show: the library never prints,
// so it tells a `WorkProgress` what it is doing and how much is done, and the
// CLI or the REPL draws that on a terminal (or nothing, in a pipe). Tasks
// nest: the checks of a file, the power of one body within them, the
// Banzhaf index within that. Work is counted in the units the computation
// estimates in (table cells for power): each task knows the total it
// expects, what was settled when a step finished, and what is under way.

import Synchronization

public final class WorkProgress: Sendable {
    /// What is under way, outermost first, and how far the innermost task with a total is.
    public struct Report: Sendable, Equatable {
        public var tasks: [String]
        /// From 0 to 1; nil when nothing under way has said how much it will do.
        public var fraction: Double?

        public init(tasks: [String], fraction: Double?) {
            self.tasks = tasks
            self.fraction = fraction
        }
    }

    private struct Task {
        var name: String
        var total = 0.0
        var settled = 0.0
        var live = 0.0
    }

    private let tasks = Mutex<[Task]>([])

    public init() {}

    /// Starts a task inside the one under way; `end` ends it.
    public func begin(_ name: String, total: Double = 0) {
        tasks.withLock { $0.append(Task(name: name, total: total)) }
    }

    public func end() {
        tasks.withLock { tasks in _ = tasks.popLast() }
    }

    /// Runs `work` as a task.
    public func task<T>(_ name: String, total: Double = 0, _ work: () throws -> T) rethrows -> T {
        begin(name, total: total)
        defer { end() }
        return try work()
    }

    /// More work to come in the task under way.
    public func expect(_ work: Double) {
        tasks.withLock { tasks in
            guard !tasks.isEmpty, work.isFinite, work > 0 else { return }
            tasks[tasks.count - 1].total += work
        }
    }

    /// Work done, as it is done.
    public func advance(_ work: Double) {
        tasks.withLock { tasks in
            guard !tasks.isEmpty, work.isFinite, work > 0 else { return }
            tasks[tasks.count - 1].live += work
        }
    }

    /// A step finished, having done `work`: it replaces what was advanced during it.
    public func settle(_ work: Double) {
        tasks.withLock { tasks in
            guard !tasks.isEmpty else { return }
            if work.isFinite, work > 0 { tasks[tasks.count - 1].settled += work }
            tasks[tasks.count - 1].live = 0
        }
    }

    /// What is under way now; nil when nothing is.
    public var report: Report? {
        tasks.withLock { tasks in
            guard !tasks.isEmpty else { return nil }
            let measured = tasks.last { $0.total > 0 }
            let fraction = measured.map { min(1, max(0, ($0.settled + $0.live) / $0.total)) }
            return Report(tasks: tasks.map(\.name), fraction: fraction)
        }
    }
}
