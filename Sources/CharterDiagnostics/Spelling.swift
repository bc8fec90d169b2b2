// "Did you mean …?" — the closest candidate to a misspelt word, as
// starlark-go's spell package does: edit distance, bounded by the word's
// length so that wild guesses are not offered.

public enum Spelling {
    /// The candidate closest to `word`, if any is close enough to be a likely typo.
    public static func suggestion<S: Sequence>(for word: String, among candidates: S) -> String?
    where S.Element == String {
        // Comparing costs the product of the two lengths: a name of a
        // million letters would take hours, and is no typo anyway.
        guard word.utf8.count <= longestWord else { return nil }
        let lowered = word.lowercased()
        // About one edit per three characters; a word of one or two
        // characters is too short to guess from (`a` is not a typo of `n`).
        let limit = word.count < 3 ? 0 : max(1, (word.count + 1) / 3)
        var best: (candidate: String, distance: Int)?
        var longer: String?
        for candidate in candidates where candidate != word && candidate.utf8.count <= longestWord * 2 {
            let candidateLowered = candidate.lowercased()
            if candidateLowered == lowered { return candidate }
            // `values` for `values_driven`: the first part of a longer name.
            if word.count >= 4 && candidateLowered.hasPrefix(lowered + "_") && (longer.map { candidate < $0 } ?? true) {
                longer = candidate
            }
            let distance = editDistance(lowered, candidate.lowercased(), limit: limit)
            guard distance <= limit else { continue }
            if best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.candidate) {
                best = (candidate, distance)
            }
        }
        return best?.candidate ?? longer
    }

    /// The longest word a suggestion is looked for, in bytes.
    static let longestWord = 64

    /// Optimal string alignment distance (Levenshtein plus adjacent swaps),
    /// giving up early once it exceeds `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
