import Foundation
import FolioCache
import FolioModel

/// Compares two PNG images: returns a summary and may write a diff image to `diffImage`.
public typealias ImageComparison = @Sendable (_ old: URL, _ new: URL, _ diffImage: URL) throws -> ImageDifference

/// What a pixel comparison found.
public struct ImageDifference: Hashable, Sendable {
    /// Pixels whose colour differs by more than the per-channel tolerance.
    public var changedPixels: Int
    public var totalPixels: Int
    /// The largest per-channel difference (0...255).
    public var maximumChannelDifference: Int
    /// Bounding box of the changed region (x, y, width, height), if any.
    public var changedRegion: [Int]?
    public var sizeChanged: Bool
    public var diffImageWritten: Bool

    public init(changedPixels: Int, totalPixels: Int, maximumChannelDifference: Int, changedRegion: [Int]?,
                sizeChanged: Bool, diffImageWritten: Bool) {
        self.changedPixels = changedPixels
        self.totalPixels = totalPixels
        self.maximumChannelDifference = maximumChannelDifference
        self.changedRegion = changedRegion
        self.sizeChanged = sizeChanged
        self.diffImageWritten = diffImageWritten
    }
}

/// A published file (table, figure, report) that differs between two builds.
public struct FileChange: Hashable, Sendable {
    public enum Status: Hashable, Sendable { case identical, withinTolerance, changed, added, removed }
    public var path: String
    public var status: Status
    /// What moved: cells of a table, data points of a figure, pixels of an image.
    public var details: [String]
    /// Relative path of a diff image (under the diff's image folder), for PNGs.
    public var diffImage: String?

    static func compare(old: URL, new: URL, oldManifest: Manifest, newManifest: Manifest, tolerance: Tolerance,
                        imageComparison: ImageComparison?, diffImageDirectory: URL?) throws -> [FileChange] {
        func published(_ m: Manifest) -> [String: String] {
            var out: [String: String] = [:]
            for step in m.steps {
                for file in step.outputs where file.path.hasPrefix("pub/") { out[String(file.path.dropFirst(4))] = file.sha256 }
            }
            return out
        }
        let a = published(oldManifest), b = published(newManifest)
        return Set(a.keys).union(b.keys).sorted().map { path in
            guard let shaA = a[path] else { return FileChange(path: path, status: .added, details: []) }
            guard let shaB = b[path] else { return FileChange(path: path, status: .removed, details: []) }
            if shaA == shaB { return FileChange(path: path, status: .identical, details: []) }
            let x = old.appendingPathComponent(path), y = new.appendingPathComponent(path)
            switch (path as NSString).pathExtension.lowercased() {
            case "csv":
                let t = TableComparison.compare(old: (try? String(contentsOf: x, encoding: .utf8)) ?? "",
                                                new: (try? String(contentsOf: y, encoding: .utf8)) ?? "", tolerance: tolerance)
                var details: [String] = []
                if t.oldRows != t.newRows {
                    let n = abs(t.newRows - t.oldRows)
                    details.append(t.newRows > t.oldRows ? "\(n) rows added (\(t.oldRows - 1) -> \(t.newRows - 1) data rows)"
                                                         : "\(n) rows removed (\(t.oldRows - 1) -> \(t.newRows - 1) data rows)")
                }
                details += summarise(t.cells.map(\.description), noun: "cell")
                return FileChange(path: path, status: details.isEmpty ? .withinTolerance : .changed, details: details)
            case "json":
                guard let p = try? JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: x)),
                      let q = try? JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: y)) else {
                    return FileChange(path: path, status: .changed, details: ["unreadable JSON"])
                }
                let (found, total) = JSONComparison.compare(p, q, tolerance: tolerance, limit: 20)
                var details = found.map(\.description)
                if total > found.count { details.append("... \(total - found.count) more values differ") }
                return FileChange(path: path, status: total == 0 ? .withinTolerance : .changed, details: details)
            case "html":
                let lines = ProseComparison.compare(oldHTML: (try? String(contentsOf: x, encoding: .utf8)) ?? "",
                                                    newHTML: (try? String(contentsOf: y, encoding: .utf8)) ?? "")
                return FileChange(path: path, status: lines.isEmpty ? .withinTolerance : .changed,
                                  details: lines.isEmpty ? ["markup differs; the visible text is the same"] : summarise(lines, noun: "line"))
            case "png":
                guard let imageComparison, let diffImageDirectory else {
                    return FileChange(path: path, status: .changed, details: ["bytes differ (sha256 \(shaA.prefix(12)) -> \(shaB.prefix(12)))"])
                }
                let name = path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ".png", with: "-diff.png")
                do {
                    try FileManager.default.createDirectory(at: diffImageDirectory, withIntermediateDirectories: true)
                    let d = try imageComparison(x, y, diffImageDirectory.appendingPathComponent(name))
                    if d.sizeChanged { return FileChange(path: path, status: .changed, details: ["image size changed"]) }
                    if d.changedPixels == 0 {
                        return FileChange(path: path, status: .withinTolerance,
                                          details: ["pixels equal within tolerance (max channel difference \(d.maximumChannelDifference))"])
                    }
                    var detail = "\(d.changedPixels) of \(d.totalPixels) pixels changed (max channel difference \(d.maximumChannelDifference))"
                    if let r = d.changedRegion { detail += " in x \(r[0])...\(r[0] + r[2] - 1), y \(r[1])...\(r[1] + r[3] - 1)" }
                    return FileChange(path: path, status: .changed, details: [detail], diffImage: d.diffImageWritten ? name : nil)
                } catch {
                    return FileChange(path: path, status: .changed, details: ["image comparison failed: \(error)"])
                }
            default:
                return FileChange(path: path, status: .changed, details: ["bytes differ (sha256 \(shaA.prefix(12)) -> \(shaB.prefix(12)))"])
            }
        }
    }

    static func summarise(_ lines: [String], noun: String, limit: Int = 10) -> [String] {
        guard lines.count > limit else { return lines }
        return Array(lines.prefix(limit)) + ["... \(lines.count - limit) more \(noun)s differ (\(lines.count) in all)"]
    }
}
