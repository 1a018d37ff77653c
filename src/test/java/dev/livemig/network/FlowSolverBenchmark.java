package dev.livemig.network;

import java.util.List;
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

/**
 * JMH (not part of {@code mvn test}; run with {@code mvn -B -Pjmh test-compile exec:exec}): a drain
 * shaped like the scale cases, through the solver alone. {@code drained} sources of 20 flows each,
 * every flow of a source to one of 9 destinations (the 1000x20 cases' placement); all start at 0
 * (one recompute per start, as the Network actor does), then run to the last completion. The full
 * recompute of f32875c ({@link ReferenceFlowSolver}) is measured beside the incremental solver.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FlowSolverBenchmark {

  @Param({"100", "500"})
  int drained;

  @Param({"incremental", "reference"})
  String solver;

  @Benchmark
  public long drain() {
    FlowSolverPropertyTest.Ops s = solver.equals("incremental")
        ? new FlowSolverPropertyTest.Incremental(new FlowSolver())
        : new FlowSolverPropertyTest.Reference(new ReferenceFlowSolver());
    int hosts = drained * 10;
    for (int h = 0; h < hosts; h++) {
      s.addLink("h" + h + ":tx", 1e9);
      s.addLink("h" + h + ":rx", 1e9);
    }
    for (int h = 0; h < drained; h++) {
      for (int k = 0; k < 20; k++) {
        int to = drained + (h + k * drained) % (hosts - drained);
        List<String> path = List.of("h" + h + ":tx", "h" + to + ":rx");
        s.start(0, "f" + h + "-" + k, path, 8.0 * (1L << 30), 0.949, 0);
        s.recompute(0);
      }
    }
    long t = 0;
    int done = 0;
    while (true) {
      long next = s.nextFinish();
      if (next == Long.MAX_VALUE) break;
      t = next;
      done += s.completeDue(t).size();
      s.recompute(t);
    }
    return t + done;
  }

}
