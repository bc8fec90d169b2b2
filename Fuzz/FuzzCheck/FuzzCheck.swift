// `charter check` without the terminal: load, resolve and run every built-in
// check, with a small power limit so that one input takes milliseconds.

import Charter
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var program = Program.load(paths: ["fuzz.charter"], reader: MemoryReader(files: ["fuzz.charter": bytes(data, count)]))
    var configuration = CheckConfiguration()
    configuration.powerWorkLimit = 1e6
    program.runChecks(configuration)
    return 0
}

@_cdecl("FuzzCheck_main")
public func fuzzCheckMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz(argc, argv, testOneInput)
}
