/// A place in a step's parameters that quotes another step's result, `<step>.<field>`: a report's
/// `{{ results.fit.ts }}` placeholder or a table cell. The runner checks every reference against the
/// result names the referenced step's kind declares before any step runs.
public struct ResultReference: Hashable, Sendable {
    /// Where the reference is, for the message: `section 'Results', paragraph 3`.
    public var location: String
    /// The reference as the user wrote it: `{{ results.fit.ts }}`, `table cell 'fit.ts'`.
    public var text: String
    public var step: String
    public var field: String

    public init(location: String, text: String, step: String, field: String) {
        self.location = location
        self.text = text
        self.step = step
        self.field = field
    }
}

/// "Did you mean …?" suggestions by edit distance.
public enum NearestNames {
    /// The Levenshtein distance between two strings (by Unicode scalars, case-sensitive).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Up to `limit` candidates closest to `name`, nearest first (ties alphabetically); only those
    /// within a third of the name's length (at least 2 edits), or differing only in case.
    public static func nearest(to name: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let threshold = max(2, name.count / 3)
        let lowered = name.lowercased()
        var scored: [(name: String, distance: Int)] = []
        for candidate in candidates {
            let d = candidate.lowercased() == lowered ? 0 : distance(name, candidate)
            if d <= threshold { scored.append((candidate, d)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }

    /// `; did you mean 'a' or 'b'?`, or nothing when no name is close.
    public static func suggestion(for name: String, in candidates: some Sequence<String>) -> String {
        let near = nearest(to: name, in: candidates)
        guard !near.isEmpty else { return "" }
        let quoted = near.map { "'\($0)'" }
        let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
        return "; did you mean \(list)?"
    }
}
