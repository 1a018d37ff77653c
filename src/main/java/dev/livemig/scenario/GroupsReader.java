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
import dev.livemig.scenario.Specs.HostSpec;

/** {@code host-groups} and {@code vm-groups}: many hosts or VMs from one template. */
final class GroupsReader extends ConfigReader {


  GroupsReader(ConfigReader shared) {
    super(shared);
  }

  /**
   * {@code host-groups = [ { count = 200, name = "hv%03d", template = {...} } ]} and
   * {@code vm-groups = [ { per-host = 30, hosts = [...] (default: all), name = "%s-vm%02d", template = {...} } ]}:
   * a large cluster in a few lines. Names are formatted with the index (from 1), and for VMs with
   * the host's name first. The generated entries are checked like any other, at the group's line.
   */
  List<ConfigValue> expandGroups(ConfigObject root, String k, Map<String, HostSpec> hosts) {
    List<ConfigValue> out = new ArrayList<>();
    ConfigList groups = optionalList(root, "", k);
    if (groups == null) return out;
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
      long count = longValue(o.get(countKey), key + "." + countKey, 1);
      if (count > 1_000_000) {
        problem(o.get(countKey), key + "." + countKey, "at most 1,000,000");
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
      for (String h : on) {
        for (long i = 1; i <= count; i++) {
          String name;
          try {
            name = vms ? String.format(Locale.ROOT, pattern, h, i) : String.format(Locale.ROOT, pattern, i);
          } catch (java.util.IllegalFormatException x) {
            problem(o.get("name"), key + ".name", "'" + pattern + "' is not a name pattern; e.g. " + (vms ? "\"%s-vm%02d\" (host, index)" : "\"hv%03d\""));
            return out;
          }
          ConfigObject entry = template.withValue("name", ConfigValueFactory.fromAnyRef(name, o.origin().description()));
          if (vms) entry = entry.withValue("host", ConfigValueFactory.fromAnyRef(h, o.origin().description()));
          out.add(entry);
        }
      }
    }
    return out;
  }

}
