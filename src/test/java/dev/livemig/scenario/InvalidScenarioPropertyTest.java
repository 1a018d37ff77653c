package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import dev.livemig.cli.Main;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 9: a valid generated scenario with one mistake put in (a wrong unit, an unknown name, a
 * value out of bounds, a NaN, a fractional count, an unknown key, a syntax error, ...) is refused
 * by the CLI with exit 2, every problem on a line {@code file:line: key: message}, one of them at
 * the line and key of the mistake; no stack trace, no report.
 */
class InvalidScenarioPropertyTest {
  private static Path dir;
  private static final Pattern PROBLEM = Pattern.compile("^(.+?):([1-9][0-9]*): ([^ :]+): .+$");

  @BeforeContainer
  static void makeDir() throws Exception {
    dir = Files.createTempDirectory("livemig-invalid");
  }

  @AfterContainer
  static void removeDir() throws Exception {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A mistake: the line it replaces (1-based), the new text, and the key its problem must name (a prefix). */
  record Mistake(int line, String text, String key) {}

  static final int KINDS = 16;

  static Mistake mistake(ScenarioGen g, int kind, SplittableRandom r) {
    List<String> hosts = g.hosts;
    String h = hosts.get(r.nextInt(hosts.size()));
    int hl = g.hostLines.get(h);
    String hostText = g.lines.get(hl - 1).text();
    List<String> vms = new ArrayList<>(g.vmHost.keySet());
    String vm = vms.isEmpty() ? null : vms.get(r.nextInt(vms.size()));
    String vmText = vm == null ? null : g.lines.get(g.vmLines.get(vm) - 1).text();
    String lm = g.lines.get(g.liveMigrationLine - 1).text();
    switch (kind) {
      case 0:
        return new Mistake(hl, hostText.replaceFirst("memory = [0-9]+ GiB", "memory = " + pick(r, "-4 GiB", "64", "lots", "0 GiB", "2 PiB")),
            "hosts[" + h + "].memory");
      case 1:
        return new Mistake(hl, hostText.replaceFirst("speed = [0-9]+ Gbps", "speed = " + pick(r, "1 bps", "10 GB", "fast", "-1 Gbps", "100 Tbps")),
            "hosts[" + h + "].nics[");
      case 2:
        return new Mistake(hl, hostText.replaceFirst("cores = 8", "cores = " + pick(r, "1.5", "0", "1e23", "\"many\"", "99999")),
            "hosts[" + h + "].cores");
      case 3:
        return new Mistake(g.seedLine, "seed = " + pick(r, "1.5", "1e23", "NaN", "\"x\"", "-1.0e30"), "seed");
      case 4:
        if (vm == null) return null;
        return new Mistake(g.vmLines.get(vm), vmText.replaceFirst("host = hv[0-9]+", "host = hv9"), "vms[" + vm + "].host");
      case 5:
        if (vm == null) return null;
        return new Mistake(g.vmLines.get(vm), vmText.replaceFirst("workload = [a-z-]+", "workload = " + pick(r, "nosuch", "{ model = uniform }",
            "{ model = hot-cold, writes-per-second = 10, working-set = 1 GiB, hot-fraction = NaN, hot-share = 0.5 }")),
            "vms[" + vm + "].workload");
      case 6:
        if (vm == null) return null;
        return new Mistake(g.vmLines.get(vm), vmText.replaceFirst(" }$", ", colour = red }"), "vms[" + vm + "].colour");
      case 7:
        if (vm == null) return null;
        return new Mistake(g.vmLines.get(vm), vmText.replaceFirst("memory = [0-9]+ GiB", "memory = " + pick(r, "9 TiB", "1 GiB 2", "-1 GiB")),
            "vms[" + vm + "].memory");
      case 8:
        return new Mistake(g.liveMigrationLine, lm.replaceFirst("simultaneous = [0-9]+", "simultaneous = " + pick(r, "0", "2.5", "1e9")),
            "cluster.live-migration.simultaneous");
      case 9:
        return new Mistake(g.liveMigrationLine, lm.replaceFirst("performance-option = [a-z-]+", "performance-option = warp"),
            "cluster.live-migration.performance-option");
      case 10:
        return new Mistake(g.liveMigrationLine, lm.replaceFirst("retry-delay = [0-9]+ s", "retry-delay = " + pick(r, "1e30 s", "-3 s", "3")),
            "cluster.live-migration.retry-delay");
      case 11: {
        if (g.eventLines.isEmpty()) return null;
        int i = r.nextInt(g.eventLines.size());
        int l = g.eventLines.get(i);
        return new Mistake(l, g.lines.get(l - 1).text().replaceFirst("at = [0-9]+ ms", "at = " + pick(r, "1e30 s", "-1 s", "soon", "4000 days")),
            "events[" + i + "].at");
      }
      case 12: {
        if (g.eventLines.isEmpty()) return null;
        int i = r.nextInt(g.eventLines.size());
        int l = g.eventLines.get(i);
        return new Mistake(l, g.lines.get(l - 1).text().replaceFirst("host = hv[0-9]+", "host = nohost"), "events[" + i + "]");
      }
      case 13: {
        int i = r.nextInt(g.stepLines.size());
        int l = g.stepLines.get(i);
        return new Mistake(l, "  { wait { for = " + pick(r, "-5 s", "1e30 s", "forever", "5") + " } }", "steps[" + i + "].wait.for");
      }
      case 14: {
        int i = r.nextInt(g.stepLines.size());
        int l = g.stepLines.get(i);
        return new Mistake(l, "  { teleport { vm = x } }", "steps[" + i + "]");
      }
      default: {
        // A syntax error: a brace too many on a host's line.
        return new Mistake(hl, hostText + " }", null);
      }
    }
  }

  private static String pick(SplittableRandom r, String... options) {
    return options[r.nextInt(options.length)];
  }


  private static Cli cli(String... args) {
    return Cli.run(args);
  }

  /** The scenario with its mistake, written to a file. */
  private record Case(File file, Mistake mistake, List<String> lines) {}

  private static Case write(long seed, int kind) throws Exception {
    ScenarioGen g = ScenarioGen.of(seed);
    Mistake m = mistake(g, kind, new SplittableRandom(seed ^ kind));
    if (m == null) m = mistake(g, 3, new SplittableRandom(seed));
    List<String> lines = new ArrayList<>();
    for (ScenarioGen.Line l : g.lines) lines.add(l.text());
    if (lines.get(m.line() - 1).equals(m.text())) m = new Mistake(g.seedLine, "seed = 1.5", "seed");
    lines.set(m.line() - 1, m.text());
    File f = dir.resolve("bad-" + Long.toHexString(seed) + "-" + kind + ".conf").toFile();
    Files.write(f.toPath(), lines, StandardCharsets.UTF_8);
    return new Case(f, m, lines);
  }

  /** The loader, many times: every problem located, one at the mistake's line and key. */
  @Property(tries = 6000, seed = "991")
  void theLoaderNamesTheLineAndKeyOfTheMistake(@ForAll long seed, @ForAll @IntRange(min = 0, max = KINDS - 1) int kind) throws Exception {
    Case c = write(seed, kind);
    String context = "\n" + String.join("\n", c.lines());
    List<Problem> problems;
    try {
      ScenarioLoader.load(c.file(), List.of(), ConfigLoader.defaults());
      throw new AssertionError("accepted:" + context);
    } catch (ScenarioException e) {
      problems = e.problems();
    }
    context += "\nproblems:\n" + problems;
    assertFalse(problems.isEmpty(), context);
    boolean found = false;
    for (Problem p : problems) {
      assertEquals(c.file().getPath(), p.file(), context);
      assertTrue(p.line() > 0, "no line: " + p + context);
      if (c.mistake().key() == null) {
        found = true;
        continue;
      }
      assertTrue(p.key() != null && !p.key().isEmpty(), "no key: " + p + context);
      if (p.line() == c.mistake().line() && p.key().startsWith(c.mistake().key())) found = true;
    }
    assertTrue(found, "no problem at line " + c.mistake().line() + " key " + c.mistake().key() + context);
    c.file().delete();
  }

  /** The command line, fewer times: exit 2, the problems as file:line: key: message, no stack trace, no report. */
  @Property(tries = 600, seed = "990")
  void oneMistakeIsRefusedAtItsLineAndKey(@ForAll long seed, @ForAll @IntRange(min = 0, max = KINDS - 1) int kind) throws Exception {
    Case c = write(seed, kind);
    Mistake m = c.mistake();
    File f = c.file();
    List<String> lines = c.lines();
    Path json = dir.resolve(f.getName() + ".json");
    Cli r = cli("run", f.getPath(), "--json", json.toString());
    String context = "\n" + String.join("\n", lines) + "\nstderr:\n" + r.err();
    assertEquals(2, r.code(), "exit code" + context);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "stack trace" + context);
    assertFalse(Files.exists(json), "a report was written" + context);
    List<String> errLines = r.err().lines().toList();
    assertTrue(errLines.get(errLines.size() - 1).endsWith("nothing was run."), context);
    boolean found = false;
    for (String l : errLines.subList(0, errLines.size() - 1)) {
      if (m.key() == null) {
        // a syntax error: file:line: message, at the line of the mistake or after it
        assertTrue(l.startsWith(f.getPath() + ":"), "not file:line: " + l + context);
        found = true;
        continue;
      }
      var mm = PROBLEM.matcher(l);
      assertTrue(mm.matches(), "not file:line: key: message: " + l + context);
      assertEquals(f.getPath(), mm.group(1), context);
      if (Integer.parseInt(mm.group(2)) == m.line() && mm.group(3).startsWith(m.key())) found = true;
    }
    assertTrue(found, "no problem at line " + m.line() + " key " + m.key() + context);
    f.delete();
  }
}
