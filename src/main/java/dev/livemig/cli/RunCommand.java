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
    description = "Run a scenario: print a summary of each migration and write the JSON report.")
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file (HOCON)")
  File file;

  @Option(names = "--json", paramLabel = "OUT", description = "write the JSON report to OUT ('-' for standard output)")
  String json;

  @Option(names = "--seed", paramLabel = "N", description = "the seed (overrides the scenario's)")
  Long seed;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a scenario key, e.g. cluster.live-migration.simultaneous=1")
  List<String> sets = new ArrayList<>();

  @Option(names = "--trace", paramLabel = "OUT", description = "write every delivered message as JSON lines to OUT")
  Path trace;

  @Option(names = "--allow-files", paramLabel = "DIR",
      description = "let the scenario read files (include, trace workloads) under DIR too; by default only its own folder and below")
  List<String> allowFiles = new ArrayList<>();

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
    Specs.Scenario scenario = Runs.load(file, overrides, allowFiles);
    Findings.warn(List.of(scenario));
    if (json != null && !"-".equals(json) && Files.isDirectory(Path.of(json)))
      throw new ErrorHandler.UserError("cannot write " + json + ": it is a directory");
    if (html != null) ReportFiles.checkFile("--html", html);
    if (csv != null) ReportFiles.checkDir("--csv", csv);
    Report report;
    Progress progress = new Progress();
    RunProgress bar = RunProgress.start(progress, !log && System.console() != null);
    try {
      if (trace != null) {
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
    } else {
      System.out.print(summary(scenario, report, Colour.enabled()));
      if (json != null) Output.write(Path.of(json), out -> ReportJson.write(report, out));
    }
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
    StringBuilder sb = new StringBuilder();
    sb.append("scenario ").append(Terminal.clean(report.scenario())).append(" (seed ").append(report.seed()).append(")\n\n");
    Table t = new Table("id", "VM", "from -> to", "transport", "passes", "GiB sent", "seconds", "downtime ms",
        "limited by", "outcome")
        .rightAlign(4, 5, 6, 7);
    if (colour) t.paint(9, Colour::outcome);
    for (MigrationRecord m : report.migrations()) {
      long precopy = m.passes().stream().filter(p -> p.kind().equals("precopy")).count();
      String outcome = m.outcome() + (m.failure() != null ? ": " + m.failure() : "")
          + (m.stopReason() != null ? " (" + m.stopReason() + ")" : "");
      t.add(m.id(), m.vm(), m.from() + " -> " + m.to(), m.transport(), precopy,
          String.format(Locale.ROOT, "%.2f", m.bytesSent() / (double) (1L << 30)),
          String.format(Locale.ROOT, "%.2f", m.seconds()),
          String.format(Locale.ROOT, "%.2f", m.downtimeMs()), m.limitedBy() == null ? "-" : m.limitedBy(), outcome);
    }
    sb.append(t);
    if (report.drains() != null && !report.drains().isEmpty()) {
      sb.append('\n');
      Table dt = new Table("drain", "from", "to", "VMs moved", "not moved", "GiB", "minutes", "mean Gbps", "peak Gbps")
          .rightAlign(3, 4, 5, 6, 7, 8);
      for (Report.DrainRecord d : report.drains()) {
        long moved = d.vms().stream().filter(v -> "completed".equals(v.outcome())).count();
        dt.add(d.host(), String.format(Locale.ROOT, "%.1f s", d.startedAt()), String.format(Locale.ROOT, "%.1f s", d.finishedAt()),
            moved, d.vms().size() - moved, String.format(Locale.ROOT, "%.1f", d.bytesMoved() / (double) (1L << 30)),
            String.format(Locale.ROOT, "%.2f", d.seconds() / 60), String.format(Locale.ROOT, "%.2f", d.meanGbps()),
            String.format(Locale.ROOT, "%.2f", d.peakGbps()));
      }
      sb.append(dt);
    }
    sb.append(KindsSummary.of(report));
    if (report.crashes() != null && !report.crashes().isEmpty()) {
      sb.append('\n');
      Table ct = new Table("crash", "at", "VM", "restarted on", "down s").rightAlign(1, 4);
      for (Report.CrashRecord c : report.crashes()) {
        for (Report.CrashedVm v : c.vms()) {
          ct.add(c.host(), String.format(Locale.ROOT, "%.1f s", c.at()), v.vm(),
              v.restartedOn() != null ? v.restartedOn() : "(down: " + v.reason() + ")",
              v.downSeconds() != null ? String.format(Locale.ROOT, "%.1f", v.downSeconds()) : "-");
        }
      }
      sb.append(ct);
    }
    if (!report.measures().isEmpty()) {
      sb.append('\n');
      boolean left = report.measures().values().stream().anyMatch(v -> !Findings.vmsLeft(v).isEmpty());
      Table mt = left ? new Table("measure", "seconds", "complete").rightAlign(1) : new Table("measure", "seconds").rightAlign(1);
      if (left && colour) mt.paint(2, c -> c.startsWith("INCOMPLETE") ? Colour.paint(c, Colour.RED) : c);
      report.measures().forEach((k, v) -> {
        String s = String.format(Locale.ROOT, "%.2f", v.seconds());
        if (left) mt.add(k, s, Findings.vmsLeft(v).isEmpty() ? "yes" : Findings.vmsLeft(v));
        else mt.add(k, s);
      });
      sb.append(mt);
    }
    sb.append(Findings.notes(report));
    sb.append(Findings.leftBehind(report));
    return sb.toString();
  }
}
