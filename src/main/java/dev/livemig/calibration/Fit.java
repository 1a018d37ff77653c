package dev.livemig.calibration;

import java.util.Arrays;
import java.util.List;

/**
 * One fit: the constants {@code free} (the others held at {@code start}) chosen by Nelder-Mead on their
 * logarithms within their bounds, minimising the sum of squared residuals of the moves given; and the
 * uncertainty of the result from the local curvature (Gauss-Newton: the Jacobian J of the weighted
 * residuals over the log constants, the residual variance s² = SSR / (residuals − constants), the
 * covariance s² (JᵀJ)⁻¹).
 */
final class Fit {
  private Fit() {}

  record Outcome(double[] values, double ssr, int evaluations, boolean converged) {}

  /** 1 σ of each free constant's logarithm (NaN when it cannot be told) and their correlations. */
  record Uncertainty(double[] sigmaLog, double[][] correlation) {}

  static Outcome run(MoveModel model, int[] moves, List<Integer> free, double[] start, double step, int maxEvaluations, FitSettings s) {
    List<Parameter> ps = model.parameters();
    int k = free.size();
    double[] x0 = new double[k];
    double[] lo = new double[k];
    double[] hi = new double[k];
    for (int j = 0; j < k; j++) {
      Parameter p = ps.get(free.get(j));
      x0[j] = Math.log(start[free.get(j)]);
      lo[j] = Math.log(p.min());
      hi[j] = Math.log(p.max());
    }
    NelderMead.Result r = NelderMead.minimise(x -> Residuals.ssr(Residuals.of(model.moves(), moves,
        model.predict(values(start, free, x), moves), s)), x0, lo, hi, step, maxEvaluations, s.tolerance());
    return new Outcome(values(start, free, r.x()), r.value(), r.evaluations(), r.converged());
  }

  /** {@code start} with the free constants set to exp(x). */
  static double[] values(double[] start, List<Integer> free, double[] x) {
    double[] v = start.clone();
    for (int j = 0; j < free.size(); j++) v[free.get(j)] = Math.exp(x[j]);
    return v;
  }

  static Uncertainty uncertainty(MoveModel model, double[] values, List<Integer> free, FitSettings s) {
    int k = free.size();
    double[] sigma = new double[k];
    double[][] corr = new double[k][k];
    Arrays.fill(sigma, Double.NaN);
    if (k == 0) return new Uncertainty(sigma, corr);
    int[] moves = model.all();
    double[] r = Residuals.of(model.moves(), moves, model.predict(values, moves), s);
    int dof = r.length - k;
    if (dof <= 0) return new Uncertainty(sigma, corr);
    double[][] jac = Identifiability.jacobian(model, values, moves, free, s);
    double s2 = Residuals.ssr(r) / dof;
    double[][] jtj = new double[k][k];
    for (double[] row : jac) for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) jtj[a][b] += row[a] * row[b];
    double[][] inv = invert(jtj);
    if (inv == null) return new Uncertainty(sigma, corr);
    for (int a = 0; a < k; a++) sigma[a] = Math.sqrt(Math.max(0, s2 * inv[a][a]));
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double d = Math.sqrt(inv[a][a] * inv[b][b]);
        corr[a][b] = d > 0 ? inv[a][b] / d : Double.NaN;
      }
    }
    return new Uncertainty(sigma, corr);
  }

  /** Gauss-Jordan with partial pivoting; null when the matrix is singular. */
  static double[][] invert(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][2 * n];
    double scale = 0;
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n + i] = 1;
      for (int j = 0; j < n; j++) scale = Math.max(scale, Math.abs(a[i][j]));
    }
    if (scale == 0) return null;
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
      if (Math.abs(m[pivot][c]) <= 1e-12 * scale) return null;
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      double d = m[c][c];
      for (int j = 0; j < 2 * n; j++) m[c][j] /= d;
      for (int r = 0; r < n; r++) {
        if (r == c || m[r][c] == 0) continue;
        double f = m[r][c];
        for (int j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
      }
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) System.arraycopy(m[i], n, out[i], 0, n);
    return out;
  }
}
