package dev.livemig.distribution;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Large payloads (a scenario of thousands of VMs, the report of a drain of a big cluster) cross
 * members packed (deflated: a report shrinks 6 to 30 times, measured) and in parts no larger than a
 * frame can hold: the Kryo bytes of the payload packed and split here, and put together again on
 * arrival. Parts of one payload travel between one pair of actors, so they
 * arrive in order (Pekko's ordering per sender-receiver pair); a payload whose sender is gone is
 * dropped whole.
 */
final class Parcels {
  private Parcels() {}

  /** The most an unpacked payload may announce (a peer cannot make a member allocate what it likes). */
  static final int MAX_UNPACKED = 1 << 30;

  /** The bytes deflated at the fastest level, their length first (4 bytes, big-endian). */
  static byte[] pack(byte[] raw) {
    Deflater d = new Deflater(Deflater.BEST_SPEED);
    try {
      d.setInput(raw);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
      for (int shift = 24; shift >= 0; shift -= 8) out.write(raw.length >>> shift);
      byte[] buf = new byte[64 * 1024];
      while (!d.finished()) out.write(buf, 0, d.deflate(buf));
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  /** Packed bytes back: exactly the length announced, at most {@link #MAX_UNPACKED}, or refused. */
  static byte[] unpack(byte[] packed) {
    if (packed.length < 4) throw new IllegalArgumentException("a packed payload of " + packed.length + " bytes: no length");
    int len = 0;
    for (int i = 0; i < 4; i++) len = len << 8 | (packed[i] & 0xff);
    if (len < 0 || len > MAX_UNPACKED)
      throw new IllegalArgumentException("a packed payload announces " + len + " bytes; allowed: up to " + MAX_UNPACKED);
    Inflater in = new Inflater();
    try {
      in.setInput(packed, 4, packed.length - 4);
      byte[] out = new byte[len];
      byte[] spare = new byte[1];
      int n = 0;
      while (!in.finished()) {
        int k = n < len ? in.inflate(out, n, len - n) : in.inflate(spare);
        if (n >= len && k > 0) throw new IllegalArgumentException("a packed payload longer than the " + len + " bytes it announces");
        n += k;
        if (k == 0 && !in.finished() && (in.needsInput() || in.needsDictionary()))
          throw new IllegalArgumentException("a packed payload cut short: " + n + " of " + len + " bytes");
      }
      if (n != len) throw new IllegalArgumentException("a packed payload of " + n + " bytes; it announces " + len);
      return out;
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("a packed payload that is not deflated data: " + e.getMessage());
    } finally {
      in.end();
    }
  }

  /** The bytes in parts of at most {@code chunk} bytes (one empty part for no bytes). */
  static List<byte[]> split(byte[] all, int chunk) {
    List<byte[]> out = new ArrayList<>();
    for (int from = 0; from < all.length || out.isEmpty(); from += chunk)
      out.add(Arrays.copyOfRange(all, from, Math.min(all.length, from + chunk)));
    return out;
  }

  /** The parts of one payload as they arrive. */
  static final class Assembly {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int next;

    /**
     * Adds part {@code part} of {@code parts}; returns the whole payload with the last part, null
     * before. A part out of order is a broken stream (it cannot happen between one pair of actors).
     */
    byte[] add(int part, int parts, byte[] chunk) {
      if (part != next) throw new IllegalStateException("part " + part + " of " + parts + " arrived, expected " + next);
      bytes.writeBytes(chunk);
      next++;
      return next == parts ? bytes.toByteArray() : null;
    }
  }
}
