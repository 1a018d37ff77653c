package dev.livemig.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.livemig.kernel.Progress;
import dev.livemig.report.Report;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.spec.Specs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code livemig check FILE|DIR...}: runs scenarios and compares each with its expect block. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Run scenarios and compare each measure with the scenario's expect block; a drain that left VMs "
        + "behind is a miss unless the expect block allows it. Exit 1 when an expectation is missed, 2 when a scenario is invalid.")
final class CheckCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "scenario files, or directories of *.conf")
  List<File> paths;

  @Option(names = "--allow-files", paramLabel = "DIR",
      description = "let the scenarios read files (include, trace workloads) under DIR too; by default only their own folder and below")
  List<String> allowFiles = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a key of every scenario checked, as run --set")
  List<String> sets = new ArrayList<>();

  @Option(names = "--calibration", paramLabel = "FILE", description = CalibrationOption.DESCRIPTION)
  File calibration;

  @Option(names = "--seed", paramLabel = "N", description = "the seed of every scenario checked (overrides theirs)")
  Long seed;

  @Option(names = "--json", paramLabel = "OUT", description = "write the JSON report of the run to OUT ('-' for standard "
      + "output, instead of the table); one scenario file only")
  String json;

  @Option(names = "--junit", paramLabel = "FILE", description = "write the checks as JUnit XML to FILE for a CI server: a "
      + "test case per expectation, a miss a failure with the measured value, an invalid scenario an error")
  Path junit;

  @Option(names = {"-q", "--quiet"}, description = "print only the expectations missed and the last line")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = new PrintWriter(System.err, true);
    if (junit != null) ReportFiles.checkFile("--junit", junit);
    List<String> overrides = new ArrayList<>(sets);
    if (seed != null) overrides.add("seed=" + seed);
    // the result first: a miss is seen at the start of its line; the expectation, text, last (wrapped)
    Table t = new Table("result", "scenario", "measure", "metric", "measured", "expected").rightAlign(4);
    JUnitXml xml = new JUnitXml();
    int misses = 0;
    int invalid = 0;
    int loaded = 0;
    com.typesafe.config.Config overlay = CalibrationOption.read(calibration);
    List<File> files = new ArrayList<>();
    for (File p : paths) {
      if (!p.exists()) {
        err.println(p + ": no such file or directory");
        xml.invalid(p.getPath(), List.of(p + ": no such file or directory"));
        invalid++;
        continue;
      }
      List<File> found = Runs.scenarioFiles(p);
      if (found.isEmpty()) {
        err.println(Terminal.clean(p + ": no scenario (*.conf) in this folder or below"));
        xml.invalid(p.getPath(), List.of(p + ": no scenario (*.conf) in this folder or below"));
        invalid++;
      }
      files.addAll(found);
    }
    if (json != null && files.size() != 1)
      throw new ErrorHandler.UserError("--json writes one run's report: give one scenario file (" + files.size() + " given)");
    for (File f : files) {
      Specs.Scenario s;
      try {
        s = Runs.load(f, overrides, allowFiles, overlay);
      } catch (ScenarioException e) {
        ErrorHandler.printProblems(err, e);
        xml.invalid(f.getPath(), e.problems().stream().map(Problem::toString).toList());
        invalid++;
        continue;
      }
      loaded++;
      CalibrationOption.warn(f, overlay);
      Findings.warn(List.of(s));
      Progress progress = new Progress();
      RunProgress bar = RunProgress.start(progress, System.console() != null);
      Report report;
      try {
        report = Runs.run(s, new ScenarioRun.Options(null, null, progress)).report();
      } finally {
        if (bar != null) bar.close();
      }
      List<Runs.Check> checks = Runs.check(s, report);
      xml.checked(f.getPath(), checks);
      if (s.expectations().isEmpty() && !quiet) t.add("-", f.getPath(), "-", "-", "-", "no expectations");
      for (Runs.Check c : checks) {
        if (!c.ok()) misses++;
        if (quiet && c.ok()) continue;
        t.add(c.ok() ? "ok" : "MISS", f.getPath(), c.expectation().measure(), c.expectation().metric(),
            c.measured() == null ? "(none)" : c.measuredText("%.3f"), c.describe());
      }
      List<String> adviseSets = new ArrayList<>(sets); // the advise block's seeds, not --seed
      List<dev.livemig.advise.AdviseBlock.Check> advised;
      try {
        advised = AdviseChecks.run(f, adviseSets, allowFiles, overlay);
      } catch (ScenarioException e) {
        ErrorHandler.printProblems(err, e);
        xml.invalid(f.getPath() + " (advise)", e.problems().stream().map(Problem::toString).toList());
        invalid++;
        advised = null;
      }
      if (advised != null) {
        xml.advised(f.getPath(), advised);
        for (var c : advised) {
          if (!c.ok()) misses++;
          if (quiet && c.ok()) continue;
          t.add(c.ok() ? "ok" : "MISS", f.getPath(), "advise", c.key(), c.found(), c.expected());
        }
      }
      if ("-".equals(json)) {
        System.out.flush();
        ReportJson.write(report, System.out);
      } else if (json != null) {
        Output.write(Path.of(json), out -> ReportJson.write(report, out));
      }
    }
    if (junit != null) Output.write(junit, xml.xml());
    if (loaded == 0) return ErrorHandler.BAD_INPUT; // bad input: the problems on stderr, nothing else
    if (!"-".equals(json) && t.size() > 0) System.out.print(t.fit(Findings.WIDTH, 3));
    String summary = misses == 0 ? "all expectations met" : misses + " expectation(s) missed";
    PrintWriterLike out = "-".equals(json) ? err::println : System.out::println;
    if (invalid > 0) {
      // Never "all expectations met" when a scenario could not even be read.
      out.println((misses == 0 ? "" : summary + "; ") + invalid + " scenario(s) invalid, not checked");
      return ErrorHandler.BAD_INPUT;
    }
    out.println(summary);
    return misses == 0 ? 0 : 1;
  }

  /** Where the last line goes: standard output, or standard error when the JSON is on standard output. */
  private interface PrintWriterLike {
    void println(String s);
  }
}
