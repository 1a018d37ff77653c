package dev.livemig.scenario;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import com.typesafe.config.Config;
import dev.livemig.report.Report;

/** Loading, running and checking scenarios: what the CLI and the tests share. */
public final class Runs {
  private Runs() {}

  /** One expectation checked: measured value, or null when the measure was not produced. */
  public record Check(String file, Specs.Expectation expectation, Double measured) {
    public boolean ok() {
      return measured != null && expectation.holds(measured);
    }
  }

  /** A run that failed inside the model (an actor threw, or the run hung): not the user's fault. */
  public static final class RunFailed extends RuntimeException {
    public RunFailed(String message) {
      super(message);
    }
  }

  public static Specs.Scenario load(File file, List<String> overrides) throws ScenarioException {
    return ScenarioLoader.load(file, overrides, config());
  }

  public static Config config() {
    return ConfigLoader.defaults();
  }

  public static ScenarioRun.Outcome run(Specs.Scenario scenario, ScenarioRun.Options options) {
    ScenarioRun.Outcome o = Simulator.shared().run(scenario, config(), options);
    if (o.kernel().failure() != null) throw new RunFailed("the simulation failed: " + o.kernel().failure());
    if (o.report() == null) throw new RunFailed("the simulation ended without a report");
    return o;
  }

  /** Runs a scenario and checks each of its expectations. */
  public static List<Check> check(Specs.Scenario scenario) {
    Report report = run(scenario, ScenarioRun.Options.none()).report();
    List<Check> out = new ArrayList<>();
    for (Specs.Expectation e : scenario.expectations()) out.add(new Check(scenario.file(), e, measured(report, e)));
    return out;
  }

  public static Double measured(Report report, Specs.Expectation e) {
    Report.Measure m = report.measures().get(e.measure());
    if (m == null) return null;
    return switch (e.metric()) {
      case "seconds" -> m.seconds();
      default -> null;
    };
  }

  /** Scenario files under a directory (recursively, *.conf, sorted), or the file itself. */
  public static List<File> scenarioFiles(File f) {
    List<File> out = new ArrayList<>();
    if (f.isDirectory()) {
      File[] children = f.listFiles();
      if (children != null) {
        java.util.Arrays.sort(children);
        for (File c : children) {
          if (c.isDirectory()) out.addAll(scenarioFiles(c));
          else if (c.getName().endsWith(".conf")) out.add(c);
        }
      }
    } else {
      out.add(f);
    }
    return out;
  }
}
