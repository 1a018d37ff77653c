package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.livemig.migration.GuestImpact;
import dev.livemig.migration.PassRecord;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs.Expectation;
import org.junit.jupiter.api.Test;

/**
 * The expectation checker, which every scenario's {@code expect} block relies on: each form
 * (value ± tolerance, min/max, less-than/greater-than with a factor) and each metric, with a case
 * that holds and one that misses.
 */
class ExpectationTest {

  static Expectation value(double value, double tolerance, boolean relative) {
    return new Expectation(1, "m", "seconds", value, tolerance, relative, null, null);
  }

  static Expectation band(Double min, Double max) {
    return new Expectation(1, "m", "seconds", null, 0.0, false, min, max);
  }

  static Expectation compare(String relation, double factor) {
    return new Expectation(1, "m", "seconds", null, 0.0, false, null, null, "other", relation, factor);
  }

  @Test
  void valueWithARelativeToleranceHoldsInsideAndMissesOutside() {
    Expectation e = value(78, 0.05, true); // 74.1 .. 81.9
    assertTrue(e.holds(78, null));
    assertTrue(e.holds(74.1, null));
    assertTrue(e.holds(81.9, null));
    assertFalse(e.holds(74.0, null));
    assertFalse(e.holds(82.0, null));
    assertFalse(e.holds(-78, null), "the tolerance is around the value, not its magnitude");
    assertEquals("78 ± 5 %", e.describe());
    // a negative value: the tolerance is a fraction of its magnitude
    assertTrue(value(-10, 0.1, true).holds(-10.9, null));
    assertFalse(value(-10, 0.1, true).holds(-11.1, null));
  }

  @Test
  void valueWithAnAbsoluteToleranceHoldsInsideAndMissesOutside() {
    Expectation e = value(97, 3, false); // 94 .. 100
    assertTrue(e.holds(94, null));
    assertTrue(e.holds(100, null));
    assertFalse(e.holds(93.99, null));
    assertFalse(e.holds(100.01, null));
    assertEquals("97 ± 3", e.describe());
    Expectation exact = value(10, 0, false);
    assertTrue(exact.holds(10, null));
    assertFalse(exact.holds(9, null));
    assertFalse(exact.holds(11, null));
    assertFalse(value(10, 0.5, false).holds(10.6, null), "an absolute tolerance is not a fraction of the value");
  }

  @Test
  void minAndMaxBoundAClosedInterval() {
    Expectation both = band(78.0, 80.0);
    assertTrue(both.holds(78, null));
    assertTrue(both.holds(79.3, null));
    assertTrue(both.holds(80, null));
    assertFalse(both.holds(77.0, null), "an idle VM's 77.0 s is below 'over 78 s'");
    assertFalse(both.holds(80.5, null));
    assertEquals("[78, 80]", both.describe());

    Expectation min = band(1500.0, null);
    assertTrue(min.holds(1500, null));
    assertTrue(min.holds(1e9, null));
    assertFalse(min.holds(1499.9, null));
    assertEquals("[1500, ∞]", min.describe());

    Expectation max = band(null, 20.0);
    assertTrue(max.holds(20, null));
    assertTrue(max.holds(-1e9, null));
    assertFalse(max.holds(20.1, null));
    assertEquals("[-∞, 20]", max.describe());
  }

  @Test
  void lessThanAndGreaterThanCompareWithAFactorOfTheOtherMeasure() {
    Expectation less = compare("<", 0.6);
    assertTrue(less.holds(47.0, 79.3)); // bound 47.58
    assertFalse(less.holds(48.0, 79.3));
    assertFalse(less.holds(0.6 * 79.3, 79.3), "less-than is strict");
    assertEquals("< 0.6 × other", less.describe());

    Expectation greater = compare(">", 0.97);
    assertTrue(greater.holds(77.0, 79.3)); // bound 76.921
    assertFalse(greater.holds(76.9, 79.3));
    assertFalse(greater.holds(0.97 * 79.3, 79.3), "greater-than is strict");
    assertEquals("> 0.97 × other", greater.describe());

    Expectation plain = compare("<", 1.0);
    assertTrue(plain.holds(8.19, 11.75));
    assertFalse(plain.holds(11.75, 8.19));
    assertTrue(compare(">", 1.0).holds(11.75, 8.19));
    assertFalse(compare(">", 1.0).holds(8.19, 11.75));
    assertEquals("< other", plain.describe());
  }

  @Test
  void aComparisonWithoutTheOtherMeasureMisses() {
    assertFalse(compare("<", 1.0).holds(1, null));
    assertFalse(compare(">", 1.0).holds(1, null));
  }

  @Test
  void aCheckWithoutAMeasuredValueMisses() {
    Expectation anything = band(null, null);
    assertTrue(anything.holds(42, null));
    assertFalse(new Runs.Check("f", anything, null, null).ok(), "a measure the run did not produce is a miss");
    assertTrue(new Runs.Check("f", anything, 42.0, null).ok());
    assertFalse(new Runs.Check("f", band(0.0, 1.0), 42.0, null).ok());
  }

  // ------------------------------------------------------------------ each metric

  /** A report with one measured migration whose every metric is known by construction. */
  static Report report() {
    long page = 4096;
    List<PassRecord> passes = List.of(
        new PassRecord(0, "precopy", 1000, 1000 * page, 10.0, 300, 300),
        new PassRecord(1, "precopy", 300, 300 * page, 3.0, 200, 200),
        new PassRecord(2, "precopy", 200, 200 * page, 2.0, 250, 250),  // not growing: pass 2 is < pass 1
        new PassRecord(3, "precopy", 250, 250 * page, 2.5, 100, 100),  // grows
        new PassRecord(4, "precopy", 100, 100 * page, 1.0, 512, 512),  // shrinks; leaves 512 pages = 2 MiB
        new PassRecord(5, "stop-and-copy", 512, 512 * page, 0.1, 0, 0));
    GuestImpact guest = new GuestImpact(21, 3, 1, 1234.5, new GuestImpact.Throttle(7.5, 30.5, 70.0),
        new GuestImpact.PostCopy(4096, 12.25, "from 1 s to 2 s"));
    MigrationRecord r = new MigrationRecord("m1", "v", "a", "b", "live", "tcpip", "LM", 0, 0.0, 21.0, 250.0,
        3L << 30, 3L << 30, passes, "pass-limit", "completed", null,
        List.of("12.500 s: " + dev.livemig.migration.MigrationSource.FELL_BACK + ": no spare core"), guest, "wire", null, null, null, 2L << 30,
        List.of(dev.livemig.migration.MoveRules.STATIC_MAC + ": v is unreachable after the move; fix: a static MAC"));
    MigrationRecord plain = new MigrationRecord("m2", "w", "a", "b", "live", "tcpip", "LM", 0, 0.0, 5.0, 2.0,
        1L << 30, 1L << 30, List.of(new PassRecord(0, "precopy", 10, 10 * page, 1.0, 0, 0)), "clean", "completed",
        null, List.of(), new GuestImpact(5, 0, 0, 0, null, null));
    Map<String, Report.Measure> measures = new LinkedHashMap<>();
    measures.put("move", new Report.Measure(21.0, 0.95, 250.0, "m1"));
    measures.put("other", new Report.Measure(5.0, 9.5, 2.0, "m2"));
    measures.put("drain", new Report.Measure(60.0, null, null));
    measures.put("stranded", new Report.Measure(90.0, null, null, null, 2));
    measures.put("site-lost", new Report.Measure(65.0, null, null, null, null, 45.0));
    // A drain (issue 13): two VMs moved (one by quick migration), one refused, one not placed.
    List<Report.DrainedVm> vms = List.of(new Report.DrainedVm("v", "b", 0.0, 1.0, 2.0, "completed", null, null, "live"),
        new Report.DrainedVm("w", "b", 0.0, null, 9000.0, "completed", null, null, "quick"),
        new Report.DrainedVm("x", null, null, null, null, "refused", "support-policy: ..."),
        new Report.DrainedVm("y", null, null, null, null, "not-placed", "no room"));
    Report.DrainRecord d = new Report.DrainRecord("a", 0, 60, 60, 4L << 30, 1, 1, vms, "drain", false);

    measures.put("add", new Report.Measure(789.0, null, null));
    var added = new dev.livemig.report.NodeAddReport("hv4", "added", null, null, null, "q3", "q4",
        List.of(new dev.livemig.report.NodeAddReport.Step(9, "tour", "passed", 1.0, 40.0, null),
            new dev.livemig.report.NodeAddReport.Step(6, "maintenance", "rolled-back", 0.0, 1.0, null)),
        List.of(new dev.livemig.report.NodeAddReport.TourMove("hv1", "hv4", 21.5, 18.25, 1),
            new dev.livemig.report.NodeAddReport.TourMove("hv4", "hv1", 20.0, 3.5, 2)), "add");
    return new Report("s", 1, measures, List.of(r, plain), List.of(d), List.of(), List.of(), List.of(added), null);
  }

  /** Every metric an expectation can name, with its value in {@link #report()}. */
  static final Map<String, Double> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put("seconds", 21.0);
    EXPECTED.put("copy-gbps", 0.95);
    EXPECTED.put("downtime-ms", 250.0);
    EXPECTED.put("passes", 5.0);
    EXPECTED.put("growing-passes", 1.0);
    EXPECTED.put("bytes-sent-gib", 3.0);
    EXPECTED.put("remainder-mib", 2.0);
    EXPECTED.put("pings-sent", 21.0);
    EXPECTED.put("pings-lost", 3.0);
    EXPECTED.put("sessions-dropped", 1.0);
    EXPECTED.put("throttle-seconds", 7.5);
    EXPECTED.put("throttle-percent", 30.5);
    EXPECTED.put("fallbacks", 1.0);
    EXPECTED.put("degraded-seconds", 12.25);
    EXPECTED.put("vms-left", 2.0);
    EXPECTED.put("storage-gib", 2.0);
    EXPECTED.put("refused", 0.0);
    EXPECTED.put("unreachable", 1.0);
    EXPECTED.put("unsupported", 0.0);
    EXPECTED.put("outcome", 2.0);
    EXPECTED.put("failed-step", 0.0);
    EXPECTED.put("tour-moves", 2.0);
    EXPECTED.put("tour-seconds", 41.5);
    EXPECTED.put("tour-pings-lost", 3.0);
    EXPECTED.put("tour-max-downtime-ms", 18.25);
    EXPECTED.put("rolled-back-steps", 1.0);
    EXPECTED.put("data-at-risk-seconds", 45.0);
  }

  /** The measure of {@link #report()} a metric is read from: a drain's for vms-left, the node add's for its metrics, the migration's otherwise. */
  static String measureOf(String metric) {
    if (dev.livemig.scenario.NodeAddMetrics.METRICS.contains(metric)) return "add";
    return "vms-left".equals(metric) ? "stranded" : "data-at-risk-seconds".equals(metric) ? "site-lost" : "move";
  }

  /** The metrics of a drain's measure (issue 13), with their values in {@link #report()}. */
  static final Map<String, Double> DRAIN = new LinkedHashMap<>(Map.of("vms-moved", 2.0, "vms-quick", 1.0));

  @Test
  void everyDrainMetricReadsItsDrain() {
    Report r = report();
    for (var e : DRAIN.entrySet()) assertEquals(e.getValue(), Runs.metric(r, "drain", e.getKey()), 1e-9, e.getKey());
    assertEquals(null, Runs.metric(r, "drain", "passes"), "a migration's metric of a drain: none");
    assertEquals(null, Runs.metric(r, "move", "vms-moved"), "a drain's metric of a migration: none");
  }

  @Test
  void everyMetricReadsItsFieldOfTheReport() {
    java.util.Set<String> tested = new java.util.TreeSet<>(EXPECTED.keySet());
    tested.addAll(DRAIN.keySet());
    tested.add("overcommitted-hosts"); // needs the scenario's hosts and VMs, not only the report: CaveatsTest
    assertEquals(new java.util.TreeSet<>(Runs.METRICS), tested, "a metric without a test here");
    Report r = report();
    for (var e : EXPECTED.entrySet()) {
      assertEquals(e.getValue(), Runs.metric(r, measureOf(e.getKey()), e.getKey()), 1e-9, e.getKey());
    }
  }

  @Test
  void everyMetricCanHoldAndCanMiss() {
    Report r = report();
    for (var e : EXPECTED.entrySet()) {
      String metric = e.getKey();
      double v = e.getValue();
      Double measured = Runs.metric(r, measureOf(metric), metric);
      Expectation around = new Expectation(1, "move", metric, v, 0.01, true, null, null);
      Expectation above = new Expectation(1, "move", metric, null, 0.0, false, v * 1.1 + 0.1, null);
      Expectation below = new Expectation(1, "move", metric, null, 0.0, false, null, v * 0.9 - 0.1);
      assertTrue(new Runs.Check("f", around, measured, null).ok(), metric + " within 1 %");
      assertFalse(new Runs.Check("f", above, measured, null).ok(), metric + " above its value");
      assertFalse(new Runs.Check("f", below, measured, null).ok(), metric + " below its value");
    }
  }

  @Test
  void metricsOfAMigrationWithoutThrottleOrPostCopyAreZero() {
    Report r = report();
    assertEquals(0.0, Runs.metric(r, "other", "throttle-seconds"));
    assertEquals(0.0, Runs.metric(r, "other", "throttle-percent"));
    assertEquals(0.0, Runs.metric(r, "other", "degraded-seconds"));
    assertEquals(0.0, Runs.metric(r, "other", "growing-passes"));
    assertEquals(0.0, Runs.metric(r, "other", "remainder-mib"));
    assertEquals(1.0, Runs.metric(r, "other", "passes"));
  }

  @Test
  void aMeasureThatIsNotAMigrationHasOnlyItsSeconds() {
    Report r = report();
    assertEquals(60.0, Runs.metric(r, "drain", "seconds"));
    assertNull(Runs.metric(r, "drain", "copy-gbps"));
    assertNull(Runs.metric(r, "drain", "passes"));
    assertNull(Runs.metric(r, "drain", "pings-lost"));
    assertNull(Runs.metric(r, "absent", "seconds"));
    assertNull(Runs.metric(r, "move", "no-such-metric"));
  }

  @Test
  void vmsLeftIsZeroForADrainThatMovedAllAndAbsentForAMigration() {
    Report r = report();
    assertEquals(0.0, Runs.metric(r, "drain", "vms-left"), "a complete drain left nothing");
    assertEquals(2.0, Runs.metric(r, "stranded", "vms-left"));
    assertNull(Runs.metric(r, "move", "vms-left"), "a migration is not a drain");
  }

  // ------------------------------------------------------------------ through the loader and a run

  @Test
  void theLoaderReadsEachFormAndTheCheckerJudgesARun() {
    // 1 GiB idle VM over 1 GbE: ~9.05 s of copy plus the fixed phases (~4.1 s), a few ms of blackout.
    Specs.Scenario s = TestScenarios.load(TestScenarios.TWO_HOSTS + """
        vms = [ { name = v, host = a, memory = 1 GiB, workload = idle }
                { name = w, host = a, memory = 2 GiB, workload = idle } ]
        steps = [ { migrate { vm = v, to = b, measure = small } }
                  { migrate { vm = w, to = b, measure = big } } ]
        expect = [
          { measure = small, min = 12 s, max = 15 s }               # holds
          { measure = small, value = 20 s, tolerance = 10% }        # misses
          { measure = small, value = 14 s, tolerance = 2 s }        # holds
          { measure = small, value = 10 s, tolerance = 1 s }        # misses
          { measure = big, greater-than = small, factor = 1.5 }     # holds (~22 s vs ~13 s)
          { measure = big, less-than = small, factor = 1.5 }        # misses
          { measure = small, metric = passes, value = 1, tolerance = 0 }   # holds: idle, one pass
          { measure = small, metric = passes, min = 2 }                    # misses
          { measure = small, metric = downtime-ms, max = 1 }               # misses: device state takes ms
        ]
        """);
    List<Runs.Check> checks = Runs.check(s);
    assertEquals(9, checks.size());
    List<Boolean> ok = checks.stream().map(Runs.Check::ok).toList();
    assertEquals(List.of(true, false, true, false, true, false, true, false, false), ok,
        checks.stream().map(c -> c.expectation().describe() + " " + c.measured()).toList().toString());
    assertEquals(20.0, checks.get(1).expectation().value());
    assertEquals(0.1, checks.get(1).expectation().tolerance(), 1e-12);
    assertTrue(checks.get(1).expectation().relative());
    assertEquals(2.0, checks.get(2).expectation().tolerance());
    assertFalse(checks.get(2).expectation().relative());
    assertNotNull(checks.get(4).reference(), "a comparison is given the other measure's value");
    assertEquals(checks.get(0).measured(), checks.get(4).reference());
  }

  @Test
  void aRegressionValueIsMarkedAndJudgedLikeAnyOther() {
    Specs.Scenario s = TestScenarios.load(TestScenarios.TWO_HOSTS + """
        vms = [ { name = v, host = a, memory = 1 GiB, workload = idle } ]
        steps = [ { migrate { vm = v, to = b, measure = small } } ]
        expect = [
          { measure = small, min = 12 s, max = 15 s }
          { measure = small, value = 12.39 s, tolerance = 0.5%, regression = true }
          { measure = small, value = 14 s, tolerance = 0.5%, regression = true }
          { measure = small, value = 14 s, tolerance = 0.5%, regression = false }
        ]
        """);
    List<Runs.Check> checks = Runs.check(s);
    assertEquals(List.of(false, true, true, false), checks.stream().map(c -> c.expectation().regression()).toList());
    assertEquals(List.of(true, true, false, false), checks.stream().map(Runs.Check::ok).toList(),
        "measured " + checks.get(0).measured());
    assertEquals("12.39 ± 0.5 % (regression)", checks.get(1).expectation().describe());
    assertEquals("14 ± 0.5 %", checks.get(3).expectation().describe());
  }
}
