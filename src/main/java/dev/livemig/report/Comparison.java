package dev.livemig.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The result of a what-if comparison ({@code livemig compare}): one entry per variant, in variant
 * order; the first variant is the base the others are compared with. {@code keys}: the varied
 * scenario keys; {@code measures}: every measure of the variants' reports, in the base's report
 * order, then any other in the order met. Each variant carries its values, for each measure its
 * seconds and the change against the base in percent (none for the base itself, nor when either
 * lacks the measure), and its full report.
 */
@JsonPropertyOrder({"scenario", "keys", "measures", "variants"})
public record Comparison(String scenario, List<String> keys, List<String> measures, List<Variant> variants) {

  @JsonPropertyOrder({"values", "measures", "report"})
  public record Variant(Map<String, String> values, Map<String, Measure> measures, Report report) {}

  /** A measure of one variant: its seconds and the change against the base (percent, rounded to 1e-6). */
  @JsonPropertyOrder({"seconds", "changePercent"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Measure(double seconds, Double changePercent) {}

  /**
   * Builds the comparison of reports, one per variant, in variant order; {@code values} holds each
   * variant's value of each key (same order as {@code reports}).
   */
  public static Comparison of(List<String> keys, List<Map<String, String>> values, List<Report> reports) {
    if (values.size() != reports.size() || reports.isEmpty())
      throw new IllegalArgumentException("one map of values per report, and at least one report");
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
        ms.put(name, new Measure(m.seconds(), i == 0 || b == null ? null : changePercent(b.seconds(), m.seconds())));
      }
      variants.add(new Variant(Collections.unmodifiableMap(new LinkedHashMap<>(values.get(i))),
          Collections.unmodifiableMap(ms), r));
    }
    return new Comparison(base.scenario(), List.copyOf(keys), List.copyOf(names), List.copyOf(variants));
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
   * variant: the value of each key, then for each measure its seconds and its change in percent
   * (empty when there is none).
   */
  public String csv() {
    StringBuilder sb = new StringBuilder();
    List<String> header = new ArrayList<>(keys);
    for (String m : measures) {
      header.add(m + ".seconds");
      header.add(m + ".change_percent");
    }
    row(sb, header);
    for (Variant v : variants) {
      List<String> cells = new ArrayList<>();
      for (String k : keys) cells.add(v.values().getOrDefault(k, ""));
      for (String m : measures) {
        Measure x = v.measures().get(m);
        cells.add(x == null ? "" : plain(x.seconds()));
        cells.add(x == null || x.changePercent() == null ? "" : plain(x.changePercent()));
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

  static String csvCell(String s) {
    boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
        || (!s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))));
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
