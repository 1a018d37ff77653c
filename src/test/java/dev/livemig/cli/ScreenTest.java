package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: what the terminal says, beside the JSON. */
class ScreenTest {
  @TempDir
  Path tmp;

  static final String OVERCOMMITTED = """
      hosts = [
        { name = a, memory = 256 GiB, cores = 12, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        { name = b, memory = 256 GiB, cores = 12, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
      ]
      vm-groups = [ { per-host = 31, name = "%s-vm%02d", hosts = [a], template = { memory = 1 GiB, workload = idle, cpu = 2 } } ]
      vms = [ { name = v, host = b, memory = 1 GiB, workload = idle, cpu = 2 } ]
      steps = [ { migrate { vm = v, to = a, measure = move } } ]
      """;

  Path write(String name, String text) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void anOvercommittedHostIsAWarningAtLoadWithItsFigures() throws Exception {
    Path f = write("over.conf", OVERCOMMITTED);
    for (String cmd : new String[] {"run", "check"}) {
      CompareCommandTest.Result r = CompareCommandTest.execute(cmd, f.toString());
      assertTrue(r.err().contains(f + ": warning: host a is overcommitted: its 31 VMs ask for 62.0 cores, it has 12 (5.2 ×)"),
          cmd + ": " + r.err());
      assertTrue(!r.err().contains("host b is overcommitted"), r.err());
    }
    CompareCommandTest.Result c = CompareCommandTest.execute("compare", f.toString(), "--vary", "seed=1,2");
    assertEquals(1, c.err().lines().filter(l -> l.contains("warning: host a is overcommitted")).count(),
        "said once for all variants: " + c.err());
  }

  @Test
  void aHostWithinItsCoresGivesNoWarning() throws Exception {
    Path f = write("fine.conf", OVERCOMMITTED.replace("cpu = 2 }", "cpu = 0.1 }"));
    CompareCommandTest.Result r = CompareCommandTest.execute("run", f.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(!r.err().contains("warning"), r.err());
  }

  @Test
  void aFallbackIsANoteInTheSummaryAndAFootnoteOfCompare() throws Exception {
    String file = "scenarios/compression-fallback.conf";
    CompareCommandTest.Result r = CompareCommandTest.execute("run", file);
    assertTrue(r.out().contains("notes (what the transport did):\n  m3 sqlvmm01: 159.735 s: compression fell back to TCP/IP"),
        r.out());
    CompareCommandTest.Result c = CompareCommandTest.execute("compare", file, "--vary", "seed=1,2");
    assertEquals(0, c.code(), c.err());
    assertTrue(c.out().lines().anyMatch(l -> l.startsWith("seed") && l.endsWith("notes")), c.out());
    assertTrue(c.out().lines().anyMatch(l -> l.startsWith("2 ") && l.endsWith("[2]")), c.out());
    assertTrue(c.out().contains("[2] variant 2 (seed=2):\n    m3 sqlvmm01: 159.740 s: compression fell back to TCP/IP"), c.out());
  }

  @Test
  void aComparisonWithoutNotesHasNoNotesColumn() throws Exception {
    CompareCommandTest.Result c = CompareCommandTest.execute("compare", "scenarios/seed-tcpip-8gb.conf", "--vary", "seed=1,2");
    assertEquals(0, c.code(), c.err());
    assertTrue(!c.out().contains("notes"), c.out());
  }

  @Test
  void livemigAloneIsHelpAndExitTwoAndHelpNamesACommand() {
    CompareCommandTest.Result none = CompareCommandTest.execute();
    assertEquals(2, none.code());
    assertTrue(none.err().contains("Usage: livemig") && none.err().contains("check"), none.err());
    CompareCommandTest.Result help = CompareCommandTest.execute("help", "check");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().contains("Usage: livemig check") && help.out().contains("--junit"), help.out());
    CompareCommandTest.Result run = CompareCommandTest.execute("help", "run");
    assertTrue(run.out().contains("only with --json"), run.out());
  }

  @Test
  void traceDashGoesToStandardOutputInsteadOfTheSummary() throws Exception {
    CompareCommandTest.Result r = CompareCommandTest.execute("run", "scenarios/seed-tcpip-8gb.conf", "--trace", "-");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("{\"t\":0.000000000,\"from\":\"sim\""), r.out().substring(0, 80));
    assertTrue(r.out().lines().allMatch(l -> l.startsWith("{")), "JSON lines only");
    assertEquals(Files.readString(Path.of("src/test/resources/golden/seed-tcpip-8gb.trace.jsonl")), r.out());
    assertTrue(!Files.exists(Path.of("-")), "no file named '-'");
    CompareCommandTest.Result both = CompareCommandTest.execute("run", "scenarios/seed-tcpip-8gb.conf", "--trace", "-", "--json", "-");
    assertEquals(2, both.code());
  }

  @Test
  void quietPrintsNothingAndRowsSummaryKeepsOnlyWhatWentWrong() {
    CompareCommandTest.Result q = CompareCommandTest.execute("run", "scenarios/seed-tcpip-8gb.conf", "--quiet");
    assertEquals(0, q.code(), q.err());
    assertEquals("", q.out());
    CompareCommandTest.Result s = CompareCommandTest.execute("run", "scenarios/drain-with-host-failure.conf", "--rows", "summary");
    assertTrue(s.out().contains("4 migrations: 3 completed, 1 failed; those that did not complete below"), s.out());
    assertTrue(s.out().lines().anyMatch(l -> l.startsWith("m1 ") && l.contains("failed")), s.out());
    assertTrue(s.out().lines().noneMatch(l -> l.startsWith("m2 ")), s.out());
    assertEquals(2, CompareCommandTest.execute("run", "scenarios/seed-tcpip-8gb.conf", "--rows", "some").code());
  }

  @Test
  void theSummaryShowsQueueWaitCopyAndTotalApartAndFitsOneHundredColumns() {
    CompareCommandTest.Result r = CompareCommandTest.execute("run", "scenarios/drain-250gb-1gbe-tcpip.conf");
    assertEquals(0, r.code(), r.err());
    // the 31st VM of the serial drain: 39 min 25 s in the queue, a 74.65 s copy, 40 min 44 s in all
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("m31 ") && l.contains("39 min 25 s") && l.contains("74.65 s")
        && l.contains("40 min 44 s")), r.out());
    for (String f : new String[] {"drain-250gb-1gbe-tcpip", "storm-thrashing", "drain-with-host-failure", "seed-demo",
        "rolling-patch-8-nodes", "drain-stranded-vm", "nic-failure"}) {
      CompareCommandTest.Result x = CompareCommandTest.execute("run", "scenarios/" + f + ".conf");
      for (String line : x.out().split("\n")) assertTrue(line.length() <= 100, f + ": over 100 columns: " + line);
    }
  }

  @Test
  void whatTheGuestsFeltAndEachHostsMaintenanceShareAreInTheSummary() {
    CompareCommandTest.Result r = CompareCommandTest.execute("run", "scenarios/storm-thrashing.conf");
    assertTrue(r.out().contains("what the guests' users felt (1 of 2 migrations):\n  m1 thrash01: 5 of 237 pings lost; "
        + "TCP session dropped"), r.out());
    CompareCommandTest.Result p = CompareCommandTest.execute("run", "scenarios/policy-comparison.conf", "--set",
        "cluster.live-migration.policy=qemu");
    assertTrue(p.out().contains("throttled for"), p.out());
    CompareCommandTest.Result pc = CompareCommandTest.execute("run", "scenarios/policy-comparison.conf", "--set",
        "cluster.live-migration.policy=post-copy");
    assertTrue(pc.out().contains("post-copy: degraded"), pc.out());
    CompareCommandTest.Result m = CompareCommandTest.execute("run", "scenarios/rolling-patch-8-nodes.conf");
    assertTrue(m.out().lines().anyMatch(l -> l.startsWith("node1 ") && l.contains("12.5 %")), m.out());
    CompareCommandTest.Result none = CompareCommandTest.execute("run", "scenarios/seed-tcpip-8gb.conf");
    assertTrue(none.out().contains("guests: no ping lost, no TCP session dropped, no throttling, no post-copy (1 migration)"),
        none.out());
  }

  @Test
  void checkTakesSetSeedJsonAndWritesJUnitXml() throws Exception {
    Path xml = tmp.resolve("checks.xml");
    Path json = tmp.resolve("r.json");
    CompareCommandTest.Result r = CompareCommandTest.execute("check", "scenarios/drain-stranded-vm.conf", "--set", "expect=[]",
        "--seed", "7", "--json", json.toString(), "--junit", xml.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(Files.readString(json).contains("\"seed\" : 7"), "the report of the run with --seed 7");
    var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    var cases = doc.getElementsByTagName("testcase");
    assertEquals(1, cases.getLength());
    var failure = (org.w3c.dom.Element) doc.getElementsByTagName("failure").item(0);
    assertTrue(failure.getAttribute("message").startsWith("measured 1.00000; expected 0 (no expect allows VMs left)"),
        failure.getAttribute("message"));
    CompareCommandTest.Result ok = CompareCommandTest.execute("check", "scenarios/seed-demo.conf", "scenarios/serial-2008r2.conf",
        "--junit", xml.toString());
    assertEquals(0, ok.code(), ok.err());
    doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    assertEquals(2, doc.getElementsByTagName("testsuite").getLength());
    assertEquals(0, doc.getElementsByTagName("failure").getLength());
    Path probe = Files.createFile(tmp.resolve("probe"));
    assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(xml), "the umask's mode");
    CompareCommandTest.Result two = CompareCommandTest.execute("check", "scenarios/seed-demo.conf", "scenarios/serial-2008r2.conf",
        "--json", json.toString());
    assertEquals(2, two.code(), "--json with two scenarios");
  }

  @Test
  void anInvalidScenarioIsAnErrorInTheJUnitXml() throws Exception {
    Path bad = write("bad.conf", "hosts = 3\n");
    Path xml = tmp.resolve("checks.xml");
    CompareCommandTest.Result r = CompareCommandTest.execute("check", bad.toString(), "--junit", xml.toString());
    assertEquals(2, r.code());
    String text = Files.readString(xml);
    assertTrue(text.contains("<error message=\"invalid scenario\">" + bad + ":1: hosts"), text);
  }

  @Test
  void aMeasuredMoveThatDidNotCompleteIsMarkedAndCheckNamesItsOutcome() throws Exception {
    CompareCommandTest.Result run = CompareCommandTest.execute("run", "scenarios/move-not-completed.conf");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().lines().anyMatch(l -> l.matches("move-a +35\\.00 s +INCOMPLETE: m1\\.1 rejected")), run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.matches("move-b +37\\.01 s +yes")), run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.matches("hv2 +10\\.00 s +- +- +\\(no VM ran on it\\)")), run.out());
    Path bare = write("bare.conf", Files.readString(Path.of("scenarios/move-not-completed.conf")).replaceAll("(?s)expect = \\[.*", "")
        + "expect = [ { measure = move-a, max = 60 s } ]\n");
    CompareCommandTest.Result check = CompareCommandTest.execute("check", bare.toString());
    assertEquals(1, check.code(), check.out() + check.err());
    assertTrue(check.out().lines().anyMatch(l -> l.matches("MISS .* move-a +outcome +rejected +completed \\(no expect.*")), check.out());
    // the HTML page's expectation table says it in the same words
    Path html = tmp.resolve("bare.html");
    assertEquals(0, CompareCommandTest.execute("run", bare.toString(), "--html", html.toString()).code());
    assertTrue(Files.readString(html).contains("\"metric\":\"outcome\",\"expected\":\"completed (no expect allows another outcome)\","
        + "\"measured\":5.0,\"word\":\"rejected\",\"ok\":false"), "the page's expects");
  }

  @Test
  void longTimesReadAsHoursAndMinutes() {
    assertEquals("78.82 s", TextTime.of(78.824));
    assertEquals("599.99 s", TextTime.of(599.99));
    assertEquals("40 min 44 s", TextTime.of(2443.72));
    assertEquals("20 min", TextTime.of(1200));
    assertEquals("1 h 25 min", TextTime.of(5100));
    assertEquals("2 h", TextTime.of(7200));
    assertEquals("3 d 14 h", TextTime.of(86 * 3600));
  }

  @Test
  void aWideTableWrapsItsLastTextColumnOrSplitsItsColumns() {
    Table t = new Table("id", "a", "outcome");
    t.add("m1", "x".repeat(60), "failed: the destination went down while the VM was in its blackout");
    String s = t.fit(100, 1);
    for (String line : s.split("\n")) assertTrue(line.length() <= 100, line);
    assertTrue(s.lines().anyMatch(l -> l.startsWith("m1 ") && l.endsWith("failed: the destination went down")), s);
    assertTrue(s.lines().anyMatch(l -> l.startsWith("    ") && l.endsWith("  while the VM was in its blackout")), s);
    Table w = new Table("id", "a", "b", "c");
    w.add("m1", "x".repeat(40), "y".repeat(40), "z".repeat(40)); // one word: cannot wrap, so split
    String split = w.fit(100, 1);
    for (String line : split.split("\n")) assertTrue(line.length() <= 100, line);
    assertEquals(2, split.lines().filter(l -> l.startsWith("m1 ")).count(), split);
  }

  @Test
  void aWideComparisonFitsOneHundredColumns() {
    CompareCommandTest.Result c = CompareCommandTest.execute("compare", "scenarios/seed-demo.conf", "--vary", "seed=1,2",
        "--metric", "seconds,downtime-ms,bytes-sent-gib");
    assertEquals(0, c.code(), c.err());
    for (String line : c.out().split("\n")) assertTrue(line.length() <= 100, "over 100 columns: " + line);
    assertTrue(c.out().lines().filter(l -> l.startsWith("seed")).count() > 1, "split into column groups: " + c.out());
  }

  @Test
  void theExampleTraceCsvLoadsAndRuns() throws Exception {
    Files.createDirectories(tmp.resolve("traces"));
    Files.copy(Path.of("scenarios/traces/sql-nightly-batch.csv"), tmp.resolve("traces/sql-nightly-batch.csv"));
    Path f = write("traced.conf", dev.livemig.scenario.TestScenarios.TWO_HOSTS + """
        vms = [ { name = v, host = a, memory = 4 GiB, workload { model = trace, file = "traces/sql-nightly-batch.csv",
                  working-set = 2 GiB } } ]
        steps = [ { migrate { vm = v, to = b, measure = move } } ]
        """);
    CompareCommandTest.Result r = CompareCommandTest.execute("run", f.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("completed"), r.out());
  }
}
