// Source files and spans. A position is a UTF-8 byte offset into one file; a
// file keeps the offsets where its lines start, and a human line:column is
// made from them only when a diagnostic is shown (as in Go's go/token).

/// Identifies a source file within a `SourceMap`.
public struct FileID: Hashable, Sendable, Comparable {
    public let rawValue: Int
    @inlinable public init(_ rawValue: Int) { self.rawValue = rawValue }
    @inlinable public static func < (lhs: FileID, rhs: FileID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A half-open range of UTF-8 byte offsets `[start, end)` in one file.
public struct Span: Hashable, Sendable {
    // Stored in 32 bits each: a span is in every token and every node of the
    // tree, so its size is much of theirs, and a file is far smaller than
    // 4 GiB (Charter refuses files and standard input over 32 MiB).
    // Inlinable, as are the accessors below: every stage makes and reads
    // spans by the million, and a call across modules for each was a tenth
    // of parsing.
    @usableFromInline var fileIndex: UInt32
    @usableFromInline var startOffset: UInt32
    @usableFromInline var endOffset: UInt32

    @inlinable public var file: FileID {
        get { FileID(Int(fileIndex)) }
        set { fileIndex = UInt32(clamping: newValue.rawValue) }
    }

    @inlinable public var start: Int {
        get { Int(startOffset) }
        set { startOffset = UInt32(clamping: newValue) }
    }

    @inlinable public var end: Int {
        get { Int(endOffset) }
        set { endOffset = UInt32(clamping: newValue) }
    }

    @inlinable @inline(__always) public init(file: FileID, start: Int, end: Int) {
        fileIndex = UInt32(clamping: file.rawValue)
        startOffset = UInt32(clamping: start)
        endOffset = UInt32(clamping: max(start, end))
    }

    /// The smallest span that covers both spans (which must be in one file).
    @inlinable public func to(_ other: Span) -> Span {
        Span(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    /// The first `length` bytes of this span (at most all of it).
    @inlinable public func prefix(_ length: Int) -> Span {
        var prefix = self
        prefix.endOffset = startOffset + UInt32(clamping: min(max(length, 0), Int(endOffset - startOffset)))
        return prefix
    }

    /// An empty span at this span's end, for "expected … here" diagnostics.
    public var endPoint: Span { Span(file: file, start: end, end: end) }

    /// Whether `other` lies within this span.
    public func contains(_ other: Span) -> Bool {
        other.file == file && start <= other.start && other.end <= end
    }
}

/// A line and column for display, both 1-based. The column counts Unicode
/// scalars, as rustc does, so it does not depend on how a terminal draws them.
public struct LineColumn: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// One source file: its display path, its bytes and its line table.
public final class SourceFile: Sendable {
    public let id: FileID
    /// The path as the user wrote it (or a label such as `<stdin>`).
    public let path: String
    public let bytes: [UInt8]
    /// Byte offset at which each line starts; the first is always 0.
    public let lineStarts: [Int]
    /// The line number shown for the first line: 1, except for text that
    /// continues a stream, such as a REPL entry read from line 17 of its
    /// input, whose diagnostics should say line 17.
    public let firstLine: Int

    public init(id: FileID, path: String, bytes: [UInt8], firstLine: Int = 1) {
        self.id = id
        self.path = path
        self.bytes = bytes
        self.firstLine = firstLine
        self.lineStarts = Self.lineStarts(of: bytes)
    }

    /// Where each line starts: "\n", "\r\n" and a lone "\r" (old Mac files)
    /// each end a line; the "\r" of "\r\n" belongs to the line break and is
    /// dropped by `lineRange`. Read eight bytes at a time: a word with no
    /// byte below 0x0E (no line break, nor most other control bytes) is
    /// passed at once, and most words of a file are (a file of 13 MB spent
    /// as long here as on a fifth of parsing, a byte at a time).
    static func lineStarts(of bytes: [UInt8]) -> [Int] {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            func scan(_ offset: Int) {
                let byte = buffer[offset]
                if byte == UInt8(ascii: "\n")
                    || (byte == UInt8(ascii: "\r") && (offset + 1 == count || buffer[offset + 1] != UInt8(ascii: "\n"))) {
                    starts.append(offset + 1)
                }
            }
            var offset = 0
            let below: UInt64 = 0x0E0E_0E0E_0E0E_0E0E
            let high: UInt64 = 0x8080_8080_8080_8080
            while offset + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + offset).loadUnaligned(as: UInt64.self)
                // Whether some byte of the word is below 0x0E (the test for a
                // byte below a bound; when it says no, none is): then each is looked at.
                if (word &- below) & ~word & high != 0 {
                    for index in offset..<offset + 8 { scan(index) }
                }
                offset += 8
            }
            while offset < count {
                scan(offset)
                offset += 1
            }
        }
        return starts
    }

    public convenience init(id: FileID, path: String, text: String, firstLine: Int = 1) {
        self.init(id: id, path: path, bytes: Array(text.utf8), firstLine: firstLine)
    }

    /// The 0-based index of the line that contains `offset`.
    public func lineIndex(of offset: Int) -> Int {
        let offset = min(max(0, offset), bytes.count)
        // The last line start that is <= offset (binary search).
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The byte range of a line's text, without its line break.
    public func lineRange(_ index: Int) -> Range<Int> {
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }

    /// The text a span covers.
    public func text(_ span: Span) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[span.start..<span.end]), as: UTF8.self) }
    }

    /// A line's text for display; bytes that are not valid UTF-8 show as U+FFFD.
    public func lineText(_ index: Int) -> String {
        String(decoding: bytes[lineRange(index)], as: UTF8.self)
    }

    /// The line and column of a byte offset, for display.
    public func location(of offset: Int) -> LineColumn {
        let index = lineIndex(of: offset)
        let range = lineRange(index)
        let upTo = min(max(offset, range.lowerBound), range.upperBound)
        let column = String(decoding: bytes[range.lowerBound..<upTo], as: UTF8.self).unicodeScalars.count
        return LineColumn(line: index + firstLine, column: column + 1)
    }
}

/// All the files of one run, so diagnostics can point into any of them.
public struct SourceMap: Sendable {
    public private(set) var files: [SourceFile] = []

    public init() {}

    /// Adds a file and returns it with its new ID.
    @discardableResult
    public mutating func add(path: String, bytes: [UInt8], firstLine: Int = 1) -> SourceFile {
        let file = SourceFile(id: FileID(files.count), path: path, bytes: bytes, firstLine: firstLine)
        files.append(file)
        return file
    }

    @discardableResult
    public mutating func add(path: String, text: String, firstLine: Int = 1) -> SourceFile {
        add(path: path, bytes: Array(text.utf8), firstLine: firstLine)
    }

    public subscript(id: FileID) -> SourceFile { files[id.rawValue] }

    /// The files from the `start`-th on, each renamed by `name`: a version of
    /// a file read from git is shown as `REV:PATH`.
    public mutating func rename(from start: Int, _ name: (String) -> String) {
        for index in files.indices where index >= start {
            let file = files[index]
            files[index] = SourceFile(id: file.id, path: name(file.path), bytes: file.bytes, firstLine: file.firstLine)
        }
    }
}
