package dev.livemig.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import dev.livemig.kernel.Sim;
import dev.livemig.network.Network;
import dev.livemig.network.TransportPlanner.Channel;
import dev.livemig.spec.Storage;
import dev.livemig.spec.Storage.Kind;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The source side of a move that is not a plain live migration (issue 13), created on the source
 * host. Each kind is a sequence of the same mechanisms (domain.md, "Kinds of move"):
 * <ul>
 *   <li>live: (virtual Fibre Channel: each adapter's fabric login on the destination) then the live
 *       migration ({@link MigrationSource}, a child);
 *   <li>shared-nothing: the disks the destination cannot reach are mirrored to it while the VM runs
 *       (copied in chunks; writes that land on what is copied already are mirrored too), then live;
 *   <li>quick: pause, save the memory to disk, move the cluster role (and fail each passthrough disk
 *       over), build the VM on the destination, restore the memory from disk, resume: all downtime;
 *   <li>quick-storage: build, copy the disks while the VM runs (its writes go to a differencing
 *       disk), pause and save, copy the saved state and the differencing disk, restore, resume;
 *   <li>offline: build, copy the disks the destination cannot reach, register it there.
 * </ul>
 * Storage copies are fluid flows on the live-migration route and through each host's disk (a link
 * whose capacity is the host's disk throughput), sharing bandwidth with everything else. The result
 * is a {@link MigrationResult} with its {@link MigrationResult.Move}.
 */
public final class MoveRun {

  public sealed interface Command {}

  public enum Begin implements Command { INSTANCE }

  /** Stop now (a host or the cluster asked); the VM stays on the source. */
  public record Abort(String reason) implements Command {}

  /** What the destination's target and the source host say to a source side. */
  private record FromPeer(MigrationSource.Command message) implements Command {}

  private record Flow(Network.FlowEvent event) implements Command {}

  private record Paused(Vm.Harvested harvested) implements Command {}

  private record LiveDone(MigrationResult result) implements Command {}

  private record Timer(Runnable then) implements Command {}

  public static Behavior<Command> create(Sim sim, MigrationSettings settings, MovePlan.Settings kinds, MigrationOrder order,
      ActorRef<Host.Command> host) {
    return Behaviors.setup(ctx -> new MoveRun(ctx, sim, settings, kinds, order, host).idle());
  }

  private final ActorContext<Command> ctx;
  private final Sim sim;
  private final MigrationSettings settings;
  private final MovePlan.Settings kinds;
  private final MigrationOrder order;
  private final MovePlan plan;
  private final ActorRef<Host.Command> host;
  private final ActorRef<Command> self;
  private final ActorRef<MigrationSource.Command> asSource;
  private final ActorRef<Network.FlowEvent> flows;
  private final List<String> notes = new ArrayList<>();
  /**
   * The open flows of the current copy (their bytes, and the share of them that counts as storage
   * bytes) and what follows when the last one completes.
   */
  private final Map<String, double[]> open = new TreeMap<>();
  private Runnable afterCopy;
  private Runnable afterBuild;
  private Runnable afterCommit;
  private int flowSeq;
  private MigrationTarget.Ref target;
  private ActorRef<MigrationSource.Command> live;
  private long startedAt;
  private long builtAt = -1;
  private long pausedAt = -1;
  private long resumedAt = -1;
  private long storageBytes;
  private long memoryBytes;
  private boolean done;

  private MoveRun(ActorContext<Command> ctx, Sim sim, MigrationSettings settings, MovePlan.Settings kinds,
      MigrationOrder order, ActorRef<Host.Command> host) {
    this.ctx = ctx;
    this.sim = sim;
    this.settings = settings;
    this.kinds = kinds;
    this.order = order;
    this.plan = order.plan();
    this.host = host;
    this.self = ctx.getSelf();
    this.asSource = sim.adapter(ctx, MigrationSource.Command.class, FromPeer::new);
    this.flows = sim.adapter(ctx, Network.FlowEvent.class, Flow::new);
    notes.addAll(order.route().notes());
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Begin.INSTANCE, () -> {
          startedAt = sim.now();
          sim.log(order.attemptId(), order.vm().name() + " " + order.from() + " -> " + order.to() + ": " + plan.kind().word
              + " migration over " + order.transport() + " (" + order.route().network() + ")");
          begin();
          return running();
        })
        .onMessage(Abort.class, m -> fail(m.reason()))
        .build();
  }

  private Behavior<Command> running() {
    return Behaviors.receive(Command.class)
        .onMessage(Flow.class, m -> onFlow(m.event()))
        .onMessage(FromPeer.class, m -> onPeer(m.message()))
        .onMessage(Paused.class, m -> Behaviors.same())
        .onMessage(Timer.class, m -> step(m.then()))
        .onMessage(LiveDone.class, m -> {
          report(m.result());
          return Behaviors.stopped();
        })
        .onMessage(Abort.class, m -> {
          if (live != null) {
            sim.send(live, new MigrationSource.Abort(m.reason()));
            return Behaviors.same();
          }
          return resumedAt >= 0 ? Behaviors.same() : fail(m.reason());
        })
        .build();
  }

  /** Runs one step of the sequence; the run ends when a step finished it. */
  private Behavior<Command> step(Runnable r) {
    r.run();
    return done ? Behaviors.stopped() : Behaviors.same();
  }

  // ------------------------------------------------------------------ the kinds, as sequences

  private void begin() {
    long ram = order.vm().memoryBytes();
    switch (plan.kind()) {
      case LIVE -> fibreChannel(this::liveLeg);
      case SHARED_NOTHING -> mirror(0, () -> fibreChannel(this::liveLeg));
      case QUICK -> pause(() -> diskOnly(ram, MovePlan.diskWriteLink(order.from()), "save", () -> {
        long failover = plan.profile().passthrough().size() * kinds.diskFailoverNanos();
        after(settings.fixed().roleMove() + failover, () -> build(ram, () -> diskOnly(ram, MovePlan.diskReadLink(order.to()),
            "restore", () -> commit(this::cleanup))));
      }));
      case QUICK_STORAGE -> build(ram, () -> copyDisks(0, true, delta -> pause(() -> diskOnly(ram,
          MovePlan.diskWriteLink(order.from()), "save", () -> copy(ram + delta, "saved state and differencing disk", delta / (double) (ram + delta), () -> {
            memoryBytes = ram;
            storageBytes += delta;
            diskOnly(ram, MovePlan.diskReadLink(order.to()), "restore", () -> commit(this::cleanup));
          })))));
      case OFFLINE -> build(0, () -> copyDisks(0, false, delta -> commit(this::cleanup)));
    }
  }

  /** Virtual Fibre Channel: each adapter logs in to the fabric with its alternate WWPN set on the destination. */
  private void fibreChannel(Runnable then) {
    int n = plan.profile().fibreChannel();
    if (n == 0) {
      then.run();
      return;
    }
    sim.log(order.attemptId(), n + " virtual Fibre Channel adapter(s) log in on " + order.to());
    after(n * kinds.fibreChannelLoginNanos(), then);
  }

  /** The live migration of memory, a child {@link MigrationSource} answering here. */
  private void liveLeg() {
    ActorRef<MigrationResult> back = sim.adapter(ctx, MigrationResult.class, LiveDone::new);
    live = sim.spawn(ctx, MigrationSource.create(sim, settings, order.liveLeg(back), host), "live");
    sim.send(live, MigrationSource.Begin.INSTANCE);
  }

  /**
   * Shared-nothing: disk {@code i} of those to copy is mirrored to the destination in chunks; the
   * guest's writes during a chunk that land on the part already copied are mirrored with the next.
   */
  private void mirror(int i, Runnable then) {
    if (i >= plan.toCopy().size()) {
      then.run();
      return;
    }
    Storage.Disk d = plan.toCopy().get(i);
    mirrorChunk(d, 0, 0, () -> mirror(i + 1, then));
  }

  private void mirrorChunk(Storage.Disk d, long copied, double mirrored, Runnable then) {
    long chunk = Math.min(kinds.copyChunkBytes(), d.usedBytes() - copied);
    long began = sim.now();
    double send = chunk + mirrored;
    if (send < 1) {
      then.run();
      return;
    }
    copy(send, "disk mirror", 1, () -> {
      storageBytes += Math.round(send);
      long now = copied + chunk;
      // Writes during this chunk, on the part copied before it and half of this one (the copy front moved through it).
      double share = d.usedBytes() == 0 ? 0 : (copied + chunk / 2.0) / d.usedBytes();
      double writes = d.writeBytesPerSecond() * (sim.now() - began) / 1e9 * share;
      if (chunk == 0) {
        // the last mirrored writes are sent; the ones meanwhile go with the memory (not modelled as bytes)
        then.run();
      } else {
        mirrorChunk(d, now, writes, then);
      }
    });
  }

  /**
   * Quick-storage and offline: copy the disks the destination cannot reach, one after the other; a
   * running guest's writes during the copy (its differencing disk) are handed to {@code then}.
   */
  private void copyDisks(int i, boolean running, java.util.function.LongConsumer then) {
    copyDisks(i, running, 0, then);
  }

  private void copyDisks(int i, boolean running, long delta, java.util.function.LongConsumer then) {
    if (i >= plan.toCopy().size()) {
      then.accept(delta);
      return;
    }
    Storage.Disk d = plan.toCopy().get(i);
    long began = sim.now();
    copy(d.usedBytes(), "disk copy", 1, () -> {
      storageBytes += d.usedBytes();
      long writes = running ? Math.min(d.sizeBytes(), Math.round(d.writeBytesPerSecond() * (sim.now() - began) / 1e9)) : 0;
      copyDisks(i + 1, running, delta + writes, then);
    });
  }

  // ------------------------------------------------------------------ mechanisms

  /** The guest pauses (the downtime starts). */
  private void pause(Runnable then) {
    sim.send(order.vmRef(), new Vm.Pause(sim.adapter(ctx, Vm.Harvested.class, Paused::new)));
    pausedAt = sim.now();
    then.run();
  }

  /** The VM is built on the destination (configuration, creation in its management queue, memory). */
  private void build(long allocate, Runnable then) {
    afterBuild = then;
    sim.send(order.destination(), new Host.PrepareIncoming(new MigrationTarget.Prepare(order.attemptId(),
        order.vm().name(), allocate, asSource, settings.fixed())));
  }

  /** The destination takes the storage over and resumes the VM (or, offline, registers it). */
  private void commit(Runnable then) {
    afterCommit = then;
    target.tell(sim, new MigrationTarget.Commit(order.vmRef()));
  }

  /** The source's management service removes the VM, its memory is freed: the move is over. */
  private void cleanup() {
    sim.send(host, new Host.Cleanup(order.attemptId(), settings.fixed().cleanup(), asSource));
  }

  /** Bytes through one host's disk only (saving or restoring the memory), not the network. */
  private void diskOnly(long bytes, String link, String what, Runnable then) {
    afterCopy = () -> {
      storageBytes += bytes;
      then.run();
    };
    String id = order.attemptId() + "/" + what + flowSeq++;
    open.put(id, new double[] {bytes, 1});
    sim.send(order.network(), new Network.StartFlow(id, List.of(link), bytes, 1.0, 0, flows, "disk"));
  }

  /**
   * Bytes over the live-migration route, through the source's disk (read) and the destination's
   * (write); {@code storage}: the share of them that is storage (for a copy cut short).
   */
  private void copy(double bytes, String what, double storage, Runnable then) {
    afterCopy = then;
    List<Channel> channels = order.route().channels();
    double share = bytes / channels.size();
    for (Channel c : channels) {
      String id = order.attemptId() + "/s" + flowSeq++;
      List<String> links = new ArrayList<>(c.links());
      links.add(MovePlan.diskReadLink(order.from()));
      links.add(MovePlan.diskWriteLink(order.to()));
      open.put(id, new double[] {share, storage});
      sim.send(order.network(), new Network.StartFlow(id, links, share, c.efficiency(), c.capBps(), flows, "disk"));
    }
    if (sim.logging()) sim.log(order.attemptId(), String.format(Locale.ROOT, "%s: %.0f bytes", what, bytes));
  }

  /** {@code then} after {@code nanos} of simulated time. */
  private void after(long nanos, Runnable then) {
    sim.schedule(nanos, self, new Timer(then));
  }

  private Behavior<Command> onFlow(Network.FlowEvent e) {
    if (e instanceof Network.FlowRerouted) return Behaviors.same(); // the switches carry it over another path (issue 17)
    if (e instanceof Network.FlowFailed f) {
      cutShort(f.flowId(), f.remainingBytes());
      return fail("stream " + f.flowId() + " lost: link " + f.link() + " went down");
    }
    open.remove(((Network.FlowCompleted) e).flowId());
    if (!open.isEmpty()) return Behaviors.same();
    Runnable next = afterCopy;
    afterCopy = null;
    return step(next);
  }

  private Behavior<Command> onPeer(MigrationSource.Command m) {
    if (m instanceof MigrationSource.TargetReady r) {
      target = r.target();
      builtAt = sim.now();
      Runnable next = afterBuild;
      afterBuild = null;
      return step(next);
    }
    if (m instanceof MigrationSource.TargetFailed f) return fail(f.reason());
    if (m instanceof MigrationSource.Abort a) return fail(a.reason());
    if (m == MigrationSource.Committed.INSTANCE) {
      if (pausedAt >= 0) resumedAt = sim.now();
      Runnable next = afterCommit;
      afterCommit = null;
      return step(next);
    }
    if (m == MigrationSource.CleanedUp.INSTANCE) {
      after(settings.freeNanosFor(memoryToFree()), () -> {
        finish("completed", null);
      });
    }
    return Behaviors.same();
  }

  private long memoryToFree() {
    return plan.kind() == Kind.OFFLINE ? 0 : order.vm().memoryBytes();
  }

  // ------------------------------------------------------------------ failure and report

  private Behavior<Command> fail(String reason) {
    if (done) return Behaviors.stopped();
    sim.log(order.attemptId(), "failed: " + reason + "; " + order.vm().name() + " stays on " + order.from());
    for (String id : open.keySet()) sim.send(order.network(), new Network.StopFlow(id, flows));
    if (target != null) target.tell(sim, new MigrationTarget.Abort(reason));
    else sim.send(order.destination(), new Host.IncomingAborted(order.attemptId()));
    if (pausedAt >= 0 && resumedAt < 0) resumedAt = sim.now();
    sim.send(order.vmRef(), new Vm.Resume(order.from()));
    return closing(reason);
  }

  /**
   * Ends a move that failed: once the network has said what each stopped copy delivered (at the
   * same instant), its storage bytes counted, the report, then stop. Whatever else comes is moot.
   */
  private Behavior<Command> closing(String reason) {
    if (open.isEmpty()) {
      finish("failed", reason);
      return Behaviors.stopped();
    }
    done = true; // no step of the sequence runs any more
    return Behaviors.receive(Command.class)
        .onMessage(Flow.class, m -> {
          Network.FlowEvent e = m.event();
          if (e instanceof Network.FlowStopped s && s.remainingBytes() >= 0) cutShort(s.flowId(), s.remainingBytes());
          else if (e instanceof Network.FlowStopped s) open.remove(s.flowId()); // it ended before: counted then
          else if (e instanceof Network.FlowFailed f) cutShort(f.flowId(), f.remainingBytes());
          else if (e instanceof Network.FlowCompleted c) cutShort(c.flowId(), 0);
          if (!open.isEmpty()) return Behaviors.same();
          finish("failed", reason);
          return Behaviors.stopped();
        })
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  /** A copy's flow that ended with {@code remaining} bytes not delivered: its storage share of what it delivered. */
  private void cutShort(String id, double remaining) {
    double[] f = open.remove(id);
    if (f != null && f[0] > 0) storageBytes += Math.round(f[1] * Math.max(0, f[0] - remaining));
  }

  private void finish(String outcome, String failure) {
    done = true;
    long now = sim.now();
    boolean ok = "completed".equals(outcome);
    // A quick migration builds the VM inside its downtime: no phase runs between the build and the
    // pause (the timeline's copy phase is empty, the blackout holds save, build and restore).
    long built = plan.kind() == Kind.QUICK && pausedAt >= 0 ? pausedAt : builtAt;
    // A quick migration sends nothing over the network: no transport.
    report(new MigrationResult(order.id(), order.vm().name(), order.from(), order.to(),
        plan.kind() == Kind.QUICK ? "none" : order.transport(), order.route().network(), startedAt, built, pausedAt, ok || resumedAt >= 0 ? resumedAt : -1, now,
        ok ? memoryBytes : 0, 0, List.of(), null, outcome, failure, List.copyOf(notes), List.of(),
        guest(startedAt, now, pausedAt, resumedAt, ok, null), null));
  }

  /** Sends the result, with this move's kind, storage bytes and flags (the live leg's own result, if any). */
  private void report(MigrationResult r) {
    boolean ok = "completed".equals(r.outcome());
    List<String> flags = new ArrayList<>();
    if (ok && (plan.unreachableAfter() || plan.alreadyUnreachable())) flags.add(MoveRules.unreachableNote(r.vm(), r.to()));
    if (ok && plan.unsupported()) flags.add(MoveRules.unsupportedNote(r.vm()));
    GuestImpact g = live == null ? r.guest() : guest(startedAt, r.finishedAt(), r.pausedAt(), r.resumedAt(), ok, r.guest());
    List<String> allNotes = new ArrayList<>(r.notes());
    for (String n : notes) if (!allNotes.contains(n)) allNotes.add(n);
    sim.send(order.replyTo(), new MigrationResult(r.id(), r.vm(), r.from(), r.to(), r.transport(), r.network(), startedAt,
        r.builtAt(), r.pausedAt(), r.resumedAt(), r.finishedAt(), r.bytesSent(), r.wireBytes(), r.passes(), r.stopReason(),
        r.outcome(), r.failure(), List.copyOf(allNotes), r.cpu(), g, r.limitedBy(),
        new MigrationResult.Move(plan.kind().word, storageBytes, List.copyOf(flags))));
  }

  /**
   * What the guest's users felt from the start of the move: a ping and a TCP session through the
   * downtime. A guest whose MAC changed under an IP bound to it never answers again: every ping
   * from the pause (or from the start, when an earlier move left it so) is lost.
   */
  private GuestImpact guest(long start, long end, long paused, long resumed, boolean ok, GuestImpact live) {
    if (!plan.kind().running()) return null;
    var p = settings.probes();
    boolean lostForever = ok && plan.unreachableAfter() || plan.alreadyUnreachable();
    long from = plan.alreadyUnreachable() ? start : paused;
    long until = lostForever ? -1 : resumed >= 0 ? resumed : paused >= 0 ? end : -1;
    int[] ping = GuestImpact.pings(start, end, from, until, p.pingIntervalNanos(), p.pingTimeoutNanos(),
        sim.random("ping/" + order.id() + "/" + order.attempt()));
    long blackout = from < 0 ? 0 : (until < 0 ? end : until) - from;
    long[] session = lostForever ? new long[] {1, blackout} : GuestImpact.session(blackout, p.minRtoNanos(), p.maxRetransmissions());
    return new GuestImpact(ping[0], ping[1], (int) session[0], Math.round(session[1] / 1e3) / 1e3,
        live == null ? null : live.throttle(), live == null ? null : live.postCopy());
  }

}
