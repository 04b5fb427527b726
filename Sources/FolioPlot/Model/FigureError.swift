import Foundation

/// Why a figure cannot be drawn. The message names the figure, panel and series so the user can
/// find the offending declaration.
public struct FigureError: Error, CustomStringConvertible, Equatable, Sendable {
    public var figure: String
    /// Where in the figure, e.g. "panel 2, series 'data'"; empty for the figure itself.
    public var location: String
    public var problem: String

    public var description: String {
        location.isEmpty ? "figure '\(figure)': \(problem)" : "figure '\(figure)': \(location): \(problem)"
    }
}
