// The lexer and parser on any bytes: they must return a tree and
// diagnostics, never crash, hang or overflow the stack.

import Charter
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = Parser.parse(sourceFile(data, count))
    return 0
}

@_cdecl("FuzzParser_main")
public func fuzzParserMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz(argc, argv, testOneInput)
}
