package dev.livemig.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bounded, restarted simplex: finds a curved valley's minimum, stays in its box, is deterministic. */
class NelderMeadTest {
  static double rosenbrock(double[] x) {
    return 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2);
  }

  @Test
  void findsRosenbrocksMinimum() {
    NelderMead.Result r = NelderMead.minimise(NelderMeadTest::rosenbrock, new double[] {-1.2, 1}, new double[] {-5, -5},
        new double[] {5, 5}, 0.5, 2000, 1e-8);
    assertEquals(1, r.x()[0], 1e-3);
    assertEquals(1, r.x()[1], 1e-3);
    assertTrue(r.converged());
  }

  @Test
  void aMinimumOutsideTheBoxEndsOnItsBound() {
    NelderMead.Result r = NelderMead.minimise(x -> Math.pow(x[0] - 3, 2) + Math.pow(x[1] + 1, 2), new double[] {0, 0},
        new double[] {-2, -2}, new double[] {2, 2}, 0.5, 1000, 1e-9);
    assertEquals(2, r.x()[0], 1e-6, "clamped at hi");
    assertEquals(-1, r.x()[1], 1e-3, "to the precision of its stop: values within 1e-7 of each other");
  }

  @Test
  void theSameProblemGivesTheSamePointsAndTheBudgetHolds() {
    int[] calls = new int[1];
    NelderMead.Result a = NelderMead.minimise(x -> {
      calls[0]++;
      return rosenbrock(x);
    }, new double[] {-1.2, 1}, new double[] {-5, -5}, new double[] {5, 5}, 0.5, 60, 1e-8);
    NelderMead.Result b = NelderMead.minimise(NelderMeadTest::rosenbrock, new double[] {-1.2, 1}, new double[] {-5, -5},
        new double[] {5, 5}, 0.5, 60, 1e-8);
    assertArrayEquals(a.x(), b.x());
    assertTrue(calls[0] <= 60 && a.evaluations() == calls[0], calls[0] + " calls, " + a.evaluations() + " counted");
  }
}
