package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.livemig.kernel.SimTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, the command line: bad options exit 2 with one line; outputs are whole, leave nothing
 * aside and honour the umask; includes stay in the scenario's folder unless widened; user text is
 * printed without control characters; simulated time never overflows.
 */
class HardeningCliTest {
  static final String DIR = "src/test/resources/hardening/";
  static final String REFERENCE = "scenarios/seed-tcpip-8gb.conf";

  @TempDir
  Path tmp;

  private static CompareCommandTest.Result cli(String... args) {
    return CompareCommandTest.execute(args);
  }

  private static void assertNoStackTrace(CompareCommandTest.Result r) {
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception") || r.err().contains("Error:"),
        "stack trace on stderr:\n" + r.err());
  }

  private List<String> leftIn(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void benchRefusesRepeatBelowOne() {
    for (String n : new String[] {"0", "-5"}) {
      var r = cli("bench", "--repeat", n);
      assertEquals(2, r.code(), r.err());
      assertEquals("livemig: --repeat: must be >= 1 (got " + n + ")", r.err().strip());
    }
  }

  @Test
  void jsonToADirectoryIsRefusedAndLeavesNothing() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("out"));
    var r = cli("run", REFERENCE, "--json", dir.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("livemig: cannot write " + dir + ": it is a directory", r.err().strip());
    assertEquals(List.of("out"), leftIn(tmp));
    assertEquals(List.of(), leftIn(dir));
    var t = cli("run", REFERENCE, "--trace", dir.toString());
    assertEquals(2, t.code(), t.err());
    assertEquals(List.of("out"), leftIn(tmp));
    var c = cli("compare", REFERENCE, "--vary", "seed=1,2", "--csv", dir.toString());
    assertEquals(2, c.code(), c.err());
    assertEquals(List.of("out"), leftIn(tmp));
  }

  @Test
  void outputsHaveTheModeOfANewFileAndNothingIsLeftAside() throws Exception {
    Path probe = Files.createFile(tmp.resolve("probe")); // what the umask gives a new file here
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(probe);
    Path json = tmp.resolve("r.json");
    Path trace = tmp.resolve("t.jsonl");
    var r = cli("run", REFERENCE, "--json", json.toString(), "--trace", trace.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(expected, Files.getPosixFilePermissions(json));
    assertEquals(expected, Files.getPosixFilePermissions(trace));
    assertTrue(expected.contains(PosixFilePermission.GROUP_READ) || !Files.getPosixFilePermissions(probe).contains(PosixFilePermission.GROUP_READ));
    assertEquals(List.of("probe", "r.json", "t.jsonl"), leftIn(tmp));
  }

  @Test
  void checkOnAFolderWithoutScenariosIsAnError() throws Exception {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    Files.writeString(empty.resolve("notes.txt"), "not a scenario");
    var r = cli("check", empty.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(empty + ": no scenario (*.conf) in this folder or below", r.err().strip());
    assertFalse(r.out().contains("all expectations met"), r.out());
  }

  @Test
  void includesFromTheScenarioFolderWork() {
    var r = cli("run", DIR + "with-include.conf");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("v1  hv1 -> hv2"), r.out());
  }

  @Test
  void anIncludedFileCannotReachOutAndItsLineIsGiven() {
    var r = cli("run", DIR + "include-nested-refusal.conf");
    assertEquals(2, r.code(), r.err());
    assertEquals(DIR + "inc/up.conf:2: include: '../../bad/include-self.conf' is outside the scenario's folder; "
        + "allowed: files in the scenario's folder and below (widen with --allow-files DIR)", r.err().lines().findFirst().orElse(""));
    assertNoStackTrace(r);
  }

  @Test
  void allowFilesWidensTheFolder() {
    var r = cli("run", DIR + "include-nested-refusal.conf", "--allow-files", "src/test/resources/bad");
    // Now the include is read: it is the bad corpus's self-include, refused for its cycle, not its place.
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("include-self.conf:8: include: 'include-self.conf' includes itself"), r.err());
  }

  @Test
  void aTraceThatIsADeviceIsRefusedEvenWhereFilesAreAllowed() throws Exception {
    Path conf = tmp.resolve("device.conf");
    Files.writeString(conf, "hosts = [ { name = hv1, memory = 64 GiB, nics = [ { name = lm1, speed = 10 Gbps } ] } ]\n"
        + "vms = [ { name = v1, host = hv1, memory = 8 GiB, workload { model = trace, file = /dev/zero } } ]\n");
    var r = cli("run", conf.toString(), "--allow-files", "/dev");
    assertEquals(2, r.code(), r.err());
    assertEquals(conf + ":2: vms[v1].workload.file: /dev/zero is not a regular file", r.err().lines().findFirst().orElse(""));
  }

  @Test
  void traceProblemsNeverQuoteTheFile() {
    var r = cli("run", "src/test/resources/bad/trace-files-bad.conf");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("nan.csv:5:"), r.err());
    assertFalse(r.err().contains("s3cr3t") || r.err().contains("NaN") || r.err().contains("caf"), r.err());
  }

  @Test
  void controlCharactersInUserTextAreNotPrinted() {
    var r = cli("run", DIR + "control-chars.conf");
    assertEquals(0, r.code(), r.err());
    String all = r.out() + r.err();
    for (char c : all.toCharArray()) {
      assertTrue(c == '\n' || (c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0) && c != 0x202e), "raw control character " + (int) c);
    }
    assertTrue(r.out().contains("scenario evil\\x1b[2J\\x1b[31mred\\u202e (seed 1)"), r.out());
    assertTrue(r.out().contains("m\\x07"), r.out());
  }

  @Test
  void terminalCleanEscapesControlsAndKeepsTheRest() {
    assertEquals("abc é ≥ 日本", Terminal.clean("abc é ≥ 日本"));
    assertEquals("a\\x1b[31mb\\x0ac\\x7f\\x9b\\u202e", Terminal.clean("a\u001b[31mb\nc\u007f\u009b\u202e"));
  }

  @Test
  void aRunPastTheHorizonIsBadInputNotAnOverflow() {
    var r = cli("run", DIR + "horizon.conf");
    assertEquals(2, r.code(), r.err());
    List<String> lines = r.err().lines().collect(Collectors.toList());
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith(DIR + "horizon.conf: the run would pass 100 years of simulated time"), lines.get(0));
    assertNoStackTrace(r);
  }

  @Test
  void simulatedTimeSaturatesInsteadOfWrapping() {
    assertEquals(Long.MAX_VALUE, SimTime.plus(Long.MAX_VALUE - 5, 10));
    assertEquals(Long.MAX_VALUE, SimTime.plus(SimTime.HORIZON, Long.MAX_VALUE));
    assertEquals(15, SimTime.plus(5, 10));
    assertEquals(Long.MIN_VALUE, SimTime.plus(Long.MIN_VALUE + 5, -10));
    assertTrue(SimTime.HORIZON + Long.MAX_VALUE / 4 > 0, "the horizon plus the longest computed duration fits");
    assertEquals(100 * 365.25 * 86400, SimTime.toSeconds(SimTime.HORIZON), 1e-3);
  }
}
