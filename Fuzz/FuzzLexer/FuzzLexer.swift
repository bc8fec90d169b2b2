// The lexer on any bytes: tokens and diagnostics, never a crash, and tokens
// that tile the file in order — each within it, none overlapping the last,
// the end-of-file token last — so that every later stage can trust a span.

import Charter
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let file = sourceFile(data, count)
    let tokens = Lexer.tokenize(file).tokens
    var end = 0
    for token in tokens {
        guard token.span.start >= end, token.span.end <= file.bytes.count else {
            fatalError("token \(token.kind) at \(token.span.start)..<\(token.span.end) overlaps or leaves the file")
        }
        end = token.span.end
    }
    guard tokens.last?.kind == .endOfFile else { fatalError("the tokens do not end with the end of the file") }
    return 0
}

@_cdecl("FuzzLexer_main")
public func fuzzLexerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz(argc, argv, testOneInput)
}
