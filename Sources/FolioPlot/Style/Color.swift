import Foundation

/// An sRGB colour with alpha, components in [0, 1].
public struct Color: Codable, Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red; self.green = green; self.blue = blue; self.alpha = alpha
    }

    /// From a 0xRRGGBB literal.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    public func withAlpha(_ a: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: a) }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)
    public static let gray = Color(hex: 0x7F7F7F)
    public static let lightGray = Color(hex: 0xBFBFBF)

    /// The Okabe–Ito palette (Okabe & Ito 2008) by name: distinguishable with all common forms of
    /// colour-vision deficiency. Figures pick from these rather than ad hoc RGB, so no figure
    /// pairs a red with a green.
    public static let blue = Color(hex: 0x0072B2)
    public static let vermillion = Color(hex: 0xD55E00)
    public static let bluishGreen = Color(hex: 0x009E73)
    public static let reddishPurple = Color(hex: 0xCC79A7)
    public static let orange = Color(hex: 0xE69F00)
    public static let skyBlue = Color(hex: 0x56B4E9)
    public static let yellow = Color(hex: 0xF0E442)

    /// Default series colours: the Okabe–Ito palette, ordered for contrast on white.
    public static let cycle: [Color] = [.blue, .vermillion, .bluishGreen, .reddishPurple, .orange, .skyBlue, .black, .yellow]
}

/// Perceptually uniform colour maps from their published 256-entry tables.
public enum ColorMap: String, Codable, Hashable, Sendable, CaseIterable {
    /// Sequential, blue–green–yellow (van der Walt & Smith 2015); matplotlib's default.
    case viridis
    /// Sequential, black–purple–orange–cream (van der Walt & Smith 2015).
    case magma
    /// Diverging, blue–white–red (Moreland 2009); centre the range on the neutral value.
    case coolwarm

    var table: [Double] {
        switch self {
        case .viridis: return ColorMapTables.viridis
        case .magma: return ColorMapTables.magma
        case .coolwarm: return ColorMapTables.coolwarm
        }
    }

    /// The colour at t ∈ [0, 1] (clamped), nearest of the 256 entries, as matplotlib does.
    public func color(at t: Double) -> Color {
        let i = Self.index(t)
        let tab = table
        return Color(red: tab[3 * i], green: tab[3 * i + 1], blue: tab[3 * i + 2])
    }

    static func index(_ t: Double) -> Int {
        guard t.isFinite else { return 0 }
        return max(0, min(255, Int(t * 256)))
    }

    /// The 256 entries as premultiplied ARGB32 words for image surfaces.
    var argbTable: [UInt32] {
        let tab = table
        return (0..<256).map { i in
            func b(_ v: Double) -> UInt32 { UInt32(max(0, min(255, (v * 255).rounded()))) }
            return 0xFF00_0000 | b(tab[3 * i]) << 16 | b(tab[3 * i + 1]) << 8 | b(tab[3 * i + 2])
        }
    }
}
