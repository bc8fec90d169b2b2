// The width Charter lays source out to: `charter fmt` and the REPL's `:save`
// and `:show` break what does not fit in it (CharterFormat), and charter.toml
// sets it (`[format] line-width`).

/// The columns a line of formatted Charter source may take.
public enum LineWidth {
    /// Unless charter.toml's `[format] line-width` says otherwise.
    public static let standard = 100
    /// What `line-width` may be: narrower leaves no room for a header, and
    /// wider is one line whatever the block.
    public static let allowed = 20...1_000
}
