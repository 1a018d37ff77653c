package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 1: a drain that strands a VM is not a fast success. Its measure carries the VMs
 * left ({@code vmsLeft}, {@code complete: false}), the screen names them with the reason and a fix,
 * and {@code check} counts them as a miss unless the expect block allows them.
 */
class LeftBehindTest {
  static final File STRANDED = new File("scenarios/drain-stranded-vm.conf");

  @TempDir
  Path tmp;

  @Test
  void theStrandedDrainsMeasureSaysIncomplete() throws Exception {
    Specs.Scenario s = Runs.load(STRANDED, List.of());
    Report r = Runs.run(s, ScenarioRun.Options.none()).report();
    Report.Measure m = r.measures().get("drain-hv1");
    assertEquals(1, m.vmsLeft());
    assertEquals(Boolean.FALSE, m.complete());
    Report.DrainedVm sql = r.drains().get(0).left().get(0);
    assertEquals("sql01", sql.vm());
    assertEquals("not-placed", sql.outcome());
    assertTrue(sql.fix().startsWith("free 16.0 GiB more on hv2"), sql.fix());
  }

  @Test
  void withoutAnExpectationAllowingItCheckMisses() throws Exception {
    Specs.Scenario s = Runs.load(STRANDED, List.of("expect=[]"));
    List<Runs.Check> checks = Runs.check(s);
    assertEquals(1, checks.size(), checks.toString());
    Runs.Check c = checks.get(0);
    assertTrue(c.implicit());
    assertFalse(c.ok(), "a drain that left a VM behind is a miss");
    assertEquals("vms-left", c.expectation().metric());
    assertEquals(1.0, c.measured());
  }

  @Test
  void anExpectationOnVmsLeftAllowsIt() throws Exception {
    List<Runs.Check> checks = Runs.check(Runs.load(STRANDED, List.of()));
    assertEquals(1, checks.size(), checks.toString());
    assertTrue(checks.get(0).ok());
    assertFalse(checks.get(0).implicit());
  }

  @Test
  void aSecondsBandAloneDoesNotHideTheVmLeft() throws Exception {
    // the case: the drain's seconds are met, the VM left is still a miss
    Specs.Scenario s = Runs.load(STRANDED, List.of("expect=[{ measure = drain-hv1, max = 60 s }]"));
    List<Runs.Check> checks = Runs.check(s);
    assertEquals(List.of(true, false), checks.stream().map(Runs.Check::ok).toList(), checks.toString());
  }

  @Test
  void aDrainWithoutAMeasureThatLeavesAVmIsAMiss() throws Exception {
    Specs.Scenario s = Runs.load(STRANDED, List.of("expect=[]", "steps=[{ drain { host = hv1 } }]"));
    List<Runs.Check> checks = Runs.check(s);
    assertEquals(1, checks.size(), checks.toString());
    assertFalse(checks.get(0).ok());
    assertEquals("(drain of hv1, no measure)", checks.get(0).expectation().measure());
  }

  @Test
  void aRollingMaintenanceThatPatchesAHostWithVmsOnItIsAMiss() throws Exception {
    Specs.Scenario s = Runs.load(STRANDED, List.of("expect=[]",
        "steps=[{ rolling-maintenance { hosts = [hv1], patch-time = 1 minute, measure = window } }]"));
    List<Runs.Check> checks = Runs.check(s);
    assertEquals(1, checks.size(), checks.toString());
    assertFalse(checks.get(0).ok());
    assertEquals("window", checks.get(0).expectation().measure());
    assertEquals(1.0, checks.get(0).measured());
  }

  @Test
  void checkExitsOneAndRunSaysWhichVmWhyAndTheFix() throws Exception {
    Path f = tmp.resolve("stranded.conf");
    String text = Files.readString(STRANDED.toPath());
    Files.writeString(f, text.substring(0, text.indexOf("expect = [")));
    Cli check = Cli.run("check", f.toString());
    assertEquals(1, check.code(), check.out() + check.err());
    assertTrue(check.out().lines().anyMatch(l -> l.contains("drain-hv1") && l.contains("vms-left") && l.startsWith("MISS ")),
        check.out());
    Cli run = Cli.run("run", f.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("INCOMPLETE: 1 VM left"), run.out());
    assertTrue(run.out().contains("LEFT BEHIND: the drain of hv1 (measure drain-hv1: incomplete) did not move 1 of 3 VMs: sql01"),
        run.out());
    assertTrue(run.out().contains("sql01: not-placed: no up host has 64.0 GiB free (the most any has is 48.0 GiB)"), run.out());
    assertTrue(run.out().contains("fix: free 16.0 GiB more on hv2"), run.out());
    for (String line : run.out().split("\n")) {
      if (line.startsWith("LEFT") || line.startsWith("  ")) assertTrue(line.length() <= 100, "over 100 columns: " + line);
    }
  }
}
