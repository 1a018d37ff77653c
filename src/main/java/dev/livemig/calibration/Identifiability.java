package dev.livemig.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which constants the moves can fix. From the Jacobian of the figures (central differences of the
 * log figures over the log constants, each constant times and divided by livemig.calibrate.probe-factor),
 * at the constants' starting values: a constant whose column is ~0 (no figure's elasticity reaches
 * min-sensitivity) stays at its default; so does one whose column is parallel to an earlier
 * constant's in the list (the cosine of the weighted columns above max-correlation); and when the
 * moves are fewer than the constants left + 2, only the first (moves − 2) of them are fitted.
 * Each constant left at its default gets the sentence that says why.
 */
final class Identifiability {
  private Identifiability() {}

  /** The constants to fit (indexes into the parameters) and, for each other one, why it stays. */
  record Decision(List<Integer> free, Map<Integer, String> reasons) {}

  /** d residual / d ln constant for each residual (rows) and each constant of {@code which} (columns). */
  static double[][] jacobian(MoveModel model, double[] values, int[] moves, List<Integer> which, FitSettings s) {
    double h = Math.log(s.probeFactor());
    List<double[]> columns = new ArrayList<>();
    for (int j : which) {
      double[] up = values.clone();
      double[] down = values.clone();
      up[j] = values[j] * s.probeFactor();
      down[j] = values[j] / s.probeFactor();
      double[] ru = Residuals.of(model.moves(), moves, model.predict(up, moves), s);
      double[] rd = Residuals.of(model.moves(), moves, model.predict(down, moves), s);
      double[] c = new double[ru.length];
      for (int i = 0; i < c.length; i++) c[i] = (ru[i] - rd[i]) / (2 * h);
      columns.add(c);
    }
    int m = columns.isEmpty() ? 0 : columns.get(0).length;
    double[][] jac = new double[m][which.size()];
    for (int j = 0; j < which.size(); j++) for (int i = 0; i < m; i++) jac[i][j] = columns.get(j)[i];
    return jac;
  }

  static Decision decide(MoveModel model, double[] start, MoveModel.Prediction[] atStart, FitSettings s) {
    List<Parameter> ps = model.parameters();
    int[] moves = model.all();
    List<Integer> all = new ArrayList<>();
    for (int j = 0; j < ps.size(); j++) all.add(j);
    double[][] jac = jacobian(model, start, moves, all, s);
    double[] w = Residuals.weights(model.moves(), moves, s);
    Map<Integer, String> reasons = new TreeMap<>();
    List<Integer> free = new ArrayList<>();
    for (int j = 0; j < ps.size(); j++) {
      double sensitivity = 0;
      for (int i = 0; i < jac.length; i++) if (w[i] > 0) sensitivity = Math.max(sensitivity, Math.abs(jac[i][j] / w[i]));
      if (sensitivity < s.minSensitivity()) {
        reasons.put(j, insensitive(ps.get(j), atStart, s));
        continue;
      }
      Integer twin = null;
      double cosine = 0;
      for (int k : free) {
        double c = cosine(jac, j, k);
        if (Math.abs(c) > s.maxCorrelation() && Math.abs(c) > Math.abs(cosine)) {
          twin = k;
          cosine = c;
        }
      }
      if (twin != null) {
        reasons.put(j, String.format(Locale.ROOT, "%s stays at its default %s: these moves cannot tell it from %s (their effects on "
            + "the measured figures correlate at %.3f, above %.2f): %s takes both; moves that stress them differently "
            + "(other sizes, options or Simultaneous) could tell them apart", ps.get(j).key(), ps.get(j).initialText(),
            ps.get(twin).key(), Math.abs(cosine), s.maxCorrelation(), ps.get(twin).key()));
        continue;
      }
      free.add(j);
    }
    int room = Math.max(0, model.moves().size() - 2);
    if (free.size() > room) {
      for (int j : free.subList(room, free.size())) {
        int n = model.moves().size();
        reasons.put(j, room == 0
            ? String.format(Locale.ROOT, "%s stays at its default %s: too few moves: %d move%s fit no constant (a fit needs "
                + "constants + 2 moves: at least 3)", ps.get(j).key(), ps.get(j).initialText(), n, n == 1 ? "" : "s")
            : String.format(Locale.ROOT, "%s stays at its default %s: too few moves: %d moves fit at most %d constant%s (a fit "
                + "needs constants + 2 moves): the first the moves can tell apart, in the order of livemig.calibrate.parameters",
                ps.get(j).key(), ps.get(j).initialText(), n, room, room == 1 ? "" : "s"));
      }
      free = new ArrayList<>(free.subList(0, room));
    }
    return new Decision(List.copyOf(free), reasons);
  }

  private static double cosine(double[][] jac, int a, int b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (double[] row : jac) {
      ab += row[a] * row[b];
      aa += row[a] * row[a];
      bb += row[b] * row[b];
    }
    return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
  }

  private static String insensitive(Parameter p, MoveModel.Prediction[] atStart, FitSettings s) {
    double change = (s.probeFactor() - 1) * 100;
    String text = String.format(Locale.ROOT, "%s stays at its default %s: no measured figure depends on it (a change of %s %% "
        + "changes none by more than %s %%)", p.key(), p.initialText(), Parameter.Kind.sig(change),
        Parameter.Kind.sig(change * s.minSensitivity()));
    if (p.shows() == null) return text;
    Map<String, Integer> held = new TreeMap<>();
    for (MoveModel.Prediction x : atStart) held.merge(x.limitedBy() == null ? "nothing" : x.limitedBy(), 1, Integer::sum);
    if (held.containsKey(p.shows())) return text;
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Integer> e : held.entrySet()) parts.add(words(e.getKey()) + " (" + e.getValue() + ")");
    String by = held.size() == 1 ? (atStart.length == 1 ? "the move was held by " : "every move was held by ") + words(held.keySet().iterator().next())
        : "the moves were held by " + String.join(", ", parts);
    return text + ": " + by + ", none by " + words(p.shows());
  }

  /** A {@code limitedBy} word of the report in a few words. */
  static String words(String limitedBy) {
    return switch (limitedBy) {
      case "wire" -> "the wire";
      case "stream-cpu" -> "one stream's CPU";
      case "compression-cpu" -> "compression's CPU";
      case "host-cpu" -> "the hosts' spare CPU";
      case "smb-limit" -> "the SMB bandwidth limit";
      case "bandwidth-cap" -> "a bandwidth cap";
      default -> limitedBy;
    };
  }
}
