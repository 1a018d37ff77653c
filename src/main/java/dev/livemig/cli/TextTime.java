package dev.livemig.cli;

import java.util.Locale;

/**
 * Simulated durations as people read them in text (the JSON stays in seconds): {@code 78.82 s}
 * below 10 minutes, {@code 40 min 44 s} below an hour, {@code 1 h 25 min} below a day,
 * {@code 3 d 4 h} beyond.
 */
final class TextTime {
  private TextTime() {}

  static String of(double seconds) {
    if (!Double.isFinite(seconds)) return String.valueOf(seconds);
    if (seconds < 0) return "-" + of(-seconds);
    if (seconds < 600) return String.format(Locale.ROOT, "%.2f s", seconds);
    long s = Math.round(seconds);
    if (s < 3600) return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    long min = Math.round(seconds / 60);
    if (min < 24 * 60) return min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
    long h = Math.round(seconds / 3600);
    return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
  }
}
