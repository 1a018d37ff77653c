package dev.livemig.migration;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.livemig.kernel.SimTime;

/**
 * What the guest's users felt during one migration: a continuous ping (sent, lost), a TCP session
 * (dropped or not, and how long it stalled), the write throughput a convergence policy took from
 * the guest ({@code throttle}), and, with post-copy, how long the guest ran degraded on the
 * destination while its memory was split between the hosts ({@code postCopy}).
 */
@JsonPropertyOrder({"pingsSent", "pingsLost", "sessionsDropped", "sessionStallMs", "throttle", "postCopy"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuestImpact(int pingsSent, int pingsLost, int sessionsDropped, double sessionStallMs, Throttle throttle,
    PostCopy postCopy) {

  /**
   * The guest ran slowed for {@code seconds} (from the first throttle to the pause), losing on
   * average {@code meanPercent} of its writes and at most {@code maxPercent}.
   */
  @JsonPropertyOrder({"seconds", "meanPercent", "maxPercent"})
  public record Throttle(double seconds, double meanPercent, double maxPercent) {}

  /**
   * Post-copy: {@code pages} were still on the source when the VM resumed on the destination; it ran
   * degraded (pulling the pages it touched on demand) for {@code seconds}, until the push ended.
   * During that window a failure of either host loses the VM ({@code risk}).
   */
  @JsonPropertyOrder({"pages", "seconds", "risk"})
  public record PostCopy(long pages, double seconds, String risk) {
    /** {@code pages} left on {@code from} at the resume on {@code to} ({@code resumed}), split until {@code end} (ns). */
    static PostCopy window(long pages, long resumed, long end, String from, String to) {
      return new PostCopy(pages, SimTime.reportSeconds(end - resumed), String.format(Locale.ROOT,
          "from %.3f s to %.3f s the VM's memory was split between %s and %s: a failure of either would have lost the VM",
          SimTime.reportSeconds(resumed), SimTime.reportSeconds(end), from, to));
    }
  }

  /** A throttle level in force from {@code at} (nanoseconds). */
  public record Level(long at, double percent) {}

  /**
   * Pings sent from {@code start} to {@code end}, every interval, from a phase drawn from
   * {@code random} (when the user started ping is arbitrary); a request sent while the VM is paused
   * ({@code [pausedAt, resumedAt)}) is lost, and the next goes when its timeout expires.
   *
   * @return {sent, lost}
   */
  public static int[] pings(long start, long end, long pausedAt, long resumedAt, long interval, long timeout,
      SplittableRandom random) {
    int sent = 0;
    int lost = 0;
    long t = start + (long) (random.nextDouble() * interval);
    while (t < end) {
      sent++;
      if (pausedAt >= 0 && t >= pausedAt && (resumedAt < 0 || t < resumedAt)) {
        lost++;
        t += timeout;
      } else {
        t += interval;
      }
    }
    return new int[] {sent, lost};
  }

  /**
   * A TCP session sending through a blackout of {@code blackout} nanoseconds: the segment sent at the
   * pause is lost and retransmitted after minRto, 2·minRto, ... ({@code maxRetransmissions} times).
   * It survives when a retransmission goes after the resume; its stall is then the time from the
   * pause to that retransmission. Returns {dropped (0 or 1), stall nanoseconds}.
   */
  public static long[] session(long blackout, long minRto, int maxRetransmissions) {
    if (blackout <= 0) return new long[] {0, 0};
    long t = 0;
    long rto = minRto;
    for (int i = 0; i < maxRetransmissions; i++) {
      t += rto;
      if (t >= blackout) return new long[] {0, t};
      rto *= 2;
    }
    return new long[] {1, blackout};
  }

  /** The time-weighted mean and the max of a throttle history up to {@code end}; null if never throttled. */
  public static Throttle throttle(List<Level> levels, long end) {
    long first = -1;
    double area = 0;
    double max = 0;
    for (int i = 0; i < levels.size(); i++) {
      Level l = levels.get(i);
      long to = i + 1 < levels.size() ? levels.get(i + 1).at() : end;
      if (l.percent() > 0 && first < 0) first = l.at();
      if (to > l.at()) area += l.percent() * (to - l.at());
      max = Math.max(max, l.percent());
    }
    if (first < 0 || end <= first) return null;
    return new Throttle(round(end - first), Math.round(area / (end - first) * 1e5) / 1e3, Math.round(max * 1e5) / 1e3);
  }

  private static double round(long nanos) {
    return dev.livemig.kernel.SimTime.reportSeconds(nanos);
  }

  public String summary() {
    return String.format(Locale.ROOT, "ping: Sent = %d, Received = %d, Lost = %d; TCP sessions dropped: %d",
        pingsSent, pingsSent - pingsLost, pingsLost, sessionsDropped);
  }
}
