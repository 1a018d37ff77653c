package dev.livemig.advise;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.livemig.scenario.ConfigLoader;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.ScenarioException;

/**
 * Reads an options file (HOCON) into {@link Options}; every problem with its file, line and key and
 * what is allowed, all at once. A choice's {@code set} block is kept as scenario overrides, its
 * substitutions ({@code ${templates.layouts.x}}) unresolved: they resolve in the scenario.
 *
 * <pre>
 * costs = [ { name = money, unit = EUR }, { name = switch-ports, max = 8 } ]   # rank order
 * dimensions = [
 *   { name = network, choices = [
 *       { name = 1gbe-team, label = "2 x 1 GbE LBFO", set { ... }, cost { money = 0, switch-ports = 2 } } ] }
 * ]
 * exclude = [ { when { network = 1gbe-team, transport = smb-direct }, because = "SMB Direct needs RDMA NICs" } ]
 * search { exhaustive-up-to = 240, batch = 8 }
 * </pre>
 */
public final class OptionsFile {
  private static final Set<String> TOP = Set.of("costs", "dimensions", "exclude", "search");
  private static final Set<String> COST = Set.of("name", "unit", "max");
  private static final Set<String> DIMENSION = Set.of("name", "choices");
  private static final Set<String> CHOICE = Set.of("name", "label", "set", "cost");
  private static final Set<String> EXCLUDE = Set.of("when", "because");
  private static final Set<String> SEARCH = Set.of("exhaustive-up-to", "batch");
  /** More layouts than this is surely a mistake (each is loaded and checked before any runs). */
  public static final int MAX_LAYOUTS = 5_000;
  static final int DEFAULT_EXHAUSTIVE_UP_TO = 240;
  static final int DEFAULT_BATCH = 8;

  private final String file;
  private final List<Problem> problems;

  private OptionsFile(String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
  }

  /** Reads {@code path}; its problems added to {@code problems} (null returned when there are any). */
  public static Options read(File path, Config config, List<Problem> problems) {
    if (!path.isFile()) {
      problems.add(new Problem(path.getPath(), 0, null, path.exists() ? "not a file" : "no such file; --options names the options file"));
      return null;
    }
    Config c;
    try {
      c = ConfigLoader.parseScenario(path, config).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true)
          .setUseSystemEnvironment(false));
    } catch (ScenarioException e) {
      problems.addAll(e.problems());
      return null;
    } catch (com.typesafe.config.ConfigException e) {
      problems.add(new Problem(path.getPath(), e.origin() == null ? 0 : Math.max(0, e.origin().lineNumber()), null, ConfigLoader.reason(e)));
      return null;
    }
    return of(path.getPath(), c.root(), problems);
  }

  /** Reads an options block ({@code advise { options { ... } }} of a scenario, or a file's root). */
  public static Options of(String file, ConfigObject root, List<Problem> problems) {
    int before = problems.size();
    Options o = new OptionsFile(file, problems).options(root);
    return problems.size() > before ? null : o;
  }

  private Options options(ConfigObject root) {
    unknown(root, "", TOP);
    List<Options.Cost> costs = new ArrayList<>();
    ConfigList cl = list(root, "costs", true);
    if (cl != null) {
      for (int i = 0; i < cl.size(); i++) {
        String key = "costs[" + i + "]";
        ConfigObject o = object(cl.get(i), key);
        if (o == null) continue;
        unknown(o, key, COST);
        String name = name(o, key);
        String unit = o.containsKey("unit") ? string(o.get("unit"), key + ".unit") : "";
        Double max = o.containsKey("max") ? number(o.get("max"), key + ".max") : null;
        if (name == null) continue;
        if (costs.stream().anyMatch(x -> x.name().equals(name))) problem(o, key + ".name", "'" + name + "' is named twice; name each cost once");
        else costs.add(new Options.Cost(name, unit == null ? "" : unit, max));
      }
      if (cl.isEmpty()) problem(cl, "costs", "no cost; name at least one, e.g. costs = [ { name = money, unit = EUR } ]");
    }
    List<String> costNames = costs.stream().map(Options.Cost::name).toList();
    List<Options.Dimension> dims = new ArrayList<>();
    ConfigList dl = list(root, "dimensions", true);
    if (dl != null) {
      if (dl.isEmpty()) problem(dl, "dimensions", "no dimension; name at least one, e.g. dimensions = [ { name = network, choices = [ ... ] } ]");
      for (int i = 0; i < dl.size(); i++) {
        String key = "dimensions[" + i + "]";
        ConfigObject o = object(dl.get(i), key);
        if (o == null) continue;
        unknown(o, key, DIMENSION);
        String name = name(o, key);
        List<Options.Choice> choices = new ArrayList<>();
        ConfigList chl = list(o, key + ".choices", o.get("choices"), true);
        if (chl != null) {
          if (chl.isEmpty()) problem(chl, key + ".choices", "no choice; give at least one, e.g. { name = tcpip, set { cluster.live-migration.performance-option = tcpip } }");
          for (int j = 0; j < chl.size(); j++) {
            Options.Choice ch = choice(chl.get(j), key + ".choices[" + j + "]", costNames);
            if (ch == null) continue;
            if (choices.stream().anyMatch(x -> x.name().equals(ch.name())))
              problem(chl.get(j), key + ".choices[" + j + "].name", "'" + ch.name() + "' names two choices of " + name + "; name each once");
            else choices.add(ch);
          }
        }
        if (name == null) continue;
        if (dims.stream().anyMatch(x -> x.name().equals(name))) problem(o, key + ".name", "'" + name + "' names two dimensions; name each once");
        else dims.add(new Options.Dimension(name, choices, line(o)));
      }
    }
    List<Options.Exclusion> excludes = new ArrayList<>();
    ConfigList el = list(root, "exclude", false);
    if (el != null) {
      for (int i = 0; i < el.size(); i++) {
        String key = "exclude[" + i + "]";
        ConfigObject o = object(el.get(i), key);
        if (o == null) continue;
        unknown(o, key, EXCLUDE);
        ConfigObject when = o.get("when") == null ? null : object(o.get("when"), key + ".when");
        if (o.get("when") == null) problem(o, key + ".when", "missing; name a choice per dimension, e.g. when { network = 1gbe-team, transport = smb-direct }");
        String because = o.containsKey("because") ? string(o.get("because"), key + ".because") : null;
        if (!o.containsKey("because")) problem(o, key + ".because", "missing; say why the combination is not allowed, e.g. because = \"SMB Direct needs RDMA NICs\"");
        if (when == null) continue;
        Map<String, String> w = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(when.keySet());
        keys.sort(null);
        for (String d : keys) {
          String k = key + ".when." + d;
          Options.Dimension dim = dims.stream().filter(x -> x.name().equals(d)).findFirst().orElse(null);
          String choice = string(when.get(d), k);
          if (dim == null) {
            problem(when.get(d), k, "no dimension named '" + d + "'; allowed: " + String.join(", ", dims.stream().map(Options.Dimension::name).toList()));
          } else if (choice != null && dim.choices().stream().noneMatch(x -> x.name().equals(choice))) {
            problem(when.get(d), k, "'" + choice + "' is not a choice of " + d + "; allowed: "
                + String.join(", ", dim.choices().stream().map(Options.Choice::name).toList()));
          } else if (choice != null) {
            w.put(d, choice);
          }
        }
        if (keys.isEmpty()) problem(when, key + ".when", "empty; name a choice per dimension, e.g. when { network = 1gbe-team }");
        excludes.add(new Options.Exclusion(w, because == null ? "" : because, line(o)));
      }
    }
    int exhaustive = DEFAULT_EXHAUSTIVE_UP_TO;
    int batch = DEFAULT_BATCH;
    if (root.get("search") != null) {
      ConfigObject s = object(root.get("search"), "search");
      if (s != null) {
        unknown(s, "search", SEARCH);
        if (s.containsKey("exhaustive-up-to")) exhaustive = whole(s.get("exhaustive-up-to"), "search.exhaustive-up-to", 0, exhaustive);
        if (s.containsKey("batch")) batch = whole(s.get("batch"), "search.batch", 1, batch);
      }
    }
    if (!dims.isEmpty()) {
      long n = 1;
      for (Options.Dimension d : dims) n = Math.min((long) MAX_LAYOUTS + 1, n * Math.max(1, d.choices().size()));
      if (n > MAX_LAYOUTS) problem(dl, "dimensions", "the dimensions make more than " + MAX_LAYOUTS + " layouts; allowed: at most " + MAX_LAYOUTS);
    }
    return new Options(file, costs, dims, excludes, exhaustive, batch);
  }

  private Options.Choice choice(ConfigValue v, String key, List<String> costNames) {
    ConfigObject o = object(v, key);
    if (o == null) return null;
    unknown(o, key, CHOICE);
    String name = name(o, key);
    String label = o.containsKey("label") ? string(o.get("label"), key + ".label") : null;
    List<String> overrides = new ArrayList<>();
    if (o.get("set") != null) {
      ConfigObject set = object(o.get("set"), key + ".set");
      if (set != null) flatten(set, List.of(), overrides);
    }
    Map<String, Double> costs = new LinkedHashMap<>();
    if (o.get("cost") != null) {
      ConfigObject c = object(o.get("cost"), key + ".cost");
      if (c != null) {
        List<String> names = new ArrayList<>(c.keySet());
        names.sort(null);
        for (String n : names) {
          if (!costNames.contains(n)) {
            problem(c.get(n), key + ".cost." + n, "no cost named '" + n + "' in costs; allowed: " + String.join(", ", costNames));
            continue;
          }
          Double x = number(c.get(n), key + ".cost." + n);
          if (x != null && x < 0) problem(c.get(n), key + ".cost." + n, "must not be negative");
          else if (x != null) costs.put(n, x);
        }
      }
    }
    return name == null ? null : new Options.Choice(name, label, overrides, costs, line(o));
  }

  /** A set block's overrides: one per leaf ({@code a.b.c=value}), in key order, a substitution kept as written. */
  private static void flatten(ConfigObject o, List<String> path, List<String> out) {
    List<String> keys = new ArrayList<>(o.keySet());
    keys.sort(null);
    for (String k : keys) {
      List<String> p = new ArrayList<>(path);
      p.add(k);
      ConfigValue v = o.get(k);
      if (v instanceof ConfigObject child && !child.isEmpty()) flatten(child, p, out);
      else out.add(ConfigUtil.joinPath(p) + "=" + v.render(ConfigRenderOptions.concise()));
    }
  }

  // ------------------------------------------------------------------ values

  private void unknown(ConfigObject o, String key, Set<String> allowed) {
    List<String> sorted = new ArrayList<>(allowed);
    sorted.sort(null);
    for (String k : o.keySet()) {
      if (!allowed.contains(k)) problem(o.get(k), key.isEmpty() ? k : key + "." + k, "unknown key; allowed: " + String.join(", ", sorted));
    }
  }

  private ConfigList list(ConfigObject o, String key, boolean required) {
    return list(o, key, o.get(key), required);
  }

  private ConfigList list(ConfigObject parent, String key, ConfigValue v, boolean required) {
    if (v == null) {
      if (required) problem(parent, key, "missing; a list, e.g. " + key.replaceAll(".*\\.", "") + " = [ ... ]");
      return null;
    }
    if (v instanceof ConfigList l) return l;
    problem(v, key, "not a list; write " + key.replaceAll(".*\\.", "") + " = [ ... ]");
    return null;
  }

  private ConfigObject object(ConfigValue v, String key) {
    if (v instanceof ConfigObject o) return o;
    problem(v, key, "not a block; write { ... }");
    return null;
  }

  private String name(ConfigObject o, String key) {
    if (!o.containsKey("name")) {
      problem(o, key + ".name", "missing; every entry has a name (letters, digits, '-' or '_')");
      return null;
    }
    String n = string(o.get("name"), key + ".name");
    if (n != null && !n.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      problem(o.get("name"), key + ".name", "'" + n + "' is not a name; allowed: letters, digits, '-', '_' and '.'");
      return null;
    }
    return n;
  }

  private String string(ConfigValue v, String key) {
    if (v.valueType() == ConfigValueType.STRING || v.valueType() == ConfigValueType.NUMBER || v.valueType() == ConfigValueType.BOOLEAN) {
      String s = String.valueOf(v.unwrapped());
      if (!s.isBlank()) return s;
    }
    problem(v, key, "not a text");
    return null;
  }

  private Double number(ConfigValue v, String key) {
    if (v.valueType() == ConfigValueType.NUMBER && Double.isFinite(((Number) v.unwrapped()).doubleValue()))
      return ((Number) v.unwrapped()).doubleValue();
    problem(v, key, "'" + v.unwrapped() + "' is not a number");
    return null;
  }

  private int whole(ConfigValue v, String key, int min, int fallback) {
    if (v.valueType() == ConfigValueType.NUMBER && v.unwrapped() instanceof Integer i && i >= min) return i;
    problem(v, key, "'" + v.unwrapped() + "' is not a whole number of at least " + min);
    return fallback;
  }

  private void problem(ConfigValue at, String key, String message) {
    problems.add(new Problem(file, line(at), key, message));
  }

  static int line(ConfigValue v) {
    return v == null || v.origin() == null ? 0 : Math.max(0, v.origin().lineNumber());
  }
}
