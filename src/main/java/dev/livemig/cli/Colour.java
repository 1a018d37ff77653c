package dev.livemig.cli;

import java.util.Map;

/**
 * Colour on the console: only when standard output is a terminal, NO_COLOR is not set (any
 * non-empty value turns colour off, https://no-color.org) and TERM is not "dumb".
 */
final class Colour {
  private Colour() {}

  static final String GREEN = "32";
  static final String RED = "31";
  static final String YELLOW = "33";

  static boolean enabled() {
    return enabled(System.console() != null, System.getenv());
  }

  static boolean enabled(boolean terminal, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
  }

  /** A progress bar's style: the library's coloured one only where colour is on. */
  static me.tongfei.progressbar.ProgressBarStyle barStyle() {
    return enabled() ? me.tongfei.progressbar.ProgressBarStyle.COLORFUL_UNICODE_BLOCK
        : me.tongfei.progressbar.ProgressBarStyle.UNICODE_BLOCK;
  }

  static String paint(String text, String code) {
    return "\u001b[" + code + "m" + text + "\u001b[0m";
  }

  /** An outcome in its colour: completed green, anything else red. */
  static String outcome(String cell) {
    String t = cell.stripTrailing();
    String pad = cell.substring(t.length());
    if (t.isEmpty()) return cell;
    return paint(t, t.startsWith("completed") ? GREEN : RED) + pad;
  }
}
