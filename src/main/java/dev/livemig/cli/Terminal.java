package dev.livemig.cli;

/**
 * Text from a scenario or the command line, made safe to print: control characters (C0, DEL, C1)
 * and the bidirectional overrides that can reorder a line are shown as escapes ({@code \x1b},
 * {@code \u202e}) instead of being sent to the terminal, where they could move the cursor,
 * recolour or rewrite what the user sees.
 */
final class Terminal {
  private Terminal() {}

  static String clean(String s) {
    if (s == null) return null;
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
      if (bad && sb == null) sb = new StringBuilder(s.substring(0, i));
      if (sb != null) {
        if (bad) sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
        else sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
