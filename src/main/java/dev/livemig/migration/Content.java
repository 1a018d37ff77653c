package dev.livemig.migration;

import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import dev.livemig.kernel.Sim;
import dev.livemig.spec.Specs;

/** What a VM's memory holds where a migration reads it: the kinds of content of MigrationSettings.Compression. */
final class Content {
  private Content() {}

  /**
   * The kind of content of the memory at {@code offset} in the first pass (MigrationSettings.Compression.ZERO,
   * TEXT, INCOMPRESSIBLE). The first pass walks memory in order: each region of {@code regionBytes} holds one
   * kind of content, drawn from the VM's mix (seeded by VM and region), which makes the wire busy or idle in
   * turn: the saw-tooth. Later passes send scattered dirty pages: the mix ({@link #mean}).
   */
  static int kindAt(Sim sim, Specs.VmSpec vm, long regionBytes, long offset) {
    var mix = vm.content();
    SplittableRandom r = sim.random("content/" + vm.name() + "/" + offset / regionBytes);
    double u = r.nextDouble();
    if (u < mix.zero()) return MigrationSettings.Compression.ZERO;
    if (u < mix.zero() + mix.text()) return MigrationSettings.Compression.TEXT;
    return MigrationSettings.Compression.INCOMPRESSIBLE;
  }

  /** The mix's mean of {@code f} over the kinds of content. */
  static double mean(Specs.ContentMix mix, IntToDoubleFunction f) {
    return mix.zero() * f.applyAsDouble(MigrationSettings.Compression.ZERO) + mix.text() * f.applyAsDouble(MigrationSettings.Compression.TEXT)
        + mix.incompressible() * f.applyAsDouble(MigrationSettings.Compression.INCOMPRESSIBLE);
  }
}
