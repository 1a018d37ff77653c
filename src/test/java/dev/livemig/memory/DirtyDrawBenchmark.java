package dev.livemig.memory;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.roaringbitmap.RoaringBitmap;

/**
 * JMH (not part of {@code mvn test}; {@code mvn -B -Pjmh test-compile exec:exec -Djmh.include=DirtyDraw}):
 * one interval's dirty-page draw of the scale cases' dirty VM (uniform, 305 writes/s over 7373 MiB)
 * for the interval lengths of its passes: the first pass of a shared 1 Gbps NIC (~1450 s: most of the
 * working set, the word-wise draw), and short later passes (geometric skips). {@code count}: what a
 * migration's harvest does (the draw counted in the thread's scratch arrays); {@code draw}: the same
 * draw made a bitmap (what a union of several intervals needs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DirtyDrawBenchmark {

  @Param({"1450", "60", "2"})
  double seconds;

  final Workload workload = new Workload.Uniform(305, 0, 7373L * 256);
  final SplittableRandom random = new SplittableRandom(42);

  @Benchmark
  public long draw() {
    RoaringBitmap into = new RoaringBitmap();
    workload.dirty(0, seconds, 1.0, new Workload.Cursor(), random, into);
    return into.getLongCardinality();
  }

  @Benchmark
  public long count() {
    DirtyPages pages = DirtyPages.counting();
    workload.dirty(0, seconds, 1.0, new Workload.Cursor(), random, pages);
    long n = pages.cardinality();
    pages.clear();
    return n;
  }
}
