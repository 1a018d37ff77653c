package dev.livemig.cli;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.livemig.kernel.Progress;
import dev.livemig.report.JsonLinesTrace;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.report.ReportJson;
import dev.livemig.report.html.HtmlReport;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.spec.Specs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code livemig run FILE}: runs one scenario, prints a summary, writes the JSON report. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a scenario and print a summary: its migrations, drains, measures, and what was left behind or "
        + "felt by the guests. Writes the JSON report only with --json (the HTML and CSV with --html, --csv).")
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file (HOCON)")
  File file;

  @Option(names = "--json", paramLabel = "OUT", description = "write the JSON report to OUT ('-' for standard output)")
  String json;

  @Option(names = "--seed", paramLabel = "N", description = "the seed (overrides the scenario's)")
  Long seed;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a scenario key, e.g. cluster.live-migration.simultaneous=1")
  List<String> sets = new ArrayList<>();

  @Option(names = "--trace", paramLabel = "OUT", description = "write every delivered message as JSON lines to OUT ('-' for standard output, instead of the summary)")
  Path trace;

  @Option(names = {"-q", "--quiet"}, description = "print no summary (warnings and errors still go to standard error)")
  boolean quiet;

  @Option(names = "--rows", paramLabel = "all|summary|auto", defaultValue = "auto",
      description = "the migrations' rows in the summary: all, summary (their counts and the rows that did not complete), "
          + "or auto (all up to " + RunSummary.ROWS_AUTO + " migrations; default)")
  String rows;

  @Option(names = "--allow-files", paramLabel = "DIR",
      description = "let the scenario read files (include, trace workloads) under DIR too; by default only its own folder and below")
  List<String> allowFiles = new ArrayList<>();

  @Option(names = "--calibration", paramLabel = "FILE", description = CalibrationOption.DESCRIPTION)
  File calibration;

  @Option(names = "--log", description = "log the simulation to standard error, each line stamped with simulated time")
  boolean log;

  @Option(names = "--html", paramLabel = "OUT", description = "write the HTML report (one self-contained file: timeline, charts, tables) to OUT")
  Path html;

  @Option(names = "--csv", paramLabel = "DIR",
      description = "write the report as CSV files (migrations, passes, drains, maintenance, crashes, NIC and CPU series; units in the column names) into DIR")
  Path csv;

  @Override
  public Integer call() throws Exception {
    List<String> overrides = new ArrayList<>(sets);
    if (seed != null) overrides.add("seed=" + seed);
    RunSummary.Rows shown = switch (rows) {
      case "all" -> RunSummary.Rows.ALL;
      case "summary" -> RunSummary.Rows.SUMMARY;
      case "auto" -> RunSummary.Rows.AUTO;
      default -> throw new ErrorHandler.UserError("--rows " + rows + ": allowed: all, summary, auto");
    };
    boolean traceOut = trace != null && "-".equals(trace.toString());
    if (traceOut && "-".equals(json)) throw new ErrorHandler.UserError("only one of --json and --trace can be '-' (standard output)");
    com.typesafe.config.Config overlay = CalibrationOption.read(calibration);
    Specs.Scenario scenario = Runs.load(file, overrides, allowFiles, overlay);
    CalibrationOption.warn(file, overlay);
    Findings.warn(List.of(scenario));
    if (json != null && !"-".equals(json) && Files.isDirectory(Path.of(json)))
      throw new ErrorHandler.UserError("cannot write " + json + ": it is a directory");
    if (html != null) ReportFiles.checkFile("--html", html);
    if (csv != null) ReportFiles.checkDir("--csv", csv);
    Report report;
    Progress progress = new Progress();
    RunProgress bar = RunProgress.start(progress, !log && System.console() != null);
    try {
      if (traceOut) {
        System.out.flush();
        BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        report = Runs.run(scenario, new ScenarioRun.Options(new JsonLinesTrace(w), log ? System.err : null, progress)).report();
        w.flush();
      } else if (trace != null) {
        Output.Aside aside = Output.aside(trace);
        try (BufferedWriter w = new BufferedWriter(aside.writer())) {
          report = Runs.run(scenario, new ScenarioRun.Options(new JsonLinesTrace(w), log ? System.err : null, progress)).report();
        } catch (RuntimeException | IOException e) {
          aside.discard();
          throw e;
        }
        aside.commit();
      } else {
        report = Runs.run(scenario, new ScenarioRun.Options(null, log ? System.err : null, progress)).report();
      }
    } finally {
      if (bar != null) bar.close();
    }
    if ("-".equals(json)) {
      System.out.flush();
      ReportJson.write(report, System.out); // streamed, never held whole as a string
    } else if (!quiet && !traceOut) {
      System.out.print(RunSummary.of(report, Colour.enabled(), shown));
    }
    if (json != null && !"-".equals(json)) Output.write(Path.of(json), out -> ReportJson.write(report, out));
    if (html != null) {
      HtmlReport.Meta meta = ReportFiles.meta(file, Runs.check(scenario, report));
      ReportFiles.write(html, w -> HtmlReport.writeRun(report, meta, w));
    }
    if (csv != null) ReportFiles.csv(csv, report);
    return 0;
  }

  static String summary(Specs.Scenario scenario, Report report) {
    return summary(scenario, report, false);
  }

  /** The summary; {@code colour}: outcomes in colour (a terminal, NO_COLOR unset). */
  static String summary(Specs.Scenario scenario, Report report, boolean colour) {
    return RunSummary.of(report, colour, RunSummary.Rows.AUTO);
  }
}
