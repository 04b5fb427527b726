import Foundation
import FolioPlot
import FolioRunner

/// How every figure step publishes: PNG (for the HTML fallback and image diffs), SVG (crisp in
/// the HTML report), PDF (vector, for print) and the figure value itself as JSON, so that
/// `folio diff` can compare the plotted data number by number before comparing pixels.
///
/// A kind of a user's package publishes its figure the same way:
///
/// ```swift
/// try FigurePublishing.publish(Figure(name: context.stepName, panels: [.plot(panel)]), in: context)
/// ```
public enum FigurePublishing {
    static let pngDPI = 150.0

    /// Validates `figure`, renders it as `figures/<step>.{png,svg,pdf}` and publishes its JSON.
    public static func publish(_ figure: Figure, in context: StepContext) throws {
        var figure = figure
        figure.name = context.stepName
        do {
            try figure.validate()
        } catch let error as FigureError {
            throw SpecProblem("step '\(context.stepName)'", "\(error)")
        }
        let folder = context.publishDirectory.appendingPathComponent("figures")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for format in [FigureFormat.png(dpi: pngDPI), .svg, .pdf] {
            try render(figure, format: format, to: folder.appendingPathComponent("\(context.stepName).\(format.fileExtension)"))
        }
        try context.publish(try JSONValue(encoding: figure).prettyData(), as: "figures/\(context.stepName).json")
    }
}

extension JSONValue {
    /// Sorted, indented JSON (stable bytes) for published data files.
    func prettyData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
