package dev.livemig.cluster;

import java.util.Locale;
import dev.livemig.kernel.SimTime;
import dev.livemig.network.NetworkSettings;
import dev.livemig.network.Topology;

/**
 * Live migrations between two sites whose storage is replicated (issue 17): the storage failover
 * they add to the blackout, or why one is refused. Pure functions of the topology and the settings;
 * used by {@link Moves} when a move starts.
 */
final class CrossSite {
  private final Topology topology;
  private final NetworkSettings net;

  CrossSite(Topology topology, NetworkSettings net) {
    this.topology = topology;
    this.net = net;
  }

  /**
   * What a move between two sites adds: {@code refusal} (why it does not run: asynchronous
   * replication lags by more than livemig.topology.max-async-lag), or the {@code note} on its
   * storage failover and its {@code failoverNanos} (the replication direction swaps in the blackout).
   */
  record Verdict(String refusal, String note, long failoverNanos) {}

  /** The verdict on a move from {@code from} to {@code to}; null when it is not between replicated sites. */
  Verdict of(String from, String to) {
    var spec = topology.spec();
    String a = spec.siteOf(from);
    String b = spec.siteOf(to);
    var rep = a == null || b == null || a.equals(b) ? null : spec.replication(a, b);
    if (rep == null) return null;
    long bound = net.sites().maxAsyncLagNanos();
    if (!rep.sync() && rep.lagNanos() > bound)
      return new Verdict(String.format(Locale.ROOT, "asynchronous replication from %s to %s lags %.1f s, above the %.1f s "
          + "a cross-site live migration allows (livemig.topology.max-async-lag): the VM stays on %s",
          a, b, rep.lagNanos() / 1e9, bound / 1e9, from), null, 0);
    // the swap (livemig.topology.storage-failover) after an asynchronous replica has caught up: the
    // writes of the lag, at the write rate, over the replication link (none without a write rate)
    long catchUp = rep.sync() || rep.writeBps() <= 0 ? 0 : SimTime.durationFor(rep.lagNanos() / 1e9 * rep.writeBps(), rep.bps());
    long failover = net.sites().storageFailoverNanos() + catchUp;
    return new Verdict(null, String.format(Locale.ROOT, "storage failover %s -> %s (%s replication): %.3f s in the blackout",
        a, b, rep.sync() ? "synchronous" : "asynchronous", failover / 1e9), failover);
  }
}
