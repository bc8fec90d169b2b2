// The resolver on whatever the parser makes of any bytes: a model and
// diagnostics, never a crash.

import Charter
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = Resolver.resolve([Parser.parse(sourceFile(data, count)).syntax])
    return 0
}

@_cdecl("FuzzResolver_main")
public func fuzzResolverMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz(argc, argv, testOneInput)
}
