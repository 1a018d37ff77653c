package dev.livemig.memory;

import org.roaringbitmap.RoaringBitmap;

/**
 * The pages a guest dirtied over one or more intervals, as a union. While it holds a single
 * word-wise draw (the common case: one interval, then the migration takes the count) the draw's
 * words are kept as they are and counted with {@link Long#bitCount}: no bitmap is built for pages
 * that are only counted. A second contribution, or {@link #bitmap()}, turns them into a
 * {@link RoaringBitmap} first, so the union and its count are always exact.
 */
public final class DirtyPages {
  private RoaringBitmap bitmap; // null: empty, or only the pending words
  private long[] words; // one pending word-wise draw: bit i of word w is page first + 64 w + i
  private long first;

  /** Pages {@code from} (inclusive) to {@code to} (exclusive). */
  public void addRange(long from, long to) {
    materialized().add(from, to);
  }

  /** The pages of {@code pages}, which this object may keep. */
  public void or(RoaringBitmap pages) {
    if (bitmap == null && words == null) bitmap = pages;
    else materialized().or(pages);
  }

  /** The pages whose bits are set in {@code w} (page {@code first + 64 i + b} for bit b of word i); {@code w} is kept. */
  public void words(long[] w, long firstPage) {
    if (bitmap == null && words == null) {
      words = w;
      first = firstPage;
    } else {
      materialized().or(toBitmap(w, firstPage));
    }
  }

  /** How many distinct pages. */
  public long cardinality() {
    if (bitmap != null) return bitmap.getLongCardinality();
    if (words == null) return 0;
    long n = 0;
    for (long w : words) n += Long.bitCount(w);
    return n;
  }

  /** The pages as a bitmap (built now if they were pending words). */
  public RoaringBitmap bitmap() {
    return materialized();
  }

  /** Turns pending words into the bitmap (so that no draw's words are held for long). */
  public void compact() {
    if (words != null) materialized();
  }

  private RoaringBitmap materialized() {
    if (bitmap == null) bitmap = words == null ? new RoaringBitmap() : toBitmap(words, first);
    else if (words != null) bitmap.or(toBitmap(words, first));
    words = null;
    return bitmap;
  }

  private static RoaringBitmap toBitmap(long[] w, long firstPage) {
    RoaringBitmap b = org.roaringbitmap.BitSetUtil.bitmapOf(w);
    return firstPage == 0 ? b : RoaringBitmap.addOffset(b, firstPage);
  }
}
