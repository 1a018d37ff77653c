package dev.livemig.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.livemig.calibration.CalibrationResult;
import dev.livemig.calibration.Calibrator;
import dev.livemig.calibration.FitSettings;
import dev.livemig.calibration.MeasuredMove;
import dev.livemig.calibration.MoveModel;
import dev.livemig.calibration.MovesCsv;
import dev.livemig.calibration.OverlayFile;
import dev.livemig.calibration.Parameter;
import dev.livemig.calibration.Parameters;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.spec.Specs;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code livemig calibrate --measured moves.csv --scenario cluster.conf}: fits the constants of
 * livemig.calibrate.parameters to timed moves, prints them with their uncertainty and the fit's
 * held-out error, and writes the overlay {@code --calibration} reads (README, "Calibrate to your own cluster").
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = "Fit the model's hardware constants (livemig.calibrate.parameters) to live migrations timed on your cluster; "
        + "print each with its uncertainty, which stay at their defaults and why, and the error on moves held out; "
        + "write the overlay that run, check and compare read with --calibration.")
final class CalibrateCommand implements Callable<Integer> {

  @Option(names = "--measured", required = true, paramLabel = "CSV",
      description = "the timed moves, as Export-Csv writes them (VM, MemoryGB, Source, Destination, PerformanceOption, Seconds; "
          + "optional NicGbps, BlackoutMs, Simultaneous)")
  Path measured;

  @Option(names = "--scenario", required = true, paramLabel = "FILE", description = "the cluster (hosts, NICs, VMs, live-migration settings)")
  File scenario;

  @Option(names = "--out", paramLabel = "FILE", description = "write the overlay to FILE (default: print it after the summary)")
  Path out;

  @Option(names = "--json", paramLabel = "FILE", description = "write the result as JSON to FILE ('-' for standard output, instead of the summary)")
  String json;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a key of the cluster's scenario, as run --set")
  List<String> sets = new ArrayList<>();

  @Option(names = "--allow-files", paramLabel = "DIR", description = "let the scenario read files under DIR too, as run --allow-files")
  List<String> allowFiles = new ArrayList<>();

  @Option(names = {"-q", "--quiet"}, description = "print no summary (problems and warnings still go to standard error)")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (out != null) ReportFiles.checkFile("--out", out);
    if (json != null && !"-".equals(json)) ReportFiles.checkFile("--json", Path.of(json));
    Specs.Scenario cluster = Runs.load(scenario, sets, allowFiles);
    Findings.warn(List.of(cluster));
    Config effective = (cluster.calibration() == null ? ConfigFactory.empty() : ConfigFactory.parseString(cluster.calibration()))
        .withFallback(Runs.config());
    List<Problem> problems = new ArrayList<>();
    List<Parameter> parameters = List.of();
    try {
      parameters = Parameters.from(effective);
    } catch (ScenarioException e) {
      problems.addAll(e.problems());
    }
    FitSettings settings = FitSettings.from(effective);
    List<MeasuredMove> moves = List.of();
    if (!java.nio.file.Files.isRegularFile(measured)) {
      problems.add(new Problem(measured.toString(), 0, null, java.nio.file.Files.exists(measured) ? "not a file" : "no such file"));
    } else {
      try {
        moves = MovesCsv.read(measured, measured.toString(), cluster, settings.maxSimultaneous());
      } catch (ScenarioException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);

    MoveModel model = new MoveModel(cluster, moves, parameters);
    long max = Calibrator.maxRuns(moves.size(), parameters.size(), settings);
    ProgressBar[] bar = new ProgressBar[1];
    long start = System.nanoTime(); // machinery: when to show the bar
    boolean terminal = System.console() != null;
    model.onProgress(n -> {
      if (!terminal) return;
      if (bar[0] == null && System.nanoTime() - start > 1_000_000_000L) {
        bar[0] = new ProgressBarBuilder().setTaskName("calibrate").setInitialMax(max).setUnit(" runs", 1)
            .setConsumer(new CompareCommand.ProgressLine()).setUpdateIntervalMillis(200).clearDisplayOnFinish()
            .setStyle(Colour.barStyle()).build();
      }
      if (bar[0] != null) bar[0].stepTo(Math.min(n, max));
    });
    CalibrationResult result;
    try {
      result = Calibrator.calibrate(model, settings, measured.toString(), scenario.getPath());
    } finally {
      if (bar[0] != null) bar[0].close();
    }
    String command = "livemig calibrate --measured " + measured + " --scenario " + scenario.getPath()
        + (sets.isEmpty() ? "" : " --set " + String.join(" --set ", sets));
    String overlay = OverlayFile.text(result, command);
    if ("-".equals(json)) {
      System.out.print(ReportJson.write(result));
    } else if (!quiet) {
      System.out.print(CalibrateSummary.of(result, OverlayFile.heldOutLine(result)));
      if (out == null) System.out.print("\n" + overlay);
    }
    if (json != null && !"-".equals(json)) Output.write(Path.of(json), ReportJson.write(result));
    if (out != null) {
      Output.write(out, overlay);
      if (!quiet && !"-".equals(json)) {
        System.out.print(CalibrateSummary.wrap("wrote " + out + " (" + result.fittedConstants().size() + " constant"
            + (result.fittedConstants().size() == 1 ? "" : "s") + "); use it with: livemig run|check|compare FILE --calibration " + out));
      }
    }
    return 0;
  }
}
