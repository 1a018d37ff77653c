package dev.livemig.calibration;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.ScenarioException;

/**
 * The constants {@code livemig calibrate} fits: {@code livemig.calibrate.parameters} of the
 * configuration, read and checked (each key a constant of the kind its bounds are, its value within
 * them), every problem at its file and line. No key is named in the code: the list is the only place.
 */
public final class Parameters {
  private Parameters() {}

  public static final String PATH = "livemig.calibrate.parameters";
  private static final Set<String> ENTRY_KEYS = Set.of("key", "min", "max", "shows");

  /** The list in {@code config} (reference.conf under the scenario's own livemig block). */
  public static List<Parameter> from(Config config) throws ScenarioException {
    List<Problem> problems = new ArrayList<>();
    List<Parameter> out = new ArrayList<>();
    if (!config.hasPath(PATH) || config.getValue(PATH).valueType() != ConfigValueType.LIST) {
      throw new ScenarioException(List.of(new Problem("reference.conf", 0, PATH,
          "missing or not a list; give [ { key = \"livemig.cpu.tcp-per-core\", min = 200 Mbps, max = 40 Gbps } ... ]")));
    }
    ConfigList list = config.getList(PATH);
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue v = list.get(i);
      String at = PATH + "[" + i + "]";
      if (v.valueType() != ConfigValueType.OBJECT) {
        problems.add(problem(v.origin(), at, "expected { key = ..., min = ..., max = ... }"));
        continue;
      }
      ConfigObject o = (ConfigObject) v;
      for (String k : o.keySet()) {
        if (!ENTRY_KEYS.contains(k)) problems.add(problem(o.get(k).origin(), at + "." + k, "unknown key; allowed: key, min, max, shows"));
      }
      ConfigValue keyValue = o.get("key");
      if (keyValue == null || keyValue.valueType() != ConfigValueType.STRING) {
        problems.add(problem(o.origin(), at + ".key", "missing; give the constant's full key, e.g. \"livemig.migration.create-vm\""));
        continue;
      }
      String key = String.valueOf(keyValue.unwrapped());
      if (!seen.add(key)) {
        problems.add(problem(keyValue.origin(), at + ".key", key + " is listed twice"));
        continue;
      }
      ConfigValue current;
      try {
        current = key.startsWith("livemig.") && config.hasPath(key) ? config.getValue(key) : null;
      } catch (ConfigException e) {
        current = null;
      }
      if (current == null) {
        problems.add(problem(keyValue.origin(), at + ".key", "'" + key + "' is no constant of the configuration; allowed: a livemig.* key of reference.conf"));
        continue;
      }
      Parameter.Kind kind = Parameter.Kind.of(current);
      double initial = kind == null ? Double.NaN : kind.parse(current);
      if (kind == null || !(initial > 0)) {
        problems.add(problem(keyValue.origin(), at + ".key", key + " = " + current.unwrapped()
            + " cannot be fitted; allowed: a positive bandwidth, duration, size or number"));
        continue;
      }
      double min = bound(o, "min", kind, at, problems);
      double max = bound(o, "max", kind, at, problems);
      if (Double.isNaN(min) || Double.isNaN(max)) continue;
      if (!(min < max)) {
        problems.add(problem(o.get("min").origin(), at + ".min", "must be below max (" + kind.human(max) + ")"));
        continue;
      }
      if (initial < min || initial > max) {
        problems.add(problem(o.origin(), at, key + "'s value " + kind.human(initial) + " is outside [" + kind.human(min) + ", "
            + kind.human(max) + "]; widen the bounds"));
        continue;
      }
      ConfigValue shows = o.get("shows");
      out.add(new Parameter(key, kind, min, max, initial, shows == null ? null : String.valueOf(shows.unwrapped())));
    }
    if (out.isEmpty() && problems.isEmpty()) problems.add(new Problem("reference.conf", 0, PATH, "empty; list at least one constant"));
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    return List.copyOf(out);
  }

  private static double bound(ConfigObject o, String name, Parameter.Kind kind, String at, List<Problem> problems) {
    ConfigValue v = o.get(name);
    if (v == null) {
      problems.add(problem(o.origin(), at + "." + name, "missing; give a " + kind.name().toLowerCase(java.util.Locale.ROOT)
          + " (the constant's kind)"));
      return Double.NaN;
    }
    double d = kind.parse(v);
    if (!(d > 0) || !Double.isFinite(d)) {
      problems.add(problem(v.origin(), at + "." + name, "'" + v.unwrapped() + "' is not a positive "
          + kind.name().toLowerCase(java.util.Locale.ROOT) + " (the constant's kind)"));
      return Double.NaN;
    }
    return d;
  }

  static Problem problem(ConfigOrigin o, String key, String message) {
    String file = o == null ? "reference.conf" : o.filename() != null ? new java.io.File(o.filename()).getName().equals("reference.conf")
        ? "reference.conf" : o.filename() : o.resource() != null ? o.resource() : o.description();
    return new Problem(file, o == null ? 0 : Math.max(0, o.lineNumber()), key, message);
  }
}
