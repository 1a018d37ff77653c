package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.livemig.memory.Workload;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.VmSpec;

/** The {@code vms} (and {@code vm-groups}) section: VMs, their CPU use, memory content and priority. */
final class VmsReader extends ConfigReader {
  private static final Set<String> VM = NodeAddReader.with(keys("name", "host", "memory", "dynamic-memory", "workload", "cpu",
      "vcpus", "content", "priority"), NodeAddReader.VM_KEYS);

  /** Guest memory is tracked in 4 KiB pages indexed by an int (RoaringBitmap): 2^31 pages. */
  static final long MAX_VM_BYTES = 8L << 40;

  private final GroupsReader groups;
  private final WorkloadReader workloads;
  /** Each VM's block by name, for the node-add keys (NodeAddReader). */
  final Map<String, ConfigObject> raw = new java.util.LinkedHashMap<>();
  /** Reads each VM's storage, guest and role (issue 13). */
  private final StorageReader storage;
  /** livemig.memory.content and livemig.memory.idle-in-use, read once (a scenario may hold 2,000,000 VMs). */
  private Specs.ContentMix defaultContent;
  private long idleInUse = -1;

  VmsReader(ConfigReader shared, GroupsReader groups, WorkloadReader workloads, StorageReader storage) {
    super(shared);
    this.groups = groups;
    this.workloads = workloads;
    this.storage = storage;
  }

  List<VmSpec> vms(ConfigObject root, Map<String, HostSpec> hosts) {
    List<VmSpec> out = new ArrayList<>();
    ConfigList given = optionalList(root, "", "vms");
    List<GroupsReader.Generated> generated = groups.generate(root, "vm-groups", hosts);
    Set<String> names = new HashSet<>();
    Map<String, Long> used = new HashMap<>();
    int i = 0;
    if (given != null) for (ConfigValue v : given) add(out, vm(v, i++, names, used, hosts));
    for (GroupsReader.Generated g : generated) {
      if (!sameAsTemplate(g, i, out, names, used, hosts)) {
        for (int j = 0; j < g.size(); j++) add(out, vm(g.entry(j), i + j, names, used, hosts));
      }
      i += g.size();
    }
    return out;
  }

  private static void add(List<VmSpec> out, VmSpec vm) {
    if (vm != null) out.add(vm);
  }

  /**
   * A group whose entries differ only by name and host: its template is read once, as its first
   * entry (with that entry's checks against other VMs left out), and each entry gets that VM's
   * specs under its own name and host after the checks that depend on them (a valid and unique
   * name, its host, the host's memory). False, with nothing added, when the template has storage,
   * guest or role keys (read per VM, with what they say of other VMs), when the first entry has a
   * problem or an entry fails a check: the group is then read entry by entry, which says where.
   */
  private boolean sameAsTemplate(GroupsReader.Generated g, int index, List<VmSpec> out, Set<String> names,
      Map<String, Long> used, Map<String, HostSpec> hosts) {
    if (g.size() == 0) return true;
    for (String k : StorageReader.VM_KEYS) if (g.template().containsKey(k)) return false;
    int before = problems.size();
    VmSpec first = vm(g.entry(0), index, new HashSet<>(), new HashMap<>(), hosts);
    boolean clean = problems.size() == before;
    problems.subList(before, problems.size()).clear();
    if (!clean || first == null) return false;
    Set<String> added = new HashSet<>();
    Map<String, Long> taken = new HashMap<>();
    List<VmSpec> specs = new ArrayList<>(g.size());
    for (int j = 0; j < g.size(); j++) {
      VmSpec vm = entry(g.names().get(j), g.hosts().get(j), first, hosts, names, added, used, taken);
      if (vm == null) return false;
      specs.add(vm);
    }
    names.addAll(added);
    used.putAll(taken);
    for (String name : g.names()) raw.putIfAbsent(name, g.template()); // the same keys but name and host
    out.addAll(specs);
    return true;
  }

  /**
   * Entry {@code name} on {@code host} of a group read as its template {@code first}, after the
   * checks that depend on its name and host; null when one fails. (The loop's body as a method: a
   * loop run once is interpreted to its end, thousands of VMs; a method called per VM is compiled.)
   */
  private VmSpec entry(String name, String host, VmSpec first, Map<String, HostSpec> hosts, Set<String> names,
      Set<String> added, Map<String, Long> used, Map<String, Long> taken) {
    HostSpec h = hosts.get(host);
    if (!isName(name) || names.contains(name) || !added.add(name) || h == null) return null;
    long memory = first.memoryBytes();
    if (memory > 0 && h.memoryBytes() > 0) {
      if (memory > h.memoryBytes()) return null;
      Long had = taken.containsKey(host) ? taken.get(host) : used.get(host);
      long total = had == null ? memory : had + memory;
      if (total > h.memoryBytes()) return null;
      taken.put(host, total);
    }
    return new VmSpec(name, host, memory, first.workloadName(), first.workload(), first.cpu(), first.content(),
        first.priority(), first.dynamicMemory(), storage.plain(host), first.vcpus()); // the template has none of VM_KEYS (sameAsTemplate)
  }

  /** The VM of entry {@code i} ({@code vms[i]}), checked against the VMs before it; null when it has no name. */
  private VmSpec vm(ConfigValue value, int i, Set<String> names, Map<String, Long> used, Map<String, HostSpec> hosts) {
    String key = "vms[" + i + "]";
    ConfigObject v = asObject(value, key);
    if (v == null) return null;
    String name = requiredName(v, key);
    if (name != null) {
      key = "vms[" + name + "]";
      if (!names.add(name)) problem(v.get("name"), key + ".name", "VM name '" + name + "' is used twice; VM names must be unique");
    }
    if (name != null) raw.putIfAbsent(name, v);
    unknownKeys(v, key, union(VM, StorageReader.VM_KEYS));
    String host = requiredString(v, key, "host");
    HostSpec h = host == null ? null : hosts.get(host);
    if (host != null && h == null)
      problem(v.get("host"), key + ".host", "no host named '" + host + "'; allowed: " + some(hosts.keySet()));
    Specs.DynamicMemory dynamic = null;
    long memory;
    if (v.containsKey("dynamic-memory")) {
      if (v.containsKey("memory"))
        problem(v.get("memory"), key + ".memory", "give either memory (static) or dynamic-memory { ... }, not both");
      dynamic = dynamicMemory(v, key);
      memory = dynamic == null ? 0 : dynamic.assignedBytes();
    } else {
      memory = requiredBytes(v, key, "memory");
    }
    if (memory > MAX_VM_BYTES) {
      problem(v.get("memory"), key + ".memory", gib(memory) + " is too large for a VM; allowed: up to 8 TiB (2^31 pages of 4 KiB)");
      memory = 0;
    }
    // A host whose memory is already wrong (0) says nothing more about its VMs: no cascade.
    if (h != null && memory > 0 && h.memoryBytes() > 0) {
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
    Workload w = workloads.workload(v, key, memory, workloadName);
    int vcpus = v.containsKey("vcpus") ? (int) longValue(v.get("vcpus"), key + ".vcpus", 1, 2_048)
        : defaults.getInt("livemig.vm.vcpus");
    Specs.CpuProfile cpu = cpuProfile(v, key, vcpus);
    Specs.ContentMix content = contentMix(v.containsKey("content") ? v.get("content") : null, key + ".content");
    if (!v.containsKey("content") && w instanceof dev.livemig.memory.Workload.Idle) content = idleContent(content, memory);
    Specs.Priority priority = Specs.Priority.NORMAL;
    if (v.containsKey("priority")) {
      String ps = String.valueOf(v.get("priority").unwrapped());
      priority = Specs.Priority.parse(ps);
      if (priority == null) {
        problem(v.get("priority"), key + ".priority", "'" + ps + "' is not a priority; allowed: high, normal, low");
        priority = Specs.Priority.NORMAL;
      }
    }
    return name == null ? null : new VmSpec(name, host, memory, workloadName[0], w, cpu, content, priority, dynamic,
        storage.vm(v, key, name, h == null ? null : host), vcpus);
  }

  /**
   * {@code dynamic-memory { startup = 1 GiB, minimum = 512 MiB, maximum = 8 GiB, assigned = 2 GiB }}
   * (Hyper-V Dynamic Memory; {@code assigned}, what the host has given the VM now, defaults to startup):
   * minimum ≤ startup ≤ maximum and minimum ≤ assigned ≤ maximum.
   */
  private Specs.DynamicMemory dynamicMemory(ConfigObject v, String vmKey) {
    String key = vmKey + ".dynamic-memory";
    ConfigObject d = asObject(v.get("dynamic-memory"), key);
    if (d == null) return null;
    unknownKeys(d, key, keys("startup", "minimum", "maximum", "assigned"));
    long startup = requiredBytes(d, key, "startup");
    long minimum = d.containsKey("minimum") ? bytesOf(d.get("minimum"), key + ".minimum") : startup;
    long maximum = requiredBytes(d, key, "maximum");
    long assigned = d.containsKey("assigned") ? bytesOf(d.get("assigned"), key + ".assigned") : startup;
    if (startup <= 0 || minimum <= 0 || maximum <= 0 || assigned <= 0) return null;
    boolean ok = true;
    if (minimum > startup) {
      problem(d.get("minimum"), key + ".minimum", "above startup (" + gib(startup) + "); allowed: minimum ≤ startup ≤ maximum");
      ok = false;
    }
    if (startup > maximum) {
      problem(d.get("maximum"), key + ".maximum", "below startup (" + gib(startup) + "); allowed: minimum ≤ startup ≤ maximum");
      ok = false;
    }
    if (ok && (assigned < minimum || assigned > maximum)) {
      problem(d.containsKey("assigned") ? d.get("assigned") : d, key + ".assigned", gib(assigned) + " is outside "
          + gib(minimum) + " to " + gib(maximum) + "; allowed: minimum ≤ assigned ≤ maximum");
      ok = false;
    }
    return ok ? new Specs.DynamicMemory(startup, minimum, maximum, assigned) : null;
  }


  /**
   * {@code cpu = 2} (cores in use), or a schedule {@code cpu = [ { at = 0 s, cores = 2 }, { at = 60 s, cores = 10 } ]};
   * when not given, what the VM's workload uses of its {@code vcpus} (WorkloadReader.cpuUse).
   */
  private Specs.CpuProfile cpuProfile(ConfigObject vm, String vmKey, int vcpus) {
    String key = vmKey + ".cpu";
    if (!vm.containsKey("cpu")) return workloads.cpuUse(vcpus);
    ConfigValue v = vm.get("cpu");
    if (v.valueType() == ConfigValueType.NUMBER) {
      double c = ((Number) v.unwrapped()).doubleValue();
      if (c < 0 || !Double.isFinite(c)) problem(v, key, "must be a finite number ≥ 0");
      return Specs.CpuProfile.constant(Double.isFinite(c) ? Math.max(0, c) : 0);
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
  /**
   * What an idle guest's memory holds when the scenario does not say: its OS's footprint in use
   * (livemig.memory.idle-in-use), in the default mix's proportions of text and incompressible; the rest
   * zero pages, never untouched pages fewer than the default mix's zero share.
   */
  private Specs.ContentMix idleContent(Specs.ContentMix mix, long memory) {
    if (memory <= 0) return mix;
    if (idleInUse < 0) idleInUse = defaults.getBytes("livemig.memory.idle-in-use");
    double zero = Math.max(mix.zero(), 1 - idleInUse / (double) memory);
    double used = mix.text() + mix.incompressible();
    if (zero <= mix.zero() || used <= 0) return mix;
    return new Specs.ContentMix(zero, (1 - zero) * mix.text() / used, (1 - zero) * mix.incompressible() / used);
  }

  private Specs.ContentMix contentMix(ConfigValue v, String key) {
    if (v == null) {
      if (defaultContent == null) {
        Config d = defaults.getConfig("livemig.memory.content");
        defaultContent = new Specs.ContentMix(d.getDouble("zero"), d.getDouble("text"), d.getDouble("incompressible"));
      }
      return defaultContent;
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

}
