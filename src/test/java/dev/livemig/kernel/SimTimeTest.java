package dev.livemig.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link SimTime#reportSeconds} (microseconds rounded in long arithmetic, one division) against its
 * definition by BigDecimal: the same double, bit for bit, on random instants of every size and sign,
 * on the half-microsecond ties (both parities), near 2^52 microseconds and at the long's ends.
 */
class SimTimeTest {

  @Provide
  Arbitrary<Long> instants() {
    Arbitrary<Long> ties = Arbitraries.longs().between(-1L << 53, 1L << 53).map(m -> m * 1000 + 500);
    Arbitrary<Long> nearTies = Arbitraries.longs().between(-1L << 50, 1L << 50)
        .flatMap(m -> Arbitraries.of(-501L, -500L, -499L, -1L, 0L, 1L, 499L, 500L, 501L, 999L).map(r -> m * 1000 + r));
    Arbitrary<Long> nearLimit = Arbitraries.longs().between(-3_000_000, 3_000_000)
        .flatMap(d -> Arbitraries.of(1L, -1L).map(s -> s * ((1L << 52) * 1000) + d));
    return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-10_000_000_000_000L, 10_000_000_000_000L),
        Arbitraries.longs().between(-5_000, 5_000), ties, nearTies, nearLimit, Arbitraries.of(Long.MAX_VALUE,
            Long.MIN_VALUE, Long.MAX_VALUE - 500, Long.MIN_VALUE + 500, SimTime.HORIZON, 0L, 500L, -500L, 1500L, -1500L));
  }

  @Property(tries = 20_000)
  void sameDoubleAsTheBigDecimalDefinition(@ForAll("instants") long nanos) {
    assertEquals(Double.doubleToRawLongBits(SimTime.exactReportSeconds(nanos)),
        Double.doubleToRawLongBits(SimTime.reportSeconds(nanos)), () -> "nanos " + nanos);
  }

  @Test
  void roundsHalfToEvenMicroseconds() {
    assertEquals(1.405253, SimTime.reportSeconds(1_405_253_490L));
    assertEquals(0.000002, SimTime.reportSeconds(2_500L)); // tie: to the even microsecond
    assertEquals(0.000004, SimTime.reportSeconds(3_500L));
    assertEquals(-0.000002, SimTime.reportSeconds(-2_500L));
    assertEquals(0.0, SimTime.reportSeconds(-500L)); // 0.0, not -0.0, as BigDecimal gives
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(SimTime.reportSeconds(-499L)));
  }
}
