// Power analyses kept from one run to the next, for a caller that runs an
// alliance again after a small change: the REPL, after every entry. An
// analysis is a pure function of the game and the work limit it was given, so
// a body whose weights, quota and vetoes did not change is not computed again,
// and the answer is the one a fresh run would give.

import CharterDiagnostics
import CharterPower
import Foundation

public final class PowerMemory: @unchecked Sendable {
    private struct Key: Hashable {
        var game: WeightedGame
        var workLimit: Double
    }

    private let lock = NSLock()
    /// What the runs before the last `forgetUnused` used.
    private var kept: [Key: PowerAnalysis] = [:]
    /// What the runs since then used.
    private var used: [Key: PowerAnalysis] = [:]

    public init() {}

    /// The analysis of `game` within `workLimit`: remembered, or computed now.
    func analysis(of game: WeightedGame, workLimit: Double, shouldStop: @escaping @Sendable () -> Bool,
                  progress: WorkProgress? = nil) -> PowerAnalysis {
        let key = Key(game: game, workLimit: workLimit)
        if let known = lock.withLock({ used[key] ?? kept[key] }) {
            lock.withLock { used[key] = known }
            return known
        }
        let analysis = PowerAnalysis(game, workLimit: workLimit, shouldStop: shouldStop, progress: progress)
        // A computation cut short says nothing about the next run: its
        // indices say so, and its dummies, computed last, may be missing.
        if !analysis.wasInterrupted && !shouldStop() { lock.withLock { used[key] = analysis } }
        return analysis
    }

    /// Forgets the analyses that no run since the last call used, so the
    /// memory holds what the current alliance needs and no more. When no run
    /// used any (after a `:help`, say), it keeps what it has.
    public func forgetUnused() {
        lock.withLock {
            guard !used.isEmpty else { return }
            kept = used
            used = [:]
        }
    }
}

extension PowerAnalysis {
    var wasInterrupted: Bool {
        [banzhaf.map { _ in () }, shapley.map { _ in () }].contains {
            if case .failure(.interrupted) = $0 { return true }
            return false
        }
    }
}
