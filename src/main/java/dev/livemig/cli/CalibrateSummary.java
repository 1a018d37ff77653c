package dev.livemig.cli;

import java.util.Locale;
import dev.livemig.calibration.CalibrationResult;

/** What {@code livemig calibrate} prints: the constants, why some stay, the errors, each move. */
final class CalibrateSummary {
  private CalibrateSummary() {}

  static String of(CalibrationResult r, String heldOutLine) {
    StringBuilder sb = new StringBuilder();
    int fitted = r.fittedConstants().size();
    sb.append(wrap(String.format(Locale.ROOT, "calibrate: %d move%s of %s on %s; %d constant%s, %d fitted, %d at %s default",
        r.moves(), r.moves() == 1 ? "" : "s", r.measured(), r.scenario(), r.constants().size(), r.constants().size() == 1 ? "" : "s",
        fitted, r.constants().size() - fitted, r.constants().size() - fitted == 1 ? "its" : "their"))).append('\n');
    Table t = new Table("constant", "default", "fitted", "± (1 σ)", "held-out fits").rightAlign(1, 2, 3);
    for (CalibrationResult.Constant c : r.constants()) {
      String range = c.heldOutMin() == null ? "" : c.heldOutMin().equals(c.heldOutMax()) ? "(all the same)"
          : span(c.valueText(), c.heldOutMin(), c.heldOutMax(), c.value());
      t.add(c.key(), c.defaultText(), c.fitted() ? c.valueText() : "(default)", c.sigmaText() == null ? "-" : "± " + c.sigmaText(),
          c.fitted() ? range : "");
    }
    sb.append(t.fit(Findings.WIDTH, 1));
    for (CalibrationResult.Constant c : r.constants()) if (!c.fitted()) sb.append(wrap(c.reason()));
    for (String n : r.notes()) {
      boolean reason = false;
      for (CalibrationResult.Constant c : r.constants()) reason |= n.equals(c.reason());
      if (!reason) sb.append(wrap("note: " + n));
    }
    sb.append('\n');
    Table m = new Table("line", "VM", "move", "option", "GiB", "×", "seconds", "default", "fitted", "held out", "limited by")
        .rightAlign(0, 4, 5, 6, 7, 8, 9);
    for (CalibrationResult.Move x : r.perMove()) {
      m.add(x.line(), x.vm(), x.from() + "->" + x.to(), x.option(), num(x.memoryGiB()), x.simultaneous(), num(x.measuredSeconds()),
          num(x.defaultsSeconds()), num(x.fittedSeconds()), x.heldOutSeconds() == null ? "-" : num(x.heldOutSeconds()),
          x.limitedBy() == null ? "-" : x.limitedBy());
    }
    sb.append("each move: its measured seconds; the model's with the defaults, with the fitted constants, and\n"
        + "from the refit that did not see it; ×: moves started together\n");
    sb.append(m.fit(Findings.WIDTH, 1)).append('\n');
    var f = r.fit();
    sb.append(wrap(String.format(Locale.ROOT, "fit error of the time on the %d moves fitted: RMS %.2f %% (the defaults: %.2f %%)%s%s",
        r.moves(), f.secondsRmsPercent(), f.defaultsSecondsRmsPercent(),
        f.nicRmsPercent() == null ? "" : String.format(Locale.ROOT, "; NIC peak RMS %.2f %%", f.nicRmsPercent()),
        f.blackoutRmsPercent() == null ? "" : String.format(Locale.ROOT, "; blackout RMS %.2f %%", f.blackoutRmsPercent()))));
    sb.append(wrap(heldOutLine));
    sb.append(String.format(Locale.ROOT, "search: %d evaluations%s; %,d simulated migrations%n", f.evaluations(),
        f.converged() ? ", converged" : " (the limit, livemig.calibrate.max-evaluations)", r.runs()));
    return sb.toString();
  }

  private static String span(String valueText, double lo, double hi, double value) {
    String unit = valueText.contains(" ") ? valueText.substring(valueText.indexOf(' ')) : "";
    double scale = unit.isEmpty() ? 1 : value / Double.parseDouble(valueText.substring(0, valueText.indexOf(' ')));
    return sig(lo / scale) + " to " + sig(hi / scale) + unit;
  }

  private static String sig(double v) {
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.1f" : "%.2f", v);
  }

  /** A sentence wrapped to the screen's width, continued lines indented. */
  static String wrap(String text) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder();
    for (String word : text.replace(" %", "\u00a0%").split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > Findings.WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder("  ");
      }
      if (line.length() > 0 && !line.toString().equals("  ")) line.append(' ');
      line.append(word);
    }
    if (line.length() > 0) out.append(line).append('\n');
    return out.toString().replace('\u00a0', ' ');
  }
}
