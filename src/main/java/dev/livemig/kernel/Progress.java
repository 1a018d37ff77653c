package dev.livemig.kernel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far a run has got, for a progress bar on another thread: the simulated instant reached and
 * the migrations ended (completed, failed or rejected). The run writes it and never reads it, so a
 * run with or without it is the same run.
 */
public final class Progress {
  private volatile long simNanos;
  private final AtomicInteger migrationsEnded = new AtomicInteger();

  /** The simulated instant the run has reached, in nanoseconds. */
  public long simNanos() {
    return simNanos;
  }

  public int migrationsEnded() {
    return migrationsEnded.get();
  }

  void reached(long nanos) {
    simNanos = nanos;
  }

  void migrationEnded() {
    migrationsEnded.incrementAndGet();
  }
}
