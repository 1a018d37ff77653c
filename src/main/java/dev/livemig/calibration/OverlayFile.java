package dev.livemig.calibration;

import java.util.List;
import java.util.Locale;

/**
 * The overlay {@code livemig calibrate --out} writes: one line per fitted constant (its full key, its
 * value, its 1 σ and default in a comment), a comment per constant left at its default saying why
 * (not set, so reference.conf's value holds), and a header saying where it came from. {@code run},
 * {@code check} and {@code compare} read it with {@code --calibration FILE} ({@link Overlay}).
 */
public final class OverlayFile {
  private OverlayFile() {}

  public static String text(CalibrationResult r, String command) {
    StringBuilder sb = new StringBuilder();
    sb.append("# livemig calibration overlay (issue 27): the hardware constants fitted to ").append(r.moves())
        .append(" timed move").append(r.moves() == 1 ? "" : "s").append(" by\n").append(comment(command, "#   "));
    sb.append("# Use it with `livemig run|check|compare FILE --calibration THIS-FILE`: it lies over reference.conf;\n");
    sb.append("# a scenario's own livemig { ... } values and --set win over it. Only the constants of\n");
    sb.append("# livemig.calibrate.parameters may be set here.\n");
    sb.append(String.format(Locale.ROOT, "# Fit error of the time on the moves fitted: RMS %s %% (the defaults: %s %%).%n",
        Parameter.Kind.sig(r.fit().secondsRmsPercent(), 3), Parameter.Kind.sig(r.fit().defaultsSecondsRmsPercent(), 3)));
    sb.append(comment(heldOutLine(r), "# "));
    int width = 0;
    for (CalibrationResult.Constant c : r.constants()) if (c.fitted()) width = Math.max(width, (c.key() + " = " + c.valueText()).length());
    for (CalibrationResult.Constant c : r.constants()) {
      if (!c.fitted()) continue;
      String setting = c.key() + " = " + c.valueText();
      sb.append(setting).append(" ".repeat(width - setting.length())).append("  # ")
          .append(c.sigmaText() == null ? "uncertainty not known" : "± " + c.sigmaText() + " (1 σ)").append("; default ")
          .append(c.defaultText()).append("\n");
    }
    List<CalibrationResult.Constant> kept = r.constants().stream().filter(c -> !c.fitted()).toList();
    if (!kept.isEmpty()) sb.append("# Not set (reference.conf's value holds):\n");
    for (CalibrationResult.Constant c : kept) sb.append(comment("- " + c.reason(), "# "));
    return sb.toString();
  }

  /** {@code text} as comment lines of at most 100 columns, each starting with {@code prefix}. */
  static String comment(String text, String prefix) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(prefix);
    for (String word : text.replace(" %", "\u00a0%").split(" ")) {
      if (line.length() > prefix.length() && line.length() + 1 + word.length() > 100) {
        out.append(line).append('\n');
        line = new StringBuilder(prefix + "  ");
      }
      if (line.length() > prefix.length() && !line.toString().equals(prefix + "  ")) line.append(' ');
      line.append(word);
    }
    out.append(line).append('\n');
    return out.toString().replace('\u00a0', ' ');
  }

  /** The held-out error in one sentence, as the screen and the overlay say it. */
  public static String heldOutLine(CalibrationResult r) {
    CalibrationResult.HeldOutSummary h = r.heldOut();
    if (h.secondsRmsPercent() == null) return "Held-out error: " + h.method() + ".";
    String how = h.method().equals("leave-one-out") ? "leave-one-out (" + h.fits() + " refits, each without one move)"
        : h.method() + " (" + h.fits() + " refits, each without one fold; move i in fold i mod " + h.fits() + ")";
    return String.format(Locale.ROOT, "Held-out error of the time, %s: RMS %s %%, median %s %%, worst %s %% (%s).", how,
        Parameter.Kind.sig(h.secondsRmsPercent(), 3), Parameter.Kind.sig(h.medianAbsPercent(), 3),
        Parameter.Kind.sig(h.maxAbsPercent(), 3), h.worst());
  }
}
