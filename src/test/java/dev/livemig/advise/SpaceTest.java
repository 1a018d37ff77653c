package dev.livemig.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import com.typesafe.config.ConfigFactory;
import dev.livemig.scenario.Problem;
import org.junit.jupiter.api.Test;

/** An options file's space: the product, the excludes and cost limits, costs summed, overrides kept unresolved. */
class SpaceTest {
  static final String OPTIONS = """
      costs = [ { name = money, unit = EUR }, { name = ports, max = 3 } ]
      dimensions = [
        { name = nic, choices = [
            { name = one, set { a.b = 1 }, cost { money = 100, ports = 1 } }
            { name = two, set { a.b = 2, x = ${templates.layouts.fast} }, cost { money = 150, ports = 2 } } ] }
        { name = mode, choices = [
            { name = plain, set { m = plain } }
            { name = rdma, set { m = rdma }, cost { money = 10, ports = 2 } } ] }
      ]
      exclude = [ { when { nic = one, mode = rdma }, because = "one has no RDMA" } ]
      """;

  @Test
  void theProductLessTheExcludedWithCostsSummed() {
    List<Problem> p = new ArrayList<>();
    Options o = OptionsFile.of("x.options", ConfigFactory.parseString(OPTIONS).resolve(
        com.typesafe.config.ConfigResolveOptions.defaults().setAllowUnresolved(true)).root(), p);
    assertNotNull(o, p.toString());
    Space s = Space.of(o);
    assertEquals(List.of("nic=one, mode=plain", "nic=two, mode=plain"), s.layouts().stream().map(Layout::name).toList());
    assertEquals(List.of(new Space.Excluded("nic=one, mode=rdma", "one has no RDMA"),
        new Space.Excluded("nic=two, mode=rdma", "ports 4 over its max 3")), s.excluded());
    Layout two = s.layouts().get(1);
    assertEquals(150, two.costs()[0], 1e-9);
    assertEquals(List.of("a.b=2", "x=${templates.layouts.fast}", "m=\"plain\""), two.overrides(), "substitutions resolve in the scenario");
    assertTrue(Layout.compareCosts(s.layouts().get(0), two) < 0);
  }
}
