package dev.livemig.cli;

import java.io.File;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.spec.Specs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code livemig bench}: per scenario, the time to load it, the simulation alone (actors built and
 * run, actor system already up), writing its JSON report, events per second, and the peak heap.
 * Measured in this JVM, after {@code --warmup} runs; wall clock is the machinery's, never the model's.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the simulator: load, simulation and report times, events per second, peak heap.")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--repeat", description = "measured runs per scenario (the best and the median are shown; default ${DEFAULT-VALUE})")
  int repeat = 5;

  @Option(names = "--warmup", description = "runs per scenario before measuring (default ${DEFAULT-VALUE})")
  int warmup = 1;

  @Option(names = "--scenario", description = "scenario files to benchmark (default: the reference and the 31-VM host)")
  List<File> scenarios = List.of(new File("scenarios/seed-tcpip-8gb.conf"), new File("scenarios/bench/host-31x8gb-serial.conf"));

  @Override
  public Integer call() throws Exception {
    if (repeat < 1) throw new ErrorHandler.UserError("--repeat: must be >= 1 (got " + repeat + ")");
    if (warmup < 0) throw new ErrorHandler.UserError("--warmup: must be >= 0 (got " + warmup + ")");
    Table t = new Table("scenario", "migrations", "simulated s", "events", "load ms", "best sim ms", "median sim ms",
        "events/s", "report ms", "cpu s/run", "peak heap MB").rightAlign(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    for (File f : scenarios) {
      System.gc();
      resetPeaks();
      long l0 = System.nanoTime();
      Specs.Scenario s = Runs.load(f, List.of());
      long load = System.nanoTime() - l0;
      for (int i = 0; i < warmup; i++) Runs.run(s, ScenarioRun.Options.none());
      long[] walls = new long[repeat];
      ScenarioRun.Outcome last = null;
      long cpu0 = processCpu();
      for (int i = 0; i < repeat; i++) {
        last = Runs.run(s, ScenarioRun.Options.none());
        walls[i] = last.wallNanos();
      }
      long cpu = (processCpu() - cpu0) / repeat;
      long r0 = System.nanoTime();
      ReportJson.write(last.report(), OutputStream.nullOutputStream()); // as the run command writes it
      long report = System.nanoTime() - r0;
      java.util.Arrays.sort(walls);
      long median = walls[repeat / 2];
      t.add(s.name(), last.report().migrations().size(),
          String.format(Locale.ROOT, "%.1f", last.kernel().endTime() / 1e9), last.kernel().delivered(), ms(load),
          ms(walls[0]), ms(median), String.format(Locale.ROOT, "%.0f", last.kernel().delivered() / (median / 1e9)),
          ms(report), cpu < 0 ? "-" : String.format(Locale.ROOT, "%.2f", cpu / 1e9), peakHeapMb());
    }
    System.out.print(t);
    System.out.println("cpu s/run: the whole JVM's cpu time (all threads: simulation, GC, compiler) per measured run.");
    return 0;
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  private static long processCpu() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
  }

  /** Sum of the heap pools' peaks since the reset: an upper bound of the peak heap in use. */
  private static long peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
    }
    return sum >> 20;
  }
}
