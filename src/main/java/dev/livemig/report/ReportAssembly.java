package dev.livemig.report;

import dev.livemig.kernel.Buckets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.livemig.cluster.Batch;
import dev.livemig.cluster.ClusterManager;
import dev.livemig.cluster.Ledger;
import dev.livemig.kernel.SimTime;
import dev.livemig.migration.MigrationResult;
import dev.livemig.network.Network;
import dev.livemig.spec.Specs;

/**
 * The JSON report of a run, assembled from the cluster's ledger and the fabric's series: every
 * figure comes from the ledger's typed records, converted to simulated seconds here.
 */
public final class ReportAssembly {
  private ReportAssembly() {}

  public static Report of(ClusterManager.Outcome o) {
    Ledger ledger = o.ledger();
    Map<String, Report.Measure> measures = new LinkedHashMap<>();
    for (var e : ledger.measures().entrySet()) {
      Ledger.Measured m = e.getValue();
      measures.put(e.getKey(), new Report.Measure(secs(m.nanos()), m.copyGbps(), m.downtimeMs(), m.migration(),
          m.vmsLeft() == null || m.vmsLeft() == 0 ? null : m.vmsLeft(), m.dataAtRiskSeconds()));
    }
    List<MigrationRecord> records = new ArrayList<>();
    for (Ledger.Attempt a : ledger.attempts()) records.add(record(a));
    long res = o.series().resolutionNanos();
    var series = new Report.Series(secs(res), o.series().gbps(), cpuSeries(o, res), o.series().linkGbps());
    List<Report.DrainRecord> drains = new ArrayList<>();
    Map<String, List<List<Double>>> nics = nicSeriesByHost(o.series());
    for (Batch b : ledger.drains()) drains.add(drainRecord(b, nics.getOrDefault(b.host(), List.of()), res, o.endNanos()));
    List<Report.MaintenanceRecord> maintenance = new ArrayList<>();
    for (Ledger.Maintenance m : ledger.maintenance()) maintenance.add(maintenanceRecord(m));
    List<Report.CrashRecord> crashes = new ArrayList<>();
    for (Ledger.Crash c : ledger.crashes()) {
      List<Report.CrashedVm> vms = new ArrayList<>();
      for (Ledger.Restart r : c.vms()) {
        vms.add(new Report.CrashedVm(r.vm(), r.host(), r.downNanos() == null ? null : secs(r.downNanos()), r.reason(),
            dataAtRisk(o.scenario().topology(), c.host(), r.host())));
      }
      crashes.add(new Report.CrashRecord(c.host(), secs(c.at()), c.cause(), List.copyOf(vms)));
    }
    return new Report(o.scenario().name(), o.seed(), Collections.unmodifiableMap(measures), List.copyOf(records),
        List.copyOf(drains), List.copyOf(maintenance), List.copyOf(crashes), NodeAddReport.of(ledger.nodeAdds()), series);
  }

  private static MigrationRecord record(Ledger.Attempt a) {
    var m = a.move();
    if (a instanceof Ledger.Rejected r) {
      return new MigrationRecord(m.attemptId(), m.vm().name(), m.from(), m.to(), m.kind().word, r.transport(), null,
          secs(m.queuedAt()), null, secs(r.at()), 0, 0, 0, List.of(), null, r.refused() ? "refused" : "rejected", r.reason(),
          List.of(), null, null);
    }
    MigrationResult res = ((Ledger.Ended) a).result();
    var move = res.move();
    return new MigrationRecord(m.attemptId(), m.vm().name(), m.from(), m.to(), move == null ? "live" : move.kind(),
        res.transport(), res.network(), secs(m.queuedAt()), secs(res.startedAt()), secs(res.finishedAt()),
        res.downtimeNanos() / 1e6, res.bytesSent(), res.wireBytes(), res.passes(), res.stopReason(), res.outcome(),
        res.failure(), res.notes(), res.guest(), res.limitedBy(), instant(res.builtAt()), instant(res.pausedAt()),
        instant(res.resumedAt()), move == null ? null : move.storageBytes(),
        move == null || move.flags().isEmpty() ? null : move.flags());
  }

  private static Report.MaintenanceRecord maintenanceRecord(Ledger.Maintenance m) {
    long total = m.finishedAt() - m.startedAt();
    List<Report.HostWindow> hosts = new ArrayList<>();
    for (Ledger.Window w : m.hosts()) {
      long took = w.finishedAt() - w.startedAt();
      hosts.add(new Report.HostWindow(w.host(), secs(w.startedAt()), secs(w.drainedAt()), secs(w.patchedAt()),
          secs(w.finishedAt()), secs(took), total == 0 ? 0 : Math.round(took * 1e4 / total) / 1e4, w.vmsLeft()));
    }
    return new Report.MaintenanceRecord(secs(m.startedAt()), secs(m.finishedAt()), secs(total), List.copyOf(hosts), m.measure());
  }

  /**
   * The NIC series ({@code host/nic}) of each host, in the series' order: bucketed once for all
   * drains. A key is listed under every prefix that ends before a '/' (exactly the hosts whose
   * name + "/" it starts with).
   */
  private static Map<String, List<List<Double>>> nicSeriesByHost(Network.Series s) {
    Map<String, List<List<Double>>> out = new java.util.HashMap<>();
    for (var e : s.gbps().entrySet()) {
      String key = e.getKey();
      for (int i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) {
        out.computeIfAbsent(key.substring(0, i), k -> new ArrayList<>()).add(e.getValue());
      }
    }
    return out;
  }

  /** A drain: its times, the memory it moved, its mean and peak Gbit/s (the host's NICs), each VM. */
  private static Report.DrainRecord drainRecord(Batch b, List<List<Double>> nics, long res, long now) {
    long end = b.finishedAt() < 0 ? now : b.finishedAt();
    double peak = 0;
    int from = (int) (b.startedAt() / res);
    int to = (int) ((end + res - 1) / res);
    for (int i = from; i < to; i++) {
      double sum = 0;
      for (int n = 0; n < nics.size(); n++) { // by index: no iterator per bucket (C1 does not elide it)
        List<Double> nic = nics.get(n);
        if (i < nic.size()) sum += at(nic, i);
      }
      peak = Math.max(peak, sum);
    }
    double seconds = (end - b.startedAt()) / 1e9;
    double mean = seconds > 0 ? Math.round(b.bytesMoved() * 8 / seconds / 1e9 * 1e4) / 1e4 : 0;
    List<Report.DrainedVm> vms = new ArrayList<>();
    for (Batch.VmMove v : b.vms()) {
      vms.add(new Report.DrainedVm(v.vm(), v.to(), v.queueWaitNanos() == null ? null : secs(v.queueWaitNanos()),
          v.copyNanos() == null ? null : secs(v.copyNanos()), v.downtimeMs(), v.outcome(), v.reason(), v.fix(), v.kind()));
    }
    return new Report.DrainRecord(b.host(), secs(b.startedAt()), secs(end), secs(end - b.startedAt()), b.bytesMoved(),
        mean, Math.round(peak * 1e4) / 1e4, List.copyOf(vms), b.measure(), b.forRolling());
  }

  /** A series' {@code i}-th value, unboxed when the series is the fabric's means. */
  private static double at(List<Double> series, int i) {
    return series instanceof Buckets.Means m ? m.at(i) : series.get(i);
  }

  /** Cores busy per host and bucket: the CPU of the VMs it held, plus compression. */
  private static Map<String, List<Double>> cpuSeries(ClusterManager.Outcome o, long res) {
    long end = o.endNanos();
    Map<String, Buckets> acc = new java.util.HashMap<>(); // looked up per stay and per use; sorted below
    for (Specs.HostSpec h : o.scenario().hosts()) acc.put(h.name(), new Buckets(res, end));
    for (var e : o.ledger().history().entrySet()) {
      Specs.CpuProfile cpu = o.ledger().spec(e.getKey()).cpu();
      List<Ledger.Stay> m = e.getValue();
      for (int i = 0; i < m.size(); i++) {
        long from = m.get(i).since();
        long to = i + 1 < m.size() ? m.get(i + 1).since() : end;
        Buckets b = acc.get(m.get(i).host());
        if (b == null) continue; // down: on no host
        // the VM's CPU schedule, step by step, over its stay on this host
        for (int k = 0; k < cpu.at().size(); k++) {
          long stepEnd = k + 1 < cpu.at().size() ? cpu.at().get(k + 1) : Long.MAX_VALUE;
          b.add(Math.max(from, cpu.at().get(k)), Math.min(to, stepEnd), cpu.cores().get(k));
        }
      }
    }
    for (MigrationResult.CpuUse u : o.ledger().cpuUse()) acc.get(u.host()).add(u.from(), u.to(), u.cores());
    Map<String, List<Double>> out = new TreeMap<>();
    for (var e : acc.entrySet()) {
      Buckets.Means cores = e.getValue().means(1, 3);
      if (!cores.allZero()) out.put(e.getKey(), cores);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The writes a VM that crashed on {@code from} and restarted on {@code to} may have lost: the
   * replication lag between their sites (0 when synchronous); null when it stayed on its site, did
   * not restart, or the sites do not replicate.
   */
  private static Double dataAtRisk(dev.livemig.spec.TopologySpec t, String from, String to) {
    if (t == null || to == null) return null;
    String a = t.siteOf(from);
    String b = t.siteOf(to);
    var rep = a == null || b == null || a.equals(b) ? null : t.replication(a, b);
    return rep == null ? null : rep.sync() ? 0.0 : secs(rep.lagNanos());
  }

  /** An instant of a migration's phases in report seconds; null when it never came (negative). */
  private static Double instant(long nanos) {
    return nanos < 0 ? null : secs(nanos);
  }

  private static double secs(long nanos) {
    return SimTime.reportSeconds(nanos);
  }
}
