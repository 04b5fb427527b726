/// Namespace placeholder; the module is being built (see the README of this folder).
public enum FolioStatisticsModule {}
