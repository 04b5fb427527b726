import ArgumentParser
import FolioModel

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the analyses and their steps.")

    @Flag(name: .long, help: "Also list every step with its kind and inputs.")
    var steps = false

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            for analysis in FolioSetup.current.analyses {
                print("\(analysis.name)\t\(analysis.steps.count) steps\t\(analysis.title)")
                guard steps else { continue }
                for step in analysis.steps {
                    let inputs = step.inputs.keys.sorted().map { "\($0)=\(step.inputs[$0]!)" }.joined(separator: ", ")
                    print("  \(step.name)\t\(step.kind)\(inputs.isEmpty ? "" : "\t<- \(inputs)")")
                }
            }
        }
    }
}
