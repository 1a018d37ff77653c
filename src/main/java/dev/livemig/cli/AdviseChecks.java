package dev.livemig.cli;

import java.io.File;
import java.util.List;
import com.typesafe.config.Config;
import dev.livemig.advise.AdviseBlock;
import dev.livemig.advise.Advice;
import dev.livemig.advise.Advisor;
import dev.livemig.scenario.Runs;

/**
 * {@code livemig check} of a scenario with an {@code advise} block that expects something: the
 * block's question asked (as {@code livemig advise FILE} asks it, on this machine's cores), its
 * answer compared with the block's {@code expect}: the cheapest layout, how many are feasible, on the
 * front, ... A changed answer is a miss.
 */
final class AdviseChecks {
  private AdviseChecks() {}

  /** The block's checks, or null when the file has no advise block or it expects nothing. */
  static List<AdviseBlock.Check> run(File f, List<String> sets, List<String> allowFiles, Config overlay) throws Exception {
    Config config = dev.livemig.scenario.ConfigLoader.allowing(Runs.config(), allowFiles);
    AdviseBlock block = AdviseBlock.read(f, config);
    if (block == null || block.expect().isEmpty()) return null;
    Advisor advisor = AdviseCommand.prepare(f, List.of(), null, null, null, sets, config, overlay);
    Advice a = advisor.advise(AdviseCommand.runner(f, null, null, config, System.nanoTime()));
    return block.check(a);
  }
}
