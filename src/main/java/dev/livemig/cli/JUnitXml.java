package dev.livemig.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.livemig.scenario.Runs;

/**
 * {@code check --junit FILE}: the checks as JUnit XML for CI servers (Jenkins, GitLab, GitHub
 * actions' reporters): one {@code testsuite} per scenario file, one {@code testcase} per expectation
 * (named {@code MEASURE METRIC EXPECTED}), a missed one a {@code failure} whose message gives the
 * measured value; a scenario that could not be read is one {@code testcase} with an {@code error}
 * holding its problems.
 */
final class JUnitXml {
  private final List<Suite> suites = new ArrayList<>();

  private record Case(String name, String measured, String failure, String error) {}

  private record Suite(String file, List<Case> cases) {}

  /** A scenario's checks. */
  void checked(String file, List<Runs.Check> checks) {
    List<Case> cases = new ArrayList<>();
    if (checks.isEmpty()) cases.add(new Case("run (no expectations)", null, null, null));
    for (Runs.Check c : checks) {
      String measured = c.measured() == null ? "(none)" : c.measuredText("%.6g");
      String name = c.expectation().measure() + " " + c.expectation().metric() + " " + c.describe();
      cases.add(new Case(name, measured, c.ok() ? null : "measured " + measured + "; expected " + c.describe()
          + (c.implicit() ? " (" + c.cause() + ")" : ""), null));
    }
    suites.add(new Suite(file, cases));
  }

  /** The checks of a scenario's advise block: one case per expectation of its answer. */
  void advised(String file, List<dev.livemig.advise.AdviseBlock.Check> checks) {
    List<Case> cases = new ArrayList<>();
    for (var c : checks)
      cases.add(new Case("advise " + c.key() + " " + c.expected(), c.found(), c.ok() ? null : "found " + c.found() + "; expected "
          + c.expected(), null));
    suites.add(new Suite(file + " (advise)", cases));
  }

  /** A scenario that could not be loaded: its problems, one per line. */
  void invalid(String file, List<String> problems) {
    suites.add(new Suite(file, List.of(new Case("load", null, null, String.join("\n", problems)))));
  }

  String xml() {
    int tests = 0, failures = 0, errors = 0;
    for (Suite s : suites) {
      for (Case c : s.cases()) {
        tests++;
        if (c.failure() != null) failures++;
        if (c.error() != null) errors++;
      }
    }
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<testsuites name=\"livemig check\" tests=\"").append(tests).append("\" failures=\"").append(failures)
        .append("\" errors=\"").append(errors).append("\">\n");
    for (Suite s : suites) {
      long f = s.cases().stream().filter(c -> c.failure() != null).count();
      long e = s.cases().stream().filter(c -> c.error() != null).count();
      sb.append("  <testsuite name=\"").append(esc(s.file())).append("\" tests=\"").append(s.cases().size())
          .append("\" failures=\"").append(f).append("\" errors=\"").append(e).append("\">\n");
      for (Case c : s.cases()) {
        sb.append("    <testcase classname=\"").append(esc(s.file())).append("\" name=\"").append(esc(c.name())).append('"');
        if (c.failure() == null && c.error() == null && c.measured() == null) {
          sb.append("/>\n");
          continue;
        }
        sb.append(">\n");
        if (c.failure() != null) sb.append("      <failure message=\"").append(esc(c.failure())).append("\"/>\n");
        if (c.error() != null) {
          sb.append("      <error message=\"invalid scenario\">").append(esc(c.error())).append("</error>\n");
        }
        if (c.measured() != null) sb.append("      <system-out>measured ").append(esc(c.measured())).append("</system-out>\n");
        sb.append("    </testcase>\n");
      }
      sb.append("  </testsuite>\n");
    }
    return sb.append("</testsuites>\n").toString();
  }

  /** XML text: markup characters escaped, characters XML 1.0 cannot hold dropped. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\n' -> sb.append("&#10;");
        default -> {
          if (ch >= 0x20 || ch == '\t') sb.append(ch);
        }
      }
    }
    return sb.toString();
  }
}
