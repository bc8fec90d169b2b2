// libFuzzer's driver for every fuzz target: `CharterFuzz TARGET [libFuzzer
// arguments]` runs the target (see FuzzTargets) on each input, and stops at
// the first input that breaks its promise, which libFuzzer then saves. It
// starts from its own entry point, since SwiftPM gives an executable
// `<Target>_main` and libFuzzer's `main` would clash with it.

import FuzzTargets

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target chosen on the command line, set once before the driver starts.
nonisolated(unsafe) private var target = FuzzTarget.lexer

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    if let broken = target.run(input) { fatalError("\(target.rawValue): \(broken)") }
    return 0
}

@_cdecl("CharterFuzz_main")
public func charterFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
    guard argc >= 2, let argv, let name = argv[1].map({ String(cString: $0) }), let chosen = FuzzTarget(rawValue: name) else {
        print("usage: CharterFuzz \(names) [libFuzzer arguments]")
        return 64
    }
    target = chosen
    // libFuzzer reads the arguments after the target's name as its own.
    var count = argc - 1
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = .allocate(capacity: Int(argc))
    arguments?[0] = argv[0]
    for index in 2...Int(argc) { arguments?[index - 1] = argv[index] }
    return runDriver(&count, &arguments, testOneInput)
}
