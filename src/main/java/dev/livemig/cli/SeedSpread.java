package dev.livemig.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.livemig.report.Comparison;
import dev.livemig.report.html.HtmlReport.Spread;

/**
 * {@code compare --vary seed=...}: the spread of each measure's metrics over the seeds, for each
 * combination of the other varied keys (mean, p5, p50, p95, min, max), exact: nearest-rank
 * percentiles of the values themselves (an HdrHistogram's buckets would put a percentile outside
 * the values' own range at a few seeds).
 */
final class SeedSpread {
  private SeedSpread() {}

  /** The spread as a table's title, header and rows (cells as the text shows them). */
  record Rows(String title, List<String> header, List<List<String>> rows) {}

  static final List<String> HEADER = List.of("variants", "measure", "metric", "seeds", "mean", "p5", "p50", "p95", "min", "max");

  /** The spread table, or "" when seed is not varied or no combination has two seeds. */
  static String table(Comparison c) {
    Rows r = rows(c);
    if (r == null) return "";
    Table t = new Table(HEADER.toArray(String[]::new)).rightAlign(3, 4, 5, 6, 7, 8, 9);
    for (List<String> row : r.rows()) t.add(row.toArray());
    return "\n" + r.title() + "\n\n" + t.fit(Findings.WIDTH, 3);
  }

  /** The spread's rows, or null when seed is not varied or no combination has two seeds. */
  static Rows rows(Comparison c) {
    List<Spread> all = spreads(c);
    if (all == null) return null;
    int seeds = 0;
    List<List<String>> t = new ArrayList<>();
    for (Spread x : all) {
      seeds = Math.max(seeds, x.seeds());
      String m = x.metric();
      t.add(List.of(x.group(), x.measure(), m, String.valueOf(x.seeds()), CompareCommand.format(m, x.mean()),
          CompareCommand.format(m, x.p5()), CompareCommand.format(m, x.p50()), CompareCommand.format(m, x.p95()),
          CompareCommand.format(m, x.min()), CompareCommand.format(m, x.max())));
    }
    return new Rows("over " + seeds + " seeds: the spread of each measure (nearest-rank percentiles)", HEADER, t);
  }

  /** One combination's spread of a measure's metric over its seeds. */
  static Spread spread(String group, String measure, String metric, List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    sorted.sort(Double::compare);
    double sum = 0;
    for (double x : xs) sum += x;
    return new Spread(group, measure, metric, xs.size(), sum / xs.size(), percentile(sorted, 5), percentile(sorted, 50),
        percentile(sorted, 95), sorted.get(0), sorted.get(sorted.size() - 1));
  }

  /**
   * The spread of each measure's metrics over the seeds for each combination of the other keys (the
   * HTML report's chart draws them), or null when seed is not varied or no combination has two seeds.
   */
  static List<Spread> spreads(Comparison c) {
    if (!c.keys().contains("seed")) return null;
    List<String> others = new ArrayList<>(c.keys());
    others.remove("seed");
    Map<String, List<Comparison.Variant>> groups = new LinkedHashMap<>();
    for (Comparison.Variant v : c.variants()) {
      List<String> parts = new ArrayList<>();
      List<String> names = CompareCommand.columnNames(others);
      for (int k = 0; k < others.size(); k++) parts.add(names.get(k) + "=" + v.values().get(others.get(k)));
      groups.computeIfAbsent(parts.isEmpty() ? "all" : String.join(", ", parts), g -> new ArrayList<>()).add(v);
    }
    int seeds = 0;
    for (List<Comparison.Variant> g : groups.values()) seeds = Math.max(seeds, g.size());
    if (seeds < 2) return null;
    List<Spread> t = new ArrayList<>();
    for (var g : groups.entrySet()) {
      for (String m : c.measures()) {
        for (String metric : c.metrics()) {
          List<Double> xs = new ArrayList<>();
          for (Comparison.Variant v : g.getValue()) {
            Comparison.Measure x = v.measures().get(m);
            Comparison.Value y = x == null ? null : x.metric(metric);
            if (y != null && y.value() != null) xs.add(y.value());
          }
          if (xs.isEmpty()) continue;
          t.add(spread(g.getKey(), m, metric, xs));
        }
      }
    }
    return t;
  }

  /** The nearest-rank percentile: the smallest value with at least {@code p} % of the values at or below it. */
  static double percentile(List<Double> sorted, double p) {
    int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

}
