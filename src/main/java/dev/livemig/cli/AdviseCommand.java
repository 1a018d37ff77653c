package dev.livemig.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.livemig.advise.AdviseBlock;
import dev.livemig.advise.Advice;
import dev.livemig.advise.Advisor;
import dev.livemig.advise.Runner;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.scenario.Variants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code livemig advise FILE --goal 'drain-hv1 <= 5 min' --options OPTIONS}: the cheapest layout of
 * the options' space that meets every goal on every seed (dev.livemig.advise). Goals, options and
 * seeds not given come from the file's {@code advise} block. Exit 0 when a layout meets the goals,
 * 1 when none does, 2 for bad input (every problem of the goals, the options file and every layout at
 * once, before anything runs), 3 for a model failure.
 */
@Command(name = "advise", mixinStandardHelpOptions = true,
    description = "The cheapest layout that meets the goals: runs the scenario with each combination of the options file's "
        + "choices (on every seed), ranks the feasible layouts by cost, says what each infeasible one misses and by how much, "
        + "and gives the Pareto front of the first cost against the first goal.")
final class AdviseCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file (HOCON)")
  File file;

  @Option(names = "--goal", paramLabel = "GOAL", description = "a goal, [MEASURE] [METRIC] OP VALUE, e.g. 'drain-hv1 <= 5 min', "
      + "'pings-lost == 0' (every move of the run), 'far-20ms downtime-ms <= 7000'; repeat for more (the first is the front's axis)")
  List<String> goalTexts = new ArrayList<>();

  @Option(names = "--options", paramLabel = "OPTIONS", description = "the options file (HOCON): costs, dimensions and their choices, excludes")
  File optionsFile;

  @Option(names = "--seeds", paramLabel = "N", description = "run every layout on seeds 1..N (default: the advise block's seeds, else the scenario's seed)")
  Integer seedCount;

  @Option(names = "--vary", paramLabel = "seed=S1,S2,...", description = "the seeds to run every layout on, e.g. --vary seed=7,8,9")
  String vary;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a scenario key in every layout (before the layout's own)")
  List<String> sets = new ArrayList<>();

  @Option(names = "--calibration", paramLabel = "FILE", description = CalibrationOption.DESCRIPTION)
  File calibration;

  @Option(names = "--json", paramLabel = "OUT", description = "write the answer as JSON to OUT ('-' for standard output)")
  String json;

  @Option(names = "--csv", paramLabel = "OUT", description = "write one row per layout as CSV to OUT: choices, costs, verdict, "
      + "front, each goal's worst value, what it misses ('-' for standard output)")
  String csv;

  @Option(names = "--html", paramLabel = "OUT", description = "write the answer as one self-contained HTML file: the Pareto chart, the tables")
  Path html;

  @Option(names = "--allow-files", paramLabel = "DIR", description = "let the scenario read files under DIR too")
  List<String> allowFiles = new ArrayList<>();

  @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "run the search's rounds on the workers of a Pekko Cluster "
      + "(see livemig node), joining through this member; the same answer as on this machine")
  String cluster;

  @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "with --cluster: the address this process binds")
  String host;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    if (html != null) ReportFiles.checkFile("--html", html);
    if ("-".equals(json) && "-".equals(csv)) throw new ErrorHandler.UserError("only one of --json and --csv can be '-' (standard output)");
    Config config = dev.livemig.scenario.ConfigLoader.allowing(Runs.config(), allowFiles);
    Config overlay = CalibrationOption.read(calibration);
    Advisor advisor = prepare(file, goalTexts, optionsFile, seedCount, vary, sets, config, overlay);
    CalibrationOption.warn(file, overlay);
    Runner runner = runner(file, cluster, host, config, start);
    Advice a = advisor.advise(runner);
    boolean screen = !"-".equals(json) && !"-".equals(csv);
    if (screen) System.out.print(AdviseScreen.render(a));
    if ("-".equals(json)) System.out.print(ReportJson.write(a));
    if ("-".equals(csv)) System.out.print(a.csv());
    if (json != null && !"-".equals(json)) Output.write(Path.of(json), ReportJson.write(a));
    if (csv != null && !"-".equals(csv)) Output.write(Path.of(csv), a.csv());
    if (html != null) {
      var meta = ReportFiles.meta(file, List.of());
      ReportFiles.write(html, w -> dev.livemig.report.html.HtmlReport.writeAdvise(a, a.scenario(), meta, w));
    }
    return a.cheapest() == null ? 1 : 0;
  }

  /**
   * The advisor for a scenario: the goals, options and seeds given, else those of its advise block;
   * every problem of all of them at once (exit 2).
   */
  static Advisor prepare(File file, List<String> goalTexts, File optionsFile, Integer seedCount, String vary, List<String> sets,
      Config config, Config overlay) throws Exception {
    TreeSet<Problem> problems = new TreeSet<>();
    AdviseBlock block = null;
    if (!file.isFile()) throw new ScenarioException(List.of(new Problem(file.getPath(), 0, null, file.exists() ? "not a file" : "no such file")));
    try {
      block = AdviseBlock.read(file, config);
    } catch (ScenarioException e) {
      problems.addAll(e.problems());
    }
    List<Advisor.Written> goals = new ArrayList<>();
    for (int i = 0; i < goalTexts.size(); i++) goals.add(new Advisor.Written(goalTexts.get(i), "--goal", 0, null));
    if (goals.isEmpty() && block != null) goals.addAll(block.goals());
    File options = optionsFile != null ? optionsFile : block != null ? block.options() : null;
    if (options == null && problems.isEmpty())
      problems.add(new Problem("--options", 0, null, "no options file; give --options FILE (or options = FILE in the scenario's advise block)"));
    List<Long> seeds = null;
    if (seedCount != null && vary != null) problems.add(new Problem("--seeds", 0, null, "give --seeds N or --vary seed=..., not both"));
    if (seedCount != null) {
      if (seedCount < 1 || seedCount > AdviseBlock.MAX_SEEDS)
        problems.add(new Problem("--seeds", 0, null, seedCount + " seeds; allowed: 1 to " + AdviseBlock.MAX_SEEDS));
      else seeds = AdviseBlock.seeds(ConfigFactory.parseString("s = " + seedCount).getValue("s"), "--seeds", null, new ArrayList<>());
    } else if (vary != null) {
      int eq = vary.indexOf('=');
      if (eq < 0 || !vary.substring(0, eq).trim().equals("seed")) {
        problems.add(new Problem("--vary", 0, null, "advise varies only the seed (the options file gives the rest): --vary seed=1,2,3"));
      } else {
        List<Problem> found = new ArrayList<>();
        try {
          seeds = AdviseBlock.seeds(ConfigFactory.parseString("s = [" + vary.substring(eq + 1) + "]").getValue("s"), "--vary", "seed", found);
        } catch (com.typesafe.config.ConfigException e) {
          found.add(new Problem("--vary", 0, "seed", "'" + vary.substring(eq + 1) + "' is not a list of seeds, e.g. --vary seed=1,2,3"));
        }
        problems.addAll(found);
      }
    } else if (block != null && block.seeds() != null) {
      seeds = block.seeds();
    }
    if (!problems.isEmpty()) throw new ScenarioException(new ArrayList<>(problems));
    if (seeds == null) seeds = List.of(Runs.load(file, sets, List.of()).seed()); // the scenario's own seed
    return Advisor.prepare(new Advisor.Request(file, goals, options, seeds, sets, config, overlay));
  }

  /** The rounds' runner: this machine's cores, or the cluster's workers (a sweep per round). */
  static Runner runner(File file, String cluster, String host, Config config, long start) {
    return (scenarios, names, round) -> {
      List<Variants.Variant> variants = new ArrayList<>();
      for (String n : names) variants.add(new Variants.Variant(Map.of("layout", n), List.of()));
      if (cluster != null)
        return ClusterCompare.run(new ClusterCompare.Options(cluster, host, null, false), variants, scenarios, config, start);
      return CompareCommand.runAll(file, variants, scenarios, config, start, round);
    };
  }
}
