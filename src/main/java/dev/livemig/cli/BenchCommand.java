package dev.livemig.cli;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.Specs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code livemig bench}: wall time of the simulation alone (actor system already up) and events
 * per second, for the reference migration and for a host of 31 such VMs migrated one after another.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the simulator: wall time and events per second of reference workloads.")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--repeat", description = "runs per workload (the best and the median are shown; default ${DEFAULT-VALUE})")
  int repeat = 5;

  @Option(names = "--scenario", description = "scenario files to benchmark (default: the reference and the 31-VM host)")
  List<File> scenarios = List.of(new File("scenarios/seed-tcpip-8gb.conf"), new File("scenarios/bench/host-31x8gb-serial.conf"));

  @Override
  public Integer call() throws Exception {
    if (repeat < 1) throw new ErrorHandler.UserError("--repeat: must be >= 1 (got " + repeat + ")");
    Table t = new Table("scenario", "migrations", "simulated s", "events", "best wall ms", "median wall ms", "events/s")
        .rightAlign(1, 2, 3, 4, 5, 6);
    for (File f : scenarios) {
      Specs.Scenario s = Runs.load(f, List.of());
      Runs.run(s, ScenarioRun.Options.none()); // warm-up
      long[] walls = new long[repeat];
      ScenarioRun.Outcome last = null;
      for (int i = 0; i < repeat; i++) {
        last = Runs.run(s, ScenarioRun.Options.none());
        walls[i] = last.wallNanos();
      }
      java.util.Arrays.sort(walls);
      long best = walls[0];
      long median = walls[repeat / 2];
      t.add(s.name(), last.report().migrations().size(),
          String.format(Locale.ROOT, "%.1f", last.kernel().endTime() / 1e9), last.kernel().delivered(),
          String.format(Locale.ROOT, "%.1f", best / 1e6), String.format(Locale.ROOT, "%.1f", median / 1e6),
          String.format(Locale.ROOT, "%.0f", last.kernel().delivered() / (median / 1e9)));
    }
    System.out.print(t);
    return 0;
  }
}
