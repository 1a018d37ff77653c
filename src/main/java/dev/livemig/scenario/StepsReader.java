package dev.livemig.scenario;

import dev.livemig.spec.Specs;
import dev.livemig.spec.Storage;
import dev.livemig.migration.MoveRules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.livemig.spec.Specs.Configure;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.LiveMigrationSettings;
import dev.livemig.spec.Specs.Migrate;
import dev.livemig.spec.Specs.Step;
import dev.livemig.spec.Specs.VmSpec;
import dev.livemig.spec.Specs.Wait;

/**
 * The {@code steps} section: what the scenario does, in order. Each step is {@code { KIND {...} }};
 * a new kind of step is one more entry in {@link #kinds} and its method. The reader follows the
 * steps as they will run, to check what is knowable before the run: where each VM is, which hosts
 * are in maintenance, which measures are named.
 */
final class StepsReader extends ConfigReader {

  /** Reads the body of one step of a kind; null when it has a problem (already recorded). */
  private interface Kind {
    Step read(ConfigObject body, String key, int line);
  }

  private final Map<String, Kind> kinds = new LinkedHashMap<>();
  private final ClusterReader cluster;

  // What is known while the steps are read in order.
  private Map<String, HostSpec> hosts;
  private Set<String> networks;
  private Specs.Placement placement;
  private LiveMigrationSettings current;
  private final Map<String, String> where = new HashMap<>(); // VM -> host, as the steps so far left it
  private final Map<String, Set<String>> onHost = new HashMap<>(); // host -> its VMs, the inverse of where
  private final Set<String> moved = new HashSet<>(); // VMs a drain (or, with faults, a move) moved: where they are is known only at run time
  private final Set<String> inMaintenance = new HashSet<>(); // hosts a drain step left in maintenance
  private final Set<String> measures = new HashSet<>();
  /** The scenario has fault events (a host, NIC, link or site down): any move may fail, its VM staying put. */
  private boolean faults;
  /** The storage and the VMs' profiles: a move the cluster's rules refuse leaves the VM where it is (issue 13). */
  private Storage.Layout layout = Storage.Layout.EMPTY;
  private final Map<String, Storage.VmProfile> profiles = new HashMap<>();
  /** Each VM's memory: a move to a host without room for it is rejected by the run. */
  private final Map<String, Long> memory = new HashMap<>();

  /** The scenario's storage, for the rules a migrate step is checked against. */
  StepsReader withStorage(Storage.Layout layout) {
    this.layout = layout;
    return this;
  }

  StepsReader(ConfigReader shared, ClusterReader cluster) {
    super(shared);
    this.cluster = cluster;
    kinds.put("configure", this::configure);
    kinds.put("migrate", this::migrate);
    kinds.put("wait", this::waitStep);
    kinds.put("drain", (body, key, line) -> drain(body, key, line, false));
    kinds.put("rolling-maintenance", (body, key, line) -> drain(body, key, line, true));
    kinds.put("resume", this::resume);
    kinds.put("add-node", this::addNode);
  }

  private NodeAddReader nodeAdds;

  /**
   * Every measure a step names, its step valid or not: an expectation on the measure of a step
   * with a mistake is not a second problem (the step's mistake is said once).
   */
  Set<String> measures() {
    return java.util.Collections.unmodifiableSet(measures);
  }

  /**
   * Whether the scenario has fault events: then where a VM is after a migrate step is known only at
   * run time (a fault may fail the move and leave the VM on its source), as after a drain; a later
   * step may move it to the host the earlier one aimed at, and the run decides.
   */
  StepsReader withFaults(boolean faults) {
    this.faults = faults;
    return this;
  }

  /** The reader of the node-add keys, for {@code add-node} steps. */
  StepsReader withNodeAdds(NodeAddReader n) {
    this.nodeAdds = n;
    return this;
  }

  /** {@code add-node { host, test-vm, measure }} (NodeAddReader). */
  private Step addNode(ConfigObject body, String key, int line) {
    Step s = nodeAdds.addNode(body, key, line, hosts, where, moved);
    measure(body, key, optString(body, key, "measure", null));
    return s;
  }

  List<Step> steps(ConfigObject root, LiveMigrationSettings base, Specs.Placement placement, List<VmSpec> vms,
      Map<String, HostSpec> hosts, Set<String> networks) {
    List<Step> out = new ArrayList<>();
    ConfigList list = optionalList(root, "", "steps");
    if (list == null) return out;
    this.hosts = hosts;
    this.networks = networks;
    this.placement = placement;
    this.current = base;
    for (VmSpec v : vms) {
      place(v.name(), v.host());
      profiles.put(v.name(), v.profile());
      memory.put(v.name(), v.memoryBytes());
    }
    for (int i = 0; i < list.size(); i++) {
      String key = "steps[" + i + "]";
      ConfigObject s = asObject(list.get(i), key);
      if (s == null) continue;
      int line = s.origin().lineNumber();
      if (s.size() != 1 || !kinds.containsKey(s.keySet().iterator().next())) {
        problem(s, key, "a step is one of " + new TreeSet<>(kinds.keySet()) + " with its block, e.g. { migrate {...} }; found keys "
            + new TreeSet<>(s.keySet()));
        continue;
      }
      String kind = s.keySet().iterator().next();
      ConfigObject body = asObject(s.get(kind), key + "." + kind);
      if (body == null) continue;
      Step step = kinds.get(kind).read(body, key + "." + kind, line);
      if (step != null) out.add(step);
    }
    return out;
  }

  /** Whether {@code host} has room for {@code vm}, with the VMs the steps so far left on it. */
  private boolean room(String host, String vm) {
    long used = 0;
    for (String v : onHost.getOrDefault(host, Set.of())) used += memory.getOrDefault(v, 0L);
    return hosts.get(host).memoryBytes() - used >= memory.getOrDefault(vm, 0L);
  }

  private void place(String vm, String host) {
    String before = where.put(vm, host);
    if (before != null) onHost.get(before).remove(vm);
    onHost.computeIfAbsent(host, k -> new HashSet<>()).add(vm);
  }

  private Step configure(ConfigObject body, String key, int line) {
    current = cluster.liveMigration(body, key, current, networks);
    return new Configure(line, current);
  }

  private Step migrate(ConfigObject body, String key, int line) {
    unknownKeys(body, key, keys("vm", "to", "measure", "async", "kind", "force"));
    Storage.Kind kind = kind(body, key, "kind", Storage.Kind.LIVE);
    boolean force = optBoolean(body, key, "force", false);
    String vm = requiredString(body, key, "vm");
    String to = requiredString(body, key, "to");
    String measure = optString(body, key, "measure", null);
    boolean async = optBoolean(body, key, "async", false);
    if (vm != null && !where.containsKey(vm)) problem(body.get("vm"), key + ".vm", "no VM named '" + vm + "'; allowed: " + some(new TreeSet<>(where.keySet())));
    if (to != null && !hosts.containsKey(to)) problem(body.get("to"), key + ".to", "no host named '" + to + "'; allowed: " + some(hosts.keySet()));
    if (vm != null && to != null && to.equals(where.get(vm)) && !moved.contains(vm))
      problem(body.get("to"), key + ".to", "VM '" + vm + "' is already on " + to + " at this step; allowed: another host "
          + otherHosts(hosts.keySet(), to));
    measure(body, key, measure);
    boolean refused = vm != null && to != null && where.containsKey(vm) && !to.equals(where.get(vm)) && !moved.contains(vm)
        && !MoveRules.check(kind, vm, profiles.get(vm), where.get(vm), to, layout, force).allowed();
    if (vm != null && to != null && where.containsKey(vm) && !refused) {
      // A destination without room, as the steps so far left it, rejects the move at run time: where
      // the VM is then is known only at run time (the earlier moves may not all have happened).
      if (faults || !room(to, vm)) moved.add(vm);
      place(vm, to);
    }
    return vm != null && to != null ? new Migrate(line, vm, to, measure, async, kind, force) : null;
  }

  /** A measure's name must be unique in the scenario. */
  private void measure(ConfigObject body, String key, String measure) {
    if (measure != null && !measures.add(measure))
      problem(body.get("measure"), key + ".measure", "measure '" + measure + "' is named twice; measure names must be unique");
  }

  /** {@code drain { host }} or {@code rolling-maintenance { hosts, patch-time, return }}. */
  private Step drain(ConfigObject body, String key, int line, boolean rolling) {
    unknownKeys(body, key, rolling ? keys("hosts", "patch-time", "return", "placement", "measure", "async", "kind", "fallback", "force")
        : keys("host", "placement", "measure", "async", "kind", "fallback", "force"));
    Specs.DrainRules rules = drainRules(body, key);
    List<String> drained = new ArrayList<>();
    if (rolling) {
      ConfigList hl = requiredList(body, key, "hosts");
      if (hl != null) for (ConfigValue e : hl) {
        String h = String.valueOf(e.unwrapped());
        if (!hosts.containsKey(h)) problem(e, key + ".hosts", "no host named '" + h + "'; allowed: " + some(hosts.keySet()));
        else if (drained.contains(h)) problem(e, key + ".hosts", "host '" + h + "' is listed twice");
        else drained.add(h);
      }
    } else {
      String h = requiredString(body, key, "host");
      if (h != null && !hosts.containsKey(h)) problem(body.get("host"), key + ".host", "no host named '" + h + "'; allowed: " + some(hosts.keySet()));
      else if (h != null && inMaintenance.contains(h))
        problem(body.get("host"), key + ".host", "host '" + h + "' is already in maintenance (drained at an earlier step); "
            + "add { resume { host = " + h + " } } before draining it again");
      else if (h != null) {
        drained.add(h);
        inMaintenance.add(h);
      }
    }
    if (hosts.size() < 2 && !drained.isEmpty()) problem(body, key, "a cluster of one host has nowhere to move VMs to");
    Specs.Placement pl = cluster.placement(body.containsKey("placement") ? asObject(body.get("placement"), key + ".placement") : null,
        key + ".placement", placement, hosts);
    String measure = optString(body, key, "measure", null);
    measure(body, key, measure);
    boolean async = optBoolean(body, key, "async", false);
    for (String h : drained) moved.addAll(onHost.getOrDefault(h, Set.of()));
    if (rolling) {
      long patch = 0;
      if (!body.containsKey("patch-time")) problem(body, key + ".patch-time", "missing; give how long a host is in maintenance, e.g. 20 minutes");
      else patch = Math.max(0, durationOf(body.get("patch-time"), key + ".patch-time"));
      boolean back = optBoolean(body, key, "return", true);
      return drained.isEmpty() ? null : new Specs.RollingMaintenance(line, List.copyOf(drained), patch, back, pl, measure, async, rules);
    }
    return drained.isEmpty() ? null : new Specs.Drain(line, drained.get(0), pl, measure, async, rules);
  }

  /** A drain's {@code kind} (default live), {@code fallback = quick | none} (default none) and {@code force}. */
  private Specs.DrainRules drainRules(ConfigObject body, String key) {
    Storage.Kind kind = kind(body, key, "kind", Storage.Kind.LIVE);
    Storage.Kind fallback = null;
    if (body.containsKey("fallback")) {
      String f = stringOf(body.get("fallback"), key + ".fallback");
      if (f != null && !f.equals("none")) {
        fallback = Storage.Kind.parse(f);
        if (fallback != Storage.Kind.QUICK) {
          problem(body.get("fallback"), key + ".fallback", "'" + f + "' is not a drain's fallback; allowed: quick, none");
          fallback = null;
        }
      }
    }
    return new Specs.DrainRules(kind, fallback, optBoolean(body, key, "force", false));
  }

  /** A kind of move: live, quick, offline, quick-storage or shared-nothing. */
  private Storage.Kind kind(ConfigObject body, String key, String k, Storage.Kind dflt) {
    if (!body.containsKey(k)) return dflt;
    String s = stringOf(body.get(k), key + "." + k);
    if (s == null) return dflt;
    Storage.Kind kind = Storage.Kind.parse(s);
    if (kind == null) {
      problem(body.get(k), key + "." + k, "'" + s + "' is not a kind of move; allowed: " + String.join(", ", Storage.Kind.words()));
      return dflt;
    }
    return kind;
  }

  private Step resume(ConfigObject body, String key, int line) {
    unknownKeys(body, key, keys("host"));
    String h = requiredString(body, key, "host");
    if (h != null && !hosts.containsKey(h)) problem(body.get("host"), key + ".host", "no host named '" + h + "'; allowed: " + some(hosts.keySet()));
    else if (h != null && !inMaintenance.remove(h))
      problem(body.get("host"), key + ".host", "host '" + h + "' is not in maintenance at this step (no drain before it)");
    else if (h != null) return new Specs.Resume(line, h);
    return null;
  }

  private Step waitStep(ConfigObject body, String key, int line) {
    unknownKeys(body, key, keys("for"));
    if (!body.containsKey("for")) {
      problem(body, key + ".for", "missing; give a duration (e.g. 30 s) or 'migrations' to wait until every migration has ended");
      return null;
    }
    ConfigValue f = body.get("for");
    if ("migrations".equals(f.unwrapped())) return new Wait(line, 0, true);
    long ns = durationOf(f, key + ".for");
    return ns >= 0 ? new Wait(line, ns, false) : null;
  }
}
