package dev.livemig.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The cluster as the import maps it, before it is written: hosts, VMs and settings, each with its sources. */
final class Draft {

  /** A physical NIC: {@code exported} is its name in the exports when {@code name} had to change. */
  record Nic(String name, String exported, double bps, boolean enabled, String rdma, String network) {}

  record Team(String name, String exported, List<String> members, String network) {}

  static final class Host {
    final String key;
    final String name;
    final String exported;
    long memory;
    int cores;
    final List<Nic> nics = new ArrayList<>();
    final List<Team> teams = new ArrayList<>();
    final List<String> sources = new ArrayList<>();
    final List<String> remarks = new ArrayList<>();
    long vmMemory;

    Host(String key, String name, String exported) {
      this.key = key;
      this.name = name;
      this.exported = exported;
    }
  }

  static final class Vm {
    final String name;
    final String exported;
    final Host host;
    final long memory;
    final String state;
    String group;
    Double cpu;
    String priority;
    final List<String> sources = new ArrayList<>();
    final List<String> remarks = new ArrayList<>();

    Vm(String name, String exported, Host host, long memory, String state) {
      this.name = name;
      this.exported = exported;
      this.host = host;
      this.memory = memory;
      this.state = state;
    }
  }

  /** The cluster's live-migration settings; null fields are left to the defaults. */
  static final class Settings {
    String performanceOption;
    Integer simultaneous;
    List<String> networks;
    Double smbLimitBps;
    final List<String> sources = new ArrayList<>();
  }

  String clusterName;
  /** Cluster networks: exported name (lower case) to scenario name, in the order first seen. */
  final java.util.Map<String, String> networks = new java.util.LinkedHashMap<>();
  /** Cluster network ids (Get-ClusterNetwork Id, lower case) to scenario name. */
  final java.util.Map<String, String> networkIds = new java.util.HashMap<>();
  final Set<String> networkNames = new HashSet<>();
  final List<Host> hosts = new ArrayList<>();
  final List<Vm> vms = new ArrayList<>();
  final Settings settings = new Settings();

  Host host(String exportedName) {
    String k = key(exportedName);
    for (Host h : hosts) if (h.key.equals(k)) return h;
    return null;
  }

  /** How hosts are matched across exports: the short name, any case (HV01, hv01.contoso.local). */
  static String key(String hostName) {
    String s = hostName.trim();
    int dot = s.indexOf('.');
    if (dot > 0) s = s.substring(0, dot);
    return s.toUpperCase(Locale.ROOT);
  }

  /** A name the scenario format accepts (letters, digits, '-', '_', '.'), unique among {@code taken}. */
  static String name(String exported, Set<String> taken) {
    String s = java.text.Normalizer.normalize(exported.trim().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
        .replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue").replace("ß", "ss"), java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "").replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("-{2,}", "-")
        .replaceAll("^[^A-Za-z0-9]+", "").replaceAll("-+$", "");
    if (s.isEmpty()) s = "x";
    String n = s;
    for (int i = 2; taken.contains(n.toLowerCase(Locale.ROOT)); i++) n = s + "-" + i;
    taken.add(n.toLowerCase(Locale.ROOT));
    return n;
  }

  static Set<String> names() {
    return new HashSet<>();
  }
}
