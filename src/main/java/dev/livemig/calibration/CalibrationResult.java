package dev.livemig.calibration;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What {@code livemig calibrate} found, as its JSON ({@code --json}) and its screen say it: each
 * constant (fitted, with its 1 σ and its range over the held-out fits; or left at its default, with
 * why), the fit's error on the moves it saw and on the moves it held out, and each move's figures.
 * Values in base units (bit/s, seconds, bytes) beside their text; per cents are of the measured figure.
 */
@JsonPropertyOrder({"measured", "scenario", "moves", "residuals", "runs", "constants", "fit", "heldOut", "notes", "perMove"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CalibrationResult(String measured, String scenario, int moves, int residuals, long runs, List<Constant> constants,
    FitSummary fit, HeldOutSummary heldOut, List<String> notes, List<Move> perMove) {

  @JsonPropertyOrder({"key", "fitted", "default", "defaultText", "value", "valueText", "sigma", "sigmaText", "heldOutMin",
      "heldOutMax", "reason"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Constant(String key, boolean fitted, @com.fasterxml.jackson.annotation.JsonProperty("default") double defaultValue,
      String defaultText, double value, String valueText, Double sigma, String sigmaText, Double heldOutMin, Double heldOutMax,
      String reason) {}

  /** Errors of the fitted model on the moves it was fitted to (in sample), and of the defaults. */
  @JsonPropertyOrder({"evaluations", "converged", "secondsRmsPercent", "nicRmsPercent", "blackoutRmsPercent",
      "defaultsSecondsRmsPercent"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FitSummary(int evaluations, boolean converged, double secondsRmsPercent, Double nicRmsPercent,
      Double blackoutRmsPercent, double defaultsSecondsRmsPercent) {}

  /**
   * The error of the time on moves the fit did not see: {@code method} leave-one-out (a fit per move,
   * without it) or k-fold ({@code fits} folds); none when nothing was fitted or there are too few moves.
   */
  @JsonPropertyOrder({"method", "fits", "secondsRmsPercent", "medianAbsPercent", "maxAbsPercent", "worst"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HeldOutSummary(String method, int fits, Double secondsRmsPercent, Double medianAbsPercent, Double maxAbsPercent,
      String worst) {}

  @JsonPropertyOrder({"line", "vm", "from", "to", "option", "memoryGiB", "simultaneous", "limitedBy", "measuredSeconds",
      "defaultsSeconds", "fittedSeconds", "heldOutSeconds", "measuredNicGbps", "fittedNicGbps", "measuredBlackoutMs",
      "fittedBlackoutMs"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Move(int line, String vm, String from, String to, String option, double memoryGiB, int simultaneous, String limitedBy,
      double measuredSeconds, double defaultsSeconds, double fittedSeconds, Double heldOutSeconds, Double measuredNicGbps,
      Double fittedNicGbps, Double measuredBlackoutMs, Double fittedBlackoutMs) {}

  /** Six significant digits (the JSON's figures), null for what is not a number. */
  static Double r6(double v) {
    return Double.isFinite(v) ? new BigDecimal(v).round(new MathContext(6)).doubleValue() : null;
  }

  /** The constants that were fitted. */
  public List<Constant> fittedConstants() {
    return constants.stream().filter(Constant::fitted).toList();
  }
}
