// Gauss–Legendre quadrature on [0, 1]: m nodes and weights that integrate
// every polynomial of degree below 2m exactly. The Shapley–Shubik index is
// the integral of a polynomial (Owen's multilinear extension), so a sum over
// these nodes gives it without error beyond rounding; the weights are all
// positive, so that sum adds non-negative numbers only.

import Foundation

struct GaussLegendre: Sendable {
    /// The points in (0, 1), ascending.
    var nodes: [Double]
    /// Each point's weight; they sum to 1.
    var weights: [Double]

    /// The rule with `count` points (at least one).
    init(count: Int) {
        let m = max(1, count)
        var nodes = [Double](repeating: 0, count: m)
        var weights = [Double](repeating: 0, count: m)
        // Roots come in pairs about the middle: find those of the upper half
        // by Newton's method on P_m, from the classic estimate, and mirror them.
        for i in 0..<(m + 1) / 2 {
            var z = cos(Double.pi * (Double(i) + 0.75) / (Double(m) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                let (value, slope) = Self.legendre(m, at: z)
                derivative = slope
                let step = value / slope
                z -= step
                if abs(step) <= 1e-16 { break }
            }
            derivative = Self.legendre(m, at: z).slope
            // On [-1, 1] the weight is 2 / ((1 - z²) P'(z)²); on [0, 1], half that.
            let weight = 1 / ((1 - z * z) * derivative * derivative)
            nodes[m - 1 - i] = (1 + z) / 2
            nodes[i] = (1 - z) / 2
            weights[i] = weight
            weights[m - 1 - i] = weight
        }
        self.nodes = nodes
        self.weights = weights
    }

    /// P_n(z) and P_n'(z), by the three-term recurrence.
    private static func legendre(_ n: Int, at z: Double) -> (value: Double, slope: Double) {
        var previous = 1.0
        var current = z
        if n == 0 { return (1, 0) }
        for k in stride(from: 2, through: n, by: 1) {
            let next = ((2 * Double(k) - 1) * z * current - (Double(k) - 1) * previous) / Double(k)
            previous = current
            current = next
        }
        return (current, Double(n) * (z * current - previous) / (z * z - 1))
    }
}
