package dev.livemig.calibration;

import java.util.ArrayList;
import java.util.List;

/**
 * The fit's residuals: per move, the weighted log error of its time, and of its NIC peak and
 * blackout where the CSV gives them (livemig.calibrate.weights). The fit minimises their sum of squares.
 */
final class Residuals {
  private Residuals() {}

  /** A figure below this is read as this (a move with no NIC series, a zero blackout): logs stay finite. */
  private static final double FLOOR = 1e-9;

  /** The residuals of moves {@code which} given their predictions {@code p} (in the same order). */
  static double[] of(List<MeasuredMove> moves, int[] which, MoveModel.Prediction[] p, FitSettings s) {
    List<Double> r = new ArrayList<>();
    for (int k = 0; k < which.length; k++) {
      MeasuredMove m = moves.get(which[k]);
      r.add(s.weightSeconds() * log(p[k].seconds(), m.seconds()));
      if (m.nicGbps() != null) r.add(s.weightNic() * log(p[k].nicGbps(), m.nicGbps()));
      if (m.blackoutMs() != null) r.add(s.weightBlackout() * log(p[k].blackoutMs(), m.blackoutMs()));
    }
    double[] out = new double[r.size()];
    for (int i = 0; i < out.length; i++) out[i] = r.get(i);
    return out;
  }

  /** The weight of each residual of {@link #of}, in the same order (to turn a residual back into a log error). */
  static double[] weights(List<MeasuredMove> moves, int[] which, FitSettings s) {
    List<Double> w = new ArrayList<>();
    for (int i : which) {
      MeasuredMove m = moves.get(i);
      w.add(s.weightSeconds());
      if (m.nicGbps() != null) w.add(s.weightNic());
      if (m.blackoutMs() != null) w.add(s.weightBlackout());
    }
    double[] out = new double[w.size()];
    for (int i = 0; i < out.length; i++) out[i] = w.get(i);
    return out;
  }

  static double ssr(double[] r) {
    double sum = 0;
    for (double x : r) sum += x * x;
    return sum;
  }

  private static double log(double predicted, double measured) {
    return Math.log(Math.max(FLOOR, predicted) / measured);
  }

  /** Per cent error of a prediction against a measurement. */
  static double percent(double predicted, double measured) {
    return 100 * (predicted / measured - 1);
  }

  /** Root mean square of per cent errors. */
  static double rms(List<Double> percents) {
    if (percents.isEmpty()) return Double.NaN;
    double sum = 0;
    for (double p : percents) sum += p * p;
    return Math.sqrt(sum / percents.size());
  }
}
