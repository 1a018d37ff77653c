package dev.livemig.scenario;

/** One thing wrong with a scenario: where (file, line, key) and what is allowed. */
public record Problem(String file, int line, String key, String message) implements Comparable<Problem> {

  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + message;
  }

  @Override
  public int compareTo(Problem o) {
    int c = file.compareTo(o.file);
    if (c != 0) return c;
    c = Integer.compare(line, o.line);
    return c != 0 ? c : toString().compareTo(o.toString());
  }
}
