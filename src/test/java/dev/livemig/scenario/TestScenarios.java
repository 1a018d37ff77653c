package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import dev.livemig.report.Report;

/** Scenarios written by tests: two hosts joined by one 1 GbE NIC each, plus what a test adds. */
public final class TestScenarios {
  private TestScenarios() {}

  public static final String TWO_HOSTS = """
      hosts = [
        { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        { name = b, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
      ]
      """;

  public static Specs.Scenario load(String hocon, String... overrides) {
    try {
      File f = File.createTempFile("livemig-test", ".conf");
      f.deleteOnExit();
      Files.writeString(f.toPath(), hocon);
      return Runs.load(f, List.of(overrides));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (ScenarioException e) {
      throw new AssertionError("invalid test scenario: " + e.problems(), e);
    }
  }

  /** One VM of {@code memory} with {@code workload} moved from a to b; returns the report. */
  public static Report migrateOne(String memory, String workload, String... overrides) {
    String text = TWO_HOSTS + """
        vms = [ { name = v, host = a, memory = %s, workload = %s } ]
        steps = [ { migrate { vm = v, to = b, measure = move } } ]
        """.formatted(memory, workload);
    return Runs.run(load(text, overrides), ScenarioRun.Options.none()).report();
  }

  /** Three hosts a, b, c of 64 GiB, one 1 GbE NIC each on network LM. */
  public static final String THREE_HOSTS = """
      hosts = [
        { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        { name = b, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        { name = c, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
      ]
      """;

  /** Runs a scenario written by a test; the run must not fail inside the model. */
  public static Report run(String text) {
    var o = Runs.run(load(text), ScenarioRun.Options.none());
    org.junit.jupiter.api.Assertions.assertNull(o.kernel().failure());
    return o.report();
  }

  /** The moves of one VM, in the report's order. */
  public static List<dev.livemig.report.MigrationRecord> of(Report r, String vm) {
    return r.migrations().stream().filter(m -> m.vm().equals(vm)).toList();
  }
}
