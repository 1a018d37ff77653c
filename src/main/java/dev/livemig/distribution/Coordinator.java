package dev.livemig.distribution;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The coordinator of a what-if sweep (the cluster's singleton, on the member that started the
 * sweep). It finds the workers through the receptionist, greets each, hands out variants up to each
 * worker's capacity, and passes every result to its {@link Listener} exactly once.
 *
 * <p>Nothing lost: a worker that stops, leaves, dies or becomes unreachable (the receptionist's
 * listing then leaves it out) has the variants it held put back at the head of the queue; a variant
 * lost that way {@code maxAttempts} times is recorded as failed rather than tried forever (it may be
 * what kills its workers). Nothing twice: a result for a variant already done (from a worker thought
 * gone that came back) is dropped. A variant whose run fails is recorded with its error, never
 * retried (runs are deterministic: it would fail again).
 */
public final class Coordinator {

  public sealed interface Command {}

  /** A worker's answer to {@link Worker.Hello}: it takes up to {@code slots} variants at a time. */
  public record Capacity(ActorRef<Worker.Command> worker, long sweep, int slots) implements Command, CrossNode {}

  /** A worker that will not take part (another build), and why. */
  public record Refused(ActorRef<Worker.Command> worker, long sweep, String reason) implements Command, CrossNode {}

  /**
   * Part {@code part} of {@code parts} of the packed Kryo bytes of a variant's report, or (one
   * part, no bytes) the error that ended its run.
   */
  public record Result(ActorRef<Worker.Command> worker, long sweep, int variant, int part, int parts, byte[] report,
      String error) implements Command, CrossNode {
    @Override
    public boolean equals(Object o) {
      return o instanceof Result r && r.worker.equals(worker) && r.sweep == sweep && r.variant == variant && r.part == part
          && r.parts == parts && Arrays.equals(r.report, report) && Objects.equals(r.error, error);
    }

    @Override
    public int hashCode() {
      return Objects.hash(worker, sweep, variant, part, parts, Arrays.hashCode(report), error);
    }

    @Override
    public String toString() {
      return "Result[variant=" + variant + ", part=" + part + "/" + parts + ", " + report.length + " bytes, error=" + error + "]";
    }
  }

  private record Workers(Receptionist.Listing listing) implements Command {}

  private record WorkerGone(ActorRef<Worker.Command> worker) implements Command {}

  private enum Tick implements Command { INSTANCE }

  /** What the coordinator tells the process that started the sweep; called on the coordinator's thread. */
  public interface Listener {
    /** Variant {@code variant} ended: its report's packed Kryo bytes, or (null bytes) its error. Once per variant. */
    void result(int variant, byte[] report, String error);

    /** How many workers take part now. */
    void workers(int n);

    /** Something the user should see (a worker joined, left, refused). */
    void notice(String line);

    /** The sweep is over: null when every variant has its result, else why it stopped. */
    void finished(String failure);
  }

  /**
   * A sweep: its id, the scenario of each variant, which variants are done already (a resumed sweep),
   * the {@code livemig} configuration as HOCON, parts of at most {@code chunk} bytes, and how long to
   * wait with no worker before giving up.
   */
  public record Plan(long sweep, List<Specs.Scenario> scenarios, BitSet skip, String config, int chunk, int maxAttempts,
      Duration workerWait) {}

  public static Behavior<Command> create(Plan plan, Listener listener) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(Worker.KEY,
          ctx.messageAdapter(Receptionist.Listing.class, Workers::new)));
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(1));
      return new Coordinator(ctx, plan, listener).running();
    }));
  }

  /** A worker taking part: its capacity (0 until it answered), the variants it holds, parts arriving. */
  private static final class Member {
    int slots;
    final Set<Integer> holds = new LinkedHashSet<>();
    final Map<Integer, Parcels.Assembly> arriving = new HashMap<>();
  }

  private final ActorContext<Command> ctx;
  private final Plan plan;
  private final Listener listener;
  private final KryoSerializer kryo = new KryoSerializer();
  private final ArrayDeque<Integer> queue = new ArrayDeque<>();
  private final Map<ActorRef<Worker.Command>, Member> workers = new LinkedHashMap<>();
  private final Set<ActorRef<Worker.Command>> refused = new HashSet<>();
  private final BitSet done = new BitSet();
  private final int[] lost;
  private int remaining;
  private long idleSince = System.nanoTime(); // machinery: how long no worker has taken part

  private Coordinator(ActorContext<Command> ctx, Plan plan, Listener listener) {
    this.ctx = ctx;
    this.plan = plan;
    this.listener = listener;
    int n = plan.scenarios().size();
    this.lost = new int[n];
    for (int v = 0; v < n; v++) {
      if (plan.skip().get(v)) done.set(v);
      else queue.add(v);
    }
    this.remaining = queue.size();
  }

  private Behavior<Command> running() {
    if (remaining == 0) return finish(null);
    return Behaviors.receive(Command.class)
        .onMessage(Workers.class, m -> onListing(m.listing().getServiceInstances(Worker.KEY)))
        .onMessage(Capacity.class, this::onCapacity)
        .onMessage(Refused.class, this::onRefused)
        .onMessage(Result.class, this::onResult)
        .onMessage(WorkerGone.class, m -> gone(m.worker(), "left the cluster"))
        .onMessage(Tick.class, m -> onTick())
        .build();
  }

  private Behavior<Command> onListing(Set<ActorRef<Worker.Command>> listed) {
    for (ActorRef<Worker.Command> w : listed) {
      if (workers.containsKey(w) || refused.contains(w)) continue;
      workers.put(w, new Member());
      ctx.watchWith(w, new WorkerGone(w));
      w.tell(new Worker.Hello(ctx.getSelf(), plan.sweep(), Registrations.FINGERPRINT, plan.config()));
    }
    for (ActorRef<Worker.Command> w : List.copyOf(workers.keySet()))
      if (!listed.contains(w)) gone(w, "left the cluster or became unreachable");
    return Behaviors.same();
  }

  private Behavior<Command> onCapacity(Capacity c) {
    Member m = workers.get(c.worker());
    if (m == null || c.sweep() != plan.sweep()) return Behaviors.same();
    m.slots = Math.max(1, c.slots());
    listener.notice("worker " + where(c.worker()) + " joined (" + m.slots + " at a time)");
    listener.workers(taking());
    dispatch();
    return Behaviors.same();
  }

  private Behavior<Command> onRefused(Refused r) {
    if (r.sweep() != plan.sweep()) return Behaviors.same();
    refused.add(r.worker());
    if (workers.remove(r.worker()) != null) ctx.unwatch(r.worker());
    listener.notice("worker " + where(r.worker()) + " takes no part: " + r.reason());
    return Behaviors.same();
  }

  private Behavior<Command> onResult(Result r) {
    if (r.sweep() != plan.sweep()) return Behaviors.same();
    Member m = workers.get(r.worker());
    byte[] bytes = r.report();
    if (r.parts() > 1) {
      if (m == null) return Behaviors.same(); // its first parts were dropped with it
      bytes = m.arriving.computeIfAbsent(r.variant(), v -> new Parcels.Assembly()).add(r.part(), r.parts(), r.report());
      if (bytes == null) return Behaviors.same();
      m.arriving.remove(r.variant());
    }
    if (m != null) m.holds.remove(r.variant());
    if (r.variant() < 0 || r.variant() >= lost.length || done.get(r.variant())) {
      dispatch();
      return Behaviors.same(); // said already: nothing twice
    }
    if (m == null) for (Member other : workers.values()) other.holds.remove(r.variant());
    queue.remove(r.variant());
    record(r.variant(), r.error() == null ? bytes : null, r.error());
    if (remaining == 0) return finish(null);
    dispatch();
    return Behaviors.same();
  }

  private void record(int variant, byte[] report, String error) {
    done.set(variant);
    remaining--;
    listener.result(variant, report, error);
  }

  /** A worker is gone: the variants it held go back to the head of the queue, in order. */
  private Behavior<Command> gone(ActorRef<Worker.Command> w, String how) {
    Member m = workers.remove(w);
    if (m == null) return Behaviors.same();
    ctx.unwatch(w);
    Integer[] held = m.holds.toArray(Integer[]::new);
    Arrays.sort(held);
    int handed = 0;
    for (int i = held.length - 1; i >= 0; i--) {
      int v = held[i];
      if (done.get(v)) continue;
      if (++lost[v] >= plan.maxAttempts()) {
        record(v, null, "lost with " + lost[v] + " workers, each gone while running it (does it kill its worker?)");
      } else {
        queue.addFirst(v);
        handed++;
      }
    }
    listener.notice("worker " + where(w) + " " + how + (handed == 0 ? "" : ": " + handed + " variant"
        + (handed == 1 ? "" : "s") + " handed to others"));
    listener.workers(taking());
    if (remaining == 0) return finish(null);
    dispatch();
    return Behaviors.same();
  }

  /** Hands out variants from the head of the queue, each to the worker with the most free room. */
  private void dispatch() {
    while (!queue.isEmpty()) {
      ActorRef<Worker.Command> best = null;
      int room = 0;
      for (var e : workers.entrySet()) {
        int free = e.getValue().slots - e.getValue().holds.size();
        if (free > room) {
          room = free;
          best = e.getKey();
        }
      }
      if (best == null) return;
      int v = queue.pollFirst();
      workers.get(best).holds.add(v);
      List<byte[]> parts = Parcels.split(Parcels.pack(kryo.toBinary(plan.scenarios().get(v))), plan.chunk());
      for (int i = 0; i < parts.size(); i++) best.tell(new Worker.Work(plan.sweep(), v, i, parts.size(), parts.get(i)));
    }
  }

  private Behavior<Command> onTick() {
    if (taking() > 0) {
      idleSince = System.nanoTime();
    } else if (System.nanoTime() - idleSince > plan.workerWait().toNanos()) {
      return finish("no worker took part for " + plan.workerWait().toSeconds() + " s; start one with "
          + "livemig node --seed " + hostPort(Cluster.get(ctx.getSystem()).selfMember().address())
          + " (or any member's address)");
    }
    return Behaviors.same();
  }

  private int taking() {
    int n = 0;
    for (Member m : workers.values()) if (m.slots > 0) n++;
    return n;
  }

  private Behavior<Command> finish(String failure) {
    listener.finished(failure);
    return Behaviors.receive(Command.class).onAnyMessage(m -> Behaviors.same()).build();
  }

  /** {@code host:port} of an actor's member. */
  static String where(ActorRef<?> ref) {
    return ref.path().address().host().isDefined() ? hostPort(ref.path().address()) : "on this member";
  }

  static String hostPort(Address a) {
    return a.host().get() + ":" + a.port().get();
  }
}
