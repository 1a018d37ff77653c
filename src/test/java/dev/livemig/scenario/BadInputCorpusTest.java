package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.livemig.cli.Main;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus: each {@code src/test/resources/bad/X.conf} must be refused with exactly the
 * problem lines of {@code X.expected} (file:line: key: message, sorted by line), and the CLI must
 * print them and exit 2 without a stack trace and without writing any output.
 *
 * <p>When the loader's messages change on purpose, rewrite the .expected files with
 * {@code mvn test -Dtest=BadInputCorpusTest -Dlivemig.bad.update=true} and review them with git diff.
 */
class BadInputCorpusTest {

  private static final Path DIR = Path.of("src", "test", "resources", "bad");
  private static final String MISSING = DIR.resolve("no-such-scenario.conf").toString();

  private static List<Path> corpus() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().collect(Collectors.toList());
    }
  }

  private static Path expectedOf(Path conf) {
    String n = conf.getFileName().toString();
    return conf.resolveSibling(n.substring(0, n.length() - ".conf".length()) + ".expected");
  }

  private static List<String> expectedLines(Path conf) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(expectedOf(conf), StandardCharsets.UTF_8));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
    return lines;
  }

  private static List<Problem> problemsOf(String path) {
    ScenarioException e = assertThrows(ScenarioException.class,
        () -> ScenarioLoader.load(new File(path), List.of(), ConfigLoader.defaults()), path + " was accepted");
    return e.problems();
  }

  @Test
  void everyScenarioHasItsExpectedLinesAndBack() throws IOException {
    List<Path> confs = corpus();
    assertTrue(confs.size() >= 15, "the corpus is smaller than expected: " + confs);
    for (Path c : confs) assertTrue(Files.isRegularFile(expectedOf(c)), "no " + expectedOf(c));
    try (Stream<Path> s = Files.list(DIR)) {
      for (Path e : s.filter(p -> p.getFileName().toString().endsWith(".expected")).collect(Collectors.toList())) {
        String n = e.getFileName().toString();
        Path conf = e.resolveSibling(n.substring(0, n.length() - ".expected".length()) + ".conf");
        assertTrue(Files.isRegularFile(conf), e + " has no " + conf);
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> loaderReportsExactlyTheExpectedProblems() throws IOException {
    return corpus().stream().map(conf -> DynamicTest.dynamicTest(conf.getFileName().toString(), () -> {
      List<Problem> problems = problemsOf(conf.toString());
      List<String> actual = problems.stream().map(Problem::toString).collect(Collectors.toList());
      if (Boolean.getBoolean("livemig.bad.update")) {
        Files.write(expectedOf(conf), actual, StandardCharsets.UTF_8);
      }
      assertEquals(String.join("\n", expectedLines(conf)), String.join("\n", actual), "problems of " + conf);
      for (Problem p : problems) {
        // A problem in a file the scenario reads (a workload's trace CSV) names that file and its line.
        if (!p.file().endsWith(".csv")) assertEquals(conf.toString(), p.file(), "problem names another file: " + p);
        assertTrue(p.line() > 0, "problem without a line: " + p);
      }
      List<Problem> sorted = new ArrayList<>(problems);
      sorted.sort(null);
      assertEquals(sorted, problems, "problems are not sorted by line");
    }));
  }

  @Test
  void aMissingFileIsOneProblemWithoutALine() {
    List<Problem> problems = problemsOf(MISSING);
    assertEquals(List.of(MISSING + ": no such file"), problems.stream().map(Problem::toString).collect(Collectors.toList()));
  }

  // ------------------------------------------------------------------ the CLI, in-process


  /** The charset the CLI's error writers encode with (picocli and PrintWriter(System.err)). */
  private static Charset stderrCharset() {
    String e = System.getProperty("sun.stderr.encoding");
    try {
      return e != null ? Charset.forName(e) : Charset.defaultCharset();
    } catch (RuntimeException x) {
      return Charset.defaultCharset();
    }
  }

  /** A line as it comes back through the CLI's encoding ('≥' becomes '?' under an ASCII locale). */
  private static String asPrinted(String line) {
    return new String(line.getBytes(stderrCharset()), stderrCharset());
  }

  private static Cli cli(String... args) {
    return Cli.run(args);
  }

  private static void assertNoStackTrace(Cli r) {
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "stack trace on stderr:\n" + r.err());
    assertFalse(r.out().contains("\tat ") || r.out().contains("Exception"), "stack trace on stdout:\n" + r.out());
  }

  private static void assertPrintsProblems(Cli r, Path conf) throws IOException {
    List<String> errLines = r.err().lines().collect(Collectors.toList());
    List<String> expected = expectedLines(conf);
    for (String line : expected) {
      assertTrue(errLines.contains(asPrinted(line)), "stderr lacks: " + line + "\nstderr:\n" + r.err());
    }
    // In the order of the .expected file, and before the summary line.
    List<String> printed = errLines.stream()
        .filter(l -> l.startsWith(conf.toString()) || l.startsWith(conf.getParent().toString()) && l.contains(".csv"))
        .collect(Collectors.toList());
    assertEquals(expected.stream().map(BadInputCorpusTest::asPrinted).collect(Collectors.toList()), printed);
    String summary = expected.size() == 1 ? "1 problem; nothing was run." : expected.size() + " problems; nothing was run.";
    assertTrue(errLines.contains(summary), "no summary line '" + summary + "' in:\n" + r.err());
  }

  @TestFactory
  Stream<DynamicTest> runExitsTwoPrintsTheProblemsAndWritesNothing(@TempDir Path tmp) throws IOException {
    return corpus().stream().map(conf -> DynamicTest.dynamicTest(conf.getFileName().toString(), () -> {
      Path json = tmp.resolve(conf.getFileName() + ".json");
      Cli r = cli("run", conf.toString(), "--json", json.toString());
      assertEquals(2, r.code(), "exit code of run " + conf + "\nstderr:\n" + r.err());
      assertPrintsProblems(r, conf);
      assertNoStackTrace(r);
      assertFalse(Files.exists(json), "run wrote " + json + " for an invalid scenario");
      try (Stream<Path> s = Files.list(tmp)) {
        assertEquals(List.of(), s.collect(Collectors.toList()), "run left files behind");
      }
    }));
  }

  @Test
  void runWithoutJsonOnABadFileExitsTwo() throws IOException {
    Path conf = DIR.resolve("many-problems.conf");
    Cli r = cli("run", conf.toString());
    assertEquals(2, r.code(), r.err());
    assertPrintsProblems(r, conf);
    assertNoStackTrace(r);
  }

  @Test
  void checkOnABadFileExitsTwo() throws IOException {
    Path conf = DIR.resolve("many-problems.conf");
    Cli r = cli("check", conf.toString());
    assertEquals(2, r.code(), r.err());
    assertPrintsProblems(r, conf);
    assertNoStackTrace(r);
  }

  @Test
  void checkOnTheWholeCorpusExitsTwo() throws IOException {
    Cli r = cli("check", DIR.toString());
    assertEquals(2, r.code(), r.err());
    for (Path conf : corpus()) {
      for (String line : expectedLines(conf)) assertTrue(r.err().contains(asPrinted(line)), "stderr lacks: " + line);
    }
    assertNoStackTrace(r);
  }

  @Test
  void runOnAMissingFileExitsTwoAndNamesTheFile() {
    Cli r = cli("run", MISSING);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().lines().anyMatch(l -> l.contains(MISSING) && l.contains("no such file")),
        "no line naming " + MISSING + " in:\n" + r.err());
    assertNoStackTrace(r);
  }

  @Test
  void checkOnAMissingFileExitsTwoAndNamesTheFile() {
    Cli r = cli("check", MISSING);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().lines().anyMatch(l -> l.contains(MISSING)), "no line naming " + MISSING + " in:\n" + r.err());
    assertNoStackTrace(r);
  }
}
