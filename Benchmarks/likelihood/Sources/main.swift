// folio-likelihood-bench: fits and background-trial throughput of Folio's point-source likelihood.
//
//   folio-likelihood-bench fit   DATA_ROOT RA:DEC [RA:DEC ...]      one JSON line per position
//   folio-likelihood-bench bench DATA_ROOT RA DEC TRIALS             trials/s single core and all cores
//   folio-likelihood-bench sens   DATA_ROOT RA DEC BKG_TRIALS [PER_STEP]  significance, sensitivity, 3/5 sigma DP
//   folio-likelihood-bench ts0    DATA_ROOT TRIALS                   where background fits end at ns = 0
//   folio-likelihood-bench ps-parts DATA_ROOT RA DEC TRIALS          thread CPU time of a trial's parts (Benchmarks/scale)
//   folio-likelihood-bench template DATA_ROOT NSIDE WIDTH DEC TRIALS MEAN [irf|model] [plane|blob|band|kra5|kra5flat|pi0] [sigsub|plain] [linear|log|none]
//       plane: |b| < WIDTH (DEC unused); blob: Gaussian WIDTH at (77.36, DEC); band: Gaussian in Dec
//       (uniform in RA: no sensitivity with the signal-subtracted likelihood, timing only)
//   folio-likelihood-bench template-trials DATA_ROOT NSIDE plane|pi0|kra5|kra5flat TRIALS [MEAN]
//       one-thread template trials/s (thread CPU time) of the trial code against the per-event implementation
//   folio-likelihood-bench inject DATA_ROOT RA DEC MEAN TRIALS [irf|model]  injection/recovery
//   folio-likelihood-bench profile DATA_ROOT NSIDE POINTS              spectral-index profile: CPU s per grid point
//   FOLIO_BENCH_SEASONS=all|IC40,IC59,... selects the seasons (default IC40; Benchmarks/scale)
import FolioGalaxy
import FolioIceCube
import FolioTrialSupport
import FolioSky
import FolioStatistics
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8)); exit(2)
}

/// CPU seconds of the calling thread (rates from it hold on a loaded machine, wall-clock rates do not).
func threadCPUSeconds() -> Double {
    var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func peakRSSKiB() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
}

let args = CommandLine.arguments
guard args.count >= 3 else { fail("usage: folio-likelihood-bench fit|bench|inject DATA_ROOT ...") }
let root = URL(fileURLWithPath: args[2])
let manifestURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../../datasets/icecube_10year_ps.sha256.json").standardizedFileURL
let t0 = Date()
let dataset: IceCubeDataset
do {
    // FOLIO_BENCH_SEASONS=IC40,IC59,... or all (default IC40): the scale benchmark's multi-season runs
    // on the SYNTHETIC sample of `folio data synthesize`, whose files are checked by its own SHA256SUMS.
    let wanted = ProcessInfo.processInfo.environment["FOLIO_BENCH_SEASONS"] ?? "IC40"
    let seasons: [Season]? = wanted == "all" ? nil : try wanted.split(separator: ",").map {
        guard let s = Season(rawValue: String($0)) else { throw DataFileError(file: "FOLIO_BENCH_SEASONS", "unknown season '\($0)'") }
        return s
    }
    let synthetic = FileManager.default.fileExists(atPath: root.appendingPathComponent(SyntheticSample.readmeName).path)
    dataset = try IceCubeDataset.load(root: root, seasons: seasons, manifest: synthetic ? nil : try ChecksumManifest.load(manifestURL))
} catch { fail("\(error)") }
let loadSeconds = Date().timeIntervalSince(t0)
for n in dataset.notices { FileHandle.standardError.write(Data("notice: \(n)\n".utf8)) }

func position(_ s: String) -> SkyDirection {
    let p = s.split(separator: ":").compactMap { Double($0) }
    guard p.count == 2 else { fail("position '\(s)' is not RA:DEC in degrees") }
    return SkyDirection(raDegrees: p[0], decDegrees: p[1])
}

switch args[1] {
case "fit":
    for p in args.dropFirst(3) {
        let src = position(p)
        do {
            let fit = try PointSourceAnalysis(dataset: dataset, source: src).fitData()
            print(String(format: "{\"ra\": %.4f, \"dec\": %.4f, \"ts\": %.6f, \"ns\": %.6f, \"gamma\": %.6f}",
                         src.raDegrees, src.decDegrees, fit.ts, fit.ns, fit.gamma))
        } catch { fail("\(error)") }
    }
case "bench":
    guard args.count >= 6, let ra = Double(args[3]), let dec = Double(args[4]), let n = Int(args[5]) else {
        fail("usage: bench DATA_ROOT RA DEC TRIALS")
    }
    let t1 = Date()
    let analysis: PointSourceAnalysis
    do { analysis = try PointSourceAnalysis(dataset: dataset, source: SkyDirection(raDegrees: ra, decDegrees: dec)) } catch { fail("\(error)") }
    let buildSeconds = Date().timeIntervalSince(t1)
    let rssBefore = peakRSSKiB()
    let fit = analysis.fitData()
    let t2 = Date(), c2 = threadCPUSeconds()
    let single = analysis.parallelTrials(seed: 42, count: n, threads: 1)   // on this thread
    let singleSeconds = Date().timeIntervalSince(t2), singleCPU = threadCPUSeconds() - c2
    let t3 = Date()
    let multi = analysis.parallelTrials(seed: 42, count: n)
    let multiSeconds = Date().timeIntervalSince(t3)
    let rssAfter = peakRSSKiB()
    let ts = single.map(\.ts).sorted()
    print("RESULT events=\(dataset.totalEvents) seasons=\(dataset.seasons.map(\.season.rawValue).joined(separator: ","))")
    print(String(format: "RESULT load_s=%.2f build_s=%.2f TS=%.4f ns=%.3f gamma=%.3f", loadSeconds, buildSeconds, fit.ts, fit.ns, fit.gamma))
    print(String(format: "RESULT trials n=%d single_core_trials_per_s=%.1f all_cores_trials_per_s=%.1f cores=%d identical=%@ TS_median=%.3f frac_TS0=%.2f TS_max=%.2f",
                 n, Double(n) / singleSeconds, Double(n) / multiSeconds, ProcessInfo.processInfo.activeProcessorCount,
                 single == multi ? "yes" : "NO", ts[ts.count / 2], Double(ts.filter { $0 <= 1e-6 }.count) / Double(n), ts.last!))
    print(String(format: "RESULT single_core_trials_per_cpu_s=%.1f (thread CPU time: holds on a loaded machine)", Double(n) / singleCPU))
    print("RESULT memory peak_rss_kib_before_trials=\(rssBefore) after=\(rssAfter) per_trial_bytes=\(max(0, rssAfter - rssBefore) * 1024 / n)")
case "inject":
    guard args.count >= 7, let ra = Double(args[3]), let dec = Double(args[4]), let mean = Double(args[5]), let n = Int(args[6]) else {
        fail("usage: inject DATA_ROOT RA DEC MEAN TRIALS")
    }
    do {
        let analysis = try PointSourceAnalysis(dataset: dataset, source: SkyDirection(raDegrees: ra, decDegrees: dec))
        let psf: SignalInjector.Model = args.count > 7 && args[7] == "model" ? .likelihoodModel : .instrumentResponse
        let fits = analysis.parallelTrials(seed: 7, count: n, chunkSize: 50, injectMean: mean, injectGamma: 2, injection: psf)
        let inj = Double(fits.map(\.injected).reduce(0, +)) / Double(n), ns = fits.map(\.ns).reduce(0, +) / Double(n)
        let g = fits.map(\.gamma).reduce(0, +) / Double(n)
        let diff = fits.map { $0.ns - Double($0.injected) }, md = diff.reduce(0, +) / Double(n)
        let se = (diff.reduce(0) { $0 + ($1 - md) * ($1 - md) } / Double(n - 1) / Double(n)).squareRoot()
        print(String(format: "INJ from=%@ dec=%.2f mean=%.1f <injected>=%.2f <ns>=%.2f ratio=%.3f bias=%.2f+-%.2f <gamma>=%.2f",
                     psf == .instrumentResponse ? "irf" : "model", dec, mean, inj, ns, ns / inj, md, se, g))
    } catch { fail("\(error)") }
case "sens":
    guard args.count >= 6, let ra = Double(args[3]), let dec = Double(args[4]), let n = Int(args[5]) else {
        fail("usage: sens DATA_ROOT RA DEC BKG_TRIALS [TRIALS_PER_STEP=200]")
    }
    let perStep = args.count > 6 ? Int(args[6]) ?? 200 : 200
    do {
        let analysis = try PointSourceAnalysis(dataset: dataset, source: SkyDirection(raDegrees: ra, decDegrees: dec))
        let bkg = BackgroundTSDistribution(trials: analysis.parallelTrials(seed: 1, count: n).map(\.ts))
        let observed = analysis.fitData()
        let sig = bkg.significance(of: observed.ts)
        print(String(format: "SIG TS=%.3f ns=%.2f gamma=%.2f p=%.4g sigma=%.2f eta=%.3f ndof=%.2f median_bkg_TS=%.4f",
                     observed.ts, observed.ns, observed.gamma, sig.pValue, sig.sigma, bkg.eta, bkg.degreesOfFreedom, bkg.median))
        for (name, r) in [("sensitivity", analysis.sensitivity(background: bkg, seed: 11, trialsPerStep: perStep)),
                          ("dp3sigma", analysis.discoveryPotential(sigma: 3, background: bkg, seed: 12, trialsPerStep: perStep)),
                          ("dp5sigma", analysis.discoveryPotential(sigma: 5, background: bkg, seed: 13, trialsPerStep: perStep))] {
            print(String(format: "FLUX %@ gamma=2 TS_threshold=%.3f mean_signal=%.2f phi0_at_1TeV=%.4g GeV^-1cm^-2s^-1 E2dNdE(1TeV)=%.4g E2dNdE(100TeV)=%.4g TeV cm^-2 s^-1",
                         name, r.tsThreshold, r.meanSignal, r.flux.phi0, r.e2dNdEAt1TeV, r.e2dNdEAt100TeV))
        }
    } catch { fail("\(error)") }
case "template":
    // template DATA_ROOT NSIDE WIDTH_DEG DEC_DEG TRIALS MEAN [irf|model] [plane|blob|band]
    guard args.count >= 8, let nside = Int(args[3]), let width = Double(args[4]), let dec0 = Double(args[5]),
          let n = Int(args[6]), let mean = Double(args[7]) else { fail("usage: template DATA_ROOT NSIDE WIDTH_DEG DEC_DEG TRIALS MEAN [irf|model] [plane|blob|band]") }
    let model: SignalInjector.Model = args.count > 8 && args[8] == "model" ? .likelihoodModel : .instrumentResponse
    let shape = args.count > 9 ? args[9] : "plane"
    let w = width * .pi / 180, d0 = dec0 * .pi / 180
    // kra5 / kra5flat: FolioGalaxy's KRA-γ-like 5 PeV map at 100 TeV, with its energy-dependent signal
    // PDF (local index per pixel) or with one index (the single-map likelihood), to time the two.
    // pi0: the flagship's π⁰-like template (FolioGalaxy's analytic model, one index 2.7).
    let kra: TemplateMap? = shape.hasPrefix("kra5") ? try? DiffuseEmission(spectrum: .kraGamma(cutoffPeV: 5)).template(nside: nside)
        : shape == "pi0" ? try? DiffuseEmission(spectrum: .pi0).template(nside: nside) : nil
    let t = kra.map { m in
        guard shape == "kra5", let local = try? m.localIndex(fromGeV: 1e3, toGeV: 1e5) else { return SkyTemplate(nside: nside, values: m.values) }
        return SkyTemplate(nside: nside, values: zip(m.values, local).map { $0 * pow(100, TemplateAnalysis.indexClass($1)) }, localIndex: local)
    } ?? SkyTemplate(nside: nside) { ra, dec in
        if shape == "plane" {
            let b = Rotation.equatorialToGalactic.apply(to: SkyCoordinate(longitude: ra, latitude: dec)).latitude
            return abs(b) < w ? 1 : 0
        }
        let psi = shape == "blob" ? RayleighSignalSpatialPDF.angularDistance(ra1: 77.36 * .pi / 180, dec1: d0, ra2: ra, dec2: dec) : dec - d0
        return exp(-0.5 * psi * psi / (w * w))
    }
    let t4 = Date(), c4 = Double(clock()) / Double(CLOCKS_PER_SEC)   // process CPU: the smoothing runs on every core
    do {
        let background: TemplateAnalysis.BackgroundModel = args.count > 10 && args[10] == "plain" ? .dataBackground : .signalSubtracted
        let smoothing: BackgroundEnergyPDF.Smoothing = switch args.count > 11 ? args[11] : "linear" {
            case "log": .logarithmic(halfWidth: 1)
            case "none": .none
            case "histogram": .histogram
            default: .linear(halfWidth: 1)
        }
        let ana = try TemplateAnalysis(dataset: dataset, template: t, gamma: 2.7, backgroundEnergySmoothing: smoothing, backgroundModel: background)
        let build = Date().timeIntervalSince(t4), buildCPU = Double(clock()) / Double(CLOCKS_PER_SEC) - c4
        let t5 = Date()
        let bkg = ana.parallelTrials(seed: 1, count: n, chunkSize: 25)
        let bkgSeconds = Date().timeIntervalSince(t5)
        let t6 = Date(), c6 = threadCPUSeconds()
        let single = ana.trials(seed: 1, chunk: 0, count: min(n, 25))
        let singleRate = Double(single.count) / Date().timeIntervalSince(t6), singleCPURate = Double(single.count) / (threadCPUSeconds() - c6)
        let fits = mean > 0 ? ana.parallelTrials(seed: 7, count: n, chunkSize: 25, injectMean: mean, injection: model) : []
        let diff = fits.map { $0.ns - Double($0.injected) }, md = diff.reduce(0, +) / Double(max(1, fits.count))
        let se = fits.count > 1 ? (diff.reduce(0) { $0 + ($1 - md) * ($1 - md) } / Double(fits.count - 1) / Double(fits.count)).squareRoot() : 0
        print(String(format: "TEMPLATE events=%d load_s=%.2f build_cpu_s=%.2f single_core_trials_per_cpu_s=%.2f", dataset.totalEvents, loadSeconds, buildCPU, singleCPURate))
        print(String(format: "TEMPLATE nside=%d build_s=%.2f bkg_trials_per_s_all_cores=%.1f single_core=%.1f bkg_TS_median=%.3f inj=%@ mean=%.0f <injected>=%.1f bias=%.2f+-%.2f",
                     nside, build, Double(n) / bkgSeconds, singleRate, bkg.map(\.ts).sorted()[n / 2], model == .likelihoodModel ? "model" : "irf",
                     mean, Double(fits.map(\.injected).reduce(0, +)) / Double(max(1, fits.count)), md, se))
    } catch { fail("\(error)") }
case "template-trials":
    // template-trials DATA_ROOT NSIDE plane|kra5|kra5flat TRIALS [MEAN]: background (or MEAN-injection) template
    // trials on one thread with the trial code (`lookup`) and the per-event implementation it replaced
    // (`perEvent`), alternating in rounds so that both see the same machine load; rates from the thread's
    // CPU time (and wall time), and whether the two gave the same fits bit for bit.
    guard args.count >= 6, let nside = Int(args[3]), let n = Int(args[5]) else { fail("usage: template-trials DATA_ROOT NSIDE plane|kra5|kra5flat TRIALS [MEAN]") }
    let shape = args[4], mean = args.count > 6 ? Double(args[6]) ?? 0 : 0
    let template: SkyTemplate
    switch shape {
    case "plane":
        let w = 5 * Double.pi / 180
        template = SkyTemplate(nside: nside) { ra, dec in
            abs(Rotation.equatorialToGalactic.apply(to: SkyCoordinate(longitude: ra, latitude: dec)).latitude) < w ? 1 : 0
        }
    case "pi0":
        guard let m = try? DiffuseEmission(spectrum: .pi0).template(nside: nside) else { fail("π⁰ map") }
        template = SkyTemplate(nside: nside, values: m.values)
    case "kra5", "kra5flat":
        guard let m = try? DiffuseEmission(spectrum: .kraGamma(cutoffPeV: 5)).template(nside: nside) else { fail("KRA-γ map") }
        if shape == "kra5", let local = try? m.localIndex(fromGeV: 1e3, toGeV: 1e5) {
            template = SkyTemplate(nside: nside, values: zip(m.values, local).map { $0 * pow(100, TemplateAnalysis.indexClass($1)) }, localIndex: local)
        } else {
            template = SkyTemplate(nside: nside, values: m.values)
        }
    default: fail("unknown template shape '\(shape)' (plane, pi0, kra5, kra5flat)")
    }
    // Construction: process CPU time (its smoothing runs on every core).
    let c0 = Double(clock()) / Double(CLOCKS_PER_SEC), w0 = Date()
    let ana: TemplateAnalysis
    do { ana = try TemplateAnalysis(dataset: dataset, template: template, gamma: 2.7) } catch { fail("\(error)") }
    let buildWall = Date().timeIntervalSince(w0), buildCPU = Double(clock()) / Double(CLOCKS_PER_SEC) - c0
    let rounds = 4, perRound = max(1, n / rounds)
    var cpu: [TemplateAnalysis.TrialKernel: Double] = [:], wall: [TemplateAnalysis.TrialKernel: Double] = [:]
    var fits: [TemplateAnalysis.TrialKernel: [TemplateFit]] = [:]
    for round in 0..<rounds {
        // FOLIO_TEMPLATE_KERNEL=lookup runs only the trial code (for a profile of it alone).
        let only = ProcessInfo.processInfo.environment["FOLIO_TEMPLATE_KERNEL"]
        for kernel in [TemplateAnalysis.TrialKernel.perEvent, .lookup] where only == nil || only == "\(kernel)" {
            let c = threadCPUSeconds(), w = Date()
            let f = ana.trials(seed: 1, chunk: round, count: perRound, injectMean: mean, kernel: kernel)
            cpu[kernel, default: 0] += threadCPUSeconds() - c; wall[kernel, default: 0] += Date().timeIntervalSince(w)
            fits[kernel, default: []] += f
        }
    }
    let total = Double(rounds * perRound)
    guard fits.count == 2 else {
        print(String(format: "TEMPLATE-TRIALS template=%@ nside=%d events=%d build_wall_s=%.2f build_cpu_s=%.2f ", shape, nside, dataset.totalEvents, buildWall, buildCPU)
              + fits.keys.map { String(format: "%@_trials_per_cpu_s=%.2f", "\($0)", total / cpu[$0]!) }.joined(separator: " "))
        exit(0)
    }
    let ts = fits[.lookup]!.map(\.ts).sorted()
    print(String(format: "TEMPLATE-TRIALS template=%@ nside=%d mean=%g trials=%d build_wall_s=%.2f build_cpu_s=%.2f lookup_trials_per_cpu_s=%.1f perEvent_trials_per_cpu_s=%.1f lookup_trials_per_wall_s=%.1f perEvent_trials_per_wall_s=%.1f ratio_cpu=%.2f identical=%@ TS_median=%.4f",
                 shape, nside, mean, Int(total), buildWall, buildCPU, total / cpu[.lookup]!, total / cpu[.perEvent]!,
                 total / wall[.lookup]!, total / wall[.perEvent]!, cpu[.perEvent]! / cpu[.lookup]!,
                 fits[.lookup]! == fits[.perEvent]! ? "yes" : "NO", ts[ts.count / 2]))
case "ps-parts":
    // ps-parts DATA_ROOT RA DEC TRIALS: where a point-source background trial's time goes as the sample grows
    // (Benchmarks/scale). Thread CPU time (holds on a loaded machine) of: making the trial data (scramble,
    // box selection, copying the selected events' energy-ratio rows; `trialData`, which allocates), the fit,
    // and one profile at gamma = 2 (one Newton maximisation in ns: X_ij, the derivative sums, the log1p sum).
    // The fit's time is split by whether it ends at TS = 0 (with one season most of those take the exact
    // ns = 0 shortcut, which needs one season and one source).
    guard args.count >= 6, let ra = Double(args[3]), let dec = Double(args[4]), let n = Int(args[5]) else { fail("usage: ps-parts DATA_ROOT RA DEC TRIALS") }
    let ana: PointSourceAnalysis
    do { ana = try PointSourceAnalysis(dataset: dataset, source: SkyDirection(raDegrees: ra, decDegrees: dec)) } catch { fail("\(error)") }
    var g = testGenerator(seed: 42, chunk: 0)
    var fillS = 0.0, fitZeroS = 0.0, fitS = 0.0, profileS = 0.0, zero = 0, selected = 0
    for _ in 0..<n {
        let c0 = threadCPUSeconds()
        let data = ana.trialData(scramble: true, injectMean: 0, gamma: 2, using: &g)
        let c1 = threadCPUSeconds()
        let fit = ana.likelihood.fit(data)
        let c2 = threadCPUSeconds()
        _ = ana.likelihood.profile(data, gamma: 2)
        let c3 = threadCPUSeconds()
        fillS += c1 - c0; profileS += c3 - c2
        if fit.ts <= 0 { zero += 1; fitZeroS += c2 - c1 } else { fitS += c2 - c1 }
        selected += data.seasons.map(\.selectedCount).reduce(0, +)
    }
    let band = ana.likelihood.models.map(\.bandEventCount).reduce(0, +), sel = Double(selected) / Double(n)
    let us = { (s: Double, k: Int) in k > 0 ? 1e6 * s / Double(k) : 0 }
    print(String(format: "PSPARTS events=%d seasons=%d band_events=%d selected_per_trial=%.0f trials=%d frac_TS0=%.3f", dataset.totalEvents,
                 ana.likelihood.models.count, band, sel, n, Double(zero) / Double(n)))
    print(String(format: "PSPARTS cpu_us_per_trial: total=%.1f fill=%.1f fit=%.1f fit_TS0=%.1f fit_TSpos=%.1f profile_gamma2=%.2f",
                 us(fillS + fitS + fitZeroS, n), us(fillS, n), us(fitS + fitZeroS, n), us(fitZeroS, zero), us(fitS, n - zero), us(profileS, n)))
    print(String(format: "PSPARTS ns_per_event: fill_per_band_event=%.2f fit_per_selected=%.1f fit_TSpos_per_selected=%.1f profile_per_selected=%.2f fit_TSpos_in_profiles=%.1f",
                 1e9 * fillS / Double(n) / Double(band), 1e9 * (fitS + fitZeroS) / Double(selected), 1e9 * fitS / Double(max(1, n - zero)) / sel,
                 1e9 * profileS / Double(selected), (fitS / Double(max(1, n - zero))) / (profileS / Double(n))))
case "ts0":
    // Diagnostic: fraction of background trials whose profile likelihood has ns = 0 at gamma = 1, 2, 3, 4
    // (an L-BFGS-B fit that reaches ns = 0 stops there, since log Lambda(0, gamma) does not depend on gamma).
    guard args.count >= 4, let n = Int(args[3]) else { fail("usage: ts0 DATA_ROOT TRIALS") }
    do {
        let ana = try PointSourceAnalysis(dataset: dataset, source: SkyDirection(raDegrees: 77.36, decDegrees: 5.69))
        var g = Xoshiro256StarStar(seed: 99)
        var zero = [0, 0, 0, 0], globalZero = 0
        for _ in 0..<n {
            let t = ana.trialData(scramble: true, injectMean: 0, gamma: 2, using: &g)
            for (k, gamma) in [1.0, 2.0, 3.0, 4.0].enumerated() where ana.likelihood.profile(t, gamma: gamma).ns == 0 { zero[k] += 1 }
            if ana.likelihood.fit(t).ts <= 1e-6 { globalZero += 1 }
        }
        print("TS0 trials=\(n) global_fit_ns0=\(Double(globalZero) / Double(n)) profile_ns0_at_gamma_1,2,3,4=\(zero.map { Double($0) / Double(n) })")
    } catch { fail("\(error)") }
case "profile":
    // profile DATA_ROOT NSIDE POINTS: CPU seconds of one TemplateAnalysis (construction + fit) and of
    // a POINTS-point SpectralIndexProfile on one thread, for a Galactic-plane-like band (|b| ~ 5 deg).
    guard args.count >= 5, let nside = Int(args[3]), let points = Int(args[4]) else { fail("usage: profile DATA_ROOT NSIDE POINTS") }
    func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }
    // Galactic latitude from equatorial (J2000): sin b = sin d sin dG + cos d cos dG cos(a - aG).
    let aG = 192.85948 * Double.pi / 180, dG = 27.12825 * Double.pi / 180, w = 5 * Double.pi / 180
    let plane = SkyTemplate(nside: nside) { ra, dec in
        let b = asin(sin(dec) * sin(dG) + cos(dec) * cos(dG) * cos(ra - aG))
        return exp(-0.5 * b * b / (w * w))
    }
    do {
        let c0 = cpuSeconds()
        let ana = try TemplateAnalysis(dataset: dataset, template: plane, gamma: 2.7)
        let c1 = cpuSeconds()
        _ = ana.fitData()
        let c2 = cpuSeconds()
        let gammas = (0..<points).map { 2.0 + 1.6 * Double($0) / Double(max(1, points - 1)) }
        _ = try SpectralIndexProfile.scan(dataset: dataset, template: plane, gammas: gammas, threads: 1)
        let c3 = cpuSeconds()
        print(String(format: "PROFILE nside=%d construct_cpu_s=%.2f fit_cpu_s=%.3f profile_%d_points_cpu_s=%.2f load_wall_s=%.2f",
                     nside, c1 - c0, c2 - c1, points, c3 - c2, loadSeconds))
    } catch { fail("\(error)") }
default: fail("unknown mode \(args[1])")
}
