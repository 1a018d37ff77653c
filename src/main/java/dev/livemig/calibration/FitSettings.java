package dev.livemig.calibration;

import com.typesafe.config.Config;

/** How {@code livemig calibrate} fits ({@code livemig.calibrate} in reference.conf, each key explained there). */
public record FitSettings(double weightSeconds, double weightNic, double weightBlackout, int maxEvaluations,
    double tolerance, double initialStep, double probeFactor, double minSensitivity, double maxCorrelation,
    int leaveOneOutUpTo, int folds, double heldOutStep, int heldOutEvaluations, int maxSimultaneous) {

  public static FitSettings from(Config root) {
    Config c = root.getConfig("livemig.calibrate");
    return new FitSettings(c.getDouble("weights.seconds"), c.getDouble("weights.nic-gbps"), c.getDouble("weights.blackout-ms"),
        c.getInt("max-evaluations"), c.getDouble("tolerance"), c.getDouble("initial-step"), c.getDouble("probe-factor"),
        c.getDouble("min-sensitivity"), c.getDouble("max-correlation"), c.getInt("leave-one-out-up-to"), c.getInt("folds"),
        c.getDouble("held-out-step"), c.getInt("held-out-evaluations"), c.getInt("max-simultaneous"));
  }

  /** The same settings with another evaluation budget (tests keep fits short). */
  public FitSettings withMaxEvaluations(int n) {
    return new FitSettings(weightSeconds, weightNic, weightBlackout, n, tolerance, initialStep, probeFactor, minSensitivity,
        maxCorrelation, leaveOneOutUpTo, folds, heldOutStep, heldOutEvaluations, maxSimultaneous);
  }
}
