import Foundation
import Testing
import CCairo
@testable import FolioMath

@Suite struct TeXParserTests {
    @Test func parsesTheLikelihoodOfTheReport() throws {
        let node = try TeXParser.parse(#"L(n_s) = \prod_{i=1}^{N} \left[\frac{n_s}{N} S_i + \left(1 - \frac{n_s}{N}\right) B_i\right]"#)
        guard case .row(let nodes) = node else { Issue.record("not a row: \(node)"); return }
        #expect(nodes.contains { if case .bigOperator("∏", let sub?, let sup?) = $0 { return sub != sup } else { return false } })
        #expect(nodes.contains { if case .delimited("[", "]", _) = $0 { return true } else { return false } })
        #expect(nodes.contains(.atom("=", .relation, .upright)))
    }

    @Test func scriptsStackOnOneBase() throws {
        #expect(try TeXParser.parse("x_i^2") == .scripts(base: .atom("x", .ordinary, .italic), sup: .atom("2", .ordinary, .upright),
                                                           sub: .atom("i", .ordinary, .italic)))
        #expect(try TeXParser.parse("x^2_i") == TeXParser.parse("x_i^2"))
        #expect(try TeXParser.parse(#"E^{-2.7}"#) == .scripts(base: .atom("E", .ordinary, .italic),
                                                             sup: .row([.atom("−", .binary, .upright), .atom("2.7", .ordinary, .upright)]), sub: nil))
    }

    @Test(arguments: [
        (#"\frac{a}"#, "\\frac needs an argument"),
        (#"x^"#, "^ needs an argument"),
        (#"\foo x"#, "unknown command \\foo"),
        (#"{x"#, "a '{' is never closed"),
        (#"x}"#, "'}' without an opening '{'"),
        (#"\left( x"#, "\\left without \\right"),
        (#"x^2^3"#, "double superscript (use braces: x^{ab})"),
        (#"a & b"#, #"'&' is not allowed in a formula (write \&)"#),
    ])
    func errorsNameTheProblem(tex: String, message: String) {
        #expect(throws: MathError.self) { try TeXParser.parse(tex) }
        do { _ = try TeXParser.parse(tex) } catch let error as MathError { #expect(error.message == message) } catch {}
    }

    /// MathML spaced as the PDF: a function name gets function application and TeX's thin space
    /// before an ordinary argument (none before a parenthesis), and a sign is a prefix operator.
    @Test(arguments: [
        (#"\ln L(f)"#, "<mi>ln</mi><mo>\u{2061}</mo><mspace width=\"0.1667em\"/><mi>L</mi>"),
        (#"\ln(x)"#, "<mi>ln</mi><mo>\u{2061}</mo><mo stretchy=\"false\">(</mo>"),
        (#"\log_{10} E"#, "<msub><mi>log</mi><mn>10</mn></msub><mo>\u{2061}</mo><mspace width=\"0.1667em\"/><mi>E</mi>"),
        (#"2\ln L"#, "<mn>2</mn><mspace width=\"0.1667em\"/><mi>ln</mi>"),
        (#"(-1)"#, "<mo stretchy=\"false\">(</mo><mo form=\"prefix\">−</mo><mn>1</mn>"),
        (#"a - b"#, "<mi>a</mi><mo>−</mo><mi>b</mi>"),
    ])
    func mathMLSpacesFunctionsAndSigns(tex: String, expected: String) throws {
        #expect(MathML.markup(try TeXParser.parse(tex), tex: tex, display: false).contains(expected))
    }

    /// Plain text (alt texts) shows no TeX syntax, with TeX's spaces and Unicode scripts.
    @Test(arguments: [
        (#"\mathrm{TS} = 2 \ln \frac{L(\hat{n}_s)}{L(0)}"#, "TS = 2\u{2009}ln\u{2009}L(n̂ₛ)/L(0)"),
        (#"E^{-2.7}"#, "E⁻²·⁷"),
        (#"\Phi_\nu"#, "Φ_(ν)"),
        (#"\sqrt{TS}"#, "√TS"),
        (#"\frac{N D_i - n_s}{N - n_s}"#, "(NDᵢ − nₛ)/(N − nₛ)"),
        (#"\sum_i x_i"#, "∑ᵢxᵢ"),
        (#"\frac{a}{b} c + \frac{d}{e}"#, "a/b c + d/e"),
        (#"x = -1, y"#, "x = −1, y"),
    ])
    func plainTextHasNoMarkup(tex: String, expected: String) throws {
        #expect(PlainMath.text(try TeXParser.parse(tex)) == expected)
    }

    @Test func mathMLIsWellFormedAndCarriesTheSource() throws {
        let tex = #"\sqrt{\mathrm{TS}} < 5\,\sigma"#
        let html = MathML.markup(try TeXParser.parse(tex), tex: tex, display: false)
        #expect(html.hasPrefix("<math><semantics>"))
        #expect(html.contains("<msqrt><mtext>TS</mtext></msqrt>") && html.contains("<mo>&lt;</mo>") && html.contains("<mn>5</mn>"))
        #expect(html.contains("<annotation encoding=\"application/x-tex\">\\sqrt{\\mathrm{TS}} &lt; 5\\,\\sigma</annotation>"))
        // Balanced: every element opened is closed.
        let opened = html.matches(of: /<([a-z]+)[ >]/).count, closed = html.matches(of: /<\/[a-z]+>/).count
        let selfClosed = html.matches(of: /\/>/).count
        #expect(opened == closed + selfClosed)
    }
}

@Suite struct MathLayoutTests {
    /// One context per test (Swift Testing makes a suite instance per test, and runs tests in
    /// parallel): a Pango context is not safe to share between threads.
    let context = MathBox.measuringContext()

    func box(_ tex: String, display: Bool = false) throws -> MathBox {
        try MathBox(tex: tex, display: display, fontSize: 10, context: context)
    }

    /// Superscript and subscript share one horizontal position, one above the other: x_i^2 is no
    /// wider than the wider of x^2 and x_i.
    @Test func scriptsAreStackedNotSideBySide() throws {
        let both = try box("x_i^2"), sup = try box("x^2"), sub = try box("x_i"), base = try box("x")
        #expect(both.width <= max(sup.width, sub.width) + 0.01)
        #expect(both.width < base.width + sup.width - base.width + sub.width - base.width + base.width - 0.5)
        #expect(both.ascent >= sup.ascent - 0.01 && both.descent >= sub.descent - 0.01)
    }

    /// A fraction sits on the axis: the numerator is above the baseline, the denominator reaches
    /// below it, and the bar is as wide as the wider part.
    @Test func fractionStandsOnTheAxis() throws {
        let f = try box(#"\frac{n_s}{N}"#, display: true), n = try box("n_s"), d = try box("N")
        #expect(f.ascent > n.ascent + n.descent)
        #expect(f.descent > d.ascent * 0.5)
        #expect(f.width >= max(n.width, d.width))
    }

    /// The radical's bar spans its radicand: √TS is wider than TS by the sign, and taller.
    @Test func radicalHasABarOverItsRadicand() throws {
        let r = try box(#"\sqrt{\mathrm{TS}}"#), ts = try box(#"\mathrm{TS}"#)
        #expect(r.width > ts.width + 3 && r.width < ts.width + 8)
        #expect(r.ascent > ts.ascent + 0.5)
    }

    /// An inline formula is set tight: x^2 adds less height above the line than a full em.
    @Test func inlineScriptsAddLittleHeight() throws {
        let plain = try box("x"), squared = try box("E^{2}")
        #expect(squared.ascent < plain.ascent + 10 * 0.6)
    }

    /// Display limits go above and below ∑; inline they are scripts, so the inline form is wider and lower.
    @Test func displayLimitsStack() throws {
        let display = try box(#"\sum_{i=1}^{N}"#, display: true), inline = try box(#"\sum_{i=1}^{N}"#)
        #expect(display.ascent + display.descent > inline.ascent + inline.descent)
        #expect(display.width < inline.width)
    }

    /// The PDF drawing is deterministic and actually marks the page.
    @Test func drawsInk() throws {
        let formula = try box(#"\mathrm{TS} = 2 \ln \frac{L(\hat n_s)}{L(0)}"#, display: true)
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 60)!
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 1, 1, 1); cairo_paint(cr); cairo_set_source_rgb(cr, 0, 0, 0)
        formula.draw(cr, x: 5, baseline: 35)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let data = cairo_image_surface_get_data(surface)!.withMemoryRebound(to: UInt32.self, capacity: stride * 60) { $0 }
        var dark = 0
        for y in 0..<60 { for x in 0..<200 where data[y * stride + x] & 0xFF < 0x80 { dark += 1 } }
        #expect(dark > 80, "dark pixels: \(dark)")
        if let out = ProcessInfo.processInfo.environment["FOLIO_MATH_PNG"] { cairo_surface_write_to_png(surface, out) }
        cairo_destroy(cr); cairo_surface_destroy(surface)
    }
}
