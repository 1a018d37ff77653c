package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import dev.livemig.report.ReportJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare over seeds: the spread of each measure per combination of the other keys, from the variants' own values. */
class SeedSpreadTest {
  @TempDir
  Path tmp;

  @Test
  void nearestRankPercentiles() {
    List<Double> xs = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
    assertEquals(1.0, SeedSpread.percentile(xs, 5));
    assertEquals(5.0, SeedSpread.percentile(xs, 50));
    assertEquals(10.0, SeedSpread.percentile(xs, 95));
    assertEquals(3.0, SeedSpread.percentile(List.of(3.0), 50));
  }

  @Test
  void theSpreadOverSeedsComesFromTheVariantsOwnValues() throws Exception {
    Path json = tmp.resolve("c.json");
    var r = CompareCommandTest.execute("compare", "scenarios/seed-tcpip-8gb.conf", "--vary", "seed=1,2,3,4",
        "--vary", "cluster.live-migration.max-passes=few:2,many:10", "--metric", "downtime-ms", "--json", json.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode c = ReportJson.mapper().readTree(Files.readString(json));
    List<Double> few = new ArrayList<>();
    for (JsonNode v : c.get("variants")) {
      if (v.get("values").get("cluster.live-migration.max-passes").asText().equals("few"))
        few.add(v.get("measures").get("tcpip-1gbe").get("metrics").get("downtime-ms").get("value").asDouble());
    }
    assertEquals(4, few.size());
    double mean = few.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    few.sort(Double::compare);
    String row = r.out().lines().filter(l -> l.startsWith("max-passes=few ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
    assertEquals(List.of("max-passes=few", "tcpip-1gbe", "downtime-ms", "4", CompareCommand.format("downtime-ms", mean),
        CompareCommand.format("x", few.get(0)), CompareCommand.format("x", few.get(1)), CompareCommand.format("x", few.get(3)),
        CompareCommand.format("x", few.get(0)), CompareCommand.format("x", few.get(3))), List.of(row.trim().split("\\s+")));
    assertTrue(r.out().contains("over 4 seeds: the spread of each measure"), r.out());
  }

  @Test
  void noSpreadWithoutSeeds() {
    var r = CompareCommandTest.execute("compare", "scenarios/seed-tcpip-8gb.conf", "--vary", "cluster.live-migration.max-passes=2,10");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("seeds: the spread"), r.out());
  }
}
