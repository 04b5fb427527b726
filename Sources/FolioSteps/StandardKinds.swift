@_exported import FolioModel
@_exported import FolioReport
import FolioRunner

/// Every step kind Folio ships, listed explicitly (no discovery by reflection).
public enum StandardKinds {
    public static let registry = StepRegistry([
        ToySampleKind.self,
        ToyFitKind.self,
        ToyTrialsKind.self,
        ToyFitFigureKind.self,
        GalacticTemplateKind.self,
        PlaneBandTemplateKind.self,
        InlineFigureKind.self,
        TSDistributionFigureKind.self,
        ReportKind.self,
        IceCubeDataKind.self,
        EventSkyMapFigureKind.self,
        EffectiveAreaFigureKind.self,
        TemplateMapsFigureKind.self,
        TemplateFitKind.self,
        PointSourceSearchKind.self,
        TrialCorrectionKind.self,
        PublishedFluxKind.self,
        SpectralIndexProfileKind.self,
        HadronicCheckKind.self,
        FluxSpectrumFigureKind.self,
        SpectralProfileFigureKind.self,
        SkyScanKind.self,
        SkyScanFigureKind.self,
        ExposureProjectionKind.self,
        ProjectionFigureKind.self,
        InjectionRecoveryKind.self,
        BackgroundTSCheckKind.self,
        SkyLLHCrossCheckKind.self,
    ])
}
