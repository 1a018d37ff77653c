package dev.livemig.kernel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Simulated time is a {@code long} count of nanoseconds since the start of a run. */
public final class SimTime {
  public static final long NANOS_PER_SECOND = 1_000_000_000L;

  /**
   * The end of simulated time: 100 years. A run stops before delivering an event beyond it (the
   * caller reports it as bad input). It is far below {@code Long.MAX_VALUE} (292 years), so that
   * an instant up to it plus any duration the model computes ({@link #durationFor} is capped at a
   * quarter of the range) cannot overflow.
   */
  public static final long HORIZON = 36_525L * 86_400L * NANOS_PER_SECOND;

  private SimTime() {}

  /** {@code at + delay}, saturating at {@code Long.MAX_VALUE} instead of wrapping. */
  public static long plus(long at, long delay) {
    long r = at + delay;
    return ((at ^ r) & (delay ^ r)) < 0 ? (delay > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : r;
  }

  public static long ofSeconds(double seconds) {
    return Math.round(seconds * NANOS_PER_SECOND);
  }

  public static long of(Duration d) {
    return d.toNanos();
  }

  public static double toSeconds(long nanos) {
    return nanos / (double) NANOS_PER_SECOND;
  }

  /**
   * Seconds rounded to the microsecond (half to even), for reports: stable text whatever the
   * platform. The microseconds are rounded in {@code long} arithmetic and divided by 10^6 once: both
   * are exact doubles below 2^52, so the quotient is the correctly rounded double of the decimal, the
   * same as {@link BigDecimal#doubleValue()} of it ({@code SimTimeTest} compares the two), without a
   * BigDecimal per figure (a report of 10,000 migrations converts hundreds of thousands).
   */
  public static double reportSeconds(long nanos) {
    long micros = nanos / 1000;
    long rest = nanos % 1000; // the sign of nanos
    if (rest > 500 || rest == 500 && (micros & 1) != 0) micros++;
    else if (rest < -500 || rest == -500 && (micros & 1) != 0) micros--;
    if (Math.abs(micros) < 1L << 52) return micros / 1e6;
    return exactReportSeconds(nanos);
  }

  /** {@link #reportSeconds} by BigDecimal: the definition, used beyond 2^52 microseconds. */
  static double exactReportSeconds(long nanos) {
    return BigDecimal.valueOf(nanos).movePointLeft(9).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
  }

  /** Log prefix, e.g. {@code [  78.412s]}. */
  public static String stamp(long nanos) {
    return String.format(java.util.Locale.ROOT, "[%9.3fs]", toSeconds(nanos));
  }

  /** Nanoseconds needed to move {@code amount} at {@code ratePerSecond}, rounded up. */
  public static long durationFor(double amount, double ratePerSecond) {
    if (amount <= 0) return 0;
    double ns = Math.ceil(amount / ratePerSecond * NANOS_PER_SECOND);
    return ns >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) ns;
  }
}
