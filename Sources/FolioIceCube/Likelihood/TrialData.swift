/// The events of one pseudo-experiment (or of the real data) that enter the likelihood: per
/// season, the selected events' spatial ratios S_k/B for every source k and their energy-ratio
/// tables, plus the season's total event count N (the unselected events contribute
/// (N - N') log(1 - ns_j / N) with signal PDF 0).
public struct TrialData: Sendable {
    public struct SeasonEvents: Sendable {
        /// Total events N of the season in this trial (data plus injected).
        public var totalEvents: Double
        /// [event][source] spatial S/B ratio (sr^-1 / sr^-1).
        public var spatialRatio: [Double] = []
        /// [event][source][grid gamma] energy S/B ratio.
        public var energyRatio: [Double] = []
        public var selectedCount: Int = 0
    }
    public var seasons: [SeasonEvents]
    /// Signal events injected into this trial (0 for background trials and the data).
    public var injectedSignal: Int = 0
}
