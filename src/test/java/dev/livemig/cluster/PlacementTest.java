package dev.livemig.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.livemig.memory.Workload;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;

/** Placement on its own: a pure function of the hosts' state, their free memory and the policy. */
class PlacementTest {
  static final long GIB = 1L << 30;

  /** Hosts a..d in that order; {@code free} GiB each; {@code down} not up. */
  record Hosts(Map<String, Long> freeGib, Set<String> down) implements Placement.Hosts {
    @Override
    public List<String> names() {
      return List.of("a", "b", "c", "d");
    }

    @Override
    public boolean up(String host) {
      return !down.contains(host);
    }

    @Override
    public long free(String host) {
      return freeGib.get(host) * GIB;
    }
  }

  static final Hosts HOSTS = new Hosts(Map.of("a", 100L, "b", 20L, "c", 40L, "d", 40L), Set.of());

  static Specs.Placement policy(String p, String... targets) {
    return new Specs.Placement(p, List.of(targets), "as-listed");
  }

  @Test
  void mostFreeMemoryTakesTheHostWithTheMostRoomAndTheFirstOnATie() {
    Placement.Choice c = Placement.place(8 * GIB, "a", policy("most-free-memory"), HOSTS, 0);
    assertEquals("c", c.host()); // c and d have 40 GiB: the first in order
    assertEquals(0, c.cursor());
  }

  @Test
  void theSourceAHostThatIsNotUpAndAHostWithoutRoomAreNeverChosen() {
    Hosts h = new Hosts(Map.of("a", 100L, "b", 20L, "c", 40L, "d", 40L), Set.of("c"));
    assertEquals("d", Placement.place(8 * GIB, "a", policy("most-free-memory"), h, 0).host());
    assertEquals("d", Placement.place(30 * GIB, "b", policy("round-robin"), h, 1).host()); // from the cursor: b is the source, c is down
    assertNull(Placement.place(50 * GIB, "a", policy("most-free-memory"), h, 0).host());
  }

  @Test
  void roundRobinGoesOnFromTheCursorAndSkipsHostsWithoutRoom() {
    List<String> chosen = new ArrayList<>();
    int cursor = 0;
    for (int i = 0; i < 5; i++) {
      Placement.Choice c = Placement.place(30 * GIB, "a", policy("round-robin"), HOSTS, cursor);
      chosen.add(c.host());
      cursor = c.cursor();
    }
    assertEquals(List.of("c", "d", "c", "d", "c"), chosen); // a is the source, b has 20 GiB
  }

  @Test
  void targetsAreTakenInTurnFromTheirOwnList() {
    Placement.Choice first = Placement.place(8 * GIB, "a", policy("targets", "d", "b"), HOSTS, 0);
    Placement.Choice second = Placement.place(8 * GIB, "a", policy("targets", "d", "b"), HOSTS, first.cursor());
    assertEquals("d", first.host());
    assertEquals("b", second.host());
  }

  @Test
  void whyNowhereNamesTheMostAnyUpHostHas() {
    assertEquals("no up host has 50.0 GiB free (the most any has is 40.0 GiB)",
        Placement.whyNowhere(50 * GIB, "a", HOSTS));
  }

  @Test
  void aDrainMovesHighPriorityFirstThenByThePolicysOrderThenAsListed() {
    List<Specs.VmSpec> vms = new ArrayList<>(List.of(vm("small", 4, Specs.Priority.NORMAL), vm("big", 16, Specs.Priority.NORMAL),
        vm("low", 32, Specs.Priority.LOW), vm("vip", 2, Specs.Priority.HIGH), vm("big2", 16, Specs.Priority.NORMAL)));
    List<String> listed = vms.stream().map(Specs.VmSpec::name).toList();
    vms.sort(Placement.drainOrder(new Specs.Placement("most-free-memory", List.of(), "largest-first"), listed::indexOf));
    assertEquals(List.of("vip", "big", "big2", "small", "low"), vms.stream().map(Specs.VmSpec::name).toList());
    vms.sort(Placement.drainOrder(new Specs.Placement("most-free-memory", List.of(), "smallest-first"), listed::indexOf));
    assertEquals(List.of("vip", "small", "big", "big2", "low"), vms.stream().map(Specs.VmSpec::name).toList());
  }

  static Specs.VmSpec vm(String name, long gib, Specs.Priority p) {
    return new Specs.VmSpec(name, "a", gib * GIB, "idle", new Workload.Idle(), Specs.CpuProfile.constant(0),
        Specs.ContentMix.DEFAULT, p);
  }
}
