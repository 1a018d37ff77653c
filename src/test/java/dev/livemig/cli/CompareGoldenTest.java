package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The what-if table of the README, byte for byte: {@code compare scenarios/drain-250gb-layouts.conf
 * --vary variants --vary cluster.live-migration.simultaneous=1,4 --format md} against
 * {@code src/test/resources/golden/drain-250gb-layouts.compare.md} (the six layouts of the file's
 * variants block, one and four at a time).
 *
 * <p>When the model changes on purpose, regenerate it with the other golden files,
 * {@code mvn -B test -Dtest='ScenariosTest,GoldenReportsTest,CompareGoldenTest' -Dlivemig.updateGolden=true},
 * review {@code git diff src/test/resources/golden}, and paste the new table into the README's
 * what-if section.
 */
class CompareGoldenTest {
  static final List<String> COMMAND = List.of("compare", "scenarios/drain-250gb-layouts.conf", "--vary", "variants",
      "--vary", "cluster.live-migration.simultaneous=1,4", "--format", "md");
  static final Path GOLDEN = Path.of("src/test/resources/golden/drain-250gb-layouts.compare.md");

  @Test
  void theMarkdownTableOfTheLayoutsMatchesItsGoldenFile() throws Exception {
    CompareCommandTest.Result r = CompareCommandTest.execute(COMMAND.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    if (Boolean.getBoolean("livemig.updateGolden")) Files.writeString(GOLDEN, r.out(), StandardCharsets.UTF_8);
    assertTrue(Files.exists(GOLDEN), GOLDEN + " is missing; write it with -Dlivemig.updateGolden=true and review it");
    String expected = Files.readString(GOLDEN, StandardCharsets.UTF_8);
    if (!expected.equals(r.out())) {
      throw new AssertionError("compare --format md differs from " + GOLDEN + " first at "
          + firstDifference(expected, r.out())
          + "\nif the change is intended, regenerate with -Dlivemig.updateGolden=true, review the diff and update the README");
    }
  }

  /** The first line where two texts differ, both versions. */
  static String firstDifference(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
      String x = i < e.size() ? e.get(i) : "(end)";
      String y = i < a.size() ? a.get(i) : "(end)";
      if (!x.equals(y)) return "line " + (i + 1) + ":\n  golden: " + x + "\n  now:    " + y;
    }
    return "the line ends";
  }
}
