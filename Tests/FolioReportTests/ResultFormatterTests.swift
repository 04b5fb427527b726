import Testing
import FolioModel
@testable import FolioReport

/// Expected strings follow the PDG rounding rule and the field's notation for fluxes.
@Suite struct ResultFormatterTests {
    private func plain(_ q: Quantity, _ style: NumberStyle = .automatic, unit: Bool = true) -> String {
        ResultFormatter.format(q, style: style, includeUnit: unit).plainText
    }

    @Test func pdgRuleChoosesDigitsFromTheUncertainty() {
        #expect(PDGRounding.decimals(forUncertainty: 0.4) == 1)      // 400 -> one digit
        #expect(PDGRounding.decimals(forUncertainty: 0.23) == 2)     // 230 -> two digits
        #expect(PDGRounding.decimals(forUncertainty: 0.354) == 2)
        #expect(PDGRounding.decimals(forUncertainty: 0.355) == 1)
        #expect(PDGRounding.decimals(forUncertainty: 0.096) == 2)    // 960 -> rounds up to 0.10
        #expect(PDGRounding.decimals(forUncertainty: 23) == 0)
        #expect(PDGRounding.decimals(forUncertainty: 450) == -2)
        #expect(PDGRounding.string(12345, decimals: -2) == "12300")
        #expect(PDGRounding.string(-0.01, decimals: 1) == "0.0")
    }

    @Test func asymmetricFluxFactorsOutOnePowerOfTen() {
        let q = Quantity(value: 2.18e-11, minus: 0.41e-11, plus: 0.52e-11, unit: .GeVcm2sSr, kind: .flux)
        #expect(plain(q) == "2.2 +0.5/-0.4 x 10^-11 GeV cm^-2 s^-1 sr^-1")
        #expect(plain(q, unit: false) == "2.2 +0.5/-0.4 x 10^-11")
        let f = ResultFormatter.format(q, includeUnit: false)
        #expect(f.html == "2.2<span class=\"interval\"><sup>+0.5</sup><sub>−0.4</sub></span> × 10<sup>−11</sup>")
        #expect(f.displayText == "2.2+0.5−0.4 × 10−11")
    }

    /// An interval that ends at a boundary keeps its zero side instead of mirroring the other.
    @Test func intervalEndingAtZeroIsNotSymmetric() {
        let ns = Quantity(value: 0, minus: 0, plus: 17.9, unit: .events, kind: .fitParameter)
        #expect(plain(ns) == "0 +18/-0 events")
        let none = Quantity(value: 0, minus: 0, plus: 0, unit: .events, kind: .fitParameter)
        #expect(!plain(none).contains("+"))
    }

    @Test func equalRoundedUncertaintiesBecomePlusMinus() {
        let q = Quantity(value: 2.18e-11, minus: 0.42e-11, plus: 0.44e-11, unit: .TeVcm2s, kind: .flux)
        #expect(plain(q) == "(2.2 +/- 0.4) x 10^-11 TeV cm^-2 s^-1")
        let g = Quantity(value: 2.734, minus: 0.153, plus: 0.153, unit: .dimensionless, kind: .fitParameter)
        #expect(plain(g) == "2.73 +/- 0.15")
        let ns = Quantity(value: 748.2, minus: 96, plus: 104, unit: .events, kind: .fitParameter)
        // 96 has leading digits 960: rounded up to 100, quoted to the tens.
        #expect(plain(ns) == "750 +/- 100 events")
        #expect(plain(Quantity(value: 1_134_450, unit: .events, kind: .count)) == "1 134 450 events")
    }

    @Test func twoSignificantDigitsWhenLeadingDigitsAreSmall() {
        let q = Quantity(value: 3.0712, minus: 0.123, plus: 0.311, unit: .dimensionless, kind: .fitParameter)
        #expect(plain(q) == "3.07 +0.31/-0.12")
    }

    @Test func upperLimitsKeepTwoDigitsAndStateTheConfidenceLevel() {
        let q = Quantity(value: nil, upperLimit: 3.14e-12, confidenceLevel: 0.9, unit: .TeVcm2s, kind: .flux)
        #expect(plain(q) == "< 3.1 x 10^-12 TeV cm^-2 s^-1 (90% CL)")
        #expect(ResultFormatter.format(q).html.hasPrefix("&lt; 3.1 × 10<sup>−12</sup>"))
    }

    @Test func significancesAndPValuesByKind() {
        #expect(plain(Quantity(value: 4.7123, unit: .sigma, kind: .significance)) == "4.7 sigma")
        #expect(ResultFormatter.format(Quantity(value: 4.7123, unit: .sigma, kind: .significance)).displayText == "4.7σ")
        #expect(plain(Quantity(value: 4.7123, unit: .sigma, kind: .significance), .init(precision: .decimals(2))) == "4.71 sigma")
        #expect(plain(Quantity(value: 2.63e-6, unit: .dimensionless, kind: .pValue)) == "2.6 x 10^-6")
        #expect(plain(Quantity(value: 0.0213, unit: .dimensionless, kind: .pValue)) == "0.021")
        #expect(plain(Quantity(value: 1326, unit: .events, kind: .count)) == "1326 events")
        #expect(plain(Quantity(value: 25.31, unit: .dimensionless, kind: .testStatistic)) == "25.3")
    }

    @Test func styleOptionsParseAndRejectUnknownOnes() throws {
        let s = try NumberStyle.parse("digits: 3, sci, nounit")
        #expect(s.precision == .significantDigits(3))
        #expect(s.notation == .scientific)
        #expect(!s.showsUnit)
        #expect(throws: NumberStyleError(option: "bogus")) { try NumberStyle.parse("bogus") }
        #expect(throws: NumberStyleError(option: "digits: x")) { try NumberStyle.parse("digits: x") }
        let q = Quantity(value: 12345.6, unit: .GeV)
        #expect(plain(q) == "1.23 x 10^4 GeV")
        #expect(plain(q, .init(notation: .plain)) == "12 300 GeV") // SI grouping with a thin space
    }

    @Test func aColumnSharesOnePowerOfTenWhenItHelps() {
        let fluxes = [Quantity(value: 2.18e-11, minus: 0.41e-11, plus: 0.52e-11, unit: .TeVcm2s, kind: .flux),
                      Quantity(value: nil, upperLimit: 3.1e-12, confidenceLevel: 0.9, unit: .TeVcm2s, kind: .flux)]
        #expect(ResultFormatter.commonExponent(of: fluxes, style: .automatic) == -12)
        let style = NumberStyle(commonExponent: -12)
        #expect(plain(fluxes[0], style, unit: false) == "22 +5/-4") // PDG: 4.1 has leading digits 410
        #expect(plain(fluxes[1], style, unit: false) == "< 3.1 (90% CL)")
        // Three decades apart, or p-values, or plain numbers: no shared power.
        let wide = fluxes + [Quantity(value: 4e-15, unit: .TeVcm2s, kind: .flux)]
        #expect(ResultFormatter.commonExponent(of: wide, style: .automatic) == nil)
        #expect(ResultFormatter.commonExponent(of: [Quantity(value: 1e-6, unit: .dimensionless, kind: .pValue)], style: .automatic) == nil)
        #expect(ResultFormatter.commonExponent(of: [Quantity(value: 4.7, unit: .sigma, kind: .significance)], style: .automatic) == nil)
    }
}
