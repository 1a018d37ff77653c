package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.livemig.spec.Specs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The calibration set: every published case in scenarios/calibration/external (which may miss: they are not run by
 * ScenariosTest) and the fit and validation cases, each with the signed error (simulated − measured) / measured of
 * its first expectation, pinned in scenarios/calibration/external/TABLE.md. The test fails when a row's livemig
 * figure differs from the run by more than 0.5 %, or a case has no row, so the table cannot drift from the model.
 *
 * <p>Regenerate with {@code mvn -B -q test -Dtest=CalibrationSetTest -Dlivemig.updateCalibrationTable=true}, review
 * the diff ({@code git diff scenarios/calibration/external/TABLE.md}) and say in the commit why the figures moved.
 */
class CalibrationSetTest {
  static final File EXTERNAL = new File("scenarios/calibration/external");
  static final Path TABLE = EXTERNAL.toPath().resolve("TABLE.md");
  static final List<File> SETS = List.of(new File("scenarios/calibration/fit"), new File("scenarios/calibration/validation"), EXTERNAL);

  /** A file of the external set (left out of ScenariosTest: its cases may miss). */
  static boolean isExternal(File f) {
    return f.getPath().replace('\\', '/').contains("scenarios/calibration/external/");
  }

  record Row(String name, String set, String source, String metric, double measured, double simulated) {
    double error() {
      return (simulated - measured) / measured;
    }
  }

  /** The header's "Source:" line (up to the next blank comment line or the end of the sentence run). */
  static String source(File f) throws Exception {
    List<String> lines = Files.readAllLines(f.toPath(), StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder();
    boolean in = false;
    for (String l : lines) {
      if (!l.startsWith("#")) break;
      String t = l.substring(1).trim();
      if (!in) {
        int i = t.indexOf("Source:");
        if (i < 0) continue;
        in = true;
        t = t.substring(i + 7).trim();
      } else if (t.isEmpty() || t.matches("^[A-Z][a-z]+( [a-z]+)?:.*")) {
        break;
      }
      b.append(b.length() == 0 ? "" : " ").append(t);
      if (b.length() > 110) break;
    }
    String s = b.toString().replace("|", "/");
    int cut = s.indexOf(". ");
    if (cut > 20) s = s.substring(0, cut);
    if (s.length() > 110) s = s.substring(0, 107) + "...";
    return s.isEmpty() ? "(see file)" : s;
  }

  static String label(File set) {
    return set.getName();
  }

  static List<Row> runAll() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (File set : SETS) {
      for (File f : Runs.scenarioFiles(set)) {
        Specs.Scenario s = Runs.load(f, List.of());
        var report = Runs.run(s, ScenarioRun.Options.none()).report();
        List<Runs.Check> checks = Runs.check(s, report);
        Runs.Check first = checks.stream().filter(c -> !c.implicit()).findFirst().orElseThrow(() -> new AssertionError(f + ": no expectation"));
        Specs.Expectation e = first.expectation();
        Double measured = e.value() != null ? e.value() : e.min() != null ? e.min() : e.max();
        assertTrue(measured != null && measured != 0, f + ": its first expectation has no figure");
        assertTrue(first.measured() != null, f + ": " + e.measure() + " was not measured");
        String name = f.getName().replaceFirst("\\.conf$", "");
        rows.add(new Row(name, label(set), source(f), e.metric() == null ? "seconds" : e.metric(), measured, first.measured()));
      }
    }
    return rows;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("# livemig calibration set\n\n");
    b.append("Written by CalibrationSetTest (`mvn -B -q test -Dtest=CalibrationSetTest -Dlivemig.updateCalibrationTable=true`);\n");
    b.append("checked by it on every build: a row's livemig figure may not differ from the run by more than 0.5 %.\n");
    b.append("Error = (livemig − measured) / measured of each case's first expectation (seconds unless the metric says).\n");
    b.append("Sets: `fit` (fixed constants), `validation` (not used to choose any), `external` (published cases, none used\n");
    b.append("to choose anything; many miss, and that is the point).\n\n");
    b.append(rowsTable(rows));
    return b.toString();
  }

  /** The table itself and its summaries: TABLE.md's body, and the README's block between its markers. */
  static String rowsTable(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| case | set | source | metric | measured | livemig | error |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      b.append("| ").append(r.name()).append(" | ").append(r.set()).append(" | ").append(r.source()).append(" | ")
          .append(r.metric()).append(" | ").append(fmt(r.measured())).append(" | ").append(fmt(r.simulated())).append(" | ")
          .append(String.format(Locale.ROOT, "%+.1f %%", 100 * r.error())).append(" |\n");
    }
    b.append('\n').append(summary(rows, "all"))
        .append(summary(rows.stream().filter(r -> !r.set().equals("fit")).toList(), "not used to fit (validation and external)"))
        .append(summary(rows.stream().filter(r -> r.set().equals("external")).toList(), "external"));
    return b.toString();
  }

  /** The source's key: its text up to the first comma (an author or an organisation and its document). */
  static String sourceKey(Row r) {
    String s = r.source().toLowerCase(Locale.ROOT);
    Matcher m = Pattern.compile("https?://([^/ ]+)(/[^ ,;)]*)?").matcher(s);
    if (m.find()) return m.group(1) + (m.group(2) == null ? "" : m.group(2));
    int c = s.indexOf(',');
    return c > 0 ? s.substring(0, c) : s;
  }

  static String summary(List<Row> rows, String what) {
    List<Double> abs = rows.stream().map(r -> Math.abs(r.error())).sorted().toList();
    double median = abs.isEmpty() ? 0 : abs.size() % 2 == 1 ? abs.get(abs.size() / 2)
        : (abs.get(abs.size() / 2 - 1) + abs.get(abs.size() / 2)) / 2;
    long within = abs.stream().filter(a -> a <= 0.15).count();
    Set<String> sources = new LinkedHashSet<>();
    rows.forEach(r -> sources.add(sourceKey(r)));
    return String.format(Locale.ROOT, "- %s: cases: %d; sources: %d; median |error|: %.1f %%; within ±15 %%: %d of %d (%.0f %%)%n",
        what, rows.size(), sources.size(), 100 * median, within, rows.size(), rows.isEmpty() ? 0.0 : 100.0 * within / rows.size());
  }

  /** The rows of TABLE.md: case → livemig figure. */
  static Map<String, Double> pinned(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String l : text.lines().toList()) {
      if (!l.startsWith("| ") || l.startsWith("| case ")) continue;
      String[] cells = l.split("\\|");
      if (cells.length < 8) continue;
      out.put(cells[1].trim(), Double.parseDouble(cells[6].trim()));
    }
    return out;
  }

  static final Path README = Path.of("README.md");
  static final String BEGIN = "<!-- calibration-table: written by CalibrationSetTest -->\n";
  static final String END = "<!-- /calibration-table -->";

  /** README.md with its calibration block replaced by {@code body}. */
  static String withBlock(String readme, String body) {
    int a = readme.indexOf(BEGIN);
    int z = readme.indexOf(END);
    assertTrue(a >= 0 && z > a, "README.md lacks the calibration block's markers: " + BEGIN.trim() + " ... " + END);
    return readme.substring(0, a + BEGIN.length()) + body + readme.substring(z);
  }

  @Test
  void theTableIsTheModels() throws Exception {
    List<Row> rows = runAll();
    assertFalse(rows.isEmpty());
    if (Boolean.getBoolean("livemig.updateCalibrationTable")) {
      Files.writeString(TABLE, table(rows), StandardCharsets.UTF_8);
      Files.writeString(README, withBlock(Files.readString(README, StandardCharsets.UTF_8), rowsTable(rows)), StandardCharsets.UTF_8);
    }
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String table = Files.readString(TABLE, StandardCharsets.UTF_8);
    assertTrue(readme.equals(withBlock(readme, table.substring(table.indexOf("| case |")))),
        "README.md's calibration table differs from " + TABLE + "; regenerate both with -Dlivemig.updateCalibrationTable=true");
    assertTrue(Files.exists(TABLE), TABLE + " is missing; write it with -Dlivemig.updateCalibrationTable=true and review it");
    Map<String, Double> pinned = pinned(Files.readString(TABLE, StandardCharsets.UTF_8));
    List<String> problems = new ArrayList<>();
    for (Row r : rows) {
      Double p = pinned.get(r.name());
      if (p == null) problems.add(r.name() + ": not in the table");
      else if (Math.abs(p - r.simulated()) > 0.005 * Math.abs(r.simulated()))
        problems.add(r.name() + ": the table says " + p + ", the run " + fmt(r.simulated()));
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems)
        + "\nif the change is intended, regenerate with -Dlivemig.updateCalibrationTable=true and review the diff");
  }
}
