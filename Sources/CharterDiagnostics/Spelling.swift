// "Did you mean …?" — the closest candidate to a misspelt word, as
// starlark-go's spell package does: edit distance, bounded by the word's
// length so that wild guesses are not offered.
//
// A name an attacker chooses is looked for among names an attacker chooses,
// so a suggestion costs bounded work however many names there are: the
// candidates are indexed once (`Spelling.Candidates`) by their length and
// their pairs of letters, and a word is compared with at most
// `comparedPerWord` of them — all those of a length within reach when there
// are no more than that, which is every real alliance, and otherwise the
// `comparedByPairs` sharing the most pairs of letters with it.

public enum Spelling {
    /// The candidate closest to `word`, if any is close enough to be a likely
    /// typo. For many words among the same candidates, index them once with
    /// `Candidates`.
    public static func suggestion<S: Sequence>(for word: String, among candidates: S) -> String?
    where S.Element == String {
        Candidates(candidates).suggestion(for: word)
    }

    /// The longest word a suggestion is looked for, in bytes: comparing costs
    /// the product of the two lengths, and a name of a million letters is no
    /// typo anyway. Candidates longer than twice this are passed over.
    static let longestWord = 64
    /// The most candidates a word is compared with by edit distance.
    static let comparedPerWord = 1_000
    /// When more than `comparedPerWord` candidates are of a length within
    /// reach: the most entries of the lists of pairs of letters read to choose
    /// some, and the most of those sharing the most pairs compared.
    static let pairsReadPerWord = 8_192
    static let comparedByPairs = 200

    /// Candidate names indexed for suggestions: made once for a set of names,
    /// asked about many words.
    public struct Candidates: Sendable {
        /// The names, without repeats, in the order they first came.
        private let names: [String]
        /// Each name's place in the order of the names, for choices that must not
        /// depend on the order they came in.
        private let rank: [Int]
        /// The lowercased names' scalars, one after another, and where each starts.
        private let scalars: [Unicode.Scalar]
        private let starts: [Int]
        /// The names by their lowercased spelling, in name order.
        private let byLowered: [String: [Int]]
        /// The names by what comes before each `_` in them, lowercased, in name order:
        /// `values_driven` is offered for `values`.
        private let byPrefix: [String: [Int]]
        /// The names by the count of scalars of their lowercased spelling, in name order.
        private let byLength: [[Int]]
        /// The names by each pair of adjacent scalars in their lowercased
        /// spelling, its start and end marked; made only when there are more
        /// names than a word is compared with.
        private let byPair: [UInt64: [Int]]
        /// The units of work indexing took: a name, a prefix, a pair.
        public let work: Int
        /// How many names there are.
        public var count: Int { names.count }

        public init<S: Sequence>(_ candidates: S) where S.Element == String {
            var names: [String] = []
            var seen: Set<String> = []
            var work = 0
            for candidate in candidates where candidate.utf8.count <= longestWord * 2 {
                work += 1
                if seen.insert(candidate).inserted { names.append(candidate) }
            }
            let order = names.indices.sorted { names[$0] < names[$1] }
            var rank = [Int](repeating: 0, count: names.count)
            for (place, id) in order.enumerated() { rank[id] = place }
            var scalars: [Unicode.Scalar] = []
            var starts: [Int] = [0]
            var byLowered: [String: [Int]] = [:]
            var lowered: [String] = []
            for name in names {
                let lower = name.lowercased()
                lowered.append(lower)
                scalars += lower.unicodeScalars
                starts.append(scalars.count)
            }
            // In name order, so that of two names alike but for case the
            // suggestion is the same whatever order the names came in.
            for id in order { byLowered[lowered[id], default: []].append(id) }
            var byPrefix: [String: [Int]] = [:]
            var byLength: [[Int]] = []
            var byPair: [UInt64: [Int]] = [:]
            let pairs = names.count > comparedPerWord
            for id in order {
                let lower = lowered[id]
                var index = lower.startIndex
                while let underscore = lower[index...].firstIndex(of: "_") {
                    work += 1
                    byPrefix[String(lower[..<underscore]), default: []].append(id)
                    index = lower.index(after: underscore)
                }
                let length = starts[id + 1] - starts[id]
                while byLength.count <= length { byLength.append([]) }
                byLength[length].append(id)
                if pairs {
                    for pair in Self.pairs(scalars[starts[id]..<starts[id + 1]]) {
                        work += 1
                        byPair[pair, default: []].append(id)
                    }
                }
            }
            (self.names, self.rank, self.scalars, self.starts) = (names, rank, scalars, starts)
            (self.byLowered, self.byPrefix, self.byLength, self.byPair) = (byLowered, byPrefix, byLength, byPair)
            self.work = work
        }

        /// The candidate closest to `word`, if any is close enough to be a likely typo.
        public func suggestion(for word: String) -> String? {
            var work = 0
            return suggestion(for: word, work: &work)
        }

        /// The same, adding to `work` a unit for each candidate compared with
        /// `word` and each entry read to choose them.
        public func suggestion(for word: String, work: inout Int) -> String? {
            suggestion(for: word, leavingOut: { _ in false }, adding: nil, work: &work)
        }

        /// The same among these candidates but those `leavingOut` is true of,
        /// and those of `more`: a set of names with a few changed, without
        /// indexing it again.
        public func suggestion(for word: String, leavingOut: (String) -> Bool, adding more: Candidates?,
                               work: inout Int) -> String? {
            guard let question = Question(word) else { return nil }
            var best = match(question, leavingOut: leavingOut, work: &work)
            if let more, let other = more.match(question, leavingOut: { _ in false }, work: &work) {
                // An exact match among these comes first, as if `more` came after them.
                if best.map({ other.isBetter(than: $0) }) ?? true { best = other }
            }
            return best?.name
        }

        /// A word to find a suggestion for.
        private struct Question {
            var word: String
            var lowered: String
            var scalars: [Unicode.Scalar]
            /// The most edits a likely typo has.
            var limit: Int

            init?(_ word: String) {
                guard word.utf8.count <= longestWord else { return nil }
                self.word = word
                lowered = word.lowercased()
                scalars = Array(lowered.unicodeScalars)
                // About one edit per three characters; a word of one or two
                // characters is too short to guess from (`a` is not a typo of `n`).
                limit = word.count < 3 ? 0 : max(1, (word.count + 1) / 3)
            }
        }

        /// What was found, best first: a name differing only in case, then the
        /// closest name (the first in order among the equally close), then a
        /// longer name that starts with the word and `_`.
        private struct Match {
            enum Kind: Int { case sameLetters, close, longer }
            var kind: Kind
            var distance = 0
            var name: String

            func isBetter(than other: Match) -> Bool {
                if kind != other.kind { return kind.rawValue < other.kind.rawValue }
                if kind == .sameLetters { return false }
                return (distance, name) < (other.distance, other.name)
            }
        }

        private func match(_ question: Question, leavingOut: (String) -> Bool, work: inout Int) -> Match? {
            func left(_ id: Int) -> Bool { names[id] == question.word || leavingOut(names[id]) }
            if let same = byLowered[question.lowered]?.first(where: { !left($0) }) {
                return Match(kind: .sameLetters, name: names[same])
            }
            var best: Match?
            let limit = question.limit
            let shortest = max(0, question.scalars.count - limit)
            let longest = min(byLength.count - 1, question.scalars.count + limit)
            var compared: [Int] = []
            if shortest <= longest {
                let within = byLength[shortest...longest].reduce(0) { $0 + $1.count }
                compared = within <= comparedPerWord
                    ? byLength[shortest...longest].flatMap { $0 }
                    : sharingMostPairs(question, lengths: shortest...longest, work: &work)
            }
            for id in compared where !left(id) {
                work += 1
                let distance = Spelling.editDistance(question.scalars, scalars[starts[id]..<starts[id + 1]], limit: limit)
                guard distance <= limit else { continue }
                let found = Match(kind: .close, distance: distance, name: names[id])
                if best.map({ found.isBetter(than: $0) }) ?? true { best = found }
            }
            if best == nil, question.word.count >= 4, let longer = byPrefix[question.lowered]?.first(where: { !left($0) }) {
                best = Match(kind: .longer, name: names[longer])
            }
            return best
        }

        /// The candidates of a length within reach that share the most pairs
        /// of letters with the word (the first in name order among equals), at
        /// most `comparedByPairs`; the pairs fewest names have are read first,
        /// up to `pairsReadPerWord` entries in all.
        private func sharingMostPairs(_ question: Question, lengths: ClosedRange<Int>, work: inout Int) -> [Int] {
            let lists = Set(Self.pairs(question.scalars[...])).compactMap { pair in byPair[pair].map { (pair, $0) } }
                .sorted { ($0.1.count, $0.0) < ($1.1.count, $1.0) }
            var shared: [Int: Int] = [:]
            var unread = pairsReadPerWord
            for (_, list) in lists where unread > 0 {
                for id in list.prefix(unread) {
                    unread -= 1
                    work += 1
                    let length = starts[id + 1] - starts[id]
                    if lengths.contains(length) { shared[id, default: 0] += 1 }
                }
            }
            return shared.sorted { ($1.value, rank[$0.key]) < ($0.value, rank[$1.key]) }.prefix(comparedByPairs).map(\.key)
        }

        /// The pairs of adjacent scalars of a spelling, with its start and end
        /// marked by values past any scalar.
        private static func pairs(_ spelling: ArraySlice<Unicode.Scalar>) -> [UInt64] {
            let marked = [UInt64(0x11_0000)] + spelling.map { UInt64($0.value) } + [UInt64(0x11_0001)]
            return (1..<marked.count).map { marked[$0 - 1] << 32 | marked[$0] }
        }
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent swaps),
    /// giving up early once it exceeds `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: ArraySlice<Unicode.Scalar>, limit: Int) -> Int {
        let b = Array(b)
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
