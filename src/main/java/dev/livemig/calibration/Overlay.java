package dev.livemig.calibration;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import dev.livemig.scenario.ConfigLoader;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioException;

/**
 * A calibration overlay ({@code --calibration FILE}): HOCON that sets some of the constants of
 * livemig.calibrate.parameters and nothing else, each value of its constant's kind and within its
 * bounds. It is a layer between the configuration (reference.conf, application.conf, -D) and the
 * scenario: the scenario's own {@code livemig { ... }} values, {@code --set} and {@code --vary} win over
 * it (said as a warning when a scenario sets a constant the overlay sets). Problems at the file's lines.
 */
public final class Overlay {
  private Overlay() {}

  /** The overlay's constants (with their origins, for problems at their lines). */
  public static Config read(File file) throws ScenarioException {
    if (!file.isFile()) throw new ScenarioException(List.of(new Problem(file.getPath(), 0, null,
        file.exists() ? "not a file" : "no such file; give the overlay livemig calibrate --out wrote")));
    Config c;
    try {
      c = ConfigLoader.resolve(ConfigLoader.parseScenario(file, Runs.config()), file.getPath());
    } catch (ConfigException e) {
      com.typesafe.config.ConfigOrigin o = e.origin();
      throw new ScenarioException(List.of(new Problem(file.getPath(), o == null ? 0 : Math.max(0, o.lineNumber()), null,
          ConfigLoader.reason(e))));
    }
    Map<String, Parameter> allowed = new TreeMap<>();
    for (Parameter p : Parameters.from(Runs.config())) allowed.put(p.key(), p);
    List<Problem> problems = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : new TreeMap<>(c.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).entrySet()) {
      int line = Math.max(0, e.getValue().origin().lineNumber());
      Parameter p = allowed.get(e.getKey());
      if (p == null) {
        problems.add(new Problem(file.getPath(), line, e.getKey(), "not a calibrated constant; allowed: "
            + String.join(", ", allowed.keySet()) + " (livemig.calibrate.parameters)"));
        continue;
      }
      double v = p.kind().parse(e.getValue());
      if (Double.isNaN(v)) {
        problems.add(new Problem(file.getPath(), line, e.getKey(), "'" + e.getValue().unwrapped() + "' is not a "
            + p.kind().name().toLowerCase(java.util.Locale.ROOT) + "; give one like its default, " + p.initialText()));
      } else if (v < p.min() || v > p.max()) {
        problems.add(new Problem(file.getPath(), line, e.getKey(), "'" + e.getValue().unwrapped() + "' is out of range; allowed: "
            + p.kind().human(p.min()) + " to " + p.kind().human(p.max()) + " (livemig.calibrate.parameters)"));
      }
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    return c;
  }

  /**
   * Warnings for a scenario that sets, in its own livemig block, constants the overlay sets: its
   * values win. One line each, {@code FILE: warning: ...}; none when the file cannot be read (its
   * load says why).
   */
  public static List<String> shadowed(File scenario, Config overlay) {
    List<String> out = new ArrayList<>();
    Config own;
    try {
      own = ConfigLoader.resolve(ConfigLoader.parseScenario(scenario, Runs.config()), scenario.getPath());
    } catch (ScenarioException | ConfigException e) {
      return out;
    }
    for (String key : new java.util.TreeSet<>(overlay.root().toConfig().entrySet().stream().map(Map.Entry::getKey).toList())) {
      boolean has;
      try {
        has = own.hasPath(key);
      } catch (ConfigException e) {
        has = false;
      }
      if (has) {
        out.add(scenario.getPath() + ":" + Math.max(0, own.getValue(key).origin().lineNumber()) + ": warning: " + key
            + " is set by the scenario itself (" + own.getValue(key).unwrapped() + "): the calibration's value ("
            + overlay.getValue(key).unwrapped() + ", " + new File(overlay.getValue(key).origin().filename()).getName() + ":"
            + overlay.getValue(key).origin().lineNumber() + ") is not used");
      }
    }
    return out;
  }
}
