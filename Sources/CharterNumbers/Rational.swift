// Exact numbers of any size. Charter's numbers are fractions so that
// `1/3 + 2/3 == 1` and `2/3` compares exactly with `66.67%`, and exactness
// holds at every size: the power of a member of a 51-member body, summed over
// the body, is exactly 1. Almost every number a charter holds is small, so a
// fraction of two `Int64`s is kept inline and every operation on it is
// overflow-checked; an operation that would overflow is redone in arbitrary
// precision (attaswift/BigInt), and a result that fits in 64 bits again comes
// back inline. A value has one form only — the inline one whenever it fits —
// so equality and hashing stay structural.
//
// What bounds the size is the caller's: the parser accepts literals of at
// most `maximumDigits` digits, and the evaluator charges `cost(of:_:)` steps
// for every operation, so no program grows a number faster than it pays.

import BigInt
import Foundation

/// An exact fraction in lowest terms with a positive denominator.
public struct Rational: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Inline while both parts fit in 64 bits, boxed otherwise; never boxed
    /// when inline would do.
    private let storage: Storage

    private enum Storage: Hashable, Sendable {
        case small(numerator: Int64, denominator: Int64)
        case big(Big)
    }

    /// A fraction too large for 64 bits, boxed so that a `Rational` stays
    /// two words and a tag whatever its size.
    private final class Big: Hashable, Sendable {
        let numerator: BigInt
        let denominator: BigInt

        init(_ numerator: BigInt, _ denominator: BigInt) {
            self.numerator = numerator
            self.denominator = denominator
        }

        static func == (lhs: Big, rhs: Big) -> Bool {
            lhs.numerator == rhs.numerator && lhs.denominator == rhs.denominator
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(numerator)
            hasher.combine(denominator)
        }
    }

    /// The most digits a number literal may have: enough for any quantity a
    /// charter states and for exact powers of 2 past 3000, few enough that
    /// reading one and the arithmetic on it stay fast.
    public static let maximumDigits = 1_000

    public static let zero = Rational(unchecked: 0, 1)
    public static let one = Rational(unchecked: 1, 1)

    private init(unchecked numerator: Int64, _ denominator: Int64) {
        storage = .small(numerator: numerator, denominator: denominator)
    }

    /// A whole number.
    public init(_ integer: Int64) {
        self.init(unchecked: integer, 1)
    }

    /// `numerator / denominator` in lowest terms; nil for a zero denominator.
    public init?(_ numerator: Int64, _ denominator: Int64) {
        guard denominator != 0 else { return nil }
        let divisor = Self.gcd(numerator.magnitude, denominator.magnitude)
        // Only -2^63 over -1 or ±1 cannot be negated in 64 bits.
        if divisor == 1 << 63 || (denominator < 0 && (numerator == .min || denominator == .min)) {
            self.init(reducing: BigInt(numerator), BigInt(denominator))
            return
        }
        var n = numerator / Int64(bitPattern: divisor)
        var d = denominator / Int64(bitPattern: divisor)
        if d < 0 { (n, d) = (-n, -d) }
        self.init(unchecked: n, d)
    }

    /// `numerator / denominator` of any whole-number type, exactly; nil for a
    /// zero denominator.
    public init?<Whole: BinaryInteger>(numerator: Whole, denominator: Whole) {
        guard denominator != 0 else { return nil }
        if let n = Int64(exactly: numerator), let d = Int64(exactly: denominator) {
            self.init(n, d)
        } else if let n = Int128(exactly: numerator), let d = Int128(exactly: denominator) {
            self.init(reducing: n, d)
        } else {
            self.init(reducing: BigInt(numerator), BigInt(denominator))
        }
    }

    /// Reduces a fraction of 128-bit integers, as the product of two inline
    /// ones is: in registers, so that an operation that overflows 64 bits
    /// only on its way (summing power shares over a body of 51 members)
    /// never reaches BigInt. The denominator is not zero.
    private init(reducing numerator: Int128, _ denominator: Int128) {
        let divisor = Int128(bitPattern: Self.gcd(numerator.magnitude, denominator.magnitude))
        guard divisor > 0 else {
            // The divisor is 2^127: only ±2^127 over ±2^127.
            self.init(reducing: BigInt(numerator), BigInt(denominator))
            return
        }
        var (n, d) = (numerator / divisor, denominator / divisor)
        if d < 0 {
            guard n != .min, d != .min else {
                self.init(reducing: BigInt(numerator), BigInt(denominator))
                return
            }
            (n, d) = (-n, -d)
        }
        if let small = Int64(exactly: n), let smallD = Int64(exactly: d) {
            self.init(unchecked: small, smallD)
        } else {
            self.init(normalized: BigInt(n), BigInt(d))
        }
    }

    /// Reduces a fraction of big integers; the denominator is not zero.
    private init(reducing numerator: BigInt, _ denominator: BigInt) {
        var n = numerator
        var d = denominator
        let divisor = n.magnitude.greatestCommonDivisor(with: d.magnitude)
        if divisor > 1 {
            n /= BigInt(divisor)
            d /= BigInt(divisor)
        }
        if d.sign == .minus { (n, d) = (-n, -d) }
        self.init(normalized: n, d)
    }

    /// A fraction already in lowest terms with a positive denominator:
    /// inline when it fits.
    private init(normalized numerator: BigInt, _ denominator: BigInt) {
        if let n = Int64(exactly: numerator), let d = Int64(exactly: denominator) {
            storage = .small(numerator: n, denominator: d)
        } else {
            storage = .big(Big(numerator, denominator))
        }
    }

    /// Parses a decimal literal such as `12`, `2.5` or `0.125`; nil past
    /// `maximumDigits` digits, and for anything but digits with at most one
    /// point among them.
    public init?(decimal text: Substring) {
        guard text.utf8.count <= Self.maximumDigits + 1 else { return nil }
        var numerator: Int64 = 0
        var denominator: Int64 = 1
        var afterPoint = false
        var fits = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard !afterPoint else { return nil }
                afterPoint = true
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            guard fits else { continue }
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflow1) = numerator.multipliedReportingOverflow(by: 10)
            let (added, overflow2) = shifted.addingReportingOverflow(digit)
            let (scaled, overflow3) = afterPoint ? denominator.multipliedReportingOverflow(by: 10) : (denominator, false)
            if overflow1 || overflow2 || overflow3 {
                fits = false
            } else {
                (numerator, denominator) = (added, scaled)
            }
        }
        if fits {
            self.init(numerator, denominator)!
            return
        }
        // Past 18 digits: the digits as one big integer over a power of ten.
        guard text.utf8.count(where: { $0 != UInt8(ascii: ".") }) <= Self.maximumDigits else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = BigInt(parts.joined(), radix: 10) else { return nil }
        let places = parts.count > 1 ? parts[1].count : 0
        self.init(reducing: whole, BigInt(10).power(places))
    }

    // MARK: What a number is

    /// The fraction as two 64-bit integers, when both fit (as they do for
    /// every number short of 19 digits).
    public var small: (numerator: Int64, denominator: Int64)? {
        if case .small(let n, let d) = storage { return (n, d) }
        return nil
    }

    /// The number as a 64-bit integer, when it is a whole number that fits.
    public var int64: Int64? {
        if case .small(let n, 1) = storage { return n }
        return nil
    }

    public var isInteger: Bool {
        switch storage {
        case .small(_, let d): d == 1
        case .big(let big): big.denominator == 1
        }
    }

    public var isNegative: Bool {
        switch storage {
        case .small(let n, _): n < 0
        case .big(let big): big.numerator.sign == .minus && !big.numerator.isZero
        }
    }

    /// The least whole number not below this one.
    public var ceiling: Rational {
        // In lowest terms a fraction with a denominator past 1 is not whole,
        // and division truncates toward zero: up by one for a positive one.
        switch storage {
        case .small(let n, let d):
            return d == 1 ? self : Rational(unchecked: n / d + (n > 0 ? 1 : 0), 1)
        case .big(let big):
            guard big.denominator != 1 else { return self }
            let quotient = big.numerator / big.denominator
            return Rational(normalized: big.numerator.sign == .plus ? quotient + 1 : quotient, 1)
        }
    }

    /// The numerator's decimal digits, without a sign.
    public var numeratorDigits: String {
        switch storage {
        case .small(let n, _): String(n.magnitude)
        case .big(let big): String(big.numerator.magnitude)
        }
    }

    /// The denominator's decimal digits.
    public var denominatorDigits: String {
        switch storage {
        case .small(_, let d): String(d)
        case .big(let big): String(big.denominator)
        }
    }

    /// The nearest `Double`, within a relative error of about 2^-52; ±infinity
    /// beyond `Double`'s range, and 0 below it.
    public var doubleValue: Double {
        switch storage {
        case .small(let n, let d): Double(n) / Double(d)
        case .big(let big): Self.quotient(big.numerator, big.denominator)
        }
    }

    /// The 64-bit words of the numerator and denominator together.
    private var words: Int {
        switch storage {
        case .small: 2
        case .big(let big): big.numerator.magnitude.words.count + big.denominator.magnitude.words.count
        }
    }

    /// `numerator / denominator` as a `Double`, from the top 64 bits of each,
    /// so that numbers past `Double`'s range still divide correctly.
    private static func quotient(_ numerator: BigInt, _ denominator: BigInt) -> Double {
        let nShift = max(0, numerator.magnitude.bitWidth - 64)
        let dShift = max(0, denominator.magnitude.bitWidth - 64)
        let n = Double(UInt64(numerator.magnitude >> nShift))
        let d = Double(UInt64(denominator.magnitude >> dShift))
        // Scaled by 2^(nShift - dShift) in two halves, so that a quotient
        // near the edge of the range is not lost to an intermediate infinity.
        let exponent = min(max(nShift - dShift, -2200), 2200)
        let magnitude = (n / d) * Double(sign: .plus, exponent: exponent / 2, significand: 1)
            * Double(sign: .plus, exponent: exponent - exponent / 2, significand: 1)
        return numerator.sign == .minus ? -magnitude : magnitude
    }

    /// The number with four significant digits as C's `%.4g` writes a
    /// `Double` (`0.6667`, `4.612e+18`), at any magnitude: for the reader of
    /// a fraction that is not a short decimal.
    public var approximation: String {
        let value = doubleValue
        guard !value.isFinite || (value == 0 && self != .zero), case .big(let big) = storage else {
            return String(format: "%.4g", value)
        }
        // Beyond Double's range: the decimal exponent from the logarithm of
        // the top bits, then the significand from what is left.
        let nShift = max(0, big.numerator.magnitude.bitWidth - 64)
        let dShift = max(0, big.denominator.magnitude.bitWidth - 64)
        let logarithm = log10(Double(UInt64(big.numerator.magnitude >> nShift)))
            - log10(Double(UInt64(big.denominator.magnitude >> dShift)))
            + Double(nShift - dShift) * log10(2.0)
        var exponent = Int(logarithm.rounded(.down))
        var significand = (pow(10, logarithm - Double(exponent)) * 1000).rounded() / 1000
        if significand >= 10 { significand /= 10; exponent += 1 }
        let digits = String(format: "%.4g", significand)
        let sign = big.numerator.sign == .minus ? "-" : ""
        return sign + digits + "e" + (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
    }

    // MARK: Arithmetic

    public func adding(_ other: Rational) -> Rational {
        if case .small(let a, let b) = storage, case .small(let c, let d) = other.storage {
            if b == 1 && d == 1 {
                let (sum, overflow) = a.addingReportingOverflow(c)
                if !overflow { return Rational(unchecked: sum, 1) }
            } else if let (x, y, denominator) = Self.commonDenominator(a, b, c, d) {
                let (sum, overflow) = x.addingReportingOverflow(y)
                if !overflow, let result = Rational(sum, denominator) { return result }
            }
            // In 128 bits, which neither the products (below 2^126) nor
            // their sum can overflow.
            return Rational(reducing: Int128(a) * Int128(d) + Int128(c) * Int128(b), Int128(b) * Int128(d))
        }
        let (x, y) = (big, other.big)
        return Rational(reducing: x.numerator * y.denominator + y.numerator * x.denominator, x.denominator * y.denominator)
    }

    public func subtracting(_ other: Rational) -> Rational {
        adding(other.negated)
    }

    public var negated: Rational {
        if case .small(let n, let d) = storage, n != .min { return Rational(unchecked: -n, d) }
        let x = big
        return Rational(normalized: -x.numerator, x.denominator)
    }

    public func multiplied(by other: Rational) -> Rational {
        if case .small(let a, let b) = storage, case .small(let c, let d) = other.storage {
            if a == 0 || c == 0 { return .zero }
            // Cross-cancel first so that products of fractions in lowest
            // terms overflow only when the result itself does not fit.
            let g1 = Int64(bitPattern: Self.gcd(a.magnitude, d.magnitude))
            let g2 = Int64(bitPattern: Self.gcd(c.magnitude, b.magnitude))
            if g1 > 0 && g2 > 0 {
                let (n, overflowN) = (a / g1).multipliedReportingOverflow(by: c / g2)
                let (m, overflowD) = (b / g2).multipliedReportingOverflow(by: d / g1)
                if !overflowN && !overflowD { return Rational(unchecked: n, m) }
                // Already in lowest terms; in 128 bits the products fit.
                return Rational(reducing: Int128(a / g1) * Int128(c / g2), Int128(b / g2) * Int128(d / g1))
            }
        }
        let (x, y) = (big, other.big)
        if x.denominator == 1 && y.denominator == 1 {
            return Rational(normalized: x.numerator * y.numerator, 1)
        }
        return Rational(reducing: x.numerator * y.numerator, x.denominator * y.denominator)
    }

    /// nil for a zero divisor.
    public func divided(by other: Rational) -> Rational? {
        switch other.storage {
        case .small(let n, let d):
            guard n != 0 else { return nil }
            guard let reciprocal = Rational(d, n) else { return nil }
            return multiplied(by: reciprocal)
        case .big(let big):
            return multiplied(by: Rational(reducing: big.denominator, big.numerator))
        }
    }

    /// The evaluation steps an operation on these two numbers is worth, over
    /// the one step every operation costs: none while both are inline (in
    /// registers, 128 bits at most), and for big ones a fixed 100 and 4 for
    /// each square of their size in 64-bit words: multiplying and reducing
    /// the result by its greatest common divisor take time quadratic in
    /// it, measured at about 1 to 3 steps' worth per word squared (a step
    /// is some tens of nanoseconds), so this overcharges a little.
    public static func cost(of x: Rational, _ y: Rational) -> Int {
        if case .small = x.storage, case .small = y.storage { return 0 }
        let words = x.words + y.words
        return 4 * words * words + 100
    }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if case .small(let a, let b) = lhs.storage, case .small(let c, let d) = rhs.storage {
            // Compare a/b < c/d as a*d < c*b in 128 bits, which cannot overflow.
            let left = a.multipliedFullWidth(by: d)
            let right = c.multipliedFullWidth(by: b)
            return (left.high, left.low) < (right.high, right.low)
        }
        // Far apart, as most are, the approximations tell (each within a
        // relative 10^-15 of the value); close ones are compared exactly.
        let (p, q) = (lhs.doubleValue, rhs.doubleValue)
        if p.isNormal && q.isNormal && abs(p - q) > 1e-12 * max(abs(p), abs(q)) { return p < q }
        let (x, y) = (lhs.big, rhs.big)
        if x.numerator.sign != y.numerator.sign && !(x.numerator.isZero && y.numerator.isZero) {
            return x.numerator < y.numerator
        }
        if x.denominator == y.denominator { return x.numerator < y.numerator }
        return x.numerator * y.denominator < y.numerator * x.denominator
    }

    /// `7`, `-2/3`, and every digit of a big one.
    public var description: String {
        switch storage {
        case .small(let n, let d): d == 1 ? "\(n)" : "\(n)/\(d)"
        case .big(let big): big.denominator == 1 ? "\(big.numerator)" : "\(big.numerator)/\(big.denominator)"
        }
    }

    // MARK: Helpers

    /// The fraction as big integers, whatever its form.
    private var big: (numerator: BigInt, denominator: BigInt) {
        switch storage {
        case .small(let n, let d): (BigInt(n), BigInt(d))
        case .big(let big): (big.numerator, big.denominator)
        }
    }

    private static func commonDenominator(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> (Int64, Int64, Int64)? {
        let (x, o1) = a.multipliedReportingOverflow(by: d)
        let (y, o2) = c.multipliedReportingOverflow(by: b)
        let (m, o3) = b.multipliedReportingOverflow(by: d)
        return o1 || o2 || o3 ? nil : (x, y, m)
    }

    /// Stein's binary algorithm: shifts and subtractions, which are cheap
    /// in 128 bits where division is not.
    private static func gcd(_ x: UInt128, _ y: UInt128) -> UInt128 {
        guard x != 0 else { return max(y, 1) }
        guard y != 0 else { return x }
        var (a, b) = (x, y)
        let shift = (a | b).trailingZeroBitCount
        a >>= a.trailingZeroBitCount
        repeat {
            b >>= b.trailingZeroBitCount
            if a > b { swap(&a, &b) }
            b -= a
        } while b != 0
        return a << shift
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }
}
