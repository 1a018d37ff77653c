package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import dev.livemig.distribution.Member;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Runs;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code livemig compare --cluster}: the same table and JSON as a local comparison, the results
 * streamed to --out once each, a resumed sweep that runs only what --out lacks; and the bad input
 * of a sweep said in one line with exit code 2. One worker member in this JVM serves every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterCompareTest {
  static final String SCENARIO = "scenarios/seed-tcpip-8gb.conf";
  static final String[] VARY = {"--vary", "seed=1,2,3", "--vary", "cluster.live-migration.max-passes=2,4"};

  ActorSystem<Member.Command> worker;
  String seed;

  @TempDir
  Path tmp;

  @BeforeAll
  void startAWorker() throws Exception {
    worker = Member.start(new Member.Settings("127.0.0.1", 0, List.of(), List.of(Member.WORKER)), Runs.config());
    var a = Cluster.get(worker).selfMember().address();
    seed = a.host().get() + ":" + a.port().get();
  }

  @AfterAll
  void stopIt() {
    if (worker != null) Member.stop(worker);
  }

  static CompareCommandTest.Result compare(String... more) {
    List<String> args = new ArrayList<>(List.of("compare", SCENARIO));
    args.addAll(List.of(VARY));
    args.addAll(List.of(more));
    return CompareCommandTest.execute(args.toArray(String[]::new));
  }

  /** The variant numbers of a results file, in the order of its lines. */
  static List<Integer> variants(Path out) throws Exception {
    List<Integer> vs = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode n = ReportJson.mapper().readTree(line);
      vs.add(n.get("variant").asInt());
    }
    return vs;
  }

  @Test
  void aSweepOnTheClusterPrintsWhatALocalComparisonPrintsAndResumesWhereItStopped() throws Exception {
    Path localJson = tmp.resolve("local.json");
    CompareCommandTest.Result local = compare("--json", localJson.toString());
    assertEquals(0, local.code(), local.err());

    Path out = tmp.resolve("results.jsonl");
    Path json = tmp.resolve("cluster.json");
    CompareCommandTest.Result r = compare("--cluster", seed, "--out", out.toString(), "--json", json.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(local.out(), r.out(), "the same table");
    assertEquals(Files.readString(localJson), Files.readString(json), "the same JSON, every report byte for byte");
    List<Integer> once = variants(out);
    assertEquals(Set.of(1, 2, 3, 4, 5, 6), new HashSet<>(once));
    assertEquals(6, once.size(), "each variant once");

    // stopped after two results and in the middle of the third line
    List<String> lines = Files.readAllLines(out);
    Files.writeString(out, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 40), StandardCharsets.UTF_8);
    Path resumed = tmp.resolve("resumed.json");
    r = compare("--cluster", seed, "--out", out.toString(), "--resume", "--json", resumed.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("its last line was cut short"), r.err());
    assertEquals(local.out(), r.out());
    assertEquals(Files.readString(localJson), Files.readString(resumed), "reports read back from --out are the same");
    List<Integer> after = variants(out);
    assertEquals(6, after.size(), "each variant once: " + after);
    assertEquals(new HashSet<>(once), new HashSet<>(after));
    assertEquals(once.subList(0, 2), after.subList(0, 2), "the lines kept stay as they were");
  }

  /** One line on standard error, exit code 2, nothing on standard output. */
  static void badInput(CompareCommandTest.Result r, String line) {
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(line, r.err().strip());
  }

  @Test
  void anOutThatExistsWithoutResumeIsRefusedBeforeAnyClusterIsJoined() throws Exception {
    Path out = Files.writeString(tmp.resolve("old.jsonl"), "");
    long t0 = System.nanoTime();
    badInput(compare("--cluster", "127.0.0.1:1", "--out", out.toString()),
        "livemig: --out " + out + " exists; add --resume to go on with the sweep it holds, or name another file");
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "no wait for a seed");
  }

  @Test
  void aResumeOfAnotherSweepsResultsIsRefusedWithItsLine() throws Exception {
    Path out = tmp.resolve("other.jsonl");
    Files.writeString(out, "{\"sweep\":\"0000000000000000\",\"variant\":1,\"values\":{},\"error\":\"x\"}\n");
    CompareCommandTest.Result r = compare("--cluster", seed, "--out", out.toString(), "--resume");
    assertEquals(2, r.code(), r.err());
    assertEquals(out + ":1: sweep: written by another sweep (its scenario, --set, --vary or livemig's configuration differ); "
        + "resume the same sweep, or name another --out\n1 problem; nothing was run.", r.err().strip());
  }

  @Test
  void aVaryWithNoVariantIsRefused() {
    CompareCommandTest.Result r = CompareCommandTest.execute("compare", SCENARIO, "--vary", "seed=", "--cluster", seed);
    assertEquals(2, r.code());
    assertEquals("--vary: seed: no values; give one or more separated by commas, e.g. seed=1,2\n1 problem; nothing was run.",
        r.err().strip());
  }

  @Test
  void outAndResumeGoWithCluster() {
    badInput(compare("--out", tmp.resolve("x.jsonl").toString()),
        "livemig: --out and --resume go with --cluster HOST:PORT (a sweep on a cluster)");
    badInput(compare("--cluster", seed, "--resume"), "livemig: --resume needs --out FILE: the results to go on from");
  }

  @Test
  void aPortInUseIsOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      badInput(CompareCommandTest.execute("node", "--port", String.valueOf(port)),
          "livemig: 127.0.0.1:" + port + " is in use (another livemig node?); choose another with --port");
    }
  }

  @Test
  void aSeedThatIsNotHostPortIsOneLine() {
    badInput(compare("--cluster", "nohost"), "livemig: nohost: not HOST:PORT of a member, e.g. 127.0.0.1:2551");
    badInput(CompareCommandTest.execute("node", "--seed", "h:99999"), "livemig: h:99999: not HOST:PORT of a member, e.g. 127.0.0.1:2551");
  }
}
