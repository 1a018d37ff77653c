package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The probes and the throttle summary, against hand-computed cases. */
class GuestImpactTest {
  static final long S = 1_000_000_000L;

  @Test
  void pingsSentIntoTheBlackoutAreLostAndEachCostsItsTimeout() {
    for (int seed = 0; seed < 20; seed++) {
      // 100 s of ping -t, a 10 s blackout from 10 s: requests at 10+φ, 14+φ, 18+φ are lost; the next at 22+φ.
      int[] r = GuestImpact.pings(0, 100 * S, 10 * S, 20 * S, S, 4 * S, new SplittableRandom(seed));
      assertArrayEquals(new int[] {10 + 3 + 78, 3}, r, "seed " + seed);
    }
  }

  @Test
  void aBlackoutOfMillisecondsRarelyLosesAPing() {
    int lost = 0;
    for (int seed = 0; seed < 1000; seed++) lost += GuestImpact.pings(0, 80 * S, 77 * S, 77 * S + 6_000_000, S, 4 * S,
        new SplittableRandom(seed))[1];
    // a 6 ms window catches a request with probability 0.6 %: 6 of 1000 on average (sd 2.4); never 0
    assertTrue(lost >= 2 && lost <= 12, lost + " lost");
  }

  @Test
  void aTcpSessionSurvivesUntilItsLastRetransmission() {
    long rto = 300_000_000L;
    assertArrayEquals(new long[] {0, 0}, GuestImpact.session(0, rto, 5));
    assertArrayEquals(new long[] {0, rto}, GuestImpact.session(6_000_000, rto, 5));
    assertArrayEquals(new long[] {0, 900_000_000L}, GuestImpact.session(rto + 1, rto, 5));
    // retransmissions at 0.3, 0.9, 2.1, 4.5 and 9.3 s: a 9.3 s blackout is survived, 9.31 s is not
    assertEquals(0, GuestImpact.session(9_300_000_000L, rto, 5)[0]);
    assertEquals(1, GuestImpact.session(9_310_000_000L, rto, 5)[0]);
  }

  @Test
  void theThrottleSummaryIsTimeWeighted() {
    assertNull(GuestImpact.throttle(List.of(), 10 * S));
    var t = GuestImpact.throttle(List.of(new GuestImpact.Level(10 * S, 0.2), new GuestImpact.Level(20 * S, 0.4)), 40 * S);
    assertEquals(30.0, t.seconds());
    assertEquals(100 * (0.2 * 10 + 0.4 * 20) / 30, t.meanPercent(), 1e-3);
    assertEquals(40.0, t.maxPercent(), 1e-9);
  }
}
