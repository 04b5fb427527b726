import Foundation
import FolioFingerprintCore

// folio-fingerprint LISTING OUTPUT: run by the FolioFingerprint plugin at build time.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: folio-fingerprint LISTING OUTPUT.swift\n".utf8))
    exit(2)
}
do {
    let listing = try String(contentsOfFile: arguments[1], encoding: .utf8)
    let modules = ModuleFingerprint.parseListing(listing)
    let rows = try modules.map { module in
        (name: module.name,
         fingerprint: try ModuleFingerprint.fingerprint(module) { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) },
         dependencies: module.dependencies)
    }
    let source = Data(ModuleFingerprint.swiftSource(rows).utf8)
    let output = URL(fileURLWithPath: arguments[2])
    if (try? Data(contentsOf: output)) != source { try source.write(to: output, options: .atomic) }
} catch {
    FileHandle.standardError.write(Data("folio-fingerprint: \(error)\n".utf8))
    exit(1)
}
