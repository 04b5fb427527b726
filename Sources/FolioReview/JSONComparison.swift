import FolioModel

/// A leaf-level difference between two JSON documents (e.g. the data behind two figures).
public struct JSONDifference: Hashable, Sendable, CustomStringConvertible {
    /// A path like `panels[0].plot.series[1].histogram.values[13]`.
    public var path: String
    public var old: String
    public var new: String
    public var description: String { "\(path): \(old) -> \(new)" }
}

/// Compares two JSON values number by number. Numbers within `tolerance` are equal; arrays of
/// different lengths and differing strings are reported at their path.
public enum JSONComparison {
    public static func compare(_ a: JSONValue, _ b: JSONValue, tolerance: Tolerance, limit: Int = 200) -> (differences: [JSONDifference], total: Int) {
        var found: [JSONDifference] = []
        var total = 0
        func note(_ path: String, _ x: JSONValue?, _ y: JSONValue?) {
            total += 1
            if found.count < limit {
                found.append(JSONDifference(path: path.isEmpty ? "(root)" : path, old: x?.brief ?? "(absent)", new: y?.brief ?? "(absent)"))
            }
        }
        func walk(_ x: JSONValue?, _ y: JSONValue?, _ path: String) {
            switch (x, y) {
            case (.number(let p)?, .number(let q)?):
                if !tolerance.accepts(old: p, new: q) { note(path, x, y) }
            case (.object(let p)?, .object(let q)?):
                for k in Set(p.keys).union(q.keys).sorted() { walk(p[k], q[k], path.isEmpty ? k : "\(path).\(k)") }
            case (.array(let p)?, .array(let q)?):
                if p.count != q.count {
                    note("\(path).count", .number(Double(p.count)), .number(Double(q.count)))
                }
                for i in 0..<min(p.count, q.count) { walk(p[i], q[i], "\(path)[\(i)]") }
            default:
                if x != y { note(path, x, y) }
            }
        }
        walk(a, b, "")
        return (found, total)
    }
}
