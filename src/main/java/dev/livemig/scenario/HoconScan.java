package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * One pass over HOCON text, outside strings and comments: the line where nesting first passes
 * {@link ConfigLoader#MAX_NESTING}, and where each {@code include} is (for the lines of include problems).
 */
final class HoconScan {
  int tooDeepLine;
  final List<String> includeArgs = new ArrayList<>();
  final List<Integer> includeLines = new ArrayList<>();

  int lineOfInclude(String what) {
    for (int i = 0; i < includeArgs.size(); i++) if (includeArgs.get(i).equals(what)) return includeLines.get(i);
    for (int i = 0; i < includeArgs.size(); i++) if (what.contains(includeArgs.get(i))) return includeLines.get(i);
    return includeLines.isEmpty() ? 0 : includeLines.get(0);
  }

  static HoconScan of(String s) {
    HoconScan scan = new HoconScan();
    int depth = 0;
    int line = 1;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
      } else if (c == '#' || (c == '/' && i + 1 < n && s.charAt(i + 1) == '/')) {
        while (i + 1 < n && s.charAt(i + 1) != '\n') i++;
      } else if (c == '"') {
        if (s.startsWith("\"\"\"", i)) {
          int end = s.indexOf("\"\"\"", i + 3);
          end = end < 0 ? n : end;
          while (end + 3 < n && s.charAt(end + 3) == '"') end++;
          for (int k = i; k < Math.min(n, end + 3); k++) if (s.charAt(k) == '\n') line++;
          i = Math.min(n, end + 3) - 1;
        } else {
          i++;
          while (i < n && s.charAt(i) != '"' && s.charAt(i) != '\n') {
            if (s.charAt(i) == '\\') i++;
            i++;
          }
          if (i < n && s.charAt(i) == '\n') line++;
        }
      } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '{') {
        int end = s.indexOf('}', i);
        i = end < 0 ? n : end;
      } else if (c == '{' || c == '[') {
        if (++depth > ConfigLoader.MAX_NESTING) {
          scan.tooDeepLine = line;
          return scan;
        }
      } else if (c == '}' || c == ']') {
        depth = Math.max(0, depth - 1);
      } else if (c == 'i' && s.startsWith("include", i) && (i == 0 || !isWordChar(s.charAt(i - 1)))
          && i + 7 < n && Character.isWhitespace(s.charAt(i + 7))) {
        int q1 = s.indexOf('"', i + 7);
        int eol = s.indexOf('\n', i);
        if (q1 > 0 && (eol < 0 || q1 < eol)) {
          int q2 = s.indexOf('"', q1 + 1);
          if (q2 > 0 && (eol < 0 || q2 < eol)) {
            scan.includeArgs.add(s.substring(q1 + 1, q2));
            scan.includeLines.add(line);
          }
        }
      }
    }
    return scan;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
  }
}
