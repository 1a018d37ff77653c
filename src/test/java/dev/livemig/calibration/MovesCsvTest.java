package dev.livemig.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.scenario.TestScenarios;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timed moves' CSV as Windows PowerShell's Export-Csv writes it, and what a bad line gives. */
class MovesCsvTest {
  static final Specs.Scenario CLUSTER = TestScenarios.load(TestScenarios.TWO_HOSTS + """
      vms = [ { name = web-legacy.01, host = a, memory = 4 GiB, workload = idle }
              { name = sql01, host = a, memory = 8 GiB, workload = sql-vmm } ]
      """);

  @TempDir
  Path dir;

  Path file(String text) throws Exception {
    Path p = dir.resolve("moves.csv");
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void readsExportCsvWithItsTypeLineQuotesDoubledQuotesAndCrlf() throws Exception {
    Path p = file("#TYPE System.Management.Automation.PSCustomObject\r\n"
        + "\"VM\",\"MemoryGB\",\"Source\",\"Destination\",\"PerformanceOption\",\"Seconds\",\"NicGbps\",\"BlackoutMs\",\"Simultaneous\",\"Note\"\r\n"
        + "\"web-legacy.01\",\"4\",\"A.contoso.local\",\"B\",\"TCPIP\",\"38.2519\",\"0.949\",\"21.5\",\"1\",\"after \"\"KB5005\"\", rebooted\"\r\n"
        + "\"SQL01\",\"7.5\",\"a\",\"b\",\"Compression\",\"40.1\",\"\",\"\",\"2\",\"\"\r\n"
        + "\"sql01\",\"8\",\"b\",\"a\",\"SMB\",\"11\",\"\",\"\",\"\",\"\"\r\n");
    List<MeasuredMove> moves = MovesCsv.read(p, "moves.csv", CLUSTER, 64);
    assertEquals(3, moves.size());
    MeasuredMove m = moves.get(0);
    assertEquals(3, m.line(), "the #TYPE line and the header are lines 1 and 2");
    assertEquals("web-legacy.01", m.vm(), "a column not read (Note, with a comma and doubled quotes inside its quotes) is skipped");
    assertEquals("a", m.source(), "a host by its FQDN's short name, any case");
    assertEquals("b", m.destination());
    assertEquals(4L << 30, m.memoryBytes(), "PowerShell's GB: 2^30 bytes");
    assertEquals("tcpip", m.option());
    assertEquals(38.2519, m.seconds(), 1e-12);
    assertEquals(0.949, m.nicGbps(), 1e-12);
    assertEquals(21.5, m.blackoutMs(), 1e-12);
    assertEquals(1, m.simultaneous());
    MeasuredMove c = moves.get(1);
    assertEquals("sql01", c.vm(), "a VM in any case");
    assertEquals(Math.round(7.5 * (1L << 30)), c.memoryBytes());
    assertEquals("compression", c.option());
    assertEquals(null, c.nicGbps(), "an empty optional field is not measured");
    assertEquals(2, c.simultaneous());
    assertEquals("smb", moves.get(2).option());
    assertEquals(1, moves.get(2).simultaneous(), "Simultaneous empty: one move");
  }

  @Test
  void readsMemoryInBytesAndTheNicCounterInItsOwnUnitAndASemicolonFileWithDecimalCommas() throws Exception {
    Path p = file("\"VM\";\"MemoryBytes\";\"Source\";\"Destination\";\"PerformanceOption\";\"Seconds\";\"NicBytesPerSec\"\n"
        + "\"sql01\";\"8589934592\";\"a\";\"b\";\"TCPIP\";\"78,824\";\"118625000\"\n");
    MeasuredMove m = MovesCsv.read(p, "moves.csv", CLUSTER, 64).get(0);
    assertEquals(2, m.line(), "no #TYPE line (-NoTypeInformation): the header is line 1");
    assertEquals(8L << 30, m.memoryBytes());
    assertEquals(78.824, m.seconds(), 1e-12, "-UseCulture in a comma-decimal locale");
    assertEquals(0.949, m.nicGbps(), 1e-12, "bytes/s × 8 / 10^9");
  }

  @Test
  void everyBadLineIsAProblemAtItsLineAndColumnAllAtOnce() throws Exception {
    Path p = file("#TYPE System.Management.Automation.PSCustomObject\n"
        + "\"VM\",\"MemoryGB\",\"Source\",\"Destination\",\"PerformanceOption\",\"Seconds\",\"Simultaneous\"\n"
        + "\"nosuch\",\"4\",\"a\",\"b\",\"TCPIP\",\"10\",\"1\"\n"
        + "\"sql01\",\"4\",\"a\",\"hv9\",\"TCPIP\",\"10\",\"1\"\n"
        + "\"sql01\",\"four\",\"a\",\"b\",\"TCPIP\",\"-3\",\"1\"\n"
        + "\"sql01\",\"4\",\"a\",\"b\",\"Turbo\",\"10\",\"0\"\n"
        + "\"sql01\",\"4\",\"a\",\"a\",\"SMB\",\"\",\"1\"\n"
        + "\"sql01\",\"4\",\"a\",\"b\",\"SMB\",\"12\",\"1\"\n");
    ScenarioException e = assertThrows(ScenarioException.class, () -> MovesCsv.read(p, "moves.csv", CLUSTER, 64));
    List<String> got = e.problems().stream().map(Problem::toString).toList();
    assertEquals(List.of(
        "moves.csv:3: VM: no VM named 'nosuch' in the cluster's scenario; allowed: sql01, web-legacy.01",
        "moves.csv:4: Destination: no host named 'hv9' in the cluster's scenario; allowed: a, b",
        "moves.csv:5: MemoryGB: 'four' is not a positive number; give a size in GB (PowerShell's, 2^30 bytes), e.g. 8",
        "moves.csv:5: Seconds: '-3' is not a positive number; give Measure-Command's TotalSeconds, e.g. 78.8",
        "moves.csv:6: PerformanceOption: 'Turbo' is no performance option; allowed: TCPIP, Compression, SMB "
            + "(Get-VMHost's VirtualMachineMigrationPerformanceOption)",
        "moves.csv:6: Simultaneous: '0' is not a whole number from 1 to 64 (moves started together, livemig.calibrate.max-simultaneous)",
        "moves.csv:7: Destination: the move's source and destination are both a",
        "moves.csv:7: Seconds: empty; give Measure-Command's TotalSeconds, e.g. 78.8"), got);
  }

  @Test
  void aMissingColumnIsSaidAtTheHeaderWithTheColumnsAllowed() throws Exception {
    Path p = file("\"VM\",\"Source\",\"Destination\",\"Seconds\"\n\"sql01\",\"a\",\"b\",\"10\"\n");
    ScenarioException e = assertThrows(ScenarioException.class, () -> MovesCsv.read(p, "moves.csv", CLUSTER, 64));
    List<String> got = e.problems().stream().map(Problem::toString).toList();
    assertEquals(2, got.size(), got.toString());
    assertTrue(got.get(0).startsWith("moves.csv:1: PerformanceOption: column missing; the columns: VM, MemoryGB or MemoryBytes"), got.get(0));
    assertTrue(got.get(1).startsWith("moves.csv:1: MemoryGB: column missing (or MemoryBytes)"), got.get(1));
  }

  @Test
  void theCliSaysEveryProblemAndExitsTwoWithoutAStackTrace() throws Exception {
    Path cluster = dir.resolve("cluster.conf");
    Files.writeString(cluster, TestScenarios.TWO_HOSTS + "vms = [ { name = sql01, host = a, memory = 8 GiB } ]\n");
    Path p = file("\"VM\",\"MemoryGB\",\"Source\",\"Destination\",\"PerformanceOption\",\"Seconds\"\n"
        + "\"sql02\",\"8\",\"a\",\"b\",\"TCPIP\",\"x\"\n");
    CliRun r = CliRun.of("calibrate", "--measured", p.toString(), "--scenario", cluster.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(p + ":2: VM: no VM named 'sql02'"), r.err());
    assertTrue(r.err().contains(p + ":2: Seconds: 'x' is not a positive number"), r.err());
    assertTrue(r.err().contains("2 problems; nothing was run."), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertEquals("", r.out());
  }
}
