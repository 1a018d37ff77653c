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
   * One {@code --vary}: a scenario key and the values it takes, each HOCON text, the name each
   * value is shown by ({@code NAME:VALUE} in the list; a template {@code ${templates.x.NAME}} by its
   * label or its last name; else the value itself), and the {@code key=value} overrides each value
   * makes ({@code KEY=VALUE}; a named variant of the file's {@code variants} block: one per key it sets).
   */
  public record Axis(String key, List<String> values, List<String> names, List<List<String>> overrides) {
    public Axis {
      values = List.copyOf(values);
      names = List.copyOf(names);
      List<List<String>> copy = new ArrayList<>();
      for (List<String> o : overrides) copy.add(List.copyOf(o));
      overrides = List.copyOf(copy);
      if (names.size() != values.size() || overrides.size() != values.size())
        throw new IllegalArgumentException("one name and one list of overrides per value");
    }

    public Axis(String key, List<String> values, List<String> names) {
      this(key, values, names, values.stream().map(v -> List.of(key + "=" + v)).toList());
    }

    public Axis(String key, List<String> values) {
      this(key, values, values);
    }
  }

  /** The axis key that takes the named variants of the scenario file's {@code variants} block. */
  public static final String FILE_VARIANTS = "variants";

  /**
   * What a comparison asks of the scenario file (see {@link FileVariants}): the named variants of
   * its {@code variants} block, and a template's label.
   */
  public interface Lookup {
    /**
     * The variants the block names, in file order, or those {@code chosen} in the order given (empty:
     * all); a problem for each name the block lacks, or for no block.
     */
    List<FileVariants.Named> variants(List<String> chosen, List<Problem> problems);

    /** The label of the template a value is ({@code ${path}}): its {@code label}, else null. */
    String label(String path);
  }

  /** No file: no variants block, no labels beyond a template's last name. */
  public static final Lookup NO_FILE = new Lookup() {
    @Override
    public List<FileVariants.Named> variants(List<String> chosen, List<Problem> problems) {
      problems.add(new Problem(ORIGIN, 0, FILE_VARIANTS, "no scenario file to read a variants block from"));
      return List.of();
    }

    @Override
    public String label(String path) {
      return null;
    }
  };

  /** A value that is a whole substitution, {@code ${templates.layouts.tcpip-1gbe}}: group 1 is its path. */
  private static final java.util.regex.Pattern TEMPLATE = java.util.regex.Pattern.compile("\\$\\{\\s*([^?}\\s][^}]*?)\\s*\\}");

  /**
   * The name a value is shown by when none is given: a template by its label, else by the last
   * element of its path ({@code tcpip-1gbe}); any other value as it is.
   */
  static String shownName(String value, Lookup lookup) {
    var m = TEMPLATE.matcher(value);
    if (!m.matches()) return value;
    String path = m.group(1);
    String label = lookup.label(path);
    if (label != null && !label.isBlank()) return label.strip();
    List<String> parts;
    try {
      parts = com.typesafe.config.ConfigUtil.splitPath(path);
    } catch (com.typesafe.config.ConfigException e) {
      return value;
    }
    return parts.isEmpty() ? value : parts.get(parts.size() - 1);
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
    return product(parse(specs, NO_FILE));
  }

  /** As {@link #of(List)}, the file's variants block and labels read through {@code lookup}. */
  public static List<Variant> of(List<String> specs, Lookup lookup) throws ScenarioException {
    return product(parse(specs, lookup));
  }

  /** Parses {@code --vary} specs ({@code KEY=V1,V2,...}); every problem at once. */
  public static List<Axis> parse(List<String> specs) throws ScenarioException {
    return parse(specs, NO_FILE);
  }

  /**
   * Parses {@code --vary} specs: {@code KEY=V1,V2,...}, or {@code variants} (every variant of the
   * file's {@code variants} block, in file order) or {@code variants=A,B} (those, in that order);
   * every problem at once.
   */
  public static List<Axis> parse(List<String> specs, Lookup lookup) throws ScenarioException {
    List<Problem> problems = new ArrayList<>();
    List<Axis> axes = new ArrayList<>();
    Map<String, Axis> byKey = new LinkedHashMap<>();
    for (String spec : specs) {
      Axis a = isFileVariants(spec) ? fileVariants(spec, lookup, problems) : parse(spec, lookup, problems);
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

  private static boolean isFileVariants(String spec) {
    int eq = spec.indexOf('=');
    return (eq < 0 ? spec : spec.substring(0, eq)).trim().equals(FILE_VARIANTS);
  }

  /** {@code --vary variants[=A,B,...]}: the named variants of the file, each shown by its label or name. */
  private static Axis fileVariants(String spec, Lookup lookup, List<Problem> problems) {
    int eq = spec.indexOf('=');
    List<String> chosen;
    try {
      chosen = eq < 0 ? List.of() : splitValues(spec.substring(eq + 1));
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(ORIGIN, 0, FILE_VARIANTS, e.getMessage()));
      return null;
    }
    int before = problems.size();
    List<FileVariants.Named> named = lookup.variants(chosen, problems);
    if (problems.size() > before) return null;
    if (named.isEmpty()) {
      problems.add(new Problem(ORIGIN, 0, FILE_VARIANTS, "the variants block names no variant; give each a name and "
          + "its overrides, e.g. variants { one-at-a-time { cluster.live-migration.simultaneous = 1 } }"));
      return null;
    }
    List<String> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<List<String>> overrides = new ArrayList<>();
    for (FileVariants.Named n : named) {
      if (names.contains(n.shown())) {
        problems.add(new Problem(ORIGIN, 0, FILE_VARIANTS, "'" + n.shown() + "' names two variants; give each its own name or label"));
        return null;
      }
      values.add(n.name());
      names.add(n.shown());
      overrides.add(n.overrides());
    }
    return new Axis(FILE_VARIANTS, values, names, overrides);
  }

  private static Axis parse(String spec, Lookup lookup, List<Problem> problems) {
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
      String name = named ? m.group(1) : shownName(v, lookup);
      if (!named && !name.equals(v) && names.contains(name)) name = v; // two templates of one name: their text
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
        overrides.addAll(axis.overrides().get(at[a]));
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
