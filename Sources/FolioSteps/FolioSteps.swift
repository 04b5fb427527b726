public enum FolioStepsModule {}
