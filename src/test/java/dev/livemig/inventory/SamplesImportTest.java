package dev.livemig.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.livemig.spec.Specs;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Each cmdlet's export as the samples hold it, mapped: what lands in the scenario and what is noted. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SamplesImportTest {
  static final long GiB = 1L << 30;
  static final long MiB = 1L << 20;
  static final Importer.Options OPTIONS = new Importer.Options(null, List.of(), "sql-vmm");

  final Importer.Result three = Importer.run(List.of(Path.of("samples/inventory/cluster3")), OPTIONS);
  final Importer.Result sixteen = Importer.run(List.of(Path.of("samples/inventory/cluster16")), OPTIONS);
  final Specs.Scenario s3 = TestScenarios.load(three.scenario());
  final Specs.Scenario s16 = TestScenarios.load(sixteen.scenario());

  static Specs.VmSpec vm(Specs.Scenario s, String name) {
    return s.vms().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no VM " + name));
  }

  static Specs.HostSpec host(Specs.Scenario s, String name) {
    return s.hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no host " + name));
  }

  static boolean noted(Importer.Result r, String text) {
    return r.notes().stream().anyMatch(n -> n.toString().equals(text));
  }

  /** The comment line just above {@code { name = NAME,} in the generated text. */
  static String comment(Importer.Result r, String name) {
    List<String> lines = r.scenario().lines().toList();
    for (int i = 1; i < lines.size(); i++)
      if (lines.get(i).startsWith("  { name = " + name + ",")) {
        int j = i - 1;
        while (j > 0 && lines.get(j - 1).startsWith("  #") && lines.get(j).startsWith("  #   ")) j--;
        return String.join("\n", lines.subList(j, i));
      }
    throw new AssertionError("no entry " + name);
  }

  @Test
  void getVmHostGivesMemoryAndLogicalProcessors() {
    assertEquals(List.of("HV01", "HV02", "HV03"), s3.hosts().stream().map(Specs.HostSpec::name).toList());
    assertEquals(384 * GiB, host(s3, "HV02").memoryBytes());
    assertEquals(24, host(s3, "HV02").cores());
    assertEquals(16, s16.hosts().size());
    assertEquals(768 * GiB, host(s16, "HV07").memoryBytes());
  }

  @Test
  void getVmHostGivesTheLiveMigrationSettingsAndNotesHostsThatDiffer() {
    assertEquals("smb", s3.liveMigration().performanceOption());
    assertEquals(2, s3.liveMigration().simultaneous());
    assertEquals(4, s16.liveMigration().simultaneous(), "the lowest MaximumVirtualMachineMigrations");
    assertTrue(noted(sixteen, "cluster16/Get-VMHost.csv:17: MaximumVirtualMachineMigrations: this host allows 8; "
        + "the scenario has one limit for the cluster: 4 (the lowest)"), sixteen.notes().toString());
    assertTrue(noted(sixteen, "cluster16/Get-VMHost.csv:17: VirtualMachineMigrationPerformanceOption: this host uses "
        + "compression; the scenario has one option for the cluster: smb (most hosts)"));
  }

  @Test
  void getClusterNodeGivesMembershipAndState() {
    assertEquals("HVC01", s3.name());
    assertTrue(noted(sixteen, "cluster16/Get-ClusterNode.csv:18: Name: node 'HV17' (Down) has no Get-VMHost row: its "
        + "memory and processors are unknown; left out"));
    assertTrue(comment(sixteen, "HV09").contains("Get-ClusterNode cluster16/Get-ClusterNode.csv:10 (Paused)"));
  }

  @Test
  void getNetAdapterGivesPhysicalNicsAndTheirSpeed() {
    Specs.HostSpec h = host(s3, "HV01");
    assertEquals(List.of("LM1", "LM2", "SMB1", "SMB2", "VM1", "VM2"), h.nics().stream().map(Specs.NicSpec::name).toList(),
        "the disabled LOMs (0 bps), the team interfaces and the host vNIC are not physical NICs with a speed");
    assertEquals(1e9, h.nic("LM1").speedBps());
    assertEquals(10e9, h.nic("SMB1").speedBps());
    assertTrue(noted(three, "cluster3/Get-NetAdapter.csv:2: LinkSpeed: NIC 'LOM1' (Disabled) has no link speed; left out "
        + "(also lines 13, 24)"), three.notes().toString());
    assertTrue(noted(three, "cluster3/Get-NetAdapter.csv:12: Name: 'vEthernet (VM-Switch)' is a host virtual NIC on a "
        + "Hyper-V switch; virtual switches are not modelled; row not mapped (also lines 23, 34)"));
    assertEquals(25e9, host(s16, "HV01").nic("SMB-A").speedBps(), "'SMB A' made a scenario name");
  }

  @Test
  void getNetAdapterRdmaGivesRdmaAndItsKindFromTheVendor() {
    assertEquals(Specs.Rdma.IWARP, host(s3, "HV01").nic("SMB1").rdma(), "Chelsio");
    assertEquals(Specs.Rdma.NONE, host(s3, "HV01").nic("LM1").rdma());
    assertEquals(Specs.Rdma.ROCE, host(s16, "HV01").nic("SMB-A").rdma(), "Mellanox ConnectX, read from a UTF-16 export");
    assertEquals(Specs.Rdma.NONE, host(s16, "HV01").nic("VM-A").rdma(), "RDMA disabled on the VM switch's NICs");
  }

  @Test
  void getNetLbfoTeamAndItsMembersGiveTeams() {
    Specs.TeamSpec lm = host(s3, "HV03").teams().get(0);
    assertEquals("LM-Team", lm.name());
    assertEquals(List.of("LM1", "LM2"), lm.members(), "from the joined Members column");
    assertEquals(List.of("MGMT-A", "MGMT-B"), host(s16, "HV01").teams().get(0).members(), "from Get-NetLbfoTeamMember");
    assertEquals(List.of("MGMT-A"), host(s16, "HV12").teams().get(0).members(), "the standby member is left out");
    assertEquals(List.of("MGMT-A"), host(s16, "HV05").teams().get(0).members(), "the disconnected member is left out");
    assertTrue(noted(sixteen, "cluster16/Get-NetLbfoTeamMember.csv:25: AdministrativeMode: 'MGMT-B' is a standby member "
        + "of Mgmt-Team; the model has no standby: left out of the team"));
    assertTrue(noted(sixteen, "cluster16/Get-NetLbfoTeamMember.csv:11: Name: team Mgmt-Team: member 'MGMT-B' is left out "
        + "(Disconnected, no link speed); left out of the team"));
  }

  @Test
  void clusterNetworksGiveEachNicItsNetworkAndTheLiveMigrationOrder() {
    Specs.HostSpec h = host(s3, "HV01");
    assertEquals("SMB1", h.nic("SMB1").network());
    assertEquals("LiveMigration", h.teams().get(0).network(), "Get-ClusterNetworkInterface: the team's adapter");
    assertEquals(List.of("SMB1", "SMB2", "LiveMigration"), s3.liveMigration().networks(),
        "MigrationNetworkOrder without MigrationExcludeNetworks (Management)");
    assertEquals(List.of("Clusternetzwerk-2", "Clusternetzwerk-3"), s16.liveMigration().networks(),
        "no MigrationNetworkOrder: every network with a role, lowest metric first, less MigrationExcludeNetworks");
  }

  @Test
  void getSmbBandwidthLimitCapsLiveMigration() {
    assertEquals(15e9, s16.liveMigration().smbLimitBps(), 1e-3, "1,875,000,000 bytes/s");
  }

  @Test
  void getVmGivesMemoryAsHyperVMovesIt() {
    assertEquals(3584 * MiB, vm(s3, "WEB01").memoryBytes(), "running, dynamic memory: what is assigned");
    assertEquals(32 * GiB, vm(s3, "SQL01").memoryBytes());
    assertEquals(4 * GiB, vm(s3, "TEMPLATE-W2019").memoryBytes(), "off: its startup memory");
    assertTrue(comment(three, "TEMPLATE-W2019").contains("Off in the export: placed with its startup memory"));
    assertEquals(40704 * MiB, vm(s16, "RDSH09").memoryBytes(), "'39,75' in a German MemoryAssigned(GB) column");
    assertEquals("HV07", vm(s16, "RDSH09").host());
    assertEquals(0.24, vm(s3, "DC01").cpu().coresAt(0), 1e-9, "CPUUsage 1 % of 24 logical processors");
    assertTrue(noted(three, "cluster3/Get-VM.csv:16: ComputerName: VM LAB-OLD01 is on host 'HV04', which is not mapped "
        + "[HV01, HV02, HV03]; row not mapped"));
    assertTrue(noted(sixteen, "cluster16/Get-VM.csv:210: MemoryAssigned(GB): 'acht' is not a size; allowed: a number of the "
        + "column's unit (8 or 7,5)"));
    assertEquals(8 * GiB, vm(s16, "TEST-W11").memoryBytes(), "an unreadable assigned size falls back to the startup memory");
    assertEquals("Buero-APP01", vm(s16, "Buero-APP01").name(), "'Büro-APP01' made a scenario name");
  }

  @Test
  void getClusterGroupGivesEachClusteredVmItsPriority() {
    assertEquals(Specs.Priority.HIGH, vm(s3, "SQL02").priority(), "3000");
    assertEquals(Specs.Priority.NORMAL, vm(s3, "APP01").priority(), "2000");
    assertEquals(Specs.Priority.LOW, vm(s3, "WEB03").priority(), "1000");
    assertEquals(Specs.Priority.NORMAL, vm(s3, "TEMPLATE-W2019").priority(), "not clustered: no role");
    assertTrue(comment(three, "SQL02").contains("Get-ClusterGroup cluster3/Get-ClusterGroup.csv:10"), comment(three, "SQL02"));
    assertTrue(noted(three, "cluster3/Get-ClusterGroup.csv:1: AntiAffinityClassNames: not mapped: anti-affinity is not "
        + "modelled: placement may put such VMs together"));
  }

  @Test
  void vmNetworkAdaptersAndDisksAreNamedInTheVmsComment() {
    assertTrue(comment(three, "WEB03").contains("static MAC 00155D0A0207 on Network Adapter (MAC rules not modelled yet)"),
        comment(three, "WEB03"));
    String sql01 = comment(three, "SQL01");
    assertTrue(sql01.contains("Get-VMHardDiskDrive cluster3/Get-VMHardDiskDrive.csv:3-4"), sql01);
    assertTrue(sql01.contains("Get-VHD cluster3/Get-VHD.csv:3"), sql01);
    assertTrue(sql01.contains("passthrough disk 3"), sql01);
    assertTrue(noted(three, "cluster3/Get-VMHardDiskDrive.csv:1: not mapped: disks and storage are not modelled yet; "
        + "each VM's comment names its disk rows"));
    assertTrue(noted(three, "cluster3/Get-ClusterSharedVolume.csv:1: not mapped: disks and storage are not modelled yet; "
        + "each VM's comment names its disk rows"));
    assertTrue(noted(three, "cluster3/Get-VMHostSupportedVersion.csv:1: Version: not mapped: configuration versions do not "
        + "change a live migration in the model"));
  }

  @Test
  void everyHostAndVmHasACommentNamingItsRows() {
    for (Specs.HostSpec h : s16.hosts())
      assertTrue(comment(sixteen, h.name()).matches("(?s)  # " + h.name() + ": Get-VMHost cluster16/Get-VMHost\\.csv:\\d+; .*"),
          comment(sixteen, h.name()));
    for (Specs.VmSpec v : s16.vms())
      assertTrue(comment(sixteen, v.name()).contains(": Get-VM cluster16/Get-VM.csv:"), comment(sixteen, v.name()));
  }

  @Test
  void theCommittedSampleScenariosAreWhatTheImportWrites() throws Exception {
    assertEquals(Files.readString(Path.of("scenarios/imported/cluster3.conf"), StandardCharsets.UTF_8), three.scenario(),
        "regenerate: livemig import samples/inventory/cluster3 --out scenarios/imported/cluster3.conf");
    assertEquals(Files.readString(Path.of("scenarios/imported/cluster16.conf"), StandardCharsets.UTF_8), sixteen.scenario(),
        "regenerate: livemig import samples/inventory/cluster16 --out scenarios/imported/cluster16.conf");
  }

  @Test
  void theDrainScenarioDrainsTheBusiestImportedHost() throws Exception {
    String drain = Files.readString(Path.of("scenarios/imported/cluster16-drain-hv07.conf"));
    assertTrue(drain.contains("include \"cluster16.conf\""));
    String busiest = null;
    long most = -1;
    for (Specs.HostSpec h : s16.hosts()) {
      long b = s16.vms().stream().filter(v -> v.host().equals(h.name())).mapToLong(Specs.VmSpec::memoryBytes).sum();
      if (b > most) {
        most = b;
        busiest = h.name();
      }
    }
    assertNotNull(busiest);
    assertTrue(drain.contains("{ drain { host = " + busiest + ","), "the busiest host is " + busiest);
    assertFalse(s16.vms().isEmpty());
  }
}
