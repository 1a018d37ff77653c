package dev.livemig.calibration;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Nelder-Mead's downhill simplex (Nelder and Mead, 1965; the usual coefficients: reflection 1,
 * expansion 2, contraction 1/2, shrink 1/2) within a box: every point it tries is clamped into
 * [lo, hi] coordinate by coordinate. Deterministic: ties are broken by the vertex's index. A round
 * stops after its evaluations, or when the simplex is within {@code tolerance} of its best vertex in
 * every coordinate, or its values are within 1e-7 of each other (relative).
 */
public final class NelderMead {
  private NelderMead() {}

  /** The best point found, its value, and how many evaluations it took. */
  public record Result(double[] x, double value, int evaluations, boolean converged) {}

  /**
   * Rounds of the simplex search, each of at most {@link #ROUND_PER_DIMENSION} evaluations per
   * coordinate, each but the first restarted at the best point with half the previous step (a fresh
   * simplex: Nelder-Mead's own can flatten and stall); it ends when a round improves the value by less
   * than 1e-6 of it (or 1e-10), the step falls below {@code tolerance}, or {@code maxEvaluations} are spent.
   */
  public static Result minimise(ToDoubleFunction<double[]> f, double[] x0, double[] lo, double[] hi, double step,
      int maxEvaluations, double tolerance) {
    int round = Math.max(20, ROUND_PER_DIMENSION * x0.length);
    Result best = once(f, x0, lo, hi, step, Math.min(round, maxEvaluations), tolerance);
    int used = best.evaluations();
    boolean converged = best.converged();
    double s = step;
    while (used < maxEvaluations && x0.length > 0) {
      s = Math.max(s / 2, 2 * tolerance);
      Result r = once(f, best.x(), lo, hi, s, Math.min(round, maxEvaluations - used), tolerance);
      used += r.evaluations();
      boolean better = r.value() < best.value() - Math.max(1e-10, 1e-6 * best.value());
      if (r.value() < best.value()) best = r;
      converged = r.converged() && !better;
      if (!better && r.converged()) break;
    }
    return new Result(best.x(), best.value(), used, converged);
  }

  /** Evaluations per coordinate in one round. */
  static final int ROUND_PER_DIMENSION = 40;

  private static Result once(ToDoubleFunction<double[]> f, double[] x0, double[] lo, double[] hi, double step,
      int maxEvaluations, double tolerance) {
    int n = x0.length;
    if (n == 0) return new Result(x0.clone(), f.applyAsDouble(x0), 1, true);
    double[][] p = new double[n + 1][];
    double[] v = new double[n + 1];
    p[0] = clamp(x0.clone(), lo, hi);
    for (int j = 0; j < n; j++) {
      double[] x = p[0].clone();
      x[j] = x[j] + step <= hi[j] ? x[j] + step : x[j] - step; // away from a bound it sits on
      p[j + 1] = clamp(x, lo, hi);
    }
    int evaluations = 0;
    for (int i = 0; i <= n; i++) {
      v[i] = f.applyAsDouble(p[i]);
      evaluations++;
    }
    boolean converged = false;
    while (evaluations < maxEvaluations) {
      Integer[] order = new Integer[n + 1];
      for (int i = 0; i <= n; i++) order[i] = i;
      final double[] vv = v;
      Arrays.sort(order, (a, b) -> vv[a] != vv[b] ? Double.compare(vv[a], vv[b]) : Integer.compare(a, b));
      double[][] sp = new double[n + 1][];
      double[] sv = new double[n + 1];
      for (int i = 0; i <= n; i++) {
        sp[i] = p[order[i]];
        sv[i] = v[order[i]];
      }
      p = sp;
      v = sv;
      if (small(p, tolerance) || v[n] - v[0] <= 1e-7 * Math.abs(v[0]) + 1e-12) {
        converged = true;
        break;
      }
      double[] centroid = new double[n];
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) centroid[j] += p[i][j] / n;
      double[] reflected = toward(centroid, p[n], -1, lo, hi);
      double fr = f.applyAsDouble(reflected);
      evaluations++;
      if (fr < v[0] && evaluations < maxEvaluations) {
        double[] expanded = toward(centroid, p[n], -2, lo, hi);
        double fe = f.applyAsDouble(expanded);
        evaluations++;
        if (fe < fr) {
          p[n] = expanded;
          v[n] = fe;
        } else {
          p[n] = reflected;
          v[n] = fr;
        }
      } else if (fr < v[n - 1] || evaluations >= maxEvaluations) {
        if (fr < v[n]) { // the budget is spent: keep the reflection only if it is better
          p[n] = reflected;
          v[n] = fr;
        }
      } else {
        boolean outside = fr < v[n];
        double[] contracted = outside ? toward(centroid, reflected, 0.5, lo, hi) : toward(centroid, p[n], 0.5, lo, hi);
        double fc = f.applyAsDouble(contracted);
        evaluations++;
        if (fc < Math.min(fr, v[n])) {
          p[n] = contracted;
          v[n] = fc;
        } else {
          for (int i = 1; i <= n && evaluations < maxEvaluations; i++) {
            p[i] = toward(p[0], p[i], 0.5, lo, hi);
            v[i] = f.applyAsDouble(p[i]);
            evaluations++;
          }
        }
      }
    }
    int best = 0;
    for (int i = 1; i <= n; i++) if (v[i] < v[best]) best = i;
    return new Result(p[best].clone(), v[best], evaluations, converged);
  }

  /** from + t × (to − from), clamped. */
  private static double[] toward(double[] from, double[] to, double t, double[] lo, double[] hi) {
    double[] x = new double[from.length];
    for (int j = 0; j < x.length; j++) x[j] = from[j] + t * (to[j] - from[j]);
    return clamp(x, lo, hi);
  }

  private static double[] clamp(double[] x, double[] lo, double[] hi) {
    for (int j = 0; j < x.length; j++) x[j] = Math.max(lo[j], Math.min(hi[j], x[j]));
    return x;
  }

  private static boolean small(double[][] p, double tolerance) {
    for (int i = 1; i < p.length; i++) for (int j = 0; j < p[0].length; j++) if (Math.abs(p[i][j] - p[0][j]) > tolerance) return false;
    return true;
  }
}
