package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.livemig.spec.Specs.Expectation;
import dev.livemig.spec.Specs.Migrate;
import dev.livemig.spec.Specs.Step;

/** The {@code expect} section: what the measures must show. */
final class ExpectationsReader extends ConfigReader {
  private static final Set<String> EXPECT = keys("measure", "metric", "value", "tolerance", "min", "max", "less-than",
      "greater-than", "factor", "regression");
  private static final List<String> METRICS = Runs.METRICS;

  ExpectationsReader(ConfigReader shared) {
    super(shared);
  }

  /** {@code named}: every measure a step names, its step valid or not. */
  List<Expectation> expectations(ConfigObject root, List<Step> steps, Set<String> named) {
    List<Expectation> out = new ArrayList<>();
    ConfigList list = optionalList(root, "", "expect");
    if (list == null) return out;
    Set<String> measures = new TreeSet<>();
    Set<String> migrations = new TreeSet<>();
    Set<String> nodeAdds = new TreeSet<>();
    for (Step s : steps) {
      if (s instanceof Migrate m && m.measure() != null) measures.add(m.measure());
      if (s instanceof Specs.Drain d && d.measure() != null) measures.add(d.measure());
      if (s instanceof Specs.RollingMaintenance r && r.measure() != null) measures.add(r.measure());
      if (s instanceof Specs.AddNode a && a.measure() != null) measures.add(a.measure());
    }
    // What each measure measures, from the steps as written (a step with a mistake of its own too).
    if (root.get("steps") instanceof ConfigList raw) {
      for (ConfigValue v : raw) {
        if (!(v instanceof ConfigObject step) || step.size() != 1) continue;
        String kind = step.keySet().iterator().next();
        ConfigValue m = step.get(kind) instanceof ConfigObject body ? body.get("measure") : null;
        if (m == null) continue;
        if ("migrate".equals(kind)) migrations.add(String.valueOf(m.unwrapped()));
        if ("add-node".equals(kind)) nodeAdds.add(String.valueOf(m.unwrapped()));
      }
    }
    Set<String> known = new TreeSet<>(named);
    known.addAll(measures);
    for (int i = 0; i < list.size(); i++) {
      String key = "expect[" + i + "]";
      ConfigObject e = asObject(list.get(i), key);
      if (e == null) continue;
      unknownKeys(e, key, EXPECT);
      String measure = requiredString(e, key, "measure");
      if (measure != null && !known.contains(measure))
        problem(e.get("measure"), key + ".measure", "no step measures '" + measure + "'; measured here: " + known);
      String metric = optString(e, key, "metric", "seconds");
      if (!METRICS.contains(metric)) problem(e.get("metric"), key + ".metric", "unknown metric '" + metric + "'; allowed: " + METRICS);
      else if ("vms-left".equals(metric) && migrations.contains(measure))
        problem(e.get("metric"), key + ".metric", "'" + measure + "' measures one migration; vms-left is a drain's or rolling maintenance's");
      else if (("vms-moved".equals(metric) || "vms-quick".equals(metric)) && migrations.contains(measure))
        problem(e.get("metric"), key + ".metric", "'" + measure + "' measures one migration; " + metric + " is a drain's");
      else if ("outcome".equals(metric) && known.contains(measure) && !migrations.contains(measure) && !nodeAdds.contains(measure))
        problem(e.get("metric"), key + ".metric", "'" + measure + "' measures a drain, a rolling maintenance or a site failure;"
            + " outcome is a migration's or a node add's (a drain's VMs left: vms-left)");
      if ("outcome".equals(metric)) {
        // an outcome is a word, met or not: no band, tolerance or comparison could allow another one
        String example = "value = " + (nodeAdds.contains(measure) ? "added" : "completed");
        boolean other = false;
        for (String k : List.of("min", "max", "tolerance", "less-than", "greater-than", "factor")) {
          if (!e.containsKey(k)) continue;
          other = true;
          problem(e.get(k), key + "." + k, "an outcome is a word: give value = WORD only (e.g. " + example + ")");
        }
        if (!e.containsKey("value") && !other) problem(e, key + ".value", "missing; an outcome expectation names the word, e.g. " + example);
      }
      boolean outcomeOf = migrations.contains(measure) || nodeAdds.contains(measure); // else said above, once
      Double value = !e.containsKey("value") ? null : "outcome".equals(metric)
          ? (outcomeOf ? outcomeValue(e.get("value"), key + ".value", migrations.contains(measure) ? Expectation.MOVE_OUTCOMES
              : dev.livemig.spec.NodeModel.OUTCOMES) : null)
          : metricValue(e.get("value"), key + ".value");
      if ("outcome".equals(metric)) { // the word alone (its other keys refused above)
        boolean regression = optBoolean(e, key, "regression", false);
        if (measure != null) out.add(new Expectation(e.origin().lineNumber(), measure, metric, value, 0.0, false, null, null,
            null, null, 1.0, regression));
        continue;
      }
      Double min = e.containsKey("min") ? metricValue(e.get("min"), key + ".min") : null;
      Double max = e.containsKey("max") ? metricValue(e.get("max"), key + ".max") : null;
      if (min != null && max != null && min > max)
        problem(e.get("min"), key + ".min", "min (" + min + ") is larger than max (" + max + "); no value can meet both");
      Double tolerance = null;
      boolean relative = false;
      if (e.containsKey("tolerance")) {
        ConfigValue t = e.get("tolerance");
        String ts = String.valueOf(t.unwrapped()).trim();
        if (ts.endsWith("%")) {
          try {
            tolerance = Double.parseDouble(ts.substring(0, ts.length() - 1).trim()) / 100;
            relative = true;
          } catch (NumberFormatException x) {
            problem(t, key + ".tolerance", "'" + ts + "' is not a tolerance; allowed: a percentage (5%) or an amount (4 s)");
          }
        } else if (t.valueType() == ConfigValueType.NUMBER) {
          tolerance = ((Number) t.unwrapped()).doubleValue();
        } else {
          try {
            tolerance = ConfigFactory.empty().withValue("x", t).getDuration("x").toNanos() / 1e9;
          } catch (ConfigException x) {
            problem(t, key + ".tolerance", "'" + ts + "' is not a tolerance; allowed: a percentage (5%) or an amount (4 s)");
          }
        }
        if (tolerance != null && !Double.isFinite(tolerance)) {
          problem(t, key + ".tolerance", "'" + ts + "' is not a finite tolerance; allowed: a percentage (5%) or an amount (4 s)");
          tolerance = null;
        } else if (tolerance != null && tolerance < 0) {
          problem(t, key + ".tolerance", "must not be negative");
        }
      }
      boolean compares = e.containsKey("less-than") || e.containsKey("greater-than");
      boolean bounded = e.containsKey("value") || e.containsKey("min") || e.containsKey("max"); // given, maybe with its own problem
      if (!bounded && !compares) {
        problem(e, key, "give value (with tolerance), min and/or max, or less-than/greater-than another measure");
      } else if (e.containsKey("value") && (e.containsKey("min") || e.containsKey("max"))) {
        problem(e, key, "give either value (with tolerance) or min/max, not both");
      } else if (!e.containsKey("value") && e.containsKey("tolerance")) {
        problem(e.get("tolerance"), key + ".tolerance", "a tolerance goes with value; with min/max give no tolerance");
      } else if (value != null && tolerance == null && !e.containsKey("tolerance")) {
        problem(e, key + ".tolerance", "missing; give a percentage (5%) or an amount (4 s)");
      }
      String other = null;
      String relation = null;
      for (String rk : List.of("less-than", "greater-than")) {
        if (!e.containsKey(rk)) continue;
        if (other != null) problem(e.get(rk), key + "." + rk, "give one of less-than and greater-than");
        other = stringOf(e.get(rk), key + "." + rk);
        relation = rk.equals("less-than") ? "<" : ">";
        if (other != null && !known.contains(other))
          problem(e.get(rk), key + "." + rk, "no step measures '" + other + "'; measured here: " + known);
      }
      double factor = 1.0;
      if (e.containsKey("factor")) {
        if (other == null) problem(e.get("factor"), key + ".factor", "a factor goes with less-than or greater-than");
        factor = nonNegative(e, key, "factor");
      }
      if (other != null && (value != null || min != null || max != null)) {
        problem(e, key, "compare with another measure (less-than/greater-than) or give value/min/max, not both");
      }
      boolean regression = optBoolean(e, key, "regression", false);
      if (measure != null) out.add(new Expectation(e.origin().lineNumber(), measure, metric, value,
          tolerance == null ? 0.0 : tolerance, relative, min, max, other, relation, factor, regression));
    }
    return out;
  }

  /**
   * The {@code value} of an {@code outcome} expectation: one of {@code words} (a migration's
   * outcomes or a node add's), as its index in {@link Expectation#OUTCOMES}.
   */
  private Double outcomeValue(ConfigValue v, String key, List<String> words) {
    String s = String.valueOf(v.unwrapped());
    if (words.contains(s)) return (double) Expectation.OUTCOMES.indexOf(s);
    problem(v, key, "'" + s + "' is not " + (words == Expectation.MOVE_OUTCOMES ? "a migration's" : "a node add's")
        + " outcome; allowed: " + String.join(", ", words));
    return null;
  }

  /** Seconds: a duration with its unit (78 s, 2 min) or a plain number of seconds. */
  private Double metricValue(ConfigValue v, String key) {
    if (v.valueType() == ConfigValueType.NUMBER) {
      double d = ((Number) v.unwrapped()).doubleValue();
      if (Double.isFinite(d)) return d;
      problem(v, key, "'" + v.unwrapped() + "' is not a finite number");
      return null;
    }
    long ns = durationOf(v, key);
    return ns < 0 ? null : ns / 1e9;
  }

}
