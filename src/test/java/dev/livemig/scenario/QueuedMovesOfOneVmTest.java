package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import org.junit.jupiter.api.Test;

/**
 * Two queued moves of one VM start in the order they were asked for: the second is judged from
 * where the first leaves the VM, not from where the VM was while both waited for a slot (found by
 * the mutation run of issue 19: the second was rejected "already on c" before the first started).
 */
class QueuedMovesOfOneVmTest {
  static final String HOSTS = """
      hosts = [
        { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        { name = b, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        { name = c, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
      ]
      vms = [
        { name = w, host = a, memory = 1 GiB, workload = idle }
        { name = u, host = c, memory = 1 GiB, workload = idle }
      ]
      cluster.live-migration { performance-option = tcpip, networks = [LM], simultaneous = 1 }
      """;

  @Test
  void aVmsSecondQueuedMoveWaitsForItsFirst() {
    Report r = TestScenarios.run(HOSTS + """
        steps = [
          { migrate { vm = w, to = b, async = true } }
          { migrate { vm = u, to = b, async = true, measure = there } }
          { migrate { vm = u, to = c, async = true, measure = back } }
        ]
        """);
    List<String> moves = TestScenarios.of(r, "u").stream().map(m -> m.from() + "->" + m.to() + " " + m.outcome()).toList();
    assertEquals(List.of("c->b completed", "b->c completed"), moves);
    MigrationRecord there = byId(r, r.measures().get("there").migration());
    MigrationRecord back = byId(r, r.measures().get("back").migration());
    assertEquals(true, back.startedAt() >= there.finishedAt(), "back starts after there ends");
  }

  private static MigrationRecord byId(Report r, String id) {
    return r.migrations().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
  }
}
