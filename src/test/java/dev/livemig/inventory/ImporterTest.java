package dev.livemig.inventory;

import static dev.livemig.inventory.Exports.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.spec.Specs;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locale and encoding variants, the report of what is not mapped, bad input, and the round trip to a run. */
class ImporterTest {
  static final Importer.Options OPTIONS = new Importer.Options(null, List.of(), "sql-vmm");

  @TempDir
  Path tmp;

  /** A two-host cluster as one PowerShell session exports it: {@code de} writes German numbers and sizes in GB. */
  Path cluster(String variant, Exports.Style style, boolean de) {
    Path dir = tmp.resolve(variant).resolve("cluster");
    Exports.write(dir, "hosts.csv", style, List.of(
        row("Name", "LogicalProcessorCount", "MemoryCapacity", "VirtualMachineMigrationPerformanceOption",
            "MaximumVirtualMachineMigrations"),
        row("HV01", "16", "137438953472", "Compression", "2"),
        row("HV02", "16", "137438953472", "Compression", "2")));
    Exports.write(dir, "vms.csv", style, List.of(
        row("VMName", "ComputerName", "State", de ? "MemoryAssigned(GB)" : "MemoryAssigned", de ? "MemoryStartup(GB)" : "MemoryStartup",
            "DynamicMemoryEnabled", "CPUUsage"),
        row("APP01", "HV01", "Running", de ? "7,5" : "8053063680", de ? "4" : "4294967296", "True", "12"),
        row("APP02", "hv02.contoso.local", "Off", "0", de ? "2,25" : "2415919104", "False", "0")));
    Exports.write(dir, "nics.csv", style, List.of(
        row("Name", "InterfaceDescription", "Status", "LinkSpeed", "PSComputerName"),
        row("LM", "Intel(R) I350 Gigabit Network Connection", "Up", de ? "2,5 Gbps" : "2.5 Gbps", "HV01"),
        row("LM", "Intel(R) I350 Gigabit Network Connection", "Up", de ? "2,5 Gbps" : "2.5 Gbps", "HV02")));
    return dir;
  }

  static String body(String scenario) {
    return scenario.substring(scenario.indexOf("\nname = "));
  }

  @Test
  void everyLocaleAndEncodingGivesTheSameScenario() {
    String en = body(Importer.run(List.of(cluster("en", Exports.Style.EN_US, false)), OPTIONS).scenario());
    for (Object[] v : new Object[][] {{"de16", Exports.Style.DE_DE_UTF16, true}, {"de16be", Exports.Style.DE_DE_UTF16BE, true},
        {"ps7", Exports.Style.PS7, false}}) {
      Importer.Result r = Importer.run(List.of(cluster((String) v[0], (Exports.Style) v[1], (Boolean) v[2])), OPTIONS);
      assertEquals(en, body(r.scenario()), v[0].toString());
    }
    String ps5 = body(Importer.run(List.of(cluster("ps5", Exports.Style.PS5_TYPE, false)), OPTIONS).scenario());
    assertEquals(en.replaceAll("\\.csv:(\\d+)", ".csv:L"), ps5.replaceAll("\\.csv:(\\d+)", ".csv:L"),
        "Windows PowerShell 5.1 without -NoTypeInformation: the same, each row one line further down");
    assertTrue(ps5.contains("# APP01: Get-VM cluster/vms.csv:3;"), ps5);
    Specs.Scenario s = TestScenarios.load(Importer.run(List.of(cluster("de", Exports.Style.DE_DE_UTF16, true)), OPTIONS).scenario());
    assertEquals((7L << 30) + (512L << 20), s.vms().get(0).memoryBytes(), "7,5 GB");
    assertEquals((2L << 30) + (256L << 20), s.vms().get(1).memoryBytes(), "off: startup 2,25 GB");
    assertEquals("HV02", s.vms().get(1).host(), "hv02.contoso.local is HV02");
    assertEquals(2.5e9, s.hosts().get(0).nic("LM").speedBps());
    assertEquals(1.92, s.vms().get(0).cpu().coresAt(0), 1e-9, "12 % of 16 logical processors");
    assertEquals("compression", s.liveMigration().performanceOption());
  }

  @Test
  void unknownAndUnmodelledColumnsAreReportedWithFileLineAndColumn() {
    Path dir = tmp.resolve("cols");
    Exports.write(dir, "hosts.csv", Exports.Style.EN_US, List.of(
        row("Name", "LogicalProcessorCount", "MemoryCapacity", "NumaSpanningEnabled", "Rack"),
        row("HV01", "16", "137438953472", "True", "B12")));
    Exports.write(dir, "vms.csv", Exports.Style.PS5_TYPE, List.of(
        row("VMName", "ComputerName", "MemoryStartup", "ProcessorCount", "CostCenter"),
        row("APP01", "HV01", "4294967296", "4", "4711")));
    Importer.Result r = Importer.run(List.of(dir), OPTIONS);
    List<String> notes = r.notes().stream().map(Notes.Note::toString).toList();
    assertEquals(List.of(
        "cols/hosts.csv:1: NumaSpanningEnabled: not mapped: NUMA is not modelled",
        "cols/hosts.csv:1: Rack: unknown column of Get-VMHost; not read",
        "cols/vms.csv:2: CostCenter: unknown column of Get-VM; not read",
        "cols/vms.csv:2: ProcessorCount: not mapped: virtual processors are not modelled; the VM's cores in use come from CPUUsage"),
        notes, "the header is line 2 after the #TYPE line");
    assertTrue(r.scenario().contains("#   cols/hosts.csv:1: Rack: unknown column of Get-VMHost; not read\n"),
        "the notes close the generated file");
    assertEquals(1, r.vms());
  }

  @Test
  void badInputIsNotedAndTheRestIsImported() throws Exception {
    Path dir = cluster("bad", Exports.Style.EN_US, false);
    Exports.write(dir, "services.csv", Exports.Style.EN_US, List.of(row("Status", "Name"), row("Running", "vmms")));
    Exports.write(dir, "more-vms.csv", Exports.Style.EN_US, List.of(
        row("VMName", "ComputerName", "State", "MemoryAssigned", "MemoryStartup"),
        row("APP03", "HV01", "Running", "lots", "4294967296"),
        row("APP04", "HV01", "Running", "0", "zero")));
    Importer.Result r = Importer.run(List.of(dir, tmp.resolve("missing.csv")), OPTIONS);
    List<String> notes = r.notes().stream().map(Notes.Note::toString).toList();
    assertTrue(notes.contains("cluster/more-vms.csv:2: MemoryAssigned: 'lots' is not a size; allowed: bytes (8589934592) or a "
        + "number with KB, MB, GB, TB (8 GB, 7.5 GB)"), notes.toString());
    assertTrue(notes.contains("cluster/more-vms.csv:3: MemoryStartup: 'zero' is not a size; allowed: bytes (8589934592) or a "
        + "number with KB, MB, GB, TB (8 GB, 7.5 GB)"), notes.toString());
    assertTrue(notes.contains("cluster/more-vms.csv:3: MemoryAssigned: VM APP04 has no memory to move; left out"), notes.toString());
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("cluster/services.csv:1: not an export livemig reads (columns Status, "
        + "Name); allowed: Export-Csv of Get-VMHost, Get-ClusterNode, Get-VM,")), notes.toString());
    assertTrue(notes.contains(tmp.resolve("missing.csv") + ":0: no such file or directory"), notes.toString());
    assertEquals(3, r.vms(), "APP01, APP02 and APP03 (its startup memory)");
  }

  @Test
  void exportedTextCannotBreakOutOfTheScenario() {
    Path dir = tmp.resolve("evil");
    Exports.write(dir, "hosts.csv", Exports.Style.EN_US, List.of(
        row("Name", "LogicalProcessorCount", "MemoryCapacity"), row("HV01", "8", "64 GB")));
    Exports.write(dir, "vms.csv", Exports.Style.EN_US, List.of(
        row("VMName", "ComputerName", "MemoryStartup", "State"),
        row("A\n}\nhosts = [\"x", "HV01", "4 GB", "Running\r\n# \u001b[2J"),
        row("${templates}", "HV01", "4 GB", "Running")));
    Importer.Result r = Importer.run(List.of(dir), OPTIONS);
    Specs.Scenario s = TestScenarios.load(r.scenario());
    assertEquals(List.of("A-hosts-x", "templates"), s.vms().stream().map(Specs.VmSpec::name).toList());
    assertEquals(1, s.hosts().size());
    assertTrue(r.scenario().lines().noneMatch(l -> l.startsWith("hosts = [\"")), r.scenario());
  }

  @Test
  void nothingUsableIsEmpty() {
    Path dir = tmp.resolve("nothing");
    Exports.write(dir, "vms.csv", Exports.Style.EN_US, List.of(
        row("VMName", "ComputerName", "MemoryStartup"), row("APP01", "HV01", "4294967296")));
    Importer.Result r = Importer.run(List.of(dir), OPTIONS);
    assertTrue(r.empty());
    assertNull(r.scenario());
    assertEquals("nothing/vms.csv:2: ComputerName: VM APP01 is on host 'HV01', which is not mapped []; row not mapped",
        r.notes().get(0).toString());
  }

  @Test
  void aVmThatWouldOvercommitItsHostIsLeftOut() {
    Path dir = tmp.resolve("full");
    Exports.write(dir, "hosts.csv", Exports.Style.EN_US, List.of(
        row("Name", "LogicalProcessorCount", "MemoryCapacity"), row("HV01", "8", "16 GB")));
    Exports.write(dir, "vms.csv", Exports.Style.EN_US, List.of(
        row("VMName", "ComputerName", "State", "MemoryAssigned", "MemoryStartup"),
        row("OFF01", "HV01", "Off", "0", "8 GB"),
        row("RUN01", "HV01", "Running", "12 GB", "12 GB")));
    Importer.Result r = Importer.run(List.of(dir), OPTIONS);
    Specs.Scenario s = TestScenarios.load(r.scenario());
    assertEquals(List.of("RUN01"), s.vms().stream().map(Specs.VmSpec::name).toList(), "running VMs are placed first");
    assertEquals("full/vms.csv:2: MemoryStartup: VM OFF01 (8 GiB) does not fit on HV01 beside the VMs mapped before it "
        + "(12 GiB of 16 GiB); left out", r.notes().get(0).toString());
  }

  @Test
  void groupsByPatternShareAWorkloadTemplate() {
    Importer.Options o = new Importer.Options("mine", List.of(new Importer.Group("web", "WEB*"), new Importer.Group("sql", "sql0?")),
        "vmm");
    Importer.Result r = Importer.run(List.of(Path.of("samples/inventory/cluster3")), o);
    assertTrue(r.scenario().contains("\nname = mine\n"));
    assertTrue(r.scenario().contains("    web = vmm"), r.scenario());
    assertTrue(r.scenario().contains("{ name = WEB02, host = HV01, memory = 2816 MiB, cpu = 0.24, priority = low, workload = ${templates.workloads.web} }"));
    assertTrue(r.scenario().contains("{ name = SQL03, host = HV03, memory = 64 GiB, cpu = 4.32, priority = high, workload = ${templates.workloads.sql} }"));
    assertTrue(r.scenario().contains("workload = ${templates.workloads.rds} }"), "no pattern: the name without its number");
  }

  @Test
  void theImportedClusterLoadsAndRunsAndAWorkloadIsSetPerGroup() throws Exception {
    Path out = tmp.resolve("cluster3.conf");
    Files.writeString(out, Importer.run(List.of(Path.of("samples/inventory/cluster3")), OPTIONS).scenario());
    String drain = "steps=[{drain{host=HV03,measure=drain}}]";
    Specs.Scenario s = Runs.load(out.toFile(), List.of(drain));
    Report r = Runs.run(s, ScenarioRun.Options.none()).report();
    assertEquals(1, r.drains().size());
    assertEquals(4, r.drains().get(0).vms().size());
    assertTrue(r.drains().get(0).vms().stream().allMatch(v -> "completed".equals(v.outcome())), r.drains().toString());
    Specs.Scenario thrashing = Runs.load(out.toFile(), List.of(drain, "templates.workloads.sql=thrashing"));
    assertEquals("thrashing", thrashing.vms().stream().filter(v -> v.name().equals("SQL03")).findFirst().orElseThrow().workloadName());
    assertEquals("sql-vmm", thrashing.vms().stream().filter(v -> v.name().equals("APP01")).findFirst().orElseThrow().workloadName());
    // An overlay: a file that includes the imported one and sets what the export cannot say.
    Path overlay = tmp.resolve("overlay.conf");
    Files.writeString(overlay, "include \"cluster3.conf\"\ntemplates.workloads { sql = sql-server, web = idle }\n");
    Specs.Scenario o = Runs.load(overlay.toFile(), List.of());
    assertEquals("sql-server", o.vms().stream().filter(v -> v.name().equals("SQL01")).findFirst().orElseThrow().workloadName());
    assertEquals("idle", o.vms().stream().filter(v -> v.name().equals("WEB01")).findFirst().orElseThrow().workloadName());
    // A mistake made later in the imported file is reported in that file, at its line, through the overlay.
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(out));
    int i = lines.indexOf(lines.stream().filter(l -> l.startsWith("  { name = SQL03,")).findFirst().orElseThrow());
    lines.set(i, lines.get(i).replace("memory = 64 GiB", "memory = 64 parsecs"));
    Files.write(out, lines);
    ScenarioException e = assertThrows(ScenarioException.class, () -> Runs.load(overlay.toFile(), List.of()));
    assertEquals(out.toString() + ":" + (i + 1) + ": vms[SQL03].memory", e.problems().get(0).toString().replaceFirst(": '64.*", ""));
  }
}
