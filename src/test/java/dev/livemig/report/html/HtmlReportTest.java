package dev.livemig.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;

/** The HTML page without a browser: self-contained, deterministic, and carrying what the charts draw. */
class HtmlReportTest {

  static Report run(String file) throws Exception {
    Specs.Scenario s = Runs.load(new File(file), List.of());
    return Runs.run(s, ScenarioRun.Options.none()).report();
  }

  static String page(Report r) throws Exception {
    StringWriter w = new StringWriter();
    HtmlReport.writeRun(r, new HtmlReport.Meta("scenarios/x.conf", "0.1.0",
        List.of(new HtmlReport.Expect("m", "seconds", "78 s ± 5 %", 79.3, true))), w);
    return w.toString();
  }

  static JsonNode data(String html) throws Exception {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"livemig-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertTrue(m.find(), "the page carries its data");
    return new ObjectMapper().readTree(m.group(1));
  }

  @Test
  void thePageIsSelfContainedAndTheSameEveryTime() throws Exception {
    Report r = run("scenarios/seed-demo.conf");
    String html = page(r);
    assertEquals(html, page(r), "same report, same bytes");
    String tags = html.replaceAll("(?s)(<script[^>]*>).*?</script>", "$1</script>"); // the markup, scripts emptied
    assertFalse(Pattern.compile("<(script|img|iframe)[^>]+src=|<link[^>]+href=", Pattern.CASE_INSENSITIVE).matcher(tags).find(),
        "nothing loaded from elsewhere: it opens offline");
    assertTrue(html.contains("echarts.init"), "the charting library is inlined");
    assertEquals(3, tags.split("<script", -1).length - 1, "data, library, page script");
  }

  @Test
  void theDataHoldsEveryMigrationWithItsPhases() throws Exception {
    Report r = run("scenarios/seed-demo.conf");
    JsonNode d = data(page(r));
    assertEquals("run", d.get("kind").asText());
    assertEquals("scenarios/x.conf", d.get("file").asText());
    assertTrue(d.get("expects").get(0).get("ok").asBoolean());
    JsonNode ms = d.get("report").get("migrations");
    assertEquals(r.migrations().size(), ms.size());
    List<String> cols = PageData.COLUMNS;
    for (JsonNode row : ms) {
      double started = row.get(cols.indexOf("startedAt")).asDouble();
      double built = row.get(cols.indexOf("builtAt")).asDouble();
      double paused = row.get(cols.indexOf("pausedAt")).asDouble();
      double resumed = row.get(cols.indexOf("resumedAt")).asDouble();
      double finished = row.get(cols.indexOf("finishedAt")).asDouble();
      assertTrue(started < built && built < paused && paused < resumed && resumed < finished, row.toString());
      assertEquals(row.get(cols.indexOf("downtimeMs")).asDouble(), (resumed - paused) * 1000, 0.01, "the blackout is paused..resumed");
      double copy = 0;
      for (JsonNode p : row.get(cols.indexOf("passes"))) if (p.get(0).asText().equals("precopy")) copy += p.get(2).asDouble();
      // each pass is rounded to the microsecond: allow half a microsecond per pass
      assertTrue(copy <= paused - built + 1e-6 * row.get(cols.indexOf("passes")).size(), "the pre-copy passes fit between build and pause: " + row);
    }
    assertEquals(cols, new ObjectMapper().convertValue(d.get("report").get("columns"), List.class));
    assertEquals(r.series().nicGbps().keySet().size(), d.get("report").get("series").get("nicGbps").size());
  }

  @Test
  void longSeriesAreThinnedKeepingTheirPeaks() throws Exception {
    Report r = run("scenarios/drain-250gb-1gbe-tcpip.conf");
    JsonNode s = data(page(r)).get("report").get("series");
    String nic = r.series().nicGbps().keySet().iterator().next();
    List<Double> full = r.series().nicGbps().get(nic);
    JsonNode thin = s.get("nicGbps").get(nic);
    int group = s.get("group").asInt();
    assertTrue(full.size() > PageData.MAX_POINTS && group > 1, "the drain's series is long: " + full.size());
    assertTrue(thin.size() <= PageData.MAX_POINTS, "at most " + PageData.MAX_POINTS + " points");
    double peak = full.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double thinPeak = 0;
    for (JsonNode v : thin) thinPeak = Math.max(thinPeak, v.asDouble());
    assertEquals(Math.round(peak * 100) / 100.0, thinPeak, 1e-9, "the peak survives");
  }

  @Test
  void textCannotEndTheDataScript() throws Exception {
    Report r = run("scenarios/seed-tcpip-8gb.conf");
    StringWriter w = new StringWriter();
    HtmlReport.writeRun(r, new HtmlReport.Meta("</script><b>x</b>", "0.1.0", List.of()), w);
    JsonNode d = data(w.toString());
    assertNotNull(d);
    assertEquals("</script><b>x</b>", d.get("file").asText());
  }
}
