package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --vary variants}: the named variants of a scenario file's {@code variants} block, in file
 * order, each shown by its label or name and run with the keys it sets; a template's {@code label};
 * and every mistake at its line.
 */
class FileVariantsTest {
  @TempDir
  Path tmp;

  static final String HOSTS = """
      templates {
        layouts {
          tcpip { performance-option = tcpip, networks = [LM] }
          smb   { label = "SMB Direct", performance-option = smb-direct, networks = [SMB] }
        }
        host { memory = 64 GiB, cores = 8, nics = [ { name = lm, speed = 1 Gbps, network = LM },
          { name = rdma, speed = 10 Gbps, rdma = iwarp, network = SMB } ] }
      }
      hosts = [ ${templates.host} { name = hv1 }, ${templates.host} { name = hv2 } ]
      vms = [ { name = a, host = hv1, memory = 1 GiB } ]
      cluster.live-migration = ${templates.layouts.tcpip}
      steps = [ { migrate { vm = a, to = hv2, measure = move } } ]
      """;

  File file(String variants) throws Exception {
    Path p = tmp.resolve("what-if.conf");
    Files.writeString(p, HOSTS + variants);
    return p.toFile();
  }

  static final String BLOCK = """
      variants {
        zeta-one-at-a-time { label = "one at a time", cluster.live-migration.simultaneous = 1 }
        alpha-smb { cluster.live-migration = ${templates.layouts.smb}, seed = 7 }
        as-is { }
      }
      """;

  @Test
  void variantsRunsTheBlockInFileOrderEachByItsLabelOrName() throws Exception {
    File f = file(BLOCK);
    FileVariants lookup = FileVariants.read(f, Runs.config());
    List<Variants.Variant> vs = Variants.of(List.of("variants", "cluster.live-migration.max-passes=2,5"), lookup);
    assertEquals(6, vs.size());
    assertEquals(Map.of("variants", "one at a time", "cluster.live-migration.max-passes", "2"), vs.get(0).values());
    assertEquals("alpha-smb", vs.get(2).values().get("variants"), "file order, not the names' order");
    assertEquals("as-is", vs.get(4).values().get("variants"));
    assertEquals(List.of("cluster=${variants.alpha-smb.cluster}", "seed=${variants.alpha-smb.seed}",
        "cluster.live-migration.max-passes=2"), vs.get(2).overrides());
    assertEquals(List.of("cluster.live-migration.max-passes=5"), vs.get(5).overrides(), "an empty variant: the file as it is");

    Specs.Scenario one = ScenarioLoader.load(f, vs.get(1).overrides(), Runs.config(), Variants.ORIGIN);
    assertEquals(1, one.liveMigration().simultaneous());
    assertEquals(5, one.liveMigration().maxPasses(), "a later --vary overrides the variant");
    Specs.Scenario smb = ScenarioLoader.load(f, vs.get(2).overrides(), Runs.config(), Variants.ORIGIN);
    assertEquals("smb-direct", smb.liveMigration().performanceOption());
    assertEquals(7, smb.seed());
    assertEquals(List.of("SMB"), smb.liveMigration().networks());
  }

  @Test
  void variantsWithNamesRunThoseInTheOrderGiven() throws Exception {
    FileVariants lookup = FileVariants.read(file(BLOCK), Runs.config());
    List<Variants.Variant> vs = Variants.of(List.of("variants=as-is,alpha-smb"), lookup);
    assertEquals(List.of("as-is", "alpha-smb"), vs.stream().map(v -> v.values().get("variants")).toList());
  }

  @Test
  void aTemplateIsShownByItsLabelAndTheLoaderTakesTheLabel() throws Exception {
    File f = file("");
    FileVariants lookup = FileVariants.read(f, Runs.config());
    List<Variants.Variant> vs = Variants.of(
        List.of("cluster.live-migration=${templates.layouts.tcpip},${templates.layouts.smb},{ simultaneous = 3 }"), lookup);
    assertEquals(List.of("tcpip", "SMB Direct", "{ simultaneous = 3 }"),
        vs.stream().map(v -> v.values().get("cluster.live-migration")).toList());
    assertEquals("smb-direct", ScenarioLoader.load(f, vs.get(1).overrides(), Runs.config(), Variants.ORIGIN)
        .liveMigration().performanceOption(), "label is no setting: the layout runs");
  }

  private List<String> problems(String block, String spec) throws Exception {
    FileVariants lookup = FileVariants.read(file(block), Runs.config());
    ScenarioException e = assertThrows(ScenarioException.class, () -> Variants.of(List.of(spec), lookup));
    return e.problems().stream().map(p -> p.toString().replace(tmp.toString(), "DIR")).toList();
  }

  @Test
  void everyMistakeIsSaidWithWhatIsAllowed() throws Exception {
    assertEquals(List.of("--vary: variants: 'beta' is not a variant of DIR/what-if.conf; allowed: zeta-one-at-a-time, "
        + "alpha-smb, as-is"), problems(BLOCK, "variants=alpha-smb,beta"));
    assertEquals(List.of("--vary: variants: 'as-is' is named twice; name each variant once"), problems(BLOCK, "variants=as-is,as-is"));
    assertTrue(problems("", "variants").get(0).startsWith("--vary: variants: DIR/what-if.conf has no variants block; add one, e.g. "));
    int line = HOSTS.split("\n").length + 3; // HOSTS, "variants {", "a ...", then b
    assertEquals(List.of("DIR/what-if.conf:" + line + ": variants.b: not a block of overrides; e.g. b { "
        + "cluster.live-migration.simultaneous = 4 }"), problems("variants {\n  a { }\n  b = 4\n}\n", "variants"));
    assertEquals(List.of("DIR/what-if.conf:" + (line - 1) + ": variants.a.label: not a text; a label is what the table calls "
        + "the variant, e.g. label = \"1 GbE TCP/IP\""), problems("variants {\n  a { label = [x] }\n}\n", "variants"));
    assertEquals(List.of("--vary: variants: 'same' names two variants; give each its own name or label"),
        problems("variants {\n  a { label = same }\n  b { label = same }\n}\n", "variants"));
  }

  @Test
  void aLabelThatIsNoTextIsAProblemAtItsLine() throws Exception {
    File f = file("cluster.live-migration.label = [1]\n");
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f, Runs.config()));
    String p = e.problems().get(0).toString().replace(tmp.toString(), "DIR");
    assertEquals("DIR/what-if.conf:" + (HOSTS.split("\n").length + 1) + ": cluster.live-migration.label: not a text; a label "
        + "names the layout in a comparison, e.g. label = \"1 GbE TCP/IP\"", p);
  }
}
