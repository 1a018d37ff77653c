package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code livemig compare}: the table, the JSON and CSV, determinism, and bad --vary specs. */
class CompareCommandTest {
  static final String REFERENCE = "scenarios/seed-tcpip-8gb.conf";
  static final String MAX_PASSES = "cluster.live-migration.max-passes";

  @TempDir
  Path tmp;

  /** What one command printed, and its exit code. */
  record Result(int code, String out, String err) {}

  static Result execute(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      System.out.flush();
      System.err.flush();
      return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void twoVariantsGiveATableAndTheirJson() throws Exception {
    Path json = tmp.resolve("cmp.json");
    Result r = execute("compare", REFERENCE, "--vary", MAX_PASSES + "=1,10", "--json", json.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err(), "nothing on standard error: no progress bar without a terminal");
    List<String> lines = r.out().lines().toList();
    assertEquals("scenario seed-tcpip-8gb: 2 variants, each measure against the first", lines.get(0));
    assertTrue(lines.get(2).matches("max-passes +tcpip-1gbe s +change +ratio +limited by +pings lost"), lines.get(2));
    assertTrue(lines.get(4).matches("1 +\\d+\\.\\d\\d +base +base +wire \\d+ %, fixed-phases \\d+ % +1 of \\d+"), lines.get(4));
    assertTrue(lines.get(5).matches("10 +\\d+\\.\\d\\d +([+-]\\d+\\.\\d|0\\.0) % +same +wire \\d+ %, fixed-phases \\d+ % +-"),
        lines.get(5));
    assertEquals(6, lines.size(), r.out());

    JsonNode c = ReportJson.mapper().readTree(json.toFile());
    assertEquals("seed-tcpip-8gb", c.get("scenario").asText());
    assertEquals(List.of("scenario", "keys", "measures", "variants"), fieldNames(c));
    assertEquals(MAX_PASSES, c.get("keys").get(0).asText());
    assertEquals("tcpip-1gbe", c.get("measures").get(0).asText());
    JsonNode variants = c.get("variants");
    assertEquals(2, variants.size());
    assertEquals("1", variants.get(0).get("values").get(MAX_PASSES).asText());
    assertEquals("10", variants.get(1).get("values").get(MAX_PASSES).asText());
    assertEquals(List.of("values", "measures", "report"), fieldNames(variants.get(0)));

    JsonNode base = variants.get(0).get("measures").get("tcpip-1gbe");
    JsonNode other = variants.get(1).get("measures").get("tcpip-1gbe");
    assertFalse(base.has("changePercent"), "the base is not compared with itself");
    double b = base.get("seconds").asDouble();
    double s = other.get("seconds").asDouble();
    assertEquals((s - b) / b * 100, other.get("changePercent").asDouble(), 1e-6);
    assertEquals(b, variants.get(0).get("report").get("measures").get("tcpip-1gbe").get("seconds").asDouble());

    // With one pre-copy pass the migration stops at the pass limit; with 10 it ends on the state threshold.
    assertEquals("pass-limit", variants.get(0).get("report").get("migrations").get(0).get("stopReason").asText());
    assertEquals("state-threshold", variants.get(1).get("report").get("migrations").get(0).get("stopReason").asText());

    // Each variant's report is the one a run of that variant alone gives (runs in parallel change nothing).
    String alone = ReportJson.write(Runs.run(Runs.load(new File(REFERENCE), List.of(MAX_PASSES + "=10")),
        ScenarioRun.Options.none()).report());
    assertEquals(ReportJson.mapper().readTree(alone), variants.get(1).get("report"));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void theSameComparisonGivesTheSameBytes() throws Exception {
    Path a = tmp.resolve("a.json");
    Path b = tmp.resolve("b.json");
    String[] vary = {"--vary", "seed=1,2,3,4,5", "--vary", MAX_PASSES + "=1,10"};
    Result ra = execute(concat(new String[] {"compare", REFERENCE, "--json", a.toString()}, vary));
    Result rb = execute(concat(new String[] {"compare", REFERENCE, "--json", b.toString()}, vary));
    assertEquals(0, ra.code(), ra.err());
    assertEquals(0, rb.code(), rb.err());
    assertEquals(Files.readString(a), Files.readString(b));
    assertEquals(ra.out(), rb.out());
    JsonNode variants = ReportJson.mapper().readTree(a.toFile()).get("variants");
    assertEquals(10, variants.size());
    assertEquals("1", variants.get(1).get("values").get("seed").asText(), "the first --vary varies slowest");
    assertEquals("10", variants.get(1).get("values").get(MAX_PASSES).asText());
    assertEquals(2, variants.get(2).get("report").get("seed").asLong());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void csvHasOneRowPerVariantAndQuotesValuesWithCommas() throws Exception {
    Path csv = tmp.resolve("cmp.csv");
    Result r = execute("compare", REFERENCE, "--vary", "cluster.live-migration.networks=[LM-1GbE],[SMB-1,SMB-2]",
        "--csv", csv.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals(3, lines.size(), lines.toString());
    assertEquals("cluster.live-migration.networks,tcpip-1gbe.seconds,tcpip-1gbe.seconds.change_percent", lines.get(0));
    assertTrue(lines.get(1).matches("\\[LM-1GbE\\],[0-9.]+,"), lines.get(1));
    assertTrue(lines.get(2).matches("\"\\[SMB-1,SMB-2\\]\",[0-9.]+,-[0-9.]+"), lines.get(2));
  }

  @Test
  void anUnknownKeyExitsTwoNamingTheKeyAndNothingIsWritten() {
    Path json = tmp.resolve("bad.json");
    Result r = execute("compare", REFERENCE, "--vary", "cluster.live-migration.bogus=1,2", "--json", json.toString());
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("--vary:1: cluster.live-migration.bogus: unknown key; allowed here: "), r.err());
    assertTrue(r.err().endsWith("1 problem; nothing was run.\n"), r.err());
    assertFalse(Files.exists(json));
  }

  @Test
  void aValueOfTheWrongTypeExitsTwoNamingTheKey() {
    Result r = execute("compare", REFERENCE, "--vary", "seed=abc,1,x");
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().contains("--vary:1: seed: 'abc' is not a whole number"), r.err());
    assertTrue(r.err().contains("--vary:1: seed: 'x' is not a whole number"), r.err());
    assertTrue(r.err().endsWith("2 problems; nothing was run.\n"), r.err());
  }

  @Test
  void everyProblemOfEveryVariantIsSaidOnce() {
    Result r = execute("compare", REFERENCE, "--vary", "seed=abc,1", "--vary", "cluster.live-migration.bogus=1,2,3");
    assertEquals(2, r.code());
    List<String> lines = r.err().lines().toList();
    assertEquals(3, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("--vary:1: cluster.live-migration.bogus: unknown key"), lines.get(0));
    assertTrue(lines.get(1).startsWith("--vary:1: seed: 'abc'"), lines.get(1));
    assertEquals("2 problems; nothing was run.", lines.get(2));
  }

  @Test
  void aMalformedVaryExitsTwo() {
    Result noEquals = execute("compare", REFERENCE, "--vary", "seed");
    assertEquals(2, noEquals.code());
    assertTrue(noEquals.err().startsWith("--vary: seed: expected KEY=V1,V2,..."), noEquals.err());
    Result empty = execute("compare", REFERENCE, "--vary", "seed=");
    assertEquals(2, empty.code());
    assertTrue(empty.err().startsWith("--vary: seed: no values"), empty.err());
    Result none = execute("compare", REFERENCE);
    assertEquals(2, none.code());
    assertTrue(none.err().contains("Missing required option: '--vary"), none.err());
  }

  @Test
  void aBadSetIsSaidAtSetOnce() {
    Result r = execute("compare", REFERENCE, "--vary", "seed=1,2", "--set", "cluster.live-migration.bogus=1");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("--set:1: cluster.live-migration.bogus: unknown key"), r.err());
    assertTrue(r.err().endsWith("1 problem; nothing was run.\n"), r.err());
  }

  @Test
  void percentChangesAreSignedWithOneDecimal() {
    assertEquals("-48.2 %", CompareCommand.percent(-48.2));
    assertEquals("+3.0 %", CompareCommand.percent(3.0));
    assertEquals("0.0 %", CompareCommand.percent(-0.01));
    assertEquals(List.of("max-passes", "seed"), CompareCommand.columnNames(List.of(MAX_PASSES, "seed")));
    assertEquals(List.of("a.x", "b.x"), CompareCommand.columnNames(List.of("a.x", "b.x")));
  }
  @Test
  void metricsGiveAColumnAndAChangePerMeasureAndMetricInTheTableJsonAndCsv() throws Exception {
    Path json = tmp.resolve("metrics.json");
    Path csv = tmp.resolve("metrics.csv");
    Result r = execute("compare", REFERENCE, "--vary", MAX_PASSES + "=1,10", "--metric", "passes,seconds",
        "--metric", "downtime-ms", "--json", json.toString(), "--csv", csv.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(11, lines.size(), r.out()); // two column groups within 100 columns, each repeating max-passes
    assertTrue(lines.get(2).matches("max-passes +tcpip-1gbe passes +change +ratio +tcpip-1gbe s +change +ratio"), lines.get(2));
    assertTrue(lines.get(4).matches("1 +1 +base +base +\\d+\\.\\d\\d +base +base"), lines.get(4));
    assertTrue(lines.get(5).matches("10 +3 +\\+200\\.0 % +3\\.0× more +\\d+\\.\\d\\d +[+-]\\d+\\.\\d % +(same|\\d\\.\\d+× (faster|slower))"),
        lines.get(5));
    assertTrue(lines.get(7).matches("max-passes +tcpip-1gbe downtime-ms +change +ratio +limited by +pings lost"), lines.get(7));
    assertTrue(lines.get(10).matches("10 +\\d+\\.\\d\\d +-\\d+\\.\\d % +\\d+× less +wire .*"), lines.get(10));

    JsonNode c = ReportJson.mapper().readTree(json.toFile());
    assertEquals(List.of("scenario", "keys", "metrics", "measures", "variants"), fieldNames(c));
    assertEquals(List.of("passes", "seconds", "downtime-ms"), texts(c.get("metrics")));
    JsonNode base = c.get("variants").get(0).get("measures").get("tcpip-1gbe");
    JsonNode other = c.get("variants").get(1).get("measures").get("tcpip-1gbe");
    assertEquals(List.of("seconds", "metrics"), fieldNames(base), "the base has no change");
    assertEquals(List.of("seconds", "changePercent", "metrics"), fieldNames(other));
    assertEquals(List.of("passes", "seconds", "downtime-ms"), fieldNames(other.get("metrics")));
    var alone = Runs.run(Runs.load(new File(REFERENCE), List.of(MAX_PASSES + "=10")), ScenarioRun.Options.none()).report();
    for (String metric : List.of("passes", "seconds", "downtime-ms"))
      assertEquals(Runs.metric(alone, "tcpip-1gbe", metric), other.get("metrics").get(metric).get("value").asDouble(),
          metric + ": the value Runs.metric gives");
    assertFalse(base.get("metrics").get("downtime-ms").has("changePercent"));
    double b = base.get("metrics").get("downtime-ms").get("value").asDouble();
    double s = other.get("metrics").get("downtime-ms").get("value").asDouble();
    assertEquals((s - b) / b * 100, other.get("metrics").get("downtime-ms").get("changePercent").asDouble(), 1e-6);
    assertEquals(200.0, other.get("metrics").get("passes").get("changePercent").asDouble());
    assertEquals(other.get("changePercent"), other.get("metrics").get("seconds").get("changePercent"));

    List<String> rows = Files.readAllLines(csv);
    assertEquals(3, rows.size(), rows.toString());
    assertEquals("cluster.live-migration.max-passes,tcpip-1gbe.passes,tcpip-1gbe.passes.change_percent,"
        + "tcpip-1gbe.seconds,tcpip-1gbe.seconds.change_percent,tcpip-1gbe.downtime-ms,tcpip-1gbe.downtime-ms.change_percent",
        rows.get(0));
    assertTrue(rows.get(1).matches("1,1,,[0-9.]+,,[0-9.]+,"), rows.get(1));
    assertTrue(rows.get(2).matches("10,3,200,[0-9.]+,-?[0-9.]+,[0-9.]+,-?[0-9.]+"), rows.get(2));
  }

  @Test
  void metricSecondsAloneIsTheDefaultOutputByteForByte() throws Exception {
    String[] vary = {"compare", REFERENCE, "--vary", MAX_PASSES + "=1,10", "--vary", "seed=1,2"};
    Path j1 = tmp.resolve("d.json");
    Path c1 = tmp.resolve("d.csv");
    Path j2 = tmp.resolve("s.json");
    Path c2 = tmp.resolve("s.csv");
    Result byDefault = execute(concat(vary, new String[] {"--json", j1.toString(), "--csv", c1.toString()}));
    Result seconds = execute(concat(vary, new String[] {"--metric", "seconds", "--json", j2.toString(), "--csv", c2.toString()}));
    assertEquals(0, byDefault.code(), byDefault.err());
    assertEquals(0, seconds.code(), seconds.err());
    assertEquals(byDefault.out(), seconds.out());
    assertEquals(Files.readString(j1), Files.readString(j2));
    assertEquals(Files.readString(c1), Files.readString(c2));
    JsonNode c = ReportJson.mapper().readTree(j1.toFile());
    assertFalse(c.has("metrics"));
    assertEquals(List.of("seconds"), fieldNames(c.get("variants").get(0).get("measures").get("tcpip-1gbe")));
    assertEquals(List.of("seconds", "changePercent"), fieldNames(c.get("variants").get(1).get("measures").get("tcpip-1gbe")));
  }

  @Test
  void anUnknownMetricExitsTwoNamingWhatIsAllowedAndNothingRunsOrIsWritten() {
    Path json = tmp.resolve("bad-metric.json");
    Result r = execute("compare", REFERENCE, "--vary", "seed=1,2", "--metric", "seconds,gbps", "--json", json.toString());
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertEquals("--metric: gbps: unknown metric; allowed: " + String.join(", ", Runs.METRICS) + "\n"
        + "1 problem; nothing was run.\n", r.err());
    assertFalse(Files.exists(json));
    Result both = execute("compare", REFERENCE, "--vary", "seed", "--metric", "bogus");
    assertEquals(2, both.code());
    List<String> lines = both.err().lines().toList();
    assertEquals(3, lines.size(), both.err());
    assertTrue(lines.get(0).startsWith("--metric: bogus: unknown metric; allowed: seconds, "), lines.get(0));
    assertTrue(lines.get(1).startsWith("--vary: seed: expected KEY=V1,V2,..."), lines.get(1));
    assertEquals("2 problems; nothing was run.", lines.get(2));
  }

  @Test
  void countsAreWholeNumbersAndTheRestHaveTwoDecimals() {
    assertEquals("3", CompareCommand.format("passes", 3.0));
    assertEquals("5", CompareCommand.format("pings-lost", 5.0));
    assertEquals("8.25", CompareCommand.format("bytes-sent-gib", 8.250766));
    assertEquals("79.30", CompareCommand.format("seconds", 79.300245));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void formatCsvAndMdPrintTheSameTableAndABadFormatExitsTwo() {
    String[] vary = {"compare", REFERENCE, "--vary", MAX_PASSES + "=1,10"};
    Result csv = execute(concat(vary, new String[] {"--format", "csv"}));
    assertEquals(0, csv.code(), csv.err());
    List<String> rows = csv.out().lines().toList();
    assertEquals("max-passes,tcpip-1gbe s,change %,ratio,limited by,pings lost", rows.get(0));
    assertTrue(rows.get(1).matches("1,\\d+\\.\\d\\d,base,base,\"wire \\d+ %, fixed-phases \\d+ %\",1 of \\d+"), rows.get(1));
    assertTrue(rows.get(2).matches("10,\\d+\\.\\d\\d,\\+0\\.1,same,\"wire \\d+ %, fixed-phases \\d+ %\","), rows.get(2));
    assertEquals(3, rows.size(), csv.out());
    Result md = execute(concat(vary, new String[] {"--format", "md"}));
    assertEquals(0, md.code(), md.err());
    assertTrue(md.out().contains("\n| max-passes | tcpip-1gbe s | change | ratio | limited by | pings lost |\n"
        + "| --- | ---: | ---: | --- | --- | --- |\n| 1 | "), md.out());
    Result bad = execute(concat(vary, new String[] {"--format", "xml"}));
    assertEquals(2, bad.code());
    assertEquals("", bad.out());
    assertTrue(bad.err().contains("--format: 'xml' is not a format; allowed: text, md, csv"), bad.err());
  }
}
