package dev.livemig.advise;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.Runs;
import dev.livemig.spec.Specs;

/**
 * One goal of {@code livemig advise}: {@code [MEASURE] [METRIC] OP VALUE}, e.g. {@code drain-hv1 <= 5 min}
 * (a measure's seconds), {@code far-20ms downtime-ms <= 7000}, {@code pings-lost == 0} (a metric of
 * the whole run's moves). The metrics are those an {@code expect} block can name ({@link Runs#METRICS}).
 *
 * <p>A move metric of a drain or rolling maintenance (its pings lost, its worst blackout), or of no
 * measure at all (every move of the run): counts and amounts ({@link #ADDITIVE}) are summed over the
 * moves; any other metric takes the worst move (the largest for {@code <}, {@code <=}, {@code ==};
 * the smallest for {@code >}, {@code >=}).
 */
public record Goal(String text, String measure, String metric, String op, double limit) {

  /** Move metrics that add up over a drain's moves: "no ping lost in the whole drain". */
  static final Set<String> ADDITIVE = Set.of("pings-lost", "pings-sent", "sessions-dropped", "bytes-sent-gib", "storage-gib",
      "throttle-seconds", "degraded-seconds");

  /** Metrics given as a duration ({@code 5 min}); a plain number is seconds (downtime-ms: milliseconds). */
  private static final Set<String> DURATIONS = Set.of("seconds", "throttle-seconds", "degraded-seconds", "data-at-risk-seconds",
      "downtime-ms");

  /** Metrics that count things: shown whole. */
  private static final Set<String> COUNTS = Set.of("pings-lost", "pings-sent", "sessions-dropped", "passes", "growing-passes",
      "vms-left", "vms-moved", "vms-quick", "refused", "unreachable", "unsupported", "fallbacks", "overcommitted-hosts");

  static final List<String> OPS = List.of("<=", ">=", "==", "<", ">");

  private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z0-9_.-]+)(?:\\s+([A-Za-z0-9_-]+))?\\s*(<=|>=|==|<|>)\\s*(.*?)\\s*");

  static final String EXAMPLE = "e.g. --goal 'drain-hv1 <= 5 min', --goal 'pings-lost == 0', --goal 'far-20ms downtime-ms <= 7000'";

  /**
   * Parses a goal; a problem (at {@code file}:{@code line}, key {@code key}) added for anything wrong,
   * and null returned.
   */
  static Goal parse(String text, String file, int line, String key, List<Problem> problems) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      problems.add(new Problem(file, line, key, "'" + text + "' is not a goal; write [MEASURE] [METRIC] OP VALUE with OP one of "
          + String.join(" ", OPS) + ", " + EXAMPLE));
      return null;
    }
    String measure = m.group(1);
    String metric = m.group(2);
    if (metric == null) {
      if (Runs.METRICS.contains(measure) && !"seconds".equals(measure)) {
        metric = measure;
        measure = null;
      } else {
        metric = "seconds";
      }
    }
    if (!Runs.METRICS.contains(metric)) {
      problems.add(new Problem(file, line, key, "'" + metric + "' in '" + text + "' is not a metric; allowed: " + String.join(", ", Runs.METRICS)));
      return null;
    }
    if (measure == null && !moveMetric(metric)) {
      problems.add(new Problem(file, line, key, "'" + metric + "' is not a metric of a move; name the measure first, e.g. 'drain-hv1 "
          + metric + " <= ...'; a goal without a measure takes one of: " + String.join(", ", MOVE_METRICS)));
      return null;
    }
    Double limit = value(metric, m.group(4));
    if (limit == null) {
      problems.add(new Problem(file, line, key, "'" + m.group(4) + "' in '" + text + "' is not a value of " + metric + "; allowed: "
          + (DURATIONS.contains(metric) ? "a duration (5 min, 300 s) or a number of " + ("downtime-ms".equals(metric) ? "milliseconds" : "seconds")
              : "a number")));
      return null;
    }
    return new Goal(text.strip(), measure, metric, m.group(3), limit);
  }

  /** The metrics a goal without a measure can name: a move's, over every move of the run. */
  static final List<String> MOVE_METRICS = List.of("downtime-ms", "passes", "growing-passes", "bytes-sent-gib", "pings-lost",
      "sessions-dropped", "throttle-seconds", "degraded-seconds", "storage-gib");

  private static boolean moveMetric(String metric) {
    return MOVE_METRICS.contains(metric);
  }

  private static Double value(String metric, String text) {
    if (text.isEmpty()) return null;
    try {
      double d = Double.parseDouble(text);
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      if (!DURATIONS.contains(metric)) return null;
    }
    try {
      String unit = text.replace("\"", "").replaceAll("(?<=[0-9\\s])min$", "minutes");
      long ns = ConfigFactory.parseString("x = \"" + unit + "\"").getDuration("x").toNanos();
      if (ns < 0) return null;
      return "downtime-ms".equals(metric) ? ns / 1e6 : ns / 1e9;
    } catch (ConfigException e) {
      return null;
    }
  }

  /** The goal's value in a run: null when the run has no such measure or metric. */
  Double measure(Specs.Scenario scenario, Report report) {
    List<MigrationRecord> moves;
    if (measure != null) {
      Double v = Runs.metric(scenario, report, measure, metric);
      if (v != null || !moveMetric(metric)) return v;
      moves = Runs.moves(report, measure);
      if (moves == null) return null;
    } else {
      moves = report.migrations();
    }
    Double out = null;
    for (MigrationRecord r : moves) {
      Double v = Runs.moveMetric(r, metric);
      if (v == null) continue;
      if (out == null) out = v;
      else if (ADDITIVE.contains(metric)) out += v;
      else out = worse(out, v);
    }
    return out == null && ADDITIVE.contains(metric) ? Double.valueOf(0) : out;
  }

  /** The worse of two values for this goal: the larger for an upper limit, the smaller for a lower one. */
  double worse(double a, double b) {
    return lower() ? Math.min(a, b) : Math.max(a, b);
  }

  /** A lower limit ({@code >=}, {@code >}): more is better. */
  boolean lower() {
    return op.startsWith(">");
  }

  boolean holds(double v) {
    return switch (op) {
      case "<=" -> v <= limit;
      case "<" -> v < limit;
      case ">=" -> v >= limit;
      case ">" -> v > limit;
      default -> v == limit;
    };
  }

  /** How far {@code v} is past the limit, in the metric's unit (0 when it holds). */
  double missBy(double v) {
    return holds(v) ? 0 : Math.abs(v - limit);
  }

  /** The measure and metric this goal reads, as the table heads it: {@code drain-hv1}, {@code pings-lost}, {@code far-20ms downtime-ms}. */
  String column() {
    if (measure == null) return metric;
    return "seconds".equals(metric) ? measure : measure + " " + metric;
  }

  /** A value of this goal's metric as the screen shows it: a duration as {@code 4 min 12 s}, a count whole. */
  String format(double v) {
    if ("seconds".equals(metric)) return Durations.text(v);
    if (COUNTS.contains(metric)) return String.format(Locale.ROOT, "%.0f", v);
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
