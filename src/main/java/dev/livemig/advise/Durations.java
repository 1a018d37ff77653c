package dev.livemig.advise;

import java.util.Locale;

/** Simulated seconds as an architect reads them: {@code 58.3 s}, {@code 4 min 12 s}, {@code 2 h 51 min}. */
final class Durations {
  private Durations() {}

  static String text(double seconds) {
    if (seconds < 60) return String.format(Locale.ROOT, "%.1f s", seconds);
    long s = Math.round(seconds);
    if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
    return (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }
}
