package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import com.typesafe.config.Config;
import dev.livemig.report.Report;

/** Loading, running and checking scenarios: what the CLI and the tests share. */
public final class Runs {
  private Runs() {}

  /**
   * One expectation checked: measured value, or null when the measure was not produced.
   * {@code implicit}: not written in the expect block but always checked (a drain or rolling
   * maintenance that left VMs behind, which no expectation on its {@code vms-left} allows).
   */
  public record Check(String file, Specs.Expectation expectation, Double measured, Double reference, boolean implicit) {
    public Check(String file, Specs.Expectation expectation, Double measured, Double reference) {
      this(file, expectation, measured, reference, false);
    }

    public boolean ok() {
      return measured != null && expectation.holds(measured, reference);
    }

    /** What was expected, in words. */
    public String describe() {
      if (!implicit) return expectation.describe();
      return switch (expectation.metric()) {
        case "outcome" -> expectation.describe() + " (no expect allows another outcome)";
        case Caveats.FALLBACKS -> "0 (no expect allows a fallback)";
        case Caveats.OVERCOMMITTED -> "0 (no expect allows an overcommitted host)";
        default -> "0 (no expect allows VMs left)";
      };
    }

    /**
     * The measured value in {@code format} ({@code %.3f}), an outcome as its word; null when nothing
     * was measured.
     */
    public String measuredText(String format) {
      if (measured == null) return null;
      String word = "outcome".equals(expectation.metric()) ? Specs.Expectation.outcomeWord(measured) : null;
      return word != null ? word : String.format(java.util.Locale.ROOT, format, measured);
    }

    /** An implicit check's cause, in a few words (VMs left behind, a fallback, ...); null for a written one. */
    public String cause() {
      if (!implicit) return null;
      return switch (expectation.metric()) {
        case "outcome" -> "added".equals(expectation.describe()) ? "node not added" : "move not completed";
        case Caveats.FALLBACKS -> "a lesser transport than asked";
        case Caveats.OVERCOMMITTED -> "an overcommitted host";
        default -> "VMs left behind";
      };
    }
  }

  /** A run that failed inside the model (an actor threw, or the run hung): not the user's fault. */
  public static final class RunFailed extends RuntimeException {
    public RunFailed(String message) {
      super(message);
    }
  }

  /**
   * A run whose simulated time would pass {@link dev.livemig.kernel.SimTime#HORIZON}: the input
   * asks for more than the simulator models (exit 2, one line), not a failure of the model.
   */
  public static final class BeyondHorizon extends RuntimeException {
    public BeyondHorizon(String file, long lastInstant) {
      super(file + ": the run would pass " + Math.round(dev.livemig.kernel.SimTime.toSeconds(dev.livemig.kernel.SimTime.HORIZON)
          / (365.25 * 86400)) + " years of simulated time (last event at " + Math.round(dev.livemig.kernel.SimTime.toSeconds(lastInstant))
          + " s); allowed: runs within that horizon: shorter durations, faster networks", null, false, false);
    }
  }

  public static Specs.Scenario load(File file, List<String> overrides) throws ScenarioException {
    return ScenarioLoader.load(file, overrides, config());
  }

  /** As {@link #load(File, List)}, the scenario also allowed to read files under {@code allowFiles}. */
  public static Specs.Scenario load(File file, List<String> overrides, List<String> allowFiles) throws ScenarioException {
    return ScenarioLoader.load(file, overrides, ConfigLoader.allowing(config(), allowFiles));
  }

  /** As {@link #load(File, List, List)}, over a calibration overlay ({@code --calibration}; null: none). */
  public static Specs.Scenario load(File file, List<String> overrides, List<String> allowFiles, Config calibration)
      throws ScenarioException {
    return ScenarioLoader.load(file, overrides, ConfigLoader.allowing(config(), allowFiles), ScenarioLoader.SET, calibration);
  }

  public static Config config() {
    return ConfigLoader.defaults();
  }

  public static ScenarioRun.Outcome run(Specs.Scenario scenario, ScenarioRun.Options options) {
    ScenarioRun.Outcome o = Simulator.shared().run(scenario, config(), options);
    if (o.kernel().beyondHorizon()) throw new BeyondHorizon(scenario.file(), o.kernel().endTime());
    if (o.kernel().failure() != null) throw new RunFailed("the simulation failed: " + o.kernel().failure());
    if (o.report() == null) throw new RunFailed("the simulation ended without a report");
    return o;
  }

  /** Runs a scenario and checks each of its expectations. */
  public static List<Check> check(Specs.Scenario scenario) {
    return check(scenario, run(scenario, ScenarioRun.Options.none()).report());
  }

  /** Checks each expectation of a scenario against the report of its run. */
  public static List<Check> check(Specs.Scenario scenario, Report report) {
    List<Check> out = new ArrayList<>();
    for (Specs.Expectation e : scenario.expectations()) {
      Double reference = e.other() == null ? null : metric(scenario, report, e.other(), e.metric());
      out.add(new Check(scenario.file(), e, metric(scenario, report, e.measure(), e.metric()), reference));
    }
    out.addAll(LeftBehind.checks(scenario, report));
    out.addAll(MoveOutcomes.checks(scenario, report));
    out.addAll(NodeAddMetrics.checks(scenario, report));
    out.addAll(Caveats.checks(scenario, report));
    return out;
  }

  /**
   * The checks every run gets on whether its work was done (a drain or rolling maintenance that left
   * VMs behind, a measured move that did not complete), failed ones and met ones alike.
   */
  public static List<Check> completion(Specs.Scenario scenario, Report report) {
    List<Check> out = new ArrayList<>(LeftBehind.checks(scenario, report));
    out.addAll(MoveOutcomes.checks(scenario, report));
    return out;
  }

  /** The metrics an expectation can name, in the order the README lists them. */
  public static final java.util.List<String> METRICS = metrics("seconds", "copy-gbps", "downtime-ms",
      "passes", "growing-passes", "bytes-sent-gib", "remainder-mib", "pings-sent", "pings-lost", "sessions-dropped",
      "throttle-seconds", "throttle-percent", "degraded-seconds", "vms-left", "storage-gib", "refused", "unreachable", "unsupported",
      "vms-moved", "vms-quick", NodeAddMetrics.METRICS, "data-at-risk-seconds", Caveats.METRICS);

  private static List<String> metrics(Object... names) {
    List<String> out = new ArrayList<>();
    for (Object n : names) {
      if (n instanceof List<?> l) l.forEach(x -> out.add((String) x));
      else out.add((String) n);
    }
    return List.copyOf(out);
  }

  private static double flagged(dev.livemig.report.MigrationRecord r, String rule) {
    if (r.flags() != null) for (String f : r.flags()) if (f.startsWith(rule + ":")) return 1.0;
    return 0.0;
  }

  /** A drain's metrics (issue 13): VMs moved, moved by quick migration, left on the host. */
  private static Double drainMetric(Report report, String measure, String metric) {
    Report.DrainRecord d = null;
    for (var x : report.drains()) if (measure.equals(x.measure())) d = x;
    if (d == null) return null;
    int moved = 0;
    int quick = 0;
    for (var v : d.vms()) {
      if (!"completed".equals(v.outcome())) continue;
      moved++;
      if ("quick".equals(v.kind())) quick++;
    }
    return switch (metric) {
      case "vms-moved" -> (double) moved;
      case "vms-quick" -> (double) quick;
      default -> null;
    };
  }

  /**
   * A measure's metric, as {@link #metric(Report, String, String)}; {@code overcommitted-hosts}
   * also needs the scenario that was run (the hosts' cores and their VMs' demand).
   */
  public static Double metric(Specs.Scenario scenario, Report report, String measure, String metric) {
    return Caveats.METRICS.contains(metric) ? Caveats.metric(scenario, report, measure, metric) : metric(report, measure, metric);
  }

  /** A measure's metric from its report alone; null when the run has no such measure or metric. */
  public static Double metric(Report report, String measure, String metric) {
    if (Caveats.METRICS.contains(metric)) return Caveats.metric(null, report, measure, metric);
    if ("outcome".equals(metric) && MoveOutcomes.record(report, measure) != null) return MoveOutcomes.metric(report, measure);
    if (NodeAddMetrics.METRICS.contains(metric)) return NodeAddMetrics.metric(report, measure, metric);
    Report.Measure m = report.measures().get(measure);
    if (m == null) return null;
    switch (metric) {
      case "seconds":
        return m.seconds();
      case "copy-gbps":
        return m.copyGbps();
      case "downtime-ms":
        return m.downtimeMs();
      case "data-at-risk-seconds": // a site failure's (issue 17)
        return m.dataAtRiskSeconds();
      case "vms-left": // a drain's or rolling maintenance's; absent when none was left
        return m.migration() != null ? null : m.vmsLeft() == null ? 0.0 : m.vmsLeft();
      default:
        break;
    }
    if (m.migration() == null) return drainMetric(report, measure, metric);
    dev.livemig.report.MigrationRecord r = null;
    for (var x : report.migrations()) if (x.id().equals(m.migration())) r = x;
    return r == null ? null : moveMetric(r, metric);
  }

  /**
   * A metric of one move (its record): passes, bytes sent, what the guest felt, ...; null for a
   * metric a move does not have (or a guest figure of a move that never started).
   */
  public static Double moveMetric(dev.livemig.report.MigrationRecord r, String metric) {
    if ("seconds".equals(metric)) return r.seconds();
    if ("downtime-ms".equals(metric)) return r.downtimeMs();
    var precopy = r.passes().stream().filter(p -> p.kind().equals("precopy")).toList();
    var guest = r.guest();
    return switch (metric) {
      case "passes" -> (double) precopy.size();
      case "growing-passes" -> {
        int n = 0;
        for (int i = 2; i < precopy.size(); i++) if (precopy.get(i).pages() > precopy.get(i - 1).pages()) n++;
        yield (double) n;
      }
      case "bytes-sent-gib" -> r.bytesSent() / (double) (1L << 30);
      case "remainder-mib" -> {
        if (precopy.isEmpty() || precopy.get(0).pages() == 0) yield 0.0;
        double page = precopy.get(0).bytes() / (double) precopy.get(0).pages();
        yield precopy.get(precopy.size() - 1).remainingPages() * page / (1 << 20);
      }
      case "pings-sent" -> guest == null ? null : (double) guest.pingsSent();
      case "pings-lost" -> guest == null ? null : (double) guest.pingsLost();
      case "sessions-dropped" -> guest == null ? null : (double) guest.sessionsDropped();
      case "throttle-seconds" -> guest == null ? null : guest.throttle() == null ? 0.0 : guest.throttle().seconds();
      case "throttle-percent" -> guest == null ? null : guest.throttle() == null ? 0.0 : guest.throttle().meanPercent();
      case "degraded-seconds" -> guest == null ? null : guest.postCopy() == null ? 0.0 : guest.postCopy().seconds();
      case "storage-gib" -> r.storageBytes() == null ? 0.0 : r.storageBytes() / (double) (1L << 30);
      case "refused" -> "refused".equals(r.outcome()) ? 1.0 : 0.0;
      case "unreachable" -> flagged(r, dev.livemig.migration.MoveRules.STATIC_MAC);
      case "unsupported" -> flagged(r, dev.livemig.migration.MoveRules.SUPPORT);
      default -> null;
    };
  }

  /**
   * The migrations a measure stands for: a migration's own record; a drain's, the moves of its VMs
   * off its host while it ran; a rolling maintenance's, the moves off its hosts during its window.
   * Null for a measure that is none of these or that the run did not produce.
   */
  public static List<dev.livemig.report.MigrationRecord> moves(Report report, String measure) {
    return Caveats.migrations(report, measure);
  }

  /** Scenario files under a directory (recursively, *.conf, sorted), or the file itself. */
  public static List<File> scenarioFiles(File f) {
    List<File> out = new ArrayList<>();
    if (f.isDirectory()) {
      File[] children = f.listFiles();
      if (children != null) {
        java.util.Arrays.sort(children);
        for (File c : children) {
          if (c.isDirectory()) out.addAll(scenarioFiles(c));
          else if (c.getName().endsWith(".conf")) out.add(c);
        }
      }
    } else {
      out.add(f);
    }
    return out;
  }
}
