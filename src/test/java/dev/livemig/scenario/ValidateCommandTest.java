package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code livemig validate}: the checklist without the flow; exit 0, 1 on a failed check, 2 on bad input. */
class ValidateCommandTest {
  static final Path OK = Path.of("src", "test", "resources", "nodeadd", "cluster.conf");

  @TempDir
  Path dir;

  private Path variant(String from, String to) throws IOException {
    String text = Files.readString(OK);
    assertTrue(text.contains(from), from);
    Path p = dir.resolve("v.conf");
    Files.writeString(p, text.replace(from, to));
    return p;
  }

  @Test
  void anIdenticalNodePassesEveryCheckAndShowsTheQuorumChange() {
    Cli r = Cli.run("validate", OK.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("[ok]   5 cluster disks"), r.out());
    assertTrue(r.out().contains("node majority (3 nodes: 3 votes) -> node and disk majority (4 nodes + witness disk Quorum: 5 votes)"), r.out());
    assertTrue(r.out().endsWith("all checks passed\n"), r.out());
  }

  @Test
  void aDriftedNodeFailsWithEachDifferenceAndExitsOne() throws IOException {
    Path p = variant("{ name = hv4, cluster-member = false }",
        "{ name = hv4, cluster-member = false, luns = [Quorum, CSV1], vswitches = [ { name = external, uplink = vm-team } ] }");
    Cli r = Cli.run("validate", p.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("[FAIL] 4 virtual switches"), r.out());
    assertTrue(r.out().contains("Unsupported Cluster Configuration: virtual switch 'External' is on hv1, hv2, hv3 but not on hv4"), r.out());
    assertTrue(r.out().contains("cluster disk (LUN) CSV2 is not presented to hv4"), r.out());
    assertTrue(r.out().contains("[ok]   2 identical build"), r.out());
    assertTrue(r.out().endsWith("2 check(s) failed\n"), r.out());
  }

  @Test
  void aMemberAgainstTheOthersWithHostAndAnUnknownHostIsBadInput() {
    Cli r = Cli.run("validate", OK.toString(), "--host", "hv2");
    assertEquals(0, r.code(), r.out() + r.err());
    Cli bad = Cli.run("validate", OK.toString(), "--host", "hv9");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--host: no host named 'hv9'"), bad.err());
    assertEquals("", bad.out());
  }

  @Test
  void aScenarioWithoutOutsideHostsChecksEveryNodeAgainstTheOthers() {
    Cli r = Cli.run("validate", "scenarios/serial-2008r2.conf");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("every node against the others"), r.out());
  }

  @Test
  void badInputIsEveryProblemAtOnceAndExitTwo() {
    Cli r = Cli.run("validate", "src/test/resources/bad/add-node-bad.conf");
    assertEquals(2, r.code());
    assertFalse(r.err().contains("Exception"), r.err());
    assertTrue(r.err().contains("12 problems; nothing was run."), r.err());
    assertEquals("", r.out());
  }
}
