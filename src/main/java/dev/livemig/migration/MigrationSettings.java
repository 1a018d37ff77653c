package dev.livemig.migration;

import com.typesafe.config.Config;

/** The live-migration constants of {@code livemig.migration}, {@code .memory} and {@code .compression}, read once. */
public record MigrationSettings(long pageSize, long buildNanos, long buildNanosPerGib, double buildProgress,
    long destroyNanos, long destroyNanosPerGib, long stateThresholdBytes, long deviceStateBytes,
    long handoverNanos, long resumeNanos, Compression compression, Policies policies, Probes probes) {

  /** The convergence policies' constants ({@code livemig.migration.policies}; sources in reference.conf). */
  public record Policies(ConvergencePolicy.Qemu qemu, ConvergencePolicy.Xen xen, ConvergencePolicy.VmwareSdps sdps) {}

  /**
   * What the guest's users run during a migration: a continuous ping (one request per
   * {@code pingInterval}, a request unanswered after {@code pingTimeout} is lost and the next goes at
   * once) and a TCP session that retransmits a lost segment after {@code minRto}, doubling, at most
   * {@code maxRetransmissions} times.
   */
  public record Probes(long pingIntervalNanos, long pingTimeoutNanos, long minRtoNanos, int maxRetransmissions) {}

  /** The policy named {@code name}; hyper-v takes the cluster's pass limit. */
  public ConvergencePolicy policy(String name, int maxPasses) {
    return switch (name) {
      case "qemu" -> policies.qemu();
      case "xen" -> policies.xen();
      case "vmware-sdps" -> policies.sdps();
      case "post-copy" -> new ConvergencePolicy.PostCopy();
      default -> new ConvergencePolicy.HyperV(maxPasses, stateThresholdBytes);
    };
  }

  /** Compression constants (see reference.conf for their status: assumptions). */
  public record Compression(long batchBytes, double perCoreBytesPerSecond, int maxThreads, double fallbackBelowSpare,
      double zeroRatio, double textRatio, double incompressibleRatio, long regionBytes, double decompressPerCoreBytesPerSecond) {}

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
            z.getDouble("ratio.incompressible"), z.getBytes("region"),
            root.getBytes("livemig.cpu.decompress-per-core-throughput")),
        policies(c.getConfig("policies")),
        probes(root.getConfig("livemig.probes")));
  }

  private static Policies policies(Config p) {
    Config q = p.getConfig("qemu");
    Config x = p.getConfig("xen");
    Config v = p.getConfig("vmware-sdps");
    return new Policies(
        new ConvergencePolicy.Qemu(q.getDuration("downtime-limit").toNanos(), q.getBoolean("auto-converge"),
            percent(q.getString("throttle-initial")), percent(q.getString("throttle-increment")),
            percent(q.getString("throttle-max")), percent(q.getString("trigger-ratio")), q.getInt("trigger-passes"),
            q.getInt("give-up-after-passes")),
        new ConvergencePolicy.Xen(x.getInt("max-passes"), x.getDouble("max-sent-factor"), x.getLong("min-dirty-pages")),
        new ConvergencePolicy.VmwareSdps(v.getDuration("switchover-goal").toNanos(), percent(v.getString("trigger-ratio")),
            percent(v.getString("target-ratio")),
            percent(v.getString("min-speed")), v.getInt("give-up-after-passes")));
  }

  private static Probes probes(Config p) {
    return new Probes(p.getDuration("ping.interval").toNanos(), p.getDuration("ping.timeout").toNanos(),
        p.getDuration("tcp-session.min-rto").toNanos(), p.getInt("tcp-session.max-retransmissions"));
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
