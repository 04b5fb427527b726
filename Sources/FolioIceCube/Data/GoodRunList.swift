import Foundation

/// A season's good-run list (`uptime/<season>_exp.csv`): MJD start/stop of each run usable for
/// analysis.
public struct GoodRunList: Sendable {
    public let start: [Double]
    public let stop: [Double]

    /// Reads the list; rejects stop < start with a `file:line` error.
    public static func read(_ url: URL) throws -> GoodRunList {
        let t = try WhitespaceTable(contentsOf: url, columns: [.init("MJD_start[days]"), .init("MJD_stop[days]")])
        for r in 0..<t.rowCount where t.columns[1][r] < t.columns[0][r] {
            throw DataFileError(file: t.file, line: t.lineNumbers[r], "run stops (\(t.columns[1][r])) before it starts (\(t.columns[0][r]))")
        }
        return GoodRunList(start: t.columns[0], stop: t.columns[1])
    }

    public init(start: [Double], stop: [Double]) { self.start = start; self.stop = stop }

    /// Livetime in days: sum of run lengths, where a run that starts before the previous one
    /// stopped is clipped to start at that stop (as SkyLLH does), so overlaps count once.
    public var livetimeDays: Double {
        var total = 0.0
        for i in start.indices {
            var s = start[i]
            if i > 0 && s < stop[i - 1] { s = stop[i - 1] }
            total += max(0, stop[i] - s)
        }
        return total
    }

    public var livetimeSeconds: Double { livetimeDays * 86_400 }
}
