package dev.livemig.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.livemig.network.NetworkSettings;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.Simulator;
import dev.livemig.spec.Specs;

/**
 * Each measured move as one run of the model in the architect's cluster: the cluster scenario's hosts,
 * NICs, VMs and live-migration settings (its steps, events and expectations left out), the moved VM on
 * its source with the memory it moved, the move's performance option, and (Simultaneous) copies of it
 * between the same hosts started together. {@link #predict} runs the moves with the constants given
 * (on the shared simulator, in parallel, in this JVM) and returns what the CSV can be compared with;
 * every result is kept, so a point the search comes back to is not run again.
 */
public final class MoveModel {

  /** A move's figures in the model: seconds until the last copy ended, peak NIC Gbit/s (frames), longest blackout. */
  public record Prediction(double seconds, double nicGbps, double blackoutMs, String limitedBy, String outcome, String why) {
    public boolean completed() {
      return "completed".equals(outcome);
    }
  }

  private record Key(int move, List<Double> values) {}

  private final List<MeasuredMove> moves;
  private final List<Parameter> parameters;
  private final List<Specs.Scenario> scenarios = new ArrayList<>();
  private final Config base;
  private final Map<Key, Prediction> cache = new HashMap<>();
  private long runs;
  private LongConsumer progress = n -> { };

  /** {@code cluster}: the loaded cluster scenario (its own livemig block is the starting point). */
  public MoveModel(Specs.Scenario cluster, List<MeasuredMove> moves, List<Parameter> parameters) {
    this.moves = List.copyOf(moves);
    this.parameters = List.copyOf(parameters);
    this.base = cluster.calibration() == null ? ConfigFactory.empty() : ConfigFactory.parseString(cluster.calibration());
    for (MeasuredMove m : moves) scenarios.add(scenarioOf(cluster, m));
  }

  /** Called with the number of runs so far after each batch of runs. */
  public MoveModel onProgress(LongConsumer listener) {
    this.progress = listener;
    return this;
  }

  public List<MeasuredMove> moves() {
    return moves;
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  /** Simulated migrations run so far (each move of each point not seen before). */
  public long runs() {
    return runs;
  }

  /** The scenario of move {@code i} with the constants {@code values} (one per parameter, base units). */
  public Specs.Scenario scenario(int i, double[] values) {
    Specs.Scenario s = scenarios.get(i);
    return new Specs.Scenario(s.file(), s.name(), s.seed(), s.hosts(), s.vms(), s.liveMigration(), s.cluster(), s.steps(),
        s.events(), s.expectations(), s.nodes(), s.storage(), calibration(values), s.topology());
  }

  /** The HOCON the run lays over the configuration: the constants over the cluster's own block. */
  String calibration(double[] values) {
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < parameters.size(); j++) {
      sb.append(parameters.get(j).key()).append(" = \"").append(parameters.get(j).kind().exact(values[j])).append("\"\n");
    }
    return ConfigFactory.parseString(sb.toString()).withFallback(base).root().render(ConfigRenderOptions.concise());
  }

  /** The figures of the moves {@code which} (indexes into {@link #moves()}) with the constants {@code values}. */
  public Prediction[] predict(double[] values, int[] which) {
    List<Double> point = new ArrayList<>();
    for (double v : values) point.add(v);
    Prediction[] out = new Prediction[which.length];
    List<Integer> pending = new ArrayList<>();
    List<CompletableFuture<ScenarioRun.Outcome>> futures = new ArrayList<>();
    Simulator sim = Simulator.shared();
    for (int k = 0; k < which.length; k++) {
      Prediction p = cache.get(new Key(which[k], point));
      if (p != null) {
        out[k] = p;
        continue;
      }
      CompletableFuture<ScenarioRun.Outcome> f = new CompletableFuture<>();
      sim.submit(scenario(which[k], values), Runs.config(), ScenarioRun.Options.none(), f);
      pending.add(k);
      futures.add(f);
    }
    NetworkSettings net = pending.isEmpty() ? null
        : NetworkSettings.from(ConfigFactory.parseString(calibration(values)).withFallback(Runs.config()));
    for (int n = 0; n < pending.size(); n++) {
      int k = pending.get(n);
      ScenarioRun.Outcome o = sim.await(futures.get(n));
      if (o.kernel().failure() != null || o.report() == null || o.kernel().beyondHorizon()) {
        throw new Runs.RunFailed("the simulation of " + moves.get(which[k]).label() + " failed: " + o.kernel().failure());
      }
      Prediction p = of(o.report(), moves.get(which[k]), net);
      cache.put(new Key(which[k], point), p);
      out[k] = p;
      runs++;
    }
    if (!pending.isEmpty()) progress.accept(runs);
    return out;
  }

  /** Every move's index. */
  public int[] all() {
    int[] a = new int[moves.size()];
    Arrays.setAll(a, i -> i);
    return a;
  }

  private static Prediction of(Report r, MeasuredMove m, NetworkSettings net) {
    double seconds = 0;
    for (Report.Measure x : r.measures().values()) seconds = Math.max(seconds, x.seconds());
    double blackout = 0;
    String outcome = "completed";
    String why = null;
    String limitedBy = null;
    double efficiency = net.tcpEfficiency();
    for (MigrationRecord rec : r.migrations()) {
      blackout = Math.max(blackout, rec.downtimeMs());
      if (limitedBy == null) limitedBy = rec.limitedBy();
      if (rec.transport() != null && rec.transport().contains("smb-direct")) efficiency = net.rdmaEfficiency();
      if (!"completed".equals(rec.outcome()) && "completed".equals(outcome)) {
        outcome = rec.outcome();
        why = rec.failure();
      }
    }
    double peak = 0;
    String prefix = m.source() + "/";
    List<List<Double>> series = new ArrayList<>();
    for (Map.Entry<String, List<Double>> e : r.series().nicGbps().entrySet()) if (e.getKey().startsWith(prefix)) series.add(e.getValue());
    int length = 0;
    for (List<Double> s : series) length = Math.max(length, s.size());
    for (int b = 0; b < length; b++) {
      double sum = 0;
      for (List<Double> s : series) if (b < s.size() && s.get(b) != null) sum += s.get(b);
      peak = Math.max(peak, sum);
    }
    return new Prediction(seconds, peak / efficiency, blackout, limitedBy, outcome, why);
  }

  /** The cluster with only this move: the VM (and its copies) on the source, one configure and the migrations. */
  private static Specs.Scenario scenarioOf(Specs.Scenario c, MeasuredMove m) {
    List<Specs.VmSpec> vms = new ArrayList<>();
    Specs.VmSpec moved = null;
    for (Specs.VmSpec v : c.vms()) {
      if (!v.name().equals(m.vm())) {
        vms.add(v);
        continue;
      }
      moved = v;
    }
    List<Specs.Step> steps = new ArrayList<>();
    Specs.LiveMigrationSettings lm = c.liveMigration();
    steps.add(new Specs.Configure(0, new Specs.LiveMigrationSettings(m.option(), lm.networks(), lm.simultaneous(), lm.maxPasses(),
        lm.smbLimitBps(), lm.retries(), lm.retryDelayNanos(), lm.policy(), lm.streams(), lm.maxBandwidthBps(), lm.zeroPageDetection(), lm.rdmaPinAll(),
        lm.downtimeLimitNanos(), lm.multifdCompression())));
    boolean together = m.simultaneous() > 1;
    for (int k = 1; k <= m.simultaneous(); k++) {
      String name = k == 1 ? m.vm() : m.vm() + "~" + k; // copies: a name no scenario VM has (actor paths allow ~)
      vms.add(new Specs.VmSpec(name, m.source(), m.memoryBytes(), moved.workloadName(), moved.workload(), moved.cpu(), moved.content(),
          moved.priority(), null, moved.profile(), moved.vcpus()));
      steps.add(new Specs.Migrate(0, name, m.destination(), "move-" + k, together));
    }
    if (together) steps.add(new Specs.Wait(0, 0, true));
    return new Specs.Scenario(c.file() + ":" + m.line(), c.name() + "-line-" + m.line(), c.seed(), c.hosts(), List.copyOf(vms), lm,
        c.cluster(), List.copyOf(steps), List.of(), List.of(), c.nodes(), c.storage(), c.calibration(), c.topology());
  }
}
