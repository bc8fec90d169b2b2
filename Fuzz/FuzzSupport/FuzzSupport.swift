// What every fuzz target shares: libFuzzer's driver, started from the
// target's own entry point (SwiftPM gives an executable `<Target>_main`, and
// libFuzzer's `main` would clash with it), and the input as bytes or as a
// source file.

import CharterDiagnostics

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer with the command line, calling `callback` with each input.
public func fuzz(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                 _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv, callback)
}

/// libFuzzer's input as an array.
public func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    guard let data, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: count))
}

/// libFuzzer's input as the one source file of a new map.
public func sourceFile(_ data: UnsafePointer<UInt8>?, _ count: Int) -> SourceFile {
    var sources = SourceMap()
    return sources.add(path: "fuzz.charter", bytes: bytes(data, count))
}
