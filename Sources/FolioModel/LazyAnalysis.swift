import Foundation

/// An analysis known by its name up front and built on first use, so that a `folio` command builds
/// only the analyses it needs: building one computes every step's parameters (for the gallery,
/// its figures' data), which was most of the start-up time of every command when the whole
/// catalog was built eagerly (README "Start-up and the no-op rebuild").
public final class LazyAnalysis: @unchecked Sendable {
    // @unchecked: `built` is guarded by `lock`.
    public let name: String
    private let make: @Sendable () -> Analysis
    private var built: Analysis?
    private let lock = NSLock()

    /// `make` must build an analysis named `name`; a different name stops the program on first use.
    public init(_ name: String, _ make: @escaping @Sendable () -> Analysis) {
        self.name = name
        self.make = make
    }

    /// An analysis that is already built.
    public init(_ analysis: Analysis) {
        name = analysis.name
        built = analysis
        make = { analysis }
    }

    /// The analysis, built on the first call.
    public var analysis: Analysis {
        lock.lock(); defer { lock.unlock() }
        if let built { return built }
        let value = make()
        precondition(value.name == name, "the catalog entry '\(name)' builds an analysis named '\(value.name)'")
        built = value
        return value
    }
}
