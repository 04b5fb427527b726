import Foundation
import Folio

/// Declares the fit of the spectral index γ of dN/dE ∝ E^−γ to the reconstructed energies of the
/// events of an `IceCubeData` step, in a declination band and an energy range.
///
/// ```swift
/// IceCubeData("data", selection: IceCubeSelection(seasons: ["IC40"]))
/// SpectralIndexFit("north", data: "data", declination: -5...90, log10Energy: 3.5...6.5)
/// ```
public struct SpectralIndexFit: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "example.spectralIndexFit"
        /// Declination band, degrees.
        public var declinationMin: Double
        public var declinationMax: Double
        /// Range of log10(E_reco / GeV) the power law is fitted in.
        public var log10EnergyMin: Double
        public var log10EnergyMax: Double
        /// Bins of the figure (not of the fit, which is unbinned).
        public var bins: Int
    }

    public let spec: StepSpec

    public init(_ name: String, data: StepRef, declination: ClosedRange<Double>, log10Energy: ClosedRange<Double>, bins: Int = 30) {
        spec = StepSpec(name, Parameters(declinationMin: declination.lowerBound, declinationMax: declination.upperBound,
                                         log10EnergyMin: log10Energy.lowerBound, log10EnergyMax: log10Energy.upperBound, bins: bins),
                        inputs: ["data": .step(data.name)])
    }
}

/// Runs a `SpectralIndexFit`: reads the events the data step selected (`events.json`), keeps those
/// in the band and range, fits γ by maximum likelihood (`TruncatedPowerLaw`) and records `index`
/// (± the curvature error), `events`; publishes `figures/<step>.*` and `tables/<step>.csv`.
public struct SpectralIndexFitKind: StepKind {
    public typealias Parameters = SpectralIndexFit.Parameters
    /// Bump when a change here can change the outputs.
    public static let version = 1
    /// The numbers this kind records; a report quoting any other name fails before anything runs.
    public static func resultNames(_ p: Parameters) -> Set<String> { ["index", "events"] }

    public static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if !(p.declinationMin < p.declinationMax) || p.declinationMin < -90 || p.declinationMax > 90 {
            problems.append("parameter 'declination': need -90 <= min < max <= 90 degrees")
        }
        if !(p.log10EnergyMin < p.log10EnergyMax) { problems.append("parameter 'log10Energy': need min < max") }
        if p.bins < 1 { problems.append("parameter 'bins': need at least 1") }
        return problems
    }

    public static func run(_ p: Parameters, in context: StepContext) async throws {
        let events = try context.readJSON(SelectedEvents.self, input: "data", file: "events.json")
        let lower = pow(10, p.log10EnergyMin), upper = pow(10, p.log10EnergyMax)
        let energies = zip(events.dec, events.log10Energy)
            .filter { $0.0 >= p.declinationMin && $0.0 < p.declinationMax && $0.1 >= p.log10EnergyMin && $0.1 <= p.log10EnergyMax }
            .map { pow(10, $0.1) }
        guard let fit = TruncatedPowerLaw.fit(energies, lower: lower, upper: upper) else {
            throw SpecProblem("step '\(context.stepName)'", "fewer than 2 events in the band and energy range")
        }
        context.record("index", ResultValue(fit.index, unit: .dimensionless, minus: fit.error, plus: fit.error, kind: .fitParameter))
        context.record("events", ResultValue(Double(fit.events), unit: .events, kind: .count))

        // The figure: the events per log10 E bin with the fitted power law's expectation.
        let edges = (0...p.bins).map { p.log10EnergyMin + (p.log10EnergyMax - p.log10EnergyMin) * Double($0) / Double(p.bins) }
        let centres = (0..<p.bins).map { (edges[$0] + edges[$0 + 1]) / 2 }
        let expected = (0..<p.bins).map {
            TruncatedPowerLaw.expected(between: pow(10, edges[$0]), and: pow(10, edges[$0 + 1]), total: Double(fit.events),
                                       index: fit.index, lower: lower, upper: upper)
        }
        let panel = PlotPanel(
            x: Axis(label: "log<sub>10</sub>(<i>E</i><sub>reco</sub> / GeV)"),
            y: Axis(label: "events per bin", scale: .log10),
            series: [
                .histogram(Histogram(label: String(format: "events, δ in [%g°, %g°)", p.declinationMin, p.declinationMax),
                                     samples: energies.map { log10($0) }, edges: edges, filled: false)),
                .line(Line(label: String(format: "fit: γ = %.3f ± %.3f", fit.index, fit.error), x: centres, y: expected)),
            ],
            legend: .best)
        try FigurePublishing.publish(Figure(name: context.stepName, panels: [.plot(panel)]), in: context)

        // The table: observed and expected events per bin, for other tools.
        var csv = "log10E_low,log10E_high,observed,expected\n"
        let counts = (0..<p.bins).map { i in energies.filter { log10($0) >= edges[i] && (log10($0) < edges[i + 1] || i == p.bins - 1) }.count }
        for i in 0..<p.bins {
            csv += String(format: "%.4f,%.4f,%d,%.3f\n", edges[i], edges[i + 1], counts[i], expected[i])
        }
        try context.publish(Data(csv.utf8), as: "tables/\(context.stepName).csv")
    }
}
