package dev.livemig.scenario;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.livemig.memory.Workload;
import dev.livemig.scenario.Specs.Configure;
import dev.livemig.scenario.Specs.Expectation;
import dev.livemig.scenario.Specs.HostSpec;
import dev.livemig.scenario.Specs.LiveMigrationSettings;
import dev.livemig.scenario.Specs.Migrate;
import dev.livemig.scenario.Specs.NicSpec;
import dev.livemig.scenario.Specs.Rdma;
import dev.livemig.scenario.Specs.Scenario;
import dev.livemig.scenario.Specs.Step;
import dev.livemig.scenario.Specs.TeamSpec;
import dev.livemig.scenario.Specs.VmSpec;
import dev.livemig.scenario.Specs.Wait;

/**
 * Reads a scenario file (HOCON) into validated {@link Specs}. Every problem is collected with its
 * file, line and key and what is allowed; the caller gets them all at once in a
 * {@link ScenarioException}. Nothing runs unless the whole file is valid.
 */
public final class ScenarioLoader extends ConfigReader {

  /** Performance options the model carries today; the others are said, not faked. */
  /** smb-direct is SMB that must run over RDMA: a live-migration network without an RDMA NIC pair is an error. */
  public static final List<String> PERFORMANCE_OPTIONS = List.of("tcpip", "compression", "smb", "smb-direct");

  private static final Set<String> TOP = keys("name", "description", "seed", "hosts", "vms", "cluster", "steps",
      "events", "expect", "templates", "host-groups", "vm-groups");
  private static final Set<String> HOST = keys("name", "memory", "cores", "nics", "teams");
  private static final Set<String> NIC = keys("name", "speed", "enabled", "rdma", "network");
  private static final Set<String> TEAM = keys("name", "members", "network");
  private static final Set<String> VM = keys("name", "host", "memory", "workload", "cpu", "content", "priority");
  private static final Set<String> LIVE_MIGRATION = keys("performance-option", "networks", "simultaneous", "max-passes",
      "smb-bandwidth-limit", "retries", "retry-delay", "policy");
  private static final Set<String> EVENT_KINDS = keys("nic-down", "nic-up", "host-down", "host-up", "storm");
  private static final Set<String> STEP_KINDS = keys("configure", "migrate", "wait", "drain", "rolling-maintenance",
      "resume");
  private static final Set<String> CLUSTER = keys("live-migration", "placement", "max-concurrent", "boot-time");
  private static final Set<String> PLACEMENT = keys("policy", "targets", "order");
  private static final List<String> PLACEMENT_POLICIES = List.of("most-free-memory", "round-robin", "targets");
  private static final List<String> ORDERS = List.of("largest-first", "smallest-first", "as-listed");
  private static final Set<String> MIGRATE = keys("vm", "to", "measure", "async");
  private static final Set<String> WAIT = keys("for");
  private static final Set<String> EXPECT = keys("measure", "metric", "value", "tolerance", "min", "max", "less-than",
      "greater-than", "factor");
  private static final List<String> METRICS = Runs.METRICS;

  /** How problems in command-line overrides are located when the caller does not say: {@code --set}. */
  public static final String SET = "--set";

  private final Config defaults;

  private ScenarioLoader(Config defaults, String file, String overrideOrigin) {
    super(file, overrideOrigin);
    this.defaults = defaults;
  }

  /** Loads and validates {@code path}; {@code overrides} are {@code key=value} pairs from the command line. */
  public static Scenario load(File path, List<String> overrides, Config defaults) throws ScenarioException {
    return load(path, overrides, defaults, SET);
  }

  /**
   * As {@link #load(File, List, Config)}, with problems in the overrides located at
   * {@code originLabel} (the option they came from, e.g. {@code --vary}) instead of {@code --set}.
   */
  public static Scenario load(File path, List<String> overrides, Config defaults, String originLabel)
      throws ScenarioException {
    if (originLabel == null || originLabel.isBlank() || originLabel.contains(" "))
      throw new IllegalArgumentException("origin label must be one word, e.g. --set: '" + originLabel + "'");
    return new ScenarioLoader(defaults, path.getPath(), originLabel).read(path, overrides);
  }

  public static Scenario load(File path, Config defaults) throws ScenarioException {
    return load(path, List.of(), defaults);
  }

  private Scenario read(File path, List<String> overrides) throws ScenarioException {
    if (!path.isFile()) {
      throw new ScenarioException(List.of(new Problem(file, 0, null,
          path.exists() ? "not a file" : "no such file")));
    }
    Config raw;
    try {
      raw = ConfigFactory.parseFile(path, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ScenarioException(List.of(fromConfigException(e)));
    }
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        problems.add(new Problem(overrideOrigin, 0, o, "expected key=value, e.g. cluster.live-migration.simultaneous=1"));
        continue;
      }
      try {
        Config one = ConfigFactory.parseString(o, ConfigParseOptions.defaults().setOriginDescription(overrideOrigin + " " + o));
        raw = one.withFallback(raw);
      } catch (ConfigException e) {
        problems.add(new Problem(overrideOrigin, 0, o.substring(0, eq), "cannot read the value: " + e.getMessage()));
      }
    }
    Config c;
    try {
      c = raw.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    } catch (ConfigException e) {
      problems.add(fromConfigException(e));
      throw new ScenarioException(problems);
    }
    Scenario s = validate(c.root(), baseName(path));
    if (!problems.isEmpty()) {
      Collections.sort(problems);
      throw new ScenarioException(problems);
    }
    return s;
  }

  private Problem fromConfigException(ConfigException e) {
    ConfigOrigin o = e.origin();
    String msg = e.getMessage();
    // Typesafe Config prefixes its messages with "file: line: "; keep only the reason.
    String reason = msg.replaceFirst("^.*?: \\d+: ", "");
    if (e instanceof ConfigException.UnresolvedSubstitution) {
      reason = reason.replaceFirst("^Could not resolve substitution to a value: (.*)$",
          "$1 refers to nothing; a substitution must name a key of this file, e.g. \\${templates.NAME}");
    } else if (e instanceof ConfigException.Parse) {
      // Typesafe Config calls a missing '}' a "close parentheses ')'" and suggests renaming the
      // file to .properties; neither helps here.
      reason = "syntax error: " + reason.replace("a close parentheses ')'", "a close brace '}'")
          .replace(", or you may be able to rename the file .properties rather than .conf", "");
    }
    String where = o == null || o.filename() == null ? file : o.filename();
    if (isOverride(o)) where = overrideOrigin;
    return new Problem(where.equals(new File(file).getAbsolutePath()) ? file : relative(where), o == null ? 0 : Math.max(0, o.lineNumber()), null, reason);
  }


  private String relative(String where) {
    File f = new File(where);
    File mine = new File(file);
    return f.getAbsoluteFile().equals(mine.getAbsoluteFile()) ? file : where;
  }

  private static String baseName(File f) {
    String n = f.getName();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  // ------------------------------------------------------------------ the scenario

  private Scenario validate(ConfigObject root, String defaultName) {
    unknownKeys(root, "", TOP);
    String name = optString(root, "", "name", defaultName);
    long seed = root.containsKey("seed") ? longValue(root.get("seed"), "seed", Long.MIN_VALUE) : 1L;

    List<HostSpec> hosts = hosts(root);
    Map<String, HostSpec> hostsByName = new LinkedHashMap<>();
    for (HostSpec h : hosts) hostsByName.put(h.name(), h);
    Set<String> networks = new TreeSet<>();
    for (HostSpec h : hosts) {
      for (NicSpec n : h.nics()) if (n.network() != null) networks.add(n.network());
      for (TeamSpec t : h.teams()) if (t.network() != null) networks.add(t.network());
    }
    List<VmSpec> vms = vms(root, hostsByName);

    LiveMigrationSettings base = liveMigration(objectOrEmpty(root, "cluster", CLUSTER),
        "cluster.live-migration", defaultsLiveMigration(), networks);
    Specs.ClusterSettings cluster = clusterSettings(root, hostsByName);
    List<Step> steps = steps(root, base, cluster.placement(), vms, hostsByName, networks);
    List<Expectation> expectations = expectations(root, steps);
    List<Specs.Event> events = events(root, hostsByName, vms);
    checkRdma(base, steps, hosts);
    return new Scenario(file, name, seed, List.copyOf(hosts), List.copyOf(vms), base, cluster, List.copyOf(steps),
        List.copyOf(events), List.copyOf(expectations));
  }

  private Specs.ClusterSettings clusterSettings(ConfigObject root, Map<String, HostSpec> hosts) {
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
    if (c.containsKey("max-concurrent")) maxConcurrent = (int) longValue(c.get("max-concurrent"), "cluster.max-concurrent", 0);
    if (c.containsKey("boot-time")) boot = Math.max(0, durationOf(c.get("boot-time"), "cluster.boot-time"));
    return new Specs.ClusterSettings(placement, maxConcurrent, boot);
  }

  private Specs.Placement placement(ConfigObject o, String key, Specs.Placement base, Map<String, HostSpec> hosts) {
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
        "expected a list of host names, e.g. [hv2, hv3]", t -> "no host named '" + t + "'; allowed: " + hosts.keySet());
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
        d.getDuration("retry-delay").toNanos(), d.getString("policy"));
  }

  /** {@code smb-direct} needs an RDMA NIC on a listed live-migration network of every host that migrates. */
  private void checkRdma(LiveMigrationSettings base, List<Step> steps, List<HostSpec> hosts) {
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

  // ------------------------------------------------------------------ events

  private List<Specs.Event> events(ConfigObject root, Map<String, HostSpec> hosts, List<VmSpec> vms) {
    List<Specs.Event> out = new ArrayList<>();
    ConfigList list = optionalList(root, "", "events");
    if (list == null) return out;
    for (int i = 0; i < list.size(); i++) {
      String key = "events[" + i + "]";
      ConfigObject e = asObject(list.get(i), key);
      if (e == null) continue;
      int line = e.origin().lineNumber();
      Set<String> kinds = new TreeSet<>(e.keySet());
      kinds.remove("at");
      if (!e.containsKey("at")) problem(e, key + ".at", "missing; give the simulated instant, e.g. at = 30 s");
      long at = e.containsKey("at") ? durationOf(e.get("at"), key + ".at") : -1;
      if (kinds.size() != 1 || !EVENT_KINDS.contains(kinds.iterator().next())) {
        problem(e, key, "an event is { at = 30 s, K {...} } with K one of " + new TreeSet<>(EVENT_KINDS) + "; found keys " + kinds);
        continue;
      }
      String kind = kinds.iterator().next();
      ConfigObject body = asObject(e.get(kind), key + "." + kind);
      if (body == null) continue;
      key = key + "." + kind;
      // One branch per event kind; NIC events below.
      if (kind.equals("storm")) {
        Specs.StormEvent st = storm(body, key, at, line, vms);
        if (st != null) out.add(st);
        continue;
      }
      if (kind.startsWith("host-")) {
        unknownKeys(body, key, keys("host"));
        String host = requiredString(body, key, "host");
        if (host != null && !hosts.containsKey(host))
          problem(body.get("host"), key + ".host", "no host named '" + host + "'; allowed: " + hosts.keySet());
        else if (host != null && at >= 0) out.add(new Specs.HostEvent(line, at, host, kind.equals("host-up")));
        continue;
      }
      unknownKeys(body, key, keys("host", "nic"));
      String host = requiredString(body, key, "host");
      String nic = requiredString(body, key, "nic");
      HostSpec h = host == null ? null : hosts.get(host);
      if (host != null && h == null) problem(body.get("host"), key + ".host", "no host named '" + host + "'; allowed: " + hosts.keySet());
      if (h != null && nic != null && h.nic(nic) == null) {
        List<String> names = new ArrayList<>();
        for (NicSpec n : h.nics()) names.add(n.name());
        problem(body.get("nic"), key + ".nic", "host " + host + " has no NIC named '" + nic + "'; allowed: " + names);
      }
      if (h != null && nic != null && h.nic(nic) != null && at >= 0)
        out.add(new Specs.NicEvent(line, at, host, nic, kind.equals("nic-up")));
    }
    return out;
  }

  /** {@code storm { vm, until, writes-per-second, working-set }}: uniform writes on top of the VM's workload. */
  private Specs.StormEvent storm(ConfigObject body, String key, long at, int line, List<VmSpec> vms) {
    unknownKeys(body, key, keys("vm", "until", "writes-per-second", "working-set"));
    String vm = requiredString(body, key, "vm");
    VmSpec spec = null;
    for (VmSpec v : vms) if (v.name().equals(vm)) spec = v;
    List<String> names = new ArrayList<>();
    for (VmSpec v : vms) names.add(v.name());
    if (vm != null && spec == null) problem(body.get("vm"), key + ".vm", "no VM named '" + vm + "'; allowed: " + new TreeSet<>(names));
    long until = -1;
    if (!body.containsKey("until")) {
      problem(body, key + ".until", "missing; give the instant the storm ends, e.g. until = 60 s");
    } else {
      until = durationOf(body.get("until"), key + ".until");
      if (until >= 0 && at >= 0 && until <= at)
        problem(body.get("until"), key + ".until", "the storm must end after it starts (at = " + at / 1e9 + " s); allowed: an instant after at");
    }
    double rate = nonNegative(body, key, "writes-per-second");
    long pageSize = defaults.getBytes("livemig.memory.page-size");
    long memory = spec == null ? 0 : spec.memoryBytes();
    long ws = workingSet(body, key, memory, pageSize, body);
    if (spec == null || until < 0 || at < 0 || until <= at) return null;
    return new Specs.StormEvent(line, at, vm, until, new Workload.Uniform(rate, 0, ws < 0 ? memory / pageSize : ws));
  }

  // ------------------------------------------------------------------ hosts, NICs, teams

  private List<HostSpec> hosts(ConfigObject root) {
    List<HostSpec> out = new ArrayList<>();
    List<ConfigValue> list = new ArrayList<>();
    if (!root.containsKey("host-groups")) {
      ConfigList given = requiredList(root, "", "hosts");
      if (given == null) return out;
      list.addAll(given);
    } else {
      ConfigList given = optionalList(root, "", "hosts");
      if (given != null) list.addAll(given);
      list.addAll(expandGroups(root, "host-groups", null));
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigObject h = asObject(list.get(i), "hosts[" + i + "]");
      if (h == null) continue;
      String key = "hosts[" + i + "]";
      String name = requiredName(h, key);
      if (name != null) {
        key = "hosts[" + name + "]";
        if (!names.add(name)) problem(h.get("name"), key + ".name", "host name '" + name + "' is used twice; host names must be unique");
      }
      unknownKeys(h, key, HOST);
      long memory = requiredBytes(h, key, "memory");
      int cores = h.containsKey("cores") ? (int) longValue(h.get("cores"), key + ".cores", 1) : 0;
      List<NicSpec> nics = nics(h, key);
      List<TeamSpec> teams = teams(h, key, nics);
      if (name != null) out.add(new HostSpec(name, memory, cores, List.copyOf(nics), List.copyOf(teams)));
    }
    return out;
  }

  private List<NicSpec> nics(ConfigObject host, String hostKey) {
    List<NicSpec> out = new ArrayList<>();
    ConfigList list = optionalList(host, hostKey, "nics");
    if (list == null) return out;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String key = hostKey + ".nics[" + i + "]";
      ConfigObject n = asObject(list.get(i), key);
      if (n == null) continue;
      String name = requiredName(n, key);
      if (name != null) {
        key = hostKey + ".nics[" + name + "]";
        if (!names.add(name)) problem(n.get("name"), key + ".name", "NIC name '" + name + "' is used twice on this host; NIC names must be unique per host");
      }
      unknownKeys(n, key, NIC);
      double speed = requiredBandwidth(n, key, "speed");
      boolean enabled = optBoolean(n, key, "enabled", true);
      Rdma rdma = Rdma.NONE;
      if (n.containsKey("rdma")) {
        ConfigValue v = n.get("rdma");
        String s = String.valueOf(v.unwrapped());
        rdma = Rdma.parse(s);
        if (rdma == null) {
          problem(v, key + ".rdma", "'" + s + "' is not an RDMA kind; allowed: none, iwarp, roce");
          rdma = Rdma.NONE;
        }
      }
      String network = optString(n, key, "network", null);
      if (name != null) out.add(new NicSpec(name, speed, enabled, rdma, network));
    }
    return out;
  }

  private List<TeamSpec> teams(ConfigObject host, String hostKey, List<NicSpec> nics) {
    List<TeamSpec> out = new ArrayList<>();
    ConfigList list = optionalList(host, hostKey, "teams");
    if (list == null) return out;
    Map<String, NicSpec> byName = new HashMap<>();
    for (NicSpec n : nics) byName.put(n.name(), n);
    Set<String> enabled = new TreeSet<>();
    for (NicSpec n : nics) if (n.enabled()) enabled.add(n.name());
    Set<String> names = new HashSet<>();
    Map<String, String> teamed = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String key = hostKey + ".teams[" + i + "]";
      ConfigObject t = asObject(list.get(i), key);
      if (t == null) continue;
      String name = requiredName(t, key);
      if (name != null) {
        key = hostKey + ".teams[" + name + "]";
        if (!names.add(name) || byName.containsKey(name))
          problem(t.get("name"), key + ".name", "name '" + name + "' is used twice on this host; team and NIC names must be unique");
      }
      unknownKeys(t, key, TEAM);
      String label = name != null ? name : "#" + i;
      List<String> members = new ArrayList<>();
      ConfigList ms = requiredList(t, key, "members");
      if (ms != null) {
        if (ms.isEmpty()) problem(ms, key + ".members", "a team needs at least one member NIC");
        for (ConfigValue mv : ms) {
          String m = String.valueOf(mv.unwrapped());
          NicSpec nic = byName.get(m);
          if (nic == null) {
            problem(mv, key + ".members", "no NIC named '" + m + "' on this host; allowed: its enabled NICs " + enabled);
          } else if (!nic.enabled()) {
            problem(mv, key + ".members", "NIC '" + m + "' is disabled; a team can only be made of enabled NICs; allowed: " + enabled);
          } else if (teamed.containsKey(m)) {
            problem(mv, key + ".members", teamed.get(m).equals(label) ? "NIC '" + m + "' is listed twice in this team"
                : "NIC '" + m + "' is already in team '" + teamed.get(m) + "'; a NIC can be in one team only");
          } else if (nic.network() != null) {
            problem(mv, key + ".members", "NIC '" + m + "' names its own network; a team member takes the team's network");
          }
          if (nic != null && nic.enabled()) teamed.putIfAbsent(m, label);
          members.add(m);
        }
      }
      String network = requiredString(t, key, "network");
      if (name != null) out.add(new TeamSpec(name, List.copyOf(members), network));
    }
    return out;
  }

  // ------------------------------------------------------------------ VMs and workloads

  private List<VmSpec> vms(ConfigObject root, Map<String, HostSpec> hosts) {
    List<VmSpec> out = new ArrayList<>();
    List<ConfigValue> list = new ArrayList<>();
    ConfigList given = optionalList(root, "", "vms");
    if (given != null) list.addAll(given);
    list.addAll(expandGroups(root, "vm-groups", hosts));
    if (list.isEmpty()) return out;
    Set<String> names = new HashSet<>();
    Map<String, Long> used = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String key = "vms[" + i + "]";
      ConfigObject v = asObject(list.get(i), key);
      if (v == null) continue;
      String name = requiredName(v, key);
      if (name != null) {
        key = "vms[" + name + "]";
        if (!names.add(name)) problem(v.get("name"), key + ".name", "VM name '" + name + "' is used twice; VM names must be unique");
      }
      unknownKeys(v, key, VM);
      String host = requiredString(v, key, "host");
      HostSpec h = host == null ? null : hosts.get(host);
      if (host != null && h == null)
        problem(v.get("host"), key + ".host", "no host named '" + host + "'; allowed: " + hosts.keySet());
      long memory = requiredBytes(v, key, "memory");
      if (h != null && memory > 0) {
        if (memory > h.memoryBytes()) {
          problem(v.get("memory"), key + ".memory", "the VM (" + gib(memory) + ") is larger than its host " + host
              + " (" + gib(h.memoryBytes()) + ")");
        } else {
          long total = used.merge(host, memory, Long::sum);
          if (total > h.memoryBytes())
            problem(v.get("memory"), key + ".memory", "the VMs on " + host + " need " + gib(total) + ", more than its "
                + gib(h.memoryBytes()));
        }
      }
      String[] workloadName = {"idle"};
      workloadSite = v.get("workload");
      Workload w = workload(v, key, memory, workloadName);
      workloadSite = null;
      workloadPreset = null;
      Specs.CpuProfile cpu = cpuProfile(v, key);
      Specs.ContentMix content = contentMix(v.containsKey("content") ? v.get("content") : null, key + ".content");
      Specs.Priority priority = Specs.Priority.NORMAL;
      if (v.containsKey("priority")) {
        String ps = String.valueOf(v.get("priority").unwrapped());
        priority = Specs.Priority.parse(ps);
        if (priority == null) {
          problem(v.get("priority"), key + ".priority", "'" + ps + "' is not a priority; allowed: high, normal, low");
          priority = Specs.Priority.NORMAL;
        }
      }
      if (name != null) out.add(new VmSpec(name, host, memory, workloadName[0], w, cpu, content, priority));
    }
    return out;
  }

  private Workload workload(ConfigObject vm, String vmKey, long memory, String[] nameOut) {
    String key = vmKey + ".workload";
    if (!vm.containsKey("workload")) return new Workload.Idle();
    return workloadValue(vm.get("workload"), key, memory, nameOut);
  }

  /** A workload: a preset's name, a block { model = ..., ... }, or a block { preset = ..., overrides }. */
  private Workload workloadValue(ConfigValue v, String key, long memory, String[] nameOut) {
    ConfigObject presets = defaults.getObject("livemig.workloads");
    ConfigObject spec;
    if (v.valueType() == ConfigValueType.STRING) {
      String p = (String) v.unwrapped();
      if (!presets.containsKey(p)) {
        problem(v, key, "no workload preset '" + p + "'; allowed: " + new TreeSet<>(presets.keySet())
            + ", or a block { model = " + String.join("|", MODELS) + ", ... }");
        return new Workload.Idle();
      }
      nameOut[0] = p;
      workloadPreset = p;
      spec = (ConfigObject) presets.get(p);
      return workloadFrom(spec, key, memory, v);
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      problem(v, key, "expected a preset name or a block { model = ..., ... }");
      return new Workload.Idle();
    }
    spec = (ConfigObject) v;
    if (spec.containsKey("preset")) {
      String p = String.valueOf(spec.get("preset").unwrapped());
      if (!presets.containsKey(p)) {
        problem(spec.get("preset"), key + ".preset", "no workload preset '" + p + "'; allowed: " + new TreeSet<>(presets.keySet()));
        return new Workload.Idle();
      }
      nameOut[0] = p;
      workloadPreset = p;
      spec = spec.withoutKey("preset").withFallback(presets.get(p)).toConfig().root();
    } else {
      nameOut[0] = "custom";
    }
    return workloadFrom(spec, key, memory, v);
  }

  private Workload workloadFrom(ConfigObject spec, String key, long memory, ConfigValue at) {
    String model = spec.containsKey("model") ? String.valueOf(spec.get("model").unwrapped()) : null;
    if (model == null) {
      problem(at, key + ".model", "missing; allowed: " + String.join(", ", MODELS));
      return new Workload.Idle();
    }
    long pageSize = defaults.getBytes("livemig.memory.page-size");
    long pages = memory / pageSize;
    switch (model) {
      case "idle" -> {
        unknownKeys(spec, key, keys("model"));
        return new Workload.Idle();
      }
      case "uniform" -> {
        unknownKeys(spec, key, keys("model", "writes-per-second", "working-set"));
        double rate = nonNegative(spec, key, "writes-per-second");
        long ws = workingSet(spec, key, memory, pageSize, at);
        return new Workload.Uniform(rate, 0, ws < 0 ? pages : ws);
      }
      case "sequential" -> {
        unknownKeys(spec, key, keys("model", "pages-per-second", "working-set"));
        double rate = nonNegative(spec, key, "pages-per-second");
        long ws = workingSet(spec, key, memory, pageSize, at);
        return new Workload.Sequential(rate, 0, ws < 0 ? pages : ws);
      }
      case "hot-cold" -> {
        unknownKeys(spec, key, keys("model", "writes-per-second", "working-set", "hot-fraction", "hot-share"));
        double rate = nonNegative(spec, key, "writes-per-second");
        long ws = workingSet(spec, key, memory, pageSize, at);
        double fraction = fraction(spec, key, "hot-fraction");
        double share = fraction(spec, key, "hot-share");
        return new Workload.HotCold(rate, 0, ws < 0 ? pages : ws, fraction, share);
      }
      case "phased" -> {
        unknownKeys(spec, key, keys("model", "phases"));
        return phased(spec, key, memory);
      }
      case "trace" -> {
        unknownKeys(spec, key, keys("model", "file", "working-set"));
        long ws = workingSet(spec, key, memory, pageSize, at);
        return trace(spec, key, ws < 0 ? pages : ws, pageSize);
      }
      default -> {
        problem(spec.get("model"), key + ".model", "unknown model '" + model + "'; allowed: " + String.join(", ", MODELS));
        return new Workload.Idle();
      }
    }
  }

  private static final List<String> MODELS = List.of("idle", "uniform", "sequential", "hot-cold", "phased", "trace");

  /** A fraction: 0.1 or 10%, in [0, 1]. */
  private double fraction(ConfigObject o, String prefix, String k) {
    String key = join(prefix, k);
    if (!o.containsKey(k)) {
      problem(o, key, "missing; give a fraction, e.g. 10% or 0.1");
      return 0;
    }
    ConfigValue v = o.get(k);
    String t = String.valueOf(v.unwrapped()).trim();
    double d;
    try {
      d = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100 : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      problem(v, key, "'" + t + "' is not a fraction; allowed: a percentage (10%) or a number from 0 to 1");
      return 0;
    }
    if (d < 0 || d > 1) {
      problem(v, key, "'" + t + "' is out of range; allowed: 0% to 100% (0 to 1)");
      return Math.max(0, Math.min(1, d));
    }
    return d;
  }

  /** {@code phases = [ { at = 0 s, workload = sql-vmm }, { at = 60 s, workload { model = ..., ... } } ]}. */
  private Workload phased(ConfigObject spec, String key, long memory) {
    ConfigList list = requiredList(spec, key, "phases");
    if (list == null) return new Workload.Idle();
    List<Workload.Phase> phases = new ArrayList<>();
    double last = -1;
    for (int i = 0; i < list.size(); i++) {
      String pk = key + ".phases[" + i + "]";
      ConfigObject ph = asObject(list.get(i), pk);
      if (ph == null) continue;
      unknownKeys(ph, pk, keys("at", "workload"));
      long at = 0;
      if (!ph.containsKey("at")) problem(ph, pk + ".at", "missing; give when the phase starts, e.g. at = 60 s");
      else at = durationOf(ph.get("at"), pk + ".at");
      if (i == 0 && at > 0) problem(ph.get("at"), pk + ".at", "the first phase must start at 0 s");
      if (at >= 0 && at / 1e9 <= last) problem(ph.get("at"), pk + ".at", "phases must be in increasing time order");
      if (!ph.containsKey("workload")) {
        problem(ph, pk + ".workload", "missing; give a preset name or a block { model = ..., ... }");
        continue;
      }
      Workload w = workloadValue(ph.get("workload"), pk + ".workload", memory, new String[1]);
      last = Math.max(last, at / 1e9);
      phases.add(new Workload.Phase(Math.max(0, at) / 1e9, w));
    }
    if (list.isEmpty()) problem(list, key + ".phases", "a phased workload needs at least one phase");
    return new Workload.Phased(List.copyOf(phases));
  }

  /** Units a trace's header may give its two columns. */
  private static final List<String> TRACE_TIME_UNITS = List.of("seconds", "ms");
  private static final List<String> TRACE_RATE_UNITS = List.of("pages-per-second", "writes-per-second", "MiB-per-second",
      "MB-per-second");

  /**
   * A CSV of simulated time and dirtying rate, as a measurement tool would export it: a header naming
   * the units ({@code seconds,pages-per-second}; time in seconds or ms; rate in pages-per-second,
   * writes-per-second, MiB-per-second or MB-per-second), then one row per change of rate, in time
   * order; '#' starts a comment. The path is relative to the scenario file.
   */
  private Workload trace(ConfigObject spec, String key, long workingSetPages, long pageSize) {
    String given = requiredString(spec, key, "file");
    if (given == null) return new Workload.Idle();
    File dir = new File(file).getParentFile();
    File f = new File(given).isAbsolute() || dir == null ? new File(given) : new File(dir, given);
    String where = f.getPath();
    if (!f.isFile()) {
      problem(spec.get("file"), key + ".file", "no such file: " + where + " (a path relative to the scenario file)");
      return new Workload.Idle();
    }
    List<String> lines;
    try {
      lines = java.nio.file.Files.readAllLines(f.toPath(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      problem(spec.get("file"), key + ".file", "cannot read " + where + ": " + e.getMessage());
      return new Workload.Idle();
    }
    List<Double> times = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    double timeScale = 0;
    double rateScale = 0;
    int before = problems.size();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) line = line.substring(0, hash);
      line = line.trim();
      if (line.isEmpty()) continue;
      String[] cells = line.split("\\s*[,;\\t]\\s*");
      if (timeScale == 0) {
        String units = "allowed: a header " + TRACE_TIME_UNITS + "," + TRACE_RATE_UNITS + ", e.g. seconds,pages-per-second";
        if (cells.length != 2 || !TRACE_TIME_UNITS.contains(cells[0]) || !TRACE_RATE_UNITS.contains(cells[1])) {
          problems.add(new Problem(where, i + 1, key + ".file", "the header '" + line + "' does not name the units; " + units));
          return new Workload.Idle();
        }
        timeScale = cells[0].equals("ms") ? 1e-3 : 1;
        rateScale = switch (cells[1]) {
          case "MiB-per-second" -> (double) (1L << 20) / pageSize;
          case "MB-per-second" -> 1e6 / pageSize;
          default -> 1;
        };
        continue;
      }
      if (cells.length != 2) {
        problems.add(new Problem(where, i + 1, key + ".file", "expected two values, time and rate; found '" + line + "'"));
        continue;
      }
      double t;
      double r;
      try {
        t = Double.parseDouble(cells[0]);
        r = Double.parseDouble(cells[1]);
      } catch (NumberFormatException e) {
        problems.add(new Problem(where, i + 1, key + ".file", "'" + line + "' is not two numbers; give numbers in the "
            + "header's units, without their names (e.g. 12.5,3000)"));
        continue;
      }
      if (t < 0 || r < 0 || Double.isNaN(t) || Double.isNaN(r) || Double.isInfinite(t) || Double.isInfinite(r)) {
        problems.add(new Problem(where, i + 1, key + ".file", "'" + line + "': time and rate must not be negative"));
        continue;
      }
      if (!times.isEmpty() && t * timeScale <= times.get(times.size() - 1)) {
        problems.add(new Problem(where, i + 1, key + ".file", "time " + cells[0] + " is not after the row before; rows must be in increasing time order"));
        continue;
      }
      times.add(t * timeScale);
      rates.add(r * rateScale);
    }
    if (timeScale == 0) problems.add(new Problem(where, 0, key + ".file", "the trace is empty; allowed: a header seconds,pages-per-second and rows"));
    else if (times.isEmpty() && problems.size() == before) problems.add(new Problem(where, lines.size(), key + ".file", "the trace has a header but no rows"));
    if (problems.size() > before || times.isEmpty()) return new Workload.Idle();
    double[] ts = new double[times.size()];
    double[] rs = new double[rates.size()];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = times.get(i);
      rs[i] = rates.get(i);
    }
    return new Workload.Trace(given, ts, rs, 0, workingSetPages);
  }

  /** Pages in the working set, -1 for "all". */
  private long workingSet(ConfigObject spec, String key, long memory, long pageSize, ConfigValue at) {
    if (!spec.containsKey("working-set")) return -1;
    ConfigValue v = spec.get("working-set");
    if ("all".equals(v.unwrapped())) return -1;
    long bytes = bytesOf(v, key + ".working-set");
    if (bytes <= 0) return -1;
    if (memory > 0 && bytes > memory) {
      problem(v, key + ".working-set", "the working set (" + gib(bytes) + ") is larger than the VM's memory (" + gib(memory) + ")");
      return -1;
    }
    return bytes / pageSize;
  }

  /** {@code cpu = 2} (cores in use), or a schedule {@code cpu = [ { at = 0 s, cores = 2 }, { at = 60 s, cores = 10 } ]}. */
  private Specs.CpuProfile cpuProfile(ConfigObject vm, String vmKey) {
    String key = vmKey + ".cpu";
    if (!vm.containsKey("cpu")) return Specs.CpuProfile.constant(defaults.getDouble("livemig.vm.cpu"));
    ConfigValue v = vm.get("cpu");
    if (v.valueType() == ConfigValueType.NUMBER) {
      double c = ((Number) v.unwrapped()).doubleValue();
      if (c < 0) problem(v, key, "must not be negative");
      return Specs.CpuProfile.constant(Math.max(0, c));
    }
    if (v.valueType() != ConfigValueType.LIST) {
      problem(v, key, "expected cores in use (e.g. 2) or a schedule [ { at = 0 s, cores = 2 }, ... ]");
      return Specs.CpuProfile.constant(0);
    }
    List<Long> at = new ArrayList<>();
    List<Double> cores = new ArrayList<>();
    long last = -1;
    ConfigList l = (ConfigList) v;
    for (int i = 0; i < l.size(); i++) {
      ConfigObject o = asObject(l.get(i), key + "[" + i + "]");
      if (o == null) continue;
      unknownKeys(o, key + "[" + i + "]", keys("at", "cores"));
      long t = o.containsKey("at") ? durationOf(o.get("at"), key + "[" + i + "].at") : 0;
      double c = nonNegative(o, key + "[" + i + "]", "cores");
      if (t < last) problem(o, key + "[" + i + "].at", "the schedule must be in time order");
      last = Math.max(last, t);
      at.add(Math.max(0, t));
      cores.add(c);
    }
    return new Specs.CpuProfile(List.copyOf(at), List.copyOf(cores));
  }

  /** {@code content { zero = 0.2, text = 0.5, incompressible = 0.3 }}: fractions summing to 1. */
  private Specs.ContentMix contentMix(ConfigValue v, String key) {
    if (v == null) {
      Config d = defaults.getConfig("livemig.memory.content");
      return new Specs.ContentMix(d.getDouble("zero"), d.getDouble("text"), d.getDouble("incompressible"));
    }
    ConfigObject o = asObject(v, key);
    if (o == null) return Specs.ContentMix.DEFAULT;
    unknownKeys(o, key, keys("zero", "text", "incompressible"));
    double z = nonNegative(o, key, "zero");
    double t = nonNegative(o, key, "text");
    double i = nonNegative(o, key, "incompressible");
    if (Math.abs(z + t + i - 1) > 1e-6) problem(o, key, "the fractions sum to " + (z + t + i) + "; they must sum to 1");
    return new Specs.ContentMix(z, t, i);
  }

  // ------------------------------------------------------------------ live-migration settings

  private LiveMigrationSettings liveMigration(ConfigObject o, String key, LiveMigrationSettings base, Set<String> networks) {
    if (o == null) return base;
    unknownKeys(o, key, LIVE_MIGRATION);
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
    int simultaneous = o.containsKey("simultaneous") ? (int) longValue(o.get("simultaneous"), key + ".simultaneous", 1) : base.simultaneous();
    int maxPasses = o.containsKey("max-passes") ? (int) longValue(o.get("max-passes"), key + ".max-passes", 1) : base.maxPasses();
    double limit = o.containsKey("smb-bandwidth-limit")
        ? bandwidthOf(o.get("smb-bandwidth-limit"), key + ".smb-bandwidth-limit", true) : base.smbLimitBps();
    int retries = o.containsKey("retries") ? (int) longValue(o.get("retries"), key + ".retries", 0) : base.retries();
    long retryDelay = base.retryDelayNanos();
    if (o.containsKey("retry-delay")) {
      long d = durationOf(o.get("retry-delay"), key + ".retry-delay");
      if (d >= 0) retryDelay = d;
    }
    String policy = base.policy();
    if (o.containsKey("policy")) {
      ConfigValue v = o.get("policy");
      String given = String.valueOf(v.unwrapped());
      if (dev.livemig.migration.ConvergencePolicy.NAMES.contains(given)) policy = given;
      else problem(v, key + ".policy", "'" + given + "' is not a convergence policy; allowed: "
          + String.join(", ", dev.livemig.migration.ConvergencePolicy.NAMES));
    }
    return new LiveMigrationSettings(option, nets, Math.max(1, simultaneous), Math.max(1, maxPasses), limit,
        Math.max(0, retries), retryDelay, policy);
  }

  // ------------------------------------------------------------------ groups

  /**
   * {@code host-groups = [ { count = 200, name = "hv%03d", template = {...} } ]} and
   * {@code vm-groups = [ { per-host = 30, hosts = [...] (default: all), name = "%s-vm%02d", template = {...} } ]}:
   * a large cluster in a few lines. Names are formatted with the index (from 1), and for VMs with
   * the host's name first. The generated entries are checked like any other, at the group's line.
   */
  private List<ConfigValue> expandGroups(ConfigObject root, String k, Map<String, HostSpec> hosts) {
    List<ConfigValue> out = new ArrayList<>();
    ConfigList groups = optionalList(root, "", k);
    if (groups == null) return out;
    for (int g = 0; g < groups.size(); g++) {
      String key = k + "[" + g + "]";
      ConfigObject o = asObject(groups.get(g), key);
      if (o == null) continue;
      boolean vms = hosts != null;
      unknownKeys(o, key, vms ? keys("per-host", "hosts", "name", "template") : keys("count", "name", "template"));
      String pattern = requiredString(o, key, "name");
      ConfigObject template = o.containsKey("template") ? asObject(o.get("template"), key + ".template") : null;
      if (template == null) {
        if (!o.containsKey("template")) problem(o, key + ".template", "missing; give the block every generated entry copies");
        continue;
      }
      if (pattern == null) continue;
      String countKey = vms ? "per-host" : "count";
      if (!o.containsKey(countKey)) {
        problem(o, key + "." + countKey, "missing; give how many to generate");
        continue;
      }
      long count = longValue(o.get(countKey), key + "." + countKey, 1);
      if (count > 1_000_000) {
        problem(o.get(countKey), key + "." + countKey, "at most 1,000,000");
        continue;
      }
      List<String> on = new ArrayList<>();
      if (vms) {
        if (o.containsKey("hosts")) {
          ConfigValue hv = o.get("hosts");
          if (hv.valueType() != ConfigValueType.LIST) problem(hv, key + ".hosts", "expected a list of host names");
          else for (ConfigValue e : (ConfigList) hv) {
            String h = String.valueOf(e.unwrapped());
            if (!hosts.containsKey(h)) problem(e, key + ".hosts", "no host named '" + h + "'");
            else on.add(h);
          }
        } else {
          on.addAll(hosts.keySet());
        }
      } else {
        on.add(null);
      }
      for (String h : on) {
        for (long i = 1; i <= count; i++) {
          String name;
          try {
            name = vms ? String.format(Locale.ROOT, pattern, h, i) : String.format(Locale.ROOT, pattern, i);
          } catch (java.util.IllegalFormatException x) {
            problem(o.get("name"), key + ".name", "'" + pattern + "' is not a name pattern; e.g. " + (vms ? "\"%s-vm%02d\" (host, index)" : "\"hv%03d\""));
            return out;
          }
          ConfigObject entry = template.withValue("name", ConfigValueFactory.fromAnyRef(name, o.origin().description()));
          if (vms) entry = entry.withValue("host", ConfigValueFactory.fromAnyRef(h, o.origin().description()));
          out.add(entry);
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ steps and expectations

  private List<Step> steps(ConfigObject root, LiveMigrationSettings base, Specs.Placement placement, List<VmSpec> vms,
      Map<String, HostSpec> hosts, Set<String> networks) {
    List<Step> out = new ArrayList<>();
    ConfigList list = optionalList(root, "", "steps");
    if (list == null) return out;
    Map<String, String> where = new HashMap<>();
    for (VmSpec v : vms) where.put(v.name(), v.host());
    Set<String> moved = new HashSet<>(); // VMs a drain moved: where they are is known only at run time
    Set<String> inMaintenance = new HashSet<>(); // hosts a drain step left in maintenance
    Set<String> measures = new HashSet<>();
    LiveMigrationSettings current = base;
    for (int i = 0; i < list.size(); i++) {
      String key = "steps[" + i + "]";
      ConfigObject s = asObject(list.get(i), key);
      if (s == null) continue;
      int line = s.origin().lineNumber();
      if (s.size() != 1 || !STEP_KINDS.contains(s.keySet().iterator().next())) {
        problem(s, key, "a step is one of " + new TreeSet<>(STEP_KINDS) + " with its block, e.g. { migrate {...} }; found keys "
            + new TreeSet<>(s.keySet()));
        continue;
      }
      String kind = s.keySet().iterator().next();
      ConfigObject body = asObject(s.get(kind), key + "." + kind);
      if (body == null) continue;
      key = key + "." + kind;
      switch (kind) {
        case "configure" -> {
          current = liveMigration(body, key, current, networks);
          out.add(new Configure(line, current));
        }
        case "migrate" -> {
          unknownKeys(body, key, MIGRATE);
          String vm = requiredString(body, key, "vm");
          String to = requiredString(body, key, "to");
          String measure = optString(body, key, "measure", null);
          boolean async = optBoolean(body, key, "async", false);
          if (vm != null && !where.containsKey(vm)) problem(body.get("vm"), key + ".vm", "no VM named '" + vm + "'; allowed: " + new TreeSet<>(where.keySet()));
          if (to != null && !hosts.containsKey(to)) problem(body.get("to"), key + ".to", "no host named '" + to + "'; allowed: " + hosts.keySet());
          if (vm != null && to != null && to.equals(where.get(vm)) && !moved.contains(vm))
            problem(body.get("to"), key + ".to", "VM '" + vm + "' is already on " + to + " at this step; allowed: another host "
                + otherHosts(hosts.keySet(), to));
          if (measure != null && !measures.add(measure)) problem(body.get("measure"), key + ".measure", "measure '" + measure + "' is named twice; measure names must be unique");
          if (vm != null && to != null && where.containsKey(vm)) where.put(vm, to);
          if (vm != null && to != null) out.add(new Migrate(line, vm, to, measure, async));
        }
        case "drain", "rolling-maintenance" -> {
          boolean rolling = kind.equals("rolling-maintenance");
          unknownKeys(body, key, rolling ? keys("hosts", "patch-time", "return", "placement", "measure", "async")
              : keys("host", "placement", "measure", "async"));
          List<String> drained = new ArrayList<>();
          if (rolling) {
            ConfigList hl = requiredList(body, key, "hosts");
            if (hl != null) for (ConfigValue e : hl) {
              String h = String.valueOf(e.unwrapped());
              if (!hosts.containsKey(h)) problem(e, key + ".hosts", "no host named '" + h + "'; allowed: " + hosts.keySet());
              else if (drained.contains(h)) problem(e, key + ".hosts", "host '" + h + "' is listed twice");
              else drained.add(h);
            }
          } else {
            String h = requiredString(body, key, "host");
            if (h != null && !hosts.containsKey(h)) problem(body.get("host"), key + ".host", "no host named '" + h + "'; allowed: " + hosts.keySet());
            else if (h != null && inMaintenance.contains(h))
              problem(body.get("host"), key + ".host", "host '" + h + "' is already in maintenance (drained at an earlier step); "
                  + "add { resume { host = " + h + " } } before draining it again");
            else if (h != null) {
              drained.add(h);
              inMaintenance.add(h);
            }
          }
          if (hosts.size() < 2 && !drained.isEmpty()) problem(body, key, "a cluster of one host has nowhere to move VMs to");
          Specs.Placement pl = placement(body.containsKey("placement") ? asObject(body.get("placement"), key + ".placement") : null,
              key + ".placement", placement, hosts);
          String measure = optString(body, key, "measure", null);
          if (measure != null && !measures.add(measure)) problem(body.get("measure"), key + ".measure", "measure '" + measure + "' is named twice; measure names must be unique");
          boolean async = optBoolean(body, key, "async", false);
          for (var e : where.entrySet()) if (drained.contains(e.getValue())) moved.add(e.getKey());
          if (rolling) {
            long patch = 0;
            if (!body.containsKey("patch-time")) problem(body, key + ".patch-time", "missing; give how long a host is in maintenance, e.g. 20 minutes");
            else patch = Math.max(0, durationOf(body.get("patch-time"), key + ".patch-time"));
            boolean back = optBoolean(body, key, "return", true);
            if (!drained.isEmpty()) out.add(new Specs.RollingMaintenance(line, List.copyOf(drained), patch, back, pl, measure, async));
          } else if (!drained.isEmpty()) {
            out.add(new Specs.Drain(line, drained.get(0), pl, measure, async));
          }
        }
        case "resume" -> {
          unknownKeys(body, key, keys("host"));
          String h = requiredString(body, key, "host");
          if (h != null && !hosts.containsKey(h)) problem(body.get("host"), key + ".host", "no host named '" + h + "'; allowed: " + hosts.keySet());
          else if (h != null && !inMaintenance.remove(h))
            problem(body.get("host"), key + ".host", "host '" + h + "' is not in maintenance at this step (no drain before it)");
          else if (h != null) out.add(new Specs.Resume(line, h));
        }
        case "wait" -> {
          unknownKeys(body, key, WAIT);
          if (!body.containsKey("for")) {
            problem(body, key + ".for", "missing; give a duration (e.g. 30 s) or 'migrations' to wait until every migration has ended");
            continue;
          }
          ConfigValue f = body.get("for");
          if ("migrations".equals(f.unwrapped())) {
            out.add(new Wait(line, 0, true));
          } else {
            long ns = durationOf(f, key + ".for");
            if (ns >= 0) out.add(new Wait(line, ns, false));
          }
        }
        default -> throw new IllegalStateException(kind);
      }
    }
    return out;
  }

  private List<Expectation> expectations(ConfigObject root, List<Step> steps) {
    List<Expectation> out = new ArrayList<>();
    ConfigList list = optionalList(root, "", "expect");
    if (list == null) return out;
    Set<String> measures = new TreeSet<>();
    for (Step s : steps) {
      if (s instanceof Migrate m && m.measure() != null) measures.add(m.measure());
      if (s instanceof Specs.Drain d && d.measure() != null) measures.add(d.measure());
      if (s instanceof Specs.RollingMaintenance r && r.measure() != null) measures.add(r.measure());
    }
    for (int i = 0; i < list.size(); i++) {
      String key = "expect[" + i + "]";
      ConfigObject e = asObject(list.get(i), key);
      if (e == null) continue;
      unknownKeys(e, key, EXPECT);
      String measure = requiredString(e, key, "measure");
      if (measure != null && !measures.contains(measure))
        problem(e.get("measure"), key + ".measure", "no step measures '" + measure + "'; measured here: " + measures);
      String metric = optString(e, key, "metric", "seconds");
      if (!METRICS.contains(metric)) problem(e.get("metric"), key + ".metric", "unknown metric '" + metric + "'; allowed: " + METRICS);
      Double value = e.containsKey("value") ? metricValue(e.get("value"), key + ".value") : null;
      Double min = e.containsKey("min") ? metricValue(e.get("min"), key + ".min") : null;
      Double max = e.containsKey("max") ? metricValue(e.get("max"), key + ".max") : null;
      Double tolerance = null;
      boolean relative = false;
      if (e.containsKey("tolerance")) {
        ConfigValue t = e.get("tolerance");
        String ts = String.valueOf(t.unwrapped()).trim();
        if (ts.endsWith("%")) {
          try {
            tolerance = Double.parseDouble(ts.substring(0, ts.length() - 1).trim()) / 100;
            relative = true;
          } catch (NumberFormatException x) {
            problem(t, key + ".tolerance", "'" + ts + "' is not a tolerance; allowed: a percentage (5%) or an amount (4 s)");
          }
        } else if (t.valueType() == ConfigValueType.NUMBER) {
          tolerance = ((Number) t.unwrapped()).doubleValue();
        } else {
          try {
            tolerance = ConfigFactory.empty().withValue("x", t).getDuration("x").toNanos() / 1e9;
          } catch (ConfigException x) {
            problem(t, key + ".tolerance", "'" + ts + "' is not a tolerance; allowed: a percentage (5%) or an amount (4 s)");
          }
        }
        if (tolerance != null && tolerance < 0) problem(t, key + ".tolerance", "must not be negative");
      }
      boolean compares = e.containsKey("less-than") || e.containsKey("greater-than");
      if (value == null && min == null && max == null && !compares) {
        problem(e, key, "give value (with tolerance), min and/or max, or less-than/greater-than another measure");
      } else if (value != null && (min != null || max != null)) {
        problem(e, key, "give either value (with tolerance) or min/max, not both");
      } else if (value == null && e.containsKey("tolerance")) {
        problem(e.get("tolerance"), key + ".tolerance", "a tolerance goes with value; with min/max give no tolerance");
      } else if (value != null && tolerance == null && !e.containsKey("tolerance")) {
        problem(e, key + ".tolerance", "missing; give a percentage (5%) or an amount (4 s)");
      }
      String other = null;
      String relation = null;
      for (String rk : List.of("less-than", "greater-than")) {
        if (!e.containsKey(rk)) continue;
        if (other != null) problem(e.get(rk), key + "." + rk, "give one of less-than and greater-than");
        other = stringOf(e.get(rk), key + "." + rk);
        relation = rk.equals("less-than") ? "<" : ">";
        if (other != null && !measures.contains(other))
          problem(e.get(rk), key + "." + rk, "no step measures '" + other + "'; measured here: " + measures);
      }
      double factor = 1.0;
      if (e.containsKey("factor")) {
        if (other == null) problem(e.get("factor"), key + ".factor", "a factor goes with less-than or greater-than");
        factor = nonNegative(e, key, "factor");
      }
      if (other != null && (value != null || min != null || max != null)) {
        problem(e, key, "compare with another measure (less-than/greater-than) or give value/min/max, not both");
      }
      if (measure != null) out.add(new Expectation(e.origin().lineNumber(), measure, metric, value,
          tolerance == null ? 0.0 : tolerance, relative, min, max, other, relation, factor));
    }
    return out;
  }

  /** Seconds: a duration with its unit (78 s, 2 min) or a plain number of seconds. */
  private Double metricValue(ConfigValue v, String key) {
    if (v.valueType() == ConfigValueType.NUMBER) return ((Number) v.unwrapped()).doubleValue();
    long ns = durationOf(v, key);
    return ns < 0 ? null : ns / 1e9;
  }

}
