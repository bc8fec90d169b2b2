// Expressions on one line, with the fewest parentheses that parse back to the
// same tree. An operand is parenthesized when
//
// - its operator binds more loosely than its position allows (the levels of
//   grammar/charter.ebnf, lowest first: quantified, or, and, not, comparison,
//   + -, * /, unary minus, postfix), which for the left-associative operators
//   includes a right operand at their own level, and for comparisons, which do
//   not chain, an operand at the comparisons' level on either side; or
// - it is open-ended, ending in a `where` filter or a quantifier, whose
//   condition or body runs to the end of the expression, and something of
//   the enclosing expression follows it: an operator, `.`, `(` or `where`.
//   Before a `,`, `)`, `]` or a quantifier's `:` it needs none, since those
//   end an expression: `count(members where weight > 2)`.

import CharterSyntax

extension Formatter {
    func expression(_ expression: Expr) -> String {
        operand(expression, atLeast: .quantified, followed: false)
    }

    /// `expression` in a position that takes operators at `level` or tighter;
    /// `followed` tells whether more of the enclosing expression comes after it.
    private func operand(_ expression: Expr, atLeast level: Precedence, followed: Bool) -> String {
        if expression.precedence < level || (followed && expression.isOpenEnded) {
            return "(" + bare(expression, followed: false) + ")"
        }
        return bare(expression, followed: followed)
    }

    private func bare(_ expression: Expr, followed: Bool) -> String {
        switch expression.kind {
        case .number, .percent, .string:
            return written(expression.span)
        case .bool(let value):
            return value ? "true" : "false"
        case .name(let name):
            return name.text
        case .set(let elements):
            return "[" + elements.map(self.expression).joined(separator: ", ") + "]"
        case .unary(let op, let value):
            let spelling = op == .not ? "not " : "-"
            return spelling + operand(value, atLeast: op.operandPrecedence, followed: followed)
        case .binary(let op, let left, let right):
            return operand(left, atLeast: op.leftPrecedence, followed: true) + " \(op.rawValue) "
                + operand(right, atLeast: op.rightPrecedence, followed: followed)
        case .field(let base, let field):
            return operand(base, atLeast: .postfix, followed: true) + "." + field.text
        case .call(let function, let arguments):
            return operand(function, atLeast: .postfix, followed: true)
                + "(" + arguments.map(self.expression).joined(separator: ", ") + ")"
        case .filter(let set, let condition):
            return operand(set, atLeast: .postfix, followed: true) + " where "
                + operand(condition, atLeast: .quantified, followed: followed)
        case .quantified(let quantifier, let variable, let domain, let body):
            return "\(quantifier.rawValue) \(variable) in " + operand(domain, atLeast: .disjunction, followed: false)
                + ": " + operand(body, atLeast: .quantified, followed: followed)
        }
    }
}

/// How tightly an expression binds, loosest first, as the grammar's levels.
enum Precedence: Int, Comparable {
    case quantified, disjunction, conjunction, negation, comparison, sum, product, unary, postfix, primary

    static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }

    var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .primary }
}

extension Expr {
    var precedence: Precedence {
        switch kind {
        case .quantified: .quantified
        case .binary(let op, _, _): op.precedence
        case .unary(.not, _): .negation
        case .unary(.negate, _): .unary
        case .field, .call, .filter: .postfix
        case .number, .percent, .string, .bool, .name, .set: .primary
        }
    }

    /// Whether the expression, written without parentheses, ends in a filter's
    /// condition or a quantifier's body, which would take in whatever followed.
    var isOpenEnded: Bool {
        switch kind {
        case .filter, .quantified:
            true
        case .binary(let op, _, let right):
            right.precedence >= op.rightPrecedence && right.isOpenEnded
        case .unary(let op, let value):
            value.precedence >= op.operandPrecedence && value.isOpenEnded
        default:
            false
        }
    }
}

extension UnaryOperator {
    /// `not not x` and `- -x` need no parentheses.
    var operandPrecedence: Precedence { self == .not ? .negation : .unary }
}

extension BinaryOperator {
    var precedence: Precedence {
        switch self {
        case .or: .disjunction
        case .and: .conjunction
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in, .notIn: .comparison
        case .add, .subtract: .sum
        case .multiply, .divide: .product
        }
    }

    /// Left-associative: `a - b - c` is `(a - b) - c`. Comparisons do not chain.
    var leftPrecedence: Precedence { precedence == .comparison ? .sum : precedence }

    var rightPrecedence: Precedence { precedence.tighter }
}
