package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The --vary lists of a comparison: splitting, the product and its order, and every error. */
class VariantsTest {

  private static List<String> overrides(List<Variants.Variant> vs) {
    List<String> out = new ArrayList<>();
    for (Variants.Variant v : vs) out.add(String.join(" ", v.overrides()));
    return out;
  }

  @Test
  void oneVaryGivesOneVariantPerValueInOrder() throws Exception {
    List<Variants.Variant> vs = Variants.of(List.of("cluster.live-migration.max-passes=1,2,10"));
    assertEquals(List.of("cluster.live-migration.max-passes=1", "cluster.live-migration.max-passes=2",
        "cluster.live-migration.max-passes=10"), overrides(vs));
    assertEquals(Map.of("cluster.live-migration.max-passes", "10"), vs.get(2).values());
  }

  @Test
  void theProductVariesTheFirstVarySlowest() throws Exception {
    List<Variants.Variant> vs = Variants.of(List.of("a=1,2,3", "b=x,y", "c=p"));
    assertEquals(List.of("a=1 b=x c=p", "a=1 b=y c=p", "a=2 b=x c=p", "a=2 b=y c=p", "a=3 b=x c=p", "a=3 b=y c=p"),
        overrides(vs));
    assertEquals(List.of("a", "b", "c"), new ArrayList<>(vs.get(3).values().keySet()), "values in --vary order");
    assertEquals(vs, Variants.of(List.of("a=1,2,3", "b=x,y", "c=p")), "the same specs give the same variants");
  }

  @Test
  void theProductOfThreeListsHasEveryCombinationOnce() throws Exception {
    List<Variants.Variant> vs = Variants.of(List.of("a=1,2", "b=1,2,3", "c=1,2,3,4"));
    assertEquals(24, vs.size());
    assertEquals(24, overrides(vs).stream().distinct().count());
    assertEquals("a=2 b=3 c=4", overrides(vs).get(23));
  }

  @Test
  void noAxesIsOneVariantWithoutOverrides() {
    List<Variants.Variant> vs = Variants.product(List.of());
    assertEquals(1, vs.size());
    assertTrue(vs.get(0).overrides().isEmpty());
  }

  @Test
  void valuesSplitOnCommasOutsideBracketsBracesAndQuotes() {
    assertEquals(List.of("[LM-1GbE]", "[SMB-1,SMB-2]"), Variants.splitValues("[LM-1GbE],[SMB-1,SMB-2]"));
    assertEquals(List.of("[[a,b],[c]]", "[]"), Variants.splitValues("[[a,b],[c]],[]"));
    assertEquals(List.of("{ a = 1, b = 2 }", "{a=3}"), Variants.splitValues("{ a = 1, b = 2 },{a=3}"));
    assertEquals(List.of("\"a,b\"", "c"), Variants.splitValues("\"a,b\",c"));
    assertEquals(List.of("\"say \\\"x,y\\\"\"", "z"), Variants.splitValues("\"say \\\"x,y\\\"\",z"));
    assertEquals(List.of("1", "2 s", "3"), Variants.splitValues(" 1 , 2 s,3 "), "values are trimmed");
    assertEquals(List.of(), Variants.splitValues("  "));
  }

  @Test
  void aVaryWithBracketsGivesItsValuesAsHocon() throws Exception {
    List<Variants.Variant> vs = Variants.of(List.of("cluster.live-migration.networks=[LM-1GbE],[SMB-1,SMB-2]"));
    assertEquals(List.of("cluster.live-migration.networks=[LM-1GbE]", "cluster.live-migration.networks=[SMB-1,SMB-2]"),
        overrides(vs));
  }

  @Test
  void badListsAreRefusedWithTheReason() {
    assertEquals("'[' is not closed in '[a,b'; brackets must pair, e.g. [SMB-1,SMB-2],[LM-1GbE]",
        assertThrows(IllegalArgumentException.class, () -> Variants.splitValues("[a,b")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Variants.splitValues("a],b")).getMessage()
        .startsWith("']' at position 2 of 'a],b' closes nothing"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Variants.splitValues("[a}")).getMessage()
        .contains("closes nothing"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Variants.splitValues("\"a,b")).getMessage()
        .contains("quote is not closed"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Variants.splitValues("1,,2")).getMessage()
        .contains("an empty value"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Variants.splitValues("1,2,")).getMessage()
        .contains("an empty value"));
  }

  private static List<String> problems(String... specs) {
    ScenarioException e = assertThrows(ScenarioException.class, () -> Variants.of(List.of(specs)));
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void aVaryWithoutEqualsOrValuesIsAProblemAtVary() {
    assertEquals(List.of("--vary: seed: expected KEY=V1,V2,..., e.g. --vary cluster.live-migration.max-passes=1,10"),
        problems("seed"));
    assertEquals(List.of("--vary: =1,2: expected KEY=V1,V2,..., e.g. --vary cluster.live-migration.max-passes=1,10"),
        problems("=1,2"));
    assertEquals(List.of("--vary: seed: no values; give one or more separated by commas, e.g. seed=1,2"),
        problems("seed="));
    assertEquals(List.of("--vary: seed: no values; give one or more separated by commas, e.g. seed=1,2"),
        problems("seed=  "));
    assertEquals(List.of("--vary: x: '[' is not closed in '[a'; brackets must pair, e.g. [SMB-1,SMB-2],[LM-1GbE]"),
        problems("x=[a"));
  }

  @Test
  void everyProblemIsSaidAtOnce() {
    List<String> ps = problems("seed", "a=1,,2", "b=1", "b=2,3");
    assertEquals(3, ps.size(), ps.toString());
    assertTrue(ps.get(0).startsWith("--vary: seed: expected KEY=V1,V2,..."), ps.get(0));
    assertTrue(ps.get(1).startsWith("--vary: a: an empty value in '1,,2'"), ps.get(1));
    assertEquals("--vary: b: varied twice; give all its values in one --vary, e.g. b=1,2,3", ps.get(2));
  }

  @Test
  void tooManyVariantsAreRefused() {
    List<String> ps = problems("a=1,2,3,4,5,6,7,8,9,10", "b=1,2,3,4,5,6,7,8,9,10", "c=1,2,3,4,5,6,7,8,9,10",
        "d=1,2,3,4,5,6,7,8,9,10", "e=1,2");
    assertEquals(List.of("--vary: 20000 variants (the product of the --vary lists); allowed: at most 10000"), ps);
  }

  @Test
  void aVariantsOverridesComeAfterTheSetOnes() throws Exception {
    Variants.Variant v = Variants.of(List.of("seed=7")).get(0);
    assertEquals(List.of("seed=1", "cluster.live-migration.simultaneous=1", "seed=7"),
        Variants.overrides(List.of("seed=1", "cluster.live-migration.simultaneous=1"), v));
  }

  @Test
  void theLoaderLocatesProblemsOfAVaryAtVary() throws Exception {
    java.io.File f = new java.io.File("scenarios/seed-tcpip-8gb.conf");
    var config = Runs.config();
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f,
        List.of("cluster.live-migration.bogus=1", "seed=abc"), config, Variants.ORIGIN));
    List<String> ps = e.problems().stream().map(Problem::toString).toList();
    assertEquals(2, ps.size(), ps.toString());
    assertTrue(ps.get(0).startsWith("--vary:1: cluster.live-migration.bogus: unknown key; allowed here: downtime-limit, label, max-bandwidth, max-passes, "), ps.get(0));
    assertTrue(ps.get(1).startsWith("--vary:1: seed: 'abc' is not a whole number"), ps.get(1));
    ScenarioException set = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f, List.of("seed=abc"), config));
    assertTrue(set.problems().get(0).toString().startsWith("--set:1: seed: 'abc'"), "the default stays --set");
    ScenarioException noEquals = assertThrows(ScenarioException.class,
        () -> ScenarioLoader.load(f, List.of("seed"), config, Variants.ORIGIN));
    assertTrue(noEquals.problems().get(0).toString().startsWith("--vary: seed: expected key=value"));
    assertEquals(7, ScenarioLoader.load(f, List.of("seed=7"), config, Variants.ORIGIN).seed());
  }
  @Test
  void metricsDefaultToSecondsAndKeepTheOrderGiven() throws Exception {
    assertEquals(List.of("seconds"), Variants.metrics(List.of()));
    assertEquals(List.of("seconds"), Variants.metrics(null));
    assertEquals(List.of("downtime-ms", "seconds", "bytes-sent-gib", "pings-lost"),
        Variants.metrics(List.of("downtime-ms, seconds", " bytes-sent-gib ", "pings-lost")),
        "names trimmed, --metric repeatable, in the order given");
    assertEquals(Runs.METRICS, Variants.metrics(List.of(String.join(",", Runs.METRICS))), "every metric is allowed");
  }

  private static List<String> metricProblems(String... specs) {
    ScenarioException e = assertThrows(ScenarioException.class, () -> Variants.metrics(List.of(specs)));
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void anUnknownEmptyOrRepeatedMetricIsAProblemAtMetricEveryOneAtOnce() {
    assertEquals(List.of("--metric: gbps: unknown metric; allowed: " + String.join(", ", Runs.METRICS)),
        metricProblems("seconds,gbps"));
    List<String> ps = metricProblems("seconds,,Seconds", "seconds", "");
    assertEquals(4, ps.size(), ps.toString());
    assertTrue(ps.get(0).startsWith("--metric: an empty metric name in 'seconds,,Seconds'"), ps.get(0));
    assertTrue(ps.get(1).startsWith("--metric: Seconds: unknown metric; allowed: seconds, copy-gbps, "), ps.get(1));
    assertEquals("--metric: seconds: named twice; name each metric once", ps.get(2));
    assertTrue(ps.get(3).startsWith("--metric: an empty metric name in ''"), ps.get(3));
  }

  @Test
  void aNamedValueIsShownByItsNameAndRunsItsValue() throws Exception {
    var vs = Variants.of(List.of("cluster.live-migration=tcpip:${templates.layouts.tcpip},smb:{ performance-option = smb }",
        "cluster.live-migration.max-passes=2,many:10"));
    assertEquals(4, vs.size());
    assertEquals(Map.of("cluster.live-migration", "tcpip", "cluster.live-migration.max-passes", "2"), vs.get(0).values());
    assertEquals(List.of("cluster.live-migration=${templates.layouts.tcpip}", "cluster.live-migration.max-passes=2"),
        vs.get(0).overrides());
    assertEquals("cluster.live-migration=smb, cluster.live-migration.max-passes=many", vs.get(3).describe());
    assertEquals(List.of("cluster.live-migration={ performance-option = smb }", "cluster.live-migration.max-passes=10"),
        vs.get(3).overrides());
    // a value that only looks like a name is a value: a bracketed list, a quoted text, a number
    var plain = Variants.of(List.of("k=[a:b],\"x:y\",1:2"));
    assertEquals(List.of("k=[a:b]", "k=\"x:y\"", "k=1:2"), overrides(plain));
  }

  @Test
  void twoValuesWithOneNameAreRefused() {
    var e = assertThrows(ScenarioException.class, () -> Variants.of(List.of("seed=a:1,a:2")));
    assertEquals("--vary: seed: 'a' names two values; give each value its own name, e.g. seed=few:1,many:10",
        e.problems().get(0).toString());
  }
}
