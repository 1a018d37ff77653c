package dev.livemig.migration;

import java.util.List;
import dev.livemig.network.Network;
import dev.livemig.network.TransportPlanner.Route;
import dev.livemig.spec.Specs.CpuProfile;
import dev.livemig.spec.Specs.VmSpec;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Everything one live migration needs, decided by the cluster manager when it starts it: the VM,
 * the hosts, the transport and the route its streams take, the pass limit, the SMB bandwidth
 * limit, the source host's cores and the CPU its VMs use (for compression), where to report, and the
 * convergence policy ({@code cluster.live-migration.policy}), and the speed of the destination's cores
 * (decompression) and of the source's ({@code sourceCoreSpeed}: compression); {@code storageFailoverNanos}: the storage failover of a move between sites whose
 * storage is replicated (the replication direction swaps in the blackout), 0 otherwise.
 */
public record MigrationOrder(String id, int attempt, VmSpec vm, ActorRef<Vm.Command> vmRef, String from, String to,
    ActorRef<Host.Command> destination, String transport, Route route, int maxPasses, double smbLimitBps,
    int sourceCores, List<CpuProfile> sourceLoad, ActorRef<Network.Command> network,
    ActorRef<MigrationResult> replyTo, String policy, double destinationCoreSpeed, MovePlan plan,
    long storageFailoverNanos, double maxBandwidthBps, String zeroPageDetection, boolean rdmaPinAll,
    long downtimeLimitNanos, String multifdCompression, double sourceCoreSpeed) {

  /**
   * Without QEMU's settings: {@code zeroPageDetection} (its parameter: none, legacy, multifd; null: the
   * platform's default for the migration's streams) and {@code rdmaPinAll} (its capability: RDMA pins the
   * whole guest before the first pass instead of registering chunk by chunk); {@code downtimeLimitNanos}: QEMU's
   * downtime-limit for the qemu policy's stop rule, -1: the policy's default; {@code multifdCompression}: QEMU's
   * codec (zlib, zstd; null: zlib).
   */
  public MigrationOrder(String id, int attempt, VmSpec vm, ActorRef<Vm.Command> vmRef, String from, String to,
      ActorRef<Host.Command> destination, String transport, Route route, int maxPasses, double smbLimitBps,
      int sourceCores, List<CpuProfile> sourceLoad, ActorRef<Network.Command> network,
      ActorRef<MigrationResult> replyTo, String policy, double destinationCoreSpeed, MovePlan plan,
      long storageFailoverNanos, double maxBandwidthBps) {
    this(id, attempt, vm, vmRef, from, to, destination, transport, route, maxPasses, smbLimitBps, sourceCores, sourceLoad,
        network, replyTo, policy, destinationCoreSpeed, plan, storageFailoverNanos, maxBandwidthBps, null, false, -1, null, 1.0);
  }

  /** {@code maxBandwidthBps}: the cap the cluster's settings set on this migration (QEMU's max-bandwidth), -1: the policy's own. */
  public MigrationOrder(String id, int attempt, VmSpec vm, ActorRef<Vm.Command> vmRef, String from, String to,
      ActorRef<Host.Command> destination, String transport, Route route, int maxPasses, double smbLimitBps,
      int sourceCores, List<CpuProfile> sourceLoad, ActorRef<Network.Command> network,
      ActorRef<MigrationResult> replyTo, String policy, double destinationCoreSpeed, MovePlan plan,
      long storageFailoverNanos) {
    this(id, attempt, vm, vmRef, from, to, destination, transport, route, maxPasses, smbLimitBps, sourceCores, sourceLoad,
        network, replyTo, policy, destinationCoreSpeed, plan, storageFailoverNanos, -1);
  }

  /** A move without a storage failover (not between sites whose storage is replicated). */
  public MigrationOrder(String id, int attempt, VmSpec vm, ActorRef<Vm.Command> vmRef, String from, String to,
      ActorRef<Host.Command> destination, String transport, Route route, int maxPasses, double smbLimitBps,
      int sourceCores, List<CpuProfile> sourceLoad, ActorRef<Network.Command> network,
      ActorRef<MigrationResult> replyTo, String policy, double destinationCoreSpeed, MovePlan plan) {
    this(id, attempt, vm, vmRef, from, to, destination, transport, route, maxPasses, smbLimitBps, sourceCores, sourceLoad,
        network, replyTo, policy, destinationCoreSpeed, plan, 0);
  }

  /** A plain live migration (no plan: the VM has no storage, guest or role in the model). */
  public MigrationOrder(String id, int attempt, VmSpec vm, ActorRef<Vm.Command> vmRef, String from, String to,
      ActorRef<Host.Command> destination, String transport, Route route, int maxPasses, double smbLimitBps,
      int sourceCores, List<CpuProfile> sourceLoad, ActorRef<Network.Command> network,
      ActorRef<MigrationResult> replyTo, String policy, double destinationCoreSpeed) {
    this(id, attempt, vm, vmRef, from, to, destination, transport, route, maxPasses, smbLimitBps, sourceCores, sourceLoad,
        network, replyTo, policy, destinationCoreSpeed, null, 0);
  }

  /** The same order answered to {@code to}, without a plan: the live part of a move a {@link MoveRun} drives. */
  MigrationOrder liveLeg(ActorRef<MigrationResult> to) {
    return new MigrationOrder(id, attempt, vm, vmRef, from, this.to, destination, transport, route, maxPasses, smbLimitBps,
        sourceCores, sourceLoad, network, to, policy, destinationCoreSpeed, null, storageFailoverNanos, maxBandwidthBps,
        zeroPageDetection, rdmaPinAll, downtimeLimitNanos, multifdCompression, sourceCoreSpeed);
  }

  String attemptId() {
    return id + (attempt > 0 ? "." + attempt : "");
  }

  /** Cores the source host's VMs use at {@code t}. */
  public double sourceVmCores(long t) {
    double c = 0;
    for (CpuProfile p : sourceLoad) c += p.coresAt(t);
    return c;
  }
}
