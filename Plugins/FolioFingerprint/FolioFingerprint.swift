import Foundation
import PackagePlugin

/// Generates `FolioCodeFingerprints.swift` for the target it is applied to: for every Swift/C source
/// module the target depends on (transitively, other packages' modules included, and the target
/// itself) a SHA-256 fingerprint of its sources and the names of the modules it depends on.
///
/// Every source file is an input of the build command, so editing any of them regenerates the table
/// (and only then: the command is skipped when no input changed). See Plugins/FolioFingerprint/README.md.
@main
struct FolioFingerprint: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let root = target as? SourceModuleTarget else { return [] }
        // Every module reachable through target and product dependencies, each once.
        var modules: [String: SourceModuleTarget] = [:]
        var dependencies: [String: Set<String>] = [:]
        var stack: [Target] = [root]
        var seen: Set<String> = []
        while let next = stack.popLast() {
            guard seen.insert(next.id).inserted else { continue }
            var direct: [Target] = []
            for dependency in next.dependencies {
                switch dependency {
                case .target(let t): direct.append(t)
                case .product(let p): direct += p.targets
                @unknown default: break
                }
            }
            stack += direct
            guard let module = next as? SourceModuleTarget else { continue }
            modules[module.moduleName] = module
            dependencies[module.moduleName] = Set(direct.compactMap { ($0 as? SourceModuleTarget)?.moduleName })
        }

        // The list the tool reads: one block per module, `module NAME`, `dir PATH`, `dep NAME`..., `file PATH`...
        var listing = ""
        var inputs: [URL] = []
        for name in modules.keys.sorted() {
            let module = modules[name]!
            listing += "module \(name)\ndir \(module.directoryURL.path)\n"
            for dep in dependencies[name, default: []].sorted() { listing += "dep \(dep)\n" }
            let files = module.sourceFiles.filter { $0.type == .source || $0.type == .header }.map(\.url).sorted { $0.path < $1.path }
            for file in files { listing += "file \(file.path)\n" }
            inputs += files
        }
        let work = context.pluginWorkDirectoryURL
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let listURL = work.appendingPathComponent("modules.txt")
        // Rewrite only on change, so an unchanged list does not make the command run again.
        let data = Data(listing.utf8)
        if (try? Data(contentsOf: listURL)) != data { try data.write(to: listURL, options: .atomic) }
        let output = work.appendingPathComponent("FolioCodeFingerprints.swift")
        return [.buildCommand(
            displayName: "Fingerprinting the sources of \(modules.count) modules for \(root.moduleName)",
            executable: try context.tool(named: "folio-fingerprint").url,
            arguments: [listURL.path, output.path],
            inputFiles: [listURL] + inputs,
            outputFiles: [output])]
    }
}
