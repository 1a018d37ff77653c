package dev.livemig.kernel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Simulated time is a {@code long} count of nanoseconds since the start of a run. */
public final class SimTime {
  public static final long NANOS_PER_SECOND = 1_000_000_000L;

  private SimTime() {}

  public static long ofSeconds(double seconds) {
    return Math.round(seconds * NANOS_PER_SECOND);
  }

  public static long of(Duration d) {
    return d.toNanos();
  }

  public static double toSeconds(long nanos) {
    return nanos / (double) NANOS_PER_SECOND;
  }

  /** Seconds rounded to the microsecond, for reports: stable text whatever the platform. */
  public static double reportSeconds(long nanos) {
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
