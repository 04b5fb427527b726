import Foundation
import FolioPlot
import FolioRunner

/// The flux spectrum E² dN/dE (GeV cm⁻² s⁻¹, all sky, per flavour) versus E (GeV), log–log: our
/// first template's result (its 68% band if the fit found a signal, else its 90% CL upper limit
/// as a line with arrows) over the central 90% energy range of its expected signal, the published
/// measurement's 68% band over its listed energy range, every template's model spectrum normalised
/// to its fit (or, with n̂ₛ = 0, to its upper limit), and the neutrino flux predicted from the
/// template's γ-rays (`icecube.hadronicCheck`).
///
/// Inputs: `fit00`…, `template00`… (template fits and their templates, the first being the one
/// whose result and energy range are drawn), `profile` (an `icecube.spectralProfile` of the first
/// template, for the energy range), `published` (a `data.publishedFlux`), `hadronic`.
public struct FluxSpectrumFigure: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "figure.fluxSpectrum"
        /// Legend labels of the templates, in the order of `fits`.
        public var labels: [String]
        public var publishedLabel: String
        /// Energy axis range (GeV).
        public var energyMinGeV: Double
        public var energyMaxGeV: Double
    }

    public let spec: StepSpec

    /// `fits`: (template fit step, its template step, label).
    public init(_ name: String, fits: [(fit: StepRef, template: StepRef, label: String)], profile: StepRef, published: StepRef,
                publishedLabel: String = "IceCube 2023, π⁰ (68%)", hadronic: StepRef, energyMinGeV: Double = 1e2, energyMaxGeV: Double = 1e7) {
        var inputs: [String: InputRef] = ["profile": .step(profile.name), "published": .step(published.name), "hadronic": .step(hadronic.name)]
        for (i, f) in fits.enumerated() {
            inputs[String(format: "fit%02d", i)] = .step(f.fit.name)
            inputs[String(format: "template%02d", i)] = .step(f.template.name)
        }
        spec = StepSpec(name, Parameters(labels: fits.map(\.label), publishedLabel: publishedLabel,
                                         energyMinGeV: energyMinGeV, energyMaxGeV: energyMaxGeV), inputs: inputs)
    }
}

struct FluxSpectrumFigureKind: StepKind {
    typealias Parameters = FluxSpectrumFigure.Parameters
    static let version = 1
    static let codeModules = ["FolioPlot"]

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if p.labels.isEmpty { problems.append("parameter 'labels' needs at least one template fit") }
        for i in p.labels.indices where inputs[String(format: "fit%02d", i)] == nil || inputs[String(format: "template%02d", i)] == nil {
            problems.append(String(format: "inputs 'fit%02d' and 'template%02d' are required for label %d", i, i, i))
        }
        if !(p.energyMinGeV > 0 && p.energyMinGeV < p.energyMaxGeV) { problems.append("parameters 'energyMinGeV' < 'energyMaxGeV' must be positive") }
        return problems
    }

    static let modelColors = [Color.blue, .bluishGreen, .reddishPurple]
    static let ourColor = Color.vermillion
    static let publishedColor = Color.orange

    /// Logarithmically spaced energies (GeV).
    static func energies(_ lo: Double, _ hi: Double, count: Int = 61) -> [Double] {
        (0..<count).map { lo * pow(hi / lo, Double($0) / Double(count - 1)) }
    }

    /// The template's all-sky spectrum relative to the reference energy, interpolated log-log.
    static func relativeSpectrum(_ d: TemplateDescription, at e: Double) -> Double {
        let x = log(e), xs = d.energiesGeV.map(log)
        guard let j = xs.indices.dropFirst().first(where: { xs[$0] >= x }) else {
            let n = xs.count - 1  // beyond the table: continue the last segment
            let slope = (log(d.spectrum[n]) - log(d.spectrum[n - 1])) / (xs[n] - xs[n - 1])
            return exp(log(d.spectrum[n]) + slope * (x - xs[n]))
        }
        let t = (x - xs[j - 1]) / (xs[j] - xs[j - 1])
        return exp((1 - t) * log(d.spectrum[j - 1]) + t * log(d.spectrum[j]))
    }

    /// An energy result in GeV (results are in GeV or TeV); nil for another unit or no value.
    static func gigaElectronVolts(_ r: ResultValue) -> Double? {
        guard let v = r.value else { return nil }
        switch r.unit {
        case .GeV: return v
        case .TeV: return v * 1e3
        default: return nil
        }
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let e100 = 1e5
        var series: [Series] = []
        var yValues: [Double] = []
        let axisEnergies = energies(p.energyMinGeV, p.energyMaxGeV)

        // Published measurement: its 68% band on the normalisation, E^-gamma, over its energy range.
        let published = try context.outputs(of: "published").results
        if let flux = published["flux100TeV"], let norm = flux.value, let gamma = published["gamma"]?.value {
            let lo = published["energyMin"].flatMap(gigaElectronVolts) ?? p.energyMinGeV
            let hi = published["energyMax"].flatMap(gigaElectronVolts) ?? p.energyMaxGeV
            let x = energies(lo, hi, count: 21)
            let shape = x.map { $0 * $0 * pow($0 / e100, -gamma) }
            let lower = shape.map { $0 * (norm - (flux.minus ?? 0)) }, upper = shape.map { $0 * (norm + (flux.plus ?? 0)) }
            series.append(.band(Band(label: p.publishedLabel, x: x, lower: lower, upper: upper, color: publishedColor, opacity: 0.35)))
            series.append(.line(Line(x: x, y: shape.map { $0 * norm }, style: LineStyle(color: publishedColor, width: 1.5))))
            yValues += lower + upper
        }

        // Every template's model spectrum, normalised to its fit, or to its upper limit when n̂s = 0.
        let profile = try context.outputs(of: "profile").results
        for (i, label) in p.labels.enumerated() {
            let fit = try TemplateFitOutput.read(input: String(format: "fit%02d", i), in: context)
            let d = try context.readJSON(TemplateDescription.self, input: String(format: "template%02d", i), file: "template.json")
            let bestFit = fit.flux100TeV
            let limit = fit.upperLimit100TeV
            let norm = bestFit > 0 ? bestFit : limit
            let scale = norm / relativeSpectrum(d, at: e100)
            let y = axisEnergies.map { $0 * $0 * scale * relativeSpectrum(d, at: $0) }
            let what = bestFit > 0 ? "best fit" : "at its 90% UL"
            series.append(.line(Line(label: "\(label) model, \(what)", x: axisEnergies, y: y,
                                     style: LineStyle(color: modelColors[i % modelColors.count], width: 1.1, dash: .dashed))))
            yValues += y.filter { $0 > 0 }

            // The first template's own result over the energy range its signal would come from.
            guard i == 0, let lo = profile["energyLower90"].flatMap(gigaElectronVolts),
                  let hi = profile["energyUpper90"].flatMap(gigaElectronVolts) else { continue }
            let x = energies(lo, hi, count: 21)
            let shape = x.map { $0 * $0 * relativeSpectrum(d, at: $0) / relativeSpectrum(d, at: e100) }
            if bestFit > 0 {
                let minus = fit.flux100TeVMinus, plus = fit.flux100TeVPlus
                series.append(.band(Band(label: "this work, \(label) (68%)", x: x, lower: shape.map { $0 * (bestFit - minus) },
                                         upper: shape.map { $0 * (bestFit + plus) }, color: ourColor, opacity: 0.35)))
            } else {
                let y = shape.map { $0 * limit }
                series.append(.line(Line(label: "this work, \(label), 90% CL UL", x: x, y: y, style: LineStyle(color: ourColor, width: 2.4))))
                // Arrows at the ends and the middle of the range (log-centre).
                let picks = [0, x.count / 2, x.count - 1]
                series.append(.scatter(Scatter(x: picks.map { x[$0] }, y: picks.map { y[$0] }, upperLimit: picks.map { _ in true },
                                               marker: .plus, markerSize: 4, color: ourColor)))
                yValues += y.map { $0 * 0.3 }
            }
        }

        // The hadronic prediction from the template's γ-rays.
        let hadronic = try context.outputs(of: "hadronic").results
        if let nu = hadronic["neutrinoFlux100TeV"]?.value, let index = hadronic["index"]?.value {
            let y = axisEnergies.map { $0 * $0 * nu * pow($0 / e100, -index) }
            series.append(.line(Line(label: "ν from the π⁰ template's γ-rays (pp)", x: axisEnergies, y: y,
                                     style: LineStyle(color: .black, width: 1.6, dash: .dashDot))))
            yValues += y
        }

        let finite = yValues.filter { $0 > 0 && $0.isFinite }
        let yLow = pow(10, floor(log10(finite.min() ?? 1e-10))), yHigh = pow(10, ceil(log10(finite.max() ?? 1e-6)) + 0.5)
        let panel = PlotPanel(
            x: Axis(label: "<i>E</i> [GeV]", scale: .log10, range: AxisRange(p.energyMinGeV, p.energyMaxGeV)),
            y: Axis(label: "<i>E</i><sup>2</sup> d<i>N</i>/d<i>E</i> [GeV cm<sup>−2</sup> s<sup>−1</sup>] (per flavour, all sky)",
                    scale: .log10, range: AxisRange(max(yLow, yHigh * 1e-5), yHigh)),
            series: series, legend: .upperRight, grid: true)
        try FigurePublishing.publish(Figure(name: context.stepName, width: 7.2, height: 4.8, panels: [.plot(panel)]), in: context)
    }
}
