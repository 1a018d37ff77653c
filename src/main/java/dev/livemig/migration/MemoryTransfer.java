package dev.livemig.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.livemig.kernel.Sim;
import dev.livemig.kernel.SimTime;
import dev.livemig.network.Network;
import dev.livemig.network.TransportPlanner;
import dev.livemig.network.TransportPlanner.Channel;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * How a {@link MigrationSource} moves memory to the destination: one transfer at a time (a pre-copy
 * pass, the final copy of the blackout, the post-copy push), as fluid flows on the route's channels
 * (split evenly over the live SMB Multichannel channels, moved to the others when one fails), or
 * through the compression pipeline (batches compressed with the source host's spare cores while
 * the previous batch is on the wire; back to plain TCP/IP when spare CPU runs short). It keeps what
 * the report needs: bytes delivered and on the wire, the CPU each end spent, what held the bytes
 * back. A plain class that runs inside the source actor, on its thread.
 */
final class MemoryTransfer {
  private final Sim sim;
  private final MigrationSettings settings;
  private final MigrationOrder order;
  private final ActorRef<Host.Command> host;
  private final ActorRef<MigrationSource.Command> self;
  private final ActorRef<Network.FlowEvent> flowReplies;
  /** Makes the adapter for the host's compression grants, the first time one is asked for (most transfers never compress). */
  private final java.util.function.Supplier<ActorRef<Host.CompressionGrant>> grantsAdapter;
  private ActorRef<Host.CompressionGrant> grants;
  private final List<String> notes;
  private final List<MigrationResult.CpuUse> cpu;
  /**
   * The open streams of the transfer in progress, in the order they started (a migration has one per
   * live channel, a few at most: found by a scan). Where the order matters (the StopFlows of
   * {@link #stop}) they go by id, as a map sorted by id did.
   */
  private final List<OpenFlow> openFlows = new ArrayList<>(2);
  private final boolean[] channelUp;
  private String transport;
  private int flowSeq;
  private boolean firstPass;
  // Compression pipeline: input left to compress, a batch being compressed, one waiting for the wire.
  private long toCompress;
  private long compressOffset;
  private boolean compressing;
  private double readyWire = -1;
  private long readyInput;
  private long wireBytes;
  private long bytesSent;
  /**
   * Memory bytes delivered, by what held them back (Network.FlowCompleted.limitedBy, compression-cpu):
   * the limiters in the order first met and their bytes (a few kinds; null until a stream completes).
   */
  private String[] limiters;
  private double[] limitedBytes;
  private int limiterCount;
  /** A compressed batch the wire waited for: its input bytes were held back by compression. */
  private boolean wireWaited;
  private boolean firstBatch = true;
  /** Stopped: the streams' answers are only counted, nothing more is sent. */
  private boolean stopping;
  /** The CPU use (an index in {@code cpu}) of the batch being compressed, or -1. */
  private int batchCpu = -1;

  MemoryTransfer(Sim sim, MigrationSettings settings, MigrationOrder order, ActorRef<Host.Command> host,
      ActorRef<MigrationSource.Command> self, ActorRef<Network.FlowEvent> flowReplies,
      java.util.function.Supplier<ActorRef<Host.CompressionGrant>> grants, List<String> notes, List<MigrationResult.CpuUse> cpu) {
    this.sim = sim;
    this.settings = settings;
    this.order = order;
    this.host = host;
    this.self = self;
    this.flowReplies = flowReplies;
    this.grantsAdapter = grants;
    this.notes = notes;
    this.cpu = cpu;
    this.transport = order.transport();
    this.channelUp = new boolean[order.route().channels().size()];
    java.util.Arrays.fill(channelUp, true);
  }

  /** Starts moving {@code bytes} of memory ({@code firstPass}: memory walked in order). */
  void start(long bytes, boolean firstPass) {
    this.firstPass = firstPass;
    if ("compression".equals(transport)) {
      toCompress = bytes;
      compressOffset = 0;
      compressNext();
    } else {
      sendPlain(bytes, firstPass);
    }
  }

  /** Whether the transfer in progress is done: nothing on the wire, compressing or left to compress. */
  boolean done() {
    return openFlows.isEmpty() && !compressing && readyWire < 0 && toCompress == 0;
  }

  /**
   * Stops whatever is on the wire or being compressed (the migration failed). The network answers
   * each open stream with the bytes it had left: until then the transfer is {@link #stopping()}, and
   * the answers go to {@link #onFlow} like any stream event, which counts what each stream delivered.
   */
  void stop() {
    stopping = true;
    OpenFlow[] byId = openFlows.toArray(new OpenFlow[0]);
    java.util.Arrays.sort(byId, (a, b) -> a.id.compareTo(b.id));
    for (OpenFlow f : byId) sim.send(order.network(), new Network.StopFlow(f.id, flowReplies));
    if (compressing) sim.send(host, new Host.CompressionDone(attemptId()));
    if (batchCpu >= 0) { // the batch being compressed stops now: its cores were busy until now only
      MigrationResult.CpuUse c = cpu.get(batchCpu);
      cpu.set(batchCpu, new MigrationResult.CpuUse(c.host(), c.from(), Math.max(c.from(), sim.now()), c.cores()));
      batchCpu = -1;
    }
    compressing = false;
    toCompress = 0;
    readyWire = -1;
  }

  /** Stopped, and some stream's answer has not come yet (its delivered bytes are not counted yet). */
  boolean stopping() {
    return stopping && !openFlows.isEmpty();
  }

  /** The transport in use (compression falls back to tcpip). */
  String transport() {
    return transport;
  }

  /** Memory bytes delivered so far. */
  long bytesSent() {
    return bytesSent;
  }

  /** Bytes put on the wire so far. */
  long wireBytes() {
    return wireBytes;
  }

  private String attemptId() {
    return order.id() + (order.attempt() > 0 ? "." + order.attempt() : "");
  }

  private void sendPlain(double bytes) {
    sendPlain(bytes, false);
  }

  /**
   * Splits {@code bytes} evenly over the live channels, one flow each (SMB Multichannel, several TCP
   * streams). {@code walk}: the first pass, memory walked in order; on a platform that detects zero
   * pages (QEMU) the zero part of the VM's content goes as a header per page, checked by the thread
   * its zero-page detection names (Policies.zeroPageDetection): each multifd channel's thread at
   * livemig.migration.policies.qemu.zero-page.scan-per-core, under the main thread's walk over all
   * channels (zero-page.walk); the main thread alone walking and checking in turn (legacy). A cap on
   * each stream: an all-zero guest is bound by the scan, not the wire.
   */
  private void sendPlain(double bytes, boolean walk) {
    List<Channel> channels = order.route().channels();
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) if (channelUp[i]) live.add(i);
    double share = bytes / live.size();
    var p = settings.policies();
    String detection = walk ? p.zeroPageDetection(order) : "none";
    double zero = detection.equals("none") ? 0 : order.vm().content().zero();
    double wire = share * (1 - zero) + share / settings.pageSize() * zero * p.zeroPageHeaderBytes();
    // memory walked per second by each channel's share
    double walked = detection.equals("multifd")
        ? Math.min(p.scanRate(order), p.walkRate(order) / live.size())
        : 1 / (1 / p.walkRate(order) + 1 / p.scanRate(order)) / live.size();
    double scanCap = zero > 0 ? walked * 8 * wire / share : 0;
    // The thread that checks a page also sends it when it is a multifd channel's (multifd detection)
    // or when one stream is all there is (QEMU without multifd: the migration thread walks, checks
    // and writes to the socket in turn); then a stream's CPU time is the sum of both. Legacy detection
    // over several channels: the main thread checks while the channels' threads send (overlap).
    boolean scanThenSend = detection.equals("multifd") || live.size() == 1;
    // The SMB bandwidth limit is the host's, over all its SMB live-migration traffic: a link of the
    // fabric (Nic.smbLimitLink) on every SMB channel's path, not a cap per migration. A TCP channel's
    // own cap is what its connections' cores carry (TransportPlanner).
    for (int i : live) {
      Channel c = channels.get(i);
      String id = order.id() + (order.attempt() > 0 ? "." + order.attempt() : "") + "/f" + flowSeq++;
      openFlows.add(new OpenFlow(id, i, share, wire, sim.now(), false));
      wireBytes += (long) wire;
      sim.send(order.network(), startFlow(id, c, wire, live.size(), scanCap, scanThenSend));
    }
  }

  /** Handles a stream event of the current transfer: the failure that ends the migration, or null. */
  String onFlow(Network.FlowEvent e) {
    if (e instanceof Network.FlowRerouted r) {
      notes.add(String.format(Locale.ROOT, "%.3f s: link %s down; stream %s rerouted over %s", sim.now() / 1e9, r.link(),
          r.flowId(), r.links()));
      return null;
    }
    if (e instanceof Network.FlowStopped s) {
      if (s.remainingBytes() >= 0) cutShort(s.flowId(), s.remainingBytes());
      return null;
    }
    if (e instanceof Network.FlowFailed f) {
      Integer ch = cutShort(f.flowId(), f.remainingBytes());
      if (stopping) return null;
      for (int i = 0; i < channelUp.length; i++) {
        if (order.route().channels().get(i).links().contains(f.link())) channelUp[i] = false;
      }
      boolean anyUp = false;
      for (boolean u : channelUp) anyUp |= u;
      if (!TransportPlanner.isSmb(transport) || !anyUp || ch == null) {
        return "stream " + f.flowId() + " lost: link " + f.link() + " went down";
      }
      notes.add(String.format(Locale.ROOT, "%.3f s: link %s down; %.0f bytes moved to the remaining SMB channels",
          sim.now() / 1e9, f.link(), f.remainingBytes()));
      sendPlain(f.remainingBytes());
      return null;
    }
    Network.FlowCompleted fc = (Network.FlowCompleted) e;
    String done = fc.flowId();
    OpenFlow f = take(done);
    if (f != null) {
      bytesSent += Math.round(f.memory);
      limited(f.waited ? "compression-cpu" : fc.limitedBy() == null ? "wire" : fc.limitedBy(), f.memory);
      streamCpu(order.route().channels().get(f.channel), f.start, f.memory, f.wire);
    }
    if (stopping) return null;
    if (readyWire >= 0) {
      sendCompressed(readyWire, readyInput);
      readyWire = -1;
      compressNext();
    }
    return null;
  }

  /**
   * A stream that ended before its last byte (its link went down, or the migration stopped it) with
   * {@code remaining} wire bytes not delivered: its memory bytes delivered in proportion, its CPU
   * over its life. Returns its channel, or null when it was not open.
   */
  private Integer cutShort(String id, double remaining) {
    OpenFlow f = take(id);
    wireBytes -= (long) remaining;
    if (f == null) return null;
    if (f.wire > 0) {
      double part = Math.max(0, 1 - remaining / f.wire);
      bytesSent += Math.round(f.memory * part);
      streamCpu(order.route().channels().get(f.channel), f.start, f.memory * part, f.wire * part);
    }
    return f.channel;
  }

  /** An open stream of the transfer in progress. */
  private record OpenFlow(String id, int channel, double memory, double wire, long start, boolean waited) {}

  /** Removes the open stream {@code id} and returns it, or null when it is not open. */
  private OpenFlow take(String id) {
    for (int i = 0; i < openFlows.size(); i++) if (openFlows.get(i).id.equals(id)) return openFlows.remove(i);
    return null;
  }

  /** Counts {@code bytes} of memory delivered as held back by {@code limiter}. */
  private void limited(String limiter, double bytes) {
    if (limiters == null) {
      limiters = new String[2];
      limitedBytes = new double[2];
    }
    for (int i = 0; i < limiterCount; i++) {
      if (limiters[i].equals(limiter)) {
        limitedBytes[i] += bytes;
        return;
      }
    }
    if (limiterCount == limiters.length) {
      limiters = java.util.Arrays.copyOf(limiters, 2 * limiterCount);
      limitedBytes = java.util.Arrays.copyOf(limitedBytes, 2 * limiterCount);
    }
    limiters[limiterCount] = limiter;
    limitedBytes[limiterCount++] = bytes;
  }

  /**
   * Compresses the next batch with the source host's spare CPU, unless one is being compressed or
   * one already waits for the wire (double buffering: compressing overlaps sending). When spare CPU
   * is below the threshold, compression would contend with the VMs: fall back to plain TCP/IP.
   */
  private void compressNext() {
    if (compressing || readyWire >= 0 || toCompress <= 0) return;
    var z = settings.compression();
    double cores = order.sourceCores();
    double spare = cores - order.sourceVmCores(sim.now());
    int threads = (int) Math.min(settings.policies().compressThreads(order, z.maxThreads()), Math.floor(spare));
    if (cores <= 0 || spare / cores < z.fallbackBelowSpare() || threads < 1) {
      fallBack(cores <= 0 ? "the source host's cores are not given"
          : String.format(Locale.ROOT, "spare CPU on %s is %.0f %% (%.1f of %.0f cores), below %.0f %%",
              order.from(), 100 * Math.max(0, spare) / cores, Math.max(0, spare), cores, 100 * z.fallbackBelowSpare()));
      return;
    }
    // The host shares its spare cores among its compressed migrations: ask for them per batch.
    compressing = true;
    if (grants == null) grants = grantsAdapter.get();
    sim.send(host, new Host.CompressionCores(attemptId(), threads, spare, grants));
  }

  /** The host's answer to a request for compression cores. */
  void onGranted(Host.CompressionGrant g) {
    int threads = g.cores();
    if (threads < 1) {
      compressing = false;
      fallBack("the spare cores of " + order.from() + " are in use by its other compressed migrations");
      return;
    }
    var z = settings.compression();
    long batch = Math.min(z.batchBytes(), toCompress);
    int kind = firstPass ? Content.kindAt(sim, order.vm(), z.regionBytes(), compressOffset) : -1;
    double ratio = kind >= 0 ? z.ratio(kind) : Content.mean(order.vm().content(), z::ratio);
    // the codec's time per input byte depends on what it reads (livemig.compression.speed)
    double speed = kind >= 0 ? z.speed(kind) : 1 / Content.mean(order.vm().content(), k -> 1 / z.speed(k));
    double wire = batch * ratio;
    var p = settings.policies();
    long nanos = SimTime.durationFor(batch,
        threads * z.perCoreBytesPerSecond() * order.sourceCoreSpeed() * p.codecSpeed(order) * speed);
    if (kind == MigrationSettings.Compression.ZERO && !p.zeroPageDetection(order).equals("none")) {
      // QEMU checks for a zero page before it hands a page to a compression thread (save_zero_page first):
      // a zero region costs the check and goes as one flag per page.
      wire = batch / (double) settings.pageSize() * p.zeroPageHeaderBytes();
      nanos = SimTime.durationFor(batch, 1 / (1 / p.walkRate(order) + 1 / p.scanRate(order)));
    }
    batchCpu = cpu.size();
    cpu.add(new MigrationResult.CpuUse(order.from(), sim.now(), sim.now() + nanos, threads));
    sim.schedule(nanos, self, new MigrationSource.Compressed(batch, wire));
  }

  /** Compression would contend with the VMs (or is out of cores): the rest goes as plain TCP/IP. */
  private void fallBack(String why) {
    notes.add(String.format(Locale.ROOT, "%.3f s: " + MigrationSource.FELL_BACK + ": %s", sim.now() / 1e9, why));
    sim.log(order.id(), "compression falls back to TCP/IP: " + why);
    transport = "tcpip";
    long rest = toCompress;
    toCompress = 0;
    sendPlain(rest);
  }

  /**
   * The CPU a finished stream cost at each end over its life (its mean rate times the cores per bit/s
   * of its channel), and the destination's decompression of a compressed batch.
   */
  private void streamCpu(Channel c, long began, double memoryBytes, double wire) {
    long now = sim.now();
    if (now <= began) return;
    double bps = wire * 8 / ((now - began) / 1e9);
    cpu.add(new MigrationResult.CpuUse(order.from(), began, now, bps * c.srcCoresPerBps() / stack()));
    double dst = bps * c.dstCoresPerBps() / stack();
    if (wire < memoryBytes) {
      double rate = settings.compression().decompressPerCoreBytesPerSecond() * order.destinationCoreSpeed();
      dst += memoryBytes / rate / ((now - began) / 1e9);
    }
    cpu.add(new MigrationResult.CpuUse(order.to(), began, now, dst));
  }

  /** What held this migration's memory back for most of its bytes, or null when none was sent. */
  String limitedBy() {
    String best = null;
    double most = 0;
    // by name, the first of the largest (as a map sorted by name did)
    for (int i = 0; i < limiterCount; i++) {
      String k = limiters[i];
      double v = limitedBytes[i];
      if (best == null || v > most || v == most && k.compareTo(best) < 0) {
        best = k;
        most = v;
      }
    }
    return best;
  }

  /** A batch is compressed: {@code inputBytes} of memory became {@code wire} bytes. */
  void onCompressed(long inputBytes, double wire) {
    compressing = false;
    batchCpu = -1;
    sim.send(host, new Host.CompressionDone(attemptId()));
    toCompress -= inputBytes;
    compressOffset += inputBytes;
    if (openFlows.isEmpty()) {
      // The wire was idle, waiting for this batch: compression held it back.
      wireWaited = !firstBatch;
      firstBatch = false;
      sendCompressed(wire, inputBytes);
    } else {
      readyWire = wire;
      readyInput = inputBytes;
    }
    compressNext();
  }

  /** A compressed batch goes over the migration's live channels, split evenly (one with a single connection). */
  private void sendCompressed(double wire, long input) {
    List<Channel> channels = order.route().channels();
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) if (channelUp[i]) live.add(i);
    if (live.isEmpty()) live.add(0);
    for (int i : live) {
      String id = order.id() + (order.attempt() > 0 ? "." + order.attempt() : "") + "/z" + flowSeq++;
      double w = Math.max(1, wire / live.size());
      openFlows.add(new OpenFlow(id, i, input / (double) live.size(), w, sim.now(), wireWaited));
      wireBytes += (long) w;
      sim.send(order.network(), startFlow(id, channels.get(i), w, live.size(), 0, false));
    }
    wireWaited = false;
  }

  /**
   * A stream on channel {@code c}, capped by what its connections' cores carry or by the policy's
   * bandwidth cap shared over the migration's {@code channels} (QEMU's max-bandwidth), the tighter.
   */
  /**
   * One stream's flow under the tightest of its caps: its core's (the channel's stream CPU, by the
   * platform's stack factor), the zero-page scan's ({@code scanCap} bps of this flow's bytes, 0: none;
   * {@code scanThenSend}: the scanning thread also sends, so its time per byte is the sum of both),
   * the policy's bandwidth cap and RDMA's registration, each shared over the migration's channels.
   */
  private Network.StartFlow startFlow(String id, Channel c, double bytes, int channels, double scanCap,
      boolean scanThenSend) {
    double policyCap = settings.policies().bandwidthCapBps(order) / Math.max(1, channels);
    boolean cpu = "stream-cpu".equals(c.capKind());
    double streamCap = c.capBps() * (cpu ? stack() * settings.policies().streamShare(order.policy(), channels) : 1);
    String streamKind = c.capKind();
    if (scanCap > 0) {
      if (scanThenSend && cpu && streamCap > 0) {
        streamKind = scanCap < streamCap ? "zero-scan" : streamKind;
        streamCap = 1 / (1 / scanCap + 1 / streamCap);
      } else if (streamCap <= 0 || scanCap < streamCap) {
        streamCap = scanCap;
        streamKind = "zero-scan";
      }
    }
    double registerCap = settings.policies().registrationCapBps(order) / Math.max(1, channels);
    if (registerCap > 0 && (policyCap <= 0 || registerCap < policyCap) && (streamCap <= 0 || registerCap < streamCap))
      return new Network.StartFlow(id, c.links(), bytes, c.efficiency(), registerCap, flowReplies, "rdma-registration");
    if (policyCap > 0 && (streamCap <= 0 || policyCap < streamCap))
      return new Network.StartFlow(id, c.links(), bytes, c.efficiency(), policyCap, flowReplies, "bandwidth-cap");
    return new Network.StartFlow(id, c.links(), bytes, c.efficiency(), streamCap, flowReplies, streamKind);
  }

  /** The platform's TCP stack against Hyper-V's, per core (MigrationSettings.Policies.stackFactor). */
  private double stack() {
    return settings.policies().stackFactor(order.policy());
  }
}
