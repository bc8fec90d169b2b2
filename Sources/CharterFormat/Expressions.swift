// Expressions as documents, with the fewest parentheses that parse back to
// the same tree. An operand is parenthesized when
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
//
// Where an expression does not fit on its line it breaks after a
// quantifier's `:`, after `where`, after a comparison's operator, after each
// operator of a chain at one level (`a and b and c` breaks at every `and`
// or at none), and inside brackets and parentheses.

import CharterSyntax

extension Formatter {
    func expression(_ expression: Expr, into out: inout Document) {
        operand(expression, atLeast: .quantified, followed: false, into: &out)
    }

    /// `expression` in a position that takes operators at `level` or tighter;
    /// `followed` tells whether more of the enclosing expression comes after it.
    private func operand(_ expression: Expr, atLeast level: Precedence, followed: Bool, into out: inout Document) {
        if needsParentheses(expression, atLeast: level, followed: followed) {
            out.beginGroup()
            out.text("(")
            out.indent()
            out.softLine()
            bare(expression, followed: false, into: &out)
            out.dedent()
            out.softLine()
            out.text(")")
            out.endGroup()
        } else {
            bare(expression, followed: followed, into: &out)
        }
    }

    private func needsParentheses(_ expression: Expr, atLeast level: Precedence, followed: Bool) -> Bool {
        expression.precedence < level || (followed && expression.isOpenEnded)
    }

    private func bare(_ expression: Expr, followed: Bool, into out: inout Document) {
        switch expression.kind {
        case .number, .percent, .string:
            out.text(written(expression.span))
        case .bool(let value):
            out.text(value ? "true" : "false")
        case .name(let name):
            out.text(name.text)
        case .set(let elements):
            bracketed("[", elements, "]", into: &out)
        case .unary(let op, let value):
            out.text(op == .not ? "not " : "-")
            operand(value, atLeast: op.operandPrecedence, followed: followed, into: &out)
        case .binary(let op, let left, let right) where op.precedence == .comparison:
            hanging(" \(op.rawValue)", into: &out, head: { operand(left, atLeast: op.leftPrecedence, followed: true, into: &$0) },
                    tail: { operand(right, atLeast: op.rightPrecedence, followed: followed, into: &$0) })
        case .binary(let op, _, _):
            // A chain at one level, `a and b and c` (`(a and b) and c`), is one
            // group; broken, every operand starts a line at its indentation.
            var links: [(op: BinaryOperator, right: Expr)] = []
            var first = expression
            while case .binary(let next, let left, let right) = first.kind, next.precedence == op.precedence {
                links.append((next, right))
                first = left
                guard !needsParentheses(left, atLeast: next.leftPrecedence, followed: true) else { break }
            }
            out.beginGroup()
            operand(first, atLeast: links.last!.op.leftPrecedence, followed: true, into: &out)
            for (index, link) in links.reversed().enumerated() {
                out.text(" \(link.op.rawValue)")
                out.line()
                operand(link.right, atLeast: link.op.rightPrecedence, followed: index < links.count - 1 || followed, into: &out)
            }
            out.endGroup()
        case .field(let base, let field):
            operand(base, atLeast: .postfix, followed: true, into: &out)
            out.text("." + field.text)
        case .call(let function, let arguments):
            operand(function, atLeast: .postfix, followed: true, into: &out)
            bracketed("(", arguments, ")", into: &out)
        case .filter(let set, let condition):
            hanging(" where", into: &out, head: { operand(set, atLeast: .postfix, followed: true, into: &$0) },
                    tail: { operand(condition, atLeast: .quantified, followed: followed, into: &$0) })
        case .quantified(let quantifier, let variable, let domain, let body):
            hanging(":", into: &out, head: { out in
                out.text("\(quantifier.rawValue) \(variable) in ")
                operand(domain, atLeast: .disjunction, followed: false, into: &out)
            }, tail: { operand(body, atLeast: .quantified, followed: followed, into: &$0) })
        }
    }

    /// `head joint tail` as a group: on one line, or broken after `joint`
    /// with the tail on the next line, one level in.
    private func hanging(_ joint: String, into out: inout Document, head: (inout Document) -> Void,
                         tail: (inout Document) -> Void) {
        out.beginGroup()
        head(&out)
        out.text(joint)
        out.indent()
        out.line()
        tail(&out)
        out.dedent()
        out.endGroup()
    }

    /// `open a, b close`, or each element on a line of its own between them.
    private func bracketed(_ open: String, _ elements: [Expr], _ close: String, into out: inout Document) {
        guard !elements.isEmpty else { return out.text(open + close) }
        out.beginGroup()
        out.text(open)
        out.indent()
        out.softLine()
        for (index, element) in elements.enumerated() {
            if index > 0 {
                out.text(",")
                out.line()
            }
            expression(element, into: &out)
        }
        out.dedent()
        out.softLine()
        out.text(close)
        out.endGroup()
    }
}

/// How tightly an expression binds, loosest first, as the grammar's levels.
enum Precedence: Int, Comparable {
    case quantified, disjunction, conjunction, negation, comparison, setOperation, sum, product, unary, postfix, primary

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
        case .union, .intersect, .except: .setOperation
        case .add, .subtract: .sum
        case .multiply, .divide: .product
        }
    }

    /// Left-associative: `a - b - c` is `(a - b) - c`. Comparisons do not chain.
    var leftPrecedence: Precedence { precedence == .comparison ? .setOperation : precedence }

    var rightPrecedence: Precedence { precedence.tighter }
}
