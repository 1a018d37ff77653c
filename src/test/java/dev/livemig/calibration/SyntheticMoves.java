package dev.livemig.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import com.typesafe.config.ConfigFactory;
import dev.livemig.spec.Specs;

/**
 * Timed moves made by the model itself: each move run with known constants (not the defaults), its
 * figures given a small deterministic noise (a seeded Gaussian factor per figure), written as
 * PowerShell's Export-Csv writes a PSCustomObject (a #TYPE line, every field quoted). What the
 * sample (samples/calibration/moves.csv) and the recovery tests are made of.
 */
final class SyntheticMoves {
  private SyntheticMoves() {}

  /** A move to time: VM, GiB, hosts, option, simultaneous, and which optional figures to write. */
  record Plan(String vm, double gib, String from, String to, String option, int simultaneous, boolean nic, boolean blackout) {}

  /** The relative noise (1 σ) of each figure: Measure-Command's time, a perfmon peak, a ping-gap blackout. */
  record Noise(long seed, double seconds, double nic, double blackout) {
    static final Noise NONE = new Noise(1, 0, 0, 0);
  }

  /** The constants' values in base units for {@code truth} (key -> HOCON value), the others at their defaults. */
  static double[] values(List<Parameter> ps, Map<String, String> truth) {
    double[] v = new double[ps.size()];
    for (int j = 0; j < ps.size(); j++) {
      Parameter p = ps.get(j);
      String t = truth.get(p.key());
      v[j] = t == null ? p.initial() : p.kind().parse(ConfigFactory.parseString("x = \"" + t + "\"").getValue("x"));
    }
    return v;
  }

  static String csv(Specs.Scenario cluster, List<Parameter> ps, List<Plan> plans, Map<String, String> truth, Noise noise) {
    List<MeasuredMove> moves = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      Plan p = plans.get(i);
      moves.add(new MeasuredMove(i + 3, p.vm(), Math.round(p.gib() * (1L << 30)), p.from(), p.to(), p.option(), 1, null, null,
          p.simultaneous()));
    }
    MoveModel model = new MoveModel(cluster, moves, ps);
    MoveModel.Prediction[] truthFigures = model.predict(values(ps, truth), model.all());
    Random r = new Random(noise.seed());
    StringBuilder sb = new StringBuilder("#TYPE System.Management.Automation.PSCustomObject\r\n");
    sb.append(q("VM", "MemoryGB", "Source", "Destination", "PerformanceOption", "Seconds", "NicGbps", "BlackoutMs", "Simultaneous"));
    for (int i = 0; i < plans.size(); i++) {
      Plan p = plans.get(i);
      MoveModel.Prediction f = truthFigures[i];
      if (!f.completed()) throw new IllegalStateException("plan " + p + " did not complete: " + f.outcome() + " " + f.why());
      double seconds = f.seconds() * Math.exp(noise.seconds() * r.nextGaussian());
      double nic = f.nicGbps() * Math.exp(noise.nic() * r.nextGaussian());
      double blackout = f.blackoutMs() * Math.exp(noise.blackout() * r.nextGaussian());
      String option = switch (p.option()) {
        case "tcpip" -> "TCPIP";
        case "compression" -> "Compression";
        default -> "SMB";
      };
      sb.append(q(p.vm(), fmt("%.0f", p.gib()), p.from().toUpperCase(Locale.ROOT), p.to().toUpperCase(Locale.ROOT), option,
          fmt("%.4f", seconds), p.nic() ? fmt("%.3f", nic) : "", p.blackout() ? fmt("%.1f", blackout) : "",
          Integer.toString(p.simultaneous())));
    }
    return sb.toString();
  }

  private static String fmt(String f, double v) {
    return String.format(Locale.ROOT, f, v);
  }

  /** One Export-Csv line: every field quoted, quotes doubled, CRLF (Windows PowerShell's). */
  private static String q(String... fields) {
    StringBuilder sb = new StringBuilder();
    for (String f : fields) sb.append(sb.length() == 0 ? "" : ",").append('"').append(f.replace("\"", "\"\"")).append('"');
    return sb.append("\r\n").toString();
  }

  /** The sample's plan: sizes, options and batches chosen so that every constant shows in some figure. */
  static List<Plan> samplePlan() {
    return List.of(
        new Plan("app01", 4, "hv1", "hv2", "tcpip", 1, true, true),
        new Plan("app01", 8, "hv2", "hv3", "tcpip", 1, true, true),
        new Plan("app01", 16, "hv3", "hv1", "tcpip", 1, true, false),
        new Plan("sql01", 32, "hv1", "hv2", "tcpip", 1, true, true),
        new Plan("web01", 4, "hv2", "hv1", "compression", 1, true, true),
        new Plan("app01", 16, "hv1", "hv3", "compression", 1, true, false),
        new Plan("sql01", 32, "hv1", "hv3", "compression", 1, true, true),
        new Plan("file01", 2, "hv3", "hv1", "smb", 1, false, true),
        new Plan("web01", 4, "hv2", "hv3", "smb", 1, true, true),
        new Plan("file01", 8, "hv3", "hv2", "smb", 1, true, true),
        new Plan("app01", 16, "hv1", "hv2", "smb", 1, true, true),
        new Plan("sql01", 32, "hv1", "hv2", "smb", 1, true, true),
        new Plan("sql01", 64, "hv1", "hv3", "smb", 1, true, true),
        new Plan("web01", 2, "hv2", "hv1", "smb", 8, false, false),
        new Plan("file01", 4, "hv3", "hv1", "smb", 4, false, false),
        new Plan("web01", 4, "hv2", "hv3", "tcpip", 4, false, false));
  }

  /** The constants the sample's moves were made with (none of them reference.conf's). */
  static final Map<String, String> SAMPLE_TRUTH = Map.of(
      "livemig.cpu.tcp-per-core", "1.8 Gbps",
      "livemig.migration.create-vm", "1400 ms",
      "livemig.migration.allocate-per-gib", "90 ms",
      "livemig.migration.cleanup", "1100 ms",
      "livemig.compression.per-core-throughput", "150 MB",
      "livemig.migration.resume-time", "25 ms");

  /** The sample's noise: 1.5 % on the time, 3 % on the NIC peak, 5 % on the blackout (seed 27). */
  static final Noise SAMPLE_NOISE = new Noise(27, 0.015, 0.03, 0.05);
}
