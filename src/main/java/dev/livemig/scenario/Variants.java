package dev.livemig.scenario;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variants of a what-if comparison ({@code livemig compare}): each {@code --vary KEY=V1,V2,...}
 * is an axis; the variants are the cartesian product of the axes in a stable order, the first axis
 * varying slowest. A variant is a list of {@code key=value} overrides (HOCON) that the loader applies
 * after the {@code --set} ones. Pure logic: nothing here reads a scenario or runs one.
 */
public final class Variants {
  /** Where problems of a {@code --vary} are located (the loader's origin label for its overrides). */
  public static final String ORIGIN = "--vary";

  /** More variants than this is surely a mistake (and would hold that many scenarios in memory). */
  public static final int MAX_VARIANTS = 10_000;

  private static final String EXAMPLE = "e.g. --vary cluster.live-migration.max-passes=1,10";

  private Variants() {}

  /**
   * One {@code --vary}: a scenario key and the values it takes, each HOCON text, and the name each
   * value is shown by ({@code NAME:VALUE} in the list; else the value itself).
   */
  public record Axis(String key, List<String> values, List<String> names) {
    public Axis {
      values = List.copyOf(values);
      names = List.copyOf(names);
    }

    public Axis(String key, List<String> values) {
      this(key, values, values);
    }
  }

  /** A named value: {@code NAME:VALUE}, NAME a letter then letters, digits, '-' or '_'. */
  private static final java.util.regex.Pattern NAMED = java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9_-]*):(.+)", java.util.regex.Pattern.DOTALL);

  /**
   * One variant: its value of each axis (in axis order; a named value by its name) and the
   * {@code key=value} overrides that make it.
   */
  public record Variant(Map<String, String> values, List<String> overrides) {
    public Variant {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      overrides = List.copyOf(overrides);
    }

    /** {@code key=value, key=value} (a named value by its name): how messages name the variant. */
    public String describe() {
      List<String> out = new ArrayList<>();
      for (var e : values.entrySet()) out.add(e.getKey() + "=" + e.getValue());
      return String.join(", ", out);
    }
  }

  /** Parses the {@code --vary} specs and returns their product; every problem at once. */
  public static List<Variant> of(List<String> specs) throws ScenarioException {
    return product(parse(specs));
  }

  /** Parses {@code --vary} specs ({@code KEY=V1,V2,...}); every problem at once. */
  public static List<Axis> parse(List<String> specs) throws ScenarioException {
    List<Problem> problems = new ArrayList<>();
    List<Axis> axes = new ArrayList<>();
    Map<String, Axis> byKey = new LinkedHashMap<>();
    for (String spec : specs) {
      Axis a = parse(spec, problems);
      if (a == null) continue;
      Axis first = byKey.putIfAbsent(a.key(), a);
      if (first != null) {
        problems.add(new Problem(ORIGIN, 0, a.key(), "varied twice; give all its values in one --vary, e.g. "
            + a.key() + "=" + String.join(",", first.values()) + "," + String.join(",", a.values())));
        continue;
      }
      axes.add(a);
    }
    if (problems.isEmpty()) {
      BigInteger n = BigInteger.ONE;
      for (Axis a : axes) n = n.multiply(BigInteger.valueOf(a.values().size()));
      if (n.compareTo(BigInteger.valueOf(MAX_VARIANTS)) > 0)
        problems.add(new Problem(ORIGIN, 0, null, n + " variants (the product of the --vary lists); allowed: at most "
            + MAX_VARIANTS));
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    return List.copyOf(axes);
  }

  private static Axis parse(String spec, List<Problem> problems) {
    int eq = spec.indexOf('=');
    String key = eq < 0 ? spec.trim() : spec.substring(0, eq).trim();
    if (eq < 0 || key.isEmpty()) {
      problems.add(new Problem(ORIGIN, 0, spec, "expected KEY=V1,V2,..., " + EXAMPLE));
      return null;
    }
    List<String> values;
    try {
      values = splitValues(spec.substring(eq + 1));
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(ORIGIN, 0, key, e.getMessage()));
      return null;
    }
    if (values.isEmpty()) {
      problems.add(new Problem(ORIGIN, 0, key, "no values; give one or more separated by commas, e.g. " + key + "=1,2"));
      return null;
    }
    // Named values (NAME:VALUE) are shown by their name in tables, JSON and messages; the value runs.
    List<String> raw = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String v : values) {
      var m = NAMED.matcher(v);
      boolean named = m.matches() && !m.group(2).isBlank();
      raw.add(named ? m.group(2).trim() : v);
      String name = named ? m.group(1) : v;
      if (named && names.contains(name)) {
        problems.add(new Problem(ORIGIN, 0, key, "'" + name + "' names two values; give each value its own name, e.g. "
            + key + "=few:1,many:10"));
        return null;
      }
      names.add(name);
    }
    return new Axis(key, raw, names);
  }

  /**
   * Splits a list of values on the commas that are outside {@code [ ]}, <code>{ }</code> and
   * double quotes, so {@code [LM-1GbE],[SMB-1,SMB-2]} is two values. Values are trimmed; an empty
   * text is no values; an empty value among others, an unclosed or unopened bracket or an
   * unclosed quote is an error (IllegalArgumentException with the reason).
   */
  public static List<String> splitValues(String text) {
    List<String> out = new ArrayList<>();
    if (text.isBlank()) return out;
    StringBuilder open = new StringBuilder(); // the brackets open at this point, innermost last
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\') i++;
        else if (c == '"') quoted = false;
        continue;
      }
      switch (c) {
        case '"' -> quoted = true;
        case '[', '{' -> open.append(c);
        case ']', '}' -> {
          char expected = c == ']' ? '[' : '{';
          if (open.length() == 0 || open.charAt(open.length() - 1) != expected)
            throw new IllegalArgumentException("'" + c + "' at position " + (i + 1) + " of '" + text
                + "' closes nothing; brackets must pair, e.g. [SMB-1,SMB-2],[LM-1GbE]");
          open.setLength(open.length() - 1);
        }
        case ',' -> {
          if (open.length() == 0) {
            out.add(value(text, start, i));
            start = i + 1;
          }
        }
        default -> { }
      }
    }
    if (quoted) throw new IllegalArgumentException("a quote is not closed in '" + text + "'");
    if (open.length() > 0)
      throw new IllegalArgumentException("'" + open.charAt(open.length() - 1) + "' is not closed in '" + text
          + "'; brackets must pair, e.g. [SMB-1,SMB-2],[LM-1GbE]");
    out.add(value(text, start, text.length()));
    return out;
  }

  private static String value(String text, int from, int to) {
    String v = text.substring(from, to).trim();
    if (v.isEmpty())
      throw new IllegalArgumentException("an empty value in '" + text + "'; give a value between every two commas");
    return v;
  }

  /**
   * The cartesian product of the axes, the first axis varying slowest (as nested loops with the
   * first axis outermost). No axes: one variant without overrides.
   */
  public static List<Variant> product(List<Axis> axes) {
    List<Variant> out = new ArrayList<>();
    for (Axis a : axes) if (a.values().isEmpty()) return List.of();
    int[] at = new int[axes.size()];
    while (true) {
      Map<String, String> values = new LinkedHashMap<>();
      List<String> overrides = new ArrayList<>();
      for (int a = 0; a < axes.size(); a++) {
        Axis axis = axes.get(a);
        values.put(axis.key(), axis.names().get(at[a]));
        overrides.add(axis.key() + "=" + axis.values().get(at[a]));
      }
      out.add(new Variant(values, overrides));
      int a = axes.size() - 1; // odometer: the last axis turns fastest
      while (a >= 0 && ++at[a] == axes.get(a).values().size()) at[a--] = 0;
      if (a < 0) return List.copyOf(out);
    }
  }

  /** Where problems of a {@code --metric} are located. */
  public static final String METRIC_ORIGIN = "--metric";

  /**
   * Parses the {@code --metric} specs (each a comma-separated list of names of
   * {@link Runs#METRICS}; the option may repeat): the metrics a comparison shows, in the order
   * given. No spec: {@code [seconds]}. Every problem at once: an unknown name (saying what is
   * allowed), a name given twice, an empty name.
   */
  public static List<String> metrics(List<String> specs) throws ScenarioException {
    if (specs == null || specs.isEmpty()) return List.of("seconds");
    List<Problem> problems = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (String spec : specs) {
      String[] names = spec.split(",", -1);
      for (String raw : names) {
        String name = raw.trim();
        if (name.isEmpty()) {
          problems.add(new Problem(METRIC_ORIGIN, 0, null, "an empty metric name in '" + spec
              + "'; give names separated by commas, e.g. --metric seconds,downtime-ms"));
        } else if (!Runs.METRICS.contains(name)) {
          problems.add(new Problem(METRIC_ORIGIN, 0, name, "unknown metric; allowed: " + String.join(", ", Runs.METRICS)));
        } else if (out.contains(name)) {
          problems.add(new Problem(METRIC_ORIGIN, 0, name, "named twice; name each metric once"));
        } else {
          out.add(name);
        }
      }
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    return List.copyOf(out);
  }

  /** The overrides of a variant's scenario: the {@code --set} ones, then the variant's. */
  public static List<String> overrides(List<String> sets, Variant v) {
    List<String> all = new ArrayList<>(sets);
    all.addAll(v.overrides());
    return List.copyOf(all);
  }
}
