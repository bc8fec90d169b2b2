// Two stages of the pipeline side by side on two cores: one thread hands
// batches of its work to another, in order, a bounded number ahead, as the
// lexer hands tokens to the parser (`LexerFeed`). What the receiver gets is
// what it would have been given in one thread; only where it runs differs.

import Dispatch
import Synchronization

/// Batches handed from one thread to one other, in order. The giver waits
/// while `depth` batches are unread, so what is in flight stays bounded; the
/// taker waits while there are none. Each side waits only when it must,
/// says so under the lock, and is woken once by the other: every wait has
/// its wake, so neither semaphore is left owing when the hand-off goes. The
/// giver is woken when half the batches are read, not at each one.
final class Handoff<Batch: Sendable>: Sendable {
    private struct State {
        var batches: [Batch] = []
        var abandoned = false
        var giverWaits = false
        var takerWaits = false
    }
    private enum Step { case abandoned, wait, given(wake: Bool) }
    private let depth: Int
    private let state = Mutex(State())
    private let giverWakes = DispatchSemaphore(value: 0)
    private let takerWakes = DispatchSemaphore(value: 0)

    init(depth: Int) {
        self.depth = max(depth, 2)
    }

    /// Hands `batch` over, first waiting for room; false when the taker has
    /// given up (`abandon`), and the batch is dropped.
    @discardableResult
    func give(_ batch: Batch) -> Bool {
        while true {
            let step = state.withLock { state -> Step in
                if state.abandoned { return .abandoned }
                guard state.batches.count < depth else {
                    state.giverWaits = true
                    return .wait
                }
                state.batches.append(batch)
                defer { state.takerWaits = false }
                return .given(wake: state.takerWaits)
            }
            switch step {
            case .abandoned: return false
            case .wait: giverWakes.wait()
            case .given(let wake):
                if wake { takerWakes.signal() }
                return true
            }
        }
    }

    /// The next batch, waiting for one to be given.
    func take() -> Batch {
        while true {
            let (batch, wake) = state.withLock { state -> (Batch?, Bool) in
                guard !state.batches.isEmpty else {
                    state.takerWaits = true
                    return (nil, false)
                }
                let batch = state.batches.removeFirst()
                let wake = state.giverWaits && state.batches.count <= depth / 2
                if wake { state.giverWaits = false }
                return (batch, wake)
            }
            if wake { giverWakes.signal() }
            if let batch { return batch }
            takerWakes.wait()
        }
    }

    /// The taker stops taking: the giver's next `give` returns false at
    /// once, and a giver waiting for room is woken to hear it.
    func abandon() {
        let wake = state.withLock { state in
            state.abandoned = true
            defer { state.giverWaits = false }
            return state.giverWaits
        }
        if wake { giverWakes.signal() }
    }
}
