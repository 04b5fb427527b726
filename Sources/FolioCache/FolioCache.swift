public enum FolioCacheModule {}
