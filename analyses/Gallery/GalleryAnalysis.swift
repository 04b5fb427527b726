import Dispatch
import FolioModel
import FolioPlot
import FolioSteps

/// One figure of every kind FolioPlot draws (lines, bands, error bars, histograms, heat maps,
/// log axes, sky maps in both frames with HEALPix maps, events and sources), each a figure step.
public enum GalleryAnalysis {
    public static let analysis = Analysis("gallery", title: "Folio figure gallery") {
        for step in figureSteps() { step }
    }

    /// Computing the figures and encoding them into their steps' parameters was half of `folio list`
    /// (which builds every analysis of the catalog): done side by side, in the gallery's order.
    static func figureSteps() -> [InlineFigure] {
        let makers = GalleryFigures.makers
        nonisolated(unsafe) var steps = [InlineFigure?](repeating: nil, count: makers.count)
        steps.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots   // each index is written by one iteration
            DispatchQueue.concurrentPerform(iterations: makers.count) { i in
                slots[i] = InlineFigure(makers[i].name, figure: makers[i].make())
            }
        }
        return steps.map { $0! }
    }
}
