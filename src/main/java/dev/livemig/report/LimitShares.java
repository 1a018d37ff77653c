package dev.livemig.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What held a measure back over its time (a comparison's {@code limited by}): its moves' time split
 * by what each was doing, as shares of the time its moves ran. At every instant the moves running
 * share it equally, each by its phase:
 *
 * <ul>
 *   <li>copying memory (pre-copy, the last copy, a post-copy push): what held its memory back
 *       ({@link MigrationRecord#limitedBy()}: {@code wire}, {@code stream-cpu}, {@code compression-cpu},
 *       {@code host-cpu}, {@code smb-limit}, {@code bandwidth-cap}, a switch or WAN link, ...);
 *   <li>building the VM at the destination, the blackout's fixed part and the destroy at the source:
 *       {@code fixed-phases} (what more moves at once would overlap);
 * </ul>
 *
 * and an instant when none of its moves runs but one waits in the queue is the {@code slot-limit}'s
 * (the slots were taken by moves outside the measure, or a cluster-wide limit held it). Time no move
 * of the measure ran or waited in (a patch window, a retry's delay) is not counted. A move without
 * its phase instants (a report read back from JSON) counts its whole run as its copy.
 */
public final class LimitShares {
  private LimitShares() {}

  /** The phase of a move that is not a copy. */
  public static final String FIXED = "fixed-phases";

  /** Waiting for a slot while none of the measure's moves ran. */
  public static final String SLOT = "slot-limit";

  /** One stretch of a move's time and what held it. */
  private record Span(double from, double to, String by) {}

  /**
   * The share of each limit in the moves' time, largest first (ties by name), summing to 1; empty
   * when no move ran for any time.
   */
  public static Map<String, Double> of(List<MigrationRecord> moves) {
    List<Span> running = new ArrayList<>();
    List<Span> waiting = new ArrayList<>();
    TreeSet<Double> cuts = new TreeSet<>();
    for (MigrationRecord m : moves) {
      if (m.startedAt() != null && m.startedAt() > m.queuedAt()) waiting.add(new Span(m.queuedAt(), m.startedAt(), SLOT));
      spans(m, running);
    }
    for (Span s : running) {
      cuts.add(s.from());
      cuts.add(s.to());
    }
    for (Span s : waiting) {
      cuts.add(s.from());
      cuts.add(s.to());
    }
    Map<String, Double> time = new TreeMap<>();
    Double prev = null;
    for (double t : cuts) {
      if (prev != null && t > prev) {
        double mid = (prev + t) / 2;
        double dt = t - prev;
        List<String> by = new ArrayList<>();
        for (Span s : running) if (s.from() <= mid && mid < s.to()) by.add(s.by());
        if (by.isEmpty()) {
          for (Span s : waiting) {
            if (s.from() <= mid && mid < s.to()) {
              by.add(SLOT);
              break;
            }
          }
        }
        for (String b : by) time.merge(b, dt / by.size(), Double::sum);
      }
      prev = t;
    }
    double total = 0;
    for (double v : time.values()) total += v;
    if (total <= 0) return Map.of();
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(time.entrySet());
    sorted.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : Double.compare(b.getValue(), a.getValue()));
    Map<String, Double> out = new LinkedHashMap<>();
    for (var e : sorted) out.put(e.getKey(), e.getValue() / total);
    return out;
  }

  /** The stretches of one move's run: its build, its copy, its blackout and destroy (its post-copy push a copy). */
  private static void spans(MigrationRecord m, List<Span> out) {
    if (m.startedAt() == null || m.finishedAt() <= m.startedAt()) return;
    double start = m.startedAt();
    double end = m.finishedAt();
    String copy = m.limitedBy() != null ? m.limitedBy() : m.bytesSent() > 0 ? "wire" : FIXED;
    if (m.builtAt() == null || m.pausedAt() == null) {
      double built = m.builtAt() == null ? start : clamp(m.builtAt(), start, end);
      add(out, start, built, FIXED);
      add(out, built, end, copy);
      return;
    }
    double built = clamp(m.builtAt(), start, end);
    double paused = clamp(m.pausedAt(), built, end);
    double resumed = m.resumedAt() == null ? end : clamp(m.resumedAt(), paused, end);
    double push = 0;
    if (m.passes() != null) for (var p : m.passes()) if ("post-copy".equals(p.kind())) push += p.seconds();
    double pushed = clamp(resumed + push, resumed, end);
    add(out, start, built, FIXED);
    add(out, built, paused, copy);
    add(out, paused, resumed, FIXED);
    add(out, resumed, pushed, copy);
    add(out, pushed, end, FIXED);
  }

  private static void add(List<Span> out, double from, double to, String by) {
    if (to > from) out.add(new Span(from, to, by));
  }

  private static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  /**
   * The shares in words, at most {@code most} of them, each a whole per cent (largest remainders,
   * so the shown ones and "other" sum to 100): {@code wire 100 %}, {@code stream-cpu 70 %, wire 30 %};
   * a share under half a per cent is left out; "-" when there is none.
   */
  public static String text(Map<String, Double> shares, int most) {
    if (shares.isEmpty()) return "-";
    List<String> names = new ArrayList<>(shares.keySet());
    int[] pct = new int[names.size()];
    double[] rest = new double[names.size()];
    int sum = 0;
    for (int i = 0; i < names.size(); i++) {
      double p = shares.get(names.get(i)) * 100;
      pct[i] = (int) Math.floor(p);
      rest[i] = p - pct[i];
      sum += pct[i];
    }
    while (sum < 100) { // largest remainder first; ties to the larger share (earlier)
      int best = 0;
      for (int i = 1; i < names.size(); i++) if (rest[i] > rest[best] + 1e-12) best = i;
      pct[best]++;
      rest[best] = -1;
      sum++;
    }
    List<String> parts = new ArrayList<>();
    int other = 0;
    for (int i = 0; i < names.size(); i++) {
      if (pct[i] == 0) continue;
      if (parts.size() < most) parts.add(names.get(i) + " " + pct[i] + " %");
      else other += pct[i];
    }
    if (other > 0) parts.add(String.format(Locale.ROOT, "other %d %%", other));
    return String.join(", ", parts);
  }
}
