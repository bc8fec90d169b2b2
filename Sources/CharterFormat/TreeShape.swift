// A syntax tree rendered without its spans, to tell whether two trees mean
// the same: the formatter's promise is that its output parses to the tree
// it was given. The tests and the formatter's fuzz target both hold it to that.

import CharterDiagnostics

public enum TreeShape {
    /// Every field of `value` but the spans: two trees with the same shape
    /// have the same declarations, names, literal values and expressions
    /// grouped the same way.
    public static func of(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        if mirror.children.isEmpty { return String(describing: value) }
        let fields = mirror.children.compactMap { child -> String? in
            if child.value is Span { return nil }
            return (child.label.map { "\($0): " } ?? "") + of(child.value)
        }
        return "\(mirror.subjectType)(\(fields.joined(separator: ", ")))"
    }
}
