package dev.livemig.scenario;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * What a scenario file offers a comparison ({@code livemig compare}): its {@code variants} block, the
 * alternatives an architect compares, each a name and the scenario keys it overrides,
 *
 * <pre>
 * variants {
 *   tcpip-1gbe { label = "1 GbE TCP/IP", cluster.live-migration = ${templates.layouts.tcpip-1gbe} }
 *   smb-direct { cluster.live-migration = ${templates.layouts.smb-direct-10gbe} }
 * }
 * </pre>
 *
 * ({@code --vary variants}: all of them in file order; {@code --vary variants=smb-direct,tcpip-1gbe}:
 * those), and the {@code label} a template gives itself ({@code --vary
 * 'cluster.live-migration=${templates.layouts.tcpip-1gbe}'} is shown by it, else by its last name).
 * A run of the file does not read the block, as it does not read {@code templates}.
 */
public final class FileVariants implements Variants.Lookup {
  /** A variant's key for the name it is shown by (not an override). */
  public static final String LABEL = "label";

  /**
   * One variant of the block: its name, its label (null when it gives none) and the overrides that
   * make it ({@code KEY=${variants.NAME.KEY}} for each top-level key it sets, so its values keep their
   * lines in the file).
   */
  public record Named(String name, String label, List<String> overrides) {
    public Named {
      overrides = List.copyOf(overrides);
    }

    /** What the table calls it: its label, else its name. */
    public String shown() {
      return label != null ? label : name;
    }
  }

  private final String file;
  private final Config raw;
  private final Config resolved;

  private FileVariants(String file, Config raw, Config resolved) {
    this.file = file;
    this.raw = raw;
    this.resolved = resolved;
  }

  /**
   * Reads {@code path} (the file alone, no overrides). A file that cannot be read or resolved: its
   * problems, each at its line, as the loader would say them.
   */
  public static FileVariants read(File path, Config config) throws ScenarioException {
    if (!path.isFile()) throw new ScenarioException(List.of(new Problem(path.getPath(), 0, null, path.exists() ? "not a file" : "no such file")));
    Config raw = ConfigLoader.parseScenario(path, config);
    try {
      return new FileVariants(path.getPath(), raw, ConfigLoader.resolve(raw, path.getPath()));
    } catch (ConfigException e) {
      ScenarioLoader.load(path, config); // says it at its line, as a run would
      throw new ScenarioException(List.of(new Problem(path.getPath(), 0, null, ConfigLoader.reason(e))));
    }
  }

  @Override
  public String label(String path) {
    try {
      if (!resolved.hasPath(path) || resolved.getValue(path).valueType() != ConfigValueType.OBJECT) return null;
      Config c = resolved.getConfig(path);
      return c.hasPath(LABEL) && c.getValue(LABEL).valueType() == ConfigValueType.STRING ? c.getString(LABEL) : null;
    } catch (ConfigException e) {
      return null; // not a path: shown by its text
    }
  }

  @Override
  public List<Named> variants(List<String> chosen, List<Problem> problems) {
    if (!resolved.hasPath(Variants.FILE_VARIANTS)) {
      problems.add(new Problem(Variants.ORIGIN, 0, Variants.FILE_VARIANTS, file + " has no variants block; add one, e.g. "
          + "variants { one-at-a-time { cluster.live-migration.simultaneous = 1 }, four { cluster.live-migration.simultaneous = 4 } }"));
      return List.of();
    }
    ConfigValue block = resolved.getValue(Variants.FILE_VARIANTS);
    if (block.valueType() != ConfigValueType.OBJECT) {
      problems.add(new Problem(file, line(block), Variants.FILE_VARIANTS, "not a block of named variants; e.g. variants { "
          + "one-at-a-time { cluster.live-migration.simultaneous = 1 } }"));
      return List.of();
    }
    ConfigObject o = (ConfigObject) block;
    ConfigObject rawBlock = raw.root().get(Variants.FILE_VARIANTS) instanceof ConfigObject r ? r : o;
    // file order: the line each variant starts at in the file as written (HOCON objects have no order)
    List<String> names = new ArrayList<>(o.keySet());
    names.sort(Comparator.<String>comparingInt(n -> line(rawBlock.get(n) != null ? rawBlock.get(n) : o.get(n))).thenComparing(n -> n));
    List<Named> all = new ArrayList<>();
    int before = problems.size();
    for (String n : names) {
      Named v = named(n, o.get(n), problems);
      if (v != null) all.add(v);
    }
    if (problems.size() > before) return List.of();
    if (chosen.isEmpty()) return all;
    List<Named> out = new ArrayList<>();
    for (String c : chosen) {
      Named found = null;
      for (Named v : all) if (v.name().equals(c)) found = v;
      if (found == null) {
        problems.add(new Problem(Variants.ORIGIN, 0, Variants.FILE_VARIANTS, "'" + c + "' is not a variant of " + file
            + "; allowed: " + String.join(", ", all.stream().map(Named::name).toList())));
      } else if (out.contains(found)) {
        problems.add(new Problem(Variants.ORIGIN, 0, Variants.FILE_VARIANTS, "'" + c + "' is named twice; name each variant once"));
      } else {
        out.add(found);
      }
    }
    return problems.size() > before ? List.of() : out;
  }

  private Named named(String name, ConfigValue v, List<Problem> problems) {
    String key = ConfigUtil.joinPath(Variants.FILE_VARIANTS, name);
    if (v.valueType() != ConfigValueType.OBJECT) {
      problems.add(new Problem(file, line(v), key, "not a block of overrides; e.g. " + name
          + " { cluster.live-migration.simultaneous = 4 }"));
      return null;
    }
    ConfigObject o = (ConfigObject) v;
    String label = null;
    List<String> overrides = new ArrayList<>();
    List<String> keys = new ArrayList<>(o.keySet());
    keys.sort(null); // the keys it sets apply in one order, every run
    for (String k : keys) {
      if (k.equals(LABEL)) {
        ConfigValue l = o.get(k);
        if (l.valueType() != ConfigValueType.STRING || ((String) l.unwrapped()).isBlank()) {
          problems.add(new Problem(file, line(l), ConfigUtil.joinPath(Variants.FILE_VARIANTS, name, LABEL),
              "not a text; a label is what the table calls the variant, e.g. label = \"1 GbE TCP/IP\""));
          continue;
        }
        label = ((String) l.unwrapped()).strip();
        continue;
      }
      overrides.add(ConfigUtil.joinPath(k) + "=${" + ConfigUtil.joinPath(Variants.FILE_VARIANTS, name, k) + "}");
    }
    return new Named(name, label, overrides);
  }

  private static int line(ConfigValue v) {
    return v == null || v.origin() == null ? 0 : Math.max(0, v.origin().lineNumber());
  }
}
