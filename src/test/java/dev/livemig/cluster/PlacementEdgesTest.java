package dev.livemig.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.livemig.memory.Workload;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;

/**
 * Placement's edges (issue 19's mutation survivors): a VM that fills a host's free memory exactly fits
 * it; with no other host up, the fix says to bring one back or add one; the drain orders (smallest
 * first, largest first) break ties by the order the scenario lists the VMs in.
 */
class PlacementEdgesTest {
  static final long GIB = 1L << 30;

  static Specs.Placement policy(String p, String order) {
    return new Specs.Placement(p, List.of(), order);
  }

  @Test
  void aVmThatFillsAHostsFreeMemoryExactlyFitsIt() {
    var hosts = new PlacementTest.Hosts(Map.of("a", 100L, "b", 8L, "c", 7L, "d", 7L), Set.of());
    assertEquals("b", Placement.place(8 * GIB, "a", policy("most-free-memory", "as-listed"), hosts, 0).host());
    assertEquals("b", Placement.place(8 * GIB, "a", policy("round-robin", "as-listed"), hosts, 0).host());
  }

  @Test
  void withNoOtherHostUpTheFixIsToBringOneBackOrAddOne() {
    var hosts = new PlacementTest.Hosts(Map.of("a", 100L, "b", 8L, "c", 7L, "d", 7L), Set.of("b", "c", "d"));
    assertEquals("no other host is up: bring one back or add one with 16.0 GiB free", Placement.fixNowhere(16 * GIB, "a", hosts));
    var up = new PlacementTest.Hosts(Map.of("a", 100L, "b", 8L, "c", 7L, "d", 7L), Set.of());
    assertEquals("free 8.0 GiB more on b (move or stop VMs there), add a host with 16.0 GiB free, or give the VM less memory",
        Placement.fixNowhere(16 * GIB, "a", up));
  }

  static Specs.VmSpec vm(String name, int gib) {
    return new Specs.VmSpec(name, "a", gib * GIB, "idle", new Workload.Idle());
  }

  @Test
  void theDrainOrdersBreakTiesByTheScenariosList() {
    // listed: big1, small1, big2, small2 (names out of alphabetical order on purpose)
    List<String> listed = List.of("zz-big", "zz-small", "aa-big", "aa-small");
    Map<String, Integer> at = Map.of("zz-big", 0, "zz-small", 1, "aa-big", 2, "aa-small", 3);
    List<Specs.VmSpec> vms = List.of(vm("aa-small", 2), vm("aa-big", 8), vm("zz-small", 2), vm("zz-big", 8));
    Comparator<Specs.VmSpec> smallest = Placement.drainOrder(policy("most-free-memory", "smallest-first"), at::get);
    assertEquals(List.of("zz-small", "aa-small", "zz-big", "aa-big"), vms.stream().sorted(smallest).map(Specs.VmSpec::name).toList());
    Comparator<Specs.VmSpec> largest = Placement.drainOrder(policy("most-free-memory", "largest-first"), at::get);
    assertEquals(List.of("zz-big", "aa-big", "zz-small", "aa-small"), vms.stream().sorted(largest).map(Specs.VmSpec::name).toList());
    Comparator<Specs.VmSpec> asListed = Placement.drainOrder(policy("most-free-memory", "as-listed"), at::get);
    assertEquals(listed, vms.stream().sorted(asListed).map(Specs.VmSpec::name).toList());
  }
}
