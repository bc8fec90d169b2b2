// The catalog of built-in checks: for each, a stable ID that never changes
// meaning, a kebab-case name, a family, a default severity, a one-line summary
// and the explanation `charter explain` prints. The explanations cite the
// reasoning of values-driven alliances (Boonstra & Eguiguren, *Alliances for
// Sustainable Futures*, 2023) that each check comes from. The code that runs
// the checks lives in one file per family; the two are kept in step by a test.

import CharterDiagnostics

/// The families of checks, in the order the brief lists them.
public enum CheckFamily: String, CaseIterable, Sendable {
    case structure
    case principles
    case power
    case motivation
    case washing
    case balance
    case trust
    case management
    case lifeStage = "lifestage"

    public var title: String {
        switch self {
        case .structure: "structure"
        case .principles: "conflicting principles"
        case .power: "unbalanced power"
        case .motivation: "motivation"
        case .washing: "value washing"
        case .balance: "balance of social and business goals"
        case .trust: "trust and communication"
        case .management: "management model"
        case .lifeStage: "life stage"
        }
    }
}

/// One built-in check.
public struct Check: Sendable {
    /// A stable ID, such as `C301`.
    public let id: String
    /// The family and a kebab-case name, such as `power.dictator`.
    public let name: String
    public let family: CheckFamily
    public let severity: Severity
    /// What it finds, in one line.
    public let summary: String
    /// Why it matters and how to fix it.
    public let explanation: String

    public var code: DiagnosticCode { DiagnosticCode(id, name, severity) }
}

/// Every built-in check.
public enum Catalog {
    // MARK: Structure

    public static let memberWithoutVoice = Check(
        id: "C101", name: "structure.member-without-voice", family: .structure, severity: .info,
        summary: "a member sits in no decision-making body",
        explanation: """
        A member that sits in no body has no say in any decision of the alliance: it is a partner, an \
        observer or a sponsor, but not a member in the sense of the alliance's governance.

        Why it matters: an alliance lives only while its members feel it is theirs. A member without a \
        voice may be intended (a research partner, an observer), but when it is not, it is the first \
        to leave when "some of the members insist on continuing to pursue the original values, while \
        another wants to move to a more classic, corporate or power-oriented role".

        How to fix: add the member to a body (an assembly of all members is the usual place), or, if \
        the member is meant to have no vote, suppress this finding on its declaration and say why.

        The rest of the structure family is checked while the files are read: unknown and duplicate \
        names (E301, E302), references of the wrong kind (E303), shares out of range (E401) and \
        quotas above the total weight (E402).
        """)

    public static let channelReachesNobody = Check(
        id: "C102", name: "structure.channel-reaches-nobody", family: .structure, severity: .warning,
        summary: "a channel's selection reaches no member",
        explanation: """
        The channel's `reaches` selects no member at all: its query matches nobody, or its blocs are empty.

        Why it matters: a channel that reaches nobody gives the impression of open communication \
        without any. The alliance believes members are informed when they are not.

        How to fix: correct the selection (a typo in a query, such as `kind == ngo` where the members \
        are `civil_society`, is the usual cause), or remove the channel.
        """)

    public static let vetoOutsideQuery = Check(
        id: "C103", name: "structure.veto-outside-body", family: .structure, severity: .warning,
        summary: "a veto held by a member the body does not select",
        explanation: """
        The body chooses its members by a query (`members where …`), and a member that holds a veto \
        in it is not among the members the query selects. The veto has no effect: a member outside a \
        body cannot block its decisions. (For a body that lists its members, the same mistake is an \
        error found while reading the file, E405; in the REPL, an edit that takes the holder out of \
        the body's members — removing the bloc that seated it — leaves it as this finding.)

        Why it matters: the alliance believes a safeguard is in place — the residents can stop what \
        happens in their homes, the GP can stop a medication policy — and it is not.

        How to fix: widen the query so that it selects the member, or list the body's members.
        """)

    public static let emptyBloc = Check(
        id: "C104", name: "structure.empty-bloc", family: .structure, severity: .warning,
        summary: "a bloc selects no member",
        explanation: """
        The bloc's selection holds no member at all: its query matches nobody, or the members and \
        blocs it lists are gone — in the REPL or a scenario, `remove` takes a removed member out of \
        every bloc, and a bloc can be left with none (the REPL writes it `members where false`).

        Why it matters: a bloc names a group the alliance reasons about — the founders, the \
        residents. An empty one says the group is gone: every body, channel and rule that counts on \
        it counts on nobody, and a question about it (`winning(founders, board)`) is about no one.

        How to fix: correct the selection, or remove the bloc and what relies on it.
        """)

    // MARK: Conflicting principles

    public static let valueConflict = Check(
        id: "C201", name: "principles.value-conflict", family: .principles, severity: .warning,
        summary: "one principle upholds a value that another principle opposes",
        explanation: """
        Two adopted principles take opposite sides of one value: one upholds it, the other opposes it.

        Why it matters: a values-driven alliance rests on "clear values and principles that steer the \
        alliance in a certain direction and guide the members". Principles that pull the same value in \
        opposite directions steer nowhere: each member can cite the one it prefers.

        How to fix: drop or reword one of the principles. If both are defensible and the alliance means \
        to balance them rather than choose — one of the paradoxes of alliances — declare it: \
        `tension first_principle vs second_principle "why both matter"`. A declared tension is not \
        reported.
        """)

    public static let deonticConflict = Check(
        id: "C202", name: "principles.deontic-conflict", family: .principles, severity: .error,
        summary: "two rules oblige and forbid the same action to the same actor",
        explanation: """
        One rule says an actor `must` do something and another says the same actor `must not` do the \
        same thing, under the same condition (or neither with a condition), so they always collide. \
        Actors overlap when they are the same member, bloc or body, or when one rule binds every \
        member and the other a member, bloc or body among them. Aims are compared word for word, \
        ignoring case and spacing.

        Why it matters: in the institutional grammar behind Charter's rules (Ostrom's ADICO), a must \
        and a must-not on the same aim, actor and condition cannot both be obeyed. Whoever applies the \
        sanctions can then punish anyone, and trust between members — which "open communication" \
        and "mutual trust" depend on — erodes.

        How to fix: remove one rule, narrow one rule's actor (`every member of founders`), or give the \
        two rules conditions that do not overlap.
        """)

    public static let permissionConflict = Check(
        id: "C203", name: "principles.permission-conflict", family: .principles, severity: .warning,
        summary: "one rule permits what another forbids, for the same actor",
        explanation: """
        One rule says an actor `may` do something, another that the same actor `must not` do it, under \
        the same condition (or neither with a condition). (Under different conditions the prohibition \
        is usually an exception — `must not leave when "a project it leads is running"` beside `may \
        leave` — and C206 says so, as information.)

        Why it matters: a permission next to a prohibition leaves members unsure which one holds. \
        Disputes follow, and they are settled by whoever has the most power rather than by the rules.

        How to fix: make the permission an exception in words (`may … when` a condition the \
        prohibition excludes), or remove one of the rules.
        """)

    public static let possibleConflict = Check(
        id: "C206", name: "principles.possible-deontic-conflict", family: .principles, severity: .info,
        summary: "an obligation or permission and a prohibition of the same action under different conditions",
        explanation: """
        One rule says an actor `must` (or `may`) do something, another that the same actor `must not` \
        do it, and their conditions differ: one has a condition and the other none, or they have \
        different ones. Charter cannot tell from the words whether both can apply at once (`yearly` \
        and `in_debt` can); where they do, the two rules contradict each other (see C202 and C203).

        Why it matters: this is usually an exception written as a second rule, and fine as long as \
        everyone reads it the same way. When members read it differently, it is a dispute waiting \
        to happen.

        How to fix: make the exception explicit in one rule's condition (`when yearly and "it is not \
        in debt"`), or confirm that the conditions exclude each other and suppress this finding.
        """)

    public static let memberHoldsOpposedValue = Check(
        id: "C204", name: "principles.member-holds-opposed-value", family: .principles, severity: .warning,
        summary: "a member holds a value that the alliance's principles oppose",
        explanation: """
        Members declare that they hold a value that one of the alliance's principles opposes. One \
        finding for each opposed value names every member that holds it. A `tension` between the \
        value and one the principle upholds (`tension speed vs care`) declares the trade-off, and \
        silences this finding, C201 and C205 for that pair.

        Why it matters: the alliance needs "the right members on board with the right motivation". A \
        member whose own values run against the principles is where the split the book warns of \
        begins: "some of the members insist on continuing to pursue the original values, while \
        another wants to move to a more classic, corporate or power-oriented role".

        How to fix: when the alliance's own mission speaks of the value, or its goals serve it, the \
        principle is what to revisit, and the help says so. Otherwise talk with the members: either \
        their holds lists are out of date, or the alliance has to decide whether the principle still \
        stands, or whether the members belong.
        """)

    public static let goalServesOpposedValue = Check(
        id: "C205", name: "principles.goal-serves-opposed-value", family: .principles, severity: .warning,
        summary: "a goal serves a value that the alliance's principles oppose",
        explanation: """
        Goals say they serve a value that one of the alliance's principles opposes. One finding for \
        each opposed value names every goal that serves it; a `tension` between the value and one the \
        principle upholds declares the trade-off and silences it.

        Why it matters: the goals are where an alliance spends its effort. A goal that pursues what the \
        principles reject shows the alliance drifting away from its values while it keeps their words.

        How to fix: reconsider the goal (what does it really serve?) or the principle.
        """)

    // MARK: Power

    public static let dictator = Check(
        id: "C301", name: "power.dictator", family: .power, severity: .error,
        summary: "a member can decide alone in a body",
        explanation: """
        A member's weight reaches the body's quota on its own (and no veto of another member stands in \
        its way): it wins every vote alone, and every other member of the body is a dummy.

        Why it matters: an alliance is teamwork — "change is not the job of the individual or an \
        isolated institution". A body that one member controls is not a joint body at all, and the \
        others will notice.

        How to fix: lower the member's weight, raise the quota, or decide by head count.

        How power is computed: each decision rule is a weighted game over the body's members. \
        Unanimity and consensus: every member weighs 1 and the quota is all of them. A majority by \
        head: weight 1 each, quota more than half (or at least the share) of the members. A weighted \
        majority: the members' weights, quota more than half (or at least the share) of the total \
        weight, or the absolute quota. A veto makes its holder part of every winning coalition for the \
        matters it covers. Quorums are not part of the game: power assumes every member votes. See \
        `charter power` for the numbers.
        """)

    public static let hiddenVeto = Check(
        id: "C302", name: "power.hidden-veto", family: .power, severity: .warning,
        summary: "the weights give a member a veto that nobody declared",
        explanation: """
        Without this member, the rest of the body together cannot reach the quota: the member is in \
        every winning coalition, a veto player, although no `veto` gives it that right. (Rules that \
        give everyone a veto by design, unanimity and consensus, are not reported.)

        Why it matters: a veto nobody decided to give is power nobody agreed to. It usually appears \
        when a large member joins a body with a high quota, and it lets that member block every \
        decision, including the ones about its own role.

        How to fix: lower the quota or the member's weight until the others can carry a decision \
        without it — or, if the veto is intended, declare it with `veto`, so that it is visible.
        """)

    public static let declaredVeto = Check(
        id: "C303", name: "power.declared-veto", family: .power, severity: .info,
        summary: "what a declared veto does to a member's power",
        explanation: """
        A member holds a declared veto in a body. The finding reports how much of the body's power \
        (Banzhaf index) the veto gives it, next to its share of the votes.

        Why it matters: vetoes are sometimes necessary — a government that must implement a decision, \
        a founder protecting the mission — but they are the most concentrated form of power an \
        alliance can hand out. Members should see how much the veto weighs.

        How to fix: nothing, if the veto is meant. Otherwise limit it to the matters that need it \
        (`veto member on mission_change`) instead of every matter.
        """)

    public static let dummy = Check(
        id: "C304", name: "power.dummy", family: .power, severity: .warning,
        summary: "a member's vote never changes the outcome",
        explanation: """
        In no coalition does this member's vote turn a losing coalition into a winning one: whatever it \
        votes, the result is the same. Its Banzhaf and Shapley–Shubik indices are zero. A member of \
        weight 0 in a weighted vote is always a dummy; with positive weights it happens when the other \
        weights and the quota leave no room (in the EEC Council of 1958, Luxembourg's one vote never \
        mattered).

        Why it matters: a voice without power. Members notice sooner or later that their vote never \
        counts, and the alliance loses the commitment of exactly the members it has the least hold on.

        How to fix: change the weights or the quota (`charter power` shows the effect), or take the \
        member out of the body and give it a role that does not pretend to be a vote.
        """)

    public static let improperQuota = Check(
        id: "C305", name: "power.improper-quota", family: .power, severity: .warning,
        summary: "two disjoint coalitions can both win",
        explanation: """
        The quota is at or below half of the votes, and some coalition and the members outside it can \
        both reach it: two opposite decisions can both pass.

        Why it matters: a decision rule should settle a question. When both sides can win, the outcome \
        depends on who calls the vote first, and the losing side will not accept it.

        How to fix: require more than half of the votes (`by weighted majority`, or a share above 50%).
        """)

    public static let powerConcentration = Check(
        id: "C306", name: "power.concentration", family: .power, severity: .warning,
        summary: "one member, or a minority bloc, holds more power than the threshold",
        explanation: """
        One member's normalized Banzhaf index in a body is above the power threshold (one third by \
        default; `threshold` under `[power]` in charter.toml changes it) — or the members of a bloc \
        with fewer than half of the body's seats hold more than the threshold together, and more \
        than their share of the seats. The \
        Banzhaf index is the member's share of all the swings in the body: the coalitions its vote \
        turns from losing into winning. Bodies in which every member holds the same power, and \
        members whose power comes from a declared veto (see C303), are not reported.

        Why it matters: an alliance in which one member holds a third or more of the power of a body is \
        on its way to being that member's network: "the once values-driven alliance … gradually \
        mutate[s] into a corporate or institutional network".

        How to fix: rebalance the weights, raise the quota so that more members must agree, or add \
        members to the body.
        """)

    public static let minorityBlocWins = Check(
        id: "C307", name: "power.minority-bloc-wins", family: .power, severity: .warning,
        summary: "a bloc with less than half of a body's members can win alone",
        explanation: """
        A declared bloc holds fewer than half of a body's members, yet together its members reach the \
        quota (and hold every veto): the bloc can carry any decision of the body on its own.

        Why it matters: blocs are how alliances name the groups whose interests may diverge — \
        founders, businesses, governments. A minority group that can outvote the rest is the \
        "power-oriented role" the book warns about, already written into the rules.

        How to fix: raise the quota, rebalance the weights, or add a veto for the members the bloc can \
        outvote on the matters that concern them.
        """)

    public static let weightPowerGap = Check(
        id: "C308", name: "power.weight-power-gap", family: .power, severity: .warning,
        summary: "a member's power is far from its share of the votes",
        explanation: """
        In a weighted vote, a member's Banzhaf index differs from its share of the weight by the power \
        gap or more (10 percentage points by default; `gap` under `[power]` in charter.toml). Power is not \
        proportional to weight: it depends on which coalitions a member can complete. Large members \
        often hold more power than their weight, and middle-sized ones less.

        Why it matters: members agree to weights believing they divide influence in proportion. When \
        power and weight diverge, the agreement the alliance thinks it made is not the one it has.

        How to fix: `charter power` shows power beside weight for every member; adjust the weights or \
        the quota until they are close, or tell the members what the weights really mean.
        """)

    public static let businessCanWin = Check(
        id: "C309", name: "power.business-can-win", family: .power, severity: .warning,
        summary: "business- and power-motivated members can win without any values-driven member",
        explanation: """
        The members whose motivation is `business` or `power` together reach a body's quota and hold \
        every veto: they can pass decisions without a single values-driven member. The finding lists \
        the coalition.

        Why it matters: this is the failure the book names: "the once values-driven alliance … \
        gradually mutate[s] into a corporate or institutional network, even though people in the \
        alliance will continue to use the same transformational language". When the members who \
        joined for business can decide alone, the values are a matter of their goodwill.

        How to fix: raise the quota so that values-driven members are always needed, give \
        values-driven members a veto on mission and values, or rebalance the weights.
        """)

    public static let blocCanBlock = Check(
        id: "C311", name: "power.bloc-can-block", family: .power, severity: .warning,
        summary: "a business- or power-motivated group, or a minority bloc, can block a core matter",
        explanation: """
        In a body that decides a core matter — admission, exit, changing the statutes or the strategy \
        (a matter named so, or one that says `about admission`, `about exit`, `about statutes` or \
        `about strategy`) — a group can stop every decision on it: without the group's votes, the \
        others do not reach the quota, or the group holds a veto. The group is the business- and \
        power-motivated members of the body together, a declared bloc whose members are all business- \
        or power-motivated, or a declared bloc with fewer than half of the body's members. One finding \
        for each group and body names every core matter it can block. Unanimity and consensus are left \
        out: there everyone can block, as the alliance chose.

        How it is computed: a group blocks when the members outside it do not win (`blocks(group, \
        body, matter)` asks the same). A quorum counts: a group whose absence leaves too few present \
        blocks by staying away. `charter power` shows every member's power to block — Coleman's power \
        to prevent action: of the coalitions that can pass a decision, the share that fail without the \
        member — and the smallest groups that can block.

        Why it matters: the failure the book warns of is a split, "when some of the members insist on \
        continuing to pursue the original values, while another wants to move to a more classic, \
        corporate or power-oriented role". A business-minded minority that can block admission, exit, \
        the statutes or the strategy can hold the alliance's direction hostage, even where it cannot \
        win a vote alone. A supermajority always lets some minority block (a third can block a \
        two-thirds rule): that is the rule at work, and a minority bloc is reported only when it blocks \
        with a smaller share of the seats than the rule needs to block by weight (heavy members, a \
        veto, a quorum), while a business-minded group is reported whenever it can block.

        How to fix: lower the quota for the matter, rebalance the weights, or decide the matter in a \
        body where the group is not a blocking minority; suppress the finding where the minority's \
        protection is intended.
        """)

    public static let valuesCannotBlock = Check(
        id: "C312", name: "power.values-cannot-block", family: .power, severity: .warning,
        summary: "the values-driven members cannot stop a change of the statutes",
        explanation: """
        A body decides the statutes (a matter named `statutes`, `charter`, `constitution` and the like, \
        or one that says `about statutes`), and the alliance's values-driven members in it cannot \
        block such a change: the others reach the quota without them, or none of them sits in the body.

        Why it matters: the statutes hold the alliance's mission, values and rules. When the members \
        who joined for the values cannot stop a change of them, the alliance can "gradually mutate into \
        a corporate or institutional network, even though people in the alliance will continue to use \
        the same transformational language".

        How to fix: decide statutes by a qualified majority that needs the values-driven members, or \
        give them a veto on the statutes (`veto … on statutes`).
        """)

    public static let dominantFunder = Check(
        id: "C313", name: "power.dominant-funder", family: .power, severity: .warning,
        summary: "one member pays more than a set share of the money contributed",
        explanation: """
        One member's `contribution` is more than a share of all the money the members contribute \
        (more than 50% by default; `funder-share` under `[power]` in charter.toml). Only amounts \
        count: a contribution given as text (`contribution "office space"`) is in kind, not money, \
        and never causes this finding.

        Why it matters: an alliance that depends on one funder decides, in the end, what that funder \
        accepts, whatever its bodies say. It cannot "keep its ambition alive" against its funder's \
        wishes, and the others' trust rests on the funder staying.

        How to fix: spread the funding (more members contributing, or contributions in proportion), \
        or agree in a rule what happens when the funder leaves, and make its influence explicit.
        """)

    public static let funderWithoutVoice = Check(
        id: "C314", name: "power.funder-without-voice", family: .power, severity: .warning,
        summary: "a large contributor has no seat, or far less power than its share of the money",
        explanation: """
        A member pays at least a quarter of the money contributed, or at least twice its equal share, \
        and it sits in no body that decides anything, or its power (Banzhaf) in every body it sits in \
        is below its share of the money by the power gap or more (10 percentage points by default; \
        `gap` under `[power]` in charter.toml). Contributions given as text are not money and never \
        count.

        Why it matters: money without voice is influence outside the rules. A funder with no say \
        either loses interest, or finds other ways to get its way, and the management model no longer \
        says who decides. Giving voice in proportion to what members bring is part of "an appropriate \
        management model".

        How to fix: give the member a seat or a weight that matches what it brings, or say in a rule \
        how its contribution is accounted for (and suppress the finding there).
        """)

    public static let powerUnavailable = Check(
        id: "C310", name: "power.not-computed", family: .power, severity: .info,
        summary: "a body is too large to compute its power within the limits",
        explanation: """
        The exact computation of the Banzhaf or Shapley–Shubik index for a body would take longer than \
        the limit (`work-limit` under `[power]` in charter.toml), its tables would hold more than \
        512 MiB at once, or the budget of one run — twice the work limit, over all bodies — was spent \
        on other bodies; so it was not done, and the power checks that need it were skipped for this \
        body. The work is the table cells the dynamic programme visits, each worth what it costs: a \
        cell of 128-bit counts or of counts by size is worth several of 32-bit counts, and a cell of a \
        table too large for the processor's cache more. It grows with the number of members, the \
        number of distinct weights and the quota; the finding says which tables make it costly. \
        `charter power FILE --body NAME` computes one body on its own, with a larger limit.

        Why it matters: nothing is wrong with the alliance; the finding says which answers are missing.

        How to fix: large weights with a common factor can be divided by it (weights 100, 200, 300 \
        behave exactly like 1, 2, 3, with the quota divided too).
        """)

    // MARK: Motivation

    public static let noSharedValue = Check(
        id: "C401", name: "motivation.no-shared-value", family: .motivation, severity: .warning,
        summary: "a member holds none of the values the alliance's principles uphold",
        explanation: """
        The member holds none of the values that the alliance's principles uphold — or holds no value \
        at all.

        Why it matters: "a big challenge for values-driven alliances is to keep their ambition alive … \
        For this, they need the right members on board with the right motivation." A member that \
        shares none of the alliance's values is on board for something else.

        How to fix: ask the member which of the alliance's values it holds and record them, or \
        reconsider its membership.
        """)

    public static let businessFounders = Check(
        id: "C402", name: "motivation.business-founders", family: .motivation, severity: .warning,
        summary: "most founding members are business- or power-motivated",
        explanation: """
        More than half of the members that joined in the forming stage are motivated by business or \
        power rather than by the alliance's values.

        Why it matters: the founders set the alliance's course. An alliance founded mostly for business \
        or position will find it hard to "keep its ambition alive and to continue to contribute to \
        social change"; it is a corporate network from the start, speaking a values-driven language.

        How to fix: bring values-driven founding partners on board, or be honest that this is a \
        business alliance taking "steps in a value-based paradigm".
        """)

    public static let motivationUnknown = Check(
        id: "C403", name: "motivation.undeclared", family: .motivation, severity: .info,
        summary: "a member declares no motivation",
        explanation: """
        The member declares no `motivation`, so the checks that weigh motivations (C309, C402) cannot \
        count it.

        Why it matters: "the right members … with the right motivation" can only be judged when the \
        motivation is known.

        How to fix: add `motivation values_driven`, `business`, `power` or `mixed` to the member.
        """)

    // MARK: Value washing

    public static let unbackedValue = Check(
        id: "C501", name: "washing.unbacked-value", family: .washing, severity: .warning,
        summary: "a value that no principle upholds, no goal serves and no rule names",
        explanation: """
        The alliance declares a value, but no principle upholds it, no goal serves it and no rule \
        names it (in its aim, condition or sanction). Values that a principle opposes are not reported: \
        they are named in order to be rejected.

        Why it matters: this is the mark of an alliance that has mutated "into a corporate or \
        institutional network, even though people in the alliance will continue to use the same \
        transformational language": the value is in the charter, and nothing the alliance does follows \
        from it.

        How to fix: give the value substance — a principle that upholds it, a goal that serves it with \
        a measurable target, a rule that enforces it — or remove it.
        """)

    public static let unheldValue = Check(
        id: "C502", name: "washing.unheld-value", family: .washing, severity: .warning,
        summary: "a value the principles uphold that no member holds",
        explanation: """
        A principle upholds the value, but no member declares that it holds it.

        Why it matters: values steer an alliance through its members. A value that only the documents \
        carry is transformational language without anyone to live it.

        How to fix: record which members hold the value, or ask whether the alliance still means it.
        """)

    // MARK: Balance

    public static let socialBelowPromise = Check(
        id: "C601", name: "balance.social-below-promise", family: .balance, severity: .warning,
        summary: "social goals weigh less than the balance the alliance promises",
        explanation: """
        The social goals' share of all goals, by weight (each goal weighs 1 unless it declares a \
        `weight`), is below the share the alliance promises in `balance social >= …` — or, when the \
        alliance promises none, below the default (50%; `social` under `[balance]` in charter.toml).

        Why it matters: alliances must "maintain the right balance between social significance and \
        business goals". A promise the goals do not keep is the first sign of ambition fading.

        How to fix: add social goals or weigh them more, or revise the promise openly.
        """)

    public static let noBusinessGoal = Check(
        id: "C602", name: "balance.no-business-goal", family: .balance, severity: .warning,
        summary: "the alliance has goals, but none for its members' business",
        explanation: """
        The alliance declares goals, and every one is social.

        Why it matters: the balance cuts both ways. Members — companies above all — stay in an \
        alliance when it also serves their business; an alliance with no business goal depends on \
        goodwill alone and loses members when budgets tighten.

        How to fix: name what members gain — shared services, market access, lower costs — as a \
        `business` goal.
        """)

    // MARK: Trust and communication

    public static let unreachedMember = Check(
        id: "C701", name: "trust.unreached-member", family: .trust, severity: .warning,
        summary: "a member is reached by no channel",
        explanation: """
        No channel of the alliance reaches this member.

        Why it matters: alliances depend on "mutual trust" and "open communication between members". A \
        member that hears nothing between meetings does not trust what it hears at them.

        How to fix: add the member to a channel — `channel newsletter reaches all monthly` reaches \
        everyone.
        """)

    public static let noChannel = Check(
        id: "C702", name: "trust.no-channel", family: .trust, severity: .warning,
        summary: "the alliance declares no channel of communication",
        explanation: """
        The alliance has members but no channel: nothing says how they communicate.

        Why it matters: "open communication between members" is one of the conditions of success. An \
        alliance that has not decided how its members hear from each other leaves it to chance, and \
        to whoever controls the mailing list.

        How to fix: declare at least one channel that reaches everyone, with a frequency.
        """)

    public static let noConflictResolution = Check(
        id: "C703", name: "trust.no-conflict-resolution", family: .trust, severity: .warning,
        summary: "no rule says how conflicts between members are resolved",
        explanation: """
        No rule is `about conflict_resolution`.

        Why it matters: conflicts are certain in an alliance of companies, governments, NGOs and \
        citizens with different interests. Without an agreed way to resolve them, a conflict becomes a \
        test of power, and "mutual trust" does not survive it.

        How to fix: add a rule, such as `rule mediation about conflict_resolution { every member must \
        seek mediation when dispute }`.
        """)

    public static let noExitRule = Check(
        id: "C704", name: "trust.no-exit-rule", family: .trust, severity: .warning,
        summary: "no rule says how a member leaves",
        explanation: """
        No rule is `about exit`.

        Why it matters: members trust an alliance more when they know they can leave it in an orderly \
        way, and the alliance needs to know what happens to commitments, money and data when they do. \
        An alliance that "may even fall apart" had better have agreed how. A rule counts by what it \
        says it is about, not by its name: `rule leaving { … }` needs `about exit`.

        How to fix: add a rule, such as `rule leaving about exit { every member may leave when "it \
        gives six months notice" }`.
        """)

    public static let noTransparency = Check(
        id: "C705", name: "trust.no-transparency", family: .trust, severity: .warning,
        summary: "nothing commits the members to transparency",
        explanation: """
        No principle upholds a value about transparency, and no rule is `about reporting`. A value is \
        about transparency when it says so (`value candour "We publish everything" about transparency`), \
        or when its name or meaning speaks of transparency, openness, reporting or publishing.

        Why it matters: trust between members who do not share a hierarchy rests on seeing what the \
        others do. "Work on mutual trust" starts with open books.

        How to fix: declare a transparency value with a principle that upholds it, or a reporting \
        rule.
        """)

    // MARK: Management model

    public static let conflictingDeciders = Check(
        id: "C801", name: "management.conflicting-deciders", family: .management, severity: .warning,
        summary: "two bodies decide the same matter by different rules",
        explanation: """
        Two bodies both decide a matter, and they decide it by different rules.

        Why it matters: an "appropriate management model" says who decides what. When two bodies can \
        both decide a matter, and one needs a consensus where the other needs a majority, members take \
        each question to the body that suits them, and the decisions contradict each other.

        How to fix: give the matter to one body, or make one body propose and the other decide, with \
        two matters (`budget_proposal`, `budget`).
        """)

    public static let emptyBody = Check(
        id: "C802", name: "management.empty-body", family: .management, severity: .error,
        summary: "a body has no members",
        explanation: """
        The body's `members` select nobody: the list is empty, or its query matches no member.

        Why it matters: every matter the body decides is decided by nobody. The management model has a \
        hole exactly where the body was meant to be.

        How to fix: correct the selection, or move the body's matters to a body that has members.
        """)

    public static let undefinedSanction = Check(
        id: "C803", name: "management.undefined-sanction", family: .management, severity: .warning,
        summary: "a rule's sanction is a matter no body decides",
        explanation: """
        A rule's sanction (`or else …`) names a measure in one word — `suspension`, `exclusion`, \
        `a fine` — and no body decides a matter of that name: nobody is empowered to impose it. A \
        sanction written as a sentence ("the permit counts as granted", "the assembly elects a new \
        committee") describes a consequence that applies itself or says who applies it, and is not \
        reported.

        Why it matters: in the institutional grammar, a rule with a sanction (the "or else") is only as \
        strong as the body that can impose it. A sanction that nobody may decide is a threat nobody \
        believes — and rules that are not enforced teach members that the others are not bound either.

        How to fix: let a body decide the sanction (`decides suspension`), or name the matter the \
        sanction is (`or else exclusion` with a body that `decides exclusion`).
        """)

    public static let deadlock = Check(
        id: "C804", name: "management.deadlock", family: .management, severity: .error,
        summary: "no proposal can ever pass a body",
        explanation: """
        No coalition of the body's members reaches its quota while holding every veto: the body can \
        never decide anything (liveness fails). This happens with quotas above the weight the members \
        have, often after members left or a query selects fewer members than expected.

        A quorum is a share of the members, so a body that has members can always meet it; a body with \
        none is reported by C802.

        Why it matters: the matters this body decides are frozen. Frozen governance pushes decisions \
        into informal channels where the most powerful member decides.

        How to fix: lower the quota to a share (`by weighted majority 2/3`) so that it follows the \
        membership, or correct the body's members.
        """)

    public static let everyoneVeto = Check(
        id: "C805", name: "management.everyone-veto", family: .management, severity: .warning,
        summary: "a majority rule where every member is a veto player",
        explanation: """
        The body decides by a majority, yet every member is a veto player — the quota is so high that \
        nothing passes without everyone. The majority rule is unanimity in disguise.

        Why it matters: the members believe they agreed on a majority, and each of them can in fact \
        block every decision. Liveness in name only.

        How to fix: lower the quota, or write `by unanimity` (or `by consensus`) if that is what the \
        alliance wants, so that everyone knows.
        """)

    public static let noAmendmentBody = Check(
        id: "C806", name: "management.no-amendment-body", family: .management, severity: .warning,
        summary: "no body decides how the alliance's own rules change",
        explanation: """
        No body decides a matter about changing the alliance's own governance: one that says it is \
        (`decides charter_amendment about statutes`), or one named `statutes`, `charter`, \
        `constitution`, `governance`, `decision_making`, `rules`, `amendment(s)` or `rule_changes`.

        Why it matters: entrenchment. The decision rules, vetoes and bodies of an alliance must change \
        as it moves through its life stages. When no body may change them, the rules can only be \
        changed by breaking them — and whoever holds power today keeps it.

        How to fix: give one body, usually the assembly of all members, a matter such as `statutes`, \
        with a qualified majority.
        """)

    public static let capture = Check(
        id: "C807", name: "management.capture", family: .management, severity: .warning,
        summary: "a small minority can block every change of the rules",
        explanation: """
        In the body that decides how the rules change (see C806), a single member — through a veto, \
        unanimity or a large weight — or a group of at most a tenth of its members can block every \
        amendment. The finding names the smallest such group. (Any supermajority lets some minority \
        block; a third of the members blocking a two-thirds rule is the rule working, not capture.)

        Why it matters: capture. The alliance cannot adapt its governance through the life stages \
        without the consent of that minority, which can hold every reform hostage to its interests.

        How to fix: decide amendments by a qualified majority without vetoes, or limit vetoes to the \
        matters that need them.
        """)

    public static let undecidedAdmission = Check(
        id: "C808", name: "management.undecided-admission", family: .management, severity: .warning,
        summary: "a rule admits members, but no body decides admission",
        explanation: """
        A rule is `about admission`, but no body decides a matter about admission (one named \
        `admission`, or one that says `about admission`): the alliance says how members are admitted \
        and not who decides it.

        Why it matters: getting "the right members on board with the right motivation" is a decision \
        someone has to take, body by body and vote by vote. Without a body that decides it, admission \
        falls to whoever happens to be asked — usually the secretariat or the largest member.

        How to fix: add `admission` to the matters of the body that should decide it, usually the \
        assembly of all members.
        """)

    public static let quorumBusting = Check(
        id: "C809", name: "management.quorum-busting", family: .management, severity: .warning,
        summary: "a member or bloc can block by staying away: without it the quorum is out of reach",
        explanation: """
        A body's quorum (the share of its members, or of its weight for a weighted rule, that must \
        take part) cannot be met without a member or a declared bloc, though the others would have \
        the votes the rule needs: the member or bloc can block every decision by staying away. The \
        power analysis counts this as blocking (the body's quota is its quorum when that is higher).

        Why it matters: a boycott is the cheapest veto there is, and one that nobody voted for. \
        Members who feel outvoted learn to stay home, and a body that cannot meet freezes the matters \
        it decides — trust goes first.

        How to fix: lower the quorum to at most the rule's own share, or count members who are \
        represented by proxy; if the member is meant to have a veto, declare it.
        """)

    public static let lowQuorum = Check(
        id: "C810", name: "management.low-quorum", family: .management, severity: .warning,
        summary: "a quorum so low that a small minority present can decide",
        explanation: """
        With a quorum, a rule counts the votes cast by those who take part. When only the quorum \
        turns up, the members who can decide for everyone are fewer than a quarter of the body (by \
        head, or by weight for weighted rules): `quorum 10%` with a simple majority lets 6% decide.

        Why it matters: low turnout is normal; what a small group present decides binds every member. \
        Decisions taken that way are contested afterwards, and the members who were not there stop \
        trusting the body.

        How to fix: raise the quorum (half of the members is common), or require a share of all the \
        members for the matters that matter most.
        """)

    // MARK: Life stage

    public static let noMission = Check(
        id: "C901", name: "lifestage.no-mission", family: .lifeStage, severity: .warning,
        summary: "forming: the alliance has no mission",
        explanation: """
        The alliance declares no `mission` (or no alliance at all).

        Life stages: "a careful creation and development process in the four life stages of the \
        alliance makes an alliance stronger". Forming needs a mission and founding members before the \
        alliance builds its organisation; building needs bodies, decision rules and an admission rule; \
        developing needs goals with measurable targets and channels that reach everyone (see C701); \
        evolving needs a rule to review and renew the mission and the membership. A requirement of the \
        alliance's current stage that is not met yet is reported as information (what it needs before \
        moving on); one of an earlier stage as a warning (it moved on without it).

        Why it matters: the mission is the "common ambition" the alliance is based on; without it, \
        there is nothing to keep alive.

        How to fix: add `mission "…"` to the alliance.
        """)

    public static let noFounders = Check(
        id: "C902", name: "lifestage.no-founders", family: .lifeStage, severity: .warning,
        summary: "forming: fewer than two founding members",
        explanation: """
        Fewer than two members joined in the forming stage (`joined forming`).

        Why it matters: an alliance is formed by several partners who share an ambition; the founding \
        members carry its values into the later stages. See C901 for the life stages.

        How to fix: record which members founded the alliance with `joined forming`.
        """)

    public static let noBodies = Check(
        id: "C903", name: "lifestage.no-bodies", family: .lifeStage, severity: .warning,
        summary: "building: no decision-making body with a decision rule",
        explanation: """
        The alliance has no body with a decision rule.

        Why it matters: building is the stage in which the alliance builds "an appropriate management \
        model": who decides what, and how. See C901 for the life stages.

        How to fix: declare a body, such as an assembly of all members with a decision rule.
        """)

    public static let noAdmissionRule = Check(
        id: "C904", name: "lifestage.no-admission-rule", family: .lifeStage, severity: .warning,
        summary: "building: no rule for admitting new members",
        explanation: """
        No rule is `about admission`.

        Why it matters: the alliance grows in the building stage, and "the right members … with the \
        right motivation" come from an admission rule that looks at motivation and values, not only \
        at size or money. See C901 for the life stages.

        How to fix: add a rule about admission, such as `rule scorecard about admission { assembly may \
        admit applicant when "it scores 60 or more on the values scorecard" }`.
        """)

    public static let goalWithoutTarget = Check(
        id: "C905", name: "lifestage.goal-without-target", family: .lifeStage, severity: .warning,
        summary: "developing: a goal without a measurable target",
        explanation: """
        The goal has no `target`.

        Why it matters: in the developing stage an alliance has to show results. A goal without a \
        measurable target cannot be met or missed, and lets ambition fade unnoticed. See C901 for the \
        life stages.

        How to fix: add `{ target "…" }` with a number and a date.
        """)

    public static let noReviewRule = Check(
        id: "C906", name: "lifestage.no-review-rule", family: .lifeStage, severity: .warning,
        summary: "evolving: no rule to review the mission and membership",
        explanation: """
        No rule is `about review`.

        Why it matters: "it is not uncommon for ambition to fade over time". An evolving alliance keeps \
        its ambition alive by reviewing, on a schedule, whether its mission and its members still fit. \
        See C901 for the life stages.

        How to fix: add a rule about review, such as `rule renewal about review { board must propose \
        mission_review when every_third_year }`.
        """)

    public static let joinedAfterStage = Check(
        id: "C907", name: "lifestage.joined-after-stage", family: .lifeStage, severity: .warning,
        summary: "a member joined in a stage the alliance has not reached",
        explanation: """
        A member's `joined` stage is later than the alliance's current stage. A file cannot say so (it \
        is error E404); an edit can bring it about — in the REPL or a scenario, `amend` moves the \
        alliance's stage back while members that joined later stay.

        Why it matters: the life stages are the alliance's history — who founded it, who joined as it \
        grew. A member recorded as joining in a stage the alliance never reached makes that history \
        say something that cannot have happened, and the life-stage checks (C901–C906) reason about \
        the wrong stage. See C901 for the life stages.

        How to fix: set the alliance's stage to the one it is in, or correct when the member joined.
        """)

    /// Every check, in ID order.
    public static let all: [Check] = [
        memberWithoutVoice, channelReachesNobody, vetoOutsideQuery, emptyBloc,
        valueConflict, deonticConflict, permissionConflict, memberHoldsOpposedValue, goalServesOpposedValue,
        possibleConflict,
        dictator, hiddenVeto, declaredVeto, dummy, improperQuota, powerConcentration, minorityBlocWins,
        weightPowerGap, businessCanWin, powerUnavailable, blocCanBlock, valuesCannotBlock, dominantFunder, funderWithoutVoice,
        noSharedValue, businessFounders, motivationUnknown,
        unbackedValue, unheldValue,
        socialBelowPromise, noBusinessGoal,
        unreachedMember, noChannel, noConflictResolution, noExitRule, noTransparency,
        conflictingDeciders, emptyBody, undefinedSanction, deadlock, everyoneVeto, noAmendmentBody, capture,
        undecidedAdmission, quorumBusting, lowQuorum,
        noMission, noFounders, noBodies, noAdmissionRule, goalWithoutTarget, noReviewRule, joinedAfterStage,
    ]

    /// The check with an ID (`C301`, any case) or a name (`power.dictator`).
    public static func check(named key: String) -> Check? {
        all.first { $0.id.lowercased() == key.lowercased() || $0.name == key.lowercased() }
    }
}
