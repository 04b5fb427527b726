public enum FolioRunnerModule {}
