import FolioModel

/// Writes a unit string of the vocabulary (`GeV cm^-2 s^-1 sr^-1`) as runs with superscript
/// exponents (GeV cm⁻² s⁻¹ sr⁻¹).
public enum UnitFormatting {
    /// Runs for the unit alone, without a leading space; empty for dimensionless numbers.
    public static func runs(_ unit: PhysicalUnit) -> [FormattedNumber.Run] {
        switch unit.rawValue {
        case "1", "": return []
        case "sigma": return [.text("σ")]
        case "deg": return [.text("°")]
        default: break
        }
        var runs: [FormattedNumber.Run] = []
        for (index, token) in unit.rawValue.split(separator: " ").enumerated() {
            if index > 0 { runs.append(.text("\u{2009}")) }
            let parts = token.split(separator: "^", maxSplits: 1)
            runs.append(.text(String(parts[0])))
            if parts.count == 2 { runs.append(.superscript(String(parts[1]))) }
        }
        return runs
    }

    /// Whether the unit is written against the number ("4.7σ", "2.5°") rather than after a space.
    static func isAttached(_ unit: PhysicalUnit) -> Bool {
        unit.rawValue == "sigma" || unit.rawValue == "deg"
    }

    /// Whether there is anything to print.
    static func isDimensionless(_ unit: PhysicalUnit) -> Bool {
        unit.rawValue == "1" || unit.rawValue.isEmpty
    }
}
