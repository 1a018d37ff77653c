package dev.livemig.calibration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * Measures how fast zlib level 1 compresses each kind of page content (zero, text, incompressible),
 * the source of livemig.compression.speed in conf/reference.conf. Not a test: a probe, run by hand
 * from the project's root:
 *
 * <pre>java src/test/java/dev/livemig/calibration/CompressionSpeedProbe.java</pre>
 *
 * One 4 KiB page per deflate call (as a migration compresses pages), 64 MiB of each kind: zeros, the
 * project's own Java sources (text), seeded random bytes (incompressible); the best of five rounds.
 */
public final class CompressionSpeedProbe {
  private static final int PAGE = 4096, PAGES = 16384;

  public static void main(String[] args) throws IOException {
    byte[] zero = new byte[PAGE * PAGES];
    byte[] random = new byte[PAGE * PAGES];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < random.length; i++) random[i] = (byte) r.nextInt(256);
    StringBuilder sources = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java")).sorted()::iterator)
        sources.append(Files.readString(p, StandardCharsets.UTF_8));
    }
    byte[] once = sources.toString().getBytes(StandardCharsets.UTF_8);
    byte[] text = new byte[PAGE * PAGES];
    for (int i = 0; i < text.length; i += once.length) System.arraycopy(once, 0, text, i, Math.min(once.length, text.length - i));
    double zeroSpeed = best(zero), textSpeed = best(text), randomSpeed = best(random);
    System.out.printf(Locale.ROOT, "zlib level 1, 4 KiB pages: zero %.0f MB/s, text %.0f MB/s, incompressible %.0f MB/s%n",
        zeroSpeed / 1e6, textSpeed / 1e6, randomSpeed / 1e6);
    System.out.printf(Locale.ROOT, "against text: zero %.1f, text 1, incompressible %.2f%n", zeroSpeed / textSpeed,
        randomSpeed / textSpeed);
  }

  /** Bytes per second, the best of five rounds over {@code data}. */
  private static double best(byte[] data) {
    byte[] out = new byte[PAGE * 2];
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    double best = 0;
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      for (int p = 0; p < PAGES; p++) {
        deflater.reset();
        deflater.setInput(data, p * PAGE, PAGE);
        deflater.finish();
        while (!deflater.finished()) deflater.deflate(out);
      }
      best = Math.max(best, data.length / ((System.nanoTime() - start) / 1e9));
    }
    deflater.end();
    return best;
  }
}
