package dev.livemig.distribution;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Large payloads (a scenario of thousands of VMs, the report of a drain of a big cluster) cross
 * members in parts no larger than a frame can hold: the Kryo bytes of the payload split here, and
 * put together again on arrival. Parts of one payload travel between one pair of actors, so they
 * arrive in order (Pekko's ordering per sender-receiver pair); a payload whose sender is gone is
 * dropped whole.
 */
final class Parcels {
  private Parcels() {}

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
