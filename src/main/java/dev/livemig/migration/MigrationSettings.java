package dev.livemig.migration;

import com.typesafe.config.Config;

/** The live-migration constants of {@code livemig.migration} and {@code livemig.memory}, read once. */
public record MigrationSettings(long pageSize, long buildNanos, double buildProgress, long destroyNanos,
    long stateThresholdBytes, long deviceStateBytes, long handoverNanos, long resumeNanos) {

  public static MigrationSettings from(Config root) {
    Config c = root.getConfig("livemig.migration");
    return new MigrationSettings(
        root.getBytes("livemig.memory.page-size"),
        c.getDuration("build-time").toNanos(),
        c.getDouble("build-progress"),
        c.getDuration("destroy-time").toNanos(),
        c.getBytes("state-threshold"),
        c.getBytes("device-state"),
        c.getDuration("storage-handover").toNanos(),
        c.getDuration("resume-time").toNanos());
  }
}
