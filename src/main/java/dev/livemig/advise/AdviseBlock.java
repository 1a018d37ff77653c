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
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.livemig.scenario.ConfigLoader;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.ScenarioException;

/**
 * A scenario's {@code advise} block: the question {@code livemig advise FILE} asks without
 * {@code --goal}/{@code --options}, and what {@code livemig check} expects of the answer.
 *
 * <pre>
 * advise {
 *   goals = ["drain-hv1 <= 5 min", "pings-lost == 0"]
 *   options = drain-250gb.options     # relative to this file
 *   seeds = 3                         # seeds 1..3; or a list, [7, 8, 9]; default: the scenario's seed
 *   expect { cheapest = "network=2x10gbe-rdma, transport=smb-direct, simultaneous=4", feasible = 5, front = 2 }
 * }
 * </pre>
 */
public record AdviseBlock(List<Advisor.Written> goals, File options, List<Long> seeds, Map<String, Object> expect, int expectLine) {

  public static final String KEY = "advise";
  private static final Set<String> KEYS = Set.of("goals", "options", "seeds", "expect");
  /** What an advise block can expect: the cheapest layout (or "none"), and how many layouts have each verdict or are on the front. */
  public static final List<String> EXPECT = List.of("cheapest", "feasible", "infeasible", "dominated", "front");
  public static final int MAX_SEEDS = 100;

  /** The file's advise block, or null when it has none; its problems (file, line, key) thrown all at once. */
  public static AdviseBlock read(File scenario, Config config) throws ScenarioException {
    Config c = ConfigLoader.parseScenario(scenario, config);
    ConfigValue v = c.root().get(KEY);
    if (v == null) return null;
    String file = scenario.getPath();
    List<Problem> problems = new ArrayList<>();
    if (!(v instanceof ConfigObject o)) {
      problems.add(new Problem(file, line(v), KEY, "not a block; write advise { goals = [...], options = FILE, seeds = N, expect { ... } }"));
      throw new ScenarioException(problems);
    }
    for (String k : o.keySet())
      if (!KEYS.contains(k)) problems.add(new Problem(file, line(o.get(k)), KEY + "." + k, "unknown key; allowed: expect, goals, options, seeds"));
    List<Advisor.Written> goals = new ArrayList<>();
    if (o.get("goals") instanceof ConfigList l) {
      for (int i = 0; i < l.size(); i++) {
        ConfigValue g = l.get(i);
        if (g.valueType() == ConfigValueType.STRING) goals.add(new Advisor.Written((String) g.unwrapped(), file, line(g), KEY + ".goals[" + i + "]"));
        else problems.add(new Problem(file, line(g), KEY + ".goals[" + i + "]", "not a text; a goal is e.g. \"drain-hv1 <= 5 min\""));
      }
    } else if (o.get("goals") != null) {
      problems.add(new Problem(file, line(o.get("goals")), KEY + ".goals", "not a list; write goals = [\"drain-hv1 <= 5 min\", \"pings-lost == 0\"]"));
    }
    File options = null;
    if (o.get("options") != null) {
      ConfigValue ov = o.get("options");
      if (ov.valueType() == ConfigValueType.STRING) {
        File f = new File((String) ov.unwrapped());
        options = f.isAbsolute() ? f : new File(scenario.getAbsoluteFile().getParentFile(), f.getPath());
        options = new File(relative(options));
      } else {
        problems.add(new Problem(file, line(ov), KEY + ".options", "not a file name; write options = drain-250gb.options (relative to this file)"));
      }
    }
    List<Long> seeds = null;
    if (o.get("seeds") != null) seeds = seeds(o.get("seeds"), file, KEY + ".seeds", problems);
    Map<String, Object> expect = new LinkedHashMap<>();
    int expectLine = 0;
    if (o.get("expect") instanceof ConfigObject e) {
      expectLine = line(e);
      for (String k : EXPECT) {
        ConfigValue x = e.get(k);
        if (x == null) continue;
        if ("cheapest".equals(k)) {
          if (x.valueType() == ConfigValueType.STRING) expect.put(k, x.unwrapped());
          else problems.add(new Problem(file, line(x), KEY + ".expect.cheapest", "not a text; the layout as advise names it, or \"none\""));
        } else if (x.valueType() == ConfigValueType.NUMBER && x.unwrapped() instanceof Integer n && n >= 0) {
          expect.put(k, n);
        } else {
          problems.add(new Problem(file, line(x), KEY + ".expect." + k, "'" + x.unwrapped() + "' is not a count (a whole number, 0 or more)"));
        }
      }
      for (String k : e.keySet())
        if (!EXPECT.contains(k)) problems.add(new Problem(file, line(e.get(k)), KEY + ".expect." + k, "unknown key; allowed: " + String.join(", ", EXPECT)));
    } else if (o.get("expect") != null) {
      problems.add(new Problem(file, line(o.get("expect")), KEY + ".expect", "not a block; write expect { cheapest = \"...\", feasible = N }"));
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    return new AdviseBlock(goals, options, seeds, expect, expectLine);
  }

  /** {@code N} (seeds 1..N) or a list of seeds; problems added, null returned, when it is neither. */
  public static List<Long> seeds(ConfigValue v, String file, String key, List<Problem> problems) {
    List<Long> out = new ArrayList<>();
    if (v.valueType() == ConfigValueType.NUMBER && v.unwrapped() instanceof Integer n && n >= 1 && n <= MAX_SEEDS) {
      for (long s = 1; s <= n; s++) out.add(s);
      return out;
    }
    if (v instanceof ConfigList l && !l.isEmpty() && l.size() <= MAX_SEEDS) {
      for (ConfigValue x : l) {
        if (x.valueType() == ConfigValueType.NUMBER && x.unwrapped() instanceof Number n && n.doubleValue() == n.longValue()) {
          if (out.contains(n.longValue())) problems.add(new Problem(file, line(x), key, "seed " + n + " is given twice"));
          out.add(n.longValue());
        } else {
          problems.add(new Problem(file, line(x), key, "'" + x.unwrapped() + "' is not a seed (a whole number)"));
        }
      }
      return out;
    }
    problems.add(new Problem(file, line(v), key, "'" + v.unwrapped() + "' is not seeds; allowed: a count N (seeds 1..N, at most "
        + MAX_SEEDS + ") or a list of whole numbers, e.g. [7, 8, 9]"));
    return null;
  }

  private static String relative(File f) {
    String cwd = new File("").getAbsolutePath() + File.separator;
    String p = f.toPath().normalize().toString();
    return p.startsWith(cwd) ? p.substring(cwd.length()) : p;
  }

  private static int line(ConfigValue v) {
    return v == null || v.origin() == null ? 0 : Math.max(0, v.origin().lineNumber());
  }

  /** One expectation of the block checked against the answer: what was expected and what advise found. */
  public record Check(String key, String expected, String found, boolean ok) {}

  /** The block's expectations against an answer. */
  public List<Check> check(Advice a) {
    List<Check> out = new ArrayList<>();
    for (var e : expect.entrySet()) {
      String found = switch (e.getKey()) {
        case "cheapest" -> a.cheapest() == null ? "none" : a.cheapest();
        case "front" -> String.valueOf(a.front().size());
        default -> String.valueOf(a.count(e.getKey()));
      };
      String expected = String.valueOf(e.getValue());
      out.add(new Check(e.getKey(), expected, found, expected.equals(found)));
    }
    return out;
  }
}
