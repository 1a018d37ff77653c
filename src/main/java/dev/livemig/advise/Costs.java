package dev.livemig.advise;

/** How the screen shows a cost and a goal's value. */
public final class Costs {
  private Costs() {}

  /** A cost: whole when it is whole ({@code 2400}), else two decimals. */
  public static String text(Double v) {
    return v == null ? "-" : Layout.cost(v);
  }

  /** A goal's worst value as the screen shows it ({@code 4 min 12 s}, {@code 0}). */
  public static String goal(Advice.GoalValues g) {
    return g.shown() == null ? "-" : g.shown();
  }
}
