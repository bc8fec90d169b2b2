// Every JSON document Charter writes (check, run, power) is encoded one way:
// pretty, keys sorted, slashes as they are, and made safe for a CI log by
// `Escaping.json`.

import CharterDiagnostics
import Foundation

enum JSONDocument {
    static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Escaping.json(String(decoding: try encoder.encode(value), as: UTF8.self)) + "\n"
    }
}
