// folio-plot-bench: times FolioPlot on the benchmark cases, for comparison with
// healpy.mollview + matplotlib savefig (Benchmarks/plot/healpy_bench.py). Run via run.sh.
//
// Cases (both 1600 × 800 px PNG, Mollweide, graticule):
//   map:    an nside = 128 HEALPix map (196,608 pixels) with a colour bar;
//   events: 100,000 events as dots.
// Each case is rendered `repeats` times in-process; the median wall time (render + PNG encode +
// atomic write) is printed as `case seconds`.
//
// usage: folio-plot-bench [REPEATS=5] [OUT_DIR] [map|events]   (a case name: only that case;
// run.sh times `folio-plot-bench 1 OUT map` as a whole process for the start-up-inclusive figure)
import Foundation
import FolioPlot
import FolioSky

let arguments = CommandLine.arguments
let repeats = arguments.count > 1 ? Int(arguments[1]) ?? 5 : 5
let outDir = URL(fileURLWithPath: arguments.count > 2 ? arguments[2] : NSTemporaryDirectory())

/// The benchmark map: value = sin(3θ)·cos(2φ) + θ/π at each RING pixel centre (same in the Python side).
func benchmarkMap(nside: Int) -> [Double] {
    let hp = try! HEALPix(nside: nside)
    return (0..<hp.pixelCount).map { p in
        let a = hp.angles(of: p)
        return sin(3 * a.theta) * cos(2 * a.phi) + a.theta / .pi
    }
}

/// 100,000 events on a deterministic low-discrepancy pattern (same in the Python side):
/// RA = 360·frac(i·φ⁻¹), Dec = asin(2·frac(i·√2⁻¹) − 1).
func benchmarkEvents(count: Int) -> (ra: [Double], dec: [Double]) {
    let g1 = 0.6180339887498949, g2 = 0.7071067811865476
    var ra: [Double] = [], dec: [Double] = []
    for i in 0..<count {
        let u = (Double(i) * g1).truncatingRemainder(dividingBy: 1)
        let v = (Double(i) * g2).truncatingRemainder(dividingBy: 1)
        ra.append(360 * u); dec.append(asin(2 * v - 1) * 180 / .pi)
    }
    return (ra, dec)
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

func time(_ name: String, _ figure: Figure) throws {
    let url = outDir.appendingPathComponent("folio-\(name).png")
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try render(figure, format: .png(dpi: 100), to: url)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print(String(format: "%@ %.4f", name, median(times)))
}

let map = benchmarkMap(nside: 128)
let mapFigure = Figure(name: "bench-map", width: 16, height: 8, panels: [.sky(SkyPanel(
    graticule: Graticule(), showReferencePlane: false,
    map: HEALPixLayer(values: map, colorScale: ColorScale(colorMap: .viridis))))])
let events = benchmarkEvents(count: 100_000)
let eventFigure = Figure(name: "bench-events", width: 16, height: 8, panels: [.sky(SkyPanel(
    graticule: Graticule(), showReferencePlane: false,
    events: [SkyEvents(longitudes: events.ra, latitudes: events.dec, markerSize: 1.5)]))])
let only = arguments.count > 3 ? arguments[3] : nil
do {
    if only == nil || only == "map" { try time("map", mapFigure) }
    if only == nil || only == "events" { try time("events", eventFigure) }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
