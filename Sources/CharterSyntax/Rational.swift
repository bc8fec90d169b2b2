// Exact numbers. Charter's numbers are rationals of 64-bit integers so that
// `1/3 + 2/3 == 1` and `2/3` compares exactly with `66.67%`. Every operation
// is checked: an overflow returns nil, never traps, and the caller turns it
// into a diagnostic.

/// An exact fraction in lowest terms with a positive denominator.
public struct Rational: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    public static let zero = Rational(unchecked: 0, 1)
    public static let one = Rational(unchecked: 1, 1)

    private init(unchecked numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// A whole number.
    public init(_ integer: Int64) {
        self.init(unchecked: integer, 1)
    }

    /// `numerator / denominator` in lowest terms; nil for a zero denominator
    /// or when normalising would overflow.
    public init?(_ numerator: Int64, _ denominator: Int64) {
        guard denominator != 0 else { return nil }
        let divisor = Self.gcd(numerator.magnitude, denominator.magnitude)
        var n = numerator / Int64(bitPattern: divisor)
        var d = denominator / Int64(bitPattern: divisor)
        if d < 0 {
            let (negatedN, overflowN) = Int64(0).subtractingReportingOverflow(n)
            let (negatedD, overflowD) = Int64(0).subtractingReportingOverflow(d)
            guard !overflowN, !overflowD else { return nil }
            n = negatedN
            d = negatedD
        }
        self.init(unchecked: n, d)
    }

    /// Parses a decimal literal such as `12`, `2.5` or `0.125`; nil when it
    /// does not fit in 64 bits.
    public init?(decimal text: Substring) {
        var numerator: Int64 = 0
        var denominator: Int64 = 1
        var afterPoint = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") { afterPoint = true; continue }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = byte - UInt8(ascii: "0")
            let (shifted, overflow1) = numerator.multipliedReportingOverflow(by: 10)
            let (added, overflow2) = shifted.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            numerator = added
            if afterPoint {
                let (scaled, overflow3) = denominator.multipliedReportingOverflow(by: 10)
                guard !overflow3 else { return nil }
                denominator = scaled
            }
        }
        self.init(numerator, denominator)
    }

    public var isInteger: Bool { denominator == 1 }

    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    public func adding(_ other: Rational) -> Rational? {
        guard let (a, b, d) = Self.commonDenominator(self, other) else { return nil }
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : Rational(sum, d)
    }

    public func subtracting(_ other: Rational) -> Rational? {
        guard let (a, b, d) = Self.commonDenominator(self, other) else { return nil }
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? nil : Rational(difference, d)
    }

    public func multiplied(by other: Rational) -> Rational? {
        // Cross-cancel first so that products of fractions in lowest terms
        // overflow only when the result itself does not fit.
        let g1 = Int64(bitPattern: Self.gcd(numerator.magnitude, other.denominator.magnitude))
        let g2 = Int64(bitPattern: Self.gcd(other.numerator.magnitude, denominator.magnitude))
        let (n, overflowN) = (numerator / g1).multipliedReportingOverflow(by: other.numerator / g2)
        let (d, overflowD) = (denominator / g2).multipliedReportingOverflow(by: other.denominator / g1)
        return overflowN || overflowD ? nil : Rational(n, d)
    }

    /// nil for a zero divisor or on overflow.
    public func divided(by other: Rational) -> Rational? {
        guard other.numerator != 0, let reciprocal = Rational(other.denominator, other.numerator) else { return nil }
        return multiplied(by: reciprocal)
    }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        // Compare a/b < c/d as a*d < c*b in 128 bits, which cannot overflow.
        let left = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let right = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        return (left.high, left.low) < (right.high, right.low)
    }

    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }

    private static func commonDenominator(_ x: Rational, _ y: Rational) -> (Int64, Int64, Int64)? {
        let (a, o1) = x.numerator.multipliedReportingOverflow(by: y.denominator)
        let (b, o2) = y.numerator.multipliedReportingOverflow(by: x.denominator)
        let (d, o3) = x.denominator.multipliedReportingOverflow(by: y.denominator)
        return o1 || o2 || o3 ? nil : (a, b, d)
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }
}
