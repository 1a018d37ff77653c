package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * The calibration constants ({@code livemig.*}, reference.conf) as given elsewhere: a {@code -D}
 * system property, an {@code application.conf}, or a scenario's {@code livemig { ... }} block (and
 * {@code --set} / {@code --vary livemig.x=...}). Each value given is checked against the kind of
 * reference.conf's value of the same key (a duration, a size, a bandwidth, a percentage, a number, a
 * boolean, a block, a list), an unknown key in a block of settings is a problem, and the settings
 * the run builds from them are built once here, so that a bad value is a {@code file:line} problem
 * (exit 2) at start-up and never a failure inside a run.
 */
public final class Calibration extends ConfigReader {
  /** Where problems of a {@code -D} system property are located. */
  static final String SYSTEM_PROPERTY = "-D";

  Calibration(ConfigReader shared) {
    super(shared);
  }

  private Calibration(String file, Config defaults) {
    super(file, ScenarioLoader.SET, defaults);
  }

  /** A configuration (application.conf, -D) whose livemig.* values cannot be used: its problems. */
  public static final class Invalid extends RuntimeException {
    private final List<Problem> problems;

    Invalid(List<Problem> problems) {
      super(problems.size() + " problem(s) in the configuration", null, false, false);
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  /**
   * reference.conf alone: not {@code ConfigFactory.defaultReference()}, which has the -D overrides in
   * it. The unresolved reference is the one {@code ConfigFactory.load()} parsed and cached (every
   * reference.conf of a local run, {@link ConfigLoader#localLoader()}): not parsed a second time.
   */
  static Config reference() {
    return ConfigFactory.defaultReferenceUnresolved(ConfigLoader.localLoader()).resolve();
  }

  /** Checks the loaded configuration's livemig.* values against reference.conf's; throws {@link Invalid}. */
  static void checkLoaded(Config loaded, Config reference) {
    Calibration c = new Calibration(SYSTEM_PROPERTY, reference);
    c.check(loaded.getObject("livemig"), reference.getObject("livemig"), "livemig");
    if (c.problems.isEmpty()) c.build(loaded, null);
    if (!c.problems.isEmpty()) throw new Invalid(Problems.grouped(c.problems));
  }

  /**
   * A scenario's {@code livemig} block (with its overrides) over the configuration: problems at
   * their line; returns the block as HOCON the run lays over the configuration, or null.
   */
  String scenarioBlock(ConfigObject root, Config defaults) {
    if (!root.containsKey("livemig")) return null;
    ConfigValue v = root.get("livemig");
    if (v.valueType() != ConfigValueType.OBJECT) {
      problem(v, "livemig", "expected a block of calibration constants, e.g. livemig { migration.create-vm = 2 s }");
      return null;
    }
    int before = problems.size();
    check((ConfigObject) v, defaults.getObject("livemig"), "livemig");
    Config merged = ((ConfigObject) v).toConfig().atKey("livemig").withFallback(defaults);
    if (problems.size() == before) build(merged, v);
    return problems.size() == before ? ((ConfigObject) v).toConfig().atKey("livemig").root().render(
        com.typesafe.config.ConfigRenderOptions.concise()) : null;
  }

  /** Each value of {@code given} against the value of the same key in {@code ref}. */
  private void check(ConfigObject given, ConfigObject ref, String prefix) {
    for (String k : new TreeSet<>(given.keySet())) {
      ConfigValue v = given.get(k);
      ConfigValue r = ref.get(k);
      String key = prefix + "." + k;
      if (r == null) {
        if (settings(ref)) problem(v, key, "unknown key; allowed here: " + String.join(", ", new TreeSet<>(ref.keySet())));
        continue; // a block of named entries (workload presets, policies): new names are allowed
      }
      switch (r.valueType()) {
        case OBJECT -> {
          if (v.valueType() == ConfigValueType.OBJECT) check((ConfigObject) v, (ConfigObject) r, key);
          else problem(v, key, "expected a block { ... }, as in reference.conf");
        }
        case LIST -> {
          if (v.valueType() != ConfigValueType.LIST) problem(v, key, "expected a list [ ... ], as in reference.conf");
        }
        case NUMBER -> number(v, key);
        case BOOLEAN -> {
          try {
            ConfigFactory.empty().withValue("x", v).getBoolean("x");
          } catch (ConfigException e) {
            problem(v, key, "'" + v.unwrapped() + "' is not a boolean; allowed: true, false");
          }
        }
        case STRING -> string(v, r, key);
        default -> { }
      }
    }
  }

  /** A block of settings (some value is not a block), as opposed to a block of named entries. */
  private static boolean settings(ConfigObject ref) {
    for (ConfigValue x : ref.values()) if (x.valueType() != ConfigValueType.OBJECT) return true;
    return ref.isEmpty();
  }

  private void number(ConfigValue v, String key) {
    try {
      double d = ConfigFactory.empty().withValue("x", v).getDouble("x");
      if (!Double.isFinite(d)) problem(v, key, "'" + v.unwrapped() + "' is not a finite number");
    } catch (ConfigException e) {
      problem(v, key, "'" + v.unwrapped() + "' is not a number; allowed: a number, as in reference.conf");
    }
  }

  /** A string in reference.conf is a bandwidth, a percentage, a duration, a size, or free text. */
  private void string(ConfigValue v, ConfigValue r, String key) {
    String s = String.valueOf(r.unwrapped()).trim();
    Config ref = ConfigFactory.empty().withValue("x", r);
    if (s.toLowerCase(Locale.ROOT).endsWith("bps")) {
      bandwidthOf(v, key, true);
    } else if (s.endsWith("%")) {
      String t = String.valueOf(v.unwrapped()).trim();
      try {
        double p = Double.parseDouble(t.endsWith("%") ? t.substring(0, t.length() - 1).trim() : "x");
        if (p < 0 || p > 100) problem(v, key, "'" + t + "' is out of range; allowed: 0% to 100%");
      } catch (NumberFormatException e) {
        problem(v, key, "'" + t + "' is not a percentage; give a number with %, e.g. " + s);
      }
    } else if (parses(() -> ref.getDuration("x"))) {
      durationOf(v, key);
    } else if (parses(() -> ref.getBytes("x"))) {
      bytesOf(v, key);
    } else if (v.valueType() != ConfigValueType.STRING) {
      problem(v, key, "expected text, as in reference.conf ('" + s + "')");
    }
  }

  private static boolean parses(Runnable r) {
    try {
      r.run();
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  /** Builds the run's settings from the configuration, as a run will: what fails is a problem. */
  private void build(Config c, ConfigValue at) {
    List<Runnable> builders = new ArrayList<>(List.of(
        () -> dev.livemig.migration.MigrationSettings.from(c),
        () -> dev.livemig.network.NetworkSettings.from(c),
        () -> dev.livemig.migration.MovePlan.Settings.from(c)));
    for (Runnable b : builders) {
      try {
        b.run();
      } catch (RuntimeException e) {
        problem(at, "livemig", "cannot be used: " + (e instanceof ConfigException ce ? ConfigLoader.reason(ce) : e.getMessage()));
      }
    }
  }
}
