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
    String header = c.out().lines().filter(l -> l.startsWith("seed")).findFirst().orElseThrow();
    assertTrue(header.endsWith("notes"), c.out());
    assertTrue(c.out().lines().anyMatch(l -> l.startsWith("2 ") && l.endsWith("[2]")), c.out());
    assertTrue(c.out().contains("[2] variant 2 (seed=2):\n    m3 sqlvmm01: 159.740 s: compression fell back to TCP/IP"), c.out());
  }

  @Test
  void aComparisonWithoutNotesHasNoNotesColumn() throws Exception {
    CompareCommandTest.Result c = CompareCommandTest.execute("compare", "scenarios/seed-tcpip-8gb.conf", "--vary", "seed=1,2");
    assertEquals(0, c.code(), c.err());
    assertTrue(!c.out().contains("notes"), c.out());
  }
}
