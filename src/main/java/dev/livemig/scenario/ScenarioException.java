package dev.livemig.scenario;

import java.util.List;

/** A scenario (or a command line) that cannot run: every problem found, not only the first. */
public final class ScenarioException extends Exception {
  private final List<Problem> problems;

  public ScenarioException(List<Problem> problems) {
    super(problems.size() + " problem(s)", null, false, false);
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
