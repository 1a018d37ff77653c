package dev.livemig.memory;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * The pages a guest dirtied over one or more intervals, as a union. While it holds a single draw
 * (the common case: one interval, then the migration takes the count) the draw is kept as it came
 * (a word-wise draw's words, or the ascending pages of geometric skips) and counted as it is: no
 * bitmap is built for pages that are only counted. A second contribution, or {@link #bitmap()},
 * turns the pending draw into a {@link RoaringBitmap} first, so the union and its count are always
 * exact.
 *
 * <p>A {@linkplain #counting() counting} instance draws into its thread's scratch arrays instead of
 * new ones (a draw of an 8 GiB guest is 29,500 words: the dirty scale case allocated 0.9 GB of them
 * and 0.3 GB of bitmap containers for pages it only counted). It is for a draw that is counted, or
 * made a bitmap, or {@linkplain #clear() cleared}, before the thread draws again: a draw that takes
 * the scratch while another instance's draw is pending in it first turns that draw into its bitmap.
 */
public final class DirtyPages {
  /** One thread's scratch arrays and the instance whose pending draw is in them, if any. */
  private static final class Scratch {
    long[] words = new long[0];
    int[] pages = new int[0];
    DirtyPages holder;
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final boolean counting;
  private RoaringBitmap bitmap; // null: empty, or only the pending draw
  // The pending draw: either words (bit i of word w is page first + 64 w + i) or ascending pages.
  private long[] words;
  private int[] pages;
  private int length; // words or pages used
  private long first;

  public DirtyPages() {
    this(false);
  }

  private DirtyPages(boolean counting) {
    this.counting = counting;
  }

  /** An instance whose first draw goes into the thread's scratch arrays (see the class comment). */
  public static DirtyPages counting() {
    return new DirtyPages(true);
  }

  /** Pages {@code from} (inclusive) to {@code to} (exclusive). */
  public void addRange(long from, long to) {
    materialized().add(from, to);
  }

  /** The pages of {@code pages}, which this object may keep. */
  public void or(RoaringBitmap pages) {
    if (isEmpty()) bitmap = pages;
    else materialized().or(pages);
  }

  /** An array of at least {@code n} words for a word-wise draw to hand to {@link #words}; its contents are undefined. */
  long[] wordBuffer(int n) {
    if (!counting || !isEmpty()) return new long[n];
    Scratch s = take();
    if (s.words.length < n) s.words = new long[n];
    return s.words;
  }

  /** An array of at least {@code n} pages for geometric skips to hand to {@link #pages}; its contents are undefined. */
  int[] pageBuffer(int n) {
    if (!counting || !isEmpty()) return new int[n];
    Scratch s = take();
    if (s.pages.length < n) s.pages = new int[n];
    return s.pages;
  }

  /** The scratch, its previous holder's pending draw first made that holder's bitmap. */
  private Scratch take() {
    Scratch s = SCRATCH.get();
    if (s.holder != null && s.holder != this && s.holder.inScratch(s)) s.holder.materialized();
    s.holder = this;
    return s;
  }

  private boolean inScratch(Scratch s) {
    return (words != null && words == s.words) || (pages != null && pages == s.pages);
  }

  /**
   * The pages whose bits are set in the first {@code n} words of {@code w} (page
   * {@code first + 64 i + b} for bit b of word i); {@code w} is kept.
   */
  public void words(long[] w, int n, long firstPage) {
    if (isEmpty()) {
      words = w;
      length = n;
      first = firstPage;
    } else {
      materialized().or(wordsBitmap(w, n, firstPage));
    }
  }

  /** The pages {@code p[0..n)}, ascending and distinct; {@code p} is kept. */
  public void pages(int[] p, int n) {
    if (isEmpty()) {
      pages = p;
      length = n;
    } else {
      materialized().or(pagesBitmap(p, n));
    }
  }

  private boolean isEmpty() {
    return bitmap == null && words == null && pages == null;
  }

  /** How many distinct pages. */
  public long cardinality() {
    if (bitmap != null) return bitmap.getLongCardinality();
    if (pages != null) return length;
    if (words == null) return 0;
    long n = 0;
    for (int i = 0; i < length; i++) n += Long.bitCount(words[i]);
    return n;
  }

  /** The pages as a bitmap (built now if they were a pending draw). */
  public RoaringBitmap bitmap() {
    return materialized();
  }

  /** Forgets every page (a harvest: they are about to be sent), the scratch arrays with them. */
  public void clear() {
    bitmap = null;
    words = null;
    pages = null;
  }

  /** Turns a pending draw into the bitmap (so that no draw's arrays are held for long). */
  public void compact() {
    if (words != null || pages != null) materialized();
  }

  private RoaringBitmap materialized() {
    RoaringBitmap pending = words != null ? wordsBitmap(words, length, first)
        : pages != null ? pagesBitmap(pages, length) : null;
    words = null;
    pages = null;
    if (bitmap == null) bitmap = pending == null ? new RoaringBitmap() : pending;
    else if (pending != null) bitmap.or(pending);
    return bitmap;
  }

  private static RoaringBitmap wordsBitmap(long[] w, int n, long firstPage) {
    RoaringBitmap b = org.roaringbitmap.BitSetUtil.bitmapOf(n == w.length ? w : Arrays.copyOf(w, n));
    return firstPage == 0 ? b : RoaringBitmap.addOffset(b, firstPage);
  }

  private static RoaringBitmap pagesBitmap(int[] p, int n) {
    RoaringBitmapWriter<RoaringBitmap> w = RoaringBitmapWriter.writer().get();
    for (int i = 0; i < n; i++) w.add(p[i]);
    return w.get();
  }
}
