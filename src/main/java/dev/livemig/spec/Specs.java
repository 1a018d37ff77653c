package dev.livemig.spec;

import java.util.List;
import dev.livemig.memory.Workload;

/** The validated content of a scenario file: immutable records only. */
public final class Specs {
  private Specs() {}

  /** RDMA capability of a NIC. */
  public enum Rdma {
    NONE, IWARP, ROCE;

    public static Rdma parse(String s) {
      return switch (s.toLowerCase(java.util.Locale.ROOT)) {
        case "none", "false" -> NONE;
        case "iwarp" -> IWARP;
        case "roce", "rocev2" -> ROCE;
        default -> null;
      };
    }
  }

  /** A NIC. {@code mtu}: its IP MTU in bytes (1500; up to 9216 with jumbo frames). */
  public record NicSpec(String name, double speedBps, boolean enabled, Rdma rdma, String network, int mtu) {
    public static final int STANDARD_MTU = 1500, MAX_MTU = 9216, MIN_MTU = 576;

    public NicSpec(String name, double speedBps, boolean enabled, Rdma rdma, String network) {
      this(name, speedBps, enabled, rdma, network, STANDARD_MTU);
    }

    public boolean isRdma() {
      return rdma != Rdma.NONE;
    }
  }

  /**
   * A NIC team (LBFO/LACP). {@code loadBalancing}: how it spreads connections over its members:
   * {@code dynamic} (the least-loaded member, WS2012 R2's default), {@code address-hash} (a hash of each
   * connection's addresses and ports picks the member at each end, so two connections can share one),
   * {@code hyper-v-port} (the management OS's traffic is one virtual-switch port: one member).
   */
  public record TeamSpec(String name, List<String> members, String network, String loadBalancing) {
    public static final List<String> LOAD_BALANCING = List.of("dynamic", "address-hash", "hyper-v-port");

    public TeamSpec(String name, List<String> members, String network) {
      this(name, members, network, "dynamic");
    }
  }

  /**
   * A host. {@code coreSpeed}: its cores' speed relative to the reference core of
   * {@code livemig.cpu} (what one TCP connection, compression and decompression get from a core);
   * 0 when the scenario does not say (the configured default applies).
   */
  public record HostSpec(String name, long memoryBytes, int cores, List<NicSpec> nics, List<TeamSpec> teams,
      double coreSpeed) {
    public HostSpec(String name, long memoryBytes, int cores, List<NicSpec> nics, List<TeamSpec> teams) {
      this(name, memoryBytes, cores, nics, teams, 0);
    }

    /** This host's core speed, or {@code otherwise} when the scenario did not give one. */
    public double coreSpeedOr(double otherwise) {
      return coreSpeed > 0 ? coreSpeed : otherwise;
    }

    public NicSpec nic(String name) {
      for (NicSpec n : nics) if (n.name().equals(name)) return n;
      return null;
    }

    /** The team a NIC belongs to, or null. */
    public TeamSpec teamOf(String nic) {
      for (TeamSpec t : teams) if (t.members().contains(nic)) return t;
      return null;
    }
  }

  /**
   * A VM: its RAM, how its guest writes memory, the host CPU it uses over time (cores, a step
   * function of simulated time), and what its memory holds (fractions of zero, text-like and
   * incompressible pages: what compression can gain).
   */
  public record VmSpec(String name, String host, long memoryBytes, String workloadName, Workload workload,
      CpuProfile cpu, ContentMix content, Priority priority, DynamicMemory dynamicMemory, Storage.VmProfile profile,
      int vcpus) {
    public VmSpec(String name, String host, long memoryBytes, String workloadName, Workload workload,
        CpuProfile cpu, ContentMix content, Priority priority, DynamicMemory dynamicMemory, Storage.VmProfile profile) {
      this(name, host, memoryBytes, workloadName, workload, cpu, content, priority, dynamicMemory, profile, 1);
    }

    public VmSpec(String name, String host, long memoryBytes, String workloadName, Workload workload,
        CpuProfile cpu, ContentMix content, Priority priority, DynamicMemory dynamicMemory) {
      this(name, host, memoryBytes, workloadName, workload, cpu, content, priority, dynamicMemory, Storage.VmProfile.DEFAULT);
    }

    /** The same VM with another storage profile (its disks moved by a move of storage). */
    public VmSpec withProfile(Storage.VmProfile p) {
      return new VmSpec(name, host, memoryBytes, workloadName, workload, cpu, content, priority, dynamicMemory, p, vcpus);
    }

    public VmSpec(String name, String host, long memoryBytes, String workloadName, Workload workload) {
      this(name, host, memoryBytes, workloadName, workload, CpuProfile.constant(0), ContentMix.DEFAULT, Priority.NORMAL);
    }

    public VmSpec(String name, String host, long memoryBytes, String workloadName, Workload workload,
        CpuProfile cpu, ContentMix content, Priority priority) {
      this(name, host, memoryBytes, workloadName, workload, cpu, content, priority, null);
    }
  }

  /**
   * Hyper-V Dynamic Memory: the VM starts with {@code startup}, the host gives it between
   * {@code minimum} and {@code maximum}, and it holds {@code assigned} now. A live migration moves the
   * assigned memory (the VM's memoryBytes), not the maximum. Null on a VM with static memory.
   */
  public record DynamicMemory(long startupBytes, long minimumBytes, long maximumBytes, long assignedBytes) {}

  /** A VM's priority when the cluster orders its moves (VMM: high, medium, low). */
  public enum Priority {
    HIGH, NORMAL, LOW;

    public static Priority parse(String s) {
      return switch (s.toLowerCase(java.util.Locale.ROOT)) {
        case "high" -> HIGH;
        case "normal", "medium" -> NORMAL;
        case "low" -> LOW;
        default -> null;
      };
    }
  }

  /**
   * Where the cluster puts the VMs it moves off a host, and in which order it moves them.
   * {@code policy}: most-free-memory, round-robin, or targets (the {@code targets} list, in turn);
   * {@code order}: largest-first, smallest-first or as-listed, after priority.
   */
  public record Placement(String policy, List<String> targets, String order) {}

  /** The cluster's own settings: placement, a cluster-wide limit on live migrations (0: none), cold boot time. */
  public record ClusterSettings(Placement placement, int maxConcurrent, long bootNanos) {}

  /** Moves every VM off a host, which then enters maintenance. */
  public record Drain(int line, String host, Placement placement, String measure, boolean async, DrainRules rules)
      implements Step {
    public Drain(int line, String host, Placement placement, String measure, boolean async) {
      this(line, host, placement, measure, async, DrainRules.DEFAULT);
    }
  }

  /**
   * How a drain meets the cluster's rules VM by VM (issue 13): each VM moves by {@code kind} where the
   * rules allow it; a VM they refuse moves by {@code fallback} (quick, or none: it stays, with the
   * reason); {@code force}: an unsupported workload (an Exchange DAG member) moves anyway, flagged.
   */
  public record DrainRules(Storage.Kind kind, Storage.Kind fallback, boolean force) {
    public static final DrainRules DEFAULT = new DrainRules(Storage.Kind.LIVE, null, false);
  }

  /**
   * Drains each host in turn, patches it ({@code patchNanos} in maintenance), and when
   * {@code returnVms}, moves its VMs back before the next host.
   */
  public record RollingMaintenance(int line, List<String> hosts, long patchNanos, boolean returnVms,
      Placement placement, String measure, boolean async, DrainRules rules) implements Step {
    public RollingMaintenance(int line, List<String> hosts, long patchNanos, boolean returnVms, Placement placement,
        String measure, boolean async) {
      this(line, hosts, patchNanos, returnVms, placement, measure, async, DrainRules.DEFAULT);
    }
  }

  /**
   * Adds {@code host} (not yet a cluster member) to the cluster by the checklist of domain.md ("Adding
   * a node"), touring {@code testVm} to and from it; the next step starts when the flow has ended.
   */
  public record AddNode(int line, String host, String testVm, String measure) implements Step {}

  /** A host leaves maintenance and takes VMs again (after a drain). */
  public record Resume(int line, String host) implements Step {}

  /**
   * A dirty-page storm on a VM: {@code burst} writes on top of its workload from {@code at} to
   * {@code until} (nanoseconds).
   */
  public record StormEvent(int line, long at, String vm, long until, Workload burst) implements Event {}

  /** A host fails (crash: its VMs restart elsewhere, cold) or comes back. */
  public record HostEvent(int line, long at, String host, boolean up) implements Event {}

  /** Cores in use from each instant on (a step function; the first step is at 0). */
  public record CpuProfile(List<Long> at, List<Double> cores) {
    public static CpuProfile constant(double cores) {
      return new CpuProfile(List.of(0L), List.of(cores));
    }

    public double coresAt(long t) {
      double c = 0;
      for (int i = 0; i < at.size() && at.get(i) <= t; i++) c = cores.get(i);
      return c;
    }
  }

  /** Fractions of a VM's memory by content kind; they sum to 1. */
  public record ContentMix(double zero, double text, double incompressible) {
    public static final ContentMix DEFAULT = new ContentMix(0.2, 0.5, 0.3);
  }

  /** Something the scenario makes happen at a simulated instant ({@code events = [...]}). */
  public sealed interface Event {
    int line();

    long at();
  }

  /**
   * A link of the topology goes down or comes back: a switch's uplink or a link between two switches
   * ({@code a}, {@code b} switches), or the WAN link between two sites ({@code a}, {@code b} sites).
   */
  public record LinkEvent(int line, long at, String a, String b, boolean up) implements Event {}

  /**
   * A whole site fails: its hosts crash; their VMs restart cold on the other site. {@code measure}
   * (or null): the time until the last of them runs again, and the data at risk.
   */
  public record SiteEvent(int line, long at, String site, String measure) implements Event {}

  /** A NIC port goes down or comes back. */
  public record NicEvent(int line, long at, String host, String nic, boolean up) implements Event {}

  /** The cluster's live-migration settings (Hyper-V: Set-VMHost and the cluster's network list). */
  public record LiveMigrationSettings(String performanceOption, List<String> networks, int simultaneous,
      int maxPasses, double smbLimitBps, int retries, long retryDelayNanos, String policy, int streams,
      double maxBandwidthBps, String zeroPageDetection, boolean rdmaPinAll, long downtimeLimitNanos,
      String multifdCompression) {
    public LiveMigrationSettings(String performanceOption, List<String> networks, int simultaneous,
        int maxPasses, double smbLimitBps, int retries, long retryDelayNanos, String policy) {
      this(performanceOption, networks, simultaneous, maxPasses, smbLimitBps, retries, retryDelayNanos, policy, 1, -1, null,
          false, -1, null);
    }

    /**
     * Without QEMU's zero-page detection (null: the platform's default for its streams), rdma-pin-all
     * (false: RDMA registers memory chunk by chunk), downtime-limit (-1: the policy's default) and
     * multifd-compression (null: zlib, QEMU's compress capability) settings.
     */
    public LiveMigrationSettings(String performanceOption, List<String> networks, int simultaneous,
        int maxPasses, double smbLimitBps, int retries, long retryDelayNanos, String policy, int streams,
        double maxBandwidthBps) {
      this(performanceOption, networks, simultaneous, maxPasses, smbLimitBps, retries, retryDelayNanos, policy, streams,
          maxBandwidthBps, null, false, -1, null);
    }
  }

  public sealed interface Step {
    int line();
  }

  public record Configure(int line, LiveMigrationSettings settings) implements Step {}

  /** Moves a VM; unless {@code async}, the next step starts when this migration ends. */
  public record Migrate(int line, String vm, String to, String measure, boolean async, Storage.Kind kind, boolean force)
      implements Step {
    public Migrate(int line, String vm, String to, String measure, boolean async) {
      this(line, vm, to, measure, async, Storage.Kind.LIVE, false);
    }
  }

  /** Lets simulated time pass, or (when {@code untilIdle}) waits for every migration to end. */
  public record Wait(int line, long nanos, boolean untilIdle) implements Step {}

  /**
   * One expectation on a measure's metric: {@code value} within {@code tolerance} (a fraction when
   * {@code relative}); or within [{@code min}, {@code max}]; or, when {@code other} is set, below
   * ({@code relation = "<"}) or above ({@code ">"}) {@code factor} times the same metric of the
   * measure {@code other}. {@code regression}: the figure is the model's own output, pinned to catch
   * unintended changes (no source measured it); update it when the model changes on purpose.
   */
  public record Expectation(int line, String measure, String metric, Double value, Double tolerance,
      boolean relative, Double min, Double max, String other, String relation, double factor, boolean regression) {

    public Expectation(int line, String measure, String metric, Double value, Double tolerance,
        boolean relative, Double min, Double max) {
      this(line, measure, metric, value, tolerance, relative, min, max, null, null, 1.0, false);
    }

    public Expectation(int line, String measure, String metric, Double value, Double tolerance,
        boolean relative, Double min, Double max, String other, String relation, double factor) {
      this(line, measure, metric, value, tolerance, relative, min, max, other, relation, factor, false);
    }

    /** @param reference the other measure's metric, when this expectation compares two measures */
    public boolean holds(double measured, Double reference) {
      if (other != null) {
        if (reference == null) return false;
        double bound = factor * reference;
        return "<".equals(relation) ? measured < bound : measured > bound;
      }
      if (value != null) {
        double tol = relative ? Math.abs(value) * tolerance : tolerance;
        return Math.abs(measured - value) <= tol + 1e-12;
      }
      return (min == null || measured >= min - 1e-12) && (max == null || measured <= max + 1e-12);
    }

    /**
     * The words an {@code outcome} expectation can name, its value being the word's index: a node
     * add's ({@link NodeModel#OUTCOMES}, the first three) and a migration's ({@link #MOVE_OUTCOMES}).
     */
    public static final List<String> OUTCOMES = List.of("refused", "failed", "added", "completed", "lost", "rejected");

    /** A migration's outcomes, as its record says them: only {@code completed} left the VM on the destination. */
    public static final List<String> MOVE_OUTCOMES = List.of("completed", "failed", "lost", "rejected", "refused");

    /** An outcome's word for an {@code outcome} metric's value, or null when {@code value} is no outcome. */
    public static String outcomeWord(Double value) {
      return value != null && value >= 0 && value < OUTCOMES.size() && value == Math.floor(value) ? OUTCOMES.get(value.intValue()) : null;
    }

    public String describe() {
      return regression ? bounds() + " (regression)" : bounds();
    }

    private String bounds() {
      if (other != null) {
        return relation + " " + (factor == 1.0 ? "" : fmt(factor) + " × ") + other;
      }
      if ("outcome".equals(metric) && outcomeWord(value) != null) return outcomeWord(value);
      if (value != null) {
        String tol = relative ? fmt(tolerance * 100) + " %" : fmt(tolerance);
        return fmt(value) + " ± " + tol;
      }
      return "[" + (min == null ? "-∞" : fmt(min)) + ", " + (max == null ? "∞" : fmt(max)) + "]";
    }

    private static String fmt(double d) {
      return new java.math.BigDecimal(d).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
  }

  /** A scenario; {@code topology}: its switches, sites and WAN links, or null (one non-blocking switch). */
  public record Scenario(String file, String name, long seed, List<HostSpec> hosts, List<VmSpec> vms,
      LiveMigrationSettings liveMigration, ClusterSettings cluster, List<Step> steps, List<Event> events,
      List<Expectation> expectations, NodeModel nodes, Storage.Layout storage, String calibration, TopologySpec topology)
      implements dev.livemig.distribution.CrossNode {
    /**
     * {@code calibration}: the scenario's own {@code livemig { ... }} constants (validated), as HOCON
     * the run lays over the configuration; null when it gives none.
     */
    public Scenario(String file, String name, long seed, List<HostSpec> hosts, List<VmSpec> vms,
        LiveMigrationSettings liveMigration, ClusterSettings cluster, List<Step> steps, List<Event> events,
        List<Expectation> expectations, NodeModel nodes, Storage.Layout storage) {
      this(file, name, seed, hosts, vms, liveMigration, cluster, steps, events, expectations, nodes, storage, null, null);
    }

    /** A scenario without a topology (one non-blocking switch). */
    public Scenario(String file, String name, long seed, List<HostSpec> hosts, List<VmSpec> vms,
        LiveMigrationSettings liveMigration, ClusterSettings cluster, List<Step> steps, List<Event> events,
        List<Expectation> expectations, NodeModel nodes, Storage.Layout storage, String calibration) {
      this(file, name, seed, hosts, vms, liveMigration, cluster, steps, events, expectations, nodes, storage, calibration, null);
    }

    public Scenario(String file, String name, long seed, List<HostSpec> hosts, List<VmSpec> vms,
        LiveMigrationSettings liveMigration, ClusterSettings cluster, List<Step> steps, List<Event> events,
        List<Expectation> expectations, NodeModel nodes) {
      this(file, name, seed, hosts, vms, liveMigration, cluster, steps, events, expectations, nodes, Storage.Layout.EMPTY);
    }

    public HostSpec host(String name) {
      for (HostSpec h : hosts) if (h.name().equals(name)) return h;
      return null;
    }
  }
}
