package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups read their template once and name their entries without a Formatter: the same specs as
 * the same hosts and VMs written out one by one, and the same names as {@code String.format}.
 */
class GroupsReaderTest {

  @Test
  void namesAreThoseOfStringFormat() {
    for (String p : List.of("%s-vm%02d", "%s%d", "x%s-y%05dz", "%s-vm%%%02d", "%s-%5d", "%2$s-%1$s")) {
      GroupsReader.Names n = new GroupsReader.Names(p, true);
      for (long i : new long[] {1, 9, 10, 99, 100, 12345, 1234567}) {
        assertEquals(String.format(Locale.ROOT, p, "hv07", i), n.name("hv07", i), p);
      }
    }
    for (String p : List.of("h%05d", "hv%d", "a%03d-b", "%09d", "n%x")) {
      GroupsReader.Names n = new GroupsReader.Names(p, false);
      for (long i : new long[] {1, 42, 99999, 100000, 7654321}) assertEquals(String.format(Locale.ROOT, p, i), n.name(null, i), p);
    }
  }

  @Test
  void aGroupGivesTheSpecsOfItsEntriesWrittenOut(@TempDir Path dir) throws Exception {
    String common = "templates { node { memory = 64 GiB, cores = 16, hardware = \"DL380 Gen10\","
        + " nics = [ { name = lm1, speed = 10 Gbps, network = LM } ] } }\n"
        + "steps = [ { drain { host = hv02 } } ]\n";
    String vmTemplate = "{ memory = 4 GiB, cpu = 1.5, priority = high, production = true, workload = { model = uniform, writes-per-second = 300, working-set = 1 GiB } }";
    Files.writeString(dir.resolve("groups.conf"), common
        + "hosts = [ { name = big, memory = 128 GiB, nics = [ { name = lm1, speed = 10 Gbps, network = LM } ] } ]\n"
        + "host-groups = [ { count = 3, name = \"hv%02d\", template = ${templates.node} } ]\n"
        + "vms = [ { name = solo, host = big, memory = 8 GiB } ]\n"
        + "vm-groups = [ { per-host = 2, hosts = [hv01, hv02], name = \"%s-vm%d\", template = " + vmTemplate + " },\n"
        + "  { per-host = 1, name = \"%s-x\", template = { memory = 1 GiB, os = linux } } ]\n");
    StringBuilder out = new StringBuilder(common);
    out.append("hosts = [ { name = big, memory = 128 GiB, nics = [ { name = lm1, speed = 10 Gbps, network = LM } ] }\n");
    for (int i = 1; i <= 3; i++) out.append(String.format(Locale.ROOT, "  ${templates.node} { name = hv%02d }\n", i));
    out.append("]\nvms = [ { name = solo, host = big, memory = 8 GiB }\n");
    for (String h : List.of("hv01", "hv02")) {
      for (int i = 1; i <= 2; i++) out.append("  ").append(vmTemplate).append(" { name = ").append(h).append("-vm").append(i)
          .append(", host = ").append(h).append(" }\n");
    }
    for (String h : List.of("big", "hv01", "hv02", "hv03")) out.append("  { name = ").append(h).append("-x, host = ").append(h)
        .append(", memory = 1 GiB, os = linux }\n");
    out.append("]\n");
    Files.writeString(dir.resolve("written.conf"), out.toString());
    Specs.Scenario g = ScenarioLoader.load(dir.resolve("groups.conf").toFile(), ConfigLoader.defaults());
    Specs.Scenario w = ScenarioLoader.load(dir.resolve("written.conf").toFile(), ConfigLoader.defaults());
    assertEquals(w.hosts(), g.hosts());
    assertEquals(w.vms(), g.vms());
    assertEquals(w.nodes(), g.nodes()); // node-add keys of the templates (hardware, production)
    assertEquals(9, g.vms().size());
    assertEquals(4, g.nodes().productionVms().size());
    assertEquals(List.of("big", "hv01", "hv02", "hv03"), g.nodes().members());
  }

  @Test
  void aGroupWithAProblemIsReadEntryByEntry(@TempDir Path dir) throws Exception {
    // the third VM on hv01 does not fit: the problem is the one of that entry, as written out
    File f = dir.resolve("full.conf").toFile();
    Files.writeString(f.toPath(), "hosts = [ { name = hv01, memory = 10 GiB, nics = [ { name = lm1, speed = 10 Gbps, network = LM } ] } ]\n"
        + "vm-groups = [ { per-host = 3, name = \"%s-vm%d\", template = { memory = 4 GiB } } ]\n"
        + "steps = [ { wait { for = 1 s } } ]\n");
    ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
        () -> ScenarioLoader.load(f, ConfigLoader.defaults()));
    assertEquals(1, e.problems().size(), e.problems().toString());
    assertEquals("vms[hv01-vm3].memory", e.problems().get(0).key());
  }
}
