package dev.livemig.cli;

import java.io.File;
import com.typesafe.config.Config;
import dev.livemig.calibration.Overlay;
import dev.livemig.scenario.ScenarioException;

/** {@code --calibration FILE} of run, check and compare: the overlay read once, and the warnings of a scenario that shadows it. */
final class CalibrationOption {
  private CalibrationOption() {}

  static final String DESCRIPTION = "a calibration overlay (what livemig calibrate --out wrote): its constants lie over "
      + "reference.conf, under the scenario's own livemig values and --set";

  /** The overlay's constants, or null without the option. */
  static Config read(File file) throws ScenarioException {
    return file == null ? null : Overlay.read(file);
  }

  /** Says on standard error which of the overlay's constants {@code scenario} sets itself (its values win). */
  static void warn(File scenario, Config overlay) {
    if (overlay == null) return;
    for (String w : Overlay.shadowed(scenario, overlay)) System.err.println(Terminal.clean(w));
  }
}
