// Members built by earlier resolutions, kept for a caller that resolves a
// program again after a small change: the REPL, after every entry, where an
// alliance of thousands of members is resolved again for a change of one.
//
// A member's build is a function of its declaration and of what the names
// it holds denote. A build is found by where its declaration is written, and
// taken only when the declaration is the same, item for item (an edit can
// change a declaration where it stands: a `remove` takes names out of its
// lists), and the names it holds were values, declared where they were:
// while the program's values are those same values, declared in the same
// places, the build would be the same, and it is taken from here instead,
// with the work it counted. Only builds that found no problem are kept: a
// problem is reported where it is found, by building; and none of a
// scenario's members, built against the scenario's own names, which the
// table of values does not hold. A kept build is what a
// fresh build gives, so the model, the diagnostics and the work of a
// resolution are those of one without memory (`BuildMemoryTests` holds the
// two to one result over edits of every kind).

import CharterDiagnostics
import CharterSyntax
import Foundation

/// The builds of members kept from one resolution to the next.
public final class BuildMemory: @unchecked Sendable {
    struct Kept {
        var declaration: MemberDecl
        var member: Member
        /// The units of work the build counted.
        var work: Int
        /// The last resolution that built or used it.
        var generation: Int
    }

    /// What builds were resolved against, and the builds.
    struct Table {
        /// Each value's name, with where it is declared.
        var values: [String: Span] = [:]
        /// The builds, and where each declaration is in `builds`: read in
        /// place there (a dictionary's values are read by copy).
        var builds: [Kept] = []
        var positions: [Span: Int] = [:]
        var generation = 0
        /// How many builds the last resolution took from here.
        var reused = 0

        /// Keeps `build` for its declaration, in place of one kept before.
        mutating func keep(_ build: Kept) {
            if let position = positions[build.declaration.span] {
                builds[position] = build
            } else {
                positions[build.declaration.span] = builds.count
                builds.append(build)
            }
        }
    }

    private let lock = NSLock()
    private var table = Table()

    public init() {}

    /// The table, for one resolution to read and add to (`give(back:)`);
    /// emptied meanwhile, so that another resolution at the same time, if
    /// there were one, would build without it rather than share it.
    func take() -> Table {
        lock.withLock {
            var taken = Table()
            swap(&taken, &table)
            return taken
        }
    }

    /// The table after a resolution of `members` members: what it built or
    /// used is kept, and, once most of what it holds went unused (members
    /// removed, declarations replaced), only that.
    func give(back returned: Table, members: Int) {
        var returned = returned
        if returned.builds.count > 2 * members + 64 {
            let used = returned.builds.filter { $0.generation == returned.generation }
            returned.builds = []
            returned.positions = [:]
            for build in used { returned.keep(build) }
        }
        lock.withLock { table = returned }
    }

    /// How many builds are kept, and how many the last resolution took.
    var count: (kept: Int, reused: Int) { lock.withLock { (table.builds.count, table.reused) } }
}
