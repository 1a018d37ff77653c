package dev.livemig.network;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.livemig.kernel.Handlers;
import dev.livemig.kernel.Sim;
import dev.livemig.kernel.Buckets;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The fabric: every NIC port's transmit and receive side is a link; a stream of a migration is a
 * flow over a source tx link and a destination rx link. Shares are recomputed by {@link FlowSolver}
 * only when a flow starts, ends or a link changes; one kernel timer stands for the earliest finish.
 */
public final class Network extends AbstractBehavior<Network.Command> {

  public sealed interface Command {}

  /** Starts carrying {@code bytes} of payload over {@code links}; the answer is a {@link FlowEvent}. */
  public record StartFlow(String flowId, List<String> links, double bytes, double efficiency,
      double payloadCapBps, ActorRef<FlowEvent> replyTo, String capKind) implements Command {
    public StartFlow(String flowId, List<String> links, double bytes, double efficiency, double payloadCapBps,
        ActorRef<FlowEvent> replyTo) {
      this(flowId, links, bytes, efficiency, payloadCapBps, replyTo, "stream-cpu");
    }
  }

  /**
   * Stops a flow before it ends (the migration was aborted). With a {@code replyTo}, the answer is a
   * {@link FlowStopped} saying how many bytes it had left; with none, no answer.
   */
  public record StopFlow(String flowId, ActorRef<FlowEvent> replyTo) implements Command {
    public StopFlow(String flowId) {
      this(flowId, null);
    }
  }

  /** A link's capacity changes (a bandwidth limit set or lifted). */
  public record SetCapacity(String link, double capacityBps) implements Command {}

  /** A link went down or came back (a NIC failed, a cable was pulled). */
  public record SetLink(String link, boolean up) implements Command {}

  private enum Tick implements Command { INSTANCE }

  /** At the end of an instant with changes: re-share once, whatever number of changes the instant made. */
  private enum Reshare implements Command { INSTANCE }

  /** Asks for the payload throughput of every transmit side that carried traffic, per time bucket. */
  public record CollectSeries(long resolutionNanos, ActorRef<Series> replyTo) implements Command {}

  /**
   * Mean payload Gbit/s per bucket of {@code resolutionNanos}, by NIC ({@code host/nic}), and by
   * switch uplink, link between switches and WAN link of a topology ({@code linkGbps}, by link name).
   */
  public record Series(long resolutionNanos, Map<String, List<Double>> gbps, Map<String, List<Double>> linkGbps) {
    public Series(long resolutionNanos, Map<String, List<Double>> gbps) {
      this(resolutionNanos, gbps, Map.of());
    }
  }

  public sealed interface FlowEvent {}

  /**
   * The flow delivered its bytes. {@code limitedBy}: what held it back for most of its bytes:
   * {@code wire} (a NIC port), {@code stream-cpu} (its own cap: a core per TCP connection, or a
   * policy's bandwidth cap when the flow was started with {@code capKind}), {@code host-cpu} (the
   * spare cores of an end), {@code smb-limit} (Set-SmbBandwidthLimit).
   */
  public record FlowCompleted(String flowId, String limitedBy) implements FlowEvent {
    public FlowCompleted(String flowId) {
      this(flowId, null);
    }
  }

  /**
   * A switch link on the flow's path went down and the switches carry it over another path ({@code
   * links}, the flow's new links); it goes on with its bytes, and ends with a {@link FlowCompleted} or
   * {@link FlowFailed} as before.
   */
  public record FlowRerouted(String flowId, String link, List<String> links) implements FlowEvent {}

  /** The flow crossed a link that went down; {@code remainingBytes} were not delivered. */
  public record FlowFailed(String flowId, double remainingBytes, String link) implements FlowEvent {}

  /**
   * The answer to a {@link StopFlow} with a {@code replyTo}: the flow stopped with {@code
   * remainingBytes} not delivered, or, when negative, it was no longer running (its {@link
   * FlowCompleted} or {@link FlowFailed} was sent before).
   */
  public record FlowStopped(String flowId, double remainingBytes) implements FlowEvent {}

  /** A link of the fabric: name ({@code host/nic:tx} or {@code :rx}) and line rate in bit/s. */
  public record LinkSpec(String name, double capacityBps) {}

  public static Behavior<Command> create(Sim sim, List<LinkSpec> links) {
    return create(sim, links, null);
  }

  /** A fabric with a {@code topology}'s switch links too (null: one non-blocking switch); it reroutes around links that go down. */
  public static Behavior<Command> create(Sim sim, List<LinkSpec> links, Topology topology) {
    return Behaviors.setup(ctx -> new Network(ctx, sim, links, topology));
  }

  private final Sim sim;
  private final FlowSolver solver = new FlowSolver();
  private final Map<String, ActorRef<FlowEvent>> listeners = new java.util.HashMap<>();
  /** Per transmit link, the instants its payload rate changed and the new rate (bit/s). */
  private final RateHistory[] history;
  /** By link index: whether it is a transmit side (its rate goes to the series). */
  private final boolean[] transmit;
  /** Per running flow: what holds it back now, since when, and the bytes it carried under each limiter. */
  private final Map<String, Limits> limits = new java.util.HashMap<>();
  /** By link index: what a full link of that kind is called as a flow's limiter. */
  private final String[] limiterKind;
  private Sim.Timer tick;
  private long tickAt = Long.MAX_VALUE;
  /** A {@link Reshare} is due at the end of this instant. */
  private boolean reshareAsked;
  /** The switches (null: none): flows crossing a switch link that goes down take another path. */
  private final Topology topology;
  /** With a topology: each running flow's start (its links, efficiency and cap), to restart it on another path. */
  private final Map<String, StartFlow> started = new java.util.HashMap<>();
  /** With a topology: its links that are down now. */
  private final java.util.Set<String> down = new java.util.HashSet<>();

  private Network(ActorContext<Command> ctx, Sim sim, List<LinkSpec> nicLinks, Topology topology) {
    super(ctx);
    this.sim = sim;
    this.topology = topology;
    List<LinkSpec> links = nicLinks;
    if (topology != null) {
      links = new java.util.ArrayList<>(nicLinks);
      links.addAll(topology.links());
    }
    this.transmit = new boolean[links.size()];
    this.history = new RateHistory[links.size()];
    // transmit sides of NIC ports, and switch links (their rates go to the series too)
    for (LinkSpec l : links)
      transmit[solver.addLink(l.name(), l.capacityBps())] = l.name().endsWith(":tx") || Topology.limiterKind(l.name()) != null;
    solver.onRateChange((link, carrying, bps) -> {
      if (!transmit[link]) return;
      if (history[link] == null) history[link] = new RateHistory();
      history[link].append(sim.now(), carrying ? bps : 0);
    });
    this.limiterKind = new String[links.size()];
    for (int i = 0; i < links.size(); i++) limiterKind[i] = limiterOf(links.get(i).name());
    solver.onReshare(this::reshared);
  }

  @Override
  public Receive<Command> createReceive() {
    return Handlers.of(Command.class)
        .onMessage(StartFlow.class, this::onStart)
        .onMessage(StopFlow.class, this::onStop)
        .onMessage(SetLink.class, this::onSetLink)
        .onMessage(SetCapacity.class, this::onSetCapacity)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(Reshare.INSTANCE, this::onReshare)
        .onMessage(CollectSeries.class, this::onCollect)
        .build();
  }

  private Behavior<Command> onStart(StartFlow s) {
    long now = sim.now();
    if (topology != null && !down.isEmpty()) {
      // planned over a switch link that went down since: the switches carry it over another path
      for (String l : s.links()) {
        if (!down.contains(l)) continue;
        List<String> other = topology.reroute(s.links(), down);
        if (other != null) s = new StartFlow(s.flowId(), other, s.bytes(), s.efficiency(), s.payloadCapBps(), s.replyTo(), s.capKind());
        break;
      }
    }
    for (String l : s.links()) {
      if (!solver.isUp(l)) {
        sim.send(s.replyTo(), new FlowFailed(s.flowId(), s.bytes(), l));
        return this;
      }
    }
    if (s.bytes() <= 0) {
      sim.send(s.replyTo(), new FlowCompleted(s.flowId()));
      return this;
    }
    Limits l = new Limits(s.capKind());
    solver.start(now, s.flowId(), s.links(), s.bytes(), s.efficiency(), s.payloadCapBps(), l);
    if (topology != null) started.put(s.flowId(), s);
    listeners.put(s.flowId(), s.replyTo());
    limits.put(s.flowId(), l);
    changed();
    return this;
  }

  private Behavior<Command> onStop(StopFlow s) {
    long now = sim.now();
    double left = solver.remove(now, s.flowId());
    if (left >= 0) {
      started.remove(s.flowId());
      listeners.remove(s.flowId());
      forget(s.flowId());
      changed();
    }
    if (s.replyTo() != null) sim.send(s.replyTo(), new FlowStopped(s.flowId(), left));
    return this;
  }

  private Behavior<Command> onSetCapacity(SetCapacity s) {
    solver.setCapacity(sim.now(), s.link(), s.capacityBps());
    changed();
    return this;
  }

  private Behavior<Command> onSetLink(SetLink s) {
    long now = sim.now();
    boolean switchLink = topology != null && topology.has(s.link());
    if (switchLink && s.up()) down.remove(s.link());
    else if (switchLink) down.add(s.link());
    for (String id : solver.setLinkUp(now, s.link(), s.up())) {
      double left = solver.remove(now, id);
      StartFlow was = started.remove(id);
      List<String> other = switchLink && was != null ? topology.reroute(was.links(), down) : null;
      if (other != null && left > 0) {
        // the switches route around the failed link: the flow goes on over another path
        StartFlow again = new StartFlow(id, other, left, was.efficiency(), was.payloadCapBps(), was.replyTo(), was.capKind());
        solver.start(now, id, other, left, was.efficiency(), was.payloadCapBps(), limits.get(id));
        started.put(id, again);
        sim.send(was.replyTo(), new FlowRerouted(id, s.link(), other));
        continue;
      }
      forget(id);
      sim.send(listeners.remove(id), new FlowFailed(id, left, s.link()));
    }
    changed();
    return this;
  }

  private Behavior<Command> onTick() {
    long now = sim.now();
    tick = null;
    tickAt = Long.MAX_VALUE;
    for (String id : solver.completeDue(now)) {
      started.remove(id);
      sim.send(listeners.remove(id), new FlowCompleted(id, forget(id)));
    }
    changed();
    return this;
  }

  private Behavior<Command> onReshare() {
    reshareAsked = false;
    reshare(sim.now());
    return this;
  }

  /** The instants a link's payload rate changed and the new rate (bit/s); one entry per instant. */
  private static final class RateHistory {
    long[] at = new long[8];
    double[] bps = new double[8];
    int size;

    void append(long t, double rate) {
      if (size > 0 && at[size - 1] == t) size--;
      // back to the rate it had before this instant: no change (however the instant got there)
      if (size > 0 && bps[size - 1] == rate) return;
      if (size == at.length) {
        at = java.util.Arrays.copyOf(at, size * 2);
        bps = java.util.Arrays.copyOf(bps, size * 2);
      }
      at[size] = t;
      bps[size++] = rate;
    }
  }

  private Behavior<Command> onCollect(CollectSeries c) {
    long end = sim.now();
    reshare(end); // the changes of this instant so far, if any
    long res = c.resolutionNanos();
    Map<String, List<Double>> out = new TreeMap<>();
    Map<String, List<Double>> switches = new TreeMap<>();
    for (int l = 0; l < history.length; l++) {
      RateHistory h = history[l];
      if (h == null) continue;
      Buckets gbps = new Buckets(res, end);
      for (int i = 0; i < h.size; i++) gbps.add(h.at[i], i + 1 < h.size ? h.at[i + 1] : end, h.bps[i]);
      String name = solver.linkName(l);
      if (name.endsWith(":tx")) out.put(name.substring(0, name.length() - 3), gbps.means(1e-9, 6));
      else switches.put(name, gbps.means(1e-9, 6));
    }
    sim.send(c.replyTo(), new Series(res, java.util.Collections.unmodifiableMap(out),
        java.util.Collections.unmodifiableMap(switches)));
    return this;
  }

  /**
   * What held a flow back: the limiter in force since {@code since} at {@code bps} of payload, and
   * the bytes carried under each limiter before (credited when the flow's share or limiter changes).
   */
  private static final class Limits {
    final String capKind;
    String now;
    double bps;
    long since;
    /** The limiters met so far (a handful at most) and the bytes carried under each, in the order met. */
    String[] kinds = new String[2];
    double[] bytes = new double[2];
    int n;

    Limits(String capKind) {
      this.capKind = capKind;
    }

    void credit(long t) {
      if (now != null && t > since) {
        double b = bps * ((t - since) / 1e9) / 8;
        int i = 0;
        while (i < n && !kinds[i].equals(now)) i++;
        if (i == n) {
          if (n == kinds.length) {
            kinds = java.util.Arrays.copyOf(kinds, n * 2);
            bytes = java.util.Arrays.copyOf(bytes, n * 2);
          }
          kinds[n] = now;
          bytes[n++] = b;
        } else {
          bytes[i] += b;
        }
      }
      since = t;
    }

    /** The limiter with the most bytes; of equals, the first by name. Null when none was met. */
    String most() {
      String best = null;
      double most = 0;
      for (int i = 0; i < n; i++) {
        if (best == null || bytes[i] > most || (bytes[i] == most && kinds[i].compareTo(best) < 0)) {
          best = kinds[i];
          most = bytes[i];
        }
      }
      return best;
    }
  }

  /**
   * A flow's share was recomputed: credit its bytes so far, and name what holds it back from now
   * ({@code tag}: the flow's {@link Limits}, given at its start; a flow in the solver has one).
   */
  private void reshared(String flow, Object tag, double payloadBps, int limiter) {
    Limits l = (Limits) tag;
    if (l == null) return;
    l.credit(sim.now());
    l.now = limiter == FlowSolver.OWN_CAP ? l.capKind : limiter >= 0 ? limiterKind[limiter] : "wire";
    l.bps = payloadBps;
  }

  /** Drops a flow's limiter accounting; returns what held it back for most of its bytes. */
  private String forget(String id) {
    Limits l = limits.remove(id);
    if (l == null) return "wire";
    l.credit(sim.now());
    String best = l.most();
    return best == null ? "wire" : best;
  }

  private static String limiterOf(String link) {
    String kind = Topology.limiterKind(link);
    if (kind != null) return kind;
    if (link.endsWith(":cpu")) return "host-cpu";
    if (link.endsWith(":smb-live-migration")) return "smb-limit";
    return "wire";
  }

  /**
   * Flows or links changed: shares are recomputed once at the end of the instant, over every flow the
   * instant's changes touched. A flow's bytes move only with time, so the shares in force between two
   * instants are those of the instant's last state, and a change in between needs no recompute of
   * its own (each component of the flow-link graph is re-shared as a whole, as after each change).
   */
  private void changed() {
    if (reshareAsked) return;
    reshareAsked = true;
    sim.atEndOfInstant(getContext().getSelf(), Reshare.INSTANCE);
  }

  /** Recomputes shares and re-arms the single timer at the earliest finish. */
  private void reshare(long now) {
    // the rate changes of transmit links go to their history (onRateChange), the re-shared flows'
    // limiters to their accounting (onReshare)
    solver.recompute(now);
    long next = solver.nextFinish();
    if (next == tickAt) return;
    sim.cancel(tick);
    tick = null;
    tickAt = next;
    if (next != Long.MAX_VALUE) tick = sim.scheduleAt(next, getContext().getSelf(), Tick.INSTANCE);
  }
}
