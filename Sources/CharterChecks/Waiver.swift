// A waiver: a finding a project accepts for a while, with the reason, who
// answers for it and the day it ends. Unlike a suppression, a waiver expires:
// from the day after its date it waives nothing and says so, so an alliance
// cannot silence a warning for ever. Waivers are written in charter.toml
// (`[waivers.NAME]`) or in a comment beside the finding
// (`# charter: waive CHECK until 2027-03-31 by OWNER -- reason`).

/// A calendar day, as waivers expire.
public struct Day: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Reads `YYYY-MM-DD`, a real date; nil otherwise.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= days else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        func padded(_ number: Int, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - String(number).count)) + String(number)
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }
}

public struct Waiver: Sendable {
    /// The waiver's name in charter.toml, or where its comment is.
    public var name: String
    public var check: Check
    /// Text the finding's message contains, naming the finding (charter.toml
    /// waivers; a comment's waiver names it by standing beside it).
    public var finding: String?
    public var reason: String
    public var owner: String
    /// The last day it waives.
    public var expires: Day

    public init(name: String, check: Check, finding: String?, reason: String, owner: String, expires: Day) {
        self.name = name
        self.check = check
        self.finding = finding
        self.reason = reason
        self.owner = owner
        self.expires = expires
    }

    /// Whether it still waives on `today`.
    public func isActive(on today: Day) -> Bool { today <= expires }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
