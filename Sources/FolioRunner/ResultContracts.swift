import FolioModel

/// The contract between steps that record results and steps that quote them.
///
/// Every kind declares the names it records (`StepKind.resultNames`); a kind that quotes other
/// steps' results (the report) lists its quotes (`StepKind.resultReferences`). When a build is
/// planned, every quote is checked against the declared names of the step it names, so a typo in a
/// report placeholder fails before any step runs, with where it is and the nearest valid names:
///
/// ```
/// error: step 'report': section 'Results', paragraph 3: {{ results.fit-pi0.upperLimt100TeV }}:
///   step 'fit-pi0' records no 'upperLimt100TeV'; did you mean 'upperLimit100TeV'?
/// ```
/// When a step runs, recording a name its kind does not declare is an internal error
/// (`UndeclaredResultError`), so the declarations cannot fall behind the code.
public enum ResultContracts {
    /// One problem per quote that names an unknown step or a result its step does not declare.
    public static func problems(in steps: [StepSpec], registry: StepRegistry) -> [SpecProblem] {
        var byName: [String: StepSpec] = [:]
        for spec in steps where byName[spec.name] == nil { byName[spec.name] = spec }
        var declared: [String: Set<String>] = [:]
        func names(of target: StepSpec) -> Set<String>? {
            if let known = declared[target.name] { return known }
            guard let kind = registry.kinds[target.kind] else { return nil }
            let names = kind.resultNames(target.parameters)
            declared[target.name] = names
            return names
        }
        var problems: [SpecProblem] = []
        for spec in steps {
            guard let kind = registry.kinds[spec.kind] else { continue }
            for reference in kind.resultReferences(spec.parameters) {
                let at = "\(reference.location): \(reference.text)"
                guard !reference.field.isEmpty else {
                    problems.append(SpecProblem("step '\(spec.name)'", "\(at): expected '<step>.<field>'"))
                    continue
                }
                guard let target = byName[reference.step] else {
                    problems.append(SpecProblem("step '\(spec.name)'", "\(at): no step '\(reference.step)' in the analysis"
                        + NearestNames.suggestion(for: reference.step, in: byName.keys)))
                    continue
                }
                // Results reach a step only through its inputs (which also order the steps).
                guard spec.inputs.values.contains(.step(target.name)) else {
                    problems.append(SpecProblem("step '\(spec.name)'",
                        "\(at): quotes step '\(target.name)' but has no input that reads it"))
                    continue
                }
                // An unknown kind is reported where the kinds are checked.
                guard let available = names(of: target), !available.contains(reference.field) else { continue }
                let message = available.isEmpty
                    ? "step '\(target.name)' (kind '\(target.kind)') records no results"
                    : "step '\(target.name)' records no '\(reference.field)'"
                        + NearestNames.suggestion(for: reference.field, in: available)
                problems.append(SpecProblem("step '\(spec.name)'", "\(at): \(message)"))
            }
        }
        return problems
    }

    /// Throws when a step recorded a name its kind does not declare for its parameters.
    static func checkRecorded(_ recorded: some Collection<String>, step: BuildPlan.Step) throws {
        let declared = step.kind.resultNames(step.spec.parameters)
        let undeclared = recorded.filter { !declared.contains($0) }.sorted()
        if !undeclared.isEmpty {
            throw UndeclaredResultError(kind: step.spec.kind, step: step.spec.name, names: undeclared)
        }
    }
}

/// A kind recorded results it does not declare in `resultNames`: a bug in the kind, not in the analysis.
public struct UndeclaredResultError: Error, CustomStringConvertible {
    public var kind: String
    public var step: String
    public var names: [String]
    public var description: String {
        "internal error: kind '\(kind)' recorded " + names.map { "'\($0)'" }.joined(separator: ", ")
            + " in step '\(step)' but does not declare \(names.count == 1 ? "it" : "them") in resultNames(_:)"
    }
}
