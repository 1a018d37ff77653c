package dev.livemig.memory;

import java.util.SplittableRandom;
import org.roaringbitmap.RoaringBitmap;

/**
 * The dirty-page bitmap of one VM while a migration tracks it (memory grows with what is
 * migrating, not with all RAM). Dirtying is brought up to date lazily, one interval at a time:
 * when the migration harvests the bitmap, and whenever the workload changes.
 */
public final class DirtyTracker {
  private final SplittableRandom random;
  private final Workload.Cursor cursor;
  private RoaringBitmap dirty = new RoaringBitmap();
  private long markedUpTo;

  public DirtyTracker(long startNanos, SplittableRandom random, Workload.Cursor cursor) {
    this.random = random;
    this.cursor = cursor;
    this.markedUpTo = startNanos;
  }

  /** Marks the pages {@code workload} dirtied from the last update up to {@code now}. */
  public void advance(long now, Workload workload) {
    if (now > markedUpTo) {
      workload.dirty((now - markedUpTo) / 1e9, cursor, random, dirty);
      markedUpTo = now;
    }
  }

  /** The number of dirty pages; the bitmap is cleared (the pages are about to be sent). */
  public long harvest() {
    long n = dirty.getLongCardinality();
    dirty = new RoaringBitmap();
    return n;
  }

  public long dirtyPages() {
    return dirty.getLongCardinality();
  }

  public long sizeInBytes() {
    return dirty.getLongSizeInBytes();
  }
}
