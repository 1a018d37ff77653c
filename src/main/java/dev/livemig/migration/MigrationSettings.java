package dev.livemig.migration;

import com.typesafe.config.Config;

/** The live-migration constants of {@code livemig.migration}, {@code .memory} and {@code .compression}, read once. */
public record MigrationSettings(long pageSize, long buildNanos, long buildNanosPerGib, double buildProgress,
    long destroyNanos, long destroyNanosPerGib, long stateThresholdBytes, long deviceStateBytes,
    long handoverNanos, long resumeNanos, Compression compression) {

  /** Compression constants (see reference.conf for their status: assumptions). */
  public record Compression(long batchBytes, double perCoreBytesPerSecond, int maxThreads, double fallbackBelowSpare,
      double zeroRatio, double textRatio, double incompressibleRatio, long regionBytes) {}

  public static MigrationSettings from(Config root) {
    Config c = root.getConfig("livemig.migration");
    Config z = root.getConfig("livemig.compression");
    return new MigrationSettings(
        root.getBytes("livemig.memory.page-size"),
        c.getDuration("build-time").toNanos(),
        c.getDuration("build-time-per-gib").toNanos(),
        c.getDouble("build-progress"),
        c.getDuration("destroy-time").toNanos(),
        c.getDuration("destroy-time-per-gib").toNanos(),
        c.getBytes("state-threshold"),
        c.getBytes("device-state"),
        c.getDuration("storage-handover").toNanos(),
        c.getDuration("resume-time").toNanos(),
        new Compression(z.getBytes("batch"), z.getBytes("per-core-throughput"), z.getInt("max-threads"),
            percent(z.getString("fallback-below-spare")), z.getDouble("ratio.zero"), z.getDouble("ratio.text"),
            z.getDouble("ratio.incompressible"), z.getBytes("region")));
  }

  public long buildNanosFor(long memoryBytes) {
    return buildNanos + Math.round(buildNanosPerGib * (memoryBytes / (double) (1L << 30)));
  }

  public long destroyNanosFor(long memoryBytes) {
    return destroyNanos + Math.round(destroyNanosPerGib * (memoryBytes / (double) (1L << 30)));
  }

  private static double percent(String s) {
    s = s.trim();
    return s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100 : Double.parseDouble(s);
  }
}
