package dev.livemig.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import dev.livemig.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The HTML reports opened in a real browser (headless Chromium, Debian's chromium and
 * chromium-driver): the seed demo, a 250 GB drain and a comparison. Fails on any console error and
 * on any empty chart; saves a screenshot 1280 px wide of each page in target/screenshots/. Skipped,
 * with a message, where no browser is installed, unless LIVEMIG_REQUIRE_BROWSER is set (as .ci/run
 * sets it), where it fails instead.
 */
class BrowserReportTest {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LIVEMIG_CHROMIUM", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getenv().getOrDefault("LIVEMIG_CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Path SHOTS = Path.of("target", "screenshots");

  static ChromeDriver driver;
  static Path profile;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void browser() throws Exception {
    // Selenium warns that it has no DevTools bindings for this Chromium's version: this test uses none
    java.util.logging.Logger.getLogger("org.openqa.selenium.devtools").setLevel(Level.SEVERE);
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    String require = System.getenv("LIVEMIG_REQUIRE_BROWSER");
    if (!present && (require == null || require.isEmpty()))
      Assumptions.abort("no headless browser: " + CHROMIUM + " and " + DRIVER + " are needed (Debian packages chromium and "
          + "chromium-driver; .ci/run installs them); the HTML reports were not checked in a browser");
    if (!present) fail("LIVEMIG_REQUIRE_BROWSER is set but " + CHROMIUM + " or " + DRIVER + " is missing");
    profile = Files.createTempDirectory("livemig-chromium");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, o);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void close() throws Exception {
    if (driver != null) driver.quit();
  }

  static void cli(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
      assertEquals(0, Main.execute(args), String.join(" ", args));
    } finally {
      System.setOut(out);
    }
  }

  @Test
  void seedDemo() throws Exception {
    Path html = tmp.resolve("seed-demo.html");
    cli("run", "scenarios/seed-demo.conf", "--html", html.toString());
    int charts = open(html, "seed-demo", List.of());
    assertTrue(charts >= 4 + 3, "timeline, NIC, CPU and a pass chart per migration: " + charts);
  }

  @Test
  void drain250Gb() throws Exception {
    Path html = tmp.resolve("drain-250gb.html");
    cli("run", "scenarios/drain-250gb-1gbe-tcpip.conf", "--html", html.toString());
    int charts = open(html, "drain-250gb-1gbe-tcpip", List.of());
    assertTrue(charts >= 5, "timeline, NIC, CPU, passes, drain: " + charts);
  }

  @Test
  void aMoveThatDidNotComplete() throws Exception {
    Path html = tmp.resolve("post-copy-risk.html");
    cli("run", "scenarios/post-copy-risk.conf", "--html", html.toString());
    open(html, "post-copy-risk", List.of());
    String text = driver.findElement(By.tagName("body")).getText();
    assertTrue(text.contains("INCOMPLETE: m1 lost"), "the measures table says the move did not complete");
    // lost through a link, both hosts up: listed under its source with the cause, not as a crash
    Path link = tmp.resolve("post-copy-link.html");
    cli("run", "scenarios/post-copy-risk.conf", "--set", "events=[{ at = 80 s, nic-down { host = hv2, nic = lm } }]",
        "--set", "expect=[]", "--html", link.toString());
    open(link, "post-copy-link", List.of());
    assertTrue(driver.findElement(By.tagName("body")).getText().contains("hv1 (no crash: heavy lost in post-copy)"),
        "the crash table says the source did not crash");
  }

  @Test
  void comparison() throws Exception {
    Path html = tmp.resolve("compare.html");
    cli("compare", "scenarios/seed-tcpip-8gb.conf", "--vary", "cluster.live-migration.performance-option=tcpip,compression",
        "--html", html.toString());
    int charts = open(html, "compare", List.of("details[data-variant] > summary"));
    assertTrue(charts >= 1 + 2, "a chart per measure and each variant's timeline: " + charts);
  }

  @Test
  void comparisonOverSeedsDrawsTheSpread() throws Exception {
    Path html = tmp.resolve("compare-seeds.html");
    cli("compare", "scenarios/seed-tcpip-8gb.conf", "--vary", "cluster.live-migration.performance-option=tcpip,compression",
        "--vary", "seed=1,2,3", "--html", html.toString());
    int charts = open(html, "compare-seeds", List.of());
    assertTrue(charts >= 2, "a chart per measure and one of the spread over seeds: " + charts);
  }

  @Test
  void advice() throws Exception {
    Path html = tmp.resolve("advise.html");
    cli("advise", "scenarios/advise/stretch-cluster.conf", "--seeds", "1", "--html", html.toString());
    int charts = open(html, "advise", List.of());
    assertEquals(1, charts, "the Pareto chart");
  }

  /**
   * Opens a page, clicks what is named, checks the console and every chart, saves a screenshot;
   * returns the number of charts.
   */
  @SuppressWarnings("unchecked")
  static int open(Path html, String name, List<String> clicks) throws Exception {
    driver.manage().window().setSize(new Dimension(1280, 900));
    driver.get(html.toUri().toString());
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "1".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    for (String css : clicks) for (WebElement e : driver.findElements(By.cssSelector(css))) e.click();
    if (!clicks.isEmpty()) // what a click opened draws its charts on the toggle event: wait for them
      new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("details[open]")).stream()
          .allMatch(e -> !e.findElements(By.cssSelector("div.chart canvas")).isEmpty()));
    JavascriptExecutor js = (JavascriptExecutor) driver;
    List<Map<String, Object>> charts = (List<Map<String, Object>>) js.executeScript(CHART_CHECK);
    List<String> empty = new ArrayList<>();
    for (Map<String, Object> c : charts) {
      long points = ((Number) c.get("points")).longValue();
      long inked = ((Number) c.get("inked")).longValue();
      if (points == 0 || inked == 0) empty.add(c.get("where") + " (" + points + " data points, " + inked + " pixels drawn)");
    }
    long height = ((Number) js.executeScript("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight, Math.ceil(document.getElementById('app').getBoundingClientRect().bottom + window.scrollY))")).longValue();
    js.executeScript("window.scrollTo(0, 0)");
    long chrome = ((Number) js.executeScript("return window.outerHeight - window.innerHeight")).longValue(); // the window's own bars
    driver.manage().window().setSize(new Dimension(1280, (int) Math.min(height + chrome + 20, 16000)));
    Thread.sleep(300); // the page's resize handler redraws the charts at the new size (wall clock: a browser, not the model)
    Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    List<String> errors = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER))
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
    assertEquals(List.of(), errors, name + ": console errors");
    assertEquals(List.of(), empty, name + ": empty charts");
    assertTrue(!charts.isEmpty(), name + ": no chart at all");
    return charts.size();
  }

  /** For each chart: where it is (its section's title), its data points, and the pixels its canvas inked. */
  static final String CHART_CHECK = String.join("\n",
      "return Array.from(document.querySelectorAll('div.chart')).map(function (div) {",
      "  var inst = echarts.getInstanceByDom(div), points = 0, inked = 0;",
      "  if (inst) inst.getOption().series.forEach(function (s) { points += (s.data || []).length; });",
      "  var cv = div.querySelector('canvas');",
      "  if (cv && cv.width && cv.height) {",
      "    var px = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;",
      "    for (var i = 3; i < px.length; i += 4) if (px[i] > 0) inked++;",
      "  }",
      "  var sec = div.closest('section, details'), h = sec && sec.querySelector('h2, summary');",
      "  return { where: h ? h.textContent : '?', points: points, inked: inked };",
      "});");
}
