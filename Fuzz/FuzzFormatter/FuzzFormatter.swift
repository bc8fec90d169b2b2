// The formatter's promise on every input that parses: its output parses
// too, to the same tree, and formatting it again changes nothing. A broken
// promise stops the fuzzer with the input that broke it.

import Charter
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var sources = SourceMap()
    let file = sources.add(path: "fuzz.charter", bytes: bytes(data, count))
    let parsed = Parser.parse(file)
    guard !parsed.diagnostics.contains(where: { $0.severity == .error }) else { return 0 }
    let formatted = Formatter(source: file, syntax: parsed.syntax).format()
    let again = sources.add(path: "formatted.charter", text: formatted)
    let reparsed = Parser.parse(again)
    let errors = reparsed.diagnostics.filter { $0.severity == .error && $0.code != ParserDiagnostic.emptyFile }
    guard errors.isEmpty else { fatalError("the formatted input has errors:\n\(formatted)") }
    guard TreeShape.of(reparsed.syntax.declarations) == TreeShape.of(parsed.syntax.declarations) else {
        fatalError("formatting changed the tree:\n\(formatted)")
    }
    guard Formatter(source: again, syntax: reparsed.syntax).format() == formatted else {
        fatalError("formatting twice changes the layout:\n\(formatted)")
    }
    return 0
}

@_cdecl("FuzzFormatter_main")
public func fuzzFormatterMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz(argc, argv, testOneInput)
}
