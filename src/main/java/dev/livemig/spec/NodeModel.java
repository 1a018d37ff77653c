package dev.livemig.spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What adding a node reads (domain.md, "Adding a node"): the cluster's version, disks (LUNs) and
 * witness; which hosts are members; what each host knows about itself (hardware, drivers, updates,
 * roles and features, virtual switches, the LUNs presented to it, its monitoring agent); which VMs
 * are production; and how long each exchange of the checklist takes ({@code livemig.node-add}).
 */
public record NodeModel(Version version, List<String> disks, Witness witness, List<String> members,
    Map<String, Identity> identities, List<String> productionVms, Times times) {

  /** The Windows Server release of the cluster: it decides the recommended quorum. */
  public enum Version {
    W2008R2("2008 R2"), W2012("2012"), W2012R2("2012 R2");

    private final String label;

    Version(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** "2008 R2", "2008r2", "2008-R2", "Windows Server 2012 R2": one release; null when none. */
    public static Version parse(String s) {
      String n = s.toLowerCase(Locale.ROOT).replace("windows server", "").replaceAll("[\\s_-]", "");
      return switch (n) {
        case "2008r2" -> W2008R2;
        case "2012" -> W2012;
        case "2012r2" -> W2012R2;
        default -> null;
      };
    }

    public static final List<String> ALLOWED = List.of("2008 R2", "2012", "2012 R2");
  }

  /** The cluster's witness: none, a disk (one of the cluster's LUNs) or a file share. */
  public record Witness(String kind, String disk) {
    public static final List<String> KINDS = List.of("none", "disk", "file-share");
  }

  /**
   * A Hyper-V virtual switch: its name, type (external, internal, private), the NIC or team under an
   * external one, and the network that NIC or team is on (null for internal and private switches).
   */
  public record VSwitch(String name, String type, String uplink, String network) {
    public static final List<String> TYPES = List.of("external", "internal", "private");
  }

  /**
   * What a host reports about itself: hardware model, driver versions (by driver), installed updates,
   * roles and features, virtual switches, the cluster disks presented to it, and whether the
   * monitoring (OpsMgr) agent is on it.
   */
  public record Identity(String hardware, Map<String, String> drivers, List<String> updates, List<String> roles,
      List<VSwitch> vswitches, List<String> luns, boolean monitoringAgent) {}

  /**
   * How long each exchange of the checklist takes (livemig.node-add in conf/reference.conf, with
   * sources or marked assumptions there), in nanoseconds.
   */
  public record Times(long testVmCheck, long identityQuery, long featuresQuery, long switchQuery, long diskQuery,
      long maintenanceEnter, long maintenanceLeave, long join, long quorum, long evict, long refresh,
      long agentDeployment, long agentRemoval, long validationPerNode, long monitoringAgent) {}

  /** The roles and features every node of a Hyper-V cluster needs. */
  public static final List<String> REQUIRED_ROLES = List.of("hyper-v", "failover-clustering");

  /** Roles and features a host may list. */
  public static final List<String> ROLES = List.of("hyper-v", "failover-clustering", "multipath-io",
      "data-center-bridging", "smb-bandwidth-limit");

  /** A node add's outcomes, as an expectation names them (the first words of {@link Specs.Expectation#OUTCOMES}). */
  public static final List<String> OUTCOMES = Specs.Expectation.OUTCOMES.subList(0, 3);

  public boolean member(String host) {
    return members.contains(host);
  }

  public Identity identity(String host) {
    return identities.get(host);
  }

  public boolean production(String vm) {
    return productionVms.contains(vm);
  }
}
