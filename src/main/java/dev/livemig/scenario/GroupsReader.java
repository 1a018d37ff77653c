package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.livemig.spec.Specs.HostSpec;

/** {@code host-groups} and {@code vm-groups}: many hosts or VMs from one template. */
final class GroupsReader extends ConfigReader {
  /**
   * At most this many hosts, and VMs, in a scenario (issue 30's largest case: 100,000 hosts x 20
   * VMs, 1,000,000 of them migrating at once; the memory the JVM may use is checked as well).
   */
  static final long MAX_HOSTS = 100_000;
  static final long MAX_VMS = 2_000_000;
  /**
   * Heap a run needs per host and per VM, measured on scenarios/scale/sg-scale-10000x20-drain5000
   * (10,000 hosts, 200,000 VMs, 100,000 of them migrating at once, issue 30): at most ~0.8 GB live
   * after a GC (jcmd GC.class_histogram, -Xlog:gc), about 4 KiB per VM with the hosts' share; rounded
   * up (specs, actors, the cluster manager's tables, the report's rows; the HOCON entries while
   * loading). Issue 11 measured 6.5 KiB per VM with one VM in ten migrating, before issue 30 cut the
   * memory per migration.
   */
  static final long BYTES_PER_HOST = 8L << 10;
  static final long BYTES_PER_VM = 4L << 10;

  /** Whether generation was refused (too many, or too much memory): nothing was generated. */
  boolean refused;
  /** Which groups were refused: "host-groups", "vm-groups". */
  private final java.util.Set<String> refusedKeys = new java.util.HashSet<>();

  GroupsReader(ConfigReader shared) {
    super(shared);
  }

  /**
   * Counts what the scenario would generate before generating any of it, and refuses it, at the
   * group's line with the estimate, when it passes the caps or the memory this JVM may use.
   */
  void checkSize(ConfigObject root) {
    ConfigList hostList = root.containsKey("hosts") && root.get("hosts") instanceof ConfigList l ? l : null;
    ConfigList vmList = root.containsKey("vms") && root.get("vms") instanceof ConfigList l ? l : null;
    long hosts = hostList == null ? 0 : hostList.size();
    ConfigValue hostSite = hostList;
    for (ConfigObject g : groupsOf(root, "host-groups")) {
      hosts = Math.addExact(hosts, Math.max(0, countOf(g, "count")));
      hostSite = g;
    }
    long vms = vmList == null ? 0 : vmList.size();
    ConfigValue vmSite = vmList;
    for (ConfigObject g : groupsOf(root, "vm-groups")) {
      long on = g.get("hosts") instanceof ConfigList l ? l.size() : hosts;
      vms = Math.addExact(vms, Math.multiplyExact(Math.max(0, countOf(g, "per-host")), on));
      vmSite = g;
    }
    long estimate = hosts * BYTES_PER_HOST + vms * BYTES_PER_VM;
    long heap = Runtime.getRuntime().maxMemory();
    String need = String.format(Locale.ROOT, "%,d hosts and %,d VMs need about %s of memory to run", hosts, vms, mib(estimate));
    if (hosts > MAX_HOSTS) {
      refuse(hostSite, "host-groups", String.format(Locale.ROOT, "the scenario makes %,d hosts (%s); allowed: at most %,d hosts",
          hosts, need, MAX_HOSTS));
    } else if (vms > MAX_VMS) {
      refuse(vmSite, "vm-groups", String.format(Locale.ROOT, "the scenario makes %,d VMs (%s); allowed: at most %,d VMs",
          vms, need, MAX_VMS));
    } else if (estimate > heap * 3 / 4) {
      refuse(vms * BYTES_PER_VM >= hosts * BYTES_PER_HOST ? vmSite : hostSite, vms > 0 ? "vm-groups" : "host-groups",
          need + "; this Java may use " + mib(heap) + " (raise it with java -Xmx, e.g. -Xmx" + (estimate * 2 >> 30) + "g)");
    }
  }

  private void refuse(ConfigValue at, String key, String message) {
    refused = true;
    refusedKeys.add(key);
    problem(at, key, message);
  }

  private static String mib(long bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
  }

  private static List<ConfigObject> groupsOf(ConfigObject root, String k) {
    List<ConfigObject> out = new ArrayList<>();
    if (root.get(k) instanceof ConfigList l) for (ConfigValue v : l) if (v instanceof ConfigObject o) out.add(o);
    return out;
  }

  /** A group's count as written, or 0 when it is not a whole number (that problem is reported where it is read). */
  private static long countOf(ConfigObject g, String k) {
    ConfigValue v = g.get(k);
    if (v == null || !(v.unwrapped() instanceof Number n)) return 0;
    double d = n.doubleValue();
    return d >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) d;
  }

  /**
   * One group's entries: the group's block, its template, and each entry's name (and host, for VMs;
   * null for hosts), in order. {@link #entry} builds an entry as the file would say it.
   */
  record Generated(ConfigObject group, ConfigObject template, List<String> names, List<String> hosts) {
    int size() {
      return names.size();
    }

    /** The template with the entry's name (and host): values carry the group's origin (file and line). */
    ConfigObject entry(int i) {
      ConfigObject entry = template.withValue("name",
          ConfigValueFactory.fromAnyRef(names.get(i)).withOrigin(group.get("name").origin()));
      if (hosts != null) entry = entry.withValue("host", ConfigValueFactory.fromAnyRef(hosts.get(i)).withOrigin(group.origin()));
      return entry;
    }
  }

  /**
   * {@code host-groups = [ { count = 200, name = "hv%03d", template = {...} } ]} and
   * {@code vm-groups = [ { per-host = 30, hosts = [...] (default: all), name = "%s-vm%02d", template = {...} } ]}:
   * a large cluster in a few lines. Names are formatted with the index (from 1), and for VMs with
   * the host's name first. The generated entries are checked like any other, at the group's line.
   */
  List<ConfigValue> expandGroups(ConfigObject root, String k, Map<String, HostSpec> hosts) {
    List<ConfigValue> out = new ArrayList<>();
    for (Generated g : generate(root, k, hosts)) for (int i = 0; i < g.size(); i++) out.add(g.entry(i));
    return out;
  }

  /** The groups of {@code k}, each with the names (and hosts) of its entries; see {@link #expandGroups}. */
  List<Generated> generate(ConfigObject root, String k, Map<String, HostSpec> hosts) {
    List<Generated> out = new ArrayList<>();
    ConfigList groups = optionalList(root, "", k);
    if (groups == null || refusedKeys.contains(k)) return out;
    for (int g = 0; g < groups.size(); g++) {
      String key = k + "[" + g + "]";
      ConfigObject o = asObject(groups.get(g), key);
      if (o == null) continue;
      boolean vms = hosts != null;
      unknownKeys(o, key, vms ? keys("per-host", "hosts", "name", "template") : keys("count", "name", "template"));
      String pattern = requiredString(o, key, "name");
      ConfigObject template = o.containsKey("template") ? asObject(o.get("template"), key + ".template") : null;
      if (template == null) {
        if (!o.containsKey("template")) problem(o, key + ".template", "missing; give the block every generated entry copies");
        continue;
      }
      if (pattern == null) continue;
      String countKey = vms ? "per-host" : "count";
      if (!o.containsKey(countKey)) {
        problem(o, key + "." + countKey, "missing; give how many to generate");
        continue;
      }
      long count = longValue(o.get(countKey), key + "." + countKey, 1, vms ? MAX_VMS : MAX_HOSTS);
      if (!pattern.contains("%")) {
        problem(o.get("name"), key + ".name", "'" + pattern + "' gives every generated " + (vms ? "VM" : "host")
            + " the same name; allowed: a pattern with the index, e.g. " + (vms ? "\"%s-vm%02d\" (host, index)" : "\"hv%03d\""));
        continue;
      }
      List<String> on = new ArrayList<>();
      if (vms) {
        if (o.containsKey("hosts")) {
          ConfigValue hv = o.get("hosts");
          if (hv.valueType() != ConfigValueType.LIST) problem(hv, key + ".hosts", "expected a list of host names");
          else for (ConfigValue e : (ConfigList) hv) {
            String h = String.valueOf(e.unwrapped());
            if (!hosts.containsKey(h)) problem(e, key + ".hosts", "no host named '" + h + "'");
            else on.add(h);
          }
        } else {
          on.addAll(hosts.keySet());
        }
      } else {
        on.add(null);
      }
      List<String> names = new ArrayList<>();
      List<String> of = vms ? new ArrayList<>() : null;
      Generated made = new Generated(o, template, names, of);
      out.add(made);
      Names format = new Names(pattern, vms);
      for (String h : on) {
        for (long i = 1; i <= count; i++) {
          String name;
          try {
            name = format.name(h, i);
          } catch (java.util.IllegalFormatException x) {
            problem(o.get("name"), key + ".name", "'" + pattern + "' is not a name pattern; e.g. " + (vms ? "\"%s-vm%02d\" (host, index)" : "\"hv%03d\""));
            return out;
          }
          names.add(name);
          if (vms) of.add(h);
        }
      }
    }
    return out;
  }

  /**
   * A group's name pattern: {@code String.format(Locale.ROOT, pattern, host, i)} (VMs) or
   * {@code (pattern, i)} (hosts); the usual patterns ({@code "%s-vm%02d"}, {@code "h%05d"}: text,
   * one {@code %s} for the host, one {@code %0Nd} or {@code %d} for the index) are formatted without
   * a Formatter, with the same result.
   */
  static final class Names {
    private final String pattern;
    private final boolean vms;
    /** The pattern cut at its two conversions: text, host, text, index (width, zero-padded), text; null when not the usual form. */
    private final String[] parts;
    private final int width;

    Names(String pattern, boolean vms) {
      this.pattern = pattern;
      this.vms = vms;
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(vms ? "([^%]*)%s([^%]*)%(0[1-9])?d([^%]*)" : "()([^%]*)%(0[1-9])?d([^%]*)")
          .matcher(pattern);
      if (m.matches()) {
        parts = new String[] {m.group(1), m.group(2), m.group(4)};
        width = m.group(3) == null ? 0 : Integer.parseInt(m.group(3).substring(1));
      } else {
        parts = null;
        width = 0;
      }
    }

    String name(String host, long i) {
      if (parts == null) return vms ? String.format(Locale.ROOT, pattern, host, i) : String.format(Locale.ROOT, pattern, i);
      StringBuilder sb = new StringBuilder(pattern.length() + 16).append(parts[0]);
      if (vms) sb.append(host);
      sb.append(parts[1]);
      String digits = Long.toString(i);
      for (int pad = width - digits.length(); pad > 0; pad--) sb.append('0');
      return sb.append(digits).append(parts[2]).toString();
    }
  }

}
