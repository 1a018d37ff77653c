package dev.livemig.cli;

import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.spec.Specs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code livemig check FILE|DIR...}: runs scenarios and compares each with its expect block. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Run scenarios and compare each measure with the scenario's expect block. "
        + "Exit 1 when an expectation is missed, 2 when a scenario is invalid.")
final class CheckCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "scenario files, or directories of *.conf")
  List<File> paths;

  @picocli.CommandLine.Option(names = "--allow-files", paramLabel = "DIR",
      description = "let the scenarios read files (include, trace workloads) under DIR too; by default only their own folder and below")
  List<String> allowFiles = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = new PrintWriter(System.err, true);
    Table t = new Table("scenario", "measure", "metric", "expected", "measured", "result").rightAlign(4);
    int misses = 0;
    int invalid = 0;
    int loaded = 0;
    List<File> files = new ArrayList<>();
    for (File p : paths) {
      if (!p.exists()) {
        err.println(p + ": no such file or directory");
        invalid++;
        continue;
      }
      List<File> found = Runs.scenarioFiles(p);
      if (found.isEmpty()) {
        err.println(Terminal.clean(p + ": no scenario (*.conf) in this folder or below"));
        invalid++;
      }
      files.addAll(found);
    }
    for (File f : files) {
      Specs.Scenario s;
      try {
        s = Runs.load(f, List.of(), allowFiles);
      } catch (ScenarioException e) {
        ErrorHandler.printProblems(err, e);
        invalid++;
        continue;
      }
      loaded++;
      Findings.warn(List.of(s));
      List<Runs.Check> checks = Runs.check(s);
      if (s.expectations().isEmpty()) t.add(f.getPath(), "-", "-", "-", "-", "no expectations");
      for (Runs.Check c : checks) {
        if (!c.ok()) misses++;
        t.add(f.getPath(), c.expectation().measure(), c.expectation().metric(), c.describe(),
            c.measured() == null ? "(none)" : String.format(Locale.ROOT, "%.3f", c.measured()), c.ok() ? "ok" : "MISS");
      }
    }
    if (loaded == 0) return ErrorHandler.BAD_INPUT; // bad input: the problems on stderr, nothing else
    System.out.print(t);
    String summary = misses == 0 ? "all expectations met" : misses + " expectation(s) missed";
    if (invalid > 0) {
      // Never "all expectations met" when a scenario could not even be read.
      System.out.println((misses == 0 ? "" : summary + "; ") + invalid + " scenario(s) invalid, not checked");
      return ErrorHandler.BAD_INPUT;
    }
    System.out.println(summary);
    return misses == 0 ? 0 : 1;
  }
}
