package dev.livemig.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.ScenarioException;

/**
 * {@code livemig calibrate}'s work, from the moves read to the result: each move simulated with the
 * starting constants (a move the model cannot complete is the user's problem, at its line); which
 * constants the moves can fix ({@link Identifiability}); the fit ({@link Fit}) and its uncertainty;
 * the held-out error ({@link HeldOut}).
 */
public final class Calibrator {
  private Calibrator() {}

  /** The most simulated migrations a calibration of {@code moves} moves and {@code constants} constants runs. */
  public static long maxRuns(int moves, int constants, FitSettings s) {
    long jacobians = 2L * 2 * constants * moves;
    return moves + jacobians + (long) (s.maxEvaluations() + 1) * moves + HeldOut.maxRuns(moves, s) + moves;
  }

  public static CalibrationResult calibrate(MoveModel model, FitSettings s, String measuredLabel, String scenarioLabel)
      throws ScenarioException {
    List<Parameter> ps = model.parameters();
    List<MeasuredMove> moves = model.moves();
    int[] all = model.all();
    double[] start = new double[ps.size()];
    for (int j = 0; j < ps.size(); j++) start[j] = ps.get(j).initial();
    MoveModel.Prediction[] atStart = model.predict(start, all);
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < moves.size(); i++) {
      if (!atStart[i].completed()) {
        problems.add(new Problem(measuredLabel, moves.get(i).line(), null, "the model cannot make this move in " + scenarioLabel + ": "
            + atStart[i].outcome() + (atStart[i].why() == null ? "" : " (" + atStart[i].why() + ")")
            + "; allowed: moves the cluster's scenario can run (hosts with room for the VM and a network between them)"));
      }
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);

    Identifiability.Decision d = Identifiability.decide(model, start, atStart, s);
    Fit.Outcome fit = Fit.run(model, all, d.free(), start, Math.log(s.initialStep()), s.maxEvaluations(), s);
    Fit.Uncertainty u = Fit.uncertainty(model, fit.values(), d.free(), s);
    HeldOut.Result held = HeldOut.run(model, d.free(), fit.values(), s);
    MoveModel.Prediction[] fitted = model.predict(fit.values(), all);

    List<String> notes = new ArrayList<>(d.reasons().values());
    List<CalibrationResult.Constant> constants = new ArrayList<>();
    for (int j = 0; j < ps.size(); j++) {
      Parameter p = ps.get(j);
      int f = d.free().indexOf(j);
      if (f < 0) {
        constants.add(new CalibrationResult.Constant(p.key(), false, p.initial(), p.initialText(), p.initial(), p.initialText(),
            null, null, null, null, d.reasons().get(j)));
        continue;
      }
      double v = fit.values()[j];
      double sigma = v * u.sigmaLog()[f];
      double lo = Double.NaN;
      double hi = Double.NaN;
      for (double[] x : held.fits()) {
        lo = Double.isNaN(lo) ? x[j] : Math.min(lo, x[j]);
        hi = Double.isNaN(hi) ? x[j] : Math.max(hi, x[j]);
      }
      constants.add(new CalibrationResult.Constant(p.key(), true, p.initial(), p.initialText(), CalibrationResult.r6(v),
          p.kind().human(v), CalibrationResult.r6(sigma), Double.isFinite(sigma) ? p.kind().humanDelta(sigma, v) : null,
          CalibrationResult.r6(lo), CalibrationResult.r6(hi), null));
      if (v >= p.max() * 0.999 || v <= p.min() * 1.001) {
        notes.add(p.key() + " ended at a bound of its search (" + p.kind().human(p.min()) + " to " + p.kind().human(p.max())
            + "): the moves ask for a value beyond it, or do not depend on it near there");
      }
    }
    for (int a = 0; a < d.free().size(); a++) {
      for (int b = a + 1; b < d.free().size(); b++) {
        double c = u.correlation()[a][b];
        if (Math.abs(c) > s.maxCorrelation()) {
          notes.add(String.format(Locale.ROOT, "%s and %s are correlated at %.2f after the fit: the moves fix a combination of "
              + "the two better than either", ps.get(d.free().get(a)).key(), ps.get(d.free().get(b)).key(), c));
        }
      }
    }

    List<CalibrationResult.Move> rows = new ArrayList<>();
    List<Double> errFit = new ArrayList<>();
    List<Double> errDefault = new ArrayList<>();
    List<Double> errNic = new ArrayList<>();
    List<Double> errBlackout = new ArrayList<>();
    List<Double> errHeld = new ArrayList<>();
    int worst = -1;
    for (int i = 0; i < moves.size(); i++) {
      MeasuredMove m = moves.get(i);
      errFit.add(Residuals.percent(fitted[i].seconds(), m.seconds()));
      errDefault.add(Residuals.percent(atStart[i].seconds(), m.seconds()));
      if (m.nicGbps() != null) errNic.add(Residuals.percent(fitted[i].nicGbps(), m.nicGbps()));
      if (m.blackoutMs() != null) errBlackout.add(Residuals.percent(fitted[i].blackoutMs(), m.blackoutMs()));
      double h = held.predicted()[i];
      if (Double.isFinite(h)) {
        errHeld.add(Residuals.percent(h, m.seconds()));
        if (worst < 0 || Math.abs(Residuals.percent(h, m.seconds())) > Math.abs(Residuals.percent(held.predicted()[worst], moves.get(worst).seconds())))
          worst = i;
      }
      rows.add(new CalibrationResult.Move(m.line(), m.vm(), m.source(), m.destination(), m.option(),
          CalibrationResult.r6(m.memoryBytes() / (double) (1L << 30)), m.simultaneous(), fitted[i].limitedBy(),
          m.seconds(), CalibrationResult.r6(atStart[i].seconds()), CalibrationResult.r6(fitted[i].seconds()), CalibrationResult.r6(h),
          m.nicGbps(), m.nicGbps() == null ? null : CalibrationResult.r6(fitted[i].nicGbps()), m.blackoutMs(),
          m.blackoutMs() == null ? null : CalibrationResult.r6(fitted[i].blackoutMs())));
    }
    int residuals = Residuals.of(moves, all, fitted, s).length;
    CalibrationResult.FitSummary fs = new CalibrationResult.FitSummary(fit.evaluations(), fit.converged(),
        CalibrationResult.r6(Residuals.rms(errFit)), errNic.isEmpty() ? null : CalibrationResult.r6(Residuals.rms(errNic)),
        errBlackout.isEmpty() ? null : CalibrationResult.r6(Residuals.rms(errBlackout)), CalibrationResult.r6(Residuals.rms(errDefault)));
    CalibrationResult.HeldOutSummary hs;
    if (held.method() == null) {
      hs = new CalibrationResult.HeldOutSummary(d.free().isEmpty() ? "none: nothing was fitted" : "none: fewer than 3 moves", 0,
          null, null, null, null);
    } else {
      double[] abs = errHeld.stream().mapToDouble(Math::abs).sorted().toArray();
      double median = abs.length % 2 == 1 ? abs[abs.length / 2] : (abs[abs.length / 2 - 1] + abs[abs.length / 2]) / 2;
      hs = new CalibrationResult.HeldOutSummary(held.method(), held.folds().size(), CalibrationResult.r6(Residuals.rms(errHeld)),
          CalibrationResult.r6(median), CalibrationResult.r6(abs[abs.length - 1]), worst < 0 ? null : moves.get(worst).label());
    }
    return new CalibrationResult(measuredLabel, scenarioLabel, moves.size(), residuals, model.runs(), List.copyOf(constants), fs, hs,
        List.copyOf(notes), List.copyOf(rows));
  }

  /** The fitted values of {@code r}'s constants, in base units, as the overlay writes them (index: the parameter list). */
  static double[] values(CalibrationResult r) {
    double[] v = new double[r.constants().size()];
    Arrays.setAll(v, j -> r.constants().get(j).value());
    return v;
  }
}
