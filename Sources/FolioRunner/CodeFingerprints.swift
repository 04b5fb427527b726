/// The code a build runs with, module by module: the SHA-256 of each module's sources (comments and
/// blank lines removed) and the modules it depends on directly.
///
/// The FolioFingerprint build-tool plugin generates the table (`FolioCodeFingerprints.modules`) into
/// the executable that runs builds, which hands it to its registry:
///
/// ```swift
/// let registry = StandardKinds.registry.fingerprinted(by: CodeFingerprints(generated: FolioCodeFingerprints.modules))
/// ```
///
/// A step's key then includes the fingerprint of its kind's code: the module that defines the kind
/// (its own sources only, not what it imports: FolioSteps imports every craft module) and the
/// modules the kind declares in `codeModules`, closed over their dependencies. Editing FolioIceCube
/// thus reruns the steps whose kinds declare FolioIceCube (or a module depending on it), and
/// `--explain` says "code of FolioIceCube changed".
public struct CodeFingerprints: Sendable, Hashable {
    public struct Module: Sendable, Hashable {
        public var fingerprint: String
        public var dependencies: [String]
        public init(fingerprint: String, dependencies: [String]) {
            self.fingerprint = fingerprint
            self.dependencies = dependencies
        }
    }

    public var modules: [String: Module]

    public init(_ modules: [String: Module]) { self.modules = modules }

    /// From the plugin's generated table.
    public init(generated: [String: (fingerprint: String, dependencies: [String])]) {
        modules = generated.mapValues { Module(fingerprint: $0.fingerprint, dependencies: $0.dependencies) }
    }

    /// `roots` and every module they depend on, transitively (dependencies outside the table, such as
    /// system-library shims without sources, are skipped).
    public func closure(of roots: [String]) -> Set<String> {
        var seen: Set<String> = []
        var stack = roots
        while let next = stack.popLast() {
            guard let module = modules[next], seen.insert(next).inserted else { continue }
            stack += module.dependencies
        }
        return seen
    }

    /// Module -> fingerprint for `kind`: the module that defines it (its own sources) and the modules
    /// it declares in `codeModules`, with their dependencies. The problems name the defining or a
    /// declared module that is not in the table (a typo, or a module the executable is not built from).
    public func code(for kind: RegisteredKind) -> (code: [String: String], problems: [String]) {
        var problems: [String] = []
        for name in [kind.module] + kind.codeModules where modules[name] == nil {
            let nearest = modules.keys.sorted().filter { editDistance($0, name) <= 3 }
                .min { editDistance($0, name) < editDistance($1, name) }
            let which = name == kind.module ? "is defined in module '\(name)'" : "declares code module '\(name)'"
            problems.append("kind '\(kind.kind)' \(which), which is not in the code fingerprint table"
                            + (nearest.map { " (did you mean '\($0)'?)" } ?? ""))
        }
        var code: [String: String] = [:]
        for name in closure(of: kind.codeModules).union([kind.module]) {
            if let module = modules[name] { code[name] = module.fingerprint }
        }
        return (code, problems)
    }
}

/// The module a type is declared in, from its fully qualified name (`FolioSteps.TemplateFitKind`).
/// `_typeName` is what `String(reflecting:)` prints for a type, without first asking the runtime
/// whether the metatype conforms to the printing protocols: those conformance scans, one set per
/// registered kind, were a tenth of every `folio` start.
func moduleName(of type: Any.Type) -> String {
    let qualified = _typeName(type, qualified: true)
    return String(qualified.prefix { $0 != "." })
}

private func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased()), b = Array(b.lowercased())
    var row = Array(0...b.count)
    for i in 1...max(1, a.count) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in 1...max(1, b.count) where !b.isEmpty {
            let old = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = old
        }
    }
    return row[b.count]
}
