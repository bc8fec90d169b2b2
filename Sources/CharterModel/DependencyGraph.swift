// Declarations that are defined by other declarations — blocs made of blocs,
// `let` bindings defined by other bindings — form a graph. This walks it
// without recursion, so a chain of any length costs time in proportion to its
// size and never the stack, and finds each cycle once.

/// A graph of named declarations and the declarations each depends on.
public struct DependencyGraph {
    /// The nodes, in declaration order (which decides where a cycle is reported).
    public var nodes: [String]
    /// What each node depends on, with an entry for every node; names that
    /// are not nodes are ignored.
    public var dependencies: [String: [String]]

    public init(nodes: [String], dependencies: [String: [String]]) {
        self.nodes = nodes
        self.dependencies = dependencies
    }

    /// Every node after the nodes it depends on, and each cycle as the path
    /// that closes it, starting at its earliest declared node.
    public func sorted() -> (order: [String], cycles: [[String]]) {
        enum Mark { case inProgress, done }
        var marks: [String: Mark] = [:]
        var order: [String] = []
        var cycles: [[String]] = []
        let position = Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: min)
        for root in nodes where marks[root] == nil {
            // The path being walked, each node with the index of its next dependency.
            var path: [(node: String, next: Int)] = [(root, 0)]
            marks[root] = .inProgress
            while let (node, next) = path.last {
                let edges = dependencies[node] ?? []
                guard next < edges.count else {
                    marks[node] = .done
                    order.append(node)
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let target = edges[next]
                guard dependencies[target] != nil else { continue }
                switch marks[target] {
                case nil:
                    marks[target] = .inProgress
                    path.append((target, 0))
                case .inProgress:
                    let start = path.lastIndex { $0.node == target }!
                    let cycle = path[start...].map(\.node)
                    let first = cycle.indices.min { position[cycle[$0]]! < position[cycle[$1]]! }!
                    cycles.append(Array(cycle[first...] + cycle[..<first]))
                case .done:
                    break
                }
            }
        }
        return (order, cycles)
    }
}
