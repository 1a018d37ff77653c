package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import java.io.File;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import dev.livemig.spec.Specs.Expectation;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.LiveMigrationSettings;
import dev.livemig.spec.Specs.NicSpec;
import dev.livemig.spec.Specs.Scenario;
import dev.livemig.spec.Specs.Step;
import dev.livemig.spec.Specs.TeamSpec;
import dev.livemig.spec.Specs.VmSpec;

/**
 * Reads a scenario file (HOCON) into validated {@link Specs}. Every problem is collected with its
 * file, line and key and what is allowed; the caller gets them all at once in a
 * {@link ScenarioException}. Nothing runs unless the whole file is valid.
 */
public final class ScenarioLoader extends ConfigReader {

  /** Performance options the model carries today (see {@link ClusterReader#PERFORMANCE_OPTIONS}). */
  public static final List<String> PERFORMANCE_OPTIONS = ClusterReader.PERFORMANCE_OPTIONS;

  private static final Set<String> TOP = keys("name", "description", "seed", "hosts", "vms", "cluster", "steps",
      "events", "expect", "templates", "host-groups", "vm-groups", "livemig", "storage", "topology", "variants", "advise");

  /** How problems in command-line overrides are located when the caller does not say: {@code --set}. */
  public static final String SET = "--set";

  private ScenarioLoader(Config defaults, String file, String overrideOrigin) {
    super(file, overrideOrigin, defaults);
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
    return load(path, overrides, defaults, originLabel, null);
  }

  /**
   * As {@link #load(File, List, Config, String)}, over a calibration overlay ({@code --calibration},
   * livemig.* constants, or null): a layer between {@code defaults} and the scenario. The scenario's own
   * livemig block and the overrides win over it; the run gets it in the scenario's calibration.
   */
  public static Scenario load(File path, List<String> overrides, Config defaults, String originLabel, Config calibration)
      throws ScenarioException {
    if (originLabel == null || originLabel.isBlank() || originLabel.contains(" "))
      throw new IllegalArgumentException("origin label must be one word, e.g. --set: '" + originLabel + "'");
    ScenarioLoader loader = new ScenarioLoader(defaults, path.getPath(), originLabel);
    loader.overlay = calibration;
    return loader.read(path, overrides);
  }

  /** The calibration overlay of this load, or null. */
  private Config overlay;

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
      raw = ConfigLoader.parseScenario(path, defaults);
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
        Config one = ConfigLoader.parseOverride(o, overrideOrigin);
        raw = one.withFallback(raw);
      } catch (ConfigException e) {
        problems.add(new Problem(overrideOrigin, 0, o.substring(0, eq), "cannot read the value: " + e.getMessage()));
      } catch (ScenarioException e) {
        for (Problem p : e.problems()) problems.add(new Problem(p.file(), p.line(), o.substring(0, eq), p.message()));
      }
    }
    if (overlay != null) raw = raw.withFallback(overlay); // the overlay's constants, under the scenario's own
    Config c;
    try {
      c = ConfigLoader.resolve(raw, file);
    } catch (ConfigException e) {
      problems.add(fromConfigException(e));
      throw new ScenarioException(problems);
    }
    // The scenario's own calibration constants (livemig { ... }), checked first; when they are good,
    // the scenario is read over them (a workload preset, a VM's default CPU), and the run uses them.
    int before = problems.size();
    String calibration = new Calibration(this).scenarioBlock(c.root(), defaults);
    ScenarioLoader reader = this;
    if (calibration != null && problems.size() == before) {
      reader = new ScenarioLoader(ConfigFactory.parseString(calibration).withFallback(defaults), file, overrideOrigin);
    }
    Scenario s = reader.validate(c.root(), baseName(path));
    if (reader != this) problems.addAll(reader.problems);
    if (s != null && calibration != null) {
      s = new Scenario(s.file(), s.name(), s.seed(), s.hosts(), s.vms(), s.liveMigration(), s.cluster(), s.steps(), s.events(),
          s.expectations(), s.nodes(), s.storage(), calibration, s.topology());
    }
    GroupsReader groups = reader.groups;
    if (!problems.isEmpty()) {
      // Nothing was generated: names the groups would have made are not "unknown", nor what follows from them.
      if (groups != null && groups.refused) {
        problems.removeIf(p -> p.message().startsWith("no host named") || p.message().startsWith("no VM named")
            || p.message().startsWith("no step measures") || p.message().startsWith("no host has a NIC or team"));
      }
      throw new ScenarioException(Problems.grouped(problems));
    }
    return s;
  }

  /** The groups' reader of this load (whether it refused to generate). */
  private GroupsReader groups;

  private Problem fromConfigException(ConfigException e) {
    ConfigOrigin o = e.origin();
    String reason = ConfigLoader.reason(e);
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

  /**
   * One reader per section, all over this file's problems. The order of the reads is the order of
   * the dependencies: hosts before VMs (a VM names its host), the cluster's settings before the
   * steps (a configure step starts from them), the steps before the expectations (which name their
   * measures).
   */
  private Scenario validate(ConfigObject root, String defaultName) {
    GroupsReader groups = new GroupsReader(this);
    this.groups = groups;
    groups.checkSize(root);
    WorkloadReader workloads = new WorkloadReader(this);
    ClusterReader clusterReader = new ClusterReader(this);
    unknownKeys(root, "", TOP);
    String name = optString(root, "", "name", defaultName);
    long seed = root.containsKey("seed") ? longValue(root.get("seed"), "seed", Long.MIN_VALUE) : 1L;

    StorageReader storage = new StorageReader(this);
    HostsReader hostsReader = new HostsReader(this, groups, storage);
    List<HostSpec> hosts = hostsReader.hosts(root);
    Map<String, HostSpec> hostsByName = new LinkedHashMap<>();
    for (HostSpec h : hosts) hostsByName.put(h.name(), h);
    Set<String> networks = new TreeSet<>();
    for (HostSpec h : hosts) {
      for (NicSpec n : h.nics()) if (n.network() != null) networks.add(n.network());
      for (TeamSpec t : h.teams()) if (t.network() != null) networks.add(t.network());
    }
    storage.volumes(root);
    VmsReader vmsReader = new VmsReader(this, groups, workloads, storage);
    List<VmSpec> vms = vmsReader.vms(root, hostsByName);
    storage.pool(root);
    NodeAddReader nodeAdds = new NodeAddReader(this);
    dev.livemig.spec.NodeModel nodes = nodeAdds.model(root, hostsByName, hostsReader.raw, vmsReader.raw);
    dev.livemig.spec.TopologySpec topology = new TopologyReader(this).topology(root, hostsByName);

    LiveMigrationSettings base = clusterReader.liveMigration(root, networks);
    Specs.ClusterSettings cluster = clusterReader.clusterSettings(root, hostsByName);
    StepsReader stepsReader = new StepsReader(this, clusterReader).withNodeAdds(nodeAdds).withStorage(storage.layout())
        .withFaults(EventsReader.hasFaults(root));
    List<Step> steps = stepsReader.steps(root, base, cluster.placement(), vms, hostsByName, networks);
    List<Specs.Event> events = new EventsReader(this, workloads).topology(topology).events(root, hostsByName, vms);
    Set<String> named = new TreeSet<>(stepsReader.measures());
    for (Specs.Event ev : events) if (ev instanceof Specs.SiteEvent site && site.measure() != null) named.add(site.measure());
    List<Expectation> expectations = new ExpectationsReader(this).expectations(root, steps, named);
    clusterReader.checkRdma(base, steps, hosts);
    return new Scenario(file, name, seed, List.copyOf(hosts), List.copyOf(vms), base, cluster, List.copyOf(steps),
        List.copyOf(events), List.copyOf(expectations), nodes, storage.layout(), null, topology);
  }

}
