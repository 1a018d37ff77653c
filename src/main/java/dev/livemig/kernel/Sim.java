package dev.livemig.kernel;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The narrow API through which model actors use simulated time: one instance per run.
 *
 * <p>Only the actor the {@link Kernel} is currently delivering to may call {@link #send},
 * {@link #schedule} or {@link #cancel}: the kernel delivers one event at a time and waits for the
 * actor to finish with it, so the run's event queue is never touched by two actors at once. Events
 * are ordered by (time, sequence number); the sequence number is taken when an event is scheduled,
 * so ties are broken in the order the model asked for them, the same on every run. An event asked
 * for {@linkplain #atEndOfInstant at the end of the instant} comes after every other event due then,
 * including those scheduled for that instant after it was asked for.
 */
public final class Sim {
  /** A handle on a scheduled event, to cancel it. */
  public record Timer(long seq) {}

  /**
   * What the kernel knows of a model actor (or a model actor's message adapter): its parent's entry
   * (null for none) and whether it has stopped. Looked up once when an event is scheduled, so a
   * delivery tests its target without a map lookup per ancestor.
   */
  static final class Entity {
    final Entity parent;
    boolean stopped;

    Entity(Entity parent) {
      this.parent = parent;
    }

    /** True when this actor, or one of the model actors above it, has stopped. */
    boolean gone() {
      for (Entity e = this; e != null; e = e.parent) if (e.stopped) return true;
      return false;
    }
  }

  /**
   * {@code entity}: the target's entry when it is a model actor, else null (a probe, the guardian);
   * {@code late}: due at the end of its instant, after the other events of that instant.
   */
  record Event(long time, long seq, ActorRef<Object> target, Object message, ActorRef<?> sender, Entity entity,
      boolean late) {}

  /**
   * The events due at one instant, in (late, sequence) order: sequence numbers only grow, so an
   * event is appended to its instant's queue, never inserted.
   */
  private static final class Instant {
    final long time;
    final ArrayDeque<Event> events = new ArrayDeque<>();
    ArrayDeque<Event> late;

    Instant(long time) {
      this.time = time;
    }

    void add(Event e) {
      if (!e.late) events.add(e);
      else {
        if (late == null) late = new ArrayDeque<>();
        late.add(e);
      }
    }

    Event poll() {
      Event e = events.poll();
      return e != null || late == null ? e : late.poll();
    }
  }

  /** The queue: by instant, then (late, sequence) within one; the instants with events due. */
  private final TreeMap<Long, Instant> instants = new TreeMap<>();
  /** The instant events were last added to or taken from (most are sent for the current instant). */
  private Instant recent;
  /** The earliest instant while {@link #poll} drains it (still in {@link #instants}), or null. */
  private Instant head;
  private final Set<Long> cancelled = new HashSet<>();
  /**
   * Every model actor and adapter spawned through this Sim, with its parent and whether it stopped,
   * by {@link #key}.
   */
  private final Map<Object, Entity> entities = new ConcurrentHashMap<>();
  /**
   * The entries of {@link #entities} last looked up, one slot per identity hash of the key (a later
   * key taking the slot over): a map lookup costs a cache miss or more per event. An entry never
   * changes once registered, so a slot is never stale (actors not registered are not kept: one may
   * be registered later). Touched only when an event is scheduled (one actor at a time, see the
   * class comment).
   */
  private final Object[] recentRefs = new Object[1 << 13];
  private final Entity[] recentEntities = new Entity[1 << 13];
  /** Stopped actors that were never registered (a probe, the guardian): gone all the same. */
  private final Set<Object> stoppedOthers = ConcurrentHashMap.newKeySet();
  private final long seed;
  private final String rootPath;
  private final PrintStream log;
  private ActorRef<Kernel.Command> kernel;
  private Kernel.Loop loop;
  private long now;
  private Progress progress;
  private long nextSeq;
  private ActorRef<?> active;
  private boolean bootstrapping = true;

  /**
   * @param seed the run's seed; every random stream is derived from it and a stable name
   * @param root the actor under which the run's actors live; trace and log names are relative to it
   * @param log where log lines go (each starts with the simulated clock), or null for none
   */
  public Sim(long seed, ActorRef<?> root, PrintStream log) {
    this.seed = seed;
    this.rootPath = root.path().toStringWithoutAddress() + "/";
    this.log = log;
  }

  void attach(ActorRef<Kernel.Command> kernel, Kernel.Loop loop) {
    this.kernel = kernel;
    this.loop = loop;
  }

  Kernel.Loop loop() {
    return loop;
  }

  ActorRef<Kernel.Command> kernel() {
    return kernel;
  }

  // ---------------------------------------------------------------- time and events

  /** The current simulated instant, in nanoseconds. */
  public long now() {
    return now;
  }

  public double nowSeconds() {
    return SimTime.toSeconds(now);
  }

  /** Delivers {@code message} to {@code to} at the current instant, after what is already due now. */
  public <M> void send(ActorRef<M> to, M message) {
    enqueue(now, to, message, false); // (no Timer: a send is never cancelled)
  }

  /** Delivers {@code message} to {@code to} after {@code delayNanos} of simulated time. */
  public <M> Timer schedule(long delayNanos, ActorRef<M> to, M message) {
    if (delayNanos < 0) throw new IllegalArgumentException("negative delay " + delayNanos);
    return scheduleAt(SimTime.plus(now, delayNanos), to, message);
  }

  public <M> Timer scheduleAt(long at, ActorRef<M> to, M message) {
    return new Timer(enqueue(at, to, message, false));
  }

  /**
   * Delivers {@code message} to {@code to} at the end of the current instant: after every other
   * event due now, those scheduled from now on included (end-of-instant events among themselves in
   * the order asked for). For work that only the instant's last state needs, done once instead of
   * after each change (the network's re-sharing of bandwidth).
   */
  public <M> Timer atEndOfInstant(ActorRef<M> to, M message) {
    return new Timer(enqueue(now, to, message, true));
  }

  @SuppressWarnings("unchecked")
  /** Queues the event; returns its sequence number. */
  private <M> long enqueue(long at, ActorRef<M> to, M message, boolean late) {
    if (!bootstrapping && active == null)
      throw new IllegalStateException("Sim used outside a kernel delivery (e.g. in an actor's setup)");
    if (at < now) throw new IllegalArgumentException("event in the past: " + at + " < " + now);
    long seq = nextSeq++;
    Instant i = recent;
    if (i == null || i.time != at) {
      i = instants.get(at);
      if (i == null) instants.put(at, i = new Instant(at));
      recent = i;
    }
    i.add(new Event(at, seq, (ActorRef<Object>) (ActorRef<?>) to, message, active, entityOf(to), late));
    return seq;
  }

  private Entity entityOf(ActorRef<?> ref) {
    Object key = key(ref);
    int slot = System.identityHashCode(key) & (recentRefs.length - 1);
    if (recentRefs[slot] == key) return recentEntities[slot];
    Entity e = entities.get(key);
    if (e != null) { // not a model actor (yet): asked of the map each time
      recentRefs[slot] = key;
      recentEntities[slot] = e;
    }
    return e;
  }

  /** Cancels a scheduled event; cancelling one that already fired does nothing. */
  public void cancel(Timer timer) {
    if (timer != null && timer.seq() < nextSeq) cancelled.add(timer.seq());
  }

  // ---------------------------------------------------------------- actors

  /**
   * Spawns a model actor as a child of {@code ctx}'s actor, on the same dispatcher, wrapped so that
   * it tells the kernel when it has finished with each delivered event. Its setup must not use the
   * Sim: it runs outside any delivery.
   */
  public <M> ActorRef<M> spawn(ActorContext<?> ctx, Behavior<M> behavior, String name) {
    Behavior<M> wrapped = Behaviors.intercept(() -> new KernelInterceptor<M>(this), behavior);
    ActorRef<M> ref = ctx.spawn(wrapped, name, DispatcherSelector.sameAsParent());
    register(ref, ctx.getSelf());
    return ref;
  }

  /**
   * Spawns a model actor below {@code parent}'s actor while another model actor of the run handles
   * an event (a VM's actor, made when the cluster first needs it). It is the child of a plain actor under
   * the parent (a group, named {@code vms-N}, made when first needed, {@link #GROUP_SIZE} actors
   * each, in the order spawned), not of the parent itself: Pekko keeps an actor's children in an immutable
   * tree copied along a path on each spawn, so ~100,000 VM actors under the run's guardian cost
   * hundreds of MB of allocation and a deep tree in the old generation (issue 30); 128 under a group
   * cost little. {@link #nameOf} leaves the group out, so traces and logs name the actor as if it
   * were the parent's child. Pekko's typed context refuses a spawn from outside its actor; the
   * classic context under it adds the child the way Pekko adds top-level actors from any thread
   * (its children are swapped atomically). The run's actors all run on the run's one lane thread,
   * one delivery at a time, so neither the parent nor the group runs meanwhile. Its setup must not
   * use the Sim, as for {@link #spawn}.
   */
  public <M> ActorRef<M> spawnUnder(ActorContext<?> parent, Behavior<M> behavior, String name) {
    Behavior<M> wrapped = Behaviors.intercept(() -> new KernelInterceptor<M>(this), behavior);
    Groups of = groups.computeIfAbsent(key(parent.getSelf()), k -> new Groups());
    // the n-th actor spawned so under this parent goes to group n / GROUP_SIZE: the same on every run
    int g = of.spawned++ / GROUP_SIZE;
    if (g == of.cells.size()) {
      ActorRef<Void> ref = org.apache.pekko.actor.typed.javadsl.Adapter.spawn(
          org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(parent), Behaviors.<Void>empty(), GROUP_PREFIX + g,
          DispatcherSelector.sameAsParent());
      of.cells.add(((org.apache.pekko.actor.LocalActorRef) org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(ref)).underlying());
    }
    ActorRef<M> ref = org.apache.pekko.actor.typed.javadsl.Adapter.spawn(of.cells.get(g), wrapped, name,
        DispatcherSelector.sameAsParent());
    register(ref, parent.getSelf());
    return ref;
  }

  /**
   * How many actors {@link #spawnUnder} puts in one group (a group more per so many: 8 for 1,000
   * VMs, ~800 for 100,000; not a fixed number of groups, whose making would cost a small run as much
   * as its VMs), and the groups' names' prefix.
   */
  static final int GROUP_SIZE = 128;
  static final String GROUP_PREFIX = "vms-";

  /** The groups under one parent, in the order made, and how many actors were spawned under it. */
  private static final class Groups {
    final java.util.ArrayList<org.apache.pekko.actor.ActorContext> cells = new java.util.ArrayList<>();
    int spawned;
  }

  private final Map<Object, Groups> groups = new java.util.HashMap<>();

  /**
   * A message adapter of a model actor, known to the kernel: what it receives is handled by the
   * actor (through its interceptor), so the kernel waits for it like any model delivery.
   */
  public <U, T> ActorRef<U> adapter(ActorContext<T> ctx, Class<U> type, java.util.function.Function<U, T> f) {
    ActorRef<U> ref = ctx.messageAdapter(type, f::apply);
    register(ref, ctx.getSelf());
    return ref;
  }

  /**
   * What the kernel knows an actor by: its classic ref, one object per actor (a typed ref is a
   * wrapper of it, and an actor's self, the ref its parent got and each of its message adapters are
   * different wrappers). Found by identity at once, where typed refs compare actor paths.
   */
  private static Object key(ActorRef<?> ref) {
    try {
      return org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(ref);
    } catch (RuntimeException notAdapted) { // (no such refs in a run; kept as they are)
      return ref;
    }
  }

  private void register(ActorRef<?> ref, ActorRef<?> parent) {
    // an actor's adapters share one ref (Pekko): registered once, its entry never replaced
    entities.putIfAbsent(key(ref), new Entity(entities.get(key(parent))));
  }

  private final Map<String, ActorRef<?>> named = new ConcurrentHashMap<>();

  /** Tests: remembers a model actor by a name of the test's choosing. */
  void register(String name, ActorRef<?> ref) {
    named.put(name, ref);
  }

  @SuppressWarnings("unchecked")
  <M> ActorRef<M> selfOf(String name) {
    return (ActorRef<M>) named.get(name);
  }

  boolean isModelActor(ActorRef<?> ref) {
    return entities.containsKey(key(ref));
  }

  /** True when the actor, or one of the model actors above it, has stopped. */
  boolean isGone(ActorRef<?> ref) {
    Entity e = entities.get(key(ref));
    return e != null ? e.gone() : stoppedOthers.contains(key(ref));
  }

  /** As {@link #isGone(ActorRef)} for an event's target, with the entry looked up when it was scheduled. */
  boolean isGone(Event e) {
    return e.entity() != null ? e.entity().gone() : !stoppedOthers.isEmpty() && stoppedOthers.contains(key(e.target()));
  }

  void markStopped(ActorRef<?> ref) {
    Entity e = entities.get(key(ref));
    if (e != null) e.stopped = true;
    else stoppedOthers.add(key(ref));
  }

  void enter(ActorRef<?> self) {
    active = self;
  }

  void exit() {
    active = null;
  }

  // ---------------------------------------------------------------- the queue, for the kernel

  /**
   * The next event that is not cancelled, or null. The earliest instant is kept as {@link #head}
   * while it is drained: nothing is ever scheduled before the current instant, so it stays the
   * earliest (events scheduled for it meanwhile are appended to it) until it is empty.
   */
  Event poll() {
    while (true) {
      Instant i = head;
      if (i == null) {
        Map.Entry<Long, Instant> first = instants.firstEntry();
        if (first == null) return null;
        head = i = first.getValue();
      }
      Event e = i.poll();
      if (e == null) {
        instants.remove(i.time);
        if (recent == i) recent = null;
        head = null;
        continue;
      }
      if (!cancelled.isEmpty() && cancelled.remove(e.seq())) continue;
      return e;
    }
  }

  void advanceTo(long t) {
    if (progress != null && t != now) progress.reached(t);
    now = t;
  }

  /** Reports how far this run has got to {@code p} (read by a progress bar; nothing in the run reads it). */
  public void progress(Progress p) {
    this.progress = p;
  }

  /** A migration ended (completed, failed or rejected): counted for the progress bar, if any. */
  public void migrationEnded() {
    if (progress != null) progress.migrationEnded();
  }

  void endBootstrap() {
    bootstrapping = false;
  }

  // ---------------------------------------------------------------- randomness and naming

  /**
   * A random stream for one named part of the model, derived from the run's seed and the name only,
   * so that what one actor draws never depends on what others drew before it.
   */
  public SplittableRandom random(String stream) {
    long h = 1125899906842597L;
    for (int i = 0; i < stream.length(); i++) h = 31 * h + stream.charAt(i);
    return new SplittableRandom(mix(seed ^ mix(h)));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public long seed() {
    return seed;
  }

  /** The actor's path below the run's root, e.g. {@code hosts/hv1}; stable from run to run. */
  public String nameOf(ActorRef<?> ref) {
    if (ref == null) return "sim";
    String p = ref.path().toStringWithoutAddress();
    if (!p.startsWith(rootPath)) return ref.path().name();
    int slash;
    // an actor made by spawnUnder: named as the child of the group's parent (the run's root)
    if (p.startsWith(GROUP_PREFIX, rootPath.length()) && (slash = p.indexOf('/', rootPath.length())) > 0)
      return p.substring(slash + 1);
    return p.substring(rootPath.length());
  }

  public boolean logging() {
    return log != null;
  }

  /** A log line starting with the simulated clock: {@code [  78.412s] who: text}. */
  public void log(String who, String text) {
    if (log != null) log.println(SimTime.stamp(now) + " " + who + ": " + text);
  }
}
