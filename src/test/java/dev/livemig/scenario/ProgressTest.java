package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.List;
import dev.livemig.kernel.Progress;
import dev.livemig.spec.Specs;
import dev.livemig.kernel.SimTime;
import dev.livemig.report.Report;
import dev.livemig.report.ReportJson;
import org.junit.jupiter.api.Test;

/** The progress a run reports (for run's progress bar) ends at its last instant and its migration count, and changes nothing. */
class ProgressTest {
  @Test
  void aRunReportsHowFarItGotAndIsTheSameRun() throws Exception {
    Specs.Scenario s = Runs.load(new File("scenarios/drain-with-host-failure.conf"), List.of());
    Progress p = new Progress();
    Report with = Runs.run(s, new ScenarioRun.Options(null, null, p)).report();
    Report without = Runs.run(s, ScenarioRun.Options.none()).report();
    assertEquals(ReportJson.write(without), ReportJson.write(with), "the same report with or without progress");
    assertEquals(with.migrations().size(), p.migrationsEnded());
    double last = 0;
    for (var m : with.migrations()) last = Math.max(last, m.finishedAt());
    for (var c : with.crashes()) last = Math.max(last, c.at());
    assertEquals(true, SimTime.toSeconds(p.simNanos()) >= last, p.simNanos() + " ns reached, last event at " + last + " s");
  }
}
