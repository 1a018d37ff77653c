package dev.livemig.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import com.typesafe.config.Config;
import dev.livemig.report.Comparison;
import dev.livemig.report.Report;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.scenario.ScenarioLoader;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.Simulator;
import dev.livemig.spec.Specs;
import dev.livemig.scenario.Variants;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code livemig compare FILE --vary KEY=V1,V2,...}: what-if comparison. Runs the scenario once per
 * variant (the product of the --vary lists, the first varying slowest), all in parallel on the
 * machine's cores, and prints one row per variant: its values, and each measure's seconds (or the
 * metrics named by --metric) and change against the first variant. Every variant is validated before
 * any runs.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "What-if comparison: run a scenario once per combination of the --vary values (in parallel) "
        + "and compare each measure with the first combination's.")
final class CompareCommand implements Callable<Integer> {

  /** The progress bar appears only when the comparison has run this long (and stderr is a terminal). */
  private static final long PROGRESS_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file (HOCON)")
  File file;

  @Option(names = "--vary", required = true, paramLabel = "KEY=V1,V2,...",
      description = "a scenario key and its values (HOCON, split on commas outside [ ] and { }), "
          + "e.g. cluster.live-migration.max-passes=1,10 or 'cluster.live-migration.networks=[LM-1GbE],[SMB-1,SMB-2]'; "
          + "'variants' (or variants=A,B): the named variants of the file's variants block; "
          + "repeat for more keys: every combination runs, the first --vary varying slowest")
  List<String> varies = new ArrayList<>();

  @Option(names = "--calibration", paramLabel = "FILE", description = CalibrationOption.DESCRIPTION)
  File calibration;

  /** The --calibration overlay's constants, or null. */
  private Config overlay;

  @Option(names = "--format", paramLabel = "text|md|csv", defaultValue = "text",
      description = "the table on standard output: text (default, within 100 columns), md (Markdown, to paste into a "
          + "document) or csv (the same table as CSV)")
  String format;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a scenario key in every variant (before the --vary values)")
  List<String> sets = new ArrayList<>();

  @Option(names = "--metric", paramLabel = "M1,M2,...",
      description = "the metrics of each measure to compare (default: seconds), e.g. "
          + "--metric seconds,bytes-sent-gib,downtime-ms; any metric an expect block can name (repeatable)")
  List<String> metricSpecs = new ArrayList<>();

  @Option(names = "--json", paramLabel = "OUT", description = "write the comparison as JSON to OUT ('-' for standard output)")
  String json;

  @Option(names = "--csv", paramLabel = "OUT", description = "write the comparison as CSV to OUT ('-' for standard output)")
  String csv;

  @Option(names = "--allow-files", paramLabel = "DIR",
      description = "let the scenario read files (include, trace workloads) under DIR too; by default only its own folder and below")
  List<String> allowFiles = new ArrayList<>();

  @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "run the variants on the workers of a Pekko "
      + "Cluster: join it through this member (see livemig node) as the sweep's coordinator")
  String cluster;

  @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "with --cluster: the address this process binds and workers reach it at (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--out", paramLabel = "FILE", description = "with --cluster: append each variant's result (report "
      + "or error) to FILE as one JSON line as it arrives; FILE must not exist, unless --resume")
  Path out;

  @Option(names = "--resume", description = "with --out: go on with the sweep FILE holds, running only the variants it lacks")
  boolean resume;

  @Option(names = "--html", paramLabel = "OUT",
      description = "write the comparison as one self-contained HTML file to OUT: the table, a chart per measure, each variant's timeline")
  Path html;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    if (html != null) ReportFiles.checkFile("--html", html);
    if ("-".equals(json) && "-".equals(csv))
      throw new ErrorHandler.UserError("only one of --json and --csv can be '-' (standard output)");
    if (cluster == null && (out != null || resume))
      throw new ErrorHandler.UserError("--out and --resume go with --cluster HOST:PORT (a sweep on a cluster)");
    if (!CompareFormats.NAMES.contains(format))
      throw new ErrorHandler.UserError("--format: '" + format + "' is not a format; allowed: " + String.join(", ", CompareFormats.NAMES));
    if (!"text".equals(format) && ("-".equals(json) || "-".equals(csv)))
      throw new ErrorHandler.UserError("--format " + format + " prints the table on standard output: --json - and --csv - print "
          + "there too; write them to a file");
    Config config = dev.livemig.scenario.ConfigLoader.allowing(Runs.config(), allowFiles);
    List<Variants.Variant> variants = null;
    List<String> metrics = null;
    TreeSet<Problem> problems = new TreeSet<>();
    try {
      variants = Variants.of(varies, lookup(config));
    } catch (ScenarioException e) {
      problems.addAll(e.problems());
    }
    try {
      metrics = Variants.metrics(metricSpecs);
    } catch (ScenarioException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) throw new ScenarioException(new ArrayList<>(problems));
    for (String out : new String[] {json, csv}) {
      if (out != null && !"-".equals(out) && java.nio.file.Files.isDirectory(Path.of(out)))
        throw new ErrorHandler.UserError("cannot write " + out + ": it is a directory");
    }
    overlay = CalibrationOption.read(calibration);
    CalibrationOption.warn(file, overlay);
    List<Specs.Scenario> scenarios = validate(variants, config);
    Findings.warn(scenarios);

    List<Report> reports = cluster != null
        ? ClusterCompare.run(new ClusterCompare.Options(cluster, host, out, resume), variants, scenarios, config, start)
        : runAll(file, variants, scenarios, config, start, "compare");

    List<String> keys = new ArrayList<>(variants.get(0).values().keySet());
    List<Map<String, String>> values = new ArrayList<>();
    for (Variants.Variant v : variants) values.add(v.values());
    java.util.Map<Report, Specs.Scenario> ran = new java.util.IdentityHashMap<>(); // a report's variant, for metrics the report alone cannot give
    for (int i = 0; i < reports.size() && i < scenarios.size(); i++) ran.put(reports.get(i), scenarios.get(i));
    Comparison comparison = Comparison.of(keys, values, reports, metrics, (r, m, x) -> Runs.metric(ran.get(r), r, m, x));

    if ("-".equals(json)) {
      System.out.print(ReportJson.write(comparison));
    } else if ("-".equals(csv)) {
      System.out.print(comparison.csv());
    }
    CompareTable table = CompareTable.of(comparison, ran);
    if (!"-".equals(json) && !"-".equals(csv)) System.out.print(CompareFormats.render(format, table, comparison));
    if (json != null && !"-".equals(json)) Output.write(Path.of(json), ReportJson.write(comparison));
    if (csv != null && !"-".equals(csv)) Output.write(Path.of(csv), comparison.csv());
    if (html != null) {
      var meta = ReportFiles.meta(file, List.of());
      ReportFiles.write(html, w -> dev.livemig.report.html.HtmlReport.writeCompare(comparison, table.view(comparison), meta, w));
    }
    return 0;
  }

  /**
   * The file's variants block and templates' labels, when a --vary needs them (a file that cannot be
   * read: its problems, as a run would say them); none otherwise.
   */
  private Variants.Lookup lookup(Config config) throws ScenarioException {
    boolean needed = false;
    for (String v : varies) needed |= v.trim().startsWith(Variants.FILE_VARIANTS) || v.contains("${");
    return needed ? dev.livemig.scenario.FileVariants.read(file, config) : Variants.NO_FILE;
  }

  /**
   * Loads every variant's scenario. The --set overrides are checked alone first (their problems are
   * theirs, said once); then each variant with its --vary overrides, whose problems are located at
   * --vary. All problems of all variants at once, each said once.
   */
  private List<Specs.Scenario> validate(List<Variants.Variant> variants, Config config) throws ScenarioException {
    ScenarioLoader.load(file, sets, config, ScenarioLoader.SET, overlay);
    List<Specs.Scenario> out = new ArrayList<>();
    TreeSet<Problem> problems = new TreeSet<>();
    for (Variants.Variant v : variants) {
      try {
        out.add(ScenarioLoader.load(file, Variants.overrides(sets, v), config, Variants.ORIGIN, overlay));
      } catch (ScenarioException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) throw new ScenarioException(new ArrayList<>(problems));
    return out;
  }

  /**
   * Runs every scenario on the shared simulator, at most two per core at a time (each run is
   * deterministic whatever runs beside it), and returns the reports in variant order.
   */
  static List<Report> runAll(File file, List<Variants.Variant> variants, List<Specs.Scenario> scenarios, Config config, long start,
      String task) {
    Simulator sim = Simulator.shared();
    int n = scenarios.size();
    List<CompletableFuture<ScenarioRun.Outcome>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) futures.add(new CompletableFuture<>());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Runnable submitNext = new Runnable() {
      @Override
      public void run() {
        int k = next.getAndIncrement();
        if (k >= n) return;
        CompletableFuture<ScenarioRun.Outcome> f = futures.get(k);
        f.whenComplete((o, e) -> {
          done.incrementAndGet();
          this.run();
        });
        sim.submit(scenarios.get(k), config, ScenarioRun.Options.none(), f);
      }
    };
    int window = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    for (int i = 0; i < Math.min(window, n); i++) submitNext.run();

    long timeoutNanos = config.getDuration("livemig.run.timeout").toNanos();
    boolean terminal = System.console() != null;
    ProgressBar bar = null;
    List<Report> reports = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        CompletableFuture<ScenarioRun.Outcome> f = futures.get(i);
        long deadline = System.nanoTime() + timeoutNanos;
        ScenarioRun.Outcome o = null;
        while (o == null) {
          long now = System.nanoTime();
          if (terminal && bar == null && now - start >= PROGRESS_AFTER_NANOS && done.get() < n) bar = progressBar(task, n);
          if (bar != null) bar.stepTo(done.get());
          long wait = terminal ? Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(100)) : deadline - now;
          try {
            o = f.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
          } catch (TimeoutException e) {
            if (System.nanoTime() - deadline >= 0)
              throw new Runs.RunFailed("variant " + (i + 1) + " (" + variants.get(i).describe()
                  + ") did not finish within livemig.run.timeout (wall clock): a hung actor?");
          } catch (ExecutionException e) {
            throw new Runs.RunFailed("variant " + (i + 1) + " (" + variants.get(i).describe() + ") failed: " + e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Runs.RunFailed("interrupted");
          }
        }
        if (o.kernel().beyondHorizon()) throw new Runs.BeyondHorizon(file.getPath() + " (variant " + (i + 1) + ")", o.kernel().endTime());
        if (o.kernel().failure() != null)
          throw new Runs.RunFailed("variant " + (i + 1) + " (" + variants.get(i).describe() + "): the simulation failed: "
              + o.kernel().failure());
        if (o.report() == null)
          throw new Runs.RunFailed("variant " + (i + 1) + " (" + variants.get(i).describe() + "): the simulation ended without a report");
        reports.add(o.report());
      }
      if (bar != null) bar.stepTo(n);
    } finally {
      next.set(n); // on a failure, start no more runs
      if (bar != null) bar.close();
    }
    return reports;
  }

  static ProgressBar progressBar(int n) {
    return progressBar("compare", n);
  }

  static ProgressBar progressBar(String task, int n) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(n).setUnit(" runs", 1)
        .setConsumer(new ProgressLine()).setUpdateIntervalMillis(200).clearDisplayOnFinish()
        .setStyle(Colour.barStyle()).build();
  }

  /**
   * The bar's line on standard error, erased at the end, leaving nothing behind. (The library's
   * console consumer can render, clear and end the line twice at close: once for the close, once
   * for an update still running; that left blank lines above the table.)
   */
  static final class ProgressLine implements ProgressBarConsumer {
    private final ConsoleProgressBarConsumer console = new ConsoleProgressBarConsumer(System.err);
    private boolean closed;

    @Override
    public int getMaxRenderedLength() {
      return console.getMaxRenderedLength();
    }

    @Override
    public synchronized void accept(String line) {
      if (!closed) console.accept(line);
    }

    @Override
    public synchronized void clear() {
      if (!closed) console.clear();
    }

    @Override
    public synchronized void close() {
      closed = true; // the line is cleared: no newline
      System.err.flush();
    }
  }

  /** The metrics that count things (passes, pings, sessions): whole numbers. */
  private static final java.util.Set<String> COUNTS = java.util.Set.of("passes", "growing-passes", "pings-sent",
      "pings-lost", "sessions-dropped");

  /** A metric's value in the table: counts as whole numbers, the rest with two decimals. */
  static String format(String metric, double value) {
    if ("outcome".equals(metric) && Specs.Expectation.outcomeWord(value) != null) return Specs.Expectation.outcomeWord(value);
    return COUNTS.contains(metric) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }

  /** {@code -48.2 %}, {@code +3.0 %}, {@code 0.0 %}. */
  static String percent(double p) {
    String s = String.format(Locale.ROOT, "%+.1f", p);
    if (s.equals("+0.0") || s.equals("-0.0")) s = "0.0";
    return s + " %";
  }

  /** Column names for the keys: the last part of each key, or the whole key where two last parts are the same. */
  static List<String> columnNames(List<String> keys) {
    Map<String, Integer> seen = new HashMap<>();
    for (String k : keys) seen.merge(lastPart(k), 1, Integer::sum);
    List<String> out = new ArrayList<>();
    for (String k : keys) out.add(k.equals(Variants.FILE_VARIANTS) ? "variant" : seen.get(lastPart(k)) == 1 ? lastPart(k) : k);
    return out;
  }

  private static String lastPart(String key) {
    int dot = key.lastIndexOf('.');
    return dot < 0 ? key : key.substring(dot + 1);
  }
}
