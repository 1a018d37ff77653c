package dev.livemig.cluster;

import dev.livemig.kernel.Sim;
import dev.livemig.network.Network;
import dev.livemig.network.NetworkSettings;
import dev.livemig.network.Nic;
import dev.livemig.spec.Specs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Each host's CPU link (Nic.cpuLink): the host's spare CPU for TCP-borne migration streams, its
 * cores less what its VMs use now, never below livemig.cpu.min-spare-cores, times what a core
 * carries. Set when a migration starts or ends at the host (VMs arrive and leave then); a host
 * without `cores` is not bound. Part of the cluster manager's state ({@link Moves}).
 */
final class CpuLinks {
  private final Sim sim;
  private final Ledger ledger;
  private final Map<String, Specs.HostSpec> hostSpecs;
  private final NetworkSettings net;
  private final ActorRef<Network.Command> network;
  /** The capacity last given to each host's CPU link. */
  private final Map<String, Double> capacity = new HashMap<>();
  private final Map<String, Walk> walks = new HashMap<>();

  CpuLinks(Sim sim, Ledger ledger, Map<String, Specs.HostSpec> hostSpecs, NetworkSettings net,
      ActorRef<Network.Command> network) {
    this.sim = sim;
    this.ledger = ledger;
    this.hostSpecs = hostSpecs;
    this.net = net;
    this.network = network;
  }

  /** Sets the host's CPU link to its spare CPU now, telling the network only when it changed. */
  void update(String host) {
    Specs.HostSpec h = hostSpecs.get(host);
    if (h == null || h.cores() <= 0) return;
    long now = sim.now();
    long version = ledger.residentsVersion(host);
    Walk w = walks.get(host);
    if (w == null || w.version() != version || now >= w.until()) {
      // the walk, in the host's VM order (the sum's order), and until when its answer holds
      double sum = 0;
      long until = Long.MAX_VALUE;
      for (Specs.VmSpec v : ledger.specsOn(host)) {
        if (ledger.isDown(v.name())) continue;
        sum += v.cpu().coresAt(now);
        until = Math.min(until, nextStep(v.cpu(), now));
      }
      walks.put(host, w = new Walk(version, until, sum));
    }
    var cpu = net.cpu();
    double spare = Math.max(cpu.minSpareCores(), h.cores() - w.used());
    double c = spare * cpu.tcpPerCoreBps() * h.coreSpeedOr(cpu.defaultCoreSpeed()) / net.tcpEfficiency();
    if (!Objects.equals(capacity.put(host, c), c)) sim.send(network, new Network.SetCapacity(Nic.cpuLink(host), c));
  }

  /**
   * The cores a host's VMs used at the last walk of them: the same sum while the host's VMs and the
   * down VMs are unchanged ({@code version}) and no VM's profile steps ({@code until}). A host's
   * CPU link is set at every start and end of a migration there, and its VMs change less often.
   */
  private record Walk(long version, long until, double used) {}

  private static long nextStep(Specs.CpuProfile p, long now) {
    List<Long> at = p.at();
    for (int i = 0; i < at.size(); i++) if (at.get(i) > now) return at.get(i);
    return Long.MAX_VALUE;
  }
}
