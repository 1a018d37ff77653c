package dev.livemig.scenario;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * Typed access to a scenario's HOCON tree that collects problems instead of throwing: each problem
 * names the file (or the command-line option), the line, the key and what is allowed. The scenario
 * loader is built on it.
 */
class ConfigReader {
  static final Pattern BANDWIDTH = Pattern.compile("^\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgGtT]?)bps\\s*$");

  /**
   * Bounds that keep simulated time (a long of nanoseconds, 292 years) far from overflowing: no
   * duration or instant beyond 10 years, no bandwidth below 1 Mbps (8 TiB at 1 Mbps takes 2.2
   * years) or above 10 Tbps, no size beyond 1 PiB. A run that still passes the kernel's horizon
   * (SimTime.HORIZON) ends with exit 2.
   */
  static final java.time.Duration MAX_DURATION = java.time.Duration.ofDays(3650);
  static final double MIN_BPS = 1e6;
  static final double MAX_BPS = 1e13;
  static final long MAX_BYTES = 1L << 50;

  final String file;
  /** Where problems in the overrides are located: the option they came from ({@code --set}, {@code --vary}). */
  final String overrideOrigin;
  /** The defaults (reference.conf), for values a scenario does not give. */
  final Config defaults;
  /** Every problem found so far; one list shared by the loader and its section readers. */
  final List<Problem> problems;
  /** While a VM's workload is read: where it is named, and the preset it names (values from reference.conf). */
  ConfigValue workloadSite;
  String workloadPreset;

  ConfigReader(String file, String overrideOrigin, Config defaults) {
    this.file = file;
    this.overrideOrigin = overrideOrigin;
    this.defaults = defaults;
    this.problems = new ArrayList<>();
  }

  /** A reader of one section of the same file: same file, defaults and list of problems. */
  ConfigReader(ConfigReader shared) {
    this.file = shared.file;
    this.overrideOrigin = shared.overrideOrigin;
    this.defaults = shared.defaults;
    this.problems = shared.problems;
  }

  /** Whether a value or an error comes from a command-line override (its origin is labelled so). */
  boolean isOverride(ConfigOrigin o) {
    return o != null && o.description() != null && o.description().startsWith(overrideOrigin + " ");
  }

  void problem(ConfigValue at, String key, String message) {
    String where = file;
    if (at != null && isOverride(at.origin())) {
      where = overrideOrigin;
    } else if (workloadSite != null && !inThisFile(at)) {
      // A value of a workload preset (reference.conf), or a preset merged with the scenario's block:
      // point at where the scenario names the workload.
      at = workloadSite;
      if (workloadPreset != null) message += " (in workload preset '" + workloadPreset + "')";
    }
    if (!where.equals(overrideOrigin) && at != null && at.origin() != null && at.origin().filename() != null
        && at.origin().resource() == null && at.origin().lineNumber() > 0 && !inThisFile(at)) {
      // A value from a file this one includes (an overlay over an imported cluster): name that file.
      where = beside(file, at.origin().filename());
    }
    int line = at == null || at.origin() == null ? 0 : Math.max(0, at.origin().lineNumber());
    problems.add(new Problem(where, line, key, message));
  }

  /** {@code other} as seen from where {@code file} was named: "scenarios/x/a.conf" and ".../x/b.conf" give "scenarios/x/b.conf". */
  static String beside(String file, String other) {
    try {
      java.nio.file.Path dir = java.nio.file.Path.of(file).toAbsolutePath().getParent().toRealPath();
      java.nio.file.Path o = java.nio.file.Path.of(other).toRealPath();
      if (!o.startsWith(dir)) return other;
      java.nio.file.Path given = java.nio.file.Path.of(file).getParent();
      return (given == null ? dir.relativize(o) : given.resolve(dir.relativize(o))).toString();
    } catch (java.io.IOException | RuntimeException e) {
      return other;
    }
  }

  /** Whether a value was written in the scenario file itself (not in reference.conf, not a merge). */
  boolean inThisFile(ConfigValue v) {
    if (v == null || v.origin() == null || v.origin().lineNumber() <= 0 || v.origin().filename() == null) return false;
    return new File(v.origin().filename()).getAbsoluteFile().equals(new File(file).getAbsoluteFile());
  }

  void unknownKeys(ConfigObject o, String prefix, Set<String> allowed) {
    for (String k : new TreeSet<>(o.keySet())) {
      if (!allowed.contains(k)) {
        problem(o.get(k), join(prefix, k), "unknown key; allowed here: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  /**
   * A list of names under {@code k}, each one of {@code known} (else {@code unknown}'s message, at
   * the name's line); {@code dflt} when the key is absent.
   */
  List<String> namesOf(ConfigObject o, String prefix, String k, List<String> dflt, java.util.Collection<String> known,
      String notAList, java.util.function.Function<String, String> unknown) {
    if (!o.containsKey(k)) return dflt;
    ConfigValue v = o.get(k);
    if (v.valueType() != ConfigValueType.LIST) {
      problem(v, join(prefix, k), notAList);
      return dflt;
    }
    List<String> names = new ArrayList<>();
    for (ConfigValue e : (ConfigList) v) {
      String n = String.valueOf(e.unwrapped());
      if (!known.contains(n)) problem(e, join(prefix, k), unknown.apply(n));
      names.add(n);
    }
    return List.copyOf(names);
  }

  static String join(String prefix, String k) {
    return prefix.isEmpty() ? k : prefix + "." + k;
  }

  ConfigObject asObject(ConfigValue v, String key) {
    if (v.valueType() != ConfigValueType.OBJECT) {
      problem(v, key, "expected a block { ... }, found " + v.valueType().name().toLowerCase(Locale.ROOT));
      return null;
    }
    return (ConfigObject) v;
  }

  ConfigObject objectOrEmpty(ConfigObject o, String k, Set<String> allowed) {
    if (!o.containsKey(k)) return null;
    ConfigObject c = asObject(o.get(k), k);
    if (c == null) return null;
    unknownKeys(c, k, allowed);
    if (!c.containsKey("live-migration")) return null;
    return asObject(c.get("live-migration"), k + ".live-migration");
  }

  ConfigList requiredList(ConfigObject o, String prefix, String k) {
    if (!o.containsKey(k)) {
      problem(o, join(prefix, k), "missing; give a list [ {...}, ... ]");
      return null;
    }
    return optionalList(o, prefix, k);
  }

  ConfigList optionalList(ConfigObject o, String prefix, String k) {
    if (!o.containsKey(k)) return null;
    ConfigValue v = o.get(k);
    if (v.valueType() != ConfigValueType.LIST) {
      problem(v, join(prefix, k), "expected a list [ {...}, ... ], found " + v.valueType().name().toLowerCase(Locale.ROOT));
      return null;
    }
    return (ConfigList) v;
  }

  String requiredName(ConfigObject o, String prefix) {
    String n = requiredString(o, prefix, "name");
    if (n != null && !isName(n)) {
      problem(o.get("name"), join(prefix, "name"), "'" + n + "' is not a name; allowed: letters, digits, '-', '_' and '.'");
      return null;
    }
    return n;
  }

  /** A name: {@code [A-Za-z0-9][A-Za-z0-9_.-]*}. */
  static boolean isName(String n) {
    if (n.isEmpty()) return false;
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
      if (!alnum && (i == 0 || c != '_' && c != '.' && c != '-')) return false;
    }
    return true;
  }

  String requiredString(ConfigObject o, String prefix, String k) {
    if (!o.containsKey(k)) {
      problem(o, join(prefix, k), "missing");
      return null;
    }
    return stringOf(o.get(k), join(prefix, k));
  }

  String optString(ConfigObject o, String prefix, String k, String dflt) {
    return o.containsKey(k) ? stringOf(o.get(k), join(prefix, k)) : dflt;
  }

  String stringOf(ConfigValue v, String key) {
    if (v.valueType() == ConfigValueType.STRING || v.valueType() == ConfigValueType.NUMBER) return String.valueOf(v.unwrapped());
    problem(v, key, "expected a text value, found " + v.valueType().name().toLowerCase(Locale.ROOT));
    return null;
  }

  boolean optBoolean(ConfigObject o, String prefix, String k, boolean dflt) {
    if (!o.containsKey(k)) return dflt;
    ConfigValue v = o.get(k);
    try {
      return ConfigFactory.empty().withValue("x", v).getBoolean("x");
    } catch (ConfigException e) {
      problem(v, join(prefix, k), "'" + v.unwrapped() + "' is not a boolean; allowed: true, false");
      return dflt;
    }
  }

  long longValue(ConfigValue v, String key, long min) {
    return longValue(v, key, min, Long.MAX_VALUE);
  }

  /**
   * A whole number in [min, max], as written: {@code 1.5} and {@code 1e23} (beyond a long) are
   * refused, not rounded or clamped as HOCON's getLong would.
   */
  long longValue(ConfigValue v, String key, long min, long max) {
    String text = v.valueType() == ConfigValueType.NUMBER || v.valueType() == ConfigValueType.STRING
        ? String.valueOf(v.unwrapped()).trim() : null;
    java.math.BigDecimal d = null;
    try {
      if (text != null) d = new java.math.BigDecimal(text);
    } catch (NumberFormatException e) {
      d = null;
    }
    String range = min == Long.MIN_VALUE && max == Long.MAX_VALUE ? "a whole number from -2^63 to 2^63 - 1"
        : max == Long.MAX_VALUE ? "a whole number ≥ " + min : "a whole number from " + min + " to " + max;
    if (d == null || d.stripTrailingZeros().scale() > 0) {
      problem(v, key, "'" + v.unwrapped() + "' is not a whole number; allowed: " + range);
      return Math.min(max, Math.max(min, 1));
    }
    if (d.compareTo(java.math.BigDecimal.valueOf(min)) < 0) {
      problem(v, key, (max == Long.MAX_VALUE && min != Long.MIN_VALUE ? text + " is too small; allowed: " : text + " is out of range; allowed: ") + range);
      return min;
    }
    if (d.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
      problem(v, key, text + " is out of range; allowed: " + range);
      return max;
    }
    return d.longValueExact();
  }

  double nonNegative(ConfigObject o, String prefix, String k) {
    if (!o.containsKey(k)) {
      problem(o, join(prefix, k), "missing; give a number ≥ 0");
      return 0;
    }
    ConfigValue v = o.get(k);
    if (v.valueType() != ConfigValueType.NUMBER) {
      problem(v, join(prefix, k), "'" + v.unwrapped() + "' is not a number; give a number ≥ 0");
      return 0;
    }
    double d = ((Number) v.unwrapped()).doubleValue();
    if (!Double.isFinite(d)) {
      problem(v, join(prefix, k), "'" + v.render() + "' is not a finite number; give a number ≥ 0");
      return 0;
    }
    if (d < 0) {
      problem(v, join(prefix, k), "must not be negative");
      return 0;
    }
    return d;
  }

  long requiredBytes(ConfigObject o, String prefix, String k) {
    if (!o.containsKey(k)) {
      problem(o, join(prefix, k), "missing; give a size, e.g. 8 GiB");
      return 0;
    }
    return bytesOf(o.get(k), join(prefix, k));
  }

  long bytesOf(ConfigValue v, String key) {
    try {
      Config one = ConfigFactory.empty().withValue("x", v);
      if (v.valueType() == ConfigValueType.NUMBER) {
        problem(v, key, "'" + v.unwrapped() + "' has no unit; give a size with its unit, e.g. 8 GiB, 512 MiB");
        return 0;
      }
      if (String.valueOf(v.unwrapped()).trim().startsWith("-")) {
        problem(v, key, "'" + v.unwrapped() + "' must be a positive size, e.g. 8 GiB");
        return 0;
      }
      long b = one.getBytes("x");
      if (b > MAX_BYTES) {
        problem(v, key, "'" + v.unwrapped() + "' is too large; allowed: up to 1 PiB");
        return 0;
      }
      if (b <= 0) {
        problem(v, key, "'" + v.unwrapped() + "' must be a positive size, e.g. 8 GiB");
        return 0;
      }
      return b;
    } catch (ConfigException e) {
      problem(v, key, "'" + v.unwrapped() + "' is not a size; give a number with B, KiB, MiB, GiB or TiB (e.g. 8 GiB)");
      return 0;
    }
  }

  long durationOf(ConfigValue v, String key) {
    if (v.valueType() == ConfigValueType.NUMBER) {
      problem(v, key, "'" + v.unwrapped() + "' has no unit; give a duration with its unit, e.g. 30 s, 2 minutes, 500 ms");
      return -1;
    }
    try {
      java.time.Duration d = ConfigFactory.empty().withValue("x", v).getDuration("x");
      if (d.isNegative()) {
        problem(v, key, "'" + v.unwrapped() + "' must not be negative");
        return -1;
      }
      if (d.compareTo(MAX_DURATION) > 0) {
        problem(v, key, "'" + v.unwrapped() + "' is out of range; allowed: 0 s to " + MAX_DURATION.toDays() + " days (10 years)");
        return -1;
      }
      return d.toNanos();
    } catch (ConfigException | ArithmeticException e) {
      problem(v, key, "'" + v.unwrapped() + "' is not a duration; give a number with ms, s, minutes or h (e.g. 30 s, 2 minutes)");
      return -1;
    }
  }

  double requiredBandwidth(ConfigObject o, String prefix, String k) {
    String key = join(prefix, k);
    if (!o.containsKey(k)) {
      problem(o, key, "missing; give a bandwidth, e.g. 10 Gbps");
      return 0;
    }
    return bandwidthOf(o.get(k), key, false);
  }

  /** A bandwidth with its unit (10 Gbps); {@code zeroAllowed} for limits where 0 means none. */
  double bandwidthOf(ConfigValue v, String key, boolean zeroAllowed) {
    String s = String.valueOf(v.unwrapped());
    Matcher m = BANDWIDTH.matcher(s);
    if (!m.matches()) {
      problem(v, key, "'" + s + "' is not a bandwidth; give a number with bps, Kbps, Mbps, Gbps or Tbps (e.g. 10 Gbps)");
      return 0;
    }
    double n = Double.parseDouble(m.group(1));
    double mult = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 1e3;
      case "m" -> 1e6;
      case "g" -> 1e9;
      case "t" -> 1e12;
      default -> 1;
    };
    if (n <= 0 && !(zeroAllowed && n == 0)) {
      problem(v, key, "'" + s + "' must be a positive bandwidth, e.g. 1 Gbps");
      return 0;
    }
    double bps = n * mult;
    if (bps != 0 && (bps < MIN_BPS || bps > MAX_BPS)) {
      problem(v, key, "'" + s + "' is out of range; allowed: " + (zeroAllowed ? "0 bps (none) or " : "") + "1 Mbps to 10 Tbps");
      return 0;
    }
    return bps;
  }

  /** A list of names for a message: all of them up to 20, else the first 20 and how many in all. */
  static String some(java.util.Collection<String> names) {
    if (names.size() <= 20) return names.toString();
    List<String> first = new ArrayList<>();
    for (String n : names) {
      if (first.size() == 20) break;
      first.add(n);
    }
    return "[" + String.join(", ", first) + String.format(Locale.ROOT, ", ... (%,d in all)]", names.size());
  }

  static Set<String> otherHosts(Set<String> hosts, String except) {
    Set<String> out = new TreeSet<>(hosts);
    out.remove(except);
    return out;
  }

  static Set<String> keys(String... ks) {
    return Set.of(ks);
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.HashSet<>(a);
    out.addAll(b);
    return out;
  }

  static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }

}
