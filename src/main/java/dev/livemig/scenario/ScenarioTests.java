package dev.livemig.scenario;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import dev.livemig.spec.Specs;

/**
 * Scenario files as JUnit 5 dynamic tests, for JVM projects that depend on livemig (README,
 * "Scenario files in your own tests"): one container per scenario file, one test per expectation
 * of its {@code expect} block plus the checks every run gets (VMs left behind, a fallback, an
 * overcommitted host, a node not added), exactly what {@code livemig check} counts.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> scenarios() {
 *   return ScenarioTests.of(Path.of("src/test/scenarios"));
 * }
 * }</pre>
 *
 * Nothing runs until JUnit executes a container: each file is loaded and run once, when its first
 * test runs. A file that cannot be loaded is one failing test, {@code load}, whose message lists
 * every problem (file, line, key, what is allowed); a file without expectations is one test,
 * {@code run}, that passes when the run completes. JUnit Jupiter is not inside livemig's jar: the
 * project that calls this class has it on its test class path.
 */
public final class ScenarioTests {
  private ScenarioTests() {}

  /** The scenario files under {@code folder} (recursively, {@code *.conf}, sorted), or one file. */
  public static Stream<DynamicNode> of(Path folder) {
    return of(folder, List.of());
  }

  /**
   * As {@link #of(Path)}, every scenario read with {@code overrides} ({@code key=value}, as
   * {@code livemig check --set}).
   */
  public static Stream<DynamicNode> of(Path folder, List<String> overrides) {
    List<File> files = Runs.scenarioFiles(folder.toFile());
    if (files.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("scenarios", folder.toUri(),
          () -> Assertions.fail(folder + ": no scenario (*.conf) in this folder or below")));
    }
    List<String> sets = List.copyOf(overrides);
    return files.stream().map(f -> DynamicContainer.dynamicContainer(f.getPath(), f.toURI(), Stream.of(f).flatMap(x -> tests(x, sets))));
  }

  /** One file's tests; loading and running happen when the container's stream is consumed. */
  private static Stream<DynamicNode> tests(File file, List<String> overrides) {
    Specs.Scenario scenario;
    try {
      scenario = Runs.load(file, overrides);
    } catch (ScenarioException e) {
      String problems = String.join("\n", e.problems().stream().map(Problem::toString).toList());
      return Stream.of(DynamicTest.dynamicTest("load", file.toURI(), () -> Assertions.fail(problems)));
    }
    List<Runs.Check> checks = Runs.check(scenario);
    if (checks.isEmpty()) return Stream.of(DynamicTest.dynamicTest("run (no expectations)", file.toURI(), () -> {}));
    return checks.stream().map(c -> DynamicTest.dynamicTest(name(c), at(file, c.expectation().line()), () -> {
      if (!c.ok()) Assertions.fail(message(c));
    }));
  }

  /** {@code MEASURE METRIC EXPECTED}, as {@code check --junit} names a test case. */
  static String name(Runs.Check c) {
    return c.expectation().measure() + " " + c.expectation().metric() + " " + c.describe();
  }

  /** The measured value and what was expected, as {@code check} prints a miss. */
  static String message(Runs.Check c) {
    String measured = c.measured() == null ? "(none: the run produced no such measure)"
        : c.measuredText("%.6g");
    return c.file() + (c.expectation().line() > 0 ? ":" + c.expectation().line() : "") + ": " + c.expectation().measure()
        + " " + c.expectation().metric() + ": measured " + measured + "; expected " + c.describe();
  }

  /** The expectation's line in its file, so an IDE opens it there; the file when not known. */
  private static URI at(File file, int line) {
    return line > 0 ? URI.create(file.toURI() + "?line=" + line) : file.toURI();
  }
}
