package dev.livemig.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.livemig.distribution.Member;
import dev.livemig.distribution.ResultsFile;
import dev.livemig.distribution.Sweep;
import dev.livemig.distribution.SweepException;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.spec.Specs;
import dev.livemig.scenario.Variants;
import me.tongfei.progressbar.ProgressBar;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code livemig compare ... --cluster HOST:PORT}: the variants run on the workers of a Pekko
 * Cluster. This process joins through HOST:PORT as the sweep's coordinator, appends each result to
 * {@code --out} as it arrives (after what the file holds, with {@code --resume}), shows progress and
 * what happens to workers, and returns the reports in variant order for the same table as a local
 * comparison. The cluster machinery is in {@code dev.livemig.distribution}.
 */
final class ClusterCompare {
  private ClusterCompare() {}

  /** Where and how: the seed, the address to bind, the results file and whether to resume it. */
  record Options(String seed, String host, Path out, boolean resume) {}

  static List<Report> run(Options o, List<Variants.Variant> variants, List<Specs.Scenario> scenarios, Config config,
      long start) throws Exception {
    if (o.resume() && o.out() == null) throw new ErrorHandler.UserError("--resume needs --out FILE: the results to go on from");
    int n = scenarios.size();
    Report[] reports = new Report[n];
    String[] errors = new String[n];
    BitSet skip = new BitSet();
    PrintStream err = System.err;
    ResultsFile file = null;
    ActorSystem<Member.Command> member = null;
    ProgressBar bar = null;
    try {
      if (o.out() != null) {
        file = ResultsFile.open(o.out(), o.resume(), ResultsFile.sweepId(scenarios, Sweep.hocon(config)), variants);
        for (var e : file.held().entrySet()) {
          reports[e.getKey()] = e.getValue().report();
          errors[e.getKey()] = e.getValue().error();
          skip.set(e.getKey());
        }
        for (String line : file.notices()) err.println("livemig: " + line);
      }
      // the coordinator says in its own words what happens to workers: Pekko's warnings would say it twice
      Config quiet = ConfigFactory.parseString("livemig.sweep.member.pekko.loglevel = ERROR").withFallback(config);
      member = Member.start(new Member.Settings(o.host(), 0, List.of(o.seed()), List.of(Member.COORDINATOR, Member.SWEEP)), quiet);
      Sweep sweep = Sweep.start(member, scenarios, skip, config);
      boolean terminal = System.console() != null;
      int done = skip.cardinality();
      int workers = 0;
      while (true) {
        Sweep.Event e = sweep.next(100);
        if (terminal && bar == null && System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(1)) {
          bar = CompareCommand.progressBar(n);
          bar.stepTo(done);
        }
        if (e instanceof Sweep.Done d) {
          reports[d.variant()] = d.report();
          errors[d.variant()] = d.error();
          if (file != null) file.append(d.variant(), variants.get(d.variant()), d.report(), d.error());
          done++;
        } else if (e instanceof Sweep.Workers w) {
          workers = w.n();
        } else if (e instanceof Sweep.Notice m) {
          if (bar != null) err.print("\r\033[K");
          err.println("livemig: " + m.line());
        } else if (e instanceof Sweep.Finished f) {
          if (f.failure() != null) throw new ErrorHandler.UserError(f.failure() + keptIn(o.out(), done));
          break;
        }
        if (bar != null) {
          bar.stepTo(done);
          bar.setExtraMessage(workers + (workers == 1 ? " worker" : " workers"));
        }
      }
    } catch (SweepException e) {
      throw new ErrorHandler.UserError(e.getMessage());
    } finally {
      if (bar != null) bar.close();
      if (member != null) Member.stop(member);
      if (file != null) file.close();
    }
    return inOrder(variants, reports, errors, o.out());
  }

  private static String keptIn(Path out, int done) {
    return out == null ? "" : " (" + done + " results kept in " + out + ": --resume goes on from there)";
  }

  /** The reports in variant order; any variant that failed: a run failure naming each (exit 3). */
  private static List<Report> inOrder(List<Variants.Variant> variants, Report[] reports, String[] errors, Path out) {
    List<String> failed = new ArrayList<>();
    for (int v = 0; v < reports.length; v++)
      if (reports[v] == null) failed.add("variant " + (v + 1) + " (" + variants.get(v).describe() + "): " + errors[v]);
    if (!failed.isEmpty())
      throw new Runs.RunFailed(failed.size() + " of " + reports.length + " variants failed" + (out == null ? "" : " (each recorded in "
          + out + ")") + ":\n  " + String.join("\n  ", failed));
    return List.of(reports);
  }
}
