package dev.livemig.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The result of a what-if comparison ({@code livemig compare}): one entry per variant, in variant
 * order; the first variant is the base the others are compared with. {@code keys}: the varied
 * scenario keys; {@code metrics}: the metrics of each measure shown (names of {@code Runs.METRICS},
 * {@code [seconds]} by default); {@code measures}: every measure of the variants' reports, in the
 * base's report order, then any other in the order met. Each variant carries its values, for each
 * measure its seconds and the change against the base in percent (none for the base itself, nor
 * when either lacks the measure), and its full report.
 *
 * <p>When the metrics are other than the default {@code [seconds]}, the JSON also carries them: the
 * list ({@code "metrics"}, after {@code keys}) and, per variant and measure, {@code "metrics"}: each
 * metric's {@code value} and {@code changePercent} (either left out when there is none). With the
 * default the JSON is what it always was.
 */
@JsonPropertyOrder({"scenario", "keys", "metrics", "measures", "variants"})
public record Comparison(String scenario, List<String> keys, @JsonIgnore List<String> metrics, List<String> measures,
    List<Variant> variants) {

  /** The metric a comparison shows when none is named. */
  public static final List<String> DEFAULT_METRICS = List.of("seconds");

  /** The metrics in the JSON: left out (null) when they are the default. */
  @JsonProperty("metrics")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  List<String> metricsInJson() {
    return metrics.equals(DEFAULT_METRICS) ? null : metrics;
  }

  @JsonPropertyOrder({"values", "measures", "report"})
  public record Variant(Map<String, String> values, Map<String, Measure> measures, Report report) {}

  /**
   * A measure of one variant: its seconds and the change against the base (percent, rounded to
   * 1e-6), and, unless the comparison shows only the default metric, each metric shown (null
   * otherwise).
   */
  @JsonPropertyOrder({"seconds", "changePercent", "metrics"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Measure(double seconds, Double changePercent, Map<String, Value> metrics) {
    public Measure(double seconds, Double changePercent) {
      this(seconds, changePercent, null);
    }

    /** The value and change of {@code metric}: {@code seconds} from the measure itself when no metrics are held. */
    public Value metric(String metric) {
      if (metrics != null) return metrics.get(metric);
      return "seconds".equals(metric) ? new Value(seconds, changePercent) : null;
    }
  }

  /**
   * One metric of a measure of one variant: its value (null when the report has none, e.g. no
   * guest figures for a migration that never started) and the change against the base in percent.
   */
  @JsonPropertyOrder({"value", "changePercent"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Value(Double value, Double changePercent) {}

  /** How a report gives a metric of a measure: {@code Runs::metric}; null when it has none. */
  @FunctionalInterface
  public interface MetricSource {
    Double metric(Report report, String measure, String metric);
  }

  /**
   * Builds the comparison of reports, one per variant, in variant order; {@code values} holds each
   * variant's value of each key (same order as {@code reports}). Shows each measure's seconds.
   */
  public static Comparison of(List<String> keys, List<Map<String, String>> values, List<Report> reports) {
    return of(keys, values, reports, DEFAULT_METRICS, (r, m, x) -> {
      Report.Measure measure = r.measures().get(m);
      return measure == null || !"seconds".equals(x) ? null : measure.seconds();
    });
  }

  /**
   * Builds the comparison of reports, one per variant, in variant order, showing {@code metrics} of
   * each measure (at least one), each read from a report by {@code source}.
   */
  public static Comparison of(List<String> keys, List<Map<String, String>> values, List<Report> reports,
      List<String> metrics, MetricSource source) {
    if (values.size() != reports.size() || reports.isEmpty())
      throw new IllegalArgumentException("one map of values per report, and at least one report");
    if (metrics.isEmpty()) throw new IllegalArgumentException("at least one metric");
    boolean only = metrics.equals(DEFAULT_METRICS);
    Set<String> names = new LinkedHashSet<>();
    for (Report r : reports) names.addAll(r.measures().keySet());
    Report base = reports.get(0);
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      Report r = reports.get(i);
      Map<String, Measure> ms = new LinkedHashMap<>();
      for (String name : names) {
        Report.Measure m = r.measures().get(name);
        if (m == null) continue;
        Report.Measure b = base.measures().get(name);
        Double change = i == 0 || b == null ? null : changePercent(b.seconds(), m.seconds());
        Map<String, Value> shown = null;
        if (!only) {
          shown = new LinkedHashMap<>();
          for (String metric : metrics) {
            Double v = source.metric(r, name, metric);
            Double bv = i == 0 || b == null ? null : source.metric(base, name, metric);
            shown.put(metric, new Value(v, v == null || bv == null ? null : changePercent(bv, v)));
          }
          shown = Collections.unmodifiableMap(shown);
        }
        ms.put(name, new Measure(m.seconds(), change, shown));
      }
      variants.add(new Variant(Collections.unmodifiableMap(new LinkedHashMap<>(values.get(i))),
          Collections.unmodifiableMap(ms), r));
    }
    return new Comparison(base.scenario(), List.copyOf(keys), List.copyOf(metrics), List.copyOf(names),
        List.copyOf(variants));
  }

  /** (value − base) / base in percent, rounded to 1e-6; null when the base is 0 (and the value is not). */
  public static Double changePercent(double base, double value) {
    if (base == value) return 0.0;
    if (base == 0) return null;
    double p = (value - base) / base * 100;
    double rounded = Math.round(p * 1e6) / 1e6;
    return rounded == 0 ? 0.0 : rounded; // no -0.0
  }

  /**
   * The comparison as CSV (RFC 4180 quoting, '\n' line ends): a header row, then one row per
   * variant: the value of each key, then for each measure and each metric shown its value and its
   * change in percent (empty when there is none). The columns of a measure {@code m}:
   * {@code m.METRIC,m.METRIC.change_percent} for every metric, seconds included.
   */
  public String csv() {
    StringBuilder sb = new StringBuilder();
    List<String> header = new ArrayList<>(keys);
    for (String m : measures) {
      for (String metric : metrics) {
        header.add(m + "." + metric);
        header.add(m + "." + metric + ".change_percent"); // one pattern for every metric, seconds included
      }
    }
    row(sb, header);
    for (Variant v : variants) {
      List<String> cells = new ArrayList<>();
      for (String k : keys) cells.add(v.values().getOrDefault(k, ""));
      for (String m : measures) {
        Measure x = v.measures().get(m);
        for (String metric : metrics) {
          Value y = x == null ? null : x.metric(metric);
          cells.add(y == null || y.value() == null ? "" : plain(y.value()));
          cells.add(y == null || y.changePercent() == null ? "" : plain(y.changePercent()));
        }
      }
      row(sb, cells);
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append(csvCell(cells.get(i)));
    }
    sb.append('\n');
  }

  /** A number as this class writes it: a cell starting with '-' or '+' that is one is left alone. */
  private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

  /**
   * One CSV cell. Text that a spreadsheet would take for a formula (starting with =, +, -, @, a tab
   * or a carriage return, and not a number) gets a leading apostrophe (OWASP's CSV injection advice).
   */
  public static String csvCell(String s) {
    s = formulaSafe(s);
    boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
        || (!s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))));
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  /** Text a spreadsheet would take for a formula, with a leading apostrophe; anything else as it is. */
  public static String formulaSafe(String s) {
    return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !NUMBER.matcher(s).matches() ? "'" + s : s;
  }

  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
