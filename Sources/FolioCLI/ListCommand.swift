import ArgumentParser
import FolioModel
import FolioRunner

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the analyses and their steps.")

    @Flag(name: .long, help: "Also list every step with its kind and inputs.")
    var steps = false

    @Flag(name: .long, help: "List the code fingerprint of every module this folio is built from, and the modules each step kind's key includes.")
    var code = false

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            if code { return listCode() }
            for entry in FolioSetup.current.catalog {
                let analysis = entry.analysis
                print("\(analysis.name)\t\(analysis.steps.count) steps\t\(analysis.title)")
                guard steps else { continue }
                for step in analysis.steps {
                    let inputs = step.inputs.keys.sorted().map { "\($0)=\(step.inputs[$0]!)" }.joined(separator: ", ")
                    print("  \(step.name)\t\(step.kind)\(inputs.isEmpty ? "" : "\t<- \(inputs)")")
                }
            }
        }
    }

    /// `module<TAB>fingerprint<TAB>dependencies`, then `kind<TAB>modules in its key`.
    private func listCode() {
        let table = FolioSetup.current.code ?? CodeFingerprints([:])
        for name in table.modules.keys.sorted() {
            let module = table.modules[name]!
            print("\(name)\t\(module.fingerprint)\t\(module.dependencies.sorted().joined(separator: ","))")
        }
        print()
        for name in FolioSetup.current.registry.kinds.keys.sorted() {
            let kind = FolioSetup.current.registry.kinds[name]!
            let modules = table.closure(of: kind.codeModules).union([kind.module]).sorted()
            print("\(name)\t\(modules.joined(separator: ","))")
        }
    }
}
