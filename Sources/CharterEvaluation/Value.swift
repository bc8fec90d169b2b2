// The values of Charter expressions. Numbers are exact rationals; a power
// index too fine for a 64-bit fraction is an `approximate` number, kept apart
// so that exactness is never claimed where it is not had. Declared things are
// values by kind and name, so a value stays meaningful in a copy of the model.

import CharterModel
import CharterNumbers
import Foundation

public indirect enum EvaluatedValue: Hashable, Sendable, CustomStringConvertible {
    case number(Rational)
    /// A number known only in floating point (a power index of a large body).
    case approximate(Double)
    case bool(Bool)
    case string(String)
    /// One of an enumerated field's words: `company`, `developing`, `monthly`.
    case word(String)
    /// A declared thing.
    case entity(EntityKind, String)
    /// Distinct values in a stable order.
    case set([EvaluatedValue])
    /// A field that was never given, such as the kind of a member that declares none.
    case nothing

    /// A number as a `Double`, for comparisons with approximate numbers.
    var doubleValue: Double? {
        switch self {
        case .number(let rational): rational.doubleValue
        case .approximate(let value): value
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .number(let rational): Self.format(rational)
        case .approximate(let value): "≈" + Self.format(value)
        case .bool(let value): value ? "true" : "false"
        case .string(let text): "\"\(text)\""
        case .word(let word): word
        case .entity(_, let name): name
        case .set(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .nothing: "none"
        }
    }

    /// What kind of value this is, for messages: "a number", "a member".
    public var kindDescription: String {
        switch self {
        case .number, .approximate: "a number"
        case .bool: "true or false"
        case .string: "a text"
        case .word: "a word"
        case .entity(let kind, _): kind.withArticle
        case .set: "a set"
        case .nothing: "nothing (the field was not given)"
        }
    }

    /// A whole number as is; a fraction as a decimal when it ends within six
    /// places (`0.6`, `0.125`), otherwise as the fraction it is, with its
    /// decimal for the reader (`2/3 (≈0.6667)`).
    public static func format(_ rational: Rational) -> String {
        guard let (numerator, denominator) = rational.small else { return formatBig(rational) }
        var scale: Int64 = 1
        for places in 0...6 {
            if scale % denominator == 0 {
                let (scaled, overflow) = numerator.magnitude.multipliedReportingOverflow(by: UInt64(scale / denominator))
                guard !overflow else { break }
                return decimal(String(scaled), places: places, negative: numerator < 0)
            }
            scale *= 10
        }
        // Four significant digits, so a tiny share is not ≈0.0000 and a huge one not a wall of digits.
        let decimal = String(format: "%.4g", Double(numerator) / Double(denominator))
        return "\(numerator)/\(denominator) (≈\(decimal))"
    }

    /// A number past 64 bits the same way: a whole number in full, a decimal
    /// within six places, otherwise the fraction with its approximation.
    private static func formatBig(_ rational: Rational) -> String {
        var scaled = rational
        for places in 0...6 {
            if scaled.isInteger { return decimal(scaled.numeratorDigits, places: places, negative: rational.isNegative) }
            scaled = scaled.multiplied(by: Rational(10))
        }
        return "\(rational) (≈\(rational.approximation))"
    }

    /// `digits` with a point `places` from the right: `0.125`, `-12`.
    private static func decimal(_ digits: String, places: Int, negative: Bool) -> String {
        let sign = negative ? "-" : ""
        guard places > 0 else { return sign + digits }
        let padded = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
        return sign + padded.dropLast(places) + "." + padded.suffix(places)
    }

    public static func format(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
