package dev.livemig.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fit's error on moves it did not see: leave-one-out (a refit per move, without it) up to
 * livemig.calibrate.leave-one-out-up-to moves, k-fold above (move i in fold i mod k, a refit per fold
 * without its moves). Each refit fits the same constants as the full fit, starting from its result
 * (held-out-step, held-out-evaluations); the held-out moves are then predicted with it.
 */
final class HeldOut {
  private HeldOut() {}

  /** {@code predicted}: each move's seconds from the refit that did not see it; {@code fits}: each refit's constants. */
  record Result(String method, List<int[]> folds, double[] predicted, List<double[]> fits) {}

  static Result run(MoveModel model, List<Integer> free, double[] fitted, FitSettings s) {
    int n = model.moves().size();
    double[] predicted = new double[n];
    Arrays.fill(predicted, Double.NaN);
    if (free.isEmpty() || n < 3) return new Result(null, List.of(), predicted, List.of());
    boolean loo = n <= s.leaveOneOutUpTo();
    int k = loo ? n : Math.min(n, Math.max(2, s.folds()));
    List<int[]> folds = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      List<Integer> in = new ArrayList<>();
      for (int i = f; i < n; i += k) in.add(i);
      folds.add(in.stream().mapToInt(Integer::intValue).toArray());
    }
    List<double[]> fits = new ArrayList<>();
    for (int[] fold : folds) {
      int[] train = without(n, fold);
      Fit.Outcome o = Fit.run(model, train, free, fitted, Math.log(s.heldOutStep()), s.heldOutEvaluations(), s);
      fits.add(o.values());
      MoveModel.Prediction[] p = model.predict(o.values(), fold);
      for (int i = 0; i < fold.length; i++) predicted[fold[i]] = p[i].seconds();
    }
    return new Result(loo ? "leave-one-out" : k + "-fold", List.copyOf(folds), predicted, List.copyOf(fits));
  }

  private static int[] without(int n, int[] fold) {
    boolean[] out = new boolean[n];
    for (int i : fold) out[i] = true;
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < n; i++) if (!out[i]) rest.add(i);
    return rest.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The most runs {@link #run} can take for {@code n} moves (the progress bar's end). */
  static long maxRuns(int n, FitSettings s) {
    if (n < 3) return 0;
    int k = n <= s.leaveOneOutUpTo() ? n : Math.min(n, Math.max(2, s.folds()));
    return (long) k * (s.heldOutEvaluations() + 1) * n;
  }
}
