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
    /// The steps of the Legendre recurrence finding them took (`PowerCost`).
    private(set) var steps = 0.0

    /// The three-term recurrence loses a little accuracy with each of its
    /// m steps: in `Double`, 1e-12 by twenty thousand points. Where the
    /// processor has 80-bit floating point, the points are found in it.
    #if arch(x86_64) && !os(Windows)
    private typealias Wide = Float80
    #else
    private typealias Wide = Double
    #endif

    /// The rule with `count` points (at least one).
    init(count: Int) {
        let m = max(1, count)
        var nodes = [Double](repeating: 0, count: m)
        var weights = [Double](repeating: 0, count: m)
        // Roots come in pairs about the middle: find those of the upper half
        // by Newton's method on P_m, from the classic estimate, and mirror them.
        for i in 0..<(m + 1) / 2 {
            var z = Wide(cos(Double.pi * (Double(i) + 0.75) / (Double(m) + 0.5)))
            for _ in 0..<100 {
                steps += Double(m)
                let (value, slope) = Self.legendre(m, at: z)
                let step = value / slope
                z -= step
                if abs(step) <= 4 * Wide.ulpOfOne { break }
            }
            steps += Double(m)
            let slope = Self.legendre(m, at: z).slope
            // On [-1, 1] the weight is 2 / ((1 - z²) P'(z)²); on [0, 1], half that.
            let weight = Double(1 / ((1 - z * z) * slope * slope))
            nodes[m - 1 - i] = Double((1 + z) / 2)
            nodes[i] = Double((1 - z) / 2)
            weights[i] = weight
            weights[m - 1 - i] = weight
        }
        self.nodes = nodes
        self.weights = weights
    }

    /// P_n(z) and P_n'(z), by the three-term recurrence.
    private static func legendre(_ n: Int, at z: Wide) -> (value: Wide, slope: Wide) {
        if n == 0 { return (1, 0) }
        var previous: Wide = 1
        var current = z
        for k in stride(from: 2, through: n, by: 1) {
            let next = ((2 * Wide(k) - 1) * z * current - (Wide(k) - 1) * previous) / Wide(k)
            previous = current
            current = next
        }
        return (current, Wide(n) * (z * current - previous) / (z * z - 1))
    }
}
