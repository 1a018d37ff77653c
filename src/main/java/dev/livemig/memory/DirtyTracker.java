package dev.livemig.memory;

import java.util.SplittableRandom;

/**
 * The dirty-page bitmap of one VM while a migration tracks it (memory grows with what is
 * migrating, not with all RAM). Dirtying is brought up to date lazily, one interval at a time:
 * when the migration harvests the bitmap, and whenever the workload or the guest's speed changes
 * (a storm begins, a convergence policy throttles the guest).
 */
public final class DirtyTracker {
  private final SplittableRandom random;
  private final Workload.Cursor cursor;
  private DirtyPages dirty; // null: nothing marked since the last harvest
  private long markedUpTo;

  public DirtyTracker(long startNanos, SplittableRandom random, Workload.Cursor cursor) {
    this.random = random;
    this.cursor = cursor;
    this.markedUpTo = startNanos;
  }

  /** Marks the pages {@code workload} dirtied from the last update up to {@code now}, at full speed. */
  public void advance(long now, Workload workload) {
    advance(now, workload, 1.0);
  }

  /** Marks the pages dirtied from the last update up to {@code now} with the guest at {@code speed} (0..1). */
  public void advance(long now, Workload workload, double speed) {
    if (dirty == null) dirty = new DirtyPages();
    draw(dirty, now, workload, speed);
    dirty.compact(); // held until the next harvest: as a bitmap, not as a draw's arrays
  }

  private void draw(DirtyPages into, long now, Workload workload, double speed) {
    if (now > markedUpTo) {
      workload.dirty(markedUpTo / 1e9, (now - markedUpTo) / 1e9, speed, cursor, random, into);
      markedUpTo = now;
    }
  }

  /** The number of dirty pages; the bitmap is cleared (the pages are about to be sent). */
  public long harvest() {
    if (dirty == null) return 0;
    long n = dirty.cardinality();
    dirty.clear();
    dirty = null;
    return n;
  }

  /**
   * {@link #advance(long, Workload, double)} then {@link #harvest()}: the same count, without
   * building a bitmap of pages that are only counted (a draw with nothing marked before it is made
   * in the thread's scratch arrays and counted there).
   */
  public long harvest(long now, Workload workload, double speed) {
    if (dirty == null) dirty = DirtyPages.counting();
    draw(dirty, now, workload, speed);
    return harvest();
  }
}
