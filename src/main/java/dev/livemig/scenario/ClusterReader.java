package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.livemig.spec.Specs.Configure;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.LiveMigrationSettings;
import dev.livemig.spec.Specs.NicSpec;
import dev.livemig.spec.Specs.Step;

/** The {@code cluster} block: placement, cluster-wide limits and the live-migration settings (also of {@code configure} steps). */
final class ClusterReader extends ConfigReader {
  /**
   * Performance options the model carries today; the others are said, not faked. smb-direct is SMB that must run over RDMA: a live-migration network without an RDMA NIC pair is an error.
   */
  static final List<String> PERFORMANCE_OPTIONS = List.of("tcpip", "compression", "smb", "smb-direct");
  private static final Set<String> LIVE_MIGRATION = keys("performance-option", "networks", "simultaneous", "max-passes",
      "smb-bandwidth-limit", "retries", "retry-delay", "policy", "streams", "max-bandwidth", "zero-page-detection", "rdma-pin-all", "downtime-limit", "multifd-compression", "label");
  /** QEMU's codecs for compressed migration (its multifd-compression parameter; zlib is also the old compress capability's). */
  static final List<String> CODECS = List.of("zlib", "zstd");
  /** QEMU's zero-page-detection parameter (QEMU 9.0): none, legacy (the main thread), multifd (its channels). */
  static final List<String> ZERO_PAGE_DETECTION = List.of("none", "legacy", "multifd");
  private static final Set<String> CLUSTER = NodeAddReader.with(keys("live-migration", "placement", "max-concurrent",
      "boot-time", "mac-pool"), NodeAddReader.CLUSTER_KEYS);
  private static final Set<String> PLACEMENT = keys("policy", "targets", "order");
  private static final List<String> PLACEMENT_POLICIES = List.of("most-free-memory", "round-robin", "targets");
  private static final List<String> ORDERS = List.of("largest-first", "smallest-first", "as-listed");

  ClusterReader(ConfigReader shared) {
    super(shared);
  }

  /** The {@code cluster.live-migration} block over the defaults. */
  LiveMigrationSettings liveMigration(ConfigObject root, Set<String> networks) {
    return liveMigration(objectOrEmpty(root, "cluster", CLUSTER), "cluster.live-migration", defaultsLiveMigration(), networks);
  }

  Specs.ClusterSettings clusterSettings(ConfigObject root, Map<String, HostSpec> hosts) {
    Config d = defaults.getConfig("livemig.cluster");
    Specs.Placement dflt = new Specs.Placement(d.getString("placement.policy"),
        List.copyOf(d.getStringList("placement.targets")), d.getString("placement.order"));
    int maxConcurrent = d.getInt("max-concurrent");
    long boot = d.getDuration("boot-time").toNanos();
    ConfigObject c = root.containsKey("cluster") && root.get("cluster").valueType() == ConfigValueType.OBJECT
        ? (ConfigObject) root.get("cluster") : null;
    if (c == null) return new Specs.ClusterSettings(dflt, maxConcurrent, boot);
    Specs.Placement placement = placement(c.containsKey("placement") ? asObject(c.get("placement"), "cluster.placement") : null,
        "cluster.placement", dflt, hosts);
    if (c.containsKey("max-concurrent")) maxConcurrent = (int) longValue(c.get("max-concurrent"), "cluster.max-concurrent", 0, 1_000_000);
    if (c.containsKey("boot-time")) boot = Math.max(0, durationOf(c.get("boot-time"), "cluster.boot-time"));
    return new Specs.ClusterSettings(placement, maxConcurrent, boot);
  }

  Specs.Placement placement(ConfigObject o, String key, Specs.Placement base, Map<String, HostSpec> hosts) {
    if (o == null) return base;
    unknownKeys(o, key, PLACEMENT);
    String policy = base.policy();
    if (o.containsKey("policy")) {
      String p = stringOf(o.get("policy"), key + ".policy");
      if (p != null && !PLACEMENT_POLICIES.contains(p))
        problem(o.get("policy"), key + ".policy", "no placement policy '" + p + "'; allowed: " + String.join(", ", PLACEMENT_POLICIES));
      else if (p != null) policy = p;
    }
    List<String> targets = namesOf(o, key, "targets", base.targets(), hosts.keySet(),
        "expected a list of host names, e.g. [hv2, hv3]", t -> "no host named '" + t + "'; allowed: " + some(hosts.keySet()));
    if ("targets".equals(policy) && targets.isEmpty())
      problem(o, key + ".targets", "the targets policy needs a list of hosts, e.g. targets = [hv2, hv3]");
    String order = base.order();
    if (o.containsKey("order")) {
      String ord = stringOf(o.get("order"), key + ".order");
      if (ord != null && !ORDERS.contains(ord))
        problem(o.get("order"), key + ".order", "no order '" + ord + "'; allowed: " + String.join(", ", ORDERS));
      else if (ord != null) order = ord;
    }
    return new Specs.Placement(policy, targets, order);
  }

  private LiveMigrationSettings defaultsLiveMigration() {
    Config d = defaults.getConfig("livemig.cluster.live-migration");
    return new LiveMigrationSettings(d.getString("performance-option"), List.copyOf(d.getStringList("networks")),
        d.getInt("simultaneous"), d.getInt("max-passes"), bandwidthOf(d.getValue("smb-bandwidth-limit"),
        "livemig.cluster.live-migration.smb-bandwidth-limit", true), d.getInt("retries"),
        d.getDuration("retry-delay").toNanos(), d.getString("policy"), d.getInt("streams"),
        d.hasPath("max-bandwidth") ? bandwidthOf(d.getValue("max-bandwidth"), "livemig.cluster.live-migration.max-bandwidth", true) : -1);
  }

  /** {@code smb-direct} needs an RDMA NIC on a listed live-migration network of every host that migrates. */
  void checkRdma(LiveMigrationSettings base, List<Step> steps, List<HostSpec> hosts) {
    List<LiveMigrationSettings> all = new ArrayList<>();
    all.add(base);
    for (Step st : steps) if (st instanceof Configure c) all.add(c.settings());
    for (LiveMigrationSettings lm : all) {
      if (!"smb-direct".equals(lm.performanceOption())) continue;
      for (HostSpec h : hosts) {
        boolean rdma = false;
        for (NicSpec n : h.nics()) {
          if (n.isRdma() && n.enabled() && h.teamOf(n.name()) == null
              && (lm.networks().isEmpty() || lm.networks().contains(n.network()))) rdma = true;
        }
        if (!rdma) {
          problems.add(new Problem(file, smbDirectLine, "cluster.live-migration.performance-option",
              "smb-direct needs an RDMA NIC (iwarp or roce, not teamed) on a live-migration network " + lm.networks()
                  + ", and host " + h.name() + " has none; allowed: smb (SMB over TCP), tcpip, compression"));
          return;
        }
      }
    }
  }

  private int smbDirectLine;

  private static final java.util.regex.Pattern BYTES_PER_SECOND =
      java.util.regex.Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(B|KiB|MiB|GiB|KB|MB|GB)(?:/s)?\\s*");

  /**
   * A per-migration cap as QEMU takes it, bytes per second ({@code 128 MiB}, {@code 1 GiB/s}), or as a
   * bandwidth ({@code 1 Gbps}); in bit/s, 0: no cap.
   */
  private double maxBandwidth(ConfigValue v, String key) {
    String text = String.valueOf(v.unwrapped()).trim();
    if (text.equals("0")) return 0;
    java.util.regex.Matcher m = BYTES_PER_SECOND.matcher(text);
    if (!m.matches()) return bandwidthOf(v, key, true);
    double mult = switch (m.group(2)) {
      case "KiB" -> 1024;
      case "MiB" -> 1024 * 1024;
      case "GiB" -> 1024 * 1024 * 1024;
      case "KB" -> 1e3;
      case "MB" -> 1e6;
      case "GB" -> 1e9;
      default -> 1;
    };
    return Double.parseDouble(m.group(1)) * mult * 8;
  }

  LiveMigrationSettings liveMigration(ConfigObject o, String key, LiveMigrationSettings base, Set<String> networks) {
    if (o == null) return base;
    unknownKeys(o, key, LIVE_MIGRATION);
    // label: what `compare` calls a layout (a template's name for itself); not read by a run
    if (o.containsKey("label") && o.get("label").valueType() != ConfigValueType.STRING)
      problem(o.get("label"), key + ".label", "not a text; a label names the layout in a comparison, e.g. label = \"1 GbE TCP/IP\"");
    String option = base.performanceOption();
    if (o.containsKey("performance-option")) {
      ConfigValue v = o.get("performance-option");
      String given = String.valueOf(v.unwrapped());
      String s = given.toLowerCase(Locale.ROOT);
      String allowed = String.join(", ", PERFORMANCE_OPTIONS);
      if (PERFORMANCE_OPTIONS.contains(s)) {
        option = s;
        if (s.equals("smb-direct") && smbDirectLine == 0) smbDirectLine = v.origin().lineNumber();
      } else {
        problem(v, key + ".performance-option", "'" + given + "' is not a performance option; allowed: " + allowed);
      }
    }
    List<String> nets = namesOf(o, key, "networks", base.networks(), networks,
        "expected a list of network names, e.g. [LiveMigration-1GbE]",
        n -> "no host has a NIC or team on network '" + n + "'; known: " + networks);
    int simultaneous = o.containsKey("simultaneous") ? (int) longValue(o.get("simultaneous"), key + ".simultaneous", 1, 10_000) : base.simultaneous();
    int maxPasses = o.containsKey("max-passes") ? (int) longValue(o.get("max-passes"), key + ".max-passes", 1, 1_000) : base.maxPasses();
    double limit = o.containsKey("smb-bandwidth-limit")
        ? bandwidthOf(o.get("smb-bandwidth-limit"), key + ".smb-bandwidth-limit", true) : base.smbLimitBps();
    int retries = o.containsKey("retries") ? (int) longValue(o.get("retries"), key + ".retries", 0, 1_000) : base.retries();
    long retryDelay = base.retryDelayNanos();
    if (o.containsKey("retry-delay")) {
      long d = durationOf(o.get("retry-delay"), key + ".retry-delay");
      if (d >= 0) retryDelay = d;
    }
    String policy = choice(o, key, "policy", dev.livemig.migration.ConvergencePolicy.NAMES, base.policy(),
        "a convergence policy", "");
    int streams = o.containsKey("streams") ? (int) longValue(o.get("streams"), key + ".streams", 1, 64) : base.streams();
    // QEMU's migrate-set-parameters max-bandwidth, set per migration as the source did (0: no cap);
    // without it, the policy's default (livemig.migration.policies.qemu.max-bandwidth for qemu).
    double maxBandwidth = o.containsKey("max-bandwidth")
        ? maxBandwidth(o.get("max-bandwidth"), key + ".max-bandwidth") : base.maxBandwidthBps();
    String zeroPages = choice(o, key, "zero-page-detection", ZERO_PAGE_DETECTION, base.zeroPageDetection(),
        "a zero-page detection", " (QEMU's migrate-set-parameters zero-page-detection)");
    boolean pinAll = base.rdmaPinAll();
    if (o.containsKey("rdma-pin-all")) {
      ConfigValue v = o.get("rdma-pin-all");
      if (v.valueType() == ConfigValueType.BOOLEAN) pinAll = (Boolean) v.unwrapped();
      else problem(v, key + ".rdma-pin-all", "'" + v.unwrapped() + "' is not true or false (QEMU's rdma-pin-all capability)");
    }
    // QEMU's migrate-set-parameters downtime-limit (the qemu policy's stop rule), as the source set it
    long downtimeLimit = base.downtimeLimitNanos();
    if (o.containsKey("downtime-limit")) {
      long d = durationOf(o.get("downtime-limit"), key + ".downtime-limit");
      if (d >= 0) downtimeLimit = d;
    }
    String codec = choice(o, key, "multifd-compression", CODECS, base.multifdCompression(), "a codec the model has",
        " (QEMU's qatzip, qpl and uadk are not modelled)");
    return new LiveMigrationSettings(option, nets, Math.max(1, simultaneous), Math.max(1, maxPasses), limit,
        Math.max(0, retries), retryDelay, policy, Math.max(1, streams), maxBandwidth, zeroPages, pinAll, downtimeLimit, codec);
  }

  /** One of {@code allowed} at {@code o.name}, else {@code otherwise}; anything else is a problem naming what is allowed. */
  private String choice(ConfigObject o, String key, String name, List<String> allowed, String otherwise, String what,
      String hint) {
    if (!o.containsKey(name)) return otherwise;
    ConfigValue v = o.get(name);
    String given = String.valueOf(v.unwrapped());
    if (allowed.contains(given)) return given;
    problem(v, key + "." + name, "'" + given + "' is not " + what + "; allowed: " + String.join(", ", allowed) + hint);
    return otherwise;
  }

}
