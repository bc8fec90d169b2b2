// The interpreter on every input that loads: its statements, checks and
// scenarios run to a report, never a crash or a hang (its step budget).

import Charter
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let program = Program.load(paths: ["fuzz.charter"], reader: MemoryReader(files: ["fuzz.charter": bytes(data, count)]))
    _ = program.run()
    return 0
}

@_cdecl("FuzzInterpreter_main")
public func fuzzInterpreterMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz(argc, argv, testOneInput)
}
