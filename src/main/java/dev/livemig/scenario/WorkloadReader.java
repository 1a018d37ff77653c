package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.livemig.memory.Workload;

/** A VM's workload: a preset, a model block, phases or a trace file. */
final class WorkloadReader extends ConfigReader {


  /**
   * The share of the VM's vCPUs the last workload read keeps busy, as a schedule (seconds, fraction):
   * one entry, or one per phase of a phased workload. Read with {@link #cpuUse}.
   */
  private List<double[]> use = List.of();

  WorkloadReader(ConfigReader shared) {
    super(shared);
  }

  /**
   * The host cores the VM's workload (read by the last {@link #workload} call) keeps busy: its
   * {@code cpu-use}, a fraction of the VM's vCPUs (a preset's own, or livemig.vm.cpu-use), times
   * {@code vcpus}; a phased workload's, phase by phase. Its CPU use, not its allocation: an idle
   * VM of 4 vCPUs is not 4 busy cores.
   */
  dev.livemig.spec.Specs.CpuProfile cpuUse(int vcpus) {
    List<Long> at = new ArrayList<>();
    List<Double> cores = new ArrayList<>();
    for (double[] u : use) {
      at.add(Math.round(u[0] * 1e9));
      cores.add(u[1] * vcpus);
    }
    if (at.isEmpty()) return dev.livemig.spec.Specs.CpuProfile.constant(idleUse() * vcpus);
    return new dev.livemig.spec.Specs.CpuProfile(List.copyOf(at), List.copyOf(cores));
  }

  private double idleUse() {
    return defaults.getDouble("livemig.workloads.idle.cpu-use");
  }

  /**
   * A VM's {@code workload} (idle when absent); {@code nameOut[0]} receives the preset's name,
   * "custom" or stays as given. A problem in a preset's values is located where the VM names it.
   */
  Workload workload(ConfigObject vm, String vmKey, long memory, String[] nameOut) {
    String key = vmKey + ".workload";
    use = List.of(new double[] {0, idleUse()});
    if (!vm.containsKey("workload")) return new Workload.Idle();
    workloadSite = vm.get("workload");
    try {
      return workloadValue(vm.get("workload"), key, memory, nameOut);
    } finally {
      workloadSite = null;
      workloadPreset = null;
    }
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
    if (!"phased".equals(model)) {
      double u = spec.containsKey("cpu-use") ? fraction(spec, key, "cpu-use") : defaults.getDouble("livemig.vm.cpu-use");
      use = List.of(new double[] {0, u});
    }
    switch (model) {
      case "idle" -> {
        unknownKeys(spec, key, keys("model", "cpu-use"));
        return new Workload.Idle();
      }
      case "uniform" -> {
        unknownKeys(spec, key, keys("model", "writes-per-second", "working-set", "cpu-use"));
        double rate = nonNegative(spec, key, "writes-per-second");
        long ws = workingSet(spec, key, memory, pageSize, at);
        return new Workload.Uniform(rate, 0, ws < 0 ? pages : ws);
      }
      case "sequential" -> {
        unknownKeys(spec, key, keys("model", "pages-per-second", "working-set", "cpu-use"));
        double rate = nonNegative(spec, key, "pages-per-second");
        long ws = workingSet(spec, key, memory, pageSize, at);
        return new Workload.Sequential(rate, 0, ws < 0 ? pages : ws);
      }
      case "hot-cold" -> {
        unknownKeys(spec, key, keys("model", "writes-per-second", "working-set", "hot-fraction", "hot-share", "cpu-use"));
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
        unknownKeys(spec, key, keys("model", "file", "working-set", "cpu-use"));
        long ws = workingSet(spec, key, memory, pageSize, at);
        return new TraceReader(this).trace(spec, key, ws < 0 ? pages : ws, pageSize);
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
      if (!Double.isFinite(d)) throw new NumberFormatException(t);
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
    List<double[]> uses = new ArrayList<>();
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
      uses.add(new double[] {Math.max(0, at) / 1e9, use.isEmpty() ? idleUse() : use.get(0)[1]});
      last = Math.max(last, at / 1e9);
      phases.add(new Workload.Phase(Math.max(0, at) / 1e9, w));
    }
    if (list.isEmpty()) problem(list, key + ".phases", "a phased workload needs at least one phase");
    use = List.copyOf(uses);
    return new Workload.Phased(List.copyOf(phases));
  }

  /** Pages in the working set, -1 for "all". */
  long workingSet(ConfigObject spec, String key, long memory, long pageSize, ConfigValue at) {
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

}
