package dev.livemig.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import dev.livemig.kernel.Sim;
import dev.livemig.kernel.SimTime;
import dev.livemig.network.Network;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The source side of one live migration, created on the source host; it drives the phases
 * (domain.md, "A live migration, phase by phase"):
 * <ol>
 *   <li>build: ask the destination host to build the VM, wait for {@link TargetReady};
 *   <li>pre-copy: pass 0 sends every page; each later pass sends the pages the guest dirtied during
 *       the pass before (harvested from the VM's bitmap when the pass's streams complete); after each
 *       pass the {@link ConvergencePolicy} decides whether to go on (and how much to throttle the
 *       guest) or to stop;
 *   <li>stop-and-copy: pause the VM, send what is dirty plus the device state, let the target take
 *       the storage over and resume (the blackout);
 *   <li>with post-copy, push the pages left on the source while the VM runs on the destination;
 *   <li>destroy the VM on the source, report, stop.
 * </ol>
 * If the streams fail or the target goes away, the migration aborts and the VM keeps running here.
 */
public final class MigrationSource {
  /** A migration's note when its compression fell back to TCP/IP (the {@code fallbacks} metric counts it). */
  public static final String FELL_BACK = "compression fell back to TCP/IP";


  public sealed interface Command {}

  /** From the host that created this actor: start. */
  public enum Begin implements Command { INSTANCE }

  /** The destination has built the VM (progress ~3 %). */
  public record TargetReady(MigrationTarget.Ref target) implements Command {}

  /** The destination could not build or keep the VM. */
  public record TargetFailed(String reason) implements Command {}

  /** The VM runs on the destination now. */
  public enum Committed implements Command { INSTANCE }

  /** Stop now (a host or the cluster asked); the VM stays on the source. */
  public record Abort(String reason) implements Command {}

  private record Flow(Network.FlowEvent event) implements Command {}

  private record Dirty(Vm.Harvested harvested) implements Command {}

  /** The source host's answer: how many cores this migration may compress its next batch with. */
  private record Granted(Host.CompressionGrant grant) implements Command {}

  /** A batch of pages is compressed: {@code inputBytes} became {@code wireBytes}. */
  record Compressed(long inputBytes, double wireBytes) implements Command {}

  private enum Destroyed implements Command { INSTANCE }

  /** The cluster moved the VM's role to the destination. */
  private enum RoleMoved implements Command { INSTANCE }

  /** From the source host: its management service removed the VM. */
  public enum CleanedUp implements Command { INSTANCE }

  /** @param host the source host (this actor's parent), which shares out its spare cores for compression */
  public static Behavior<Command> create(Sim sim, MigrationSettings settings, MigrationOrder order,
      ActorRef<Host.Command> host) {
    return Behaviors.setup(ctx -> new MigrationSource(ctx, sim, settings, order, host).idle());
  }

  private final Sim sim;
  private final MigrationSettings settings;
  private final MigrationOrder order;
  private final ActorRef<Command> self;
  private final ActorRef<Vm.Harvested> dirtyReplies;
  private final List<PassRecord> passes = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<MigrationResult.CpuUse> cpu = new ArrayList<>();
  /** The transfer in progress (one pass, the final copy or the post-copy push): streams and compression. */
  private final MemoryTransfer memory;
  private Supplier<Behavior<Command>> afterTransfer;
  private final ActorRef<Host.Command> host;
  private MigrationTarget.Ref target;
  private long startedAt;
  private long builtAt = -1;
  private long pausedAt = -1;
  private long resumedAt = -1;
  private long passStartedAt;
  /** The wire bytes sent when the pass began (QEMU measures its bandwidth in bytes on the wire). */
  private long passWireStart;
  private long passPages;
  private String stopReason;
  private final ConvergencePolicy policy;
  /** The fixed phases of this migration's platform (livemig.migration.platform-phases). */
  private final MigrationSettings.Fixed phases;
  private ConvergencePolicy.Throttle throttle = ConvergencePolicy.Throttle.NONE;
  private final List<GuestImpact.Level> throttleLevels = new ArrayList<>();
  private long throttleEnd = -1;
  // Post-copy: pages left on the source at the switch-over, and the push after the resume.
  private boolean postCopySwitch;
  private long postCopyPages;
  private long postCopyEnd = -1;
  /** Memory bytes delivered before the post-copy push began (what the push delivered is counted from there). */
  private long sentBeforePush;
  private boolean postCopyActive;
  // Each state is one handler testing the message's type (Behaviors.receiveMessage): a builder's
  // behavior costs ~0.5-1 KB and a reflective array per state, ~10 states per migration (issue 11).

  private MigrationSource(ActorContext<Command> ctx, Sim sim, MigrationSettings settings, MigrationOrder order,
      ActorRef<Host.Command> host) {
    this.host = host;
    this.sim = sim;
    this.settings = settings;
    this.order = order;
    this.self = ctx.getSelf();
    this.dirtyReplies = sim.adapter(ctx, Vm.Harvested.class, Dirty::new);
    notes.addAll(order.route().notes());
    settings.policies().streamShareNote(order.policy(), order.route().channels()).ifPresent(notes::add);
    this.memory = new MemoryTransfer(sim, settings, order, host, self,
        sim.adapter(ctx, Network.FlowEvent.class, Flow::new), () -> sim.adapter(ctx, Host.CompressionGrant.class, Granted::new),
        notes, cpu);
    this.policy = settings.policy(order);
    this.phases = settings.fixed(order);
  }

  // ------------------------------------------------------------------ phase 1: build

  private Behavior<Command> begin() {
    startedAt = sim.now();
    if (sim.logging()) sim.log(order.id(), order.vm().name() + " " + order.from() + " -> " + order.to() + " over "
        + order.transport() + " (" + order.route().network() + ")");
    sim.send(order.destination(), new Host.PrepareIncoming(
        new MigrationTarget.Prepare(attemptId(), order.vm().name(),
        order.vm().memoryBytes(), self, phases)));
    return building();
  }

  private Behavior<Command> idle() {
    return Behaviors.receiveMessage(m -> {
      if (m == Begin.INSTANCE) return begin();
      if (m instanceof Abort a) return fail(a.reason());
      return Behaviors.unhandled();
    });
  }

  private Behavior<Command> building() {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof TargetReady r) {
        target = r.target();
        builtAt = sim.now();
        sim.send(order.vmRef(), new Vm.StartTracking());
        long pages = pagesOf(order.vm().memoryBytes());
        return startPass(pages);
      }
      if (m instanceof TargetFailed f) return fail(f.reason());
      if (m instanceof Abort a) return fail(a.reason());
      return Behaviors.unhandled();
    });
  }

  // ------------------------------------------------------------------ phase 2-3: pre-copy passes

  private Behavior<Command> startPass(long pages) {
    passStartedAt = sim.now();
    passWireStart = memory.wireBytes();
    passPages = pages;
    return transfer(pages * settings.pageSize(), passes.isEmpty(), this::copying, () -> {
      sim.send(order.vmRef(), new Vm.Harvest(dirtyReplies));
      return harvesting();
    });
  }

  /**
   * Pages on the wire: a pre-copy pass, the final copy while the VM is paused, or the post-copy push
   * (where {@link #fail} loses the VM: its memory is split between the hosts).
   */
  private Behavior<Command> copying() {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Flow f) return onFlow(f.event());
      if (m instanceof Compressed c) return onCompressed(c);
      if (m instanceof Granted g) return onGranted(g);
      if (m instanceof TargetFailed f) return fail(f.reason());
      if (m instanceof Abort a) return fail(a.reason());
      return Behaviors.unhandled();
    });
  }

  private Behavior<Command> harvesting() {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Dirty d) return afterPass(d.harvested().pages());
      if (m instanceof TargetFailed f) return fail(f.reason());
      if (m instanceof Abort a) return fail(a.reason());
      return Behaviors.unhandled();
    });
  }

  /** A pre-copy pass's streams are done and the VM's dirty pages harvested: another pass, the blackout, or give up. */
  private Behavior<Command> afterPass(long dirtied) {
    int pass = passes.size();
    passes.add(new PassRecord(pass, "precopy", passPages, passPages * settings.pageSize(),
        seconds(sim.now() - passStartedAt), dirtied, dirtied));
    if (sim.logging()) sim.log(order.id(), "pass " + pass + ": " + passPages + " pages sent, " + dirtied + " dirtied");
    // Stop rule: the convergence policy's (ConvergencePolicy; hyper-v is the seed's: nothing
    // dirty, only the "tiny" state left, or the pass limit). It may also throttle the guest.
    var decision = policy.afterPass(new ConvergencePolicy.PassEnd(passes.size(), passPages,
        (sim.now() - passStartedAt) / 1e9, dirtied, memory.bytesSent(), order.vm().memoryBytes(), settings.pageSize(), throttle,
        memory.wireBytes() - passWireStart));
    if (decision instanceof ConvergencePolicy.Stop stop) return stopAndCopy(stop.reason(), dirtied);
    if (decision instanceof ConvergencePolicy.GiveUp g) return fail(g.reason());
    setThrottle(((ConvergencePolicy.Continue) decision).throttle());
    return startPass(dirtied);
  }

  // ------------------------------------------------------------------ stop-and-copy (the blackout)

  /** The guest runs at the policy's throttle from now (a message to the VM; recorded for the report). */
  private void setThrottle(ConvergencePolicy.Throttle t) {
    boolean changed = t.percent() != throttle.percent();
    throttle = t;
    if (!changed) return;
    throttleLevels.add(new GuestImpact.Level(sim.now(), t.percent()));
    sim.send(order.vmRef(), new Vm.Throttle(t.speed()));
    if (sim.logging()) sim.log(order.id(), String.format(Locale.ROOT, "%s policy throttles the guest by %.1f %%",
        policy.name(), 100 * t.percent()));
  }

  private Behavior<Command> stopAndCopy(String reason, long dirty) {
    stopReason = reason;
    passPages = dirty;
    postCopySwitch = policy.postCopy() && "post-copy".equals(reason);
    throttleEnd = sim.now();
    sim.send(order.vmRef(), new Vm.Pause(dirtyReplies));
    return pausing();
  }

  /** The VM is paused and its last dirty pages harvested: the final copy (pages and device state). */
  private Behavior<Command> paused(long dirty) {
    pausedAt = sim.now();
    passStartedAt = pausedAt;
    passPages += dirty;
    if (postCopySwitch) {
      // Post-copy: only the device state in the blackout; the dirty pages stay on the source.
      postCopyPages = passPages;
      passPages = 0;
    }
    return transfer(passPages * settings.pageSize() + settings.deviceStateBytes(), false, this::copying, () -> {
      passes.add(new PassRecord(passes.size(), "stop-and-copy", passPages,
          passPages * settings.pageSize() + settings.deviceStateBytes(), seconds(sim.now() - passStartedAt), 0,
          postCopyPages));
      long hold = order.storageFailoverNanos() + settings.policies().dirtyLogStopNanos(order);
      target.tell(sim, new MigrationTarget.Commit(order.vmRef(), hold));
      return committing();
    });
  }

  private Behavior<Command> pausing() {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Dirty d) return paused(d.harvested().pages());
      if (m instanceof TargetFailed f) return fail(f.reason());
      if (m instanceof Abort a) return fail(a.reason());
      return Behaviors.unhandled();
    });
  }

  /** The VM runs on the destination: push what post-copy left, or hand the role over. */
  private Behavior<Command> committed() {
    resumedAt = sim.now();
    if (sim.logging()) sim.log(order.id(), order.vm().name() + " resumed on " + order.to() + " after "
        + String.format(Locale.ROOT, "%.3f ms", (resumedAt - pausedAt) / 1e6) + " of blackout");
    if (postCopyPages > 0) return pushRest();
    sim.schedule(phases.roleMove(), self, RoleMoved.INSTANCE);
    return destroying();
  }

  private Behavior<Command> committing() {
    return Behaviors.receiveMessage(m -> {
      if (m == Committed.INSTANCE) return committed();
      // Past the commit point the VM belongs to the destination: an abort no longer applies.
      if (m instanceof Abort || m instanceof TargetFailed) return Behaviors.same();
      return Behaviors.unhandled();
    });
  }

  // ------------------------------------------------------------------ post-copy: push the rest

  /**
   * The VM runs on the destination; the pages left on the source are pushed (and the ones the guest
   * touches first are pulled on demand: the guest is degraded until the push ends). Until then the
   * VM's memory is split between the hosts: a failure of either loses it.
   */
  private Behavior<Command> pushRest() {
    postCopyActive = true;
    sentBeforePush = memory.bytesSent();
    passStartedAt = sim.now();
    sim.log(order.id(), "post-copy: pushing " + postCopyPages + " pages left on " + order.from());
    return transfer(postCopyPages * settings.pageSize(), false, this::copying, () -> {
      postCopyActive = false;
      postCopyEnd = sim.now();
      passes.add(new PassRecord(passes.size(), "post-copy", postCopyPages, postCopyPages * settings.pageSize(),
          seconds(sim.now() - passStartedAt), 0, 0));
      sim.schedule(phases.roleMove(), self, RoleMoved.INSTANCE);
      return destroying();
    });
  }

  /**
   * A failure during post-copy: neither host holds the whole VM any more. The pages still on the
   * source are said once the stopped streams have said what they delivered.
   */
  private Behavior<Command> lose(String reason) {
    String why = "lost during post-copy (" + reason + "): its memory was split between " + order.from() + " and "
        + order.to();
    memory.stop();
    postCopyActive = false;
    postCopyEnd = sim.now();
    sim.send(order.vmRef(), new Vm.Crash());
    return closing("lost", () -> {
      long pushed = (memory.bytesSent() - sentBeforePush) / settings.pageSize();
      String text = why + ", " + Math.max(0, postCopyPages - pushed) + " pages still on the source";
      sim.log(order.id(), order.vm().name() + " " + text);
      return text;
    });
  }

  // ------------------------------------------------------------------ phase 4: destroy on the source

  /**
   * Phase 4: the cluster moves the VM's role, the source's management service removes the VM (in its
   * queue), its memory is freed.
   */
  private Behavior<Command> destroying() {
    return Behaviors.receiveMessage(m -> {
      if (m == RoleMoved.INSTANCE) {
        sim.send(host, new Host.Cleanup(attemptId(), phases.cleanup(), self));
        return Behaviors.same();
      }
      if (m == CleanedUp.INSTANCE) {
        sim.schedule(phases.freeNanosFor(order.vm().memoryBytes()), self, Destroyed.INSTANCE);
        return Behaviors.same();
      }
      if (m == Destroyed.INSTANCE) {
        return report("completed", null, sim.now());
      }
      if (m instanceof Abort || m instanceof TargetFailed) return Behaviors.same();
      return Behaviors.unhandled();
    });
  }

  // ------------------------------------------------------------------ transfers: streams and compression

  /**
   * Moves {@code bytes} of memory to the destination with the current transport ({@code firstPass}:
   * memory walked in order); {@code during} is the behavior while it runs, {@code after} the one when
   * it is done.
   */
  private Behavior<Command> transfer(long bytes, boolean firstPass, Supplier<Behavior<Command>> during,
      Supplier<Behavior<Command>> after) {
    afterTransfer = after;
    memory.start(bytes, firstPass);
    return memory.done() ? afterTransfer.get() : during.get();
  }

  private Behavior<Command> onFlow(Network.FlowEvent e) {
    String failure = memory.onFlow(e);
    if (failure != null) return fail(failure);
    return memory.done() ? afterTransfer.get() : Behaviors.same();
  }

  private Behavior<Command> onGranted(Granted g) {
    memory.onGranted(g.grant());
    return memory.done() ? afterTransfer.get() : Behaviors.same();
  }

  private Behavior<Command> onCompressed(Compressed c) {
    memory.onCompressed(c.inputBytes(), c.wireBytes());
    return memory.done() ? afterTransfer.get() : Behaviors.same();
  }

  private String attemptId() {
    return order.id() + (order.attempt() > 0 ? "." + order.attempt() : "");
  }

  // ------------------------------------------------------------------ failure and report

  private Behavior<Command> fail(String reason) {
    if (postCopyActive) return lose(reason);
    if (throttleEnd < 0) throttleEnd = sim.now();
    sim.log(order.id(), "failed: " + reason + "; " + order.vm().name() + " keeps running on " + order.from());
    // Failed during the blackout: the guest was paused from pausedAt and resumes on the source now.
    if (pausedAt >= 0 && resumedAt < 0) resumedAt = sim.now();
    memory.stop();
    if (target != null) target.tell(sim, new MigrationTarget.Abort(reason));
    else sim.send(order.destination(), new Host.IncomingAborted(attemptId()));
    sim.send(order.vmRef(), new Vm.Resume(order.from()));
    return closing("failed", () -> reason);
  }

  /**
   * Ends a migration that failed: once the network has said what each stopped stream delivered
   * (at the same instant), the report, then stop. Whatever else comes meanwhile is moot.
   */
  private Behavior<Command> closing(String outcome, Supplier<String> failure) {
    long at = sim.now();
    if (!memory.stopping()) return report(outcome, failure.get(), at);
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Flow f) memory.onFlow(f.event());
      return memory.stopping() ? Behaviors.same() : report(outcome, failure.get(), at);
    });
  }

  /** Sends the result to whoever ordered the migration; the source's work is over: stopped. */
  private Behavior<Command> report(String outcome, String failure, long finishedAt) {
    sim.send(order.replyTo(), new MigrationResult(order.id(), order.vm().name(), order.from(), order.to(),
        memory.transport(), order.route().network(), startedAt, builtAt, pausedAt, resumedAt, finishedAt,
        memory.bytesSent(), memory.wireBytes(), List.copyOf(passes), stopReason, outcome, failure, List.copyOf(notes), List.copyOf(cpu),
        guestImpact(finishedAt), memory.limitedBy()));
    return Behaviors.stopped();
  }

  /** What the guest's users felt: pings and a TCP session through the blackout, throttling, post-copy. */
  private GuestImpact guestImpact(long finishedAt) {
    var p = settings.probes();
    long start = startedAt;
    int[] ping = GuestImpact.pings(start, finishedAt, pausedAt, resumedAt >= 0 ? resumedAt : (pausedAt >= 0 ? finishedAt : -1),
        p.pingIntervalNanos(), p.pingTimeoutNanos(), sim.random("ping/" + order.id() + "/" + order.attempt()));
    long blackout = pausedAt < 0 ? 0 : (resumedAt >= 0 ? resumedAt : finishedAt) - pausedAt;
    long[] session = GuestImpact.session(blackout, p.minRtoNanos(), p.maxRetransmissions());
    GuestImpact.Throttle t = GuestImpact.throttle(throttleLevels, throttleEnd >= 0 ? throttleEnd : finishedAt);
    GuestImpact.PostCopy pc = postCopyPages > 0 && resumedAt >= 0 ? GuestImpact.PostCopy.window(postCopyPages, resumedAt,
        postCopyEnd >= 0 ? postCopyEnd : finishedAt, order.from(), order.to()) : null;
    return new GuestImpact(ping[0], ping[1], (int) session[0], Math.round(session[1] / 1e3) / 1e3, t, pc);
  }

  private long pagesOf(long bytes) {
    return (bytes + settings.pageSize() - 1) / settings.pageSize();
  }

  private static double seconds(long nanos) {
    return SimTime.reportSeconds(nanos);
  }
}
