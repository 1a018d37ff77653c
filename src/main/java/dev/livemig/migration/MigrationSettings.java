package dev.livemig.migration;

import com.typesafe.config.Config;

/** The live-migration constants of {@code livemig.migration}, {@code .memory} and {@code .compression}, read once. */
public record MigrationSettings(long pageSize, Fixed fixed, java.util.Map<String, Fixed> platformFixed, double buildProgress, long stateThresholdBytes,
    long deviceStateBytes, long handoverNanos, long resumeNanos, long switchoverNanos, Compression compression,
    Policies policies, Probes probes) {

  /**
   * The fixed phases, part by part (reference.conf, livemig.migration): the configuration transfer,
   * the VM's creation on the destination (serialised through that host's management service), the
   * preparation of its dependencies, its memory's allocation per GiB; after the resume, the cluster
   * role move, the cleanup on the source (serialised through the source's management service), and
   * freeing the memory (a base and per GiB). Nanoseconds.
   */
  public record Fixed(long configTransfer, long createVm, long prepare, long allocatePerGib, long roleMove,
      long cleanup, long free, long freePerGib) {

    /** After the VM's creation on the destination: preparing its dependencies and allocating its memory. */
    public long prepareNanosFor(long memoryBytes) {
      return prepare + Math.round(allocatePerGib * (memoryBytes / (double) (1L << 30)));
    }

    /** After the cleanup on the source: freeing the VM's memory. */
    public long freeNanosFor(long memoryBytes) {
      return free + Math.round(freePerGib * (memoryBytes / (double) (1L << 30)));
    }
  }

  /**
   * The fixed phases of a live migration under this convergence policy (the policy names the platform, as
   * {@link Policies#stackFactor}): livemig.migration.platform-phases.POLICY over Hyper-V's; Hyper-V's for a
   * policy not listed.
   */
  public Fixed fixed(String policy) {
    return policy == null ? fixed : platformFixed.getOrDefault(policy, fixed);
  }

  /**
   * One live migration's fixed phases: its platform's, and with QEMU's rdma-pin-all the whole guest pinned
   * and registered on both sides before the first pass (livemig.migration.policies.qemu.rdma.pin-per-gib,
   * added to the build's per-GiB part).
   */
  public Fixed fixed(MigrationOrder order) {
    Fixed f = fixed(order.policy());
    if (!policies.qemuRdma(order) || !order.rdmaPinAll()) return f;
    return new Fixed(f.configTransfer(), f.createVm(), f.prepare(), f.allocatePerGib() + policies.rdmaPinNanosPerGib(),
        f.roleMove(), f.cleanup(), f.free(), f.freePerGib());
  }

  /** The convergence policies' constants ({@code livemig.migration.policies}; sources in reference.conf). */
  public record Policies(ConvergencePolicy.Qemu qemu, ConvergencePolicy.Xen xen, ConvergencePolicy.VmwareSdps sdps,
      double qemuMaxBandwidthBps, java.util.Map<String, Double> stackFactor, long zeroPageHeaderBytes,
      double zeroScanBytesPerSecond, double walkBytesPerSecond, double rdmaRegisterBps, long rdmaPinNanosPerGib,
      int qemuCompressThreads, java.util.Map<String, Double> codecSpeed, long dirtyLogStopNanosPerGib,
      java.util.Map<String, Double> streamSerialShare) {

    /** One thread's zero-page check, bytes per second on the source's cores (CPU work on one core). */
    public double scanRate(MigrationOrder order) {
      return zeroScanBytesPerSecond * order.sourceCoreSpeed();
    }

    /** The migration thread's walk of the dirty bitmap, bytes per second on the source's cores. */
    public double walkRate(MigrationOrder order) {
      return walkBytesPerSecond * order.sourceCoreSpeed();
    }

    /**
     * QEMU before 2.10 stopped the dirty log (zapping the guest's shadow page entries) inside the blackout:
     * livemig.migration.policies.qemu.dirty-log-stop-per-gib for each GiB the guest holds (its memory less its
     * zero pages); 0 by default (QEMU 2.10 and later stop it when the destination starts) and off QEMU.
     */
    public long dirtyLogStopNanos(MigrationOrder order) {
      if (!qemu(order) || dirtyLogStopNanosPerGib == 0) return 0;
      double inUse = order.vm().memoryBytes() * (1 - order.vm().content().zero());
      return (long) (dirtyLogStopNanosPerGib * inUse / (1L << 30));
    }

    /**
     * How fast the migration's codec compresses against livemig.compression.per-core-throughput: QEMU's
     * multifd-compression under its policies (zlib when not set), livemig.migration.policies.qemu.codec-speed;
     * 1 elsewhere.
     */
    public double codecSpeed(MigrationOrder order) {
      if (!qemu(order)) return 1;
      return codecSpeed.getOrDefault(order.multifdCompression() == null ? "zlib" : order.multifdCompression(), 1.0);
    }

    /**
     * Threads one compressed migration may use at most: QEMU's compress-threads under its policies (qemu,
     * post-copy), else {@code otherwise} (livemig.compression.max-threads).
     */
    public int compressThreads(MigrationOrder order, int otherwise) {
      return qemu(order) ? qemuCompressThreads : otherwise;
    }

    /** Whether the migration runs on QEMU: its policies, qemu and post-copy (the policy names the platform). */
    public static boolean qemu(MigrationOrder order) {
      return "qemu".equals(order.policy()) || "post-copy".equals(order.policy());
    }

    /** QEMU's RDMA transport: a QEMU platform (qemu, post-copy) moving memory over SMB Direct's RDMA path. */
    public boolean qemuRdma(MigrationOrder order) {
      return qemu(order) && "smb-direct".equals(order.transport());
    }

    /**
     * QEMU's RDMA registers each chunk of guest memory as it sends it (dynamic registration, the default): a cap on
     * the migration's payload over all its channels, in bit/s; 0: none (pinned up front, or not QEMU's RDMA).
     */
    public double registrationCapBps(MigrationOrder order) {
      return qemuRdma(order) && !order.rdmaPinAll() ? rdmaRegisterBps : 0;
    }

    /**
     * How the platform finds the guest's zero pages, which it then sends as a flag, not their bytes: QEMU
     * (qemu and its post-copy) checks every page it walks (buffer_is_zero) and sends RAM_SAVE_FLAG_ZERO
     * with the page's offset; its zero-page-detection parameter says where: "legacy" on the migration's
     * main thread, "multifd" on each multifd channel's thread (QEMU 9.0's default with multifd), "none"
     * not at all. The order's setting, else multifd with several streams and legacy with one. RDMA
     * (performance-option smb-direct on qemu) sends every page: QEMU's RDMA transport registers and
     * writes whole chunks, with no zero-page check ("RDMA ... has to transport all the guest memory",
     * OPNFV KVM4NFV live-migration guide). Every other platform: none.
     */
    public String zeroPageDetection(MigrationOrder order) {
      if (!qemu(order)) return "none";
      if ("smb-direct".equals(order.transport())) return "none";
      if (order.zeroPageDetection() != null) return order.zeroPageDetection();
      return order.route().channels().size() > 1 ? "multifd" : "legacy";
    }

    /** A policy's cap on one migration's payload, over all its channels, in bit/s; 0: none. */
    public double bandwidthCapBps(String policy) {
      return "qemu".equals(policy) ? qemuMaxBandwidthBps : 0;
    }

    /**
     * The cap on one migration: the one its order carries (set by the scenario as the source did,
     * QEMU's migrate-set-parameters max-bandwidth; 0: none), else the policy's default.
     */
    public double bandwidthCapBps(MigrationOrder order) {
      return order.maxBandwidthBps() >= 0 ? order.maxBandwidthBps() : bandwidthCapBps(order.policy());
    }

    /**
     * What one TCP connection of this platform carries per reference core, against the Hyper-V stack's
     * livemig.cpu.tcp-per-core (livemig.cpu.stack-factor: vMotion's worker and VMkernel stack carry more
     * per core); 1 for a platform not listed.
     */
    public double stackFactor(String policy) {
      return stackFactor.getOrDefault(policy, 1.0);
    }

    /**
     * What one of a migration's {@code streams} CPU-bound streams carries, against one stream alone:
     * livemig.migration.stream-serial-share f of each byte's work is serialised across the migration's
     * streams (Amdahl), so n streams carry n / (1 + f (n - 1)) times one, each 1 / (1 + f (n - 1)); 1 for
     * one stream or a platform not listed.
     */
    public double streamShare(String policy, int streams) {
      double f = streamSerialShare.getOrDefault(policy, 0.0);
      return streams <= 1 ? 1 : 1 / (1 + f * (streams - 1));
    }

    /**
     * What the run says of a migration's streams whose work is partly serial: its TCP channels bound by
     * their cores (empty: one such stream, none shared, or RDMA or windows bind them instead).
     */
    public java.util.Optional<String> streamShareNote(String policy, java.util.List<dev.livemig.network.TransportPlanner.Channel> channels) {
      int streams = (int) channels.stream().filter(c -> !c.rdma() && "stream-cpu".equals(c.capKind())).count();
      if (streams < channels.size()) return java.util.Optional.empty();
      double share = streamShare(policy, streams);
      if (share >= 1) return java.util.Optional.empty();
      return java.util.Optional.of(String.format(java.util.Locale.ROOT, "%d streams share %.1f %% of each byte's work "
          + "(livemig.migration.stream-serial-share.%s): where their cores bind, together they carry %.2fx one stream, not %dx",
          streams, 100 * streamSerialShare.get(policy), policy, streams * share, streams));
    }
  }

  /**
   * What the guest's users run during a migration: a continuous ping (one request per
   * {@code pingInterval}, a request unanswered after {@code pingTimeout} is lost and the next goes at
   * once) and a TCP session that retransmits a lost segment after {@code minRto}, doubling, at most
   * {@code maxRetransmissions} times.
   */
  public record Probes(long pingIntervalNanos, long pingTimeoutNanos, long minRtoNanos, int maxRetransmissions) {}

  /** One migration's policy: its own, with QEMU's downtime-limit where the order sets it. */
  public ConvergencePolicy policy(MigrationOrder order) {
    ConvergencePolicy p = policy(order.policy(), order.maxPasses());
    if (p instanceof ConvergencePolicy.Qemu q && order.downtimeLimitNanos() >= 0)
      return new ConvergencePolicy.Qemu(order.downtimeLimitNanos(), q.autoConverge(), q.initial(), q.increment(), q.max(),
          q.triggerRatio(), q.triggerPasses(), q.giveUpAfter());
    return p;
  }

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
      double zeroRatio, double textRatio, double incompressibleRatio, long regionBytes, double decompressPerCoreBytesPerSecond,
      double zeroSpeed, double textSpeed, double incompressibleSpeed) {
    /** How fast the codec goes through each kind of content against per-core-throughput (livemig.compression.speed). */
    public double speed(int kind) {
      return kind == ZERO ? zeroSpeed : kind == TEXT ? textSpeed : incompressibleSpeed;
    }

    /** Compressed size / size of each kind of content (livemig.compression.ratio). */
    public double ratio(int kind) {
      return kind == ZERO ? zeroRatio : kind == TEXT ? textRatio : incompressibleRatio;
    }

    /** Kinds of page content, as in a VM's {@code content} mix. */
    public static final int ZERO = 0, TEXT = 1, INCOMPRESSIBLE = 2;
  }

  public static MigrationSettings from(Config root) {
    Config c = root.getConfig("livemig.migration");
    Config z = root.getConfig("livemig.compression");
    return new MigrationSettings(
        root.getBytes("livemig.memory.page-size"),
        fixed(c),
        platformFixed(c),
        c.getDouble("build-progress"),
        c.getBytes("state-threshold"),
        c.getBytes("device-state"),
        nanos(c, "storage-handover"),
        nanos(c, "resume-time"),
        nanos(c, "network-switchover"),
        new Compression(z.getBytes("batch"), z.getBytes("per-core-throughput"), z.getInt("max-threads"),
            percent(z.getString("fallback-below-spare")), z.getDouble("ratio.zero"), z.getDouble("ratio.text"),
            z.getDouble("ratio.incompressible"), z.getBytes("region"),
            root.getBytes("livemig.cpu.decompress-per-core-throughput"), z.getDouble("speed.zero"),
            z.getDouble("speed.text"), z.getDouble("speed.incompressible")),
        policies(c.getConfig("policies"), c.getConfig("stack-factor"), c.getConfig("stream-serial-share")),
        probes(root.getConfig("livemig.probes")));
  }

  private static Policies policies(Config p, Config stack, Config serial) {
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
            percent(v.getString("min-speed")), v.getInt("give-up-after-passes")),
        q.getBytes("max-bandwidth") * 8.0, doubles(stack), q.getBytes("zero-page.header"),
        q.getBytes("zero-page.scan-per-core"), q.getBytes("zero-page.walk"),
        dev.livemig.network.NetworkSettings.bps(q.getString("rdma.register")), q.getDuration("rdma.pin-per-gib").toNanos(),
        q.getInt("compress-threads"), doubles(q.getConfig("codec-speed")),
        q.getDuration("dirty-log-stop-per-gib").toNanos(), shares(serial));
  }

  private static Fixed fixed(Config c) {
    return new Fixed(nanos(c, "config-transfer"), nanos(c, "create-vm"), nanos(c, "prepare"), nanos(c, "allocate-per-gib"),
        nanos(c, "cluster-role-move"), nanos(c, "cleanup"), nanos(c, "free-time"), nanos(c, "free-per-gib"));
  }

  private static java.util.Map<String, Fixed> platformFixed(Config c) {
    java.util.Map<String, Fixed> out = new java.util.TreeMap<>();
    if (!c.hasPath("platform-phases")) return java.util.Map.of();
    Config p = c.getConfig("platform-phases");
    for (String k : p.root().keySet()) out.put(k, fixed(p.getConfig(k).withFallback(c)));
    return java.util.Map.copyOf(out);
  }

  /** livemig.migration.stream-serial-share: each a share of a byte's work, from 0 up to (not) 1. */
  private static java.util.Map<String, Double> shares(Config f) {
    java.util.Map<String, Double> out = doubles(f);
    out.forEach((k, v) -> {
      if (!(v >= 0 && v < 1))
        throw new IllegalArgumentException("livemig.migration.stream-serial-share." + k + " = " + v
            + ": a share of each byte's work, from 0 up to (not including) 1");
    });
    return out;
  }

  /** A block of numbers by name (stack factors, codec speeds, serial shares). */
  private static java.util.Map<String, Double> doubles(Config f) {
    java.util.Map<String, Double> out = new java.util.TreeMap<>();
    for (String k : f.root().keySet()) out.put(k, f.getDouble(k));
    return java.util.Map.copyOf(out);
  }

  private static Probes probes(Config p) {
    return new Probes(p.getDuration("ping.interval").toNanos(), p.getDuration("ping.timeout").toNanos(),
        p.getDuration("tcp-session.min-rto").toNanos(), p.getInt("tcp-session.max-retransmissions"));
  }

  private static long nanos(Config c, String key) {
    return c.getDuration(key).toNanos();
  }

  /** After the VM's creation on the destination (Hyper-V's phases): preparing its dependencies and allocating its memory. */
  public long prepareNanosFor(long memoryBytes) {
    return fixed.prepareNanosFor(memoryBytes);
  }

  /** The build phase of one migration alone (no other VM in the destination's management queue). */
  public long buildNanosFor(long memoryBytes) {
    return fixed.configTransfer() + fixed.createVm() + prepareNanosFor(memoryBytes);
  }

  /** The destroy phase after the resume, alone (nothing else in the source's management queue). */
  public long destroyNanosFor(long memoryBytes) {
    return fixed.roleMove() + fixed.cleanup() + freeNanosFor(memoryBytes);
  }

  /** After the cleanup on the source (Hyper-V's phases): freeing the VM's memory. */
  public long freeNanosFor(long memoryBytes) {
    return fixed.freeNanosFor(memoryBytes);
  }

  /** The blackout's fixed part on the destination: storage hand-over, resume, network switchover. */
  public long takeoverNanos() {
    return handoverNanos + resumeNanos + switchoverNanos;
  }

  private static double percent(String s) {
    s = s.trim();
    return s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100 : Double.parseDouble(s);
  }
}
