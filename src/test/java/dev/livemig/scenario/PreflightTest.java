package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livemig.report.ReportJson;
import org.junit.jupiter.api.Test;

/** {@code livemig preflight}: the rules for every VM and step, without running; exit 1 when a step would be refused. */
class PreflightTest {

  @Test
  void aDrainThatWouldLeaveVmsExitsOne() throws Exception {
    Cli c = Cli.run("preflight", "scenarios/drain-with-rules.conf", "--host", "hv1");
    assertEquals(1, c.code(), c.err());
    assertTrue(c.out().contains("file01 stays on hv1: live refused (passthrough-disk: passthrough disks live-migrate only when"), c.out());
    assertTrue(c.out().contains("exch01 stays on hv1"), c.out());
    assertTrue(c.out().contains("sql01: live to any of [hv2, hv3]"), c.out());
    assertTrue(!c.out().contains("sql02 on hv2"), "--host hv1 lists only hv1's VMs");
    Cli j = Cli.run("preflight", "scenarios/drain-with-rules.conf", "--json");
    assertEquals(1, j.code());
    JsonNode r = ReportJson.mapper().readTree(j.out());
    assertEquals(9, r.get("vms").size());
    assertEquals(2, r.get("refusedSteps").asInt());
    JsonNode exch = r.get("vms").get(3);
    assertEquals("exch01", exch.get("vm").asText());
    JsonNode live = exch.get("kinds").get(0);
    assertEquals("live", live.get("kind").asText());
    assertEquals("support-policy", live.get("refused").get(0).get("rule").asText());
    assertTrue(live.get("refused").get(0).get("fix").asText().contains("force = true"));
  }

  @Test
  void refusedMigrateStepsAndAllowedOnes() {
    Cli c = Cli.run("preflight", "scenarios/passthrough-rules.conf");
    assertEquals(1, c.code(), c.err());
    assertTrue(c.out().contains("migrate live pt-unmanaged hv1 -> hv2: REFUSED"), c.out());
    assertTrue(c.out().contains("migrate shared-nothing vhdx-local sa1 -> sa2: ok"), c.out());
    assertTrue(c.out().contains("4 step(s) would be refused"), c.out());
    Cli ok = Cli.run("preflight", "scenarios/quick-vs-live.conf");
    assertEquals(0, ok.code(), ok.out());
    assertTrue(ok.out().contains("no step would be refused"));
  }

  @Test
  void badInputIsExitTwo() {
    Cli c = Cli.run("preflight", "scenarios/quick-vs-live.conf", "--host", "nohost");
    assertEquals(2, c.code());
    assertTrue(c.err().contains("--host: no host named 'nohost'"), c.err());
    assertEquals("", c.out());
    Cli bad = Cli.run("preflight", "src/test/resources/bad/storage-bad.conf");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("steps[0].migrate.kind: 'teleport' is not a kind of move"), bad.err());
    assertTrue(!bad.err().contains("Exception"), bad.err());
  }
}
